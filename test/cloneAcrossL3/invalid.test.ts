/**
 * Invalid configurations are refused up front with a ConfigError naming the setting, before anything is registered.
 */
import * as assert from "node:assert/strict";
import { CloneAcrossL3 } from "../../components/cloneAcrossL3/cloneAcrossL3";
import { CloneAcrossL3Args } from "../../components/cloneAcrossL3/args";
import { validateCloneAcrossL3Args } from "../../components/cloneAcrossL3/validate";
import { assertRejectedBeforeRegistration, Mocked } from "../helpers/mocks";
import {
    ADMIN, FINGERPRINT, NAME, byoBigip, captureRegistrationErrors, defaults, existing, mocks,
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
        const { adminPassword: _pw, sshPrivateKey: _key, ...noOnboarding } = defaults().bigip!;
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
            ["bad MAC", defaults({ collectors: [{ macAddress: "02:00:5e:zz:00:01" }] }), "collectors[0].macAddress"],
            ["multicast MAC", defaults({ collectors: [{ macAddress: "01:00:5e:00:00:01" }] }), "collectors[0].macAddress", /multicast/],
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
            // Several collectors: nothing may collide, and every target names a pool that exists.
            ["two collectors with the same name", defaults({ collectors: [{ name: "ids" }, { name: "ids" }] }), "collectors[1].name", /unique/],
            ["several collectors, one without a name", defaults({ collectors: [{ name: "ids" }, {}] }), "collectors[1].name", /required/],
            ["a collector name that is not a-z0-9-", defaults({ collectors: [{ name: "IDS_1" }] }), "collectors[0].name"],
            ["two collectors with the same MAC", defaults({ collectors: [{ name: "a", macAddress: "02:00:00:00:00:01" }, { name: "b", macAddress: "02-00-00-00-00-01" }] }),
                "collectors[1].macAddress", /collectors\[0\]/],
            ["two collectors with overlapping overlays", defaults({ collectors: [{ name: "a", overlayCidr: "10.254.9.0/29" }, { name: "b", overlayCidr: "10.254.9.0/30" }] }),
                "collectors[1].overlayCidr", /overlaps collectors\[0\]/],
            ["more collectors than the overlay block holds", defaults({ overlayCidr: "10.254.0.0/29", collectors: [{ name: "a" }, { name: "b" }] }),
                "overlayCidr", /holds 1 collector/],
            ["an existing collector with instance settings", defaults({ collectors: [{ existing: { underlayIp: "10.1.1.20" }, instanceType: "t3.large" }] }),
                "collectors[0].instanceType", /existing/],
            ["an existing collector with an IDS to install", defaults({ collectors: [{ existing: { underlayIp: "10.1.1.20" }, ids: "suricata" }] }),
                "collectors[0].ids", /existing/],
            ["an existing collector without a valid underlay IP", defaults({ collectors: [{ existing: { underlayIp: "10.1.1" } }] }), "collectors[0].existing.underlayIp"],
            ["unknown clonePools mode", defaults({ clonePools: "all" as any }), "clonePools"],
            ["a target without a collector among several", defaults({ collectors: [{ name: "a" }, { name: "b" }], cloneTargets: [{ virtualServer: "vs", context: "clientside" }] }),
                "cloneTargets[0].collector", /one of a, b/],
            ["a target naming an unknown collector", defaults({ cloneTargets: [{ virtualServer: "vs", context: "clientside", collector: "nope" }] }),
                "cloneTargets[0].collector", /not a collector/],
            ["a target naming a collector with a shared pool", defaults({ clonePools: "shared", cloneTargets: [{ virtualServer: "vs", context: "clientside", collector: "collector" }] }),
                "cloneTargets[0].collector", /shared/],
            ["a target whose virtual name has a space", defaults({ cloneTargets: [{ virtualServer: "app vs", context: "clientside" }] }), "cloneTargets[0].virtualServer"],
            // MTU of the BIG-IP data VLAN.
            ["a data VLAN MTU outside 576..9198", defaults({ bigipDataMtu: 9216 }), "bigipDataMtu", /576\.\.9198/],
            ["a 1500 data VLAN without allowMtuBelow1500", defaults({ bigipDataMtu: 1500 }), "bigipDataMtu", /1462.*allowMtuBelow1500/],
            // Bring your own BIG-IP: exactly one of the two, fully specified.
            ["both bigip and existingBigip", defaults({ existingBigip: existing() }), "existingBigip", /one of them/],
            ["neither bigip nor existingBigip", { adminCidrs: ADMIN }, "bigip", /existingBigip/],
            ["existingBigip without its VPC", { adminCidrs: ADMIN, existingBigip: existing() }, "network.existing.bigip", /vpcId, cidr/],
            ["existingBigip without TLS trust", byoBigip({ tls: undefined as any }), "existingBigip.tls", /required/],
            ["existingBigip with two TLS trusts", byoBigip({ tls: { insecure: true, fingerprint256: FINGERPRINT } }), "existingBigip.tls", /exactly one/],
            ["existingBigip with a malformed fingerprint", byoBigip({ tls: { fingerprint256: "AB:CD" } }), "existingBigip.tls.fingerprint256"],
            ["existingBigip without a password", byoBigip({ password: undefined as any }), "existingBigip.password"],
            ["existingBigip with a multi-line password", byoBigip({ password: "a\nb" }), "existingBigip.password", /single line/],
            ["existingBigip with a tunnel source that is not IPv4", byoBigip({ tunnelSourceIp: "10.0.2.5/24" }), "existingBigip.tunnelSourceIp"],
            ["existingBigip with bigipTls", { ...byoBigip(), bigipTls: { insecure: true } }, "bigipTls", /existingBigip\.tls/],
            // The demo needs a BIG-IP we create and configure.
            ["demo with existingBigip", { ...byoBigip(), demo: true }, "demo", /existingBigip/],
            ["demo without configuring the BIG-IP", defaults({ demo: true, configureBigip: false }), "demo", /configureBigip/],
            ["demo on a port that is not TCP", defaults({ demo: { port: 0 } }), "demo.port"],
        ];
        for (const [title, args, setting, detail] of cases) {
            it(title, () => assertRejectedBeforeRegistration(m, () => new CloneAcrossL3(NAME, args), setting, detail));
        }

        it("the opt-ins accept what they unlock", () => {
            assert.deepEqual(validateCloneAcrossL3Args(defaults({ adminCidrs: ["0.0.0.0/0"], allowOpenAdmin: true }), NAME).adminCidrs, ["0.0.0.0/0"]);
            assert.equal(validateCloneAcrossL3Args(defaults({ tunnelMtu: 1400, allowMtuBelow1500: true }), NAME).mtu.inner, 1400);
            assert.equal(validateCloneAcrossL3Args(defaults({ bigipDataMtu: 1500, allowMtuBelow1500: true }), NAME).mtu.inner, 1462);
            assert.equal(validateCloneAcrossL3Args(defaults({ configureBigip: false }), NAME).configureBigip, false);
            assert.equal(validateCloneAcrossL3Args({ adminCidrs: ADMIN, bigip: noOnboarding }, NAME).configureBigip, false);
        });
    });
});
