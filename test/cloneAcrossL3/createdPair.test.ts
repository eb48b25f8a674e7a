/**
 * Issue 16.1: an HA pair the stack creates (`bigip.ha`). Refusals (pure), the graph (mocks): two VEs clustered by their
 * first boots the F5 way, the rules between them, per-unit chains and synced pools. Then the chain from first boot to
 * clone path: each unit of an emulated device group is given exactly what its own DO declaration (read back from the
 * registered user data) creates, and the registered BIG-IP resources are driven through the real provider host onto it.
 */
import * as assert from "node:assert/strict";
import { ConfigError } from "../../components/common/errors";
import { validateCloneAcrossL3Args } from "../../components/cloneAcrossL3/validate";
import { resetReadiness } from "../../components/bigip/rest";
import { firstBootView } from "../../stacks/plan/firstBoot";
import { Emulator } from "../emulator";
import { Pair, startPair } from "../emulator/deviceGroup";
import { behindOurBack, deviceView, writes } from "../bigip/objects/harness";
import { describeErrors, doValidator } from "../bigip/f5Schemas";
import { Mocked } from "../helpers/mocks";
import { BIGIP_ROUTE, Built, CHAIN, CHECK, INGRESS, NAME, POOL, SAVE, SELF, VLAN, build, captureRegistrationErrors, defaults, dynamicResources, ofType, stateOf } from "./fixture";
import { Driven, engines, realisticMocks, up } from "./onDevice";

const FIRST = `${NAME}-bigip`, PEER = `${NAME}-bigip-peer`;
const haArgs = (over: Record<string, unknown> = {}, bigip: Record<string, unknown> = {}) => defaults({ tunnelMtu: 1500, ...over } as any, { ha: true, ...bigip } as any);

function refused(f: () => unknown, setting: string, detail: RegExp): void {
    assert.throws(f, (e: unknown) => e instanceof ConfigError && e.setting === setting && detail.test(e.message), String(setting));
}

/** The DO declaration a unit's first boot applies, read back from the user data the program registered. */
function declarationOf(m: Mocked, unit: string): any {
    return JSON.parse(firstBootView(m.named(`${unit}-instance`).inputs.userData).doDeclaration).Common;
}

/** What DO leaves on a unit from its declaration's VLAN, SelfIp, Route and DbVariables classes (emulator seeds). */
async function applyDeclaration(e: Emulator, common: Record<string, any>): Promise<void> {
    for (const [name, o] of Object.entries(common)) {
        if (o?.class === "VLAN") e.seed("vlan", { name, mtu: o.mtu, interfaces: o.interfaces.map((i: any) => ({ name: i.name, untagged: !i.tagged })) });
    }
    for (const [name, o] of Object.entries(common)) {
        if (o?.class === "SelfIp") e.seed("selfIp", { name, address: o.address, vlan: `/Common/${o.vlan}`, trafficGroup: `/Common/${o.trafficGroup}` });
        if (o?.class === "Route") e.seed("route", { name: o.localOnly ? `/LOCAL_ONLY/${name}` : name, network: o.network, gw: o.gw });
        if (o?.class === "DbVariables") {
            for (const [k, v] of Object.entries(o)) if (k !== "class") await behindOurBack(e, (s) => s.put(`tm/sys/db/${k}`, { value: v }));
        }
    }
}

describe("an HA pair the stack creates (bigip.ha)", function () {
    this.timeout(120_000);
    captureRegistrationErrors();

    describe("refused before anything is registered", () => {
        it("single-NIC: F5 ships failover pairs with 2 or 3 NICs", () =>
            refused(() => validateCloneAcrossL3Args(haArgs({}, { nics: "single" }), NAME), "bigip.ha", /nics "multi"/));
        it("without adminPassword there is no first boot to cluster them", () =>
            refused(() => validateCloneAcrossL3Args(haArgs({}, { adminPassword: undefined }), NAME), "bigip.ha", /adminPassword/));
        it("bigipTls would pin one unit's certificate for both", () =>
            refused(() => validateCloneAcrossL3Args(haArgs({ bigipTls: { insecure: true } }), NAME), "bigipTls", /each unit's generated/));
        it("an overlay of 2 hosts cannot hold both units and the collector", () =>
            refused(() => validateCloneAcrossL3Args(haArgs({ collectors: [{ name: "ids", overlayCidr: "10.254.9.0/30" }] }), NAME), "collectors[0].overlayCidr", /needs 3/));
        it("not a boolean", () => refused(() => validateCloneAcrossL3Args(haArgs({}, { ha: "yes" }), NAME), "bigip.ha", /true or false/));
        it("with the demo: accepted, with a warning that its URL follows the first unit only", () =>
            assert.match(validateCloneAcrossL3Args(haArgs({ demo: true }), NAME).warnings.join("\n"), /answers only while that unit is active/));
    });

    describe("the graph", () => {
        let m: Mocked;
        let g: Built;
        before(async () => { m = await realisticMocks(); g = await build(m, haArgs()); });

        it("two VEs, each generating its own management certificate, each unit's REST pinned at first boot; outputs name both URLs", async () => {
            assert.deepEqual(m.resources.filter((r) => r.type === "clonel3:bigip:BigIpInstance").map((r) => r.name).sort(), [FIRST, PEER]);
            const checks = ofType(m, CHECK);
            const tls = checks.map((c) => c.inputs.connection.tls);
            assert.ok(tls.every((t) => t.pinnedAtFirstBoot === true && /^[0-9A-F:]{95}$/.test(t.fingerprint256)), JSON.stringify(tls));
            // Each unit generates its own certificate (the mocks give every one the same example, so the pins match here).
            assert.deepEqual(m.resources.filter((r) => r.type === "tls:index/selfSignedCert:SelfSignedCert").map((r) => r.inputs.subject.commonName).sort(),
                [`${FIRST}.clone-l3.internal`, `${PEER}.clone-l3.internal`].sort());
            assert.ok(g.c.bigipPeer && g.c.peerManagementUrl, "bigipPeer and peerManagementUrl are set");
        });

        it("the units' security groups admit each other: device trust on the management port, config sync and heartbeats on data", () => {
            const rules = ofType(m, INGRESS).filter((r) => r.name.startsWith(`${NAME}-ha-`));
            const view = rules.map((r) => `${r.inputs.securityGroupId} <- ${r.inputs.referencedSecurityGroupId} ${r.inputs.ipProtocol}/${r.inputs.fromPort}`).sort();
            const sg = (u: string, role: string) => `${u}-${role}-sg-id`;
            assert.deepEqual(view, [
                `${sg(FIRST, "data")} <- ${sg(PEER, "data")} tcp/4353`, `${sg(FIRST, "data")} <- ${sg(PEER, "data")} udp/1026`,
                `${sg(FIRST, "mgmt")} <- ${sg(PEER, "mgmt")} tcp/443`,
                `${sg(PEER, "data")} <- ${sg(FIRST, "data")} tcp/4353`, `${sg(PEER, "data")} <- ${sg(FIRST, "data")} udp/1026`,
                `${sg(PEER, "mgmt")} <- ${sg(FIRST, "mgmt")} tcp/443`,
            ]);
        });

        it("VLANs, self IPs and routes come from the first boots, not REST; a chain per unit, the pool on the first unit only", () => {
            for (const t of [VLAN, SELF, BIGIP_ROUTE]) assert.deepEqual(ofType(m, t).map((r) => r.name), [], t);
            const hosts = ofType(m, CHECK).map((c) => c.inputs.connection.host);
            assert.equal(new Set(hosts).size, 2);
            const chains = ofType(m, CHAIN).map((c) => [c.inputs.connection.host, c.inputs.selfAddress]);
            assert.deepEqual(chains.map((c) => c[1]).sort(), ["10.254.0.1/29", "10.254.0.3/29"]);
            const first = ofType(m, CHECK).find((c) => c.name === `${NAME}-collector-underlay`)!.inputs.connection.host;
            assert.deepEqual(ofType(m, POOL).map((p) => p.inputs.connection.host), [first]);
            assert.equal(ofType(m, SAVE).length, 2);
            const sources = ofType(m, CHAIN).map((c) => `${c.inputs.localAddress}/32`);
            const collectorRules = ofType(m, INGRESS).filter((r) => r.name.startsWith(`${NAME}-collector-`) && r.inputs.ipProtocol === "47");
            for (const src of sources) assert.ok(collectorRules.some((r) => r.inputs.cidrIpv4 === src), `the collector admits GRE from ${src}`);
        });

        it("the collector takes the peer's remote tcpdump streams too: GRE from its management address, its receivers in the user data", () => {
            const peerMgmt = stateOf(m.named(`${PEER}-mgmt-eni`)).privateIp;
            const rule = ofType(m, INGRESS).find((r) => r.name === `${NAME}-collector-rcap-peer-mgmt-in`);
            assert.equal(rule?.inputs.cidrIpv4, `${peerMgmt}/32`);
            const text: string = m.named(`${NAME}-collector-instance`).inputs.userData;
            assert.ok(text.includes("path: /etc/clone-tunnel/rcap-pmgmt.env") && text.includes(`REMOTE='${peerMgmt}'`), "rcap-pmgmt from the peer's management address");
            assert.ok(text.includes("path: /etc/clone-tunnel/rcap-peer-ip.env"));
        });

        it("each first boot clusters its unit the F5 way (valid against DO 1.45.0's schema; DO 1.44.0 is installed); the second unit trusts the first's", () => {
            const validate = doValidator();
            const [a, b] = [declarationOf(m, FIRST), declarationOf(m, PEER)];
            for (const d of [a, b]) {
                assert.ok(validate({ schemaVersion: "1.44.0", class: "Device", Common: d }), describeErrors(validate.errors).join("\n"));
                assert.deepEqual(d.failoverGroup.members, [`${FIRST}.clone-l3.internal`, `${PEER}.clone-l3.internal`]);
                assert.equal(d.failoverGroup.owner, "/Common/failoverGroup/members/0");
                assert.equal(d.failoverGroup.autoSync, true);
                assert.equal(d.failoverGroup.saveOnAutoSync, true, "a synced clone pool survives the peer's reboot");
                assert.equal(d.dbVariables["iptunnel.configsync"], "disable");
                assert.equal(d.configSync.configsyncIp, "/Common/external-self/address");
                assert.equal(d["external-self"].trafficGroup, "traffic-group-local-only");
                assert.deepEqual(d["to-collectors-0"], { class: "Route", network: "10.1.0.0/16", gw: "10.0.2.1", localOnly: true });
            }
            assert.equal(a.trust.remoteHost, "/Common/failoverGroup/members/0", "the owner names itself (DO adds no trust)");
            assert.equal(b.trust.remoteHost, stateOf(m.named(`${FIRST}-mgmt-eni`)).privateIp, "the peer trusts the owner's management address");
            const chains = ofType(m, CHAIN);
            for (const [d, suffix] of [[a, ""], [b, "-peer"]] as const) {
                const chain = chains.find((c) => c.name === `${NAME}-collector${suffix}-tunnel`)!;
                assert.equal(d["external-self"].address, `${chain.inputs.localAddress}/24`, `the unit's own self IP sources its tunnel (${suffix || "first"})`);
            }
        });
    });

    describe("first boot to clone path, on an emulated device group through the real provider host", () => {
        let pair: Pair;
        let b: Built;
        let peerHost: string;
        let driven: Driven[];
        let fresh: Record<string, unknown>[];
        before(async () => {
            const m = await realisticMocks();
            b = await build(m, haArgs());
            peerHost = ofType(m, CHECK).find((c) => c.name === `${NAME}-collector-peer-underlay`)!.inputs.connection.host;
            // The emulated group behaves as the declarations say: autoSync as declared on the owner and the same on both.
            const [own, joining] = [declarationOf(m, FIRST).failoverGroup, declarationOf(m, PEER).failoverGroup];
            assert.equal(own.autoSync, joining.autoSync);
            pair = await startPair({ autoSync: own.autoSync === true });
            resetReadiness();
            await applyDeclaration(pair.units[0], declarationOf(m, FIRST));
            await applyDeclaration(pair.units[1], declarationOf(m, PEER));
            fresh = pair.units.map((e) => e.snapshot());
            driven = engines((r) => pair.units[r.inputs.connection.host === peerHost ? 1 : 0], b, dynamicResources(b.m));
        });
        after(async () => { await pair?.close(); });

        it("what the first boots declare is what the clone path needs: each unit gets its chain, the pool reaches the peer by sync", async () => {
            await up(driven);
            const chains = ofType(b.m, CHAIN);
            for (const [u, suffix] of [[0, ""], [1, "-peer"]] as const) {
                const e = pair.units[u];
                const chain = chains.find((c) => c.name === `${NAME}-collector${suffix}-tunnel`)!;
                assert.equal(e.get("tunnel", `/Common/${NAME}-collector`)!.localAddress, chain.inputs.localAddress, `unit ${u}`);
                assert.ok(e.get("arp", `/Common/${NAME}-collector-arp`) && e.get("pool", `/Common/${NAME}-collector-pool`), `unit ${u}`);
            }
            assert.equal(writes(pair.units[1]).filter((l) => l.path.startsWith("/mgmt/tm/ltm/pool")).length, 0, "the pool was never written to the peer");
            assert.deepEqual(pair.units.map((e) => e.savedGeneration === e.generation), [true, true], "each unit saved");
        });

        it("a second up sends nothing to either unit; a refresh keeps every state", async () => {
            pair.units.forEach((e) => e.clearLog());
            for (const d of driven) assert.equal(await d.eng.up(d.inputs), "same", d.r.name);
            assert.deepEqual(pair.units.map((e) => e.log.length), [0, 0]);
            for (const d of driven) {
                const before = JSON.stringify(d.eng.state!.outs);
                assert.equal(await d.eng.refresh(), "present", d.r.name);
                assert.equal(JSON.stringify(d.eng.state!.outs), before, d.r.name);
            }
        });

        it("after a failover the new active unit holds the whole path; back on the first, destroy leaves both units as their first boots left them", async () => {
            pair.failover();
            assert.ok(pair.units[1].get("fdbTunnel", `/Common/${NAME}-collector`), "the new active unit has its FDB record");
            // The synced kinds are written to the first unit whatever its role (README "HA pairs": write them while it is
            // active). Destroyed while the peer is active, the pool would come back from it by autoSync.
            pair.failover();
            for (const d of [...driven].reverse()) await d.eng.destroy();
            const view = (snap: Record<string, unknown>) => Object.fromEntries(Object.entries(snap).map(([k, v]) => [k, deviceView(v as any)]));
            assert.deepEqual(pair.units.map((e) => view(e.snapshot())), fresh.map(view));
        });
    });
});
