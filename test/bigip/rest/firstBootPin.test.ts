/**
 * tls.pinnedAtFirstBoot: the pinned certificate is the one the device's first boot installs (at its end), so until the
 * device presents it, the factory certificate it presents instead means "first boot not finished": nothing is sent to
 * it, readiness polls on, and the deadline error names both certificates and where to look on the device. Without the
 * setting, and once the device was seen ready, a mismatch fails at once as before.
 */
import * as assert from "assert";
import { Emulator, startEmulator } from "../../emulator";
import { BigIpConnection, closeSessions, isBigIpError, openSession, resetReadiness, resolveConnection, withDeviceSession, withSession } from "../../../components/bigip/rest";
import type { FirstBootUnfinished } from "../../../components/bigip/rest/readiness";
import { Engine } from "../objects/engine";
import { useEmulator } from "../objects/harness";
import { connOf, lines, rejects } from "./helpers";

const SWITCH_MS = 1_500;

/** A connection pinning the emulator's own certificate, the one its "first boot" installs. */
const pinnedConn = (e: Emulator, extra: Partial<BigIpConnection> = {}): BigIpConnection =>
    connOf(e, { tls: { fingerprint256: e.fingerprint256, pinnedAtFirstBoot: true }, readinessIntervalMs: 200, readinessTimeoutMs: 10_000, ...extra });

/** Installs the emulator's certificate after `ms`; resolves with how many requests the log held at that moment. */
function installAfter(e: Emulator, ms: number): Promise<number> {
    return new Promise((res) => setTimeout(() => { const before = e.log.length; e.installCertificate(); res(before); }, ms));
}

describe("rest: tls.pinnedAtFirstBoot (the factory certificate until first boot installs the pinned one)", function () {
    this.timeout(30_000);
    let e: Emulator;
    beforeEach(async () => { e = await startEmulator({ factoryCertificate: true }); resetReadiness(); });
    afterEach(async () => { await closeSessions(); await e.close(); });

    it("the emulator presents another certificate (same subject) until installCertificate()", () => {
        assert.ok(e.factoryFingerprint256 && e.factoryFingerprint256 !== e.fingerprint256);
    });

    it("waits through the factory certificate, sending nothing, and starts once the pinned one is installed", async () => {
        const t0 = Date.now();
        const switched = installAfter(e, SWITCH_MS);
        const v = await withSession(pinnedConn(e), "creating Pool /Common/p", (s) => s.get("tm/sys/version"));
        assert.ok(v, lines(e).join("\n"));
        assert.strictEqual(await switched, 0, "no HTTP request reached the device before the switch");
        assert.ok(Date.now() - t0 >= SWITCH_MS);
        assert.ok(e.log.length > 0 && e.log.every((l) => l.status === 200), lines(e).join("\n"));
        assert.strictEqual(e.activeTokens(), 0);
    });

    it("providers' shared session (lazy readiness): the refused first login is waited for too, nothing sent before the switch", async () => {
        const switched = installAfter(e, SWITCH_MS);
        const v = await withDeviceSession(pinnedConn(e), "creating Pool /Common/p", (s) => s.get("tm/sys/version"));
        assert.ok(v, lines(e).join("\n"));
        assert.strictEqual(await switched, 0, "no HTTP request reached the device before the switch");
        await closeSessions();
        assert.strictEqual(e.activeTokens(), 0);
    });

    it("never installed: fails at the readiness timeout naming both certificates and the first-boot logs; nothing sent", async () => {
        const t0 = Date.now();
        const err = await rejects(withSession(pinnedConn(e, { readinessTimeoutMs: 2_000, readinessIntervalMs: 250 }), "creating Pool /Common/p", async () => 1));
        const took = Date.now() - t0;
        assert.ok(isBigIpError(err) && !err.transient, String(err));
        assert.ok(err.message.includes(`still presents certificate SHA-256 ${e.factoryFingerprint256} after 2.0 s`), err.message);
        assert.ok(err.message.includes(`not the pinned ${e.fingerprint256} that its first boot installs`), err.message);
        assert.match(err.message, /\/var\/log\/cloud\/startup-script\.log and \/var\/log\/cloud\/bigIpRuntimeInit\.log/);
        assert.match(err.message, /something else answers at this address\. No credentials were sent to it\./);
        assert.ok(err.message.startsWith(`BIG-IP ${e.host}:${e.port}: creating Pool /Common/p failed: the device at ${e.host}:${e.port}`), err.message);
        assert.deepStrictEqual((err as FirstBootUnfinished).firstBootPin, { pinned: e.fingerprint256, presented: e.factoryFingerprint256 });
        assert.strictEqual(e.log.length, 0, lines(e).join("\n"));
        assert.ok(took >= 1_500 && took < 4_000, `${took} ms`);
    });

    it("never installed, two sessions waiting at once: both get the one poller's error after one timeout", async () => {
        const t0 = Date.now();
        const conn = pinnedConn(e, { readinessTimeoutMs: 1_500, readinessIntervalMs: 250 });
        const errs = await Promise.all([1, 2].map((i) => rejects(withSession(conn, `probe ${i}`, async () => 1))));
        for (const err of errs) assert.match(err.message, /still presents certificate SHA-256/);
        assert.ok(Date.now() - t0 < 2_900, `${Date.now() - t0} ms: waited once, not once per session`);
        assert.strictEqual(e.log.length, 0);
    });

    it("without pinnedAtFirstBoot a mismatch fails at once, well under the readiness timeout", async () => {
        const t0 = Date.now();
        const err = await rejects(withSession(connOf(e, { readinessTimeoutMs: 5_000, readinessIntervalMs: 250 }), "probing", async () => 1));
        assert.match(err.message, /certificate fingerprint mismatch: the device presented SHA-256 .*refusing to send credentials/);
        assert.ok(err.message.includes(e.factoryFingerprint256!), err.message);
        assert.ok(Date.now() - t0 < 1_000, `${Date.now() - t0} ms`);
        assert.strictEqual(e.log.length, 0);
    });

    it("once the device was seen ready, a mismatch fails at once even with pinnedAtFirstBoot", async () => {
        e.installCertificate();
        await withSession(pinnedConn(e), "probing", (s) => s.get("tm/sys/version"));
        e.clearLog();
        const other = e.fingerprint256.replace(/^../, e.fingerprint256.startsWith("00") ? "11" : "00");
        const t0 = Date.now();
        const err = await rejects(withSession(pinnedConn(e, { tls: { fingerprint256: other, pinnedAtFirstBoot: true } }), "probing", async () => 1));
        assert.match(err.message, /certificate fingerprint mismatch: the device presented SHA-256 .*refusing to send credentials/);
        assert.ok(Date.now() - t0 < 1_000, `${Date.now() - t0} ms`);
        assert.strictEqual(e.log.length, 0);
    });

    it("pinnedAtFirstBoot without fingerprint256 is refused, naming the setting", async () => {
        const base = { host: "192.0.2.10", username: "admin", password: "pw" };
        for (const tls of [{ pinnedAtFirstBoot: true }, { caPem: e.certPem, pinnedAtFirstBoot: true }, { insecure: true, pinnedAtFirstBoot: true }]) {
            assert.throws(() => resolveConnection({ ...base, tls }), /BIG-IP 192\.0\.2\.10: tls\.pinnedAtFirstBoot needs tls\.fingerprint256/);
        }
        assert.throws(() => resolveConnection({ ...base, tls: { fingerprint256: e.fingerprint256, pinnedAtFirstBoot: "yes" as any } }),
            /tls\.pinnedAtFirstBoot must be true or false/);
        assert.doesNotThrow(() => resolveConnection({ ...base, tls: { insecure: true, pinnedAtFirstBoot: false } }));
        const err = await rejects(openSession({ ...connOf(e), tls: { pinnedAtFirstBoot: true } }));
        assert.match(err.message, /tls\.pinnedAtFirstBoot needs tls\.fingerprint256/);
        assert.strictEqual(e.log.length, 0);
    });
});

describe("provider host: a Pool created while the device still presents its factory certificate", function () {
    this.timeout(60_000);
    const box = useEmulator({ factoryCertificate: true });

    it("is created once the pinned certificate is installed; nothing reaches the device before", async () => {
        const eng = new Engine("Pool");
        const connection = { ...box.c, tls: { fingerprint256: box.e.fingerprint256, pinnedAtFirstBoot: true }, readinessIntervalMs: 200 };
        const inputs = { connection, name: "fb-pool", members: ["10.254.0.2:0"] };
        assert.strictEqual((await eng.preview(inputs)).step, "create"); // the host is up and has the provider loaded
        const t0 = Date.now();
        const switched = installAfter(box.e, SWITCH_MS);
        assert.strictEqual(await eng.up(inputs), "create");
        assert.ok(Date.now() - t0 >= SWITCH_MS);
        assert.strictEqual(await switched, 0, "no HTTP request reached the device before the switch");
        assert.ok(box.e.get("pool", "/Common/fb-pool"));
        await eng.destroy();
    });
});

describe("provider host: an object that exists meets another certificate: a mismatch at once, not a first-boot wait", function () {
    this.timeout(60_000);
    const box = useEmulator(); // presents the pinned certificate: the first boot is over
    let stranger: Emulator;
    before(async () => { stranger = await startEmulator({ factoryCertificate: true }); });
    after(async () => { await stranger?.close(); });

    it("refresh, update and delete through the host fail fast naming what to check; nothing reaches the other device", async () => {
        const eng = new Engine("Pool");
        const pinned = { tls: { fingerprint256: box.e.fingerprint256, pinnedAtFirstBoot: true }, readinessIntervalMs: 200, readinessTimeoutMs: 20_000 };
        const inputs = { connection: { ...box.c, ...pinned }, name: "fb-pool2", members: ["10.254.0.2:0"] };
        assert.strictEqual(await eng.up(inputs), "create");
        // The same stack, but the address now answers with another certificate (a replaced VE mid-boot, or not our device).
        const moved = { ...connOf(stranger), ...pinned };
        const real = eng.state!;
        eng.state = { ...real, inputs: { ...real.inputs, connection: moved }, outs: { ...real.outs, connection: moved } };
        stranger.clearLog();
        for (const [what, op] of [["refresh", () => eng.refresh()], ["update", () => eng.up({ ...inputs, connection: moved, members: ["10.254.0.3:0"] })],
            ["delete", () => eng.destroy()]] as const) {
            const t0 = Date.now();
            const err = await rejects(op());
            assert.ok(Date.now() - t0 < 10_000, `${what} failed after ${Date.now() - t0} ms, not at the 20 s readiness timeout`);
            assert.match(err.message, /certificate fingerprint mismatch.*If this BIG-IP was just replaced.*bigipTlsFingerprint/s, what);
            if (!eng.state) eng.state = { ...real, inputs: { ...real.inputs, connection: moved }, outs: { ...real.outs, connection: moved } };
        }
        assert.strictEqual(stranger.log.length, 0, "nothing was sent to the device with the other certificate");
        eng.state = real;
        await eng.destroy();
        assert.strictEqual(box.e.get("pool", "/Common/fb-pool2"), undefined);
    });
});
