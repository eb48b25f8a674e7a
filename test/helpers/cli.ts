/** Runs a command's `main(argv, out, err, env)` in-process and collects what it printed. */
import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";

export interface CliRun { code: number; out: string; err: string }

type Main = (argv: string[], out: (s: string) => void, err: (s: string) => void, env?: NodeJS.ProcessEnv) => Promise<number>;

/** `never`: texts (passwords) that must appear in neither stream. */
export async function runCli(main: Main, argv: string[], env?: NodeJS.ProcessEnv, never: string[] = []): Promise<CliRun> {
    let out = "";
    let err = "";
    const code = await main(argv, (s) => { out += s; }, (s) => { err += s; }, env);
    for (const p of never) assert.ok(!out.includes(p) && !err.includes(p), "a secret was printed");
    return { code, out, err };
}

/**
 * Runs `npm run -s <script> -- <args>` as a newcomer would, asynchronously (not spawnSync: a test's emulator answers
 * from this very process, so the event loop must keep running).
 */
export function runNpmScript(script: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
    return runCommand("npm", ["run", "-s", script, "--", ...args], cwd, env);
}

/** Runs a command line exactly as given (e.g. one the README documents), asynchronously; `env` adds to this process's. */
export function runCommand(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => { stdout += d; });
    child.stderr.on("data", (d) => { stderr += d; });
    return new Promise((resolve) => child.on("close", (status) => resolve({ status, stdout, stderr })));
}
