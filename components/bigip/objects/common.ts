/** Small helpers shared by the kind files. */
import * as pulumi from "@pulumi/pulumi";
import { providerText } from "../../provider/text";
import { BigIpConnectionArgs, connectionInput } from "./connection";
import { isUnknown } from "./validation";

/** Keeps only `only` keys (all when omitted) and drops undefined values. */
export function pick(body: Record<string, unknown>, only?: readonly string[]): Record<string, unknown> {
    return Object.fromEntries(Object.entries(body).filter(([k, v]) => v !== undefined && (!only || only.includes(k))));
}

/** `/Common/x` for a bare name; leaves unknown placeholders alone (preview). */
export function qualifyKnown(v: string | undefined, partition = "Common"): string | undefined {
    if (v === undefined || isUnknown(v) || v.startsWith("/")) return v;
    return `/${partition}/${v}`;
}

/** Arguments every BIG-IP resource accepts. */
export interface CommonArgs {
    /** Where the device is and how to log in. The password is always stored as a secret. */
    readonly connection: BigIpConnectionArgs;
    /** Object name on the device. Defaults to the Pulumi resource name. */
    readonly name?: pulumi.Input<string>;
    /** Partition. Defaults to `Common`. */
    readonly partition?: pulumi.Input<string>;
    /** Take over an object of that name that already exists, instead of failing. Default false. */
    readonly adopt?: pulumi.Input<boolean>;
    /** Change to make the next `up` update the object, re-applying every managed field (the code that runs is always the installed package's). */
    readonly providerVersion?: pulumi.Input<string>;
}

/** Resource module in type tokens: `pulumi-nodejs:dynamic/clonel3-bigip:<Type>`. */
export const TOKEN_MODULE = "clonel3-bigip";

/**
 * Base for our dynamic resources: fills common inputs and seeds every declared output with undefined so
 * the engine reports it (pulumi docs, "strongly typed outputs"). A `dynamic.Resource` in all but the provider text:
 * instead of our code serialized by value, `__provider` holds the short text of provider/text.ts, which loads the
 * provider of `type` from the installed package's stable entry point (small, and unbroken by upgrades).
 */
export abstract class BigIpResource extends pulumi.CustomResource {
    declare readonly fullPath: pulumi.Output<string>;

    protected constructor(
        type: string, name: string, args: CommonArgs & Record<string, unknown>, outputs: readonly string[], opts?: pulumi.CustomResourceOptions,
    ) {
        const props: Record<string, unknown> = { ...args, name: args.name ?? name, connection: connectionInput(args.connection) };
        for (const o of ["fullPath", ...outputs]) if (!(o in props)) props[o] = undefined;
        // The key dynamic.Resource fills; the dynamic-provider host compiles it and calls handler().
        props.__provider = providerText(type);
        super(`pulumi-nodejs:dynamic/${TOKEN_MODULE}:${type}`, name, props, opts);
    }
}
