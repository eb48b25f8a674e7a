/**
 * Generates the "Component arguments" reference of README.md from the doc comments of `CloneAcrossL3Args` and of
 * every type a user writes inside it, with the TypeScript compiler API (the type checker resolves `Omit<…>`
 * aliases and inherited members, so each table lists exactly the properties a user can write).
 *
 *   npx ts-node test/docs/argsReference.ts           print the Markdown
 *   npx ts-node test/docs/argsReference.ts --write   rewrite the README region (`npm run docs`; options: cli.ts)
 *
 * Rules: one table per object type, `CloneAcrossL3Args` first, then each referenced type in order of first
 * reference; a property's type links to its type's table. Object types declared in the project (interfaces, type
 * aliases, and `Omit`/`Pick`/… of them) get a table; inline type literals (`{ id?: string } & BigIpAmiSelection`)
 * are shown as written, with links for the named types inside them; aliases of literal unions (`Encapsulation`)
 * are shown with their values. Every property listed in a table must have a doc comment, else generation throws
 * naming each undocumented property.
 */
import * as path from "path";
import * as ts from "typescript";
import { componentsEntry, createHost, loadCompilerOptions, repoRoot } from "./program";

export const BEGIN_MARKER = "<!-- BEGIN ARGS REFERENCE";
export const END_MARKER = "<!-- END ARGS REFERENCE -->";

export interface ArgsReferenceOptions {
    /** Module that exports the root type. Default components/index.ts. */
    readonly entryFile?: string;
    /** Exported interface or type alias to document. Default `CloneAcrossL3Args`. */
    readonly rootType?: string;
    /** Default: the repository's tsconfig.json options. */
    readonly compilerOptions?: ts.CompilerOptions;
    /** An existing program containing `entryFile` (skips building one). */
    readonly program?: ts.Program;
}

/** A piece of a rendered type: plain text, or a name linking to a table. */
type Segment = { text: string; anchor?: string };

/** One table to emit. */
interface Table {
    readonly key: string;
    readonly title: string;
    readonly anchor: string;
    readonly type: ts.Type;
    /** Summary of the type's own doc comment. */
    readonly doc: string;
    /** "Declared as …" line (aliases, interfaces with `extends`). */
    readonly declaredAs?: string;
}

const UTILITY_TYPES = new Set(["Omit", "Pick", "Partial", "Required", "Readonly"]);

export function createArgsProgram(entryFile = componentsEntry, compilerOptions = loadCompilerOptions()): ts.Program {
    const options = { ...compilerOptions, noEmit: true };
    return ts.createProgram({ rootNames: [entryFile], options, host: createHost(options) });
}

function compact(text: string): string {
    return text.replace(/\s+/g, " ").replace(/\(\s+/g, "(").replace(/\s+\)/g, ")").replace(/<\s+/g, "<").replace(/\s+>/g, ">").trim();
}

/** Escapes text for a Markdown table cell (outside code spans). */
function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** A code span in a table cell: pipes escaped (GFM splits cells before parsing code spans). */
function code(text: string): string {
    const fence = text.includes("`") ? "``" : "`";
    const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
    return `${fence}${pad}${text.replace(/\|/g, "\\|")}${pad}${fence}`;
}

function slug(title: string): string {
    return "args-" + title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

/**
 * The summary of a doc comment: its first paragraph, plus any sentence of a later paragraph that states a default,
 * plus `@default` tags.
 */
function docSummary(symbol: ts.Symbol, checker: ts.TypeChecker): string {
    const full = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
    const paragraphs = full.split(/\n\s*\n/).map((p) => compact(p)).filter((p) => p !== "");
    const parts = paragraphs.slice(0, 1);
    for (const later of paragraphs.slice(1)) {
        const sentences = later.match(/[^.!?]+[.!?]?/g) ?? [];
        parts.push(...sentences.map((s) => s.trim()).filter((s) => /\bDefault(s|ed)?\b/.test(s)));
    }
    for (const tag of symbol.getJsDocTags(checker)) {
        if (tag.name === "default" || tag.name === "defaultValue") {
            parts.push(`Default ${compact(ts.displayPartsToString(tag.text))}.`);
        }
    }
    return parts.join(" ");
}

export function generateArgsReference(opts: ArgsReferenceOptions = {}): string {
    const entryFile = path.resolve(opts.entryFile ?? componentsEntry);
    const rootName = opts.rootType ?? "CloneAcrossL3Args";
    const program = opts.program ?? createArgsProgram(entryFile, opts.compilerOptions ?? loadCompilerOptions());
    const checker = program.getTypeChecker();
    const entry = program.getSourceFile(entryFile);
    if (!entry) throw new Error(`${entryFile} is not in the program`);
    const moduleSymbol = checker.getSymbolAtLocation(entry);
    const exported = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.name === rootName);
    if (!exported) throw new Error(`${path.relative(repoRoot, entryFile)} does not export ${rootName}`);
    const rootSymbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;

    const isProjectFile = (sf: ts.SourceFile) =>
        !program.isSourceFileDefaultLibrary(sf) && !program.isSourceFileFromExternalLibrary(sf) && !/[\\/]node_modules[\\/]/.test(sf.fileName);
    const isProjectSymbol = (s: ts.Symbol) => (s.declarations ?? []).some((d) => isProjectFile(d.getSourceFile()));
    const resolve = (s: ts.Symbol) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);

    /** Object types with properties get a table; literal unions, primitives, Records etc. do not. */
    const isDocumentedObject = (type: ts.Type): boolean => {
        if (type.isUnion()) return false;
        if (!(type.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection))) return false;
        if (checker.isArrayType(type) || checker.isTupleType(type)) return false;
        if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) return false;
        return checker.getPropertiesOfType(type).length > 0;
    };
    const literalUnion = (type: ts.Type): string | undefined => {
        if (!type.isUnion()) return undefined;
        const literal = ts.TypeFlags.StringLiteral | ts.TypeFlags.NumberLiteral | ts.TypeFlags.BooleanLiteral | ts.TypeFlags.Undefined;
        return type.types.every((t) => t.flags & literal) ? type.types.map((t) => checker.typeToString(t)).join(" | ") : undefined;
    };

    const tables: Table[] = [];
    const byKey = new Map<string, Table>();
    const usedAnchors = new Set<string>();
    const addTable = (key: string, title: string, type: ts.Type, doc: string, declaredAs?: string): Table => {
        const existing = byKey.get(key);
        if (existing) return existing;
        let anchor = slug(title);
        for (let i = 2; usedAnchors.has(anchor); i++) anchor = `${slug(title)}-${i}`;
        usedAnchors.add(anchor);
        const table: Table = { key, title, anchor, type, doc, declaredAs };
        tables.push(table);
        byKey.set(key, table);
        return table;
    };
    const symbolKey = (s: ts.Symbol) => {
        const d = s.declarations?.[0];
        return d ? `${d.getSourceFile().fileName}:${d.pos}` : s.name;
    };
    const tableForSymbol = (s: ts.Symbol): Table => {
        const decl = s.declarations?.find((d) => ts.isInterfaceDeclaration(d) || ts.isTypeAliasDeclaration(d));
        let declaredAs: string | undefined;
        if (decl && ts.isTypeAliasDeclaration(decl)) declaredAs = compact(decl.type.getText());
        if (decl && ts.isInterfaceDeclaration(decl) && decl.heritageClauses) {
            declaredAs = `interface ${s.name} ${decl.heritageClauses.map((h) => compact(h.getText())).join(" ")}`;
        }
        return addTable(symbolKey(s), s.name, checker.getDeclaredTypeOfSymbol(s), docSummary(s, checker), declaredAs);
    };

    /** Renders a type node as written (compactly: no `readonly`, `pulumi.Input` as `Input`), queueing tables. */
    const literalNotes = new Map<string, string>();
    const render = (node: ts.TypeNode): Segment[] => {
        const text = (t: string): Segment[] => [{ text: t }];
        const join = (parts: Segment[][], sep: string): Segment[] =>
            parts.flatMap((p, i) => (i === 0 ? p : [...text(sep), ...p]));
        if (ts.isParenthesizedTypeNode(node)) return [...text("("), ...render(node.type), ...text(")")];
        if (ts.isArrayTypeNode(node)) {
            const el = node.elementType;
            const inner = render(el);
            return ts.isUnionTypeNode(el) || ts.isIntersectionTypeNode(el) || ts.isFunctionTypeNode(el)
                ? [...text("("), ...inner, ...text(")[]")] : [...inner, ...text("[]")];
        }
        if (ts.isTypeOperatorNode(node) && node.operator === ts.SyntaxKind.ReadonlyKeyword) return render(node.type);
        if (ts.isUnionTypeNode(node)) return join(node.types.map(render), " | ");
        if (ts.isIntersectionTypeNode(node)) return join(node.types.map(render), " & ");
        if (ts.isTypeLiteralNode(node)) {
            const members = node.members.map((m): Segment[] => {
                if (ts.isPropertySignature(m) && m.type) {
                    return [...text(`${m.name.getText()}${m.questionToken ? "?" : ""}: `), ...render(m.type)];
                }
                return text(compact(m.getText()).replace(/^readonly /, "").replace(/;$/, ""));
            });
            return members.length === 0 ? text("{}") : [...text("{ "), ...join(members, "; "), ...text(" }")];
        }
        if (ts.isTypeReferenceNode(node)) {
            const written = node.typeName.getText();
            const name = written.replace(/^pulumi\./, "");
            const target = checker.getSymbolAtLocation(node.typeName);
            const symbol = target && resolve(target);
            // Omit<ProjectType, …> and friends: a table of the resolved type, titled as written.
            if (symbol && UTILITY_TYPES.has(symbol.name) && !isProjectSymbol(symbol) && node.typeArguments?.[0]
                && ts.isTypeReferenceNode(node.typeArguments[0])) {
                const inner = checker.getSymbolAtLocation(node.typeArguments[0].typeName);
                const type = checker.getTypeFromTypeNode(node);
                if (inner && isProjectSymbol(resolve(inner)) && isDocumentedObject(type)) {
                    const title = compact(node.getText());
                    return [{ text: title, anchor: addTable(`utility:${title}`, title, type, docSummary(resolve(inner), checker)).anchor }];
                }
            }
            const args = node.typeArguments ? [...text("<"), ...join(node.typeArguments.map(render), ", "), ...text(">")] : [];
            if (symbol && isProjectSymbol(symbol) && symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) {
                const type = checker.getDeclaredTypeOfSymbol(symbol);
                if (isDocumentedObject(type)) return [{ text: name, anchor: tableForSymbol(symbol).anchor }, ...args];
                const values = literalUnion(type);
                if (values) literalNotes.set(name, values);
                return [...text(name), ...args];
            }
            return [...text(name), ...args];
        }
        return text(compact(node.getText()));
    };

    /** Segments → Markdown: runs of plain text in code spans, linked names as links around a code span. */
    const toMarkdown = (segments: Segment[]): string => {
        const out: string[] = [];
        let plain = "";
        const flush = () => {
            const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(plain)!;
            out.push(m[2] === "" ? plain : `${m[1]}${code(m[2])}${m[3]}`);
            plain = "";
        };
        for (const s of segments) {
            if (s.anchor) {
                flush();
                out.push(`[${code(s.text)}](#${s.anchor})`);
            } else {
                plain += s.text;
            }
        }
        flush();
        return out.join("");
    };

    /** The type node a property was written with (for mapped properties of `Omit`, the original declaration's). */
    const propertyTypeNode = (prop: ts.Symbol): ts.TypeNode | undefined => {
        for (const d of prop.declarations ?? []) {
            if ((ts.isPropertySignature(d) || ts.isPropertyDeclaration(d)) && d.type) return d.type;
        }
        return undefined;
    };

    const root = tableForSymbol(rootSymbol);
    if (!isDocumentedObject(root.type)) throw new Error(`${rootName} is not an object type with properties`);

    const undocumented: string[] = [];
    const sections: string[] = [];
    for (let i = 0; i < tables.length; i++) { // tables grows while rendering: order of first reference
        const table = tables[i];
        const lines: string[] = [`### <a id="${table.anchor}"></a>${code(table.title)}`, ""];
        if (table.doc) lines.push(table.doc, "");
        if (table.declaredAs) lines.push(`Declared as ${code(table.declaredAs)}.`, "");
        lines.push("| property | type | required | description |", "|---|---|---|---|");
        for (const prop of checker.getPropertiesOfType(table.type)) {
            literalNotes.clear();
            const typeNode = propertyTypeNode(prop);
            const typeCell = typeNode
                ? toMarkdown(render(typeNode))
                : code(checker.typeToString(checker.getTypeOfSymbol(prop)));
            // Aliases of literal unions are shown with their values: `Encapsulation` = `"gre" | "vxlan"`.
            const notes = [...literalNotes].map(([n, v]) => `${code(n)} = ${code(v)}`);
            if (notes.length === 1 && typeCell === code([...literalNotes.keys()][0])) notes[0] = notes[0].slice(typeCell.length);
            const required = prop.flags & ts.SymbolFlags.Optional ? "optional" : "**required**";
            const doc = docSummary(prop, checker);
            if (doc === "") undocumented.push(`${table.title}.${prop.name}`);
            const typeText = notes.length === 1 && notes[0].startsWith(" = ") ? typeCell + notes[0] : [typeCell, ...notes].join("<br>");
            lines.push(`| ${code(prop.name)} | ${typeText} | ${required} | ${cell(doc)} |`);
        }
        sections.push(lines.join("\n"));
    }
    if (undocumented.length > 0) {
        throw new Error(`undocumented argument properties (every Args field needs a doc comment): ${undocumented.join(", ")}`);
    }
    const intro = `Every property of ${code(rootName)} (the component's second argument), then of each type written inside it, `
        + "in order of first reference. Types link to their table.";
    return [intro, ...sections].join("\n\n");
}

/** The lines strictly between the BEGIN and END marker lines of the README. */
function regionBounds(readme: string): { lines: string[]; begin: number; end: number } {
    const lines = readme.split("\n");
    const begin = lines.findIndex((l) => l.startsWith(BEGIN_MARKER));
    const end = lines.findIndex((l, i) => i > begin && l.trim() === END_MARKER);
    if (begin < 0 || end < 0) throw new Error(`README.md has no "${BEGIN_MARKER} …" / "${END_MARKER}" region`);
    return { lines, begin, end };
}

export function readReadmeRegion(readme: string): string {
    const { lines, begin, end } = regionBounds(readme);
    return lines.slice(begin + 1, end).join("\n");
}

/** The README with only the region between the markers replaced by `generated`. */
export function replaceReadmeRegion(readme: string, generated: string): string {
    const { lines, begin, end } = regionBounds(readme);
    return [...lines.slice(0, begin + 1), ...generated.split("\n"), ...lines.slice(end)].join("\n");
}

if (require.main === module) {
    // The command line (options, --help, exit codes): test/docs/cli.ts.
    import("./cli").then(({ main }) => main(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s)))
        .then((code) => { process.exitCode = code; });
}
