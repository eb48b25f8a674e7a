/**
 * `npm run docs` (= `ts-node test/docs/argsReference.ts --write`): the command line of the args-reference generator.
 * Without `--write` it prints the generated Markdown; with it, it rewrites only the README region between the
 * markers. `--help` prints the usage; an unknown option or a stray argument exits 2 with one line and rewrites
 * nothing (stacks/cli/args.ts conventions).
 */
import * as fs from "fs";
import * as path from "path";
import { EXIT, UsageError, walkOptions } from "../../stacks/cli/args";
import { generateArgsReference, replaceReadmeRegion } from "./argsReference";
import { readmePath } from "./program";

const USAGE = `usage: npm run docs [-- --help]
  Regenerates the "Component arguments" section of README.md (between its ARGS REFERENCE markers) from the doc
  comments of CloneAcrossL3Args and the types inside it; nothing else in the README changes.
  --write   rewrite the README region (npm run docs passes it); without it, print the Markdown on stdout
  --help    this text
Exit codes: 0 done, 2 usage error (nothing written), 1 failed (e.g. an undocumented argument property).
`;

/** What the command works on; tests give a scratch README and a stand-in generator. */
export interface DocsDeps {
    readonly readme?: string;
    readonly generate?: () => string;
}

export async function main(argv: string[], out: (s: string) => void, err: (s: string) => void, deps: DocsDeps = {}): Promise<number> {
    let write = false;
    try {
        const { help } = walkOptions(argv, "docs", (a) => {
            if (a.name !== "--write") return false;
            write = a.flag();
            return true;
        });
        if (help) { out(USAGE); return EXIT.ok; }
    } catch (e) {
        if (e instanceof UsageError) { err(`docs: ${e.message}\n`); return EXIT.usage; }
        throw e;
    }
    try {
        const markdown = (deps.generate ?? (() => generateArgsReference()))();
        if (!write) { out(`${markdown}\n`); return EXIT.ok; }
        const file = deps.readme ?? readmePath;
        const readme = fs.readFileSync(file, "utf8");
        const updated = replaceReadmeRegion(readme, markdown);
        if (updated !== readme) fs.writeFileSync(file, updated);
        out(`${updated === readme ? "unchanged" : "updated"}: ${path.relative(process.cwd(), file) || file} (args reference)\n`);
        return EXIT.ok;
    } catch (e) {
        err(`docs failed: ${e instanceof Error ? e.message : String(e)}\n`);
        return EXIT.failed;
    }
}
