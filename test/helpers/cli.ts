/** Runs a command's `main(argv, out, err, env)` in-process and collects what it printed. */
import * as assert from "node:assert/strict";

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
