/**
 * Replays the emulator's seeded fault decisions over a request log, so a test can tell which faulted requests
 * were applied before their answer was lost ("after") — e.g. a login whose token was minted but never received.
 * Valid only while requests reach the emulator one at a time (the replay checks itself against the log).
 */
import { FaultPlan, LogEntry } from "../../emulator";
import { mulberry32 } from "../../emulator/faults";

export interface Decision { kind: string; after: boolean }

const matches = (re: RegExp, s: string) => { re.lastIndex = 0; return re.test(s); };

/** The fault decision for every log entry (undefined = none), or undefined when the log cannot be replayed. */
export function replayFaults(plan: FaultPlan, log: readonly LogEntry[]): (Decision | undefined)[] | undefined {
    const rng = mulberry32(plan.seed);
    const kinds = plan.kinds?.length ? plan.kinds : ["503", "500", "401", "404-not-registered", "reset"];
    const out: (Decision | undefined)[] = [];
    for (const l of log) {
        const skipped = l.status === "refused" || l.fault === "failNext"
            || (plan.pathFilter && !matches(plan.pathFilter, l.path)) || (plan.exclude && matches(plan.exclude, l.path));
        if (skipped) { out.push(undefined); continue; }
        const [hit, pick, side] = [rng(), rng(), rng()];
        const when = plan.when ?? "before";
        const d = hit < plan.rate ? { kind: kinds[Math.floor(pick * kinds.length)], after: when === "after" || (when === "mixed" && side < 0.5) } : undefined;
        if (d?.kind !== l.fault) return undefined; // requests were not sequential: order unknown
        out.push(d);
    }
    return out;
}

export interface TokenBook {
    /** Logins whose token was minted (answered, or applied and the answer lost). */
    minted: number;
    /** Of those, the ones whose answer was lost: no client can log such a token out. */
    lostLoginAnswers: number;
    /** Tokens the client received whose every logout attempt failed before it was applied. */
    failedLogouts: number;
    /** What `activeTokens()` must be: minted − logged out. */
    expectedActive: number;
}

/** Accounts for every token minted during `log` under `plan`. */
export function tokenBook(plan: FaultPlan, log: readonly LogEntry[]): TokenBook | undefined {
    const d = replayFaults(plan, log);
    if (!d) return undefined;
    const applied = (i: number) => (log[i].status === 200 && !log[i].fault) || d[i]?.after === true;
    let minted = 0, lost = 0;
    const received = new Set<number>();
    const loggedOut = new Map<string, boolean>();
    log.forEach((l, i) => {
        if (l.path === "/mgmt/shared/authn/login" && applied(i)) {
            minted++;
            if (l.fault) lost++; else received.add(i);
        }
        const tok = /^\/mgmt\/shared\/authz\/tokens\/([^/]+)$/.exec(l.path);
        if (tok && l.method === "DELETE") loggedOut.set(tok[1], (loggedOut.get(tok[1]) ?? false) || applied(i));
    });
    const out = [...loggedOut.values()].filter((x) => x).length;
    const failedLogouts = received.size - out;
    return { minted, lostLoginAnswers: lost, failedLogouts, expectedActive: minted - out };
}
