/**
 * The package as a user gets it: `npm pack` (which runs prepack → build), then the tarball installed into
 * a throw-away project outside this repository, and the public API used from there with plain `node` and
 * with ts-node, each registering a whole CloneAcrossL3 under Pulumi mocks.
 *
 * How the tarball is installed, offline: exactly as npm installs a tarball dependency — its contents unpacked
 * into node_modules/@clone-l3/pulumi-clone-across-l3 — but with `tar` rather than npm, because npm would
 * have to ask the registry to resolve the dependencies. Each dependency that the *packed* package.json
 * declares is then symlinked from this repository's node_modules (after checking that its installed version
 * is the pinned one), plus the consumer's own tools for the .ts program (typescript, ts-node, @types/node).
 * So this proves: the tarball's file list, that `main`/`types` work from inside node_modules, that the
 * compiled code and the shell script it reads are shipped, that every module the package requires at run
 * time is a declared dependency (nothing else is reachable from the temp project's node_modules), and that
 * the published declarations type-check a consumer. It does not prove that npm resolves those dependencies
 * from the registry (they are exact pins, installed here by `npm ci` from package-lock.json).
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { publicTypesReport } from "./publicTypes";

const REPO = path.resolve(__dirname, "..", "..");
const NAME = "@clone-l3/pulumi-clone-across-l3";
const CONSUMER_FILES = path.join(__dirname, "consumer");
const SCRIPT_SOURCE = path.join(REPO, "components", "collector", "scripts", "clone-tunnel.sh");
/** What the consumer's .ts program needs besides the package (a consumer's own devDependencies). */
const CONSUMER_TOOLS = ["typescript", "ts-node", "@types/node"];

interface PackJson { filename: string; files: { path: string }[] }
interface RunResult { registered: number; constructed: number; types: string[]; resolvedFrom: string; userData: string[] }

const timings: string[] = [];
function timed<T>(what: string, f: () => T): T {
    const started = Date.now();
    try {
        return f();
    } finally {
        timings.push(`${what} ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
}

/** Runs a command; on failure the error carries its stdout and stderr. */
function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
    try {
        return execFileSync(file, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
    } catch (e: any) {
        throw new Error(`${[file, ...args].join(" ")} (in ${cwd}) failed: ${e.message}\n--- stdout\n${e.stdout}\n--- stderr\n${e.stderr}`);
    }
}

function resultOf(stdout: string): RunResult {
    const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
    assert.ok(line, `the program printed no RESULT line:\n${stdout}`);
    return JSON.parse(line.slice("RESULT ".length));
}

/** The environment of a consumer's shell: none of this test run's ts-node or npm settings. */
function consumerEnv(): NodeJS.ProcessEnv {
    return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(TS_NODE_|npm_|NODE_OPTIONS$)/i.test(k)));
}

function link(nodeModules: string, name: string): void {
    const target = path.join(REPO, "node_modules", name);
    assert.ok(fs.existsSync(path.join(target, "package.json")), `${name} is not installed in ${REPO}/node_modules (run npm ci)`);
    fs.mkdirSync(path.dirname(path.join(nodeModules, name)), { recursive: true });
    fs.symlinkSync(target, path.join(nodeModules, name), "dir");
}

describe("the packed package, installed into another project", function () {
    this.timeout(180_000);
    let tmp: string;
    let project: string;
    let installed: string;
    let pack: PackJson;
    let tarEntries: string[];

    before(function () {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "clone-l3-pack-"));
        project = path.join(tmp, "consumer");
        installed = path.join(project, "node_modules", ...NAME.split("/"));

        // `npm pack` runs prepack (npm run build); with --json, npm prints only the JSON on stdout.
        const out = timed("npm pack (prepack → build)", () => run("npm", ["pack", "--json", "--pack-destination", tmp], REPO));
        [pack] = JSON.parse(out) as PackJson[];
        const tarball = path.join(tmp, pack.filename);
        tarEntries = run("tar", ["-tzf", tarball], tmp).split("\n").filter(Boolean);

        timed("install (unpack + link dependencies)", () => {
            fs.mkdirSync(installed, { recursive: true });
            run("tar", ["-xzf", tarball, "-C", installed, "--strip-components=1"], tmp);
            const manifest = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8"));
            const nodeModules = path.join(project, "node_modules");
            for (const [dep, version] of Object.entries<string>(manifest.dependencies ?? {})) {
                const have = JSON.parse(fs.readFileSync(path.join(REPO, "node_modules", dep, "package.json"), "utf8")).version;
                assert.equal(have, version, `${dep}: the package pins ${version}, this repo has ${have} installed`);
                link(nodeModules, dep);
            }
            for (const tool of CONSUMER_TOOLS) link(nodeModules, tool);
            for (const f of fs.readdirSync(CONSUMER_FILES)) fs.copyFileSync(path.join(CONSUMER_FILES, f), path.join(project, f));
            fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({
                name: "consumer", private: true,
                dependencies: { [NAME]: `file:../${pack.filename}`, "@pulumi/pulumi": manifest.dependencies["@pulumi/pulumi"] },
            }, null, 2));
        });
    });

    after(function () {
        console.log(`      timings: ${timings.join(", ")}`);
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("ships compiled JavaScript, declarations and the collector script, and no sources, tests or stacks", function () {
        const files = pack.files.map((f) => f.path);
        // npm's own list and the archive agree (entries are under package/).
        assert.deepEqual(tarEntries.map((e) => e.replace(/^package\//, "")).filter((e) => !e.endsWith("/")).sort(), [...files].sort());
        const outside = files.filter((f) => !f.startsWith("dist/") && !["package.json", "README.md", "LICENSE"].includes(f));
        assert.deepEqual(outside, [], "only dist/ and npm's standard files");
        assert.deepEqual(files.filter((f) => /^(test|stacks|components)\//.test(f) || /(^|\/)Pulumi\..*ya?ml$/.test(f)), []);
        assert.deepEqual(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")), [], "no TypeScript sources");
        for (const f of ["dist/index.js", "dist/index.d.ts", "dist/collector/cloudInit.js", "dist/collector/scripts/clone-tunnel.sh"]) {
            assert.ok(files.includes(f), `${f} is in the tarball`);
        }
        assert.equal(fs.readFileSync(path.join(installed, "dist/collector/scripts/clone-tunnel.sh"), "utf8"),
            fs.readFileSync(SCRIPT_SOURCE, "utf8"), "the shipped script is the source script");
        const manifest = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8"));
        for (const key of ["main", "types"]) {
            assert.ok(manifest[key].startsWith("dist/"), `${key} points into dist/`);
            assert.ok(fs.existsSync(path.join(installed, manifest[key])), `${key} (${manifest[key]}) exists in the installed package`);
        }
    });

    function checkRun(r: RunResult): void {
        assert.equal(r.resolvedFrom, fs.realpathSync(path.join(installed, "dist", "index.js")), "the package is loaded from the installed tarball");
        assert.ok(r.registered >= 30, `a whole CloneAcrossL3 registered (${r.registered} resources)`);
        assert.equal(r.registered, r.constructed, "every constructed resource reached the engine");
        for (const t of ["clonel3:index:CloneAcrossL3", "aws:ec2/instance:Instance", "command:remote:Command",
            "pulumi-nodejs:dynamic/clonel3-bigip:TunnelChain", "pulumi-nodejs:dynamic/clonel3-bigip:ConfigSave"]) {
            assert.ok(r.types.includes(t), `a ${t} was registered`);
        }
        assert.equal(r.userData.length, 1, "one instance (the collector) has user data");
        const doc = parse(r.userData[0], { version: "1.1" });
        const script = doc.write_files.find((f: { path: string }) => f.path === "/usr/local/sbin/clone-tunnel");
        assert.ok(script, "the collector user data writes the tunnel script");
        assert.equal(script.content, fs.readFileSync(SCRIPT_SOURCE, "utf8"), "the user data carries the shipped script");
    }

    let jsResult: RunResult;
    it("works from plain node (compiled JavaScript) under Pulumi mocks", function () {
        jsResult = resultOf(timed("node program.js", () => run(process.execPath, ["program.js"], project, consumerEnv())));
        checkRun(jsResult);
        console.log(`      node: ${jsResult.registered} resources registered`);
    });

    it("works from ts-node, type-checked against the published declarations", function () {
        const r = resultOf(timed("ts-node program.ts", () =>
            run(process.execPath, ["-r", "ts-node/register", "program.ts"], project, consumerEnv())));
        checkRun(r);
        console.log(`      ts-node: ${r.registered} resources registered`);
        if (jsResult) assert.equal(r.registered, jsResult.registered, "the same graph as from plain node");
    });

    it("declarations: no type errors, and every type a public Args/Options declaration refers to is exported", function () {
        const report = timed("declarations check", () => publicTypesReport(installed));
        assert.deepEqual(report.diagnostics, []);
        const missing = [...report.unexported].map(([type, from]) => `${type} (used by ${from.join(", ")})`);
        assert.deepEqual(missing, [], "types to export from components/index.ts");
        for (const name of ["ExistingBigIpVpc", "ExistingCollectorVpc", "SubnetCidrs", "Connectivity", "NetworkUnderlayPath", "NicLayout",
            "CollectorAmiOptions", "CollectorCaptureArgs", "BigIpAmiSelection", "AllowService", "CloneContext"]) {
            assert.ok(report.exported.includes(name), `${name} is exported from the package root`);
        }
    });
});
