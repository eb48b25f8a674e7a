/**
 * Every command line (plan, doctor, remote-capture, conformance, bench, docs) follows one convention (stacks/cli/args.ts, issue 14
 * rough edges 1, 8, 9): `--help`/`-h` prints the usage on stdout and exits 0; any bad input exits 2 with exactly one
 * line on stderr naming the option ("unknown option --x", not "Invalid setting"); nothing is echoed that might be a
 * secret; the docs command never rewrites the README unless asked properly. Through each command's `main`, and the
 * docs and bench scripts once through npm as a user runs them.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { main as planMain } from "../../stacks/plan/cli";
import { main as doctorMain } from "../../stacks/doctor/cli";
import { main as captureMain } from "../../stacks/remote-capture/cli";
import { main as conformanceMain } from "../../stacks/conformance/cli";
import { main as benchMain } from "../../stacks/bench/cli";
import { main as docsMain } from "../docs/cli";
import { runCli, runNpmScript } from "../helpers/cli";

const ROOT = path.resolve(__dirname, "../..");
const SECRET = "Hunter2-secret-value";
type Main = Parameters<typeof runCli>[0];

/** Each command with an argv that makes it valid apart from the option under test (the docs command writes to a scratch README). */
let scratchReadme: string;
const COMMANDS: [string, Main][] = [
    ["plan", planMain],
    ["doctor", doctorMain],
    ["remote-capture", captureMain],
    ["conformance", conformanceMain],
    ["bench", benchMain],
    ["docs", (argv, out, err) => docsMain(argv, out, err, { readme: scratchReadme, generate: () => "GENERATED" })],
];

const README_TEXT = "# x\n<!-- BEGIN ARGS REFERENCE (generated) -->\nold\n<!-- END ARGS REFERENCE -->\n";

describe("every command line: --help, and one line for any bad input", function () {
    this.timeout(120_000);
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-options-"));
        scratchReadme = path.join(dir, "README.md");
    });
    beforeEach(() => fs.writeFileSync(scratchReadme, README_TEXT));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** exit 2, nothing on stdout, one line on stderr matching `text`, the secret never shown, the scratch README untouched. */
    const refused = (r: { code: number; out: string; err: string }, text: RegExp, setting = false) => {
        assert.equal(r.code, 2, r.out + r.err);
        assert.equal(r.out, "");
        assert.equal(r.err.trimEnd().split("\n").length, 1, r.err);
        assert.match(r.err, text);
        if (!setting) assert.doesNotMatch(r.err, /Invalid setting/, "a usage problem, not a setting");
        assert.equal(fs.readFileSync(scratchReadme, "utf8"), README_TEXT, "README untouched");
    };

    for (const [name, main] of COMMANDS) {
        describe(name, () => {
            for (const help of ["--help", "-h"]) {
                it(`${help}: the usage on stdout, exit 0, nothing else done`, async () => {
                    const r = await runCli(main, [help], {});
                    assert.equal(r.code, 0, r.err);
                    assert.equal(r.err, "");
                    assert.match(r.out, new RegExp(`^usage: npm run ${name}\\b`));
                    assert.ok(r.out.trimEnd().split("\n").length > 1, "the options are listed");
                    assert.equal(fs.readFileSync(scratchReadme, "utf8"), README_TEXT, "README untouched");
                });
            }

            it("an unknown option: exit 2, \"unknown option --frobnicate\", its value not shown", async () => {
                refused(await runCli(main, ["--frobnicate"], {}, [SECRET]), new RegExp(`^(${name}: )?unknown option --frobnicate \\(npm run ${name} -- --help lists the options\\)\n$`));
                refused(await runCli(main, [`--frobnicate=${SECRET}`], {}, [SECRET]), /unknown option --frobnicate /);
            });

            it("a stray word (perhaps a secret): exit 2, not echoed", async () => {
                refused(await runCli(main, [SECRET], {}, [SECRET]), /unexpected argument \(not shown/);
            });

            it("a flag given a value: exit 2 naming it", async () => {
                refused(await runCli(main, ["--help=yes"], {}), /option --help takes no value/);
            });
        });
    }

    it("options that need a value, without one: exit 2 naming the option", async () => {
        for (const [name, main, option] of [["plan", planMain, "--stack"], ["doctor", doctorMain, "--expect"], ["remote-capture", captureMain, "--filter"],
            ["conformance", conformanceMain, "--partition"], ["bench", benchMain, "--out"]] as [string, Main, string][]) {
            refused(await runCli(main, [option], {}), new RegExp(`^(${name}: )?option ${option} needs a value`));
        }
    });

    it("doctor and remote-capture without --expect: one line, suggesting a file name that does not exist", async () => {
        for (const [name, main] of [["doctor", doctorMain], ["remote-capture", captureMain]] as [string, Main][]) {
            refused(await runCli(main, [], { BIGIP_PASSWORD: "x" }), new RegExp(`^${name}: Invalid setting "--expect": is required: pulumi stack output doctor --json > doctor(-\\d+)?\\.json;`), true);
        }
    });

    it("the doctor given README.md: one line, and never suggests writing over an existing file", async () => {
        const cwd = process.cwd();
        try {
            process.chdir(dir);
            fs.writeFileSync(path.join(dir, "doctor.json"), "{}"); // a file of the default name is there: not to be suggested either
            for (const main of [doctorMain, captureMain]) {
                const r = await runCli(main, ["--expect", path.join(ROOT, "README.md")], { BIGIP_PASSWORD: "x" });
                assert.equal(r.code, 2, r.err);
                assert.equal(r.err.trimEnd().split("\n").length, 1, r.err);
                assert.match(r.err, /README\.md is not JSON/);
                const suggested = [...r.err.matchAll(/> (\S+?)`?(?:\s|$)/g)].map((m) => m[1]);
                assert.ok(suggested.length > 0, r.err);
                for (const s of suggested) assert.ok(!fs.existsSync(path.resolve(dir, s)), `suggests writing over ${s}: ${r.err}`);
            }
        } finally {
            process.chdir(cwd);
        }
    });

    it("the doctor on a refused port, with the default --timeout: fails fast (not after 30 s), exit 3", async () => {
        const port = await new Promise<number>((resolve) => {
            const srv = net.createServer().listen(0, "127.0.0.1", () => {
                const p = (srv.address() as net.AddressInfo).port;
                srv.close(() => resolve(p));
            });
        });
        const file = path.join(dir, "refused.json");
        fs.writeFileSync(file, JSON.stringify({ device: { host: "127.0.0.1", port, username: "admin", tls: { insecure: true } }, tunnelSourceIp: "10.0.2.5",
            paths: [{ collector: "c", tunnel: "/Common/t", pool: "/Common/p", collectorIp: "10.1.1.20", collectorMac: "02:00:00:00:00:01", collectorOverlayIp: "10.254.0.2",
                bigipOverlay: "10.254.0.1/29", encapsulation: "gre", key: 0, mtu: 8963, requiredMtu: 9001 }], attachments: [] }));
        for (const [name, main] of [["doctor", doctorMain], ["remote-capture", captureMain]] as [string, Main][]) {
            const t0 = Date.now();
            const r = await runCli(main, ["--expect", file], { BIGIP_PASSWORD: "x" });
            const took = Date.now() - t0;
            assert.equal(r.code, 3, r.out + r.err);
            assert.equal(r.err.trimEnd().split("\n").length, 1, r.err);
            assert.match(r.err, new RegExp(`^${name}: cannot reach the BIG-IP at 127\\.0\\.0\\.1:${port}: connection refused`));
            assert.ok(took < 5_000, `${name} took ${took} ms`);
        }
    });

    it("npm run docs and npm run bench, as a user runs them: --help and an unknown option never rewrite a file", async function () {
        this.timeout(240_000);
        const files = ["README.md", "BENCHMARKS.md"].map((f) => path.join(ROOT, f));
        const before = files.map((f) => fs.statSync(f).mtimeMs);
        for (const script of ["docs", "bench"]) {
            const help = await runNpmScript(script, ["--help"], ROOT);
            assert.equal(help.status, 0, help.stderr);
            assert.match(help.stdout, new RegExp(`^usage: npm run ${script}\\b`));
            const bad = await runNpmScript(script, ["--frobnicate"], ROOT);
            assert.equal(bad.status, 2, bad.stdout + bad.stderr);
            assert.equal(bad.stdout, "");
            assert.match(bad.stderr, new RegExp(`^${script}: unknown option --frobnicate`));
        }
        assert.deepEqual(files.map((f) => fs.statSync(f).mtimeMs), before, "README.md and BENCHMARKS.md untouched");
    });
});
