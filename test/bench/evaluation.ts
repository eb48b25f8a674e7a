/**
 * Section 4: the stack program under mocks (what `npm run plan` evaluates) for each estate size, each run in a
 * child process (evalChild.ts) so wall time and peak RSS are that evaluation's own.
 */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { Size } from "./requests";

export interface EvalRow { size: Size; ms: number; processMs: number; resources: number; maxRssMb: number }

export function evaluateInChild(size: Size): Promise<EvalRow> {
    const t = Date.now();
    return new Promise((resolve, reject) => {
        execFile(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(__dirname, "evalChild.ts"), String(size.collectors), String(size.virtuals)],
            { cwd: path.resolve(__dirname, "../.."), maxBuffer: 1 << 20, timeout: 120_000 }, (err, stdout, stderr) => {
                if (err) return reject(new Error(`evaluation ${size.collectors}x${size.virtuals} failed: ${stderr || err.message}`));
                const r = JSON.parse(stdout.trim().split("\n").pop()!);
                resolve({ size, ms: r.ms, processMs: Date.now() - t, resources: r.resources, maxRssMb: r.maxRssKb / 1024 });
            });
    });
}

export async function evaluationRows(sizes: Size[]): Promise<EvalRow[]> {
    const rows: EvalRow[] = [];
    for (const s of sizes) rows.push(await evaluateInChild(s));
    return rows;
}
