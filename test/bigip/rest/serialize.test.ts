import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { Emulator, startEmulator } from "../../emulator";
import { BigIpConnection, parseVersion, resetReadiness, withSession } from "../../../components/bigip/rest";
import { connOf } from "./helpers";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const Module = require("module");

describe("rest client inside a serialized dynamic provider", () => {
    let e: Emulator;
    before(async () => { e = await startEmulator(); });
    after(async () => { await e.close(); });

    it("serializeFunction succeeds, captures no live state, and the rehydrated text talks to the device", async () => {
        const sf = await pulumi.runtime.serializeFunction(
            () => ({ run: (c: BigIpConnection) => withSession(c, "probe", (s) => s.get("tm/sys/version")) }),
            { allowSecrets: true });
        assert.strictEqual(sf.containsSecrets, false);
        // Node built-ins are required at run time inside functions; nothing else is required.
        const requires = [...sf.text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
        assert.deepStrictEqual([...new Set(requires)].sort(), ["https", "net", "tls"]);
        assert.ok(!sf.text.includes("admin-pw"));

        const m = new Module("p", module);
        m.paths = Module._nodeModulePaths(process.cwd());
        m._compile(sf.text, "p.js");
        const provider = m.exports.handler();
        resetReadiness();
        e.clearLog();
        const v = await provider.run(connOf(e));
        assert.strictEqual(parseVersion(v), "14.1.2.1");
        assert.strictEqual(e.log.length, 4, "login, the readiness check, GET, logout");
        assert.strictEqual(e.activeTokens(), 0);
        // The rehydrated copy shares the process-wide readiness registry (globalThis), not a captured one.
        e.clearLog();
        await withSession(connOf(e), "probe", (s) => s.get("tm/sys/version"));
        assert.strictEqual(e.log.length, 3);
    });
});
