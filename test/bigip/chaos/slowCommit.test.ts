/**
 * Issue 8 §2.8 end to end: a TunnelChain create whose commit is still running when the provider stops waiting is
 * kept in state as created-but-failed; after the commit lands on its own, the next `up` converges by update —
 * never "already exists and is not managed by this stack".
 */
import { closeSessions } from "../../../components/bigip/rest";
import * as assert from "assert";
import { Emulator, startEmulator } from "../../emulator";
import { Engine, endHostRun } from "../objects/engine";
import { connOf, rejects } from "../rest/helpers";
import { Providers, chainInputs, loadProviders } from "./fixture";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("chaos: a transaction commit still running at the deadline", function () {
    this.timeout(30_000);
    let P: Providers;
    let e: Emulator;
    before(async () => { P = await loadProviders(); });
    beforeEach(async () => { e = await startEmulator(); });
    afterEach(async () => { await endHostRun(true); await closeSessions(); assert.strictEqual(e.activeTokens(), 0); await e.close(); });

    it("TunnelChain create: kept in state, and the next up converges once the commit has landed", async () => {
        const inputs = chainInputs(connOf(e, { requestTimeoutMs: 700 }));
        const eng = new Engine(P.chain);
        e.slowCommits(1_500);
        const err = await rejects(eng.up(inputs));
        assert.match(String(err.message), /still VALIDATING .*kept in state and the next `pulumi up` converges it/, err.message);
        assert.ok(eng.state?.initFailed, "a create that may still be applied stays in state, marked failed");
        await sleep(1_500);
        assert.ok(e.get("tunnel", "/Common/clone"), "the commit landed after the provider gave up");
        assert.strictEqual(await eng.up(inputs), "update");
        assert.strictEqual(await eng.up(inputs), "same");
    });
});
