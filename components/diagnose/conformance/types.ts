/**
 * The conformance suite's vocabulary (issue 17): a scenario checks one behaviour the emulator models against a real
 * BIG-IP (or the emulator itself), and says what the emulator assumes, what the device did, and whether they agree.
 */
import { Session } from "../../bigip/rest/types";

/** How a behaviour is known: from a capture or a cited source, or guessed (README *Inference*). */
export type Evidence = "Sourced" | "Inference";

/** What a scenario may do on the device. */
export type Scope =
    /** Writes, only inside the suite's own partition (created and removed by the suite). */
    | "partition"
    /** Reads only (what cannot be scoped to a partition). */
    | "read-only"
    /** Not run on a single device: `skipReason` says why. */
    | "skipped";

/** One request and its answer, as sent and received (credentials scrubbed). */
export interface Exchange {
    method: string;
    path: string;
    body?: unknown;
    /** HTTP status; undefined for a transport failure. */
    status?: number;
    /** The device's answer (or its error message). */
    answer: unknown;
}

/** What a scenario saw. `observed` and the scenario's `assumes` are compared as text. */
export interface Observation {
    observed: string;
    /** Set when the device gave nothing to compare (e.g. no default route to read): the result is then "skipped". */
    inconclusive?: string;
}

/** Everything a scenario may use: a recording session and the names it may create. */
export interface ScenarioContext {
    /** Requests through it are recorded for the report. */
    readonly s: Session;
    /** The suite's partition, e.g. `clone_l3_conformance`. */
    readonly partition: string;
    /** `/<partition>/<run-prefix>-<short>`: a name no one else uses. */
    path(short: string): string;
    /** The bare name part of `path(short)`. */
    name(short: string): string;
    /** Registers an object the suite created, deleted at cleanup (last registered, first deleted). */
    created(tmPath: string): void;
}

export interface Scenario {
    /** Stable id, also written in test/emulator/README.md next to what it checks: `[conformance: <id>]`. */
    readonly id: string;
    /** The behaviour, in one line. */
    readonly behaviour: string;
    readonly evidence: Evidence;
    /** Where the emulator's claim comes from: a README section and, for Sourced, the source. */
    readonly source: string;
    readonly scope: Scope;
    /** What the emulator assumes the device answers, in the form `run` reports. */
    readonly assumes: string;
    /** Why a skipped scenario is not run on one device. */
    readonly skipReason?: string;
    run?(ctx: ScenarioContext): Promise<Observation>;
}

/** One scenario's line of the report. */
export interface ScenarioResult {
    id: string;
    behaviour: string;
    evidence: Evidence;
    source: string;
    scope: Scope;
    assumes: string;
    /** What the device did; absent when skipped. */
    observed?: string;
    verdict: "agree" | "disagree" | "skipped" | "error";
    /** Why skipped, or the error that stopped the scenario. */
    note?: string;
    /** The requests and answers of a disagreement or error (credentials scrubbed). */
    exchanges?: Exchange[];
}

export interface ConformanceReport {
    device: { host: string; port: number; version: string };
    partition: string;
    /** The prefix of every object name of this run (written `<run>` in the observations). */
    runId: string;
    startedAt: string;
    seconds: number;
    results: ScenarioResult[];
    /** Objects outside the partition that differ before and after the run (must be empty). */
    outsideChanges: string[];
    /** What cleanup could not remove (must be empty). */
    leftovers: string[];
    /** Whether the run was interrupted (then `results` holds what ran). */
    interrupted: boolean;
}
