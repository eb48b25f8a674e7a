/**
 * A configuration error that names the offending setting, thrown by the pure validators before any
 * resource is registered, so a bad config never leaves half a stack behind.
 */
export class ConfigError extends Error {
    constructor(
        /** Dotted path of the setting as the user wrote it, e.g. `network.bigipVpcCidr`. */
        readonly setting: string,
        detail: string,
    ) {
        super(`Invalid setting "${setting}": ${detail}`);
        this.name = "ConfigError";
    }
}

/** Throws a ConfigError for `setting` unless `ok` holds. */
export function check(ok: boolean, setting: string, detail: string): asserts ok {
    if (!ok) throw new ConfigError(setting, detail);
}
