/**
 * Reads an installed copy of the package through its published declarations (dist/index.d.ts) with the
 * TypeScript compiler API: the type errors inside those declarations, and the types that a public
 * `…Args` / `…Options` declaration or a parameter of an exported function or constructor refers to but the
 * package root does not export (a user could then not name them when writing args).
 */
import * as path from "node:path";
import * as ts from "typescript";

export interface PublicTypesReport {
    /** Diagnostics in the package's own .d.ts files (dependencies' declarations are not checked). */
    diagnostics: string[];
    /** Names exported from the package root. */
    exported: string[];
    /** Type name → the public declarations that refer to it, for each type of the package the root does not export. */
    unexported: Map<string, string[]>;
}

const TYPE_FLAGS = ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Class | ts.SymbolFlags.Enum;

/** Marked `@internal` (e.g. a constructor parameter only the composing component passes): not for users. */
function isInternal(node: ts.Node): boolean {
    return ts.getJSDocTags(node).some((t) => t.tagName.text === "internal");
}

export function publicTypesReport(packageDir: string): PublicTypesReport {
    const index = path.join(packageDir, "dist", "index.d.ts");
    const program = ts.createProgram([index], {
        strict: true, target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS,
        moduleResolution: ts.ModuleResolutionKind.Node10, types: ["node"], noEmit: true,
    });
    const checker = program.getTypeChecker();
    const ours = (f: string) => path.resolve(f).startsWith(path.resolve(packageDir) + path.sep);
    const ownFiles = program.getSourceFiles().filter((sf) => ours(sf.fileName));

    const diagnostics = [...program.getGlobalDiagnostics(),
        ...ownFiles.flatMap((sf) => [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)])]
        .map((d) => `${d.file ? path.relative(packageDir, d.file.fileName) : ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);

    const rootFile = program.getSourceFile(index);
    const rootSymbol = rootFile && checker.getSymbolAtLocation(rootFile);
    if (!rootSymbol) throw new Error(`${index} is not a module`);
    const resolve = (s: ts.Symbol) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
    const exports = checker.getExportsOfModule(rootSymbol);
    const exportedTargets = new Set(exports.map(resolve));

    const unexported = new Map<string, string[]>();
    const visited = new Set<ts.Symbol>();
    const visit = (symbol: ts.Symbol, from: string) => {
        if (!(symbol.flags & TYPE_FLAGS) || !symbol.declarations?.some((d) => ours(d.getSourceFile().fileName))) return;
        if (!exportedTargets.has(symbol)) {
            unexported.set(symbol.name, [...new Set([...(unexported.get(symbol.name) ?? []), from])]);
        }
        if (visited.has(symbol)) return;
        visited.add(symbol);
        for (const d of symbol.declarations ?? []) walk(d, exportedTargets.has(symbol) ? symbol.name : from);
    };
    const walk = (node: ts.Node, from: string): void => {
        if (ts.isTypeQueryNode(node)) return; // `typeof CONST`: a value, nothing to name
        if (isInternal(node)) return;
        let target: ts.Symbol | undefined;
        if (ts.isTypeReferenceNode(node)) target = checker.getSymbolAtLocation(node.typeName);
        else if (ts.isExpressionWithTypeArguments(node)) target = checker.getSymbolAtLocation(node.expression);
        else if (ts.isImportTypeNode(node)) {
            const t = checker.getTypeFromTypeNode(node);
            target = t.aliasSymbol ?? t.getSymbol();
        }
        if (target) visit(resolve(target), from);
        ts.forEachChild(node, (child) => walk(child, from));
    };
    for (const e of exports) {
        const s = resolve(e);
        if (/(Args|Options)$/.test(e.name)) visit(s, e.name);
        // What a user passes to an exported function or constructor (parameters only: results need no naming).
        for (const d of s.declarations ?? []) {
            const signatures = ts.isFunctionDeclaration(d) ? [d] : ts.isClassDeclaration(d) ? d.members.filter(ts.isConstructorDeclaration) : [];
            for (const p of signatures.flatMap((f) => f.parameters)) if (p.type && !isInternal(p)) walk(p.type, `${e.name}()`);
        }
    }
    return { diagnostics, exported: exports.map((e) => e.name).sort(), unexported };
}
