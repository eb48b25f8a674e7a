/**
 * Compiler-API plumbing shared by the docs generator and the docs tests: the repository's tsconfig options, and
 * a compiler host that caches parsed source files for the whole process (building a program over the components
 * parses ~3000 declaration files; the second program in the same mocha run reuses them) and can serve virtual
 * files (README examples) that do not exist on disk.
 */
import * as path from "path";
import * as ts from "typescript";

export const repoRoot = path.resolve(__dirname, "..", "..");
export const componentsEntry = path.join(repoRoot, "components", "index.ts");
export const readmePath = path.join(repoRoot, "README.md");
/** The package name users import; README examples resolve it to the sources. */
export const packageName = "@clone-l3/pulumi-clone-across-l3";

function formatDiagnostics(diagnostics: readonly ts.Diagnostic[]): string {
    return ts.formatDiagnostics(diagnostics, {
        getCanonicalFileName: (f) => f, getCurrentDirectory: () => repoRoot, getNewLine: () => "\n",
    });
}

/** The compiler options of a tsconfig file (default: the repository's tsconfig.json), as `tsc -p` would use them. */
export function loadCompilerOptions(configPath = path.join(repoRoot, "tsconfig.json")): ts.CompilerOptions {
    const problems: ts.Diagnostic[] = [];
    const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
        ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => problems.push(d),
    });
    if (!parsed || problems.length > 0 || parsed.errors.length > 0) {
        throw new Error(`cannot read ${configPath}:\n${formatDiagnostics([...problems, ...(parsed?.errors ?? [])])}`);
    }
    return parsed.options;
}

const sourceFileCache = new Map<string, ts.SourceFile>();

/**
 * A compiler host over the real file system plus `virtualFiles` (absolute path → text). Parsed real files are
 * cached process-wide (keyed by path and language version); virtual files are parsed fresh for each host.
 */
export function createHost(options: ts.CompilerOptions, virtualFiles: ReadonlyMap<string, string> = new Map()): ts.CompilerHost {
    const host = ts.createCompilerHost(options, true);
    const virtual = new Map([...virtualFiles].map(([f, text]) => [path.resolve(f), text]));
    const realGetSourceFile = host.getSourceFile.bind(host);
    return {
        ...host,
        fileExists: (f) => virtual.has(path.resolve(f)) || host.fileExists(f),
        readFile: (f) => virtual.get(path.resolve(f)) ?? host.readFile(f),
        getSourceFile: (f, languageVersionOrOptions, onError, shouldCreate) => {
            const text = virtual.get(path.resolve(f));
            if (text !== undefined) return ts.createSourceFile(f, text, languageVersionOrOptions, true, ts.ScriptKind.TS);
            const version = typeof languageVersionOrOptions === "object" ? languageVersionOrOptions.languageVersion : languageVersionOrOptions;
            const key = `${version}:${path.resolve(f)}`;
            let sf = sourceFileCache.get(key);
            if (!sf) {
                sf = realGetSourceFile(f, languageVersionOrOptions, onError, shouldCreate);
                if (sf) sourceFileCache.set(key, sf);
            }
            return sf;
        },
    };
}

export { formatDiagnostics };
