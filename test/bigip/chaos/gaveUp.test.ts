/**
 * A step that gives up after its write was applied (every answer lost until the retries ran out) is reported
 * as created-but-failed, so it stays in state (as the engine keeps an ErrorResourceInitFailed resource) and the
 * next `up` converges it by update — never by taking an unexplained existing object for its own.
 * Deterministic: every matching request is applied, then reset.
 */
import { closeSessions } from "../../../components/bigip/rest";
import * as assert from "assert";
import { Emulator, startEmulator } from "../../emulator";
import { seedFor } from "../../emulator/faults";
import { Engine, endHostRun } from "../objects/engine";
import { connOf, rejects } from "../rest/helpers";
import { Providers, assertSnapshotEqual, chainInputs, desired, loadProviders, normalized } from "./fixture";

describe("chaos: re-running up after a step gave up with its write applied", function () {
    this.timeout(60_000);
    let P: Providers;
    let e: Emulator;
    before(async () => { P = await loadProviders(); });
    beforeEach(async () => { e = await startEmulator(); });
    afterEach(async () => {
        e.setFaults(undefined);
        await endHostRun(true); await closeSessions();
        assert.strictEqual(e.activeTokens(), 0);
        await e.close();
    });

    /** Every request to `path` is applied and its answer lost, until the (3) attempts are exhausted; then one clean `up`. */
    async function gaveUpThenConverges(eng: Engine, inputs: any, path: RegExp): Promise<void> {
        e.setFaults({ seed: 1, rate: 1, kinds: ["reset"], when: "after", pathFilter: path });
        const err = await rejects(eng.up(inputs));
        assert.match(String(err.message), /failed: connection reset \(ECONNRESET\) \(after 3 attempts\)/, `a clear give-up error: ${err.message}`);
        assert.ok(e.log.some((l) => l.fault === "reset" && path.test(l.path)), "the write reached the device");
        e.setFaults(undefined);
        const before = normalized(e.snapshot());
        assert.ok(eng.state?.initFailed, "a create that may have been applied stays in state, marked failed");
        assert.match(String(err.message), /kept in state and the next `pulumi up` converges it/);
        assert.strictEqual(await eng.up(inputs), "update");
        assert.strictEqual(await eng.up(inputs), "same");
        assertSnapshotEqual(normalized(e.snapshot()), before, "the re-run changed nothing on the device");
    }

    const conn = () => connOf(e, { retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 } });

    it("Pool and VirtualServer creates", async () => {
        const d = desired(conn());
        await gaveUpThenConverges(new Engine(P.pool), d.pool, /\/ltm\/pool$/);
        await gaveUpThenConverges(new Engine(P.virtual), d.virtual, /\/ltm\/virtual$/);
        assert.ok(e.get("pool", "/Common/clone-pool") && e.get("virtual", "/Common/app-vs"));
    });

    it("FdbRecord create", async () => {
        const chain = new Engine(P.chain);
        await chain.up(chainInputs(conn(), { fdbRecord: false }));
        const rec = { connection: conn(), name: "02:00:5e:10:00:77", tunnel: "clone", endpoint: "10.1.1.77" };
        await gaveUpThenConverges(new Engine(P.fdb), rec, /\/records$/);
        assert.deepStrictEqual((e.get("fdbTunnel", "/Common/clone") as any).records.map((r: any) => r.name), ["02:00:5e:10:00:77"]);
    });

    it("TunnelChain create whose commit was applied and answered 503 succeeds (no second commit)", async () => {
        // First roll at the commit hits, the next one misses: one lost answer, then a clean device.
        const seed = seedFor([true, false], 0.5);
        e.setFaults({ seed, rate: 0.5, kinds: ["503"], when: "after", pathFilter: /\/mgmt\/tm\/transaction\/\d+$/ });
        const eng = new Engine(P.chain);
        const outcome = await eng.up(chainInputs(conn())).catch((x) => x);
        e.setFaults(undefined);
        const commits = e.log.filter((l) => l.method === "PATCH" && /\/transaction\/\d+$/.test(l.path));
        assert.strictEqual(commits[0]?.fault, "503", "the commit's answer was lost");
        assert.ok(e.get("tunnel", "/Common/clone"), "the commit was applied");
        assert.strictEqual(outcome, "create", `the create must report success, not: ${outcome?.message ?? outcome}`);
        assert.strictEqual(commits.length, 1, "committed once");
    });

    // TunnelChain and ClonePoolAttachment need no such test: both converge from what they read on the device
    // (an identical chain, an attached pool), which the 20 seeded runs exercise.
});
