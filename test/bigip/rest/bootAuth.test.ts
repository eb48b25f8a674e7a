import * as assert from "assert";
import { Emulator, startEmulator } from "../../emulator";
import { BOOT_401_RETRIES, closeSessions, resetReadiness, withDeviceSession, withSession } from "../../../components/bigip/rest";
import { connOf, lines, rejects } from "./helpers";

// Issue 15, point 5: a 401 while the device boots is retried as F5's own client does (f5-cloud-libs `ready()`);
// an expired password is not a boot delay and fails at once, saying what to do.
describe("rest readiness: 401 during boot, expired password", () => {
    let e: Emulator;
    before(async () => { e = await startEmulator(); });
    after(async () => { await e.close(); });
    beforeEach(() => { e.clearLog(); resetReadiness(); });

    for (const auth of ["token", "basic"] as const) {
        it(`${auth}: a device refusing good credentials a few times while it boots is waited for`, async () => {
            const path = auth === "token" ? /^\/mgmt\/shared\/authn\/login$/ : /^\/mgmt\/tm\/sys\/ready$/;
            e.failNext({ path }, 401, "Authentication failed.", 3);
            const v = await withSession(connOf(e, { auth }), "probing", (s) => s.get("tm/sys/version"));
            assert.ok(v, lines(e).join("\n"));
            assert.strictEqual(e.log.filter((l) => l.status === 401).length, 3, lines(e).join("\n"));
            assert.strictEqual(e.activeTokens(), 0);
        });
    }

    it("providers' shared session (lazy readiness): a refused first login is waited for, then the read is made", async () => {
        e.failNext({ path: /^\/mgmt\/shared\/authn\/login$/ }, 401, "Authentication failed.", 2);
        try {
            const v = await withDeviceSession(connOf(e), "reading Pool /Common/p", (s) => s.get("tm/sys/version"));
            assert.ok(v, lines(e).join("\n"));
        } finally { await closeSessions(); }
        assert.strictEqual(e.log.filter((l) => l.status === 401).length, 2, lines(e).join("\n"));
        assert.strictEqual(e.activeTokens(), 0);
    });

    it("the 401 retries are bounded: F5's count, then the credentials error", async () => {
        e.failNext({ path: /^\/mgmt\/shared\/authn\/login$/ }, 401, "Authentication failed.", 1 + BOOT_401_RETRIES);
        const err = await rejects(withSession(connOf(e), "probing", async () => 1));
        assert.match(err.message, /401 Authentication failed\..*Check the username and password/);
        assert.strictEqual(e.log.length, 1 + BOOT_401_RETRIES, lines(e).join("\n"));
    });

    it("the 401 retries are bounded by the readiness timeout too, and then the error is the credentials one", async () => {
        const y = await startEmulator(); // its armed 401s die with it
        try {
            y.failNext({ path: /^\/mgmt\/shared\/authn\/login$/ }, 401, "Authentication failed.", 20);
            const t0 = Date.now();
            const err = await rejects(withSession(connOf(y, { readinessIntervalMs: 200, readinessTimeoutMs: 300 }), "probing", async () => 1));
            assert.match(err.message, /401 Authentication failed\..*Check the username and password/);
            assert.doesNotMatch(err.message, /did not become ready/);
            assert.ok(y.log.length < 1 + BOOT_401_RETRIES, lines(y).join("\n"));
            assert.ok(Date.now() - t0 < 1_500, `${Date.now() - t0} ms`);
        } finally { await y.close(); }
    });

    describe("expired password", () => {
        let x: Emulator;
        before(async () => { x = await startEmulator({ passwordExpired: true }); });
        after(async () => { await x.close(); });
        beforeEach(() => { x.clearLog(); resetReadiness(); });

        for (const auth of ["token", "basic"] as const) {
            it(`${auth}: fails at once (one request), saying so and what to do`, async () => {
                const t0 = Date.now();
                const err = await rejects(withSession(connOf(x, { auth }), "creating Pool /Common/p", async () => 1));
                assert.match(err.message, /401 Authentication failed: Password expired\. Update password via \/mgmt\/shared\/authz\/users/);
                assert.match(err.message, /waiting will not help/);
                assert.match(err.message, /tmsh modify auth user <user> password <new>/);
                assert.match(err.message, /connection\.password or BIGIP_PASSWORD/);
                assert.doesNotMatch(err.message, /Check the username and password/);
                assert.strictEqual(x.log.length, 1, lines(x).join("\n"));
                assert.ok(Date.now() - t0 < 1_000);
            });
        }
    });
});
