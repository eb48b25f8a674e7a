/**
 * The package as a user gets it: `npm pack` (which runs prepack → build), then the tarball installed into
 * a throw-away project outside this repository with `npm install`, the way a user adds it to a stack: the
 * project's package.json lists the tarball and the peers it asks for (@pulumi/pulumi, @pulumi/aws,
 * @pulumi/tls), plus the consumer's own tools for the .ts program (typescript, ts-node, @types/node).
 * Every version the consumer asks for is the one this repository's package-lock.json has, and npm resolves
 * them `--prefer-offline` (from npm's cache, which `npm ci` here filled; the registry only for what is not
 * cached). Then the public API is used from there with plain `node` and with ts-node, each registering a
 * whole CloneAcrossL3 under Pulumi mocks.
 *
 * So this proves: the tarball's file list, that `main`/`types` work from inside node_modules, that the
 * compiled code and the shell script it reads are shipped, that the installed tree holds exactly one copy of
 * @pulumi/pulumi, @pulumi/aws and @pulumi/tls (the consumer's own — the package declares them as peers,
 * so npm neither nests a second copy under it nor lets a consumer's incompatible version pass silently),
 * that every module the compiled code requires is a Node built-in or declared (dependency or peer), that the
 * providers' entry point `<package>/provider/v1` resolves through `exports`, and that the published declarations
 * type-check a consumer.
 */
import { ProviderHost } from "../engine/host";
import { startEmulator } from "../emulator";
import { connOf } from "../bigip/rest/helpers";
import { EXAMPLE_MANAGEMENT_CERT_PEM } from "../../stacks/plan/exampleCert";
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { builtinModules } from "node:module";
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
/**
 * The one file shipped outside dist/: the stable entry point `<package>/provider/v1` (package.json `exports`) that
 * every BIG-IP resource's `__provider` text requires; plain JavaScript that loads dist/provider when installed.
 */
const PROVIDER_ENTRY = "components/provider/v1.js";
/** The peers the package asks its consumer for: there must be exactly one copy of each in a consumer's tree. */
const PEERS = ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/tls"];

/** The version of `name` that this repository's package-lock.json installs (what its own tests run against). */
function lockedVersion(name: string): string {
    const lock = JSON.parse(fs.readFileSync(path.join(REPO, "package-lock.json"), "utf8"));
    const version = lock.packages?.[`node_modules/${name}`]?.version;
    assert.ok(version, `${name} is not in package-lock.json`);
    return version;
}

/** Every installed package under `dir`'s node_modules, nested ones too: name → the directories holding a copy. */
function installedCopies(dir: string, found = new Map<string, string[]>()): Map<string, string[]> {
    const nodeModules = path.join(dir, "node_modules");
    if (!fs.existsSync(nodeModules)) return found;
    for (const entry of fs.readdirSync(nodeModules)) {
        if (entry.startsWith(".")) continue;
        const dirs = entry.startsWith("@")
            ? fs.readdirSync(path.join(nodeModules, entry)).map((e) => path.join(nodeModules, entry, e))
            : [path.join(nodeModules, entry)];
        for (const d of dirs) {
            const manifest = path.join(d, "package.json");
            if (!fs.existsSync(manifest)) continue;
            const { name } = JSON.parse(fs.readFileSync(manifest, "utf8"));
            found.set(name, [...(found.get(name) ?? []), d]);
            installedCopies(d, found);
        }
    }
    return found;
}

/** The bare module names `require`d by the compiled JavaScript under `dir` (TypeScript emits imports as require). */
function requiredModules(dir: string): Map<string, string[]> {
    const found = new Map<string, string[]>();
    for (const f of fs.readdirSync(dir, { recursive: true, encoding: "utf8" })) {
        if (!f.endsWith(".js")) continue;
        for (const [, spec] of fs.readFileSync(path.join(dir, f), "utf8").matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
            if (spec.startsWith(".")) continue;
            const pkg = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0];
            found.set(pkg, [...(found.get(pkg) ?? []), f]);
        }
    }
    return found;
}

interface PackJson { filename: string; files: { path: string }[] }
interface RunResult { registered: number; constructed: number; types: string[]; resolvedFrom: string; userData: string[]; providerTexts: Record<string, string> }

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

        timed("npm install (the tarball, its peers, the consumer's tools)", () => {
            fs.mkdirSync(project, { recursive: true });
            for (const f of fs.readdirSync(CONSUMER_FILES)) fs.copyFileSync(path.join(CONSUMER_FILES, f), path.join(project, f));
            fs.writeFileSync(path.join(project, "example-cert.pem"), EXAMPLE_MANAGEMENT_CERT_PEM);
            fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({
                name: "consumer", private: true,
                dependencies: { [NAME]: `file:../${pack.filename}`, ...Object.fromEntries(PEERS.map((p) => [p, lockedVersion(p)])) },
                devDependencies: Object.fromEntries(CONSUMER_TOOLS.map((t) => [t, lockedVersion(t)])),
            }, null, 2));
            // --ignore-scripts: @pulumi/tls's install script would run `pulumi plugin install` where a CLI
            // exists (a download from GitHub); the mocks need no plugin.
            run("npm", ["install", "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], project, consumerEnv());
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
        const outside = files.filter((f) => !f.startsWith("dist/") && !["package.json", "README.md", "LICENSE", PROVIDER_ENTRY].includes(f));
        assert.deepEqual(outside, [], "only dist/, npm's standard files and the provider entry point");
        assert.deepEqual(files.filter((f) => (/^(test|stacks|components)\//.test(f) && f !== PROVIDER_ENTRY) || /(^|\/)Pulumi\..*ya?ml$/.test(f)), []);
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

    it("declares @pulumi/pulumi, @pulumi/aws and @pulumi/tls as peers, and the consumer's tree holds exactly one copy of each", function () {
        const manifest = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8"));
        assert.deepEqual(Object.keys(manifest.peerDependencies ?? {}).sort(), [...PEERS].sort(), "the package's peerDependencies");
        for (const p of PEERS) assert.equal(manifest.dependencies?.[p], undefined, `${p} is a peer, not a dependency (npm could nest a second copy)`);
        assert.ok(manifest.dependencies?.yaml, "yaml stays a dependency (no consumer shares its objects)");

        // Every package.json in the installed tree, nested copies included.
        const copies = installedCopies(project);
        for (const p of PEERS) {
            assert.deepEqual(copies.get(p), [path.join(project, "node_modules", p)], `one ${p}, the consumer's own`);
        }
        // npm's own view agrees: `npm ls` exits non-zero on a missing or invalid (range-violating) peer.
        const listed = run("npm", ["ls", "--all", "--parseable"], project, consumerEnv()).split("\n").filter(Boolean);
        for (const p of PEERS) {
            assert.deepEqual(listed.filter((l) => l.endsWith(`${path.sep}node_modules${path.sep}${p}`)), [path.join(project, "node_modules", p)],
                `npm ls lists one ${p}`);
        }
        // What the consumer asked for is what it got: this repository's locked versions.
        for (const p of PEERS) {
            assert.equal(JSON.parse(fs.readFileSync(path.join(project, "node_modules", p, "package.json"), "utf8")).version, lockedVersion(p));
        }
    });

    it("resolves the provider entry point from the consumer through the package's exports, to the compiled providers", function () {
        const out = run(process.execPath, ["-e", `const m = require(${JSON.stringify(`${NAME}/provider/v1`)});
            console.log(JSON.stringify({ file: require.resolve(${JSON.stringify(`${NAME}/provider/v1`)}), provider: typeof m.provider }));`],
        project, consumerEnv());
        const r = JSON.parse(out.trim().split("\n").pop()!);
        assert.equal(r.file, fs.realpathSync(path.join(installed, PROVIDER_ENTRY)));
        assert.equal(r.provider, "function", "provider(type) from dist/provider");
    });

    it("the SDK's provider host, started in the consumer project, runs the installed package's provider text against a device", async function () {
        const e = await startEmulator();
        const host = await ProviderHost.start({ env: consumerEnv(), cwd: project,
            main: require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js", { paths: [project] }) });
        try {
            const text = JSON.parse(run(process.execPath, ["-e",
                `console.log(JSON.stringify(require(${JSON.stringify(`${NAME}/dist/provider/text.js`)}).providerText("Pool")))`], project, consumerEnv()));
            const urn = "urn:pulumi:test::consumer::pulumi-nodejs:dynamic/clonel3-bigip:Pool::p";
            const checked = await host.check(urn, {}, { connection: connOf(e), name: "pk-pool", members: ["10.254.0.2:0"], __provider: text });
            assert.deepEqual(checked.failures, []);
            const created = await host.create(urn, checked.inputs);
            assert.equal(created.id, "/Common/pk-pool");
            assert.ok(e.get("pool", "/Common/pk-pool"), "the pool is on the device");
            const read = await host.read(created.id, urn, created.properties, checked.inputs);
            assert.equal(read.id, created.id);
            await host.delete(created.id, urn, read.properties);
            assert.equal(e.get("pool", "/Common/pk-pool"), undefined);
        } finally {
            await host.stop();
            await e.close();
        }
    });

    it("requires only Node built-ins and modules it declares (a dependency or a peer)", function () {
        const manifest = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8"));
        const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
        const required = requiredModules(path.join(installed, "dist"));
        for (const p of ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/tls", "yaml"]) assert.ok(required.has(p), `the scan finds ${p}`);
        const undeclared = [...required].filter(([m]) => !declared.has(m) && !builtinModules.includes(m.replace(/^node:/, "")))
            .map(([m, files]) => `${m} (${files.join(", ")})`);
        assert.deepEqual(undeclared, [], "modules the compiled code requires but package.json does not declare");
    });

    function checkRun(r: RunResult): void {
        assert.equal(r.resolvedFrom, fs.realpathSync(path.join(installed, "dist", "index.js")), "the package is loaded from the installed tarball");
        assert.ok(r.registered >= 30, `a whole CloneAcrossL3 registered (${r.registered} resources)`);
        assert.equal(r.registered, r.constructed, "every constructed resource reached the engine");
        assert.ok(!r.types.includes("command:remote:Command"), "no SSH step (issue 15)");
        for (const t of ["clonel3:index:CloneAcrossL3", "aws:ec2/instance:Instance", "tls:index/selfSignedCert:SelfSignedCert", "aws:secretsmanager/secret:Secret",
            "pulumi-nodejs:dynamic/clonel3-bigip:TunnelChain", "pulumi-nodejs:dynamic/clonel3-bigip:ConfigSave"]) {
            assert.ok(r.types.includes(t), `a ${t} was registered`);
        }
        // Issue 13: the provider text is small and names only built-ins and the entry point, installed too.
        assert.ok(Object.keys(r.providerTexts).length >= 5, Object.keys(r.providerTexts).join(", "));
        for (const [type, text] of Object.entries(r.providerTexts)) {
            assert.ok(Buffer.byteLength(text) <= 16 * 1024, `${type}: ${Buffer.byteLength(text)} bytes`);
            assert.deepEqual([...new Set([...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))].sort(), ["module", "path"], type);
            assert.ok(text.includes(`"${NAME}/provider/v1"`), type);
        }
        // The collector's cloud-init and the BIG-IP's first-boot script (issue 15).
        assert.equal(r.userData.length, 2, "two instances have user data");
        assert.equal(r.userData.filter((u: string) => u.startsWith("#!/bin/bash\n# clone-l3 first boot")).length, 1, "the BIG-IP's first boot");
        const doc = parse(r.userData.find((u: string) => u.startsWith("#cloud-config"))!, { version: "1.1" });
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
