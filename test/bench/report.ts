/**
 * The bench's tables (markdown, printed and written to BENCHMARKS.md) and the verdict on each target of issue 9.
 */
import { EvalRow } from "./evaluation";
import { DataPlaneRow } from "./dataplane";
import { Boot } from "./readiness";
import { F5Boot } from "./f5Ready";
import { RequestRow, Size } from "./requests";
import { StateSize } from "./stateSize";

export interface BenchResult {
    requests: RequestRow[];
    /** Device objects per size key (tunnel profile, tunnel, self IP, ARP, pool, one virtual per attachment). */
    objectCounts: Record<string, number>;
    boots: Boot[];
    /** F5's f5-cloud-libs ready() on the same seeds (the first f5Boots.length of them). */
    f5Boots: F5Boot[];
    evaluation: EvalRow[];
    /** Section 5 rows, or why it did not run. */
    dataPlane: DataPlaneRow[] | string;
    /** Provider text and state bytes of the BIG-IP resources, per size key. */
    state: Record<string, StateSize>;
    runMs: number;
}

/**
 * The same measurement (test/bench/stateSize.ts) on 82c6ca0, the last commit whose resources stored their provider
 * code serialized by value (dynamic.Resource); the dev stack there: 11 BIG-IP resources, 2 064 037 bytes.
 */
export const STATE_BEFORE: Record<string, StateSize> = {
    "1x1": { resources: 9, providerTextMin: 63361, providerTextMax: 123798, stateBytes: 1667570 },
    "4x10": { resources: 36, providerTextMin: 63361, providerTextMax: 123798, stateBytes: 6808837 },
};

/** Issue 13: at most this much provider text per resource. */
export const MAX_PROVIDER_TEXT = 16 * 1024;

export function stateTable(state: Record<string, StateSize>): string {
    const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
    const rows = Object.entries(state).map(([k, s]) => {
        const b = STATE_BEFORE[k];
        const before = b ? `${kb(b.providerTextMin)}–${kb(b.providerTextMax)} | ${kb(b.stateBytes)}` : "– | –";
        return `| ${k.replace("x", " coll × ")} vs | ${s.resources} | ${before} | ${s.providerTextMin}–${s.providerTextMax} B | ${kb(s.stateBytes)} | ${b ? (b.stateBytes / s.stateBytes).toFixed(0) + "×" : "–"} |`;
    });
    return ["| size | BIG-IP resources | before: provider text per resource | before: state | now: provider text per resource | now: state | smaller by |",
        "|---|---:|---:|---:|---:|---:|---:|", ...rows].join("\n");
}

export const sizeKey = (s: Size) => `${s.collectors}x${s.virtuals}`;
const sizeLabel = (s: Size) => `${s.collectors} coll × ${s.virtuals} vs`;
const ms = (x: number) => (x < 10 ? x.toFixed(1) : Math.round(x).toString());
const ratio = (a: number, b: number) => (b === 0 ? (a === 0 ? "–" : "∞") : (a / b).toFixed(2));

export function requestTable(rows: RequestRow[]): string {
    const head = "| size | RTT | operation | ours: requests | ours: ms | naive: requests | naive: ms | requests ours/naive | time ours/naive |\n|---|---:|---|---:|---:|---:|---:|---:|---:|";
    return [head, ...rows.map((r) => `| ${sizeLabel(r.size)} | ${r.latencyMs} ms | ${r.op} | ${r.ours.requests} | ${ms(r.ours.ms)} | ${r.naive.requests} | ${ms(r.naive.ms)} | ${ratio(r.ours.requests, r.naive.requests)} | ${ratio(r.ours.ms, r.naive.ms)} |`)].join("\n");
}

export function stats(xs: number[]): { min: number; median: number; max: number } {
    const s = [...xs].sort((a, b) => a - b);
    const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    return { min: s[0], median, max: s[s.length - 1] };
}

export function readinessTable(boots: Boot[]): string {
    const d = stats(boots.map((b) => b.delayMs));
    const r = stats(boots.map((b) => b.readyAfterMs));
    return ["| boots | ready after (min / median / max) | ready → first configuration request (min / median / max) |", "|---:|---|---|",
        `| ${boots.length} | ${r.min} / ${r.median} / ${r.max} ms | ${d.min} / ${d.median} / ${d.max} ms |`].join("\n");
}

/** Nearest-rank percentile (p in 0..100) of a non-empty list. */
export function percentile(xs: number[], p: number): number {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)];
}

const spread = (xs: number[]) => (xs.length ? `${stats(xs).median} / ${percentile(xs, 90)} / ${stats(xs).max} ms` : "–");

/**
 * Section 3, side by side: ours and F5's ready() on the same seeded boots — a summary (median / p90 / max of the delay
 * after "ready"), what each polls, and one row per seed.
 */
export function f5ReadinessTable(boots: Boot[], f5: F5Boot[]): string {
    const done = f5.filter((b) => b.delayMs !== undefined);
    const failed = f5.filter((b) => b.delayMs === undefined);
    const attempts = f5.map((b) => b.attempts);
    const lines = [
        `Ours beside F5's own client on the same seeded boots (same seeds, same phases, each on a fresh emulator)` +
        (f5.length < boots.length ? `; F5's on the first ${f5.length} of the ${boots.length} seeds only` : "") + ":", "",
        "| client | boots | finished | ready → (median / p90 / max) |", "|---|---:|---:|---|",
        `| ours: first configuration request arrives | ${boots.length} | ${boots.length} | ${spread(boots.map((b) => b.delayMs))} |`,
        `| F5 f5-cloud-libs 4.30.0: \`init()\` → \`ready()\` resolves | ${f5.length} | ${done.length} | ${spread(done.map((b) => b.delayMs!))} |`,
        "",
        "What each polls: F5's `ready()` (`lib/bigIp.js` `BigIp.prototype.ready`) GETs, one after another, five `/available` " +
        "endpoints (`shared/echo`, `shared/identified-devices/config/device-info`, `tm/sys`, `tm/cm`, " +
        "`shared/iapp/package-management-tasks`), `tm/sys/mcp-state` (every phase `running`), then `device-info` and " +
        "`tm/sys/ready` (13.1+, every flag `yes`), and retries the whole series after any failure every 10 000 ms, up to 90 " +
        "times (`lib/util.js` `DEFAULT_RETRY_IGNORE_ERRORS`, what `init()` without a `retry` option uses; a 401: 5 tries 5 000 ms " +
        "apart; not tuned here); ours (`components/bigip/rest/readiness.ts` `waitForReady`) logs in and GETs `/mgmt/tm/sys/ready` only, every " +
        "`readinessIntervalMs` (2 000 ms default, capped at 5 000), and is measured later, at the arrival of its first write.",
    ];
    if (f5.length) {
        lines.push("", (Math.min(...attempts) >= 2
            ? "F5's fixed 10 s interval decides its figure: every boot's first attempt met the booting device and failed, and " +
              "the next came 10 s later, so its delay is about 10 s minus the boot's length (on a boot of minutes it would " +
              "fall anywhere in 0–10 s, where ours falls in 0–2 s plus its login and first write)"
            : "F5's delay depends on where its 10 s interval falls in the boot") +
            ` (attempts per boot: ${[...new Set([Math.min(...attempts), Math.max(...attempts)])].join("–")}).` +
            (failed.length ? ` Not finished: ${failed.map((b) => `seed ${b.seed} (${b.error})`).join("; ")}.` : ""));
    }
    const f5Of = new Map(f5.map((b) => [b.seed, b]));
    const cell = (b?: F5Boot) => (!b ? "not run" : b.delayMs === undefined ? `**${b.error}**` : `${b.delayMs} ms (${b.attempts} attempts)`);
    lines.push("", "<details><summary>Per seed</summary>", "",
        "| seed | ready after | ours: ready → first configuration request | F5: ready → ready() resolved |", "|---:|---:|---:|---:|",
        ...boots.map((b) => `| ${b.seed} | ${b.readyAfterMs} ms | ${b.delayMs} ms | ${cell(f5Of.get(b.seed))} |`), "", "</details>");
    return lines.join("\n");
}

export function evaluationTable(rows: EvalRow[]): string {
    return ["| virtual servers | collectors | resources registered | evaluation wall ms | child process wall ms | peak RSS MB |", "|---:|---:|---:|---:|---:|---:|",
        ...rows.map((r) => `| ${r.size.virtuals} | ${r.size.collectors} | ${r.resources} | ${Math.round(r.ms)} | ${r.processMs} | ${r.maxRssMb.toFixed(0)} |`)].join("\n");
}

export function dataPlaneTable(rows: DataPlaneRow[]): string {
    const k = (x: number) => `${(x / 1000).toFixed(1)} k`;
    return ["| frame (IP) bytes | s per trial | trials | max offered fps | zero-loss fps | zero-loss Mbit/s (frames) | offered / received frames | fragmented | limited by |",
        "|---:|---:|---:|---:|---:|---:|---|---:|---|",
        ...rows.map((r) => `| ${r.frameBytes} (${r.ipBytes}) | ${r.secondsPerTrial} | ${r.trials} | ${k(r.maxOfferedFps)} | ${k(r.zeroLossFps)} | ${((r.zeroLossFps * r.frameBytes * 8) / 1e6).toFixed(0)} | ${r.offered} / ${r.received} | ${r.fragments} | ${r.generatorBound ? "the generator (nothing lost at its maximum)" : "the path (losses above this rate)"} |`)].join("\n");
}

export interface Verdict { target: string; met: boolean | undefined; detail: string }

const find = (rows: RequestRow[], s: string, lat: number, op: string) => rows.find((r) => sizeKey(r.size) === s && r.latencyMs === lat && r.op === op);

export function verdicts(res: BenchResult): Verdict[] {
    const out: Verdict[] = [];
    const c0 = find(res.requests, "1x1", 0, "create");
    if (c0) {
        out.push({ target: "create 1×1 ≤ 16 REST requests", met: c0.ours.requests <= 16,
            detail: `${c0.ours.requests} requests${c0.ours.requests > 16 ? `: missed by ${c0.ours.requests - 16} (${ratio(c0.ours.requests, 16)}× the budget)` : ""}` });
        const f = c0.naive.requests / c0.ours.requests;
        out.push({ target: "create 1×1 ≥ 2× fewer requests than naive", met: f >= 2,
            detail: `naive ${c0.naive.requests} / ours ${c0.ours.requests} = ${f.toFixed(2)}×${f < 2 ? ` (needs ours ≤ ${Math.floor(c0.naive.requests / 2)})` : ""}` });
    }
    const c50 = find(res.requests, "1x1", 50, "create");
    if (c50) {
        const q = c50.ours.ms / c50.naive.ms;
        out.push({ target: "create 1×1 at 50 ms RTT: wall ≤ 0.5× naive", met: q <= 0.5, detail: `${ms(c50.ours.ms)} ms vs ${ms(c50.naive.ms)} ms = ${q.toFixed(2)}×` });
    }
    const free = res.requests.filter((r) => r.op === "no-op up" || r.op === "preview");
    if (free.length) {
        const worst = Math.max(...free.map((r) => r.ours.requests));
        out.push({ target: "no-op up and preview: 0 requests", met: worst === 0, detail: `${worst} requests at most over ${free.length} runs` });
    }
    for (const r of res.requests.filter((x) => x.op === "refresh" && x.latencyMs === 0)) {
        const objects = res.objectCounts[sizeKey(r.size)];
        const count = (re: RegExp) => r.ours.lines.filter((l) => re.test(l)).length;
        const ready = count(/^GET \/mgmt\/tm\/sys\/ready /), gets = count(/^GET /) - ready;
        const logins = count(/^POST \/mgmt\/shared\/authn\/login /), logouts = count(/^DELETE \/mgmt\/shared\/authz\/tokens\//);
        const over = r.ours.requests - (objects + 2);
        out.push({ target: `refresh ${sizeLabel(r.size)}: 1 GET per object + one login/logout`, met: over <= 0,
            detail: `${r.ours.requests} requests = ${gets} GETs for ${objects} device objects + ${logins} login + ${logouts} logout` +
                (ready ? ` + ${ready} readiness check` : "") +
                (over > 0 ? `: missed by ${over}` : "") });
    }
    if (res.boots.length) {
        const d = stats(res.boots.map((b) => b.delayMs));
        out.push({ target: "readiness: first configuration request ≤ 5 s after ready in every boot", met: d.max <= 5000, detail: `max ${d.max} ms over ${res.boots.length} boots` });
    }
    const big = res.evaluation.find((r) => r.size.virtuals === 50 && r.size.collectors === 4);
    if (big) {
        out.push({ target: "evaluation 50 vs × 4 collectors < 10 s", met: big.ms < 10_000, detail: `${(big.ms / 1000).toFixed(1)} s (evaluation; ${(big.processMs / 1000).toFixed(1)} s with node/ts-node start-up)` });
    }
    for (const c of [1, 4]) {
        const rs = res.evaluation.filter((r) => r.size.collectors === c).sort((a, b) => a.size.virtuals - b.size.virtuals);
        if (rs.length < 3) continue;
        // The middle size against the chord from the smallest to the largest: super-linear growth would put it well
        // below the chord. Within 10% (or 500 ms, the run-to-run noise of one evaluation here) counts as linear.
        const [first, mid, last] = [rs[0], rs[1], rs[rs.length - 1]];
        const perVirtual = (last.ms - first.ms) / (last.size.virtuals - first.size.virtuals);
        const expected = first.ms + perVirtual * (mid.size.virtuals - first.size.virtuals);
        const off = mid.ms - expected;
        out.push({ target: `evaluation grows linearly (${c} collector${c > 1 ? "s" : ""})`, met: Math.abs(off) <= Math.max(0.1 * mid.ms, 500),
            detail: `${perVirtual.toFixed(0)} ms and ${((last.maxRssMb - first.maxRssMb) / (last.size.virtuals - first.size.virtuals)).toFixed(2)} MB per added virtual from ${first.size.virtuals} to ${last.size.virtuals} on a fixed ${Math.round(first.ms)} ms; ` +
                `${mid.size.virtuals} virtuals ${Math.round(mid.ms)} ms vs ${Math.round(expected)} ms on the line` });
    }
    const texts = Object.values(res.state);
    if (texts.length) {
        const max = Math.max(...texts.map((s) => s.providerTextMax));
        out.push({ target: "provider text ≤ 16 KB per resource (issue 13)", met: max <= MAX_PROVIDER_TEXT, detail: `${max} bytes at most` });
    }
    if (typeof res.dataPlane !== "string") {
        const f = res.dataPlane.reduce((a, r) => a + r.fragments, 0);
        out.push({ target: "data plane: no cloned frame fragmented (not a numbered target; section 5)", met: f === 0,
            detail: `${f} fragments created or reassembled over ${res.dataPlane.reduce((a, r) => a + r.offered, 0)} frames` });
    }
    return out;
}

export function verdictTable(v: Verdict[]): string {
    return ["| target | met | measured |", "|---|---|---|",
        ...v.map((x) => `| ${x.target} | ${x.met === undefined ? "not measured" : x.met ? "yes" : "**no**"} | ${x.detail} |`)].join("\n");
}

/** Everything measured, as markdown sections (the printed table and the body of BENCHMARKS.md). */
export function renderTables(res: BenchResult): string {
    return [
        "### 1–2. Requests and wall time: ours vs a naive per-object client", "", requestTable(res.requests), "",
        "### 3. Readiness (seeded boots)", "", res.boots.length ? `${readinessTable(res.boots)}\n\n${f5ReadinessTable(res.boots, res.f5Boots)}` : "(not run)", "",
        "### 4. Program evaluation under mocks", "", res.evaluation.length ? evaluationTable(res.evaluation) : "(not run)", "",
        "### 5. Data plane (VXLAN in namespaces, the collector's own tunnel device)", "", typeof res.dataPlane === "string" ? res.dataPlane : dataPlaneTable(res.dataPlane), "",
        "### 6. State: provider text and the BIG-IP resources' inputs + outputs", "", stateTable(res.state), "",
        "### Targets (issues 9 and 13)", "", verdictTable(verdicts(res)), "",
    ].join("\n");
}

/** Our requests for one operation, one per line (to see where the count comes from). */
export function requestLines(res: BenchResult, size: string, op: string): string {
    const r = find(res.requests, size, 0, op);
    return r ? r.ours.lines.map((l, i) => `${String(i + 1).padStart(3)} ${l}`).join("\n") : "(not run)";
}
