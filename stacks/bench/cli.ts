/**
 * `npm run bench -- [--no-write] [--out PATH]`: a thin entry point over runBench (test/bench). Prints the tables and
 * writes BENCHMARKS.md at the repository root (or PATH). Exit 0 when it ran (targets missed or not), 1 on failure,
 * 2 on a bad option (one line, nothing run or written; stacks/cli/args.ts conventions).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { FULL, machine, runBench } from "../../test/bench";
import { benchmarksMarkdown } from "../../test/bench/document";
import { renderTables } from "../../test/bench/report";
import { EXIT, UsageError, walkOptions } from "../cli/args";

const ROOT = path.resolve(__dirname, "../..");

const USAGE = `usage: npm run bench -- [--no-write] [--out PATH]
  Measures REST requests and wall time of the clone path against a naive client, readiness, program evaluation and
  the VXLAN data-plane rate (about 3 minutes), prints the tables and rewrites BENCHMARKS.md.
  --no-write   print only; write no file
  --out PATH   write the Markdown to PATH instead of BENCHMARKS.md
  --help       this text
Exit codes: 0 ran, 2 usage error (nothing run), 1 failed.
`;

export async function main(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
    let write = true, file = path.join(ROOT, "BENCHMARKS.md");
    try {
        const { help } = walkOptions(argv, "bench", (a) => {
            if (a.name === "--no-write") write = !a.flag();
            else if (a.name === "--out") file = path.resolve(a.value());
            else return false;
            return true;
        });
        if (help) { out(USAGE); return EXIT.ok; }
    } catch (e) {
        if (e instanceof UsageError) { err(`bench: ${e.message}\n`); return EXIT.usage; }
        throw e;
    }
    try {
        const res = await runBench({ ...FULL, progress: (s) => err(`bench: ${s}\n`) });
        out(`${renderTables(res)}\nBench run time: ${(res.runMs / 1000).toFixed(0)} s\n`);
        if (write) {
            fs.writeFileSync(file, benchmarksMarkdown(res, { machine: machine(), date: new Date().toISOString().replace(/\.\d+Z$/, " UTC").replace("T", " ") }));
            err(`bench: wrote ${path.relative(process.cwd(), file) || file}\n`);
        }
        return EXIT.ok;
    } catch (e) {
        err(`bench failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
        return EXIT.failed;
    }
}

if (require.main === module) {
    main(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s)).then((code) => process.exit(code));
}
