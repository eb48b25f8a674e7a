/**
 * A refused setting reaches the user as one line. Under `pulumi up` the Node language host (@pulumi/pulumi's
 * cmd/run) reports an error the program throws in one of two ways: a `RunError` (recognised with
 * `RunError.isInstance`, a marker field that works across copies of the SDK) by its message alone, anything
 * else as "Running program … failed with an unhandled exception:" followed by the whole stack. ConfigError is a
 * RunError, so the first applies.
 *
 * The second half runs that host's own entry point (cmd/run/index.js, what the CLI's nodejs language plugin
 * starts, with PULUMI_NODEJS_TYPESCRIPT=true as `runtime: nodejs` TypeScript projects have it) on tiny programs
 * in ./langhost, against Pulumi's mock monitor (preloaded with `node -r`, since there is no engine here). With no
 * engine to send it to, the SDK's log.error prints `error: [runtime] <message>` on stderr — the line the engine
 * would show as `error: <message>`. Transpile-only: type errors are `npm test`'s tsc step's business, and
 * checking them would only make the child slower.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { CloneAcrossL3 } from "../../components/cloneAcrossL3/cloneAcrossL3";
import { ConfigError, check } from "../../components/common/errors";
import { ConfigError as ExportedConfigError } from "../../components";

const REPO = path.resolve(__dirname, "..", "..");
const LANGHOST = path.join(__dirname, "langhost");
/** The host's exit code for "the error was already reported to the user; print nothing more" (cmd/run/index.ts). */
const REPORTED_TO_USER = 32;

interface HostRun { status: number | null; lines: string[]; stderr: string }

/** Runs `program` the way the language host does, under mocks; stderr without colours, as non-empty lines. */
function runInLanguageHost(program: string): HostRun {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(TS_NODE_|NODE_OPTIONS$)/.test(k)));
    const r = spawnSync(process.execPath, [
        "-r", path.join(LANGHOST, "preloadMocks.js"),
        require.resolve("@pulumi/pulumi/cmd/run/index.js"),
        "--monitor=mock", "--project=clone-l3", "--stack=langhost", "--pwd", REPO,
        path.join(LANGHOST, program),
    ], {
        cwd: REPO, encoding: "utf8", timeout: 60_000,
        env: { ...env, PULUMI_NODEJS_TYPESCRIPT: "true", PULUMI_NODEJS_TRANSPILE_ONLY: "true", NO_COLOR: "1" },
    });
    assert.equal(r.error, undefined, `the language host did not run: ${r.error}`);
    // eslint-disable-next-line no-control-regex
    const stderr = r.stderr.replace(/\x1b\[[0-9;]*m/g, "");
    return { status: r.status, stderr, lines: stderr.split("\n").filter((l) => l.trim() !== "") };
}

describe("ConfigError is a pulumi.RunError (one line under `pulumi up`, no stack trace)", () => {
    it("is recognised by the SDK's RunError.isInstance, and stays a ConfigError with its setting, message and name", () => {
        const e = new ConfigError("network.bigipVpcCidr", "must be a /16 to /28");
        assert.ok(pulumi.RunError.isInstance(e), "RunError.isInstance, the check the language host makes");
        assert.ok(require("@pulumi/pulumi/errors").RunError.isInstance(e), "the errors module cmd/run imports agrees");
        assert.ok(e instanceof pulumi.RunError);
        assert.ok(e instanceof ConfigError);
        assert.ok(e instanceof ExportedConfigError, "the class the package root exports");
        assert.ok(e instanceof Error);
        assert.equal(e.name, "ConfigError");
        assert.equal(e.setting, "network.bigipVpcCidr");
        assert.equal(e.message, `Invalid setting "network.bigipVpcCidr": must be a /16 to /28`);
        assert.match(String(e), /^ConfigError: Invalid setting "network\.bigipVpcCidr"/);
        assert.ok(e.stack?.includes("configError.test.ts"), "the stack is still there for debugging (the host just does not print it)");
        assert.throws(() => check(false, "vni", "must be 1..16777215"), (x: unknown) => x instanceof ConfigError && pulumi.RunError.isInstance(x));
    });

    it("what the component throws for a refused setting is one", () => {
        assert.throws(() => new CloneAcrossL3("l3", { adminCidrs: ["0.0.0.0/0"] }), (x: unknown) => {
            assert.ok(x instanceof ConfigError, String(x));
            assert.equal(x.setting, "adminCidrs");
            assert.ok(pulumi.RunError.isInstance(x));
            return true;
        });
    });

    describe("through the Node language host's own run path (cmd/run), under mocks", function () {
        this.timeout(120_000);

        it("a ConfigError from the program is printed as its message alone: one line, no stack", () => {
            const r = runInLanguageHost("configError.ts");
            assert.deepEqual(r.lines, [
                `error: [runtime] Invalid setting "adminCidrs": together these CIDRs cover 4294967296 addresses (widest 0.0.0.0/0), ` +
                "more than a /8: that opens management and SSH to the whole internet; list your own addresses (at most a /8 in total), " +
                "or set allowOpenAdmin: true if you really mean it",
            ], r.stderr);
            assert.equal(r.status, REPORTED_TO_USER, "the host reported it and exits with its 'already shown to the user' code");
        });

        it("(the control) an ordinary Error with the same kind of message is printed with the whole stack", () => {
            const r = runInLanguageHost("plainError.ts");
            assert.match(r.lines[0], /^error: \[runtime\] Running program '.*plainError\.ts' failed with an unhandled exception:$/, r.stderr);
            assert.equal(r.lines[1], `Error: Invalid setting "adminCidrs": an ordinary Error`);
            assert.ok(r.lines.filter((l) => /^\s+at /.test(l)).length >= 3, `a stack trace follows:\n${r.stderr}`);
            assert.equal(r.status, REPORTED_TO_USER);
        });
    });
});
