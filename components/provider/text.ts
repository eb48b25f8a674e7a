/**
 * The `__provider` text every BIG-IP resource stores in state. Pulumi's dynamic-provider host compiles it with
 * require-from-string and calls `handler()` (@pulumi/pulumi cmd/dynamic-provider: getProvider). Instead of our code
 * serialized by value (85–121 KB per resource, twice in state) or `require`s of internal `dist/` paths (broken by the
 * release that moves a file), the text names only Node built-ins and the package's stable entry point
 * `@clone-l3/pulumi-clone-across-l3/provider/v1`, which every later release keeps and which answers for the state
 * every earlier release wrote. It resolves from the provider host's working directory (the Pulumi project): through
 * node_modules where the package is installed, through the package's own `exports` in a checkout of this repository.
 */

/** The package's name, as a consumer's `require` spells it. */
export const PACKAGE_NAME = "@clone-l3/pulumi-clone-across-l3";

/** The stable, versioned entry point: protocol 1. A later protocol gets a new path; this one is never removed. */
export const PROVIDER_ENTRY = `${PACKAGE_NAME}/provider/v1`;

/** The text for one resource type (`Vlan`, `TunnelChain`, …). Deterministic: the same for every resource of a type. */
export function providerText(type: string): string {
    if (!/^[A-Za-z]+$/.test(type)) throw new Error(`providerText: not a resource type name: ${JSON.stringify(type)}`);
    return [
        `// ${PACKAGE_NAME}: dynamic provider for ${type}. The code is the installed package's, loaded through its stable entry point.`,
        "exports.handler = function () {",
        '    var fromProject = require("module").createRequire(require("path").join(process.cwd(), "__pulumi_dynamic_provider__.js"));',
        `    return fromProject(${JSON.stringify(PROVIDER_ENTRY)}).provider(${JSON.stringify(type)});`,
        "};",
        "",
    ].join("\n");
}
