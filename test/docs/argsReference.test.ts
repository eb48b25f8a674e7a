/**
 * The README's "Component arguments" reference is generated from the Args doc comments (test/docs/argsReference.ts)
 * and must match them exactly; every Args property must be documented.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { createArgsProgram, generateArgsReference, readReadmeRegion, replaceReadmeRegion } from "./argsReference";
import { componentsEntry, readmePath } from "./program";

describe("docs: README args reference", function () {
    this.timeout(120_000);
    let program: ts.Program;
    let readme: string;

    before(() => {
        program = createArgsProgram(); // one program over components/index.ts for this file
        readme = fs.readFileSync(readmePath, "utf8");
    });

    it("the README region equals the text generated from the Args doc comments", () => {
        const generated = generateArgsReference({ program });
        assert.strictEqual(readReadmeRegion(readme), generated,
            "README.md's args reference is out of date with the Args doc comments: run `npm run docs`");
    });

    it("lists every property of CloneAcrossL3Args in its table", () => {
        const checker = program.getTypeChecker();
        const entry = checker.getSymbolAtLocation(program.getSourceFile(componentsEntry)!)!;
        const exported = checker.getExportsOfModule(entry).find((s) => s.name === "CloneAcrossL3Args")!;
        const names = checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(checker.getAliasedSymbol(exported))).map((p) => p.name);
        assert.ok(names.length >= 10 && names.includes("adminCidrs") && names.includes("collectors"), `unexpected properties: ${names}`);
        const region = readReadmeRegion(readme);
        const first = region.split(/\n### /)[1] ?? "";
        assert.match(first, /^<a id="args-cloneacrossl3args"><\/a>`CloneAcrossL3Args`/, "the first table is CloneAcrossL3Args (run `npm run docs`)");
        const missing = names.filter((n) => !first.includes(`\n| \`${n}\` |`));
        assert.deepStrictEqual(missing, [], "CloneAcrossL3Args properties missing from the README reference (run `npm run docs`)");
    });

    describe("on a synthetic source", () => {
        let dir: string;
        before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "args-reference-")); });
        after(() => fs.rmSync(dir, { recursive: true, force: true }));

        function generate(source: string): string {
            const file = path.join(dir, `case${fs.readdirSync(dir).length}.ts`);
            fs.writeFileSync(file, source);
            return generateArgsReference({ entryFile: file, rootType: "RootArgs" });
        }

        it("throws for an undocumented property, naming each one", () => {
            assert.throws(() => generate(`
                export interface Inner {
                    /** Documented. */
                    readonly ok: string;
                    readonly missing?: number;
                }
                export interface RootArgs {
                    /** Has a doc comment. */
                    readonly a: string;
                    /** Nested type. */
                    readonly inner?: Inner;
                    readonly bare: boolean;
                }
            `), (e: Error) => /undocumented/.test(e.message) && /\bRootArgs\.bare\b/.test(e.message) && /\bInner\.missing\b/.test(e.message)
                && !/RootArgs\.a\b|Inner\.ok\b/.test(e.message));
        });

        it("renders tables in order of first reference, resolving Omit, with links and defaults", () => {
            const md = generate(`
                type Mode = "a" | "b";
                /** Base settings. */
                export interface Base {
                    /** Kept. Default 1. */
                    readonly kept?: number;
                    /** Dropped by the alias. */
                    readonly dropped: string;
                    /** The mode. Default \`a\`. */
                    readonly mode?: Mode;
                }
                /** Base without \`dropped\`. */
                export type Narrow = Omit<Base, "dropped">;
                /** A leaf. */
                export interface Leaf {
                    /**
                     * First paragraph.
                     *
                     * Second paragraph. Default 7. Ignored sentence.
                     */
                    readonly n?: number;
                }
                export interface RootArgs {
                    /** A list of leaves. */
                    readonly leaves: readonly Leaf[];
                    /** Narrowed base. */
                    readonly narrow?: Narrow;
                    /** Pipes | in docs are escaped. */
                    readonly either?: boolean | Leaf;
                }
            `);
            const headings = [...md.matchAll(/^### <a id="([^"]+)"><\/a>`([^`]+)`$/gm)].map((m) => m[2]);
            assert.deepStrictEqual(headings, ["RootArgs", "Leaf", "Narrow"]);
            assert.ok(md.includes("| `leaves` | [`Leaf`](#args-leaf)`[]` | **required** | A list of leaves. |"), md);
            assert.ok(md.includes("| `either` | `boolean |` [`Leaf`](#args-leaf) | optional | Pipes \\| in docs are escaped. |".replace("boolean |", "boolean \\|")), md);
            assert.ok(md.includes("| `n` | `number` | optional | First paragraph. Default 7. |"), md);
            const narrow = md.slice(md.indexOf("`Narrow`"));
            assert.ok(narrow.includes("| `kept` | `number` | optional | Kept. Default 1. |"), narrow);
            assert.ok(narrow.includes("| `mode` | `Mode` = `\"a\" \\| \"b\"` | optional | The mode. Default `a`. |"), narrow);
            assert.ok(!narrow.includes("`dropped` |"), narrow);
        });
    });

    it("replaces only the marked README region", () => {
        const text = "# t\n\n<!-- BEGIN ARGS REFERENCE (x) -->\nold\nlines\n<!-- END ARGS REFERENCE -->\n\nafter\n";
        const out = replaceReadmeRegion(text, "new\ntext");
        assert.strictEqual(out, "# t\n\n<!-- BEGIN ARGS REFERENCE (x) -->\nnew\ntext\n<!-- END ARGS REFERENCE -->\n\nafter\n");
        assert.strictEqual(readReadmeRegion(out), "new\ntext");
    });
});
