/**
 * Issue 15 point 4, IMDS by image, under mocks: the BIG-IP instance requires IMDSv2 only when its image is known to
 * support it (TMOS 16.1.2.1+ / 15.1.5.1+, read from the description pattern); an explicit id or an older pattern leaves
 * it optional. The collectors and the demo server (CentOS Stream / Amazon Linux) keep IMDSv2 required.
 */
import * as assert from "node:assert/strict";
import { BigIpInstance, BigIpInstanceArgs } from "../../components/bigip/instance/bigipInstance";
import { settle } from "../helpers/mocks";
import { INSTANCE } from "../helpers/types";
import { NAME, PUBLIC_KEY, build, defaults, ofType } from "../cloneAcrossL3/fixture";
import { DAY1, instance, mocksWithCatalog } from "./helpers";

const BIGIP: BigIpInstanceArgs = { vpcId: "vpc-1", managementSubnetId: "subnet-m", externalSubnetId: "subnet-x", adminCidrs: ["198.51.100.0/24"], sshPublicKey: PUBLIC_KEY };

describe("issue 15.4: IMDSv2 on the BIG-IP by image, required on the collectors and demo", () => {
    for (const [what, ami, tokens] of [
        ["the default 17.1 lookup", undefined, "required"],
        ["a 16.1.2.1 pattern", { descriptionPattern: "F5 BIGIP-16.1.2.1* PAYG-Good 25Mbps*" }, "required"],
        ["a 16.1.3 pattern", { descriptionPattern: "F5 BIGIP-16.1.3* PAYG-Good 25Mbps*" }, "required"],
        ["a 15.1.5.1 pattern", { descriptionPattern: "F5 BIGIP-15.1.5.1* PAYG-Good 25Mbps*" }, "required"],
        ["a 16.1.2 pattern", { descriptionPattern: "F5 BIGIP-16.1.2* PAYG-Good 25Mbps*" }, "optional"],
        ["a 15.1.4 pattern", { descriptionPattern: "F5 BIGIP-15.1.4* PAYG-Good 25Mbps*" }, "optional"],
        ["a 14.1 pattern", { descriptionPattern: "F5 BIGIP-14.1* PAYG-Good 25Mbps*" }, "optional"],
        ["a pattern without a version", { descriptionPattern: "F5 BIGIP-* PAYG-Good 25Mbps*" }, "optional"],
        ["an explicit id", { id: "ami-0123456789abcdef0" }, "optional"],
    ] as [string, BigIpInstanceArgs["ami"], string][]) {
        it(`BigIpInstance with ${what}: httpTokens ${tokens}, endpoint enabled`, async () => {
            const m = await mocksWithCatalog(DAY1);
            await settle(new BigIpInstance("bi", { ...BIGIP, ami }).instanceId);
            assert.deepEqual(instance(m, "bi-instance").inputs.metadataOptions, { httpEndpoint: "enabled", httpTokens: tokens });
        });
    }

    it("CloneAcrossL3 with an explicit BIG-IP id: the BIG-IP optional, the collector and the demo server still required", async () => {
        const m = await mocksWithCatalog(DAY1);
        await build(m, defaults({ demo: true }, { ami: { id: "ami-0123456789abcdef0" } }));
        const tokens = Object.fromEntries(ofType(m, INSTANCE).map((r) => [r.name, r.inputs.metadataOptions.httpTokens]));
        assert.deepEqual(tokens, { [`${NAME}-bigip-instance`]: "optional", [`${NAME}-collector-instance`]: "required", [`${NAME}-demo-instance`]: "required" });
    });
});
