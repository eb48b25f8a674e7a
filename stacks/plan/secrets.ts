/**
 * The plan's secrets without the command line: npm writes its whole command line to its debug log
 * (`~/.npm/_logs/*-debug-0.log`, "verbose argv"), and ps and the shell history show it, so `--set` refuses every key
 * Pulumi.yaml declares `secret: true` (config.ts). A secret comes from the stack file (clear or `secure:`), or:
 *   - the environment: `CLONE_L3_<KEY IN UPPER SNAKE CASE>`, e.g. CLONE_L3_ADMIN_PASSWORD, CLONE_L3_SSH_PRIVATE_KEY,
 *     CLONE_L3_EXISTING_BIGIP_PASSWORD (an empty variable counts as unset, as BIGIP_PASSWORD does for the doctor);
 *   - a file: `--secret-file KEY=PATH` (the path is on the command line, the secret is not; one trailing newline is
 *     dropped, so `echo pw > file` works; a leading `~/` is the home directory).
 * Either one per key; both for one key is refused.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import { ConfigError } from "../../components/common/errors";

/** The environment variable that gives a secret key: `adminPassword` → `CLONE_L3_ADMIN_PASSWORD`. */
export const secretEnvName = (key: string): string => `CLONE_L3_${key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()}`;

/** How to give a secret instead of `--set`, for error messages and the usage. */
export const secretHint = (key: string): string => `export ${secretEnvName(key)}=… or give --secret-file ${key}=PATH`;

/**
 * The secret values given through the environment and `--secret-file KEY=PATH` (`files`), by short key. `secretKeys`
 * are the keys declared secret, `allKeys` every declared key (to tell an unknown key from a plain one).
 */
export function secretInputs(project: string, secretKeys: readonly string[], allKeys: readonly string[], env: NodeJS.ProcessEnv, files: readonly string[],
    read: (file: string) => string = (f) => fs.readFileSync(f, "utf8")): Record<string, string> {
    const values: Record<string, string> = {};
    const from: Record<string, string> = {};
    for (const key of secretKeys) {
        const v = env[secretEnvName(key)];
        if (v !== undefined && v !== "") { values[key] = v; from[key] = secretEnvName(key); }
    }
    for (const f of files) {
        const eq = f.indexOf("=");
        if (eq <= 0) throw new ConfigError("--secret-file", "needs KEY=PATH, e.g. --secret-file adminPassword=~/.secrets/bigip-admin");
        const key = f.slice(0, eq).replace(`${project}:`, "");
        const file = f.slice(eq + 1).replace(/^~(?=\/)/, os.homedir());
        if (!allKeys.includes(key)) throw new ConfigError(key, `is not a setting of this stack (its secrets: ${secretKeys.join(", ")})`);
        if (!secretKeys.includes(key)) throw new ConfigError(key, `is not a secret: give it with --set ${key}=…`);
        if (from[key]) throw new ConfigError(key, `is given twice (${from[key]} and --secret-file): give it once`);
        let text: string;
        try {
            text = read(file);
        } catch (e) {
            throw new ConfigError("--secret-file", `cannot read ${file}: ${(e as Error).message.split("\n")[0]}`);
        }
        values[key] = text.replace(/\r?\n$/, "");
        from[key] = "--secret-file";
    }
    return values;
}
