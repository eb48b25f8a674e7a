/**
 * One program evaluation in its own process (so its peak RSS is its own): `evalChild.ts COLLECTORS VIRTUALS`
 * prints one JSON line { ms, resources, maxRssKb }. ms is the evaluation alone (not node/ts-node start-up);
 * maxRssKb is the whole process's peak (start-up included).
 */
import { evaluateEstate } from "./program";

async function main(): Promise<void> {
    const [collectors, virtuals] = process.argv.slice(2).map(Number);
    const t = process.hrtime.bigint();
    const rs = await evaluateEstate(collectors, virtuals);
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    process.stdout.write(`${JSON.stringify({ ms, resources: rs.length, maxRssKb: process.resourceUsage().maxRSS })}\n`);
}

main().then(() => process.exit(0), (e) => { process.stderr.write(`${e?.stack ?? e}\n`); process.exit(1); });
