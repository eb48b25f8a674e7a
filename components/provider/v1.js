"use strict";
/**
 * The stable entry point `@clone-l3/pulumi-clone-across-l3/provider/v1` (package.json `exports`): what the
 * `__provider` text of every BIG-IP resource requires (text.ts). Kept by every release, at this path, with this
 * contract: `provider(type)` returns the dynamic provider for a resource type, able to read, update and delete the
 * state any earlier release wrote.
 *
 * Plain JavaScript, so that it loads the same from the published package (compiled code in dist/) and from a checkout
 * of the repository (TypeScript sources, compiled on load with ts-node — a dev dependency there).
 */
const fs = require("fs");
const path = require("path");

const source = path.join(__dirname, "index.ts");
if (fs.existsSync(source)) {
    // A checkout: register ts-node unless this process already has it (mocha, the language host).
    if (!process[Symbol.for("ts-node.register.instance")]) {
        require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "..", "tsconfig.json") });
    }
    module.exports = require(source);
} else {
    module.exports = require(path.join(__dirname, "..", "..", "dist", "provider", "index.js"));
}
