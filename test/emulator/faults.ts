/**
 * Injected trouble: seeded random transient faults, one-shot hard failures, and the phases of a boot.
 */
import { DeviceError, mcpdError, TRANSIENT } from "./errors";

export type FaultKind = "503" | "500" | "401" | "404-not-registered" | "reset" | "latency";

export interface FaultPlan {
    seed: number;
    rate: number;
    kinds?: FaultKind[];
    latencyMs?: number;
    when?: "before" | "after" | "mixed";
    pathFilter?: RegExp;
    exclude?: RegExp;
}

export interface BootPhases { refusedMs?: number; restjavadMs?: number; notRegisteredMs?: number; mcpdMs?: number; notReadyMs?: number }
export type BootPhase = "refused" | "restjavad" | "notRegistered" | "mcpd" | "notReady";

/** Tiny seeded PRNG (mulberry32): same seed, same sequence. */
export function mulberry32(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/**
 * A seed whose first fault rolls hit or miss as `pattern` says (one entry per matching request; each request
 * consumes three numbers: hit, kind, before/after) — for tests that need a fault on an exact request.
 */
export function seedFor(pattern: boolean[], rate: number): number {
    for (let seed = 1; ; seed++) {
        const rng = mulberry32(seed);
        if (pattern.every((hit) => { const r = rng(); rng(); rng(); return (r < rate) === hit; })) return seed;
    }
}

export interface FaultDecision { kind: FaultKind; after: boolean }

const DEFAULT_KINDS: FaultKind[] = ["503", "500", "401", "404-not-registered", "reset"];

const test = (re: RegExp, s: string) => { re.lastIndex = 0; return re.test(s); };

interface HardFailure { method?: string; path: RegExp; status: number; message: string; remaining: number }

export class Faults {
    private plan?: FaultPlan;
    private rng: () => number = Math.random;
    private hard: HardFailure[] = [];
    private interleaved: { method?: string; path: RegExp; fn: () => unknown }[] = [];

    setPlan(plan: FaultPlan | undefined): void {
        this.plan = plan;
        if (plan) this.rng = mulberry32(plan.seed);
    }

    get latencyMs(): number {
        return this.plan?.latencyMs ?? 200;
    }

    /** Rolls for one request. Always draws three numbers, so a request's fate depends only on its position. */
    decide(path: string): FaultDecision | undefined {
        const plan = this.plan;
        if (!plan || (plan.pathFilter && !test(plan.pathFilter, path)) || (plan.exclude && test(plan.exclude, path))) return undefined;
        const [hit, pick, side] = [this.rng(), this.rng(), this.rng()];
        if (hit >= plan.rate) return undefined;
        const kinds = plan.kinds?.length ? plan.kinds : DEFAULT_KINDS;
        const when = plan.when ?? "before";
        return { kind: kinds[Math.floor(pick * kinds.length)], after: when === "after" || (when === "mixed" && side < 0.5) };
    }

    failNext(match: { method?: string; path: RegExp }, status: number, message: string, times = 1): void {
        this.hard.push({ method: match.method?.toUpperCase(), path: match.path, status, message, remaining: times });
    }

    interleaveNext(match: { method?: string; path: RegExp }, fn: () => unknown): void {
        this.interleaved.push({ method: match.method?.toUpperCase(), path: match.path, fn });
    }

    /** The interleaved writer armed for this request, if any (consumes it). */
    takeInterleaved(method: string, path: string): (() => unknown) | undefined {
        const k = this.interleaved.findIndex((x) => (!x.method || x.method === method) && test(x.path, path));
        return k < 0 ? undefined : this.interleaved.splice(k, 1)[0].fn;
    }

    /** The hard failure for this request, if one is armed (consumes it). */
    takeHard(method: string, path: string): DeviceError | undefined {
        const h = this.hard.find((x) => x.remaining > 0 && (!x.method || x.method === method) && test(x.path, path));
        if (!h) return undefined;
        h.remaining--;
        this.hard = this.hard.filter((x) => x.remaining > 0);
        return mcpdError(h.status, h.message);
    }
}

/** The answer of a fault kind (never for `latency`, which only delays). */
export function faultAnswer(kind: FaultKind, path: string): DeviceError | "reset" {
    switch (kind) {
        case "503": return TRANSIENT.restarting503();
        case "500": return TRANSIENT.mcpdLost500();
        case "401": return TRANSIENT.noAuth401(path);
        case "404-not-registered": return TRANSIENT.notRegistered404(path);
        default: return "reset";
    }
}

/** Boot phases run back to back from the `boot()` call. */
export class Boot {
    private start = 0;
    private phases: [BootPhase, number][] = [];

    begin(p: BootPhases): void {
        this.start = Date.now();
        this.phases = [["refused", p.refusedMs ?? 0], ["restjavad", p.restjavadMs ?? 0], ["notRegistered", p.notRegisteredMs ?? 0],
            ["mcpd", p.mcpdMs ?? 0], ["notReady", p.notReadyMs ?? 0]];
    }

    current(now = Date.now()): BootPhase | undefined {
        let t = now - this.start;
        for (const [phase, ms] of this.phases) {
            if (t < ms) return phase;
            t -= ms;
        }
        return undefined;
    }
}
