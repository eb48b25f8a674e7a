/**
 * Issue 14, security 3, at the last door: whatever error leaves a provider — not only the REST client's BigIpError —
 * reaches the engine scrubbed (components/provider: `scrubbed`). Here a device quotes the password and the session's
 * Basic credential in a success answer (util/bash's commandResult) that a ClonePoolAttachment then quotes in its own error
 * ("the device did not apply it; tmsh said: …"), through the real provider host.
 */
import * as assert from "node:assert/strict";
import { connOf, useEmulator } from "../bigip/objects/harness";
import { Engine, sharedHost } from "../engine/engine";
import { assertClean, CANARY_PASSWORD } from "./canaries";

describe("a provider's own error quoting a device answer reaches the engine scrubbed", () => {
    const box = useEmulator({ users: { admin: CANARY_PASSWORD } });

    it("ClonePoolAttachment: tmsh's echoed output in 'did not apply it' carries no password or Basic credential", async () => {
        box.e.seed("pool", { name: "ids-pool" });
        box.e.seed("virtual", { name: "app_vs", destination: "/Common/10.0.2.10:80" });
        const connection = connOf(box.e, { password: CANARY_PASSWORD });
        // The add "succeeds" (200) with an output that quotes the credentials the request carried, and changes nothing.
        const basic = Buffer.from(`admin:${CANARY_PASSWORD}`).toString("base64");
        const output = `debug: login admin ${CANARY_PASSWORD} (Authorization: Basic ${basic}) done`;
        box.e.misbehave({ method: "POST", path: /\/util\/bash$/ }, { kind: "answer", body: { kind: "tm:util:bash:runstate", commandResult: output } }, 2);
        const host = await sharedHost();
        const logBefore = host.stderr.length;
        const err = await new Engine("ClonePoolAttachment").up({ connection, virtualServer: "app_vs", pool: "ids-pool", context: "clientside" })
            .then(() => undefined, (x: Error) => x);
        assert.ok(err, "the attach fails: the device did not apply it");
        assert.match(err!.message, /did not apply it/);
        assert.match(err!.message, /tmsh said: debug: login admin \[redacted\]/, "the device's output is still quoted, scrubbed");
        assertClean(err!.message, [CANARY_PASSWORD, basic], "the engine's error");
        assertClean(host.stderr.slice(logBefore), [CANARY_PASSWORD, basic], "the provider host's log");
    });
});
