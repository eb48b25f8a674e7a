/**
 * The per-process shared session (rest/shared.ts): one login and one readiness check per device and credentials for
 * every resource of a run, concurrent users included; logged out when idle or at the end of a run; a failed open is
 * not kept; a session another user still holds is closed only when that user is done.
 */
import * as assert from "assert";
import { Emulator, startEmulator } from "../../emulator";
import {
    closeSessions, endRun, resetReadiness, setSessionIdleMs, SESSION_IDLE_MS, sharedSessionCount, withDeviceSession,
} from "../../../components/bigip/rest";
import { connOf, lines, rejects } from "./helpers";

const logins = (e: Emulator) => e.log.filter((l) => l.path === "/mgmt/shared/authn/login").length;
const logouts = (e: Emulator) => e.log.filter((l) => l.method === "DELETE" && l.path.startsWith("/mgmt/shared/authz/tokens/")).length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("rest shared session (one per device and credentials per process)", () => {
    let e: Emulator;
    before(async () => { e = await startEmulator(); });
    after(async () => { setSessionIdleMs(SESSION_IDLE_MS); await endRun(); await e.close(); });
    beforeEach(async () => { await endRun(); e.clearLog(); e.boot({}); });

    it("sequential and concurrent users share one login and one readiness check; the end of the run logs out once", async () => {
        await withDeviceSession(connOf(e), "first", (s) => s.get("tm/sys/version"));
        await Promise.all([1, 2, 3, 4].map((k) => withDeviceSession(connOf(e), `user ${k}`, (s) => s.get("tm/sys/version"))));
        assert.strictEqual(logins(e), 1, lines(e).join("\n"));
        assert.strictEqual(e.log.filter((l) => l.path === "/mgmt/tm/sys/ready").length, 1);
        assert.strictEqual(e.activeTokens(), 1, "held between users");
        assert.strictEqual(sharedSessionCount(), 1);
        await closeSessions();
        assert.strictEqual(logouts(e), 1);
        assert.strictEqual(e.activeTokens(), 0);
        assert.strictEqual(sharedSessionCount(), 0);
        assert.strictEqual(e.log.length, 1 + 1 + 5 + 1, "login, readiness, five GETs, logout");
    });

    it("other credentials or settings (a rotated password, another retry policy) get a session of their own", async () => {
        await withDeviceSession(connOf(e), "a", (s) => s.get("tm/sys/version"));
        await withDeviceSession(connOf(e, { retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 } }), "b", (s) => s.get("tm/sys/version"));
        assert.strictEqual(sharedSessionCount(), 2, "a different retry policy is a different session");
        const err = await rejects(withDeviceSession(connOf(e, { password: "rotated-wrong" }), "c", (s) => s.get("tm/sys/version")));
        assert.match(err.message, /Check the username and password/);
        assert.strictEqual(sharedSessionCount(), 2, "the failed open is not kept");
        await closeSessions();
        assert.strictEqual(e.activeTokens(), 0);
    });

    it("an unused session logs out after the idle time; the next user logs in again (readiness is remembered)", async () => {
        setSessionIdleMs(100);
        try {
            await withDeviceSession(connOf(e), "a", (s) => s.get("tm/sys/version"));
            assert.strictEqual(e.activeTokens(), 1);
            await sleep(300);
            assert.strictEqual(e.activeTokens(), 0, "logged out when idle");
            assert.strictEqual(sharedSessionCount(), 0);
            e.clearLog();
            await withDeviceSession(connOf(e), "b", (s) => s.get("tm/sys/version"));
            assert.deepStrictEqual(lines(e).map((l) => l.split(" ").slice(0, 2).join(" ")), ["POST /mgmt/shared/authn/login", "GET /mgmt/tm/sys/version"]);
        } finally {
            setSessionIdleMs(SESSION_IDLE_MS);
        }
    });

    it("closeSessions while a user still works: that user finishes on the session, which then logs out", async () => {
        let release!: () => void;
        const gate = new Promise<void>((r) => { release = r; });
        const busy = withDeviceSession(connOf(e), "long", async (s) => { await gate; return s.get("tm/sys/version"); });
        await sleep(100); // logged in, waiting at the gate
        const closing = closeSessions();
        await closing;
        assert.strictEqual(e.activeTokens(), 1, "still in use");
        release();
        await busy;
        await sleep(50);
        assert.strictEqual(e.activeTokens(), 0, "logged out as soon as the last user was done");
        assert.strictEqual(sharedSessionCount(), 0);
    });

    it("a device not ready in time fails the open for its callers; a later call after boot opens afresh", async () => {
        e.boot({ notReadyMs: 60_000 });
        const conn = connOf(e, { readinessTimeoutMs: 200, readinessIntervalMs: 50 });
        const errs = await Promise.all([1, 2].map(() => rejects(withDeviceSession(conn, "creating", async () => 1))));
        for (const err of errs) assert.match(err.message, /did not become ready within 0\.2 s/);
        assert.strictEqual(sharedSessionCount(), 0);
        e.boot({});
        resetReadiness();
        assert.strictEqual(await withDeviceSession(conn, "creating", async () => 2), 2);
        await closeSessions();
        assert.strictEqual(e.activeTokens(), 0);
    });
});
