/**
 * The emulated sync-failover device group (deviceGroup.ts, README "Device group"): config-sync copies exactly the
 * synced kinds (tunnels only while iptunnel.configsync is not disable), autoSync copies after each committed change
 * on the active unit, and a failover flips the reported states and nothing else.
 */
import * as assert from "assert";
import { call, login } from "./client";
import { Pair, startPair } from "./deviceGroup";
import { Emulator } from "./index";

type H = Record<string, string>;

/** Writes the per-unit underlay and a clone pool on `e` (unit `n` gets its own addresses). */
async function build(e: Emulator, h: H, n: number): Promise<void> {
    const post = async (path: string, body: unknown) => {
        const r = await call(e, "POST", `/mgmt/tm/${path}`, body, h);
        assert.strictEqual(r.status, 200, `${path}: ${r.text}`);
    };
    await post("net/vlan", { name: "data", interfaces: [{ name: "1.1" }] });
    await post("net/self", { name: "data-self", address: `10.0.1.${10 + n}/24`, vlan: "/Common/data" });
    await post("net/tunnels/gre", { name: "tgre", encapsulation: "transparent-ethernet-bridging" });
    await post("net/tunnels/tunnel", { name: "t", profile: "/Common/tgre", localAddress: `10.0.1.${10 + n}`, remoteAddress: "10.0.2.5" });
    await post("net/self", { name: "overlay-self", address: `192.168.77.${1 + n}/24`, vlan: "/Common/t" });
    await post("net/arp", { name: "collector", ipAddress: "192.168.77.100", macAddress: "02:00:5e:10:00:01" });
    await post("net/route", { name: "/LOCAL_ONLY/to-collector", network: "10.0.2.0/24", gw: "10.0.1.1" });
}

/** `kind:fullPath` of the non-built-in objects of `kind` on `e`. */
const names = (e: Emulator, kind: string) => e.store.all().filter((o) => o.kind === kind && !o.builtin).map((o) => `${kind}:${o.fullPath}`).sort();

describe("emulator: device group (two units, config-sync, failover)", function () {
    let pair: Pair;
    let h: [H, H];
    const req = (u: 0 | 1, method: string, path: string, body?: unknown) => call(pair.units[u], method, `/mgmt/tm/${path}`, body, h[u]);
    const status = async (u: 0 | 1) => {
        const r = await req(u, "GET", "cm/failover-status");
        assert.strictEqual(r.status, 200, r.text);
        return r.body.entries["https://localhost/mgmt/tm/cm/failover-status/0"].nestedStats.entries.status.description;
    };

    beforeEach(async () => {
        pair = await startPair();
        h = [await login(pair.units[0]), await login(pair.units[1])];
    });
    afterEach(async () => { await pair.close(); });

    it("configSync: the pool written on unit 0 appears on unit 1; VLAN, self IPs, ARP, FDB records and /LOCAL_ONLY routes do not", async () => {
        assert.strictEqual((await req(0, "PUT", "sys/db/iptunnel.configsync", { value: "disable" })).status, 200);
        await build(pair.units[0], h[0], 0);
        assert.strictEqual((await req(0, "POST", "ltm/pool", { name: "clone", members: [{ name: "192.168.77.100:0" }] })).status, 200);
        assert.strictEqual((await req(0, "POST", "net/fdb/tunnel/~Common~t/records", { name: "02:00:5e:10:00:01", endpoint: "10.0.2.5" })).status, 200);
        assert.strictEqual(pair.units[1].get("pool", "/Common/clone"), undefined, "nothing is copied without a sync");
        pair.configSync(0);
        const pool = pair.units[1].get("pool", "/Common/clone") as any;
        assert.deepStrictEqual(pool.members.map((m: any) => m.name), ["192.168.77.100:0"]);
        assert.strictEqual((await req(1, "GET", "ltm/pool/~Common~clone")).status, 200, "served over REST on the peer");
        for (const kind of ["vlan", "selfIp", "arp", "route", "tunnel", "greProfile", "fdbTunnel"]) {
            assert.deepStrictEqual(names(pair.units[1], kind), [], `${kind} is not copied`);
        }
        // *Inference*: a route outside /LOCAL_ONLY is ordinary synced configuration.
        assert.strictEqual((await req(0, "POST", "net/route", { name: "shared", network: "10.9.0.0/16", gw: "10.0.1.1" })).status, 200);
        pair.configSync(0);
        assert.deepStrictEqual(names(pair.units[1], "route"), ["route:/Common/shared"]);
    });

    it("a tunnel (with its profile) is copied while iptunnel.configsync is enable, not when it is disable; FDB records stay per unit", async () => {
        const get = await req(0, "GET", "sys/db/iptunnel.configsync");
        assert.deepStrictEqual(Object.keys(get.body), ["kind", "name", "fullPath", "generation", "selfLink", "defaultValue", "scfConfig", "value", "valueRange"]);
        assert.deepStrictEqual([get.body.kind, get.body.value, get.body.defaultValue], ["tm:sys:db:dbstate", "enable", "enable"]);
        await build(pair.units[0], h[0], 0);
        assert.strictEqual((await req(0, "POST", "net/fdb/tunnel/~Common~t/records", { name: "02:00:5e:10:00:01", endpoint: "10.0.2.5" })).status, 200);
        pair.configSync(0);
        const t = pair.units[1].get("tunnel", "/Common/t") as any;
        assert.strictEqual(t?.localAddress, "10.0.1.10", "tunnel copied as written on unit 0 (why F5 says to disable tunnel sync)");
        assert.ok(pair.units[1].get("greProfile", "/Common/tgre"), "its profile comes along (Inference)");
        assert.deepStrictEqual((pair.units[1].get("fdbTunnel", "/Common/t") as any).records, [], "FDB records are not copied");
        assert.strictEqual((await req(1, "GET", "net/tunnels/tunnel/~Common~t")).status, 200);

        const pair2 = await startPair();
        try {
            const h2 = await login(pair2.units[0]);
            const put = await call(pair2.units[0], "PATCH", "/mgmt/tm/sys/db/iptunnel.configsync", { value: "disable" }, h2);
            assert.deepStrictEqual([put.status, put.body.value], [200, "disable"]);
            assert.strictEqual((await call(pair2.units[0], "PUT", "/mgmt/tm/sys/db/iptunnel.configsync", { value: "off" }, h2)).status, 400);
            await build(pair2.units[0], h2, 0);
            pair2.configSync(0);
            assert.strictEqual(pair2.units[1].get("tunnel", "/Common/t"), undefined);
            assert.strictEqual(pair2.units[1].get("greProfile", "/Common/tgre"), undefined);
        } finally {
            await pair2.close();
        }
    });

    it("deleting a synced object on the source removes it on the peer; a sync with nothing to change changes nothing", async () => {
        await req(0, "POST", "ltm/pool", { name: "a" });
        await req(0, "POST", "ltm/pool", { name: "b" });
        pair.configSync(0);
        assert.deepStrictEqual(names(pair.units[1], "pool"), ["pool:/Common/a", "pool:/Common/b"]);
        const gen = pair.units[1].generation;
        pair.configSync(0);
        assert.strictEqual(pair.units[1].generation, gen);
        assert.strictEqual((await req(0, "DELETE", "ltm/pool/~Common~a")).status, 200);
        pair.configSync(0);
        assert.deepStrictEqual(names(pair.units[1], "pool"), ["pool:/Common/b"]);
        assert.strictEqual((await req(1, "GET", "ltm/pool/~Common~a")).status, 404);
    });

    it("autoSync: every committed change on the active unit (a write, a transaction commit) reaches the peer; per-unit kinds do not", async () => {
        pair.autoSync = true;
        await req(0, "PUT", "sys/db/iptunnel.configsync", { value: "disable" });
        await req(1, "PUT", "sys/db/iptunnel.configsync", { value: "disable" });
        await build(pair.units[0], h[0], 0);
        await req(0, "POST", "ltm/pool", { name: "clone", members: [{ name: "192.168.77.100:0" }] });
        assert.ok(pair.units[1].get("pool", "/Common/clone"), "the write reached the peer");
        assert.deepStrictEqual(["vlan", "selfIp", "arp", "route", "tunnel"].flatMap((k) => names(pair.units[1], k)), []);

        const tx = (await req(0, "POST", "transaction", {})).body.transId;
        const inTx = { ...h[0], "X-F5-REST-Coordination-Id": String(tx) };
        await call(pair.units[0], "POST", "/mgmt/tm/ltm/virtual", { name: "vs", destination: "10.0.1.50:80", clonePools: [{ name: "/Common/clone", context: "clientside" }] }, inTx);
        assert.strictEqual(pair.units[1].get("virtual", "/Common/vs"), undefined, "queued, not committed");
        assert.strictEqual((await req(0, "PATCH", `transaction/${tx}`, { state: "VALIDATING" })).status, 200);
        assert.deepStrictEqual((pair.units[1].get("virtual", "/Common/vs") as any).clonePools, [{ name: "/Common/clone", context: "clientside" }]);

        await req(0, "DELETE", "ltm/virtual/~Common~vs");
        assert.strictEqual(pair.units[1].get("virtual", "/Common/vs"), undefined, "the delete reached the peer");
        // A change on the standby is not pushed (README: not modelled), and unit 1's own objects stay its own.
        await build(pair.units[1], h[1], 1);
        assert.strictEqual(pair.units[0].get("selfIp", "/Common/data-self")?.address, "10.0.1.10/24");
        assert.strictEqual(pair.units[1].get("selfIp", "/Common/data-self")?.address, "10.0.1.11/24");
    });

    it("failover flips the reported states, and nothing else changes on either unit", async () => {
        await build(pair.units[0], h[0], 0);
        await build(pair.units[1], h[1], 1);
        await req(0, "POST", "ltm/pool", { name: "clone" });
        pair.configSync(0);
        assert.deepStrictEqual([pair.active(), await status(0), await status(1)], [0, "ACTIVE", "STANDBY"]);
        const before = [pair.units[0].snapshot(), pair.units[1].snapshot()];
        const gens = [pair.units[0].generation, pair.units[1].generation];
        pair.failover();
        assert.deepStrictEqual([pair.active(), await status(0), await status(1)], [1, "STANDBY", "ACTIVE"]);
        const standby = (await req(0, "GET", "cm/failover-status")).body.entries["https://localhost/mgmt/tm/cm/failover-status/0"].nestedStats.entries;
        assert.deepStrictEqual([standby.color.description, standby.summary.description], ["gray", "0/1 active"]);
        assert.deepStrictEqual([pair.units[0].snapshot(), pair.units[1].snapshot()], before);
        assert.deepStrictEqual([pair.units[0].generation, pair.units[1].generation], gens);
        pair.failover();
        assert.deepStrictEqual([pair.active(), await status(0), await status(1)], [0, "ACTIVE", "STANDBY"]);
    });

    it("after a failover, autoSync follows the new active unit", async () => {
        pair.autoSync = true;
        pair.failover();
        await req(1, "POST", "ltm/pool", { name: "from-unit-1" });
        assert.ok(pair.units[0].get("pool", "/Common/from-unit-1"));
        await req(0, "POST", "ltm/pool", { name: "on-standby" });
        assert.strictEqual(pair.units[1].get("pool", "/Common/on-standby"), undefined);
    });
});
