import * as pulumi from "@pulumi/pulumi";

/**
 * A configuration error that names the offending setting, thrown by the pure validators before any
 * resource is registered, so a bad config never leaves half a stack behind.
 *
 * It is a `pulumi.RunError`: the Node language host (`@pulumi/pulumi` cmd/run) recognises one with
 * `RunError.isInstance` (a marker field, so it works across copies of the SDK too) and reports only its
 * message — `error: Invalid setting "…": …` — instead of "Running program … failed with an unhandled
 * exception" and the whole stack trace. `instanceof ConfigError`, `setting`, `message` and `name` stay as they were.
 */
export class ConfigError extends pulumi.RunError {
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
