/**
 * Issue 8 §2.8: a commit still running when we stop waiting is ambiguous (it may land later), never a definite
 * failure; and reading the transaction's state is bounded by that same deadline.
 */
import * as assert from "assert";
import { Emulator, startEmulator } from "../../emulator";
import { openSession, OpenSession, resetReadiness } from "../../../components/bigip/rest";
import { connOf, rejects } from "./helpers";

const TX_ID = /^\/mgmt\/tm\/transaction\/\d+$/;
const pool = (name: string) => ({ name, partition: "Common" });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("rest transactions: commit deadline", function () {
    this.timeout(30_000);
    let e: Emulator;
    let s: OpenSession | undefined;
    beforeEach(async () => { e = await startEmulator(); resetReadiness(); });
    afterEach(async () => { await s?.close(); s = undefined; await e.close(); });

    it("a commit still VALIDATING at the deadline is ambiguous, is not re-run, and lands later", async () => {
        s = await openSession(connOf(e, { requestTimeoutMs: 800 }));
        e.slowCommits(2_000);
        let runs = 0;
        const err = await rejects(s.transaction("creating d1", async (tx) => { runs++; await tx.post("tm/ltm/pool", pool("d1")); }));
        assert.match(err.message, /still VALIDATING .*may still apply it/);
        assert.strictEqual(err.afterAmbiguousAttempt, true, "a create must be kept in state (createFailure), not reported as a clean failure");
        assert.strictEqual(runs, 1, "never re-run: the first commit may still land");
        assert.strictEqual(e.get("pool", "/Common/d1"), undefined, "not yet");
        await sleep(1_600);
        assert.ok(e.get("pool", "/Common/d1"), "the commit landed after we gave up");
    });

    it("polling the transaction's state stops at the deadline, however many retries the connection allows", async () => {
        s = await openSession(connOf(e, { requestTimeoutMs: 800, retry: { attempts: 40, baseDelayMs: 150, maxDelayMs: 150 } }));
        e.slowCommits(5_000);
        e.failNext({ method: "GET", path: TX_ID }, 503, "Unable to process request /tm/transaction. Service is unavailable.", 1_000);
        const t0 = Date.now();
        const err = await rejects(s.transaction("creating d2", async (tx) => { await tx.post("tm/ltm/pool", pool("d2")); }));
        const took = Date.now() - t0;
        assert.strictEqual(err.afterAmbiguousAttempt, true);
        assert.ok(took < 2_500, `gave up after ${took} ms; the deadline is 800 ms`);
    });
});
