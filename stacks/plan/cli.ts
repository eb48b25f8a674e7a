/**
 * `npm run plan -- [--stack NAME | --config-file PATH] [--set key=value …] [--secret-file KEY=PATH …] [--json]`: a
 * thin entry point over makePlan/renderPlan (options: stacks/cli/args.ts conventions; secrets: secrets.ts). Exit 0
 * with the plan; exit 2 with one line naming the setting or option for any bad input (the config, an option, a
 * secret given on the command line); exit 1 on anything else, with the stack.
 */
import { ConfigError } from "../../components/common/errors";
import { EXIT, UsageError, walkOptions } from "../cli/args";
import { ConfigOptions, loadProject } from "./config";
import { makePlan, renderPlan } from "./plan";
import { secretEnvName, secretInputs } from "./secrets";

/** The usage, with the environment variable of every secret Pulumi.yaml declares. */
const usage = (secretKeys: string[]) => `usage: npm run plan -- [--stack NAME | --config-file PATH] [--set key=value ...] [--secret-file KEY=PATH ...] [--json]
  What a stack would build, evaluated offline under Pulumi's mock runtime: no credentials, no network, nothing created.
  --stack NAME              read stacks/Pulumi.NAME.yaml (default dev)
  --config-file PATH        read this stack file instead
  --set key=value           a setting of Pulumi.yaml (typed per its declaration; objects and lists as JSON), or
                            aws:region; repeatable. Never a secret: npm logs its command line
  --secret-file KEY=PATH    a secret's value from a file (one trailing newline dropped); repeatable
  --json                    one JSON document on stdout; run it as \`npm run -s plan -- --json\` (-s: without npm's
                            banner, so stdout is pure JSON)
  Secrets from the environment (an empty variable counts as unset):
${secretKeys.map((k) => `    ${secretEnvName(k).padEnd(34)} ${k}`).join("\n")}
  A secret given nowhere gets a well-formed placeholder, and the plan says so.
Exit codes: 0 the plan, 2 invalid input (one line naming the setting or option), 1 failed.
`;

export interface PlanCliOptions extends ConfigOptions {
    json: boolean;
    help: boolean;
    secretFiles: string[];
}

/** The options (UsageError/ConfigError on the first problem). */
export function parseArgs(argv: string[]): PlanCliOptions {
    const o: PlanCliOptions = { json: false, help: false, set: [], secretFiles: [] };
    o.help = walkOptions(argv, "plan", (a) => {
        switch (a.name) {
            case "--json": o.json = a.flag(); return true;
            case "--stack": o.stack = a.value(); return true;
            case "--config-file": o.configFile = a.value(); return true;
            case "--set": o.set!.push(a.value()); return true;
            case "--secret-file": o.secretFiles.push(a.value()); return true;
            default: return false;
        }
    }).help;
    if (o.stack !== undefined && o.configFile !== undefined) throw new ConfigError("--config-file", "cannot be combined with --stack");
    return o;
}

/**
 * One line for an input problem: ours (ConfigError, UsageError), and the Pulumi SDK's own config errors (a missing
 * required key, a value of the wrong type) named by the short key; undefined for anything else.
 */
export function inputProblem(e: unknown): string | undefined {
    if (!(e instanceof Error)) return undefined;
    // The SDK prefixes a failure inside an input with where it was: `error serializing property "stdin": …`.
    const line = (s: string) => s.replace(/^(error serializing property "[^"]*": )+/, "").replace(/\s*\n\s*/g, " ").trim();
    if (e instanceof ConfigError || e instanceof UsageError) return line(e.message);
    const short = (k: string) => (k.startsWith("aws:") ? k : k.replace(/^[^:]+:/, ""));
    const missing = /^Missing required configuration variable '([^']+)'/.exec(e.message);
    if (missing) {
        const k = short(missing[1]);
        return `Invalid setting "${k}": is required: set it in the stack file (pulumi config set ${k} …) or give --set ${k}=…`;
    }
    const typed = /^Configuration '([^']+)' value '([^']*)' (.*)$/s.exec(e.message);
    if (typed) return line(`Invalid setting "${short(typed[1])}": ${JSON.stringify(typed[2])} ${typed[3]}`);
    return undefined;
}

export async function main(argv: string[], out: (s: string) => void, err: (s: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<number> {
    try {
        const o = parseArgs(argv);
        const { name, declared } = loadProject(o.root);
        const secretKeys = Object.keys(declared).filter((k) => declared[k].secret);
        if (o.help) { out(usage(secretKeys)); return EXIT.ok; }
        const secretValues = secretInputs(name, secretKeys, Object.keys(declared), env, o.secretFiles);
        const plan = await makePlan({ ...o, secretValues });
        out(o.json ? `${JSON.stringify(plan, null, 2)}\n` : renderPlan(plan));
        return EXIT.ok;
    } catch (e) {
        const problem = inputProblem(e);
        if (problem !== undefined) { err(`${problem}\n`); return EXIT.usage; }
        err(`plan failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
        return EXIT.failed;
    }
}

if (require.main === module) {
    // A rejection after the run (runProgram catches those during it): one line when it is an input problem.
    process.on("unhandledRejection", (e) => {
        const problem = inputProblem(e);
        process.stderr.write(problem !== undefined ? `${problem}\n` : `plan failed: ${String((e as Error)?.stack ?? e)}\n`);
        process.exit(problem !== undefined ? EXIT.usage : EXIT.failed);
    });
    main(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s)).then((code) => process.exit(code));
}
