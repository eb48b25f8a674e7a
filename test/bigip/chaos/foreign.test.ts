/**
 * Foreign configuration (another admin's tunnel, self IP, ARP entries, FDB records, pools, virtual with its own
 * clone pools — and a foreign clone pool and FDB records on OUR virtual and tunnel) is byte-identical after our
 * create, update and delete. A clone-pool context held by a foreign pool is refused without takeOver.
 */
import { closeSessions } from "../../../components/bigip/rest";
import * as assert from "assert";
import { Emulator, startEmulator } from "../../emulator";
import { Engine, endHostRun } from "../objects/engine";
import { connOf, rejects } from "../rest/helpers";
import { MAC, ORDER, Providers, Stack, chainInputs, desired, loadProviders, rest } from "./fixture";

const OURS = new Set(["greProfile:/Common/clone-profile", "tunnel:/Common/clone", "fdbTunnel:/Common/clone", "selfIp:/Common/clone-self",
    "arp:/Common/clone-arp", "pool:/Common/clone-pool", "pool:/Common/clone-pool-2", "virtual:/Common/app-vs"]);
const IDS = { name: "/Common/ids-pool", context: "serverside" };
const FOREIGN_RECORDS = [{ name: "02:00:00:00:bb:01", endpoint: "10.1.1.51" }, { name: "02:00:00:00:bb:02", endpoint: "10.1.1.52" }];
const VS = "/mgmt/tm/ltm/virtual/~Common~app-vs";

function seedForeign(e: Emulator): void {
    e.seed("greProfile", { name: "other-gre", defaultsFrom: "/Common/gre", encapsulation: "transparent-ethernet-bridging", floodingType: "multipoint" });
    e.seed("tunnel", { name: "other-tun", profile: "/Common/other-gre", localAddress: "10.0.1.10", remoteAddress: "10.1.1.60", key: 7, mtu: 1400 });
    e.seed("fdbTunnel", { name: "other-tun", records: [{ name: "02:00:00:00:aa:01", endpoint: "10.1.1.60" }, { name: MAC, endpoint: "10.1.1.61" }] });
    e.seed("selfIp", { name: "other-self", address: "10.253.0.1/29", vlan: "/Common/other-tun", allowService: ["gre:0"] });
    e.seed("arp", { name: "other-arp", ipAddress: "10.253.0.2", macAddress: "02:00:00:00:aa:01" });
    e.seed("arp", { name: "other-arp-2", ipAddress: "10.254.0.3", macAddress: MAC });
    e.seed("pool", { name: "ids-pool", members: [{ name: "10.9.9.9:0" }] });
    e.seed("pool", { name: "other-clone", members: [{ name: "10.253.0.2:0" }] });
    e.seed("pool", { name: "web-pool", monitor: "/Common/http", members: [{ name: "10.0.3.10:80" }, { name: "10.0.3.11:80" }] });
    e.seed("virtual", { name: "other-vs", destination: "/Common/10.0.2.20:443", pool: "/Common/web-pool", profiles: [{ name: "tcp" }],
        clonePools: [{ name: "/Common/other-clone", context: "clientside" }, IDS] });
}

/** Everything that is not ours, exactly as stored; plus the foreign parts of our FDB tunnel and our virtual. */
function foreignView(e: Emulator) {
    const snap = e.snapshot();
    const objects = Object.fromEntries(Object.entries(snap).filter(([k]) => !OURS.has(k)));
    // Item generations follow their list (any write to it renumbers all): compare the records themselves.
    const records = ((e.get("fdbTunnel", "/Common/clone") as any)?.records ?? []).filter((r: any) => r.name !== MAC)
        .map((r: any) => ({ name: r.name, endpoint: r.endpoint }));
    const clonePools = ((e.get("virtual", "/Common/app-vs") as any)?.clonePools ?? []).filter((c: any) => !/\/clone-pool/.test(c.name));
    return { objects: JSON.stringify(objects), records, clonePools };
}

describe("chaos: foreign configuration is left byte-identical", function () {
    this.timeout(60_000);
    let P: Providers;
    let e: Emulator;
    before(async () => { P = await loadProviders(); });
    beforeEach(async () => { e = await startEmulator(); seedForeign(e); });
    afterEach(async () => {
        await endHostRun(true); await closeSessions();
        assert.strictEqual(e.activeTokens(), 0);
        await e.close();
    });

    it("through our create, update and delete of the whole chain", async () => {
        const conn = connOf(e);
        const d = desired(conn);
        const stack = new Stack(P, 1);
        const pool2 = new Engine(P.pool);
        const before = foreignView(e);

        // create — another admin adds records to our tunnel's FDB and a serverside clone pool to our virtual meanwhile
        await stack.engines.chain.up(d.chain);
        for (const r of FOREIGN_RECORDS) await rest(e, "POST", "/mgmt/tm/net/fdb/tunnel/~Common~clone/records", r);
        await stack.engines.pool.up(d.pool);
        await pool2.up({ ...d.pool, name: "clone-pool-2", members: ["10.254.0.2:0"] });
        await stack.engines.virtual.up(d.virtual);
        await rest(e, "PATCH", VS, { clonePools: [IDS] });
        assert.deepStrictEqual(foreignView(e).records, FOREIGN_RECORDS);
        await stack.up(d);
        assert.deepStrictEqual(foreignView(e), { ...before, records: FOREIGN_RECORDS, clonePools: [IDS] }, "after create");
        assert.deepStrictEqual((e.get("virtual", "/Common/app-vs") as any).clonePools, [IDS, { name: "/Common/clone-pool", context: "clientside" }]);

        // update: MTU, key and endpoint (our FDB record is replaced), clone pool swap, virtual description
        const u = desired(conn, { chain: { mtu: 1300, key: 9, remoteAddress: "10.1.1.21" }, attach: { pool: "clone-pool-2" },
            virtual: { description: "app with clone" } });
        const steps = await stack.up(u);
        assert.deepStrictEqual(ORDER.map((k) => steps[k]), ["update", "same", "update", "update", "update"]);
        assert.deepStrictEqual(foreignView(e), { ...before, records: FOREIGN_RECORDS, clonePools: [IDS] }, "after update");
        assert.deepStrictEqual((e.get("virtual", "/Common/app-vs") as any).clonePools, [IDS, { name: "/Common/clone-pool-2", context: "clientside" }]);
        assert.deepStrictEqual((e.get("fdbTunnel", "/Common/clone") as any).records.map((r: any) => [r.name, r.endpoint]),
            [...FOREIGN_RECORDS.map((r) => [r.name, r.endpoint]), [MAC, "10.1.1.21"]]);
        assert.strictEqual((e.get("tunnel", "/Common/clone") as any).mtu, 1300);

        // delete: every object of ours goes (foreign records on our own tunnel go with the tunnel); nothing else moves
        await stack.destroy();
        await pool2.destroy();
        assert.deepStrictEqual(foreignView(e), before, "after delete");
        assert.deepStrictEqual(Object.keys(e.snapshot()).filter((k) => OURS.has(k)), []);
    });

    it("a context held by a foreign pool: a clear error without takeOver; takeOver replaces only that context", async () => {
        const d = desired(connOf(e));
        for (const k of ["pool", "virtual"] as const) await new Engine(P[k]).up(d[k]);
        await rest(e, "PATCH", VS, { clonePools: [IDS] });
        const clientside = new Engine(P.attach);
        await clientside.up(d.attach);
        const before = foreignView(e);
        const vsBefore = JSON.stringify(e.get("virtual", "/Common/app-vs"));
        const serverside = new Engine(P.attach);
        const err = await rejects(serverside.up({ ...d.attach, context: "serverside" }));
        assert.match(err.message, /Virtual Server \/Common\/app-vs already has \/Common\/ids-pool as its serverside clone pool .*Set takeOver: true to replace it with \/Common\/clone-pool\./);
        assert.strictEqual(JSON.stringify(e.get("virtual", "/Common/app-vs")), vsBefore, "nothing changed");
        assert.strictEqual(serverside.state, undefined);

        assert.strictEqual(await serverside.up({ ...d.attach, context: "serverside", takeOver: true }), "create");
        assert.deepStrictEqual((e.get("virtual", "/Common/app-vs") as any).clonePools,
            [{ name: "/Common/clone-pool", context: "clientside" }, { name: "/Common/clone-pool", context: "serverside" }]);
        assert.deepStrictEqual(foreignView(e), { ...before, clonePools: [] }, "only the serverside entry was replaced");
        await serverside.destroy();
        assert.deepStrictEqual((e.get("virtual", "/Common/app-vs") as any).clonePools, [{ name: "/Common/clone-pool", context: "clientside" }]);
    });

    it("a foreign pool that took our context over is never detached or silently replaced by us", async () => {
        const d = desired(connOf(e));
        for (const k of ["pool", "virtual"] as const) await new Engine(P[k]).up(d[k]);
        await new Engine(P.pool).up({ ...d.pool, name: "clone-pool-2" });
        const eng = new Engine(P.attach);
        await eng.up(d.attach);
        // Another admin replaces our clientside clone pool with theirs.
        const theirs = [{ name: "/Common/other-clone", context: "clientside" }, IDS];
        await rest(e, "PATCH", VS, { clonePools: theirs });
        const vsBefore = JSON.stringify(e.get("virtual", "/Common/app-vs"));

        // Swapping our pool (no refresh) must not take their context over without takeOver.
        const swap = await rejects(eng.up({ ...d.attach, pool: "clone-pool-2" }));
        assert.match(swap.message, /already has \/Common\/other-clone as its clientside clone pool/);
        assert.strictEqual(JSON.stringify(e.get("virtual", "/Common/app-vs")), vsBefore);

        // After a refresh our attachment is gone, and destroying it leaves their pool alone.
        assert.strictEqual(await eng.refresh(), "gone");
        await eng.destroy();
        const refused = await rejects(new Engine(P.attach).up(d.attach));
        assert.match(refused.message, /already has \/Common\/other-clone as its clientside clone pool/);
        assert.strictEqual(JSON.stringify(e.get("virtual", "/Common/app-vs")), vsBefore);
    });

    it("switching the chain's fdbRecord off removes our record only, and it stays off", async () => {
        const conn = connOf(e);
        const chain = new Engine(P.chain);
        await chain.up(chainInputs(conn));
        for (const r of FOREIGN_RECORDS) await rest(e, "POST", "/mgmt/tm/net/fdb/tunnel/~Common~clone/records", r);
        const mine = new Engine(P.fdb);
        await mine.up({ connection: conn, name: "02:00:5e:10:00:99", tunnel: "clone", endpoint: "10.1.1.99" });
        const records = () => (e.get("fdbTunnel", "/Common/clone") as any).records.map((r: any) => `${r.name}>${r.endpoint}`);
        const others = [...FOREIGN_RECORDS.map((r) => `${r.name}>${r.endpoint}`), "02:00:5e:10:00:99>10.1.1.99"];
        const before = foreignView(e).objects;
        assert.strictEqual(await chain.up(chainInputs(conn, { fdbRecord: false })), "update");
        assert.deepStrictEqual(records(), others, "our record removed, no other");
        assert.strictEqual(await chain.up(chainInputs(conn, { fdbRecord: false, remoteAddress: "10.1.1.40" })), "update");
        assert.deepStrictEqual(records(), others, "no stale or re-added record");
        assert.strictEqual(await chain.up(chainInputs(conn, { remoteAddress: "10.1.1.40" })), "update");
        assert.deepStrictEqual(records(), [...others, `${MAC}>10.1.1.40`]);
        assert.strictEqual(foreignView(e).objects, before);
        await mine.destroy();
        await chain.destroy();
        assert.strictEqual(foreignView(e).objects, before);
    });
});
