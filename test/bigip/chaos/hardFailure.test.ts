/**
 * Hard (non-transient) failures at every request of an atomic change: TunnelChain create, update and delete
 * each fail with a clear message and leave the device exactly as before (the transaction is all or nothing; the
 * FDB record a create adds after its commit is kept in state as created-but-failed instead);
 * a ClonePoolAttachment whose PATCH fails leaves the virtual's clone pools as they were.
 */
import { closeSessions } from "../../../components/bigip/rest";
import * as assert from "assert";
import { Emulator, startEmulator } from "../../emulator";
import { poolProvider } from "../../../components/bigip/objects/pool";
import { Engine, endHostRun } from "../objects/engine";
import { connOf, rejects } from "../rest/helpers";
import { MAC, Providers, assertSnapshotEqual, chainInputs, desired, loadProviders, rest, transactions } from "./fixture";

const HARD = "01070734:3: Configuration error: injected hard failure";

interface Point { label: string; method: string; path: RegExp }

const commit: Point = { label: "the commit", method: "PATCH", path: /\/mgmt\/tm\/transaction\/\d+$/ };

describe("chaos: a hard failure at any step leaves the device as before", function () {
    this.timeout(60_000);
    let P: Providers;
    let e: Emulator;
    before(async () => { P = await loadProviders(); });
    beforeEach(async () => { e = await startEmulator(); });
    afterEach(async () => {
        await endHostRun(true); await closeSessions();
        assert.strictEqual(e.activeTokens(), 0);
        await e.close();
    });

    /** Arms a 400 at `p`, runs `op`, and checks: it failed clearly, at that request, and nothing changed. */
    async function failsAt(p: Point, op: () => Promise<unknown>, action: RegExp): Promise<void> {
        const before = e.snapshot();
        const txBefore = await transactions(e);
        e.clearLog();
        e.failNext({ method: p.method, path: p.path }, 400, HARD);
        const err = await rejects(op());
        const hit = e.log.find((l) => l.fault === "failNext");
        assert.ok(hit && hit.method === p.method && p.path.test(hit.path), `${p.label}: the failure was injected where intended`);
        assert.match(String(err.message), action, `${p.label}: the error names what failed: ${err.message}`);
        assert.ok(String(err.message).includes(HARD), `${p.label}: the error carries the device's message: ${err.message}`);
        assertSnapshotEqual(e.snapshot(), before, `${p.label}: device unchanged`);
        const txAfter = await transactions(e);
        assert.strictEqual(txAfter.filter((t) => t.state === "COMPLETED").length, txBefore.filter((t) => t.state === "COMPLETED").length,
            `${p.label}: nothing was committed`);
    }

    it("TunnelChain create: profile, tunnel, self IP, ARP POSTs and the commit; then the FDB record POST", async () => {
        const eng = new Engine(P.chain);
        const inputs = chainInputs(connOf(e));
        const points: Point[] = [
            { label: "profile POST", method: "POST", path: /\/net\/tunnels\/gre$/ },
            { label: "tunnel POST", method: "POST", path: /\/net\/tunnels\/tunnel$/ },
            { label: "self IP POST", method: "POST", path: /\/net\/self$/ },
            { label: "ARP POST", method: "POST", path: /\/net\/arp$/ },
            commit,
        ];
        for (const p of points) {
            await failsAt(p, () => eng.up(inputs), /creating (tunnel chain|GRE Profile|Tunnel|Self IP|Static ARP entry) \/Common\/clone/);
            assert.strictEqual(eng.state, undefined, "a failed create leaves no state");
        }
        // The record is added once its tunnel exists, after the commit: refused, the chain stays in state, marked failed.
        e.failNext({ method: "POST", path: /\/net\/fdb\/tunnel\/~Common~clone\/records$/ }, 400, HARD);
        const err = await rejects(eng.up(inputs));
        assert.match(String(err.message), /adding FDB record \/Common\/clone\/records\/02:00:5e:10:00:01 failed: 400 .*injected hard failure.*kept in state/);
        assert.ok(eng.state?.initFailed && e.get("tunnel", "/Common/clone"));
        assert.strictEqual(await eng.up(inputs), "update");
        assert.strictEqual((e.get("fdbTunnel", "/Common/clone") as any).records[0].name, MAC);
    });

    it("TunnelChain update (MTU, key, remote address): tunnel PATCH, record DELETE and POST, the commit", async () => {
        const eng = new Engine(P.chain);
        await eng.up(chainInputs(connOf(e)));
        const next = chainInputs(connOf(e), { mtu: 1300, key: 5, remoteAddress: "10.1.1.21" });
        const points: Point[] = [
            { label: "tunnel PATCH", method: "PATCH", path: /\/net\/tunnels\/tunnel\/~Common~clone$/ },
            { label: "FDB record DELETE", method: "DELETE", path: /\/records\/02:00:5e:10:00:01$/ },
            { label: "FDB record POST", method: "POST", path: /\/records$/ },
            commit,
        ];
        for (const p of points) {
            await failsAt(p, () => eng.up(next), /(updating (tunnel chain|Tunnel) \/Common\/clone|adding FDB record|DELETE \/mgmt\/tm\/net\/fdb\/tunnel\/~Common~clone\/records\/)/);
            assert.strictEqual(eng.state!.outs.mtu, 1400, "a failed update keeps the old state");
        }
        assert.strictEqual(await eng.up(next), "update");
        const t = e.get("tunnel", "/Common/clone") as any;
        assert.deepStrictEqual([t.mtu, t.key, t.remoteAddress], [1300, 5, "10.1.1.21"]);
        assert.deepStrictEqual((e.get("fdbTunnel", "/Common/clone") as any).records.map((r: any) => [r.name, r.endpoint]), [[MAC, "10.1.1.21"]]);
    });

    it("TunnelChain delete: record, ARP, self IP, tunnel and profile DELETEs, the commit", async () => {
        const eng = new Engine(P.chain);
        const pre = e.snapshot();
        await eng.up(chainInputs(connOf(e)));
        const points: Point[] = [
            { label: "FDB record DELETE", method: "DELETE", path: /\/records\/02:00:5e:10:00:01$/ },
            { label: "ARP DELETE", method: "DELETE", path: /\/net\/arp\/~Common~clone-arp$/ },
            { label: "self IP DELETE", method: "DELETE", path: /\/net\/self\/~Common~clone-self$/ },
            { label: "tunnel DELETE", method: "DELETE", path: /\/net\/tunnels\/tunnel\/~Common~clone$/ },
            { label: "profile DELETE", method: "DELETE", path: /\/net\/tunnels\/gre\/~Common~clone-profile$/ },
            commit,
        ];
        for (const p of points) {
            await failsAt(p, () => eng.destroy(), /(deleting (tunnel chain|Static ARP entry|Self IP|Tunnel|GRE Profile) \/Common\/clone|removing FDB record 02:00:5e:10:00:01)/);
            assert.ok(eng.state, "a failed delete keeps the resource in state");
        }
        await eng.destroy();
        assertSnapshotEqual(e.snapshot(), pre, "deleted completely");
    });

    it("ClonePoolAttachment: a failed tmsh clone-pools write (attach, swap, detach) leaves the clone pools as they were", async () => {
        const d = desired(connOf(e));
        for (const k of ["pool", "virtual"] as const) await new Engine(P[k]).up(d[k]);
        e.seed("pool", { name: "ids-pool", members: [{ name: "10.9.9.9:0" }] });
        e.seed("pool", { name: "clone-pool-2", members: [{ name: "10.254.0.3:0" }] });
        const ids = { name: "/Common/ids-pool", context: "serverside" };
        await rest(e, "PATCH", "/mgmt/tm/ltm/virtual/~Common~app-vs", { clonePools: [ids] });
        const eng = new Engine(P.attach);
        const at: Point = { label: "clone-pools add/delete (tmsh through util/bash)", method: "POST", path: /\/util\/bash$/ };
        await failsAt(at, () => eng.up(d.attach), /attaching clone pool \/Common\/clone-pool \(clientside\) to \/Common\/app-vs/);
        assert.strictEqual(await eng.up(d.attach), "create");
        await failsAt(at, () => eng.up({ ...d.attach, pool: "clone-pool-2" }), /attaching clone pool \/Common\/clone-pool-2/);
        assert.strictEqual(eng.state!.outs.pool, "/Common/clone-pool");
        await failsAt(at, () => eng.destroy(), /detaching clone pool \/Common\/clone-pool/);
        assert.deepStrictEqual((e.get("virtual", "/Common/app-vs") as any).clonePools, [ids, { name: "/Common/clone-pool", context: "clientside" }]);
        await eng.destroy();
        assert.deepStrictEqual((e.get("virtual", "/Common/app-vs") as any).clonePools, [ids]);
    });

    it("a device error keeps its message through the serialized provider (as `pulumi up` runs it)", async () => {
        const d = desired(connOf(e));
        const expected = /^BIG-IP 127\.0\.0\.1:\d+: creating Pool \/Common\/clone-pool failed: 400 01070734:3: Configuration error: injected hard failure$/;
        e.failNext({ method: "POST", path: /\/ltm\/pool$/ }, 400, HARD);
        // In-process: the provider object itself.
        const direct = await rejects(poolProvider.create((await new Engine(P.pool).preview(d.pool)).inputs));
        assert.strictEqual(direct.name, "BigIpError");
        assert.strictEqual(direct.deviceMessage, HARD);
        assert.match(direct.message, expected, "the provider as compiled");
        // Through the provider host: the one line the engine shows.
        e.failNext({ method: "POST", path: /\/ltm\/pool$/ }, 400, HARD);
        const hosted = await rejects(new Engine(P.pool).up(d.pool));
        assert.match(hosted.message, expected, `through the provider host: ${JSON.stringify(hosted.message)}`);
    });
});
