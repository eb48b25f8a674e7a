/**
 * The command-line conventions every command shares (npm run plan, doctor, remote-capture, bench, docs):
 *   - options as `--name value` or `--name=value`; flags take no value;
 *   - `--help` / `-h`: the usage on stdout, exit 0;
 *   - a problem with the command line itself — an unknown option, a missing value, a stray argument — is a
 *     UsageError: exit 2 and one line naming the option (a bad *value* is a ConfigError naming the option, also 2);
 *   - values are never echoed back for unknown options or stray words: they may be a password typed in the wrong place.
 */

/** The exit codes every command uses: 2 for any bad input, before anything is created or contacted. */
export const EXIT = { ok: 0, failed: 1, usage: 2, device: 3 } as const;

/** A problem with the command line itself (not with a value): exit 2, its message on one line. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

/** One command-line option as a command's own handler sees it (`--name value` or `--name=value`). */
export interface Arg {
    readonly name: string;
    /** The option's value; UsageError when there is none. */
    value(): string;
    /** A flag: true; UsageError when it was given a value (`--json=yes`). */
    flag(): true;
}

/** Where a command's options are listed, for the end of a usage error. */
export const helpHint = (command: string): string => `(npm run ${command} -- --help lists the options)`;

/**
 * Walks argv in order: `--help`/`-h` set `help`; every other option goes to `take` (true when it knows the name).
 * Throws a UsageError for an unknown option (named, its `=value` not shown), a stray argument (not shown), a missing
 * value or a flag given a value; `take` may throw a ConfigError for a bad value.
 */
export function walkOptions(argv: readonly string[], command: string, take: (a: Arg) => boolean): { help: boolean } {
    let help = false;
    for (let i = 0; i < argv.length; i++) {
        const raw = argv[i];
        const eq = raw.startsWith("--") ? raw.indexOf("=") : -1;
        const name = eq > 0 ? raw.slice(0, eq) : raw;
        const inline = eq > 0 ? raw.slice(eq + 1) : undefined;
        const value = (): string => {
            const v = inline ?? argv[++i];
            if (v === undefined || (inline === undefined && v.startsWith("--"))) throw new UsageError(`option ${name} needs a value ${helpHint(command)}`);
            return v;
        };
        const flag = (): true => {
            if (inline !== undefined) throw new UsageError(`option ${name} takes no value ${helpHint(command)}`);
            return true;
        };
        if (name === "--help" || name === "-h") { help = flag(); continue; }
        if (!name.startsWith("-") || name === "-" || name === "--") {
            throw new UsageError(`unexpected argument (not shown: it is not an option, and may be a secret typed in the wrong place) ${helpHint(command)}`);
        }
        if (!take({ name, value, flag })) {
            // Named only when it looks like an option name: anything else may be a secret typed in the wrong place.
            if (!/^--?[A-Za-z][A-Za-z0-9-]{0,40}$/.test(name)) throw new UsageError(`unknown option (not shown: it does not look like an option name) ${helpHint(command)}`);
            throw new UsageError(`unknown option ${name} ${helpHint(command)}`);
        }
    }
    return { help };
}
