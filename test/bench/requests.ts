/**
 * Sections 1 and 2: requests and wall time of each operation on the clone path, ours and the naive client's,
 * each on its own fresh emulator (with the virtual servers seeded) at each injected round-trip latency.
 */
import { Emulator, startEmulator } from "../emulator";
import { PlannedResource } from "../../stacks/plan/run";
import { NaiveClient } from "./naive";
import { Measured, Operation, OurStack } from "./ours";
import { evaluateEstate, virtualName } from "./program";

export interface Size { collectors: number; virtuals: number }
export interface RequestRow { size: Size; latencyMs: number; op: Operation; ours: Measured; naive: Measured }

/** Someone else's applications: the virtual servers we clone from, each with its own pool. */
export function seedVirtuals(e: Emulator, virtuals: number): void {
    for (let v = 0; v < virtuals; v++) {
        const name = virtualName(v).split("/")[2];
        e.seed("virtual", { name, destination: `/Common/10.0.3.${v + 1}:443` });
    }
}

async function onEmulator<T>(latencyMs: number, virtuals: number, fn: (e: Emulator) => Promise<T>): Promise<T> {
    const e = await startEmulator({ latencyMs });
    try {
        seedVirtuals(e, virtuals);
        return await fn(e);
    } finally {
        await e.close();
    }
}

export async function requestRows(sizes: Size[], latencies: number[], plans = new Map<string, PlannedResource[]>()): Promise<RequestRow[]> {
    const rows: RequestRow[] = [];
    for (const size of sizes) {
        const key = `${size.collectors}x${size.virtuals}`;
        if (!plans.has(key)) plans.set(key, await evaluateEstate(size.collectors, size.virtuals));
        const resources = plans.get(key)!;
        for (const latencyMs of latencies) {
            const ours = await onEmulator(latencyMs, size.virtuals, (e) => new OurStack(e, resources).run());
            const naive = await onEmulator(latencyMs, size.virtuals, (e) => new NaiveClient(e, resources).run());
            for (const op of Object.keys(ours) as Operation[]) rows.push({ size, latencyMs, op, ours: ours[op], naive: naive[op] });
        }
    }
    return rows;
}
