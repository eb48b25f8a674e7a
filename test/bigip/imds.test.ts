import * as assert from "assert";
import { DEFAULT_BIGIP_AMI_PATTERN, bigIpAmiQuery } from "../../components/bigip/instance/ami";
import { bigIpImdsDecision, imageSourceOf, supportsImdsV2, tmosVersionOf } from "../../components/bigip/instance/imds";

describe("IMDSv2 by BIG-IP image", () => {
    // [image source, expected httpTokens, version read]
    const table: [string, { descriptionPattern: string } | { id: string }, "required" | "optional", string | undefined][] = [
        ["the default 17.1 pattern", { descriptionPattern: DEFAULT_BIGIP_AMI_PATTERN }, "required", "17.1.*"],
        ["a 17.1.x image name", { descriptionPattern: "F5 BIGIP-17.1.1.3-0.0.5 PAYG-Good 25Mbps-231026152839-8ab3ec5a" }, "required", "17.1.1.3"],
        ["16.1.2.1 exactly", { descriptionPattern: "F5 BIGIP-16.1.2.1-0.0.10 PAYG-Good 25Mbps" }, "required", "16.1.2.1"],
        ["a 16.1.2.1 pattern", { descriptionPattern: "F5 BIGIP-16.1.2.1* PAYG-Best 25Mbps*" }, "required", "16.1.2.1.*"],
        ["16.1.2 exactly", { descriptionPattern: "F5 BIGIP-16.1.2-0.0.18 PAYG-Good 25Mbps" }, "optional", "16.1.2"],
        ["a 16.1.2 pattern (may match 16.1.2 itself)", { descriptionPattern: "F5 BIGIP-16.1.2* PAYG-Good 25Mbps*" }, "optional", "16.1.2.*"],
        ["a 16.1.3 pattern", { descriptionPattern: "F5 BIGIP-16.1.3* PAYG-Good 25Mbps*" }, "required", "16.1.3.*"],
        ["a 16.1 pattern (may match 16.1.0)", { descriptionPattern: "F5 BIGIP-16.1* PAYG-Good 25Mbps*" }, "optional", "16.1.*"],
        ["15.1.5.1", { descriptionPattern: "F5 BIGIP-15.1.5.1-0.0.14 PAYG-Good 25Mbps" }, "required", "15.1.5.1"],
        ["a 15.1.8 pattern", { descriptionPattern: "F5 BIGIP-15.1.8* PAYG-Good 25Mbps*" }, "required", "15.1.8.*"],
        ["15.1.4", { descriptionPattern: "F5 BIGIP-15.1.4* PAYG-Good 25Mbps*" }, "optional", "15.1.4.*"],
        ["a 16.0 pattern (not a fixed branch)", { descriptionPattern: "F5 BIGIP-16.0* PAYG-Good 25Mbps*" }, "optional", "16.0.*"],
        ["14.1.x", { descriptionPattern: "F5 BIGIP-14.1.5.3-0.0.5 PAYG-Good 25Mbps" }, "optional", "14.1.5.3"],
        ["a 14.1 pattern", { descriptionPattern: "F5 BIGIP-14.1* PAYG-Good 25Mbps*" }, "optional", "14.1.*"],
        ["no version in the pattern", { descriptionPattern: "F5 BIGIP-* PAYG-Good 25Mbps*" }, "optional", undefined],
        ["a wildcard before the version", { descriptionPattern: "*BIGIP-17.1*" }, "optional", undefined],
        ["an explicit id", { id: "ami-0123456789abcdef0" }, "optional", undefined],
    ];
    for (const [what, source, tokens, version] of table) {
        it(`${what}: IMDSv2 ${tokens}`, () => {
            const d = bigIpImdsDecision(source);
            assert.strictEqual(d.httpTokens, tokens);
            assert.strictEqual(d.version, version);
            assert.match(d.reason, /BIG-IP VE supports IMDSv2 from 16\.1\.2\.1 \(and 15\.1\.5\.1 on 15\.1\.x\)/);
        });
    }

    it("says why: an explicit id cannot be known offline; an old version may lack it", () => {
        assert.match(bigIpImdsDecision({ id: "ami-0123456789abcdef0" }).reason, /^explicit image ami-0123456789abcdef0: its TMOS version cannot be known offline/);
        assert.match(bigIpImdsDecision({ descriptionPattern: "F5 BIGIP-15.1.4*" }).reason, /^TMOS 15\.1\.4\.\* \(image pattern "F5 BIGIP-15\.1\.4\*"\) may lack it/);
    });

    it("reads versions and exactness; supportsImdsV2 follows the branches", () => {
        assert.deepStrictEqual(tmosVersionOf("F5 BIGIP-17.1.*"), { parts: [17, 1], exact: false });
        assert.deepStrictEqual(tmosVersionOf("f5 bigip-16.1.2.1-0.0.10"), { parts: [16, 1, 2, 1], exact: true });
        assert.strictEqual(tmosVersionOf("Amazon Linux 2023"), undefined);
        for (const v of ["16.1.2.1", "16.1.3", "17.0.0", "17.1.1.3", "15.1.5.1", "15.1.10"]) assert.ok(supportsImdsV2(v.split(".").map(Number)), v);
        for (const v of ["16.1.2", "16.0.1.2", "15.1.5", "15.1.4.1", "14.1.5.3", "13.1.5"]) assert.ok(!supportsImdsV2(v.split(".").map(Number)), v);
    });

    it("takes the source from a validated plan's ami: the lookup's description filter, or the id", () => {
        assert.deepStrictEqual(imageSourceOf({ query: bigIpAmiQuery({ descriptionPattern: "F5 BIGIP-15.1.4*" }) }), { descriptionPattern: "F5 BIGIP-15.1.4*" });
        assert.deepStrictEqual(imageSourceOf({ id: "ami-0123456789abcdef0" }), { id: "ami-0123456789abcdef0" });
    });
});
