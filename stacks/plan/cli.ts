/**
 * `npm run plan -- [--stack NAME | --config-file PATH] [--set key=value …] [--json]`: a thin entry point over
 * makePlan/renderPlan. Exit 0 with the plan; exit 2 with one line naming the setting when the config is invalid;
 * exit 1 on anything else.
 */
import { ConfigError } from "../../components/common/errors";
import { ConfigOptions } from "./config";
import { makePlan, renderPlan } from "./plan";

const USAGE = "usage: npm run plan -- [--stack NAME | --config-file PATH] [--set key=value ...] [--json]";

export function parseArgs(argv: string[]): ConfigOptions & { json: boolean; help: boolean } {
    const o: ConfigOptions & { json: boolean; help: boolean } = { json: false, help: false, set: [] };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const value = () => {
            const v = argv[++i];
            if (v === undefined || v.startsWith("--")) throw new ConfigError(a, `needs a value (${USAGE})`);
            return v;
        };
        if (a === "--json") o.json = true;
        else if (a === "--help" || a === "-h") o.help = true;
        else if (a === "--stack") o.stack = value();
        else if (a === "--config-file") o.configFile = value();
        else if (a === "--set") o.set!.push(value());
        else if (a.startsWith("--set=")) o.set!.push(a.slice(6));
        else throw new ConfigError(a, `is not an option (${USAGE})`);
    }
    if (o.stack !== undefined && o.configFile !== undefined) throw new ConfigError("--config-file", "cannot be combined with --stack");
    return o;
}

/** Errors that mean "this config is not acceptable": ours, and the Pulumi SDK's own config type/missing errors. */
function isConfigProblem(e: unknown): boolean {
    return e instanceof ConfigError || (e instanceof Error && /^(Missing required configuration variable|Configuration '[^']+' value)/.test(e.message));
}

export async function main(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
    try {
        const o = parseArgs(argv);
        if (o.help) { out(`${USAGE}\n`); return 0; }
        const plan = await makePlan(o);
        out(o.json ? `${JSON.stringify(plan, null, 2)}\n` : renderPlan(plan));
        return 0;
    } catch (e) {
        if (isConfigProblem(e)) { err(`${(e as Error).message}\n`); return 2; }
        err(`plan failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
        return 1;
    }
}

if (require.main === module) {
    // A registration that fails inside the mock runtime surfaces as an unhandled rejection: report it as a config problem if it is one.
    process.on("unhandledRejection", (e) => {
        process.stderr.write(isConfigProblem(e) ? `${(e as Error).message}\n` : `plan failed: ${String((e as Error)?.stack ?? e)}\n`);
        process.exit(isConfigProblem(e) ? 2 : 1);
    });
    main(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s)).then((code) => process.exit(code));
}
