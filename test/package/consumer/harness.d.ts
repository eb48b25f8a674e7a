import type * as pulumi from "@pulumi/pulumi";

/** See harness.js. */
export declare function run(build: (transformations: pulumi.ResourceTransformation[]) => pulumi.Resource): Promise<void>;
