/**
 * `npm run plan`'s command line (issue 14): secrets never on argv (from the environment or a file instead), every bad
 * input one line with exit 2, `aws:region` through `--set`, `--json` with whole strings and the text plan with the
 * existing collectors' commands, and the README's `--json` command giving pure JSON on stdout.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../stacks/plan/cli";
import { Plan } from "../../stacks/plan/plan";
import { runCli, runCommand } from "../helpers/cli";

const ROOT = path.resolve(__dirname, "../..");
const CANARY = "Canary-Pw-7f3a91";

/** The plan in-process with exactly `env` (no ambient CLONE_L3_* variables); the canary must never be printed. */
const plan = (argv: string[], env: NodeJS.ProcessEnv = {}) => runCli(main, argv, env, [CANARY]);

/** exit 2, nothing on stdout, one line on stderr matching `text`. */
function refused(r: { code: number; out: string; err: string }, text: RegExp): void {
    assert.equal(r.code, 2, r.out + r.err);
    assert.equal(r.out, "");
    assert.equal(r.err.trimEnd().split("\n").length, 1, r.err);
    assert.match(r.err, text);
}

describe("npm run plan: the command line", function () {
    this.timeout(120_000);
    let dir: string;
    before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-cli-")); });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const write = (name: string, text: string) => { const f = path.join(dir, name); fs.writeFileSync(f, text); return f; };

    describe("secrets are never taken from argv (npm writes its argv to its debug log)", () => {
        for (const arg of [`adminPassword=${CANARY}`, `clone-across-l3:sshPrivateKey=${CANARY}`, `existingBigipPassword=${CANARY}`]) {
            it(`--set ${arg.replace(CANARY, "…")}: exit 2 naming the key, the value never shown`, async () => {
                const key = arg.split("=")[0].replace("clone-across-l3:", "");
                refused(await plan(["--set", arg]), new RegExp(`^Invalid setting "${key}": is a secret, so it is not taken from the command line .*CLONE_L3_`));
                refused(await plan([`--set=${arg}`]), new RegExp(`^Invalid setting "${key}": is a secret`));
            });
        }

        it("from the environment (CLONE_L3_ADMIN_PASSWORD): no placeholder, and the program checks the real value", async () => {
            const ok = await plan(["--json"], { CLONE_L3_ADMIN_PASSWORD: CANARY });
            assert.equal(ok.code, 0, ok.err);
            assert.deepEqual((JSON.parse(ok.out) as Plan).placeholders, []);
            // A value the component refuses (a trailing space) is refused naming the key, without the value.
            refused(await plan([], { CLONE_L3_ADMIN_PASSWORD: `${CANARY} ` }), /^Invalid setting "(bigip\.)?adminPassword": /);
        });

        it("from a file (--secret-file key=PATH, one trailing newline dropped); a non-secret key or an unknown one is refused", async () => {
            const file = write("pw", `${CANARY}\n`);
            const ok = await plan(["--json", "--secret-file", `adminPassword=${file}`]);
            assert.equal(ok.code, 0, ok.err);
            assert.deepEqual((JSON.parse(ok.out) as Plan).placeholders, []);
            refused(await plan(["--secret-file", `encapsulation=${file}`]), /^Invalid setting "encapsulation": is not a secret: give it with --set encapsulation=/);
            refused(await plan(["--secret-file", `nope=${file}`]), /^Invalid setting "nope": is not a setting of this stack/);
            refused(await plan(["--secret-file", `adminPassword=${path.join(dir, "missing")}`]), /^Invalid setting "--secret-file": cannot read .*missing/);
            refused(await plan(["--secret-file", `adminPassword=${file}`], { CLONE_L3_ADMIN_PASSWORD: CANARY }),
                /^Invalid setting "adminPassword": is given twice \(CLONE_L3_ADMIN_PASSWORD and --secret-file\)/);
        });
    });

    describe("every bad input: exit 2, one line naming the setting or option", () => {
        it("--config-file README.md (not a stack file), a directory, a list, a config that is not a mapping", async () => {
            refused(await plan(["--config-file", path.join(ROOT, "README.md")]), /^Invalid setting "--config-file": .*README\.md is not a stack file: .*YAML/);
            refused(await plan(["--config-file", dir]), /^Invalid setting "--config-file": cannot read /);
            refused(await plan(["--config-file", write("list.yaml", "- a\n- b\n")]), /^Invalid setting "--config-file": .*list\.yaml is not a stack file: .*config:/);
            refused(await plan(["--config-file", write("cfg.yaml", "config: [a, b]\n")]), /^Invalid setting "--config-file": .*cfg\.yaml: config: must be a mapping/);
        });

        it("a stack file without adminCidrs: one line naming adminCidrs", async () => {
            refused(await plan(["--config-file", write("noadmin.yaml", "config:\n  aws:region: us-east-1\n")]), /^Invalid setting "adminCidrs": is required/);
        });

        it("a stack name that is not a name, --set without =, an option without its value", async () => {
            refused(await plan(["--stack", "../../etc/passwd"]), /^Invalid setting "--stack": /);
            refused(await plan(["--set", "encapsulation"]), /^Invalid setting "--set": needs key=value/);
            refused(await plan(["--set"]), /^option --set needs a value/);
            refused(await plan(["--config-file"]), /^option --config-file needs a value/);
        });
    });

    describe("aws:region through --set (the troubleshooting table lists it)", () => {
        it("--set aws:region=eu-west-1 plans in eu-west-1", async () => {
            const r = await plan(["--set", "aws:region=eu-west-1", "--json"]);
            assert.equal(r.code, 0, r.err);
            assert.match(r.out, /eu-west-1a/);
            assert.doesNotMatch(r.out, /us-east-1/);
        });

        it("a region that is no region code, and other aws: keys: exit 2 naming them", async () => {
            refused(await plan(["--set", "aws:region=moon-1"]), /^Invalid setting "(aws:)?region": /);
            refused(await plan(["--set", "aws:profile=work"]), /^Invalid setting "aws:profile": .*only aws:region/);
        });
    });

    describe("whole strings", () => {
        const byo = ["--set", 'collectors=[{"name":"ids"},{"name":"lab","existing":{"underlayIp":"10.1.7.7"}}]'];
        it("--json keeps every string whole: the existing collector's commands", async () => {
            const r = await plan([...byo, "--json"]);
            assert.equal(r.code, 0, r.err);
            const p = JSON.parse(r.out) as Plan;
            const commands = (p.outputs.collectorCommands as Record<string, string>).lab;
            assert.ok(commands.length > 500, commands);
            assert.match(commands, /ip link add .*10\.1\.7\.7|10\.1\.7\.7/);
            const truncated: string[] = [];
            const walk = (v: unknown, at: string): void => {
                if (typeof v === "string" && v.endsWith("...")) truncated.push(at);
                else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, `${at}.${k}`);
            };
            walk(p, "plan");
            assert.deepEqual(truncated, []);
        });

        it("the text plan prints the existing collector's commands, whole", async () => {
            const json = JSON.parse((await plan([...byo, "--json"])).out) as Plan;
            const r = await plan(byo);
            assert.equal(r.code, 0, r.err);
            assert.match(r.out, /== Commands to run on existing collector lab ==/);
            // Two runs in one process get different example addresses: compare with the addresses masked.
            const mask = (t: string) => t.replace(/\b\d+\.\d+\.\d+\.\d+\b/g, "A.B.C.D");
            assert.ok(mask(r.out).includes(mask((json.outputs.collectorCommands as Record<string, string>).lab.trimEnd())), "the whole commands");
        });
    });

    it("the README's --json command, spawned as documented, prints pure JSON on stdout", async () => {
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        const m = /^(npm run -s plan -- --json)\b/m.exec(readme);
        assert.ok(m, "README documents `npm run -s plan -- --json`");
        const [cmd, ...args] = m[1].split(" ");
        const r = await runCommand(cmd, args, ROOT);
        assert.equal(r.status, 0, r.stderr);
        const p = JSON.parse(r.stdout) as Plan;
        assert.equal(p.stack, "dev");
    });

    it("--help: the options, the secrets' variables, on stdout, exit 0", async () => {
        const r = await plan(["--help"]);
        assert.equal(r.code, 0);
        assert.equal(r.err, "");
        assert.match(r.out, /^usage: npm run plan -- /);
        for (const o of ["--stack", "--config-file", "--set", "--secret-file", "--json", "CLONE_L3_ADMIN_PASSWORD", "CLONE_L3_SSH_PRIVATE_KEY", "CLONE_L3_EXISTING_BIGIP_PASSWORD"]) {
            assert.ok(r.out.includes(o), o);
        }
    });
});
