/**
 * `npm run bench` as a library (stacks/bench/cli.ts is its thin entry point; test/bench/smoke.test.ts runs it with
 * tiny sizes): the clone path's requests and wall time, ours vs a naive per-object client, at each injected RTT;
 * readiness over seeded boots (ours, and F5's f5-cloud-libs ready() on the same boots); the program's evaluation
 * under mocks per estate size.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import { evaluationRows } from "./evaluation";
import { dataPlane, dataPlaneUnavailable } from "./dataplane";
import { evaluateEstate } from "./program";
import { readiness } from "./readiness";
import { f5Readiness } from "./f5Ready";
import { BenchResult, sizeKey } from "./report";
import { requestRows, Size } from "./requests";
import { NaiveClient } from "./naive";
import { PlannedResource } from "../../stacks/plan/run";
import { stateSize } from "./stateSize";

export interface BenchOptions {
    sizes: Size[];
    latencies: number[];
    boots: number;
    /** A boot is ready after bootMinMs..bootMaxMs (seeded). */
    bootMinMs: number;
    bootMaxMs: number;
    /**
     * Of those seeds (1..f5Boots, same phases), how many F5's f5-cloud-libs ready() also waits for (f5Ready.ts: ~10 s
     * each, started 0.5 s apart, so ~10 s + 0.5 s per boot in all). Default: all of them.
     */
    f5Boots?: number;
    evalSizes: Size[];
    /** Section 5 (needs root): seconds per generator trial and halvings of the rate when a trial loses frames; false: not run. */
    dataPlane: { secondsPerTrial: number; halvings: number } | false;
    progress?: (s: string) => void;
}

export const FULL: BenchOptions = {
    sizes: [{ collectors: 1, virtuals: 1 }, { collectors: 4, virtuals: 10 }],
    latencies: [0, 50],
    boots: 20, bootMinMs: 300, bootMaxMs: 2_500,
    evalSizes: [1, 4].flatMap((collectors) => [1, 10, 50].map((virtuals) => ({ collectors, virtuals }))),
    dataPlane: { secondsPerTrial: 3, halvings: 4 },
};

export async function runBench(o: BenchOptions): Promise<BenchResult> {
    const t = Date.now();
    const say = o.progress ?? (() => undefined);
    const plans = new Map<string, PlannedResource[]>();
    const objectCounts: Record<string, number> = {};
    for (const s of o.sizes) {
        say(`evaluating the program for ${sizeKey(s)} (clone-path resources)`);
        plans.set(sizeKey(s), await evaluateEstate(s.collectors, s.virtuals));
        objectCounts[sizeKey(s)] = NaiveClient.objectsOf(plans.get(sizeKey(s))!);
    }
    say("requests: ours and naive");
    const requests = await requestRows(o.sizes, o.latencies, plans);
    say(`readiness: ${o.boots} seeded boots`);
    const one = plans.get("1x1") ?? await evaluateEstate(1, 1);
    const boots = o.boots ? await readiness(o.boots, one, o.bootMinMs, o.bootMaxMs) : [];
    const nF5 = Math.min(o.f5Boots ?? o.boots, o.boots);
    say(`readiness: F5's f5-cloud-libs ready() on ${nF5} of those boots`);
    const f5Boots = nF5 ? await f5Readiness(nF5, o.bootMinMs, o.bootMaxMs) : [];
    say(`evaluation: ${o.evalSizes.length} child processes`);
    const evaluation = await evaluationRows(o.evalSizes);
    let dataPlaneRows: BenchResult["dataPlane"] = "not run (disabled)";
    if (o.dataPlane) {
        const why = dataPlaneUnavailable();
        say(why ? `data plane: not run (${why})` : "data plane: VXLAN in namespaces");
        dataPlaneRows = why ? `not run: ${why}` : await dataPlane(o.dataPlane.secondsPerTrial, o.dataPlane.halvings);
    }
    const state = Object.fromEntries([...plans].map(([k, p]) => [k, stateSize(p)]));
    return { requests, objectCounts, boots, f5Boots, evaluation, dataPlane: dataPlaneRows, state, runMs: Date.now() - t };
}

export function machine(): string {
    const model = (() => {
        try { return /^model name\s*:\s*(.*)$/m.exec(fs.readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "unknown CPU"; } catch { return os.cpus()[0]?.model ?? "unknown CPU"; }
    })();
    return `${os.availableParallelism()} cores (nproc), ${model}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Linux ${os.release()}, Node ${process.version}`;
}
