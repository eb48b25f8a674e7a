/**
 * Runs the scenarios against one device (a BIG-IP, or the emulator in CI) under the safety rules of safety.ts, and
 * reports per scenario: what the emulator assumes, what the device did, agree or disagree, and the raw exchanges of a
 * disagreement. Pure of I/O besides the session it is given: the command (stacks/conformance/cli.ts) opens it.
 */
import { randomBytes } from "crypto";
import { Session } from "../../bigip/rest/types";
import { parseVersion } from "../../bigip/rest/parsers";
import { preflight } from "./preflight";
import { recording } from "./recorder";
import { DEFAULT_PARTITION, checkPartitionName, claimPartition, cleanUp, compareSnapshots, snapshotOutside } from "./safety";
import { SCENARIOS } from "./scenarios";
import { ConformanceReport, Exchange, Scenario, ScenarioContext, ScenarioResult } from "./types";

export interface ConformanceOptions {
    /** The suite's partition. Default `clone_l3_conformance`. */
    readonly partition?: string;
    /** Aborting stops after the scenario in flight; cleanup still runs. */
    readonly signal?: AbortSignal;
    /** The scenarios to run. Default all (SCENARIOS). */
    readonly scenarios?: readonly Scenario[];
    /** Called with each scenario's result as it is known. */
    readonly onResult?: (r: ScenarioResult) => void;
    /** Prefix of every object name (random by default), so no one else's name is ever used. */
    readonly runId?: string;
}

/** Runs the suite on the device behind `session`; `device` only names it in the report. */
export async function runConformance(session: Session, device: { host: string; port: number }, opts: ConformanceOptions = {}): Promise<ConformanceReport> {
    const partition = checkPartitionName(opts.partition ?? DEFAULT_PARTITION);
    const runId = opts.runId ?? `cl3c${randomBytes(3).toString("hex")}`;
    const started = Date.now();
    const version = parseVersion(await session.get("tm/sys/version")) ?? "unknown";
    await preflight(session);
    const before = await snapshotOutside(session, partition);
    await claimPartition(session, partition);
    const created: string[] = [];
    const results: ScenarioResult[] = [];
    let interrupted = false;
    let leftovers: string[] = [];
    let outsideChanges: string[] = [];
    try {
        for (const sc of opts.scenarios ?? SCENARIOS) {
            if (opts.signal?.aborted) { interrupted = true; break; }
            const r = await runOne(sc, session, partition, runId, created);
            results.push(r);
            opts.onResult?.(r);
        }
    } finally {
        // Each step on its own: a failure to clean or to compare is reported, never lost in an exception.
        leftovers = await cleanUp(session, partition, created).catch((e) => [`cleanup failed: ${e instanceof Error ? e.message : String(e)}`]);
        outsideChanges = await snapshotOutside(session, partition).then((after) => compareSnapshots(before, after))
            .catch((e) => [`could not list the objects outside the partition after the run: ${e instanceof Error ? e.message : String(e)}`]);
    }
    return {
        device: { ...device, version }, partition, runId, startedAt: new Date(started).toISOString(), seconds: (Date.now() - started) / 1000,
        results, outsideChanges, leftovers, interrupted: interrupted || opts.signal?.aborted === true,
    };
}

async function runOne(sc: Scenario, session: Session, partition: string, runId: string, created: string[]): Promise<ScenarioResult> {
    const base = { id: sc.id, behaviour: sc.behaviour, evidence: sc.evidence, source: sc.source, scope: sc.scope, assumes: sc.assumes };
    if (sc.scope === "skipped" || !sc.run) return { ...base, verdict: "skipped", note: sc.skipReason ?? "not run on a single device" };
    const log: Exchange[] = [];
    const name = (short: string) => `${runId}-${short}`;
    const ctx: ScenarioContext = {
        s: recording(session, log, partition), partition, name, path: (short) => `/${partition}/${name(short)}`,
        created: (tmPath) => { created.push(tmPath); },
    };
    try {
        const run = await sc.run(ctx);
        // Names carry the run's random prefix: a report compared with another run's (compare.ts) must not see it.
        const observed = run.observed.split(runId).join("<run>");
        const inconclusive = run.inconclusive;
        if (inconclusive) return { ...base, observed, verdict: "skipped", note: inconclusive };
        const agree = observed === sc.assumes;
        return { ...base, observed, verdict: agree ? "agree" : "disagree", ...(agree ? {} : { exchanges: log }) };
    } catch (e) {
        return { ...base, verdict: "error", note: e instanceof Error ? e.message : String(e), exchanges: log };
    }
}
