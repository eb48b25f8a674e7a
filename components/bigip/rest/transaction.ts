/**
 * iControl REST transactions (reference §1.10). Writes through the `tx` session are queued under
 * `X-F5-REST-Coordination-Id`; reads pass through and see committed configuration only.
 *
 * Queued writes are not idempotent (a re-sent POST queues a second command), so a queue write is sent once:
 * any transient failure abandons the transaction and re-runs `fn` in a fresh one. A commit whose answer was lost
 * is resolved by reading the transaction, then by `opts.verify()`, and only then re-run.
 */
import { backoffDelay } from "./errors";
import type { Core } from "./session";
import { BigIpError, isBigIpError, RequestOptions, Session, TransactionOptions } from "./types";

interface TxRun {
    session: Session;
    id?: string;
    queued: number;
    /** The transient queueing failure that poisoned this run. */
    faulted?: BigIpError;
}

const sleep = (ms: number) => new Promise<void>((res) => setTimeout(res, ms));

function withAmbiguity(e: BigIpError, ambiguous: boolean): BigIpError {
    if (!ambiguous || e.afterAmbiguousAttempt) return e;
    return new BigIpError(e.message, e.status, e.deviceMessage, e.action, e.transient, true);
}

function openRun(core: Core, action: string): TxRun {
    let creating: Promise<string> | undefined;
    const run: TxRun = { queued: 0, session: undefined as unknown as Session };
    const txId = () => (creating ??= core.call("POST", "tm/transaction", {}, { action: `${action} (starting a transaction)` })
        .then((j) => {
            const id = j?.transId;
            if (id === undefined || id === null) throw new Error(`BIG-IP ${core.r.where}: ${action}: transaction answer has no transId`);
            return (run.id = String(id));
        }));
    const queue = async (method: string, path: string, body: unknown, o?: RequestOptions) => {
        if (run.faulted) throw run.faulted;
        const id = await txId();
        try {
            const res = await core.call(method, path, body, o, { attempts: 1, coordinationId: id });
            run.queued++;
            return res;
        } catch (e) {
            if (isBigIpError(e) && e.transient) run.faulted = e; // maybe queued, maybe not: start over
            throw e;
        }
    };
    const parent = core.session;
    run.session = {
        get: (p, o) => parent.get(p, o),
        tryGet: (p, o) => parent.tryGet(p, o),
        post: (p, b, o) => queue("POST", p, b, o),
        patch: (p, b, o) => queue("PATCH", p, b, o),
        put: (p, b, o) => queue("PUT", p, b, o),
        // Queued, not executed: existence is only checked at commit.
        delete: (p, o) => queue("DELETE", p, undefined, o).then(() => true),
        transaction: () => Promise.reject(new Error("nested iControl transactions are not supported")),
        get requestCount() { return parent.requestCount; },
    };
    return run;
}

type Outcome = "committed" | "not-applied" | "unknown";

/** Runs `fn` in a transaction and commits it; re-runs on transient queueing faults and lost commits (bounded). */
export async function runTransaction<T>(core: Core, action: string, fn: (tx: Session) => Promise<T>, opts?: TransactionOptions): Promise<T> {
    const r = core.r;
    const maxRuns = Math.max(2, r.retry.attempts);
    let ambiguous = false; // an earlier run's commit may have been applied
    let last: BigIpError | undefined;
    for (let runNo = 1; runNo <= maxRuns; runNo++) {
        if (runNo > 1) await sleep(backoffDelay(runNo - 2, r.retry));
        const run = openRun(core, action);
        let result: T;
        try {
            result = await fn(run.session);
        } catch (e) {
            if (run.faulted) { last = run.faulted; await discard(core, run); continue; }
            await discard(core, run);
            throw isBigIpError(e) ? withAmbiguity(e, ambiguous) : e;
        }
        if (run.faulted) { last = run.faulted; await discard(core, run); continue; } // fn swallowed the fault
        if (!run.id || run.queued === 0) return result; // nothing queued: nothing to commit
        try {
            const outcome = await commit(core, run.id, action, opts);
            if (outcome === "committed") return result;
            if (outcome === "unknown") ambiguous = true;
            last = new BigIpError(`BIG-IP ${r.where}: ${action} failed: the commit of transaction ${run.id} was lost`,
                undefined, "commit answer lost", action, true, ambiguous);
        } catch (e) {
            throw isBigIpError(e) ? withAmbiguity(e, ambiguous) : e;
        }
    }
    throw last ? withAmbiguity(last, ambiguous) : new Error(`BIG-IP ${r.where}: ${action} failed`);
}

/** Best effort: an abandoned transaction would otherwise linger until the device expires it. */
async function discard(core: Core, run: TxRun): Promise<void> {
    if (!run.id) return;
    try { await core.call("DELETE", `tm/transaction/${run.id}`, undefined, { action: "discarding a transaction" }, { attempts: 1 }); } catch { /* expires anyway */ }
}

async function commit(core: Core, id: string, action: string, opts?: TransactionOptions): Promise<Outcome> {
    const r = core.r;
    const what = `${action} (committing transaction ${id})`;
    let deadline: number | undefined; // set once the commit may have run: reading its outcome gets one request timeout in all
    for (let i = 1; ; i++) {
        let state: any;
        try {
            state = await core.call("PATCH", `tm/transaction/${id}`, { state: "VALIDATING" }, { action: what }, { attempts: 1 });
        } catch (e) {
            if (!isBigIpError(e) || !e.transient) throw e;
            if (e.afterAmbiguousAttempt) {
                // The commit may have run: ask the transaction, then the caller.
                deadline ??= Date.now() + r.requestTimeoutMs;
                const seen = await readState(core, id, deadline);
                if (seen === undefined) {
                    if (!opts?.verify) return "unknown";
                    return (await opts.verify()) ? "committed" : "not-applied";
                }
                state = seen;
                if (state.state === "STARTED") { state = undefined; deadline = undefined; } // never committed: send the commit again
            }
            if (state === undefined) {
                if (i >= r.retry.attempts) throw e;
                await sleep(backoffDelay(i - 1, r.retry));
                continue;
            }
        }
        return settle(core, id, what, state, deadline);
    }
}

/**
 * GET tm/transaction/<id>, or undefined when that cannot tell (gone, or the device still failing by `deadline`).
 * Each try is one request cut to the time left, and transient failures are retried (up to the retry policy's
 * attempts) only until `deadline`:
 * the session's own retry loop (attempts × backoff × request timeout) could outlive the caller's deadline by minutes.
 */
async function readState(core: Core, id: string, deadline: number): Promise<any> {
    for (let failures = 0; ; failures++) {
        const left = deadline - Date.now();
        if (left <= 0) return undefined;
        try {
            const j = await core.call("GET", `tm/transaction/${id}`, undefined, { action: `reading transaction ${id}` },
                { attempts: 1, timeoutMs: Math.max(1, Math.min(core.r.requestTimeoutMs, left)) });
            return j && typeof j.state === "string" ? j : undefined;
        } catch (e) {
            if (!isBigIpError(e) || !e.transient) return undefined; // 404 "Missing transaction ID": gone (or expired)
            if (failures + 1 >= core.r.retry.attempts) return undefined;
            await sleep(Math.min(backoffDelay(failures, core.r.retry), Math.max(0, deadline - Date.now())));
        }
    }
}

/**
 * Turns a transaction state into committed / error, polling while the device is still validating. A commit still
 * VALIDATING/EXECUTING at the deadline is not a failure we can report as such: the device may finish it after we
 * stop looking, so the error carries `afterAmbiguousAttempt` (providers keep a create in state as created-but-failed
 * and the next `up` reconciles; see createFailure) and the transaction is never re-run.
 */
async function settle(core: Core, id: string, what: string, state: any, deadline = Date.now() + core.r.requestTimeoutMs): Promise<Outcome> {
    for (;;) {
        const s = String(state?.state ?? "");
        if (s === "COMPLETED") return "committed";
        const inProgress = ["VALIDATING", "VALIDATED", "EXECUTING"].includes(s);
        if (inProgress && Date.now() >= deadline) {
            throw new BigIpError(`BIG-IP ${core.r.where}: ${what} failed: transaction ${id} was still ${s} when we stopped waiting `
                + `(${core.r.requestTimeoutMs} ms); the device may still apply it`, undefined, `commit still ${s} at the deadline`, what, false, true);
        }
        if (!inProgress) {
            const reason = state?.failureReason ?? state?.message ?? `transaction state ${s || "(none)"}`;
            throw new BigIpError(`BIG-IP ${core.r.where}: ${what} failed: ${s || "no state"}: ${reason}`,
                undefined, String(reason), what, false, false);
        }
        await sleep(Math.min(250, Math.max(0, deadline - Date.now())));
        state = (await readState(core, id, deadline)) ?? state;
    }
}
