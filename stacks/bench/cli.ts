/**
 * `npm run bench -- [--no-write] [--out PATH]`: a thin entry point over runBench (test/bench). Prints the tables and
 * writes BENCHMARKS.md at the repository root (or PATH). Exit 0 when it ran (targets missed or not), 1 on failure.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { FULL, machine, runBench } from "../../test/bench";
import { benchmarksMarkdown } from "../../test/bench/document";
import { renderTables } from "../../test/bench/report";

const ROOT = path.resolve(__dirname, "../..");

export async function main(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
    let write = true, file = path.join(ROOT, "BENCHMARKS.md");
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--no-write") write = false;
        else if (argv[i] === "--out" && argv[i + 1]) file = path.resolve(argv[++i]);
        else { err(`usage: npm run bench -- [--no-write] [--out PATH]\n`); return 2; }
    }
    try {
        const res = await runBench({ ...FULL, progress: (s) => err(`bench: ${s}\n`) });
        out(`${renderTables(res)}\nBench run time: ${(res.runMs / 1000).toFixed(0)} s\n`);
        if (write) {
            fs.writeFileSync(file, benchmarksMarkdown(res, { machine: machine(), date: new Date().toISOString().replace(/\.\d+Z$/, " UTC").replace("T", " ") }));
            err(`bench: wrote ${path.relative(process.cwd(), file) || file}\n`);
        }
        return 0;
    } catch (e) {
        err(`bench failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
        return 1;
    }
}

if (require.main === module) {
    main(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s)).then((code) => process.exit(code));
}
