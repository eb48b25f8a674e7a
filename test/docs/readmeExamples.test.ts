/**
 * Every ```ts block of README.md type-checks as its own module, with the repository's strict compiler options and
 * the package import resolved to the sources (components/index.ts). One program holds all blocks plus a negative
 * control, so a block with a type error is known to fail.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { componentsEntry, createHost, formatDiagnostics, loadCompilerOptions, packageName, readmePath, repoRoot } from "./program";

/** The body of every fenced block whose info string is `ts` (or `typescript`), with its 1-based README line. */
function extractTsBlocks(markdown: string): { line: number; code: string }[] {
    const blocks: { line: number; code: string }[] = [];
    const lines = markdown.split("\n");
    for (let i = 0; i < lines.length; i++) {
        const open = /^(\s{0,3})(`{3,}|~{3,})\s*(ts|typescript)\s*$/.exec(lines[i]);
        if (!open) continue;
        const fence = open[2];
        const body: string[] = [];
        let j = i + 1;
        while (j < lines.length && !(lines[j].trim().startsWith(fence) && lines[j].trim().replace(/[`~]/g, "") === "")) body.push(lines[j++]);
        blocks.push({ line: i + 1, code: body.join("\n") + "\n" });
        i = j;
    }
    return blocks;
}

describe("docs: README TypeScript examples compile", function () {
    this.timeout(120_000);
    // Virtual files (never written): inside the repository, so @pulumi/* resolve from its node_modules.
    const virtualDir = path.join(repoRoot, "test", "docs", "__readme_examples__");
    const negativePath = path.join(virtualDir, "negative-control.ts");
    const negativeCode = [
        `import { CloneAcrossL3 } from "${packageName}";`,
        `new CloneAcrossL3("bad", { adminCidrs: ["203.0.113.10/32"], encapsulation: "ipip" });`,
        "",
    ].join("\n");
    let blocks: { line: number; code: string; file: string }[];
    let program: ts.Program;

    before(() => {
        blocks = extractTsBlocks(fs.readFileSync(readmePath, "utf8"))
            .map((b, i) => ({ ...b, file: path.join(virtualDir, `example-${i + 1}-line-${b.line}.ts`) }));
        const options: ts.CompilerOptions = {
            ...loadCompilerOptions(),
            noEmit: true,
            moduleDetection: ts.ModuleDetectionKind.Force, // each block is its own module
            paths: { [packageName]: [componentsEntry] },
        };
        const files = new Map([...blocks.map((b) => [b.file, b.code] as const), [negativePath, negativeCode]]);
        program = ts.createProgram({ rootNames: [...files.keys()], options, host: createHost(options, files) });
    });

    const diagnosticsOf = (file: string) => ts.getPreEmitDiagnostics(program, program.getSourceFile(file));

    it("README.md has at least two ts blocks", () => {
        assert.ok(blocks.length >= 2, `expected at least 2 \`\`\`ts blocks in README.md, found ${blocks.length}`);
    });

    it("the package import resolves to the component sources", () => {
        const resolved = ts.resolveModuleName(packageName, negativePath, program.getCompilerOptions(), ts.sys).resolvedModule;
        assert.strictEqual(resolved && path.resolve(resolved.resolvedFileName), componentsEntry);
    });

    it("every ts block compiles with zero diagnostics", () => {
        const failures = blocks.map((b) => {
            const diagnostics = diagnosticsOf(b.file);
            return diagnostics.length === 0 ? "" : `README.md block at line ${b.line}:\n${formatDiagnostics(diagnostics)}`;
        }).filter((f) => f !== "");
        assert.deepStrictEqual(failures, [], failures.join("\n"));
    });

    it("negative control: a block with a type error fails", () => {
        const diagnostics = diagnosticsOf(negativePath);
        assert.ok(diagnostics.some((d) => d.code === 2322 && /"ipip"/.test(ts.flattenDiagnosticMessageText(d.messageText, "\n"))),
            `expected a type error on "ipip", got:\n${formatDiagnostics(diagnostics)}`);
        assert.ok(!diagnostics.some((d) => d.code === 2307), "the package import itself must resolve");
    });

    it("extracts only ts fences", () => {
        const md = "```sh\nnot ts\n```\n\n```ts\nconst a = 1;\n```\n````typescript\nconst b = 2;\n```\n````\n";
        assert.deepStrictEqual(extractTsBlocks(md), [{ line: 5, code: "const a = 1;\n" }, { line: 8, code: "const b = 2;\n```\n" }]);
    });
});
