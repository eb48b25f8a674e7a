/**
 * Section 3, readiness: seeded boots of the emulator (refused connections, then restjavad's 503, "not registered"
 * 404s, mcpd's 500/404, the notReady 503s — the texts of errors-transient.json — each phase a random length, ready
 * at a random moment), and our clone-path create started at the boot's first moment with the connection settings
 * the program registers. Measured: from "ready" to the arrival of our first configuration request (the first POST
 * under /mgmt/tm/ at or after ready; writes refused while booting do not count).
 */
import { startEmulator } from "../emulator";
import { mulberry32 } from "../emulator/faults";
import { PlannedResource } from "../../stacks/plan/run";
import { OurStack } from "./ours";
import { seedVirtuals } from "./requests";

export interface Boot { seed: number; readyAfterMs: number; delayMs: number; totalMs: number }

/** Phase lengths for a seed: the device is ready after `minMs`..`maxMs`, split at random among the five phases. */
export function bootPhases(seed: number, minMs: number, maxMs: number) {
    const rng = mulberry32(seed);
    const total = Math.round(minMs + rng() * (maxMs - minMs));
    const w = Array.from({ length: 5 }, () => rng());
    const sum = w.reduce((a, b) => a + b, 0);
    const ms = w.map((x) => Math.floor((x / sum) * total));
    return { total: ms.reduce((a, b) => a + b, 0), phases: { refusedMs: ms[0], restjavadMs: ms[1], notRegisteredMs: ms[2], mcpdMs: ms[3], notReadyMs: ms[4] } };
}

export async function seededBoot(seed: number, resources: PlannedResource[], minMs: number, maxMs: number): Promise<Boot> {
    const e = await startEmulator();
    try {
        seedVirtuals(e, 1);
        const arrivals: number[] = [];
        const arm = () => e.interleaveNext({ method: "POST", path: /^\/mgmt\/tm\// }, () => { arrivals.push(Date.now()); arm(); });
        arm();
        const stack = new OurStack(e, resources);
        const { total, phases } = bootPhases(seed, minMs, maxMs);
        const start = Date.now();
        e.boot(phases);
        await stack.up();
        const ready = start + total;
        const first = arrivals.find((t) => t >= ready);
        if (first === undefined) throw new Error(`boot ${seed}: no configuration request after ready`);
        return { seed, readyAfterMs: total, delayMs: first - ready, totalMs: Date.now() - start };
    } finally {
        await e.close();
    }
}

export async function readiness(boots: number, resources: PlannedResource[], minMs = 300, maxMs = 3_000): Promise<Boot[]> {
    const out: Boot[] = [];
    for (let seed = 1; seed <= boots; seed++) out.push(await seededBoot(seed, resources, minMs, maxMs));
    return out;
}
