import * as assert from "assert";
import { Emulator, startEmulator } from "../../emulator";
import { closeSession, isBigIpError, openSession, parseVersion, resetReadiness, withSession, BOOT_401_RETRIES } from "../../../components/bigip/rest";
import { connOf, lines, rejects } from "./helpers";

describe("rest session: TLS trust", () => {
    let e: Emulator;
    before(async () => { e = await startEmulator(); });
    after(async () => { await e.close(); });
    beforeEach(() => { e.clearLog(); resetReadiness(); });

    const version = (tls: any) => withSession(connOf(e, { tls }), "reading the version", async (s) => parseVersion(await s.get("tm/sys/version")));

    it("fingerprint pin: connects (case- and colon-insensitive)", async () => {
        assert.strictEqual(await version({ fingerprint256: e.fingerprint256 }), "14.1.2.1");
        assert.strictEqual(await version({ fingerprint256: e.fingerprint256.replace(/:/g, "").toLowerCase() }), "14.1.2.1");
    });

    it("wrong pin: fails before one HTTP byte (the emulator logs no request)", async () => {
        const wrong = e.fingerprint256.replace(/^../, e.fingerprint256.startsWith("00") ? "11" : "00");
        const err = await rejects(version({ fingerprint256: wrong }));
        assert.ok(isBigIpError(err));
        assert.match(err.message, /fingerprint mismatch/);
        assert.ok(err.message.includes(e.fingerprint256), "names what the device presented");
        assert.strictEqual(err.transient, false);
        assert.deepStrictEqual(e.log, [], "no request reached the device: credentials never sent");
    });

    it("caPem: verifies the chain; serverName adds a name check", async () => {
        assert.strictEqual(await version({ caPem: e.certPem }), "14.1.2.1");
        assert.strictEqual(await version({ caPem: e.certPem, serverName: "localhost.localdomain" }), "14.1.2.1");
        const err = await rejects(version({ caPem: e.certPem, serverName: "bigip.example.com" }));
        assert.match(err.message, /does not match tls\.serverName/);
    });

    it("no trust configured: error says self-signed and prints the fingerprint to pin", async () => {
        const err = await rejects(version(undefined));
        assert.match(err.message, /self-signed/);
        assert.ok(err.message.includes(e.fingerprint256), err.message);
        assert.match(err.message, /tls\.fingerprint256/);
        assert.deepStrictEqual(e.log, []);
    });

    it("insecure: explicit opt-in works", async () => {
        assert.strictEqual(await version({ insecure: true }), "14.1.2.1");
    });
});

describe("rest session: authentication", () => {
    let e: Emulator;
    before(async () => { e = await startEmulator({ maxTokensPerUser: 3 }); });
    after(async () => { await e.close(); });
    beforeEach(() => { e.clearLog(); e.setFaults(undefined); });

    it("logs in once and out again; counts every request", async () => {
        resetReadiness();
        let inside = 0;
        await withSession(connOf(e), "probing", async (s) => {
            assert.strictEqual(e.activeTokens(), 1);
            await s.get("tm/sys/version");
            inside = s.requestCount;
        });
        assert.strictEqual(e.activeTokens(), 0);
        assert.deepStrictEqual(lines(e).map((l) => l.replace(/tokens\/\w+/, "tokens/T")), [
            "POST /mgmt/shared/authn/login 200",
            "GET /mgmt/tm/sys/ready 200",
            "GET /mgmt/tm/sys/version 200",
            "DELETE /mgmt/shared/authz/tokens/T 200",
        ]);
        assert.strictEqual(inside, 3, "login + the readiness check + 1 GET before logout");
        e.clearLog();
        await withSession(connOf(e), "probing", (s) => s.get("tm/sys/version"));
        assert.strictEqual(e.log.length, 3, `readiness is checked once per device per process: ${lines(e)}`);
    });

    it("logs out when fn throws, and rethrows fn's error", async () => {
        const err = await rejects(withSession(connOf(e), "probing", async (s) => { await s.get("tm/sys/version"); throw new Error("boom"); }));
        assert.strictEqual(err.message, "boom");
        assert.strictEqual(e.activeTokens(), 0);
    });

    it("re-logs in once when the token expires mid-session, then retries", async () => {
        await withSession(connOf(e), "probing", async (s) => {
            await s.get("tm/sys/version");
            e.expireAllTokens();
            await s.get("tm/sys/version");
        });
        const l = lines(e);
        assert.strictEqual(l.filter((x) => x.startsWith("POST /mgmt/shared/authn/login")).length, 2, l.join("\n"));
        assert.ok(l.some((x) => x === "GET /mgmt/tm/sys/version 401"));
        assert.strictEqual(e.activeTokens(), 0);
    });

    it("token limit: clear error advising to log out old sessions or wait", async () => {
        const held = [await openSession(connOf(e)), await openSession(connOf(e)), await openSession(connOf(e))];
        try {
            const err = await rejects(withSession(connOf(e), "creating Pool /Common/p", async () => 1));
            assert.match(err.message, /maximum active login tokens/);
            assert.match(err.message, /log out old sessions .* or wait for them to expire/);
            assert.strictEqual(err.transient, false);
        } finally {
            for (const s of held) await closeSession(s);
        }
        assert.strictEqual(e.activeTokens(), 0);
    });

    it("bad password fails fast with a clear error (after F5's 5 boot retries of a 401: readiness.ts)", async () => {
        resetReadiness();
        const t0 = Date.now();
        const err = await rejects(withSession(connOf(e, { password: "wrong" }), "probing", async () => 1));
        assert.match(err.message, /401 Authentication failed\..*Check the username and password/);
        assert.strictEqual(e.log.length, 1 + BOOT_401_RETRIES, lines(e).join("\n"));
        assert.ok(Date.now() - t0 < 2_000);
    });

    it("password from BIGIP_PASSWORD when the connection has none; Basic auth", async () => {
        const old = process.env.BIGIP_PASSWORD;
        process.env.BIGIP_PASSWORD = "admin-pw";
        try {
            const c = { ...connOf(e), password: undefined };
            assert.ok(await withSession(c, "probing", (s) => s.get("tm/sys/version")));
            e.clearLog();
            assert.ok(await withSession({ ...c, auth: "basic" }, "probing", (s) => s.get("tm/sys/version")));
            assert.deepStrictEqual(lines(e), ["GET /mgmt/tm/sys/version 200"], "Basic: no login, no logout");
            delete process.env.BIGIP_PASSWORD;
            assert.match((await rejects(withSession(c, "probing", async () => 1))).message, /no password/);
        } finally {
            if (old === undefined) delete process.env.BIGIP_PASSWORD; else process.env.BIGIP_PASSWORD = old;
        }
    });

    it("Basic auth with a bad password fails fast", async () => {
        resetReadiness();
        const err = await rejects(withSession(connOf(e, { auth: "basic", password: "nope" }), "probing", async () => 1));
        assert.match(err.message, /401 Authentication failed/);
        assert.strictEqual(e.log.length, 1 + BOOT_401_RETRIES);
    });
});
