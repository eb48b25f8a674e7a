/**
 * The per-process shared session (rest/shared.ts): one login and one readiness check per device and credentials for
 * every resource of a run, concurrent users included; logged out when idle or at the end of a run; a failed open is
 * not kept; a session another user still holds is closed only when that user is done.
 */
import * as assert from "assert";
import { spawn } from "node:child_process";
import * as path from "node:path";
import { Emulator, startEmulator } from "../../emulator";
import {
    closeSessions, endRun, resetReadiness, setSessionIdleMs, SESSION_IDLE_MS, sharedSessionCount, withDeviceSession,
} from "../../../components/bigip/rest";
import { connOf, lines, rejects } from "./helpers";

const logins = (e: Emulator) => e.log.filter((l) => l.path === "/mgmt/shared/authn/login").length;
const logouts = (e: Emulator) => e.log.filter((l) => l.method === "DELETE" && l.path.startsWith("/mgmt/shared/authz/tokens/")).length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Polls `cond` (CI machines are slow and busy: no fixed sleeps for what must happen). */
async function until(cond: () => boolean, what: string, ms = 5_000): Promise<void> {
    for (const t0 = Date.now(); !cond(); await sleep(20)) if (Date.now() - t0 > ms) throw new Error(`not within ${ms} ms: ${what}`);
}

describe("rest shared session (one per device and credentials per process)", () => {
    let e: Emulator;
    before(async () => { e = await startEmulator(); });
    after(async () => { setSessionIdleMs(SESSION_IDLE_MS); await endRun(); await e.close(); });
    beforeEach(async () => { await endRun(); e.clearLog(); e.boot({}); });

    it("sequential and concurrent users share one login (reads of a ready device: no readiness poll); the end of the run logs out once", async () => {
        await withDeviceSession(connOf(e), "first", (s) => s.get("tm/sys/version"), "read");
        await Promise.all([1, 2, 3, 4].map((k) => withDeviceSession(connOf(e), `user ${k}`, (s) => s.get("tm/sys/version"), "read")));
        assert.strictEqual(logins(e), 1, lines(e).join("\n"));
        assert.strictEqual(e.log.filter((l) => l.path === "/mgmt/tm/sys/ready").length, 0, "reads of a ready device need no readiness poll");
        assert.strictEqual(e.activeTokens(), 1, "held between users");
        assert.strictEqual(sharedSessionCount(), 1);
        await closeSessions();
        assert.strictEqual(logouts(e), 1);
        assert.strictEqual(e.activeTokens(), 0);
        assert.strictEqual(sharedSessionCount(), 0);
        assert.strictEqual(e.log.length, 1 + 5 + 1, "login, five GETs, logout");
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
            await until(() => e.activeTokens() === 0, "logged out when idle");
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
        await until(() => e.activeTokens() === 1, "logged in, waiting at the gate");
        const closing = closeSessions();
        await closing;
        assert.strictEqual(e.activeTokens(), 1, "still in use");
        release();
        await busy;
        await until(() => e.activeTokens() === 0, "logged out as soon as the last user was done");
        assert.strictEqual(sharedSessionCount(), 0);
    });

    it("a device not ready in time: concurrent writes all fail after the one wait, naming it; once ready the next write goes through", async () => {
        e.boot({ notReadyMs: 60_000 });
        const conn = connOf(e, { readinessTimeoutMs: 400, readinessIntervalMs: 50 });
        const write = (name: string) => withDeviceSession(conn, `creating Pool /Common/${name}`, (s) => s.post("tm/ltm/pool", { name, partition: "Common" }));
        const t0 = Date.now();
        const errs = await Promise.all(["w1", "w2", "w3", "w4", "w5"].map((n) => rejects(write(n))));
        // One shared wait, not one after another (five waits would take 2 s).
        assert.ok(Date.now() - t0 < 1_500, `${Date.now() - t0} ms`);
        // Each error names its own resource first, then the shared session's wait.
        errs.forEach((err, k) => assert.match(err.message, new RegExp(`^creating Pool /Common/w${k + 1}: BIG-IP .*did not become ready within 0\\.4 s`)));
        assert.ok(!e.log.some((l) => l.method === "POST" && l.path === "/mgmt/tm/ltm/pool"), "nothing written before ready");
        e.boot({});
        await write("w3");
        assert.ok(e.get("pool", "/Common/w3"));
        await closeSessions();
        assert.strictEqual(e.activeTokens(), 0);
    });
});

describe("rest shared session: readiness checked lazily (before the first write, and before a 404 is believed)", () => {
    let e: Emulator;
    before(async () => { e = await startEmulator(); });
    after(async () => { await endRun(); await e.close(); });
    beforeEach(async () => { await endRun(); e.boot({}); e.clearLog(); });
    const seedPool = () => { if (!e.get("pool", "/Common/held")) e.seed("pool", { name: "held" }); };

    it("a read-only run on a ready device sends no readiness poll", async () => {
        seedPool();
        const p = await withDeviceSession(connOf(e), "reading", (s) => s.tryGet("tm/ltm/pool/~Common~held"), "read");
        assert.strictEqual(p.name, "held");
        await endRun();
        assert.deepStrictEqual(lines(e).map((l) => l.replace(/tokens\/\w+/, "tokens/T")), [
            "POST /mgmt/shared/authn/login 200", "GET /mgmt/tm/ltm/pool/~Common~held 200", "DELETE /mgmt/shared/authz/tokens/T 200",
        ]);
    });

    it("while mcpd loads, a GET's 404 for an object the device holds is not believed: it is read again once the device is ready", async () => {
        seedPool();
        e.boot({ mcpdMs: 400 });
        const p = await withDeviceSession(connOf(e), "reading", (s) => s.tryGet("tm/ltm/pool/~Common~held"), "read");
        assert.strictEqual(p?.name, "held", lines(e).join("\n"));
        const seen = lines(e);
        assert.ok(seen.some((l) => l === "GET /mgmt/tm/ltm/pool/~Common~held 404"), "the booting device did answer 404");
        assert.ok(seen.some((l) => l === "GET /mgmt/tm/sys/ready 200"), "readiness was waited for");
        assert.strictEqual(seen[seen.length - 1], "GET /mgmt/tm/ltm/pool/~Common~held 200");
    });

    it("an object really gone is reported gone after one readiness check (and no check at all once the device is known ready)", async () => {
        const gone = () => withDeviceSession(connOf(e), "reading", (s) => s.tryGet("tm/ltm/pool/~Common~nothing"), "read");
        assert.strictEqual(await gone(), undefined);
        assert.deepStrictEqual(lines(e).slice(1), ["GET /mgmt/tm/ltm/pool/~Common~nothing 404", "GET /mgmt/tm/sys/ready 200", "GET /mgmt/tm/ltm/pool/~Common~nothing 404"]);
        e.clearLog();
        assert.strictEqual(await gone(), undefined);
        assert.deepStrictEqual(lines(e), ["GET /mgmt/tm/ltm/pool/~Common~nothing 404"]);
    });

    it("a change operation (create, update, delete) waits for readiness before it reads: a delete never acts on a half-loaded answer", async () => {
        seedPool();
        await withDeviceSession(connOf(e), "deleting Pool /Common/held", (s) => s.tryGet("tm/ltm/pool/~Common~held"));
        assert.deepStrictEqual(lines(e).slice(1), ["GET /mgmt/tm/sys/ready 200", "GET /mgmt/tm/ltm/pool/~Common~held 200"]);
    });

    it("closeSessions also waits for a logout already under way (an idle session closing)", async () => {
        const slow = await startEmulator({ latencyMs: 150 });
        try {
            setSessionIdleMs(0);
            await withDeviceSession(connOf(slow), "a", (s) => s.get("tm/sys/version"), "read");
            await sleep(10); // the idle close has started; its logout takes a round trip
            await closeSessions();
            assert.strictEqual(slow.activeTokens(), 0);
        } finally {
            setSessionIdleMs(SESSION_IDLE_MS);
            await endRun();
            await slow.close();
        }
    });

    it("on a booting device the first write waits until it is ready (login refused at first, then polled)", async () => {
        const t0 = Date.now();
        e.boot({ refusedMs: 200, restjavadMs: 200, notRegisteredMs: 200, mcpdMs: 200, notReadyMs: 200 });
        await withDeviceSession(connOf(e), "creating Pool /Common/p", (s) => s.post("tm/ltm/pool", { name: "p", partition: "Common" }));
        const write = e.log.find((l) => l.method === "POST" && l.path === "/mgmt/tm/ltm/pool")!;
        assert.ok(write.status === 200 && Date.now() - t0 >= 1_000, lines(e).join("\n"));
        assert.deepStrictEqual(e.log.filter((l) => l.method === "POST" && l.path.startsWith("/mgmt/tm/")).map((l) => l.status), [200], "no write was refused: none was sent before ready");
        assert.ok(e.get("pool", "/Common/p"));
    });
});

describe("rest shared session: many resources at once (Pulumi runs independent resources in parallel)", () => {
    it("requests queued for one of the session's few connections are not timed out by the wait: the timeout starts on the wire", async () => {
        const slow = await startEmulator({ latencyMs: 300 });
        try {
            // Four GETs hold the session's four connections (300 ms each); eight more, sent while they are busy, wait
            // for a connection and then take 300 ms each: well within 500 ms on the wire, not counting the wait.
            const conn = connOf(slow, { requestTimeoutMs: 500, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
            const get = (k: number) => withDeviceSession(conn, `reading ${k}`, (s) => s.get("tm/sys/version"), "read");
            // Logged in, and the device known ready (so no readiness re-check retries a timed-out read).
            await withDeviceSession(conn, "preparing", (s) => s.get("tm/sys/version"));
            const first = [1, 2, 3, 4].map(get);
            await sleep(100);
            const got = await Promise.all([...first, ...[5, 6, 7, 8, 9, 10, 11, 12].map(get)]);
            assert.strictEqual(got.length, 12);
            assert.ok(slow.log.every((l) => l.status === 200), lines(slow).join("\n"));
        } finally {
            await endRun();
            await slow.close();
        }
    });
});

describe("rest shared session: the end of a run (the engine interrupts the provider host)", () => {
    let e: Emulator;
    before(async () => { e = await startEmulator(); });
    after(async () => { await e.close(); });

    for (const [signal, busy] of [["SIGINT", false], ["SIGTERM", false], ["SIGINT", true]] as const) {
        it(`${signal}${busy ? " while an operation still uses the session" : ""}: the host logs its session out, then exits as the signal would (${signal === "SIGINT" ? 130 : 143})`, async function () {
            this.timeout(60_000);
            const child = spawn(process.execPath, ["-r", "ts-node/register", path.join(__dirname, "sharedChild.ts")], {
                env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true", EMU_PORT: String(e.port), EMU_FP: e.fingerprint256, ...(busy ? { CHILD_BUSY: "1" } : {}) },
                stdio: ["ignore", "pipe", "pipe"],
            });
            let out = "", err = "";
            child.stdout.on("data", (d) => { out += d; });
            child.stderr.on("data", (d) => { err += d; });
            const exited = new Promise<number | null>((res) => child.on("exit", (code) => res(code)));
            await until(() => out.includes("held") || child.exitCode !== null, `the child holds its session (${err})`, 45_000);
            assert.strictEqual(e.activeTokens(), 1, err);
            child.kill(signal);
            assert.strictEqual(await exited, signal === "SIGINT" ? 130 : 143, err);
            assert.strictEqual(e.activeTokens(), 0, "logged out before exiting");
        });
    }
});
