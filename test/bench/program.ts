/**
 * The stack program evaluated under Pulumi mocks (what `npm run plan` runs) for a given estate size: N collectors
 * and V virtual servers as clone targets (each cloned clientside and serverside to collector v mod N).
 */
import * as path from "node:path";
import { assembleConfig, ROOT, StackConfig } from "../../stacks/plan/config";
import { PlannedResource, runProgram } from "../../stacks/plan/run";

export const PROGRAM = path.join(ROOT, "stacks/index.ts");

export const collectorName = (c: number) => `c${c}`;
export const virtualName = (v: number) => `/Common/app${v}_vs`;

/** The dev stack (this stack creates the BIG-IP), demo off, with `collectors` collectors and `virtuals` clone targets. */
export function estateConfig(collectors: number, virtuals: number): StackConfig {
    const cs = Array.from({ length: collectors }, (_x, c) => ({ name: collectorName(c) }));
    const targets = Array.from({ length: virtuals }, (_x, v) => ["clientside", "serverside"].map((context) => ({
        virtualServer: virtualName(v), context, ...(collectors > 1 ? { collector: collectorName(v % collectors) } : {}),
    }))).flat();
    return assembleConfig({ stack: "dev", set: ["demo=false", `collectors=${JSON.stringify(cs)}`, `cloneTargets=${JSON.stringify(targets)}`] });
}

/** Evaluates the program once; returns what it registered. */
export async function evaluateEstate(collectors: number, virtuals: number): Promise<PlannedResource[]> {
    return (await runProgram(estateConfig(collectors, virtuals), PROGRAM)).resources;
}
