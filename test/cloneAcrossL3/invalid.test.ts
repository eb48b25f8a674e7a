/**
 * Invalid configurations are refused up front with a ConfigError naming the setting, before anything is registered.
 */
import * as assert from "node:assert/strict";
import { CloneAcrossL3 } from "../../components/cloneAcrossL3/cloneAcrossL3";
import { CloneAcrossL3Args } from "../../components/cloneAcrossL3/args";
import { validateCloneAcrossL3Args } from "../../components/cloneAcrossL3/validate";
import { assertRejectedBeforeRegistration, Mocked } from "../helpers/mocks";
import {
    ADMIN, NAME, captureRegistrationErrors, defaults, mocks,
} from "./fixture";

describe("CloneAcrossL3 (composed component)", () => {
    captureRegistrationErrors();

    describe("invalid configs throw a ConfigError naming the setting, with nothing registered", () => {
        let m: Mocked;
        beforeEach(async () => { m = await mocks(); });

        const byo = {
            bigip: { vpcId: "vpc-0b16", cidr: "10.0.0.0/16", managementSubnetId: "subnet-0a01", routeTableIds: ["rtb-0b01"] },
            collector: { vpcId: "vpc-0c16", cidr: "10.1.0.0/16", subnetId: "subnet-0c01", routeTableIds: ["rtb-0c01"] },
        };
        const { adminPassword: _pw, sshPrivateKey: _key, ...noOnboarding } = defaults().bigip;
        const cases: [string, CloneAcrossL3Args, string, RegExp?][] = [
            ["overlapping VPC CIDRs", defaults({ network: { bigipVpcCidr: "10.0.0.0/16", collectorVpcCidr: "10.0.128.0/17" } }),
                "network.collectorVpcCidr", /overlaps network\.bigipVpcCidr/],
            ["bad CIDR", defaults({ network: { bigipVpcCidr: "10.0.0.300/16" } }), "network.bigipVpcCidr"],
            ["empty adminCidrs", defaults({ adminCidrs: [] }), "adminCidrs"],
            ["0.0.0.0/0 without allowOpenAdmin", defaults({ adminCidrs: ["203.0.113.10/32", "0.0.0.0/0"] }), "adminCidrs", /allowOpenAdmin/],
            ["a bad admin CIDR", defaults({ adminCidrs: ["203.0.113.300/32"] }), "adminCidrs[0]"],
            ["a duplicate admin CIDR", defaults({ adminCidrs: [ADMIN[0], ADMIN[0]] }), "adminCidrs", /twice/],
            ["tunnel MTU below 1500", defaults({ tunnelMtu: 1400 }), "tunnelMtu", /allowMtuBelow1500/],
            ["tunnel MTU above the path budget", defaults({ tunnelMtu: 9000 }), "tunnelMtu", /8963/],
            ["a path whose budget is below 1500", defaults({ network: { existing: byo, connectivity: "none", underlayPath: "internet" } }, { nics: "single" }),
                "network.underlayPath", /allowMtuBelow1500/],
            ["bad MAC", defaults({ collector: { macAddress: "02:00:5e:zz:00:01" } }), "collector.macAddress"],
            ["multicast MAC", defaults({ collector: { macAddress: "01:00:5e:00:00:01" } }), "collector.macAddress", /multicast/],
            ["unknown encapsulation", defaults({ encapsulation: "geneve" as any }), "encapsulation"],
            ["overlay CIDR overlapping a VPC", defaults({ overlayCidr: "10.1.255.0/29" }), "overlayCidr", /network\.collectorVpcCidr/],
            ["vni with GRE", defaults({ vni: 100 }), "vni"],
            ["BYO multi-NIC without externalSubnetId", defaults({ network: { existing: byo } }), "network.existing.bigip.externalSubnetId"],
            ["single-NIC with an internal subnet", defaults({ network: { createInternalSubnet: true } }, { nics: "single" }), "network.createInternalSubnet"],
            ["configureBigip: true without a password", { adminCidrs: ADMIN, configureBigip: true, bigip: noOnboarding }, "configureBigip"],
            ["clone targets while the BIG-IP is not configured", defaults({ configureBigip: false, cloneTargets: [{ virtualServer: "vs", context: "clientside" }] }),
                "cloneTargets"],
            ["a clone target with an unknown context", defaults({ cloneTargets: [{ virtualServer: "vs", context: "both" as any }] }), "cloneTargets[0].context"],
            ["the same virtual and context twice", defaults({
                cloneTargets: [{ virtualServer: "vs", context: "clientside" }, { virtualServer: "/Common/vs", context: "clientside" }],
            }), "cloneTargets[1]", /twice/],
        ];
        for (const [title, args, setting, detail] of cases) {
            it(title, () => assertRejectedBeforeRegistration(m, () => new CloneAcrossL3(NAME, args), setting, detail));
        }

        it("the opt-ins accept what they unlock", () => {
            assert.deepEqual(validateCloneAcrossL3Args(defaults({ adminCidrs: ["0.0.0.0/0"], allowOpenAdmin: true }), NAME).bigip.adminCidrs, ["0.0.0.0/0"]);
            assert.equal(validateCloneAcrossL3Args(defaults({ tunnelMtu: 1400, allowMtuBelow1500: true }), NAME).collector.mtu.inner, 1400);
            assert.equal(validateCloneAcrossL3Args(defaults({ configureBigip: false }), NAME).configureBigip, false);
            assert.equal(validateCloneAcrossL3Args({ adminCidrs: ADMIN, bigip: noOnboarding }, NAME).configureBigip, false);
        });
    });
});
