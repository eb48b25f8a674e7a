"use strict";
/**
 * Preloaded (`node -r`) before the Node language host's entry point, so the program it runs talks to Pulumi's
 * mock monitor instead of an engine: `setMocks` installs the monitor synchronously, and with no `--engine`
 * the SDK's log.error writes `error: [runtime] <message>` to stderr where the engine would print `error: <message>`.
 */
const pulumi = require("@pulumi/pulumi");

pulumi.runtime.setMocks({
    newResource: (args) => ({ id: args.custom === false ? undefined : `${args.name}-id`, state: args.inputs }),
    call: (args) => { throw new Error(`no invoke expected: ${args.token}`); },
}, "clone-l3", "langhost", false);
