/**
 * Section 3, F5's side (issue 15 point 6): the same seeded boots (bootPhases of readiness.ts, same seeds, same
 * lengths), each on a fresh emulator, waited for by F5's own client library — @f5devcentral/f5-cloud-libs'
 * `bigIp.init(host, user, password, { port, product })` with no `retry` option, as the library's own scripts/onboard.js
 * and scripts/network.js call it, so its `ready()` runs with the library's default schedule (lib/util.js DEFAULT_RETRY_IGNORE_ERRORS: 90 tries,
 * 10 000 ms apart; not tuned here). Measured: from "ready" to the moment init's promise (its `ready()`) resolves, or
 * its rejection and error.
 *
 * F5's ready() sleeps a fixed 10 s after a failed attempt, so one boot takes ~10 s whatever its length. The boots do
 * not run one after another (20 × 10 s): boot k starts k × STAGGER_MS after the first, each on its own emulator, so
 * the ~10 s waits overlap while, up to 20 boots, no two boots' attempts do (an attempt on a ready device is eight
 * GETs, ~20 ms here, well under STAGGER_MS), and the timing of one is not disturbed by another.
 */
import { startEmulator } from "../emulator";
import { bootPhases } from "./readiness";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const BigIp = require("@f5devcentral/f5-cloud-libs").bigIp;

export interface F5Boot {
    seed: number; readyAfterMs: number;
    /** ready → F5's ready() resolved; undefined when it rejected or did not finish. */
    delayMs?: number;
    /** Its rejection (or that it did not finish within CAP_MS). */
    error?: string;
    /** ready() attempts (each starts with GET /mgmt/shared/echo/available, or is a refused connection). */
    attempts: number;
    totalMs: number;
}

/** Between the starts of two boots (see above). */
export const STAGGER_MS = 500;
/** A boot F5's ready() has not finished by then is reported as not finished (its default would wait 15 minutes). */
export const CAP_MS = 60_000;

export async function f5SeededBoot(seed: number, minMs: number, maxMs: number): Promise<F5Boot> {
    const e = await startEmulator();
    try {
        // f5-cloud-libs verifies no certificate (authn.js: every IControl with strict: false); product given, or it
        // would run tmsh on this machine (util.getProduct).
        const b = new BigIp({ loggerOptions: { console: false, logLevel: "none" } });
        const { total, phases } = bootPhases(seed, minMs, maxMs);
        const start = Date.now();
        e.boot(phases);
        let timer: NodeJS.Timeout | undefined;
        const capped = new Promise<"cap">((resolve) => { timer = setTimeout(() => resolve("cap"), CAP_MS); });
        const outcome = await Promise.race([
            b.init(e.host, "admin", "admin-pw", { port: e.port, product: "BIG-IP" }).then(() => Date.now(), (err: any) => new Error(err?.message ?? String(err))),
            capped,
        ]);
        clearTimeout(timer);
        const ready = start + total;
        const attempts = e.log.filter((l) => l.path === "/mgmt/shared/echo/available" || (l.status === "refused" && l.path === "")).length;
        const base = { seed, readyAfterMs: total, attempts, totalMs: Date.now() - start };
        if (outcome === "cap") return { ...base, error: `ready() had not finished ${CAP_MS / 1000} s after the boot began` };
        if (outcome instanceof Error) return { ...base, error: `rejected: ${outcome.message}` };
        return { ...base, delayMs: outcome - ready };
    } finally {
        await e.close();
    }
}

/** Seeds 1..boots (those of readiness()), started STAGGER_MS apart. */
export async function f5Readiness(boots: number, minMs = 300, maxMs = 3_000): Promise<F5Boot[]> {
    const runs: Promise<F5Boot>[] = [];
    for (let seed = 1; seed <= boots; seed++) {
        if (seed > 1) await new Promise((r) => setTimeout(r, STAGGER_MS));
        runs.push(f5SeededBoot(seed, minMs, maxMs));
    }
    return Promise.all(runs);
}
