/**
 * Issue 16: an existing BIG-IP HA pair (`existingBigip.peer`). The plan (pure), the graph (mocks), and the registered
 * BIG-IP resources driven through the real provider host against the emulator's device group (test/emulator/deviceGroup.ts):
 * per-unit objects on each unit through its own connection, synced objects once and copied by config-sync, a failover
 * that leaves the new active unit able to clone, and a unit that refuses its check leaving both units untouched.
 */
import * as assert from "node:assert/strict";
import { ConfigError } from "../../components/common/errors";
import { validateCloneAcrossL3Args } from "../../components/cloneAcrossL3/validate";
import { Pair, startPair } from "../emulator/deviceGroup";
import { behindOurBack, writes } from "../bigip/objects/harness";
import { resetReadiness } from "../../components/bigip/rest";
import { Mocked } from "../helpers/mocks";
import { Built, CHAIN, CHECK, FINGERPRINT, NAME, POOL, build, byoBigip, captureRegistrationErrors, dynamicResources, ofType } from "./fixture";
import { engines, realisticMocks, up } from "./onDevice";

const PEER = { host: "192.0.2.11", tls: { fingerprint256: FINGERPRINT }, tunnelSourceIp: "10.0.2.6" };
const pairArgs = (over: Record<string, unknown> = {}) => byoBigip({ peer: { ...PEER, ...over } as any }, { tunnelMtu: 1500 });

function refused(f: () => unknown, setting: string, detail: RegExp): void {
    assert.throws(f, (e: unknown) => e instanceof ConfigError && e.setting === setting && detail.test(e.message));
}

describe("an existing BIG-IP HA pair (existingBigip.peer)", function () {
    this.timeout(120_000);
    captureRegistrationErrors();

    describe("refused before anything is registered", () => {
        it("the peer's tunnel source must be its own self IP, not the first unit's", () =>
            refused(() => validateCloneAcrossL3Args(pairArgs({ tunnelSourceIp: "10.0.2.5" }), NAME), "existingBigip.peer.tunnelSourceIp", /own non-floating/));
        it("the peer needs its own TLS trust", () =>
            refused(() => validateCloneAcrossL3Args(pairArgs({ tls: undefined }), NAME), "existingBigip.peer.tls", /required/));
        it("an overlay of 2 hosts cannot hold both units and the collector", () =>
            refused(() => validateCloneAcrossL3Args({ ...pairArgs(), collectors: [{ name: "ids", overlayCidr: "10.254.9.0/30" }] }, NAME),
                "collectors[0].overlayCidr", /needs 3/));
        it("the peer cannot be the first unit itself (same host and port)", () =>
            refused(() => validateCloneAcrossL3Args(pairArgs({ host: "192.0.2.10" }), NAME), "existingBigip.peer.host", /OTHER unit/));
        it("collectors named x and x-peer would share resource names on a pair", () =>
            refused(() => validateCloneAcrossL3Args({ ...pairArgs(), collectors: [{ name: "ids" }, { name: "ids-peer" }] }, NAME), "collectors[0].name", /rename one/));
        it("an unknown key under peer is named", () =>
            refused(() => validateCloneAcrossL3Args(pairArgs({ tunnelSource: "10.0.2.6" }), NAME), "existingBigip.peer.tunnelSource", /./));
    });

    describe("the graph", () => {
        let m: Mocked;
        let g: Built;
        before(async () => { m = await realisticMocks(); g = await build(m, pairArgs()); });

        it("a check and a chain per unit, each with its own connection, source and overlay self IP; every chain after every check", () => {
            const chains = ofType(m, CHAIN);
            assert.deepEqual(chains.map((c) => [c.name, c.inputs.connection.host, c.inputs.localAddress, c.inputs.selfAddress]).sort(), [
                [`${NAME}-collector-peer-tunnel`, PEER.host, PEER.tunnelSourceIp, "10.254.0.3/29"],
                [`${NAME}-collector-tunnel`, "192.0.2.10", "10.0.2.5", "10.254.0.1/29"],
            ]);
            assert.ok(chains.every((c) => c.inputs.collectorAddress === "10.254.0.2" && c.inputs.collectorMac === chains[0].inputs.collectorMac));
            const checks = ofType(m, CHECK);
            assert.deepEqual(checks.map((c) => [c.inputs.connection.host, c.inputs.haPair]).sort(), [["192.0.2.10", true], [PEER.host, true]]);
            for (const c of chains) assert.deepEqual([...g.deps[c.name]].sort(), checks.map((x) => x.name).sort(), `${c.name} waits for both units' checks`);
        });

        it("the pool is written to the first unit only; each unit saves; the collector admits both units", () => {
            assert.deepEqual(ofType(m, POOL).map((p) => p.inputs.connection.host), ["192.0.2.10"]);
            assert.deepEqual(ofType(m, `pulumi-nodejs:dynamic/clonel3-bigip:ConfigSave`).map((s) => s.inputs.connection.host).sort(), ["192.0.2.10", PEER.host]);
            // The peer saves after the synced objects were written to the first unit (so autoSync has had them to copy).
            assert.ok(ofType(m, POOL).every((p) => g.deps[`${NAME}-peer-save`].includes(p.name)), String(g.deps[`${NAME}-peer-save`]));
            const rules = m.resources.filter((r) => r.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule" && r.name.startsWith(`${NAME}-collector-`));
            for (const src of ["10.0.2.5/32", "10.0.2.6/32"]) assert.ok(rules.some((r) => r.inputs.ipProtocol === "47" && r.inputs.cidrIpv4 === src), src);
        });
    });

    describe("on an emulated device group, through the real provider host", () => {
        let pair: Pair;
        let b: Built;
        const seed = async (u: 0 | 1, source: string) => {
            const e = pair.units[u];
            e.seed("vlan", { name: "data", mtu: 9001, interfaces: [{ name: "1.1", untagged: true }] });
            e.seed("selfIp", { name: "data-self", address: `${source}/24`, vlan: "/Common/data", trafficGroup: "/Common/traffic-group-local-only" });
            e.seed("route", { name: "to-collectors", network: "10.1.0.0/16", gw: "10.0.2.1" });
        };
        before(async () => {
            const m = await realisticMocks();
            b = await build(m, pairArgs());
            pair = await startPair({ autoSync: true });
            resetReadiness();
            await seed(0, "10.0.2.5");
            await seed(1, "10.0.2.6");
        });
        after(async () => { await pair?.close(); });
        const driven = () => engines((r) => pair.units[r.inputs.connection.host === PEER.host ? 1 : 0], b, dynamicResources(b.m));

        it("with tunnel config-sync still on at the peer: refused naming the unit and the fix, nothing written on either unit", async () => {
            await behindOurBack(pair.units[0], (s) => s.put("tm/sys/db/iptunnel.configsync", { value: "disable" }));
            pair.units.forEach((e) => e.clearLog());
            const peerAt = `127.0.0.1:${pair.units[1].port}`;
            await assert.rejects(up(driven()), (e: Error) => e.message.includes(`${peerAt} is a unit of an HA pair and has sys db iptunnel.configsync "enable"`)
                && e.message.includes("tmsh modify sys db iptunnel.configsync value disable"));
            assert.deepEqual(pair.units.map((e) => writes(e).length), [0, 0]);
        });

        it("with it off on both: each unit gets its own tunnel, self IP, ARP and FDB record; the pool reaches the peer by config-sync", async () => {
            await behindOurBack(pair.units[1], (s) => s.put("tm/sys/db/iptunnel.configsync", { value: "disable" }));
            await up(driven());
            for (const [u, source, self] of [[0, "10.0.2.5", "10.254.0.1/29"], [1, "10.0.2.6", "10.254.0.3/29"]] as const) {
                const e = pair.units[u];
                assert.equal(e.get("tunnel", `/Common/${NAME}-collector`)!.localAddress, source, `unit ${u} tunnel source`);
                assert.equal(e.get("selfIp", `/Common/${NAME}-collector-self`)!.address, self, `unit ${u} overlay self IP`);
                assert.equal(e.get("arp", `/Common/${NAME}-collector-arp`)!.ipAddress, "10.254.0.2", `unit ${u} ARP`);
                assert.ok(e.get("pool", `/Common/${NAME}-collector-pool`), `unit ${u} pool`);
                const records = (e.get("fdbTunnel", `/Common/${NAME}-collector`)!.records ?? []) as { name: string; endpoint: string }[];
                assert.deepEqual(records.map((r) => r.name), [e.get("arp", `/Common/${NAME}-collector-arp`)!.macAddress], `unit ${u} FDB record`);
            }
            assert.equal(writes(pair.units[1]).filter((l) => l.path.startsWith("/mgmt/tm/ltm/pool")).length, 0, "the pool was never written to the peer");
        });

        it("after a failover the new active unit holds the whole clone path; nothing changed on either unit", async () => {
            const before = pair.units.map((e) => e.snapshot());
            pair.failover();
            assert.equal(pair.active(), 1);
            assert.deepEqual(pair.units.map((e) => e.snapshot()), before);
            const e = pair.units[1];
            assert.ok(["tunnel", "selfIp", "arp", "pool"].every((k) => Object.keys(before[1]).some((x) => x.startsWith(`${k}:/Common/${NAME}-collector`))));
            assert.ok(e.get("fdbTunnel", `/Common/${NAME}-collector`));
        });
    });
});
