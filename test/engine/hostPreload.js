"use strict";
/**
 * Preloaded into the test's provider host (host.ts): answers the test's `endRun` message the way the end of a
 * `pulumi up` ends the device side of a run — every shared session logged out (what the SIGINT handler does), then
 * readiness and unsaved changes forgotten, as a fresh process would start — or, for `{ endRun: "logout" }`, only the
 * logout (the suites' hygiene between tests). Nothing else of the host is changed.
 */
const path = require("path");

process.on("message", (m) => {
    if (!m || !m.endRun) return;
    const done = (result) => process.send({ endRun: result });
    try {
        if (!process[Symbol.for("ts-node.register.instance")]) {
            require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "..", "tsconfig.json") });
        }
        const rest = require(path.join(__dirname, "..", "..", "components", "bigip", "rest"));
        const end = m.endRun === "logout" ? rest.closeSessions() : rest.endRun().then(() => rest.resetUnsaved());
        end.then(() => done("ok"), (e) => done(String(e && e.stack || e)));
    } catch (e) {
        done(String(e && e.stack || e));
    }
});
