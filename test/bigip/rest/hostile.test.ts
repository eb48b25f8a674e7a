/**
 * Issue 14, security 2, 3 and 5 at the REST client: a peer on the management address that sends an endless answer, a
 * redirect, or an answer echoing our request (credentials included). The emulator's test-only misbehaviours
 * (test/emulator/hostile.ts) play that peer; the CLIs and the provider host are proven in test/security/hostile*.test.ts.
 */
import * as assert from "assert";
import { Emulator, startEmulator } from "../../emulator";
import { BigIpConnection, BOOT_401_RETRIES, isBigIpError, MAX_ANSWER_BYTES, openSession, OpenSession, resetReadiness } from "../../../components/bigip/rest";
import { assertClean, canaries, CANARY_PASSWORD, errorTexts } from "../../security/canaries";
import { connOf, lines, rejects } from "./helpers";

describe("a hostile peer on the management address (REST client)", function () {
    this.timeout(60_000);
    let e: Emulator;
    let conn: BigIpConnection;
    before(async () => {
        e = await startEmulator({ users: { admin: CANARY_PASSWORD } });
        conn = connOf(e, { password: CANARY_PASSWORD });
    });
    after(async () => { await e.close(); });
    beforeEach(() => { resetReadiness(); e.calm(); e.clearLog(); });
    afterEach(() => assert.strictEqual(e.activeTokens(), 0, "tokens left logged in"));

    const session = async (extra: Partial<BigIpConnection> = {}, body: (s: OpenSession) => Promise<void>) => {
        const s = await openSession({ ...conn, ...extra });
        try { await body(s); } finally { await s.close(); }
    };

    describe("security 2: an answer larger than MAX_ANSWER_BYTES", () => {
        it("is cut off at the cap (the stream is aborted) and fails at once, naming the URL and the cap, without a retry", async () => {
            await session({}, async (s) => {
                e.misbehave({ method: "GET", path: /^\/mgmt\/tm\/ltm\/pool$/ }, { kind: "huge", bytes: MAX_ANSWER_BYTES + 64 * 2 ** 20 }, 8);
                e.clearLog();
                const err = await rejects(s.get("tm/ltm/pool", { query: { expandSubcollections: "true" } }));
                assert.ok(isBigIpError(err), String(err));
                assert.match(err.message, new RegExp(`https://${e.host}:${e.port}/mgmt/tm/ltm/pool\\?expandSubcollections=true`));
                assert.match(err.message, /64 MiB/);
                assert.strictEqual(err.transient, false);
                assert.deepStrictEqual(lines(e), ["GET /mgmt/tm/ltm/pool 200 [misbehave:huge]"], "one request, no retry");
                const [huge] = e.hugeAnswers().slice(-1);
                await waitFor(() => huge.done);
                // Aborted: the device could write little more than the cap before the connection closed (socket buffers).
                assert.ok(huge.written < MAX_ANSWER_BYTES + 16 * 2 ** 20, `the client read on: ${huge.written} bytes written`);
                // The session still works (a new connection).
                e.calm();
                assert.ok(Array.isArray((await s.get("tm/ltm/pool")).items));
            });
        });

        it("announced larger by its Content-Length: refused before reading it", async () => {
            await session({}, async (s) => {
                e.misbehave({ method: "GET", path: /^\/mgmt\/tm\/ltm\/pool$/ }, { kind: "huge", bytes: 4 * MAX_ANSWER_BYTES, announce: true });
                const err = await rejects(s.get("tm/ltm/pool"));
                assert.match(err.message, /announced 256 MiB \(Content-Length\), more than 64 MiB/);
                const [huge] = e.hugeAnswers().slice(-1);
                await waitFor(() => huge.done);
                assert.ok(huge.written < MAX_ANSWER_BYTES, `${huge.written} bytes written`);
            });
        });

        it("an answer just under the cap is read whole", async () => {
            await session({}, async (s) => {
                e.misbehave({ method: "GET", path: /^\/mgmt\/tm\/ltm\/pool$/ }, { kind: "huge", bytes: 2 ** 20 });
                const j = await s.get("tm/ltm/pool");
                assert.strictEqual(j.padding.length, 2 ** 20 - '{"kind":"tm:ltm:pool:poolcollectionstate","items":[],"padding":""}'.length);
            });
        });
    });

    describe("security 5: a redirect", () => {
        it("while waiting for readiness: a hard error at once naming the Location (no polling until the timeout)", async () => {
            e.misbehave({ method: "GET", path: /^\/mgmt\/tm\/sys\/ready$/ }, { kind: "redirect", status: 307, location: "https://elsewhere.example/mgmt/tm/sys/ready" }, 1000);
            const t0 = Date.now();
            const err = await rejects(openSession({ ...conn, readinessTimeoutMs: 20_000 }));
            assert.ok(Date.now() - t0 < 5_000, `took ${Date.now() - t0} ms`);
            assert.match(err.message, /307 redirect to https:\/\/elsewhere\.example\/mgmt\/tm\/sys\/ready/);
            assert.match(err.message, /not followed/);
            assert.strictEqual(lines(e).filter((l) => l.includes("sys/ready")).length, 1, lines(e).join("\n"));
        });

        for (const status of [301, 302, 303, 307, 308]) {
            it(`${status} to a GET in a session: not followed, not retried, the Location named`, async () => {
                await session({}, async (s) => {
                    e.misbehave({ method: "GET", path: /^\/mgmt\/tm\/ltm\/pool$/ }, { kind: "redirect", status, location: "https://10.9.9.9:8443/mgmt/tm/ltm/pool" }, 5);
                    e.clearLog();
                    const err = await rejects(s.get("tm/ltm/pool"));
                    assert.match(err.message, new RegExp(`${status} redirect to https://10\\.9\\.9\\.9:8443/mgmt/tm/ltm/pool`));
                    assert.deepStrictEqual(lines(e), [`GET /mgmt/tm/ltm/pool ${status} [misbehave:redirect]`]);
                    assert.strictEqual(err.transient, false);
                });
            });
        }

        it("to the login: refused at once", async () => {
            e.misbehave({ method: "POST", path: /^\/mgmt\/shared\/authn\/login$/ }, { kind: "redirect", status: 302, location: "https://sso.example/login" }, 20);
            const t0 = Date.now();
            const err = await rejects(openSession(conn));
            assert.ok(Date.now() - t0 < 5_000, `took ${Date.now() - t0} ms`);
            assert.match(err.message, /302 redirect to https:\/\/sso\.example\/login/);
            assert.strictEqual(lines(e).filter((l) => l.includes("authn/login")).length, 1, lines(e).join("\n"));
        });
    });

    describe("security 3: an answer echoing the request never puts a credential into an error", () => {
        for (const as of ["json", "text"] as const) {
            it(`the login echoed (${as}): the password in any form is not in the error`, async () => {
                // every login the client tries: a 401 is retried while the device may be booting (readiness.ts)
                e.misbehave({ method: "POST", path: /^\/mgmt\/shared\/authn\/login$/ }, { kind: "echo", as, status: 401 }, 1 + BOOT_401_RETRIES);
                const err = await rejects(openSession(conn));
                assert.ok(e.echoed().length > 0);
                assertClean(errorTexts(err), canaries(e), "the login error");
            });

            it(`a GET echoed (${as}): the token is not in the error`, async () => {
                await session({}, async (s) => {
                    e.misbehave({ method: "GET", path: /^\/mgmt\/tm\/net\/vlan$/ }, { kind: "echo", as });
                    const err = await rejects(s.get("tm/net/vlan"));
                    assert.match(err.message, /400/);
                    assertClean(errorTexts(err), canaries(e), "the GET error");
                });
            });

            it(`Basic authentication, a GET echoed (${as}): the Authorization header is not in the error`, async () => {
                await session({ auth: "basic" }, async (s) => {
                    e.misbehave({ method: "GET", path: /^\/mgmt\/tm\/net\/vlan$/ }, { kind: "echo", as, status: 500 });
                    const err = await rejects(s.get("tm/net/vlan"));
                    assert.ok(e.echoed().some((r) => /^Basic /.test(String(r.headers.authorization))));
                    assertClean(errorTexts(err), canaries(e), "the GET error");
                });
            });
        }

        it("while waiting for readiness: the last state seen carries no token", async () => {
            e.misbehave({ method: "GET", path: /^\/mgmt\/tm\/sys\/ready$/ }, { kind: "echo", as: "json", status: 503 }, 1000);
            const err = await rejects(openSession({ ...conn, readinessTimeoutMs: 300 }));
            assert.match(err.message, /did not become ready/);
            assertClean(errorTexts(err), canaries(e), "the readiness error");
        });
    });
});

async function waitFor(cond: () => boolean, ms = 5_000): Promise<void> {
    const t0 = Date.now();
    while (!cond()) {
        if (Date.now() - t0 > ms) throw new Error("timed out waiting");
        await new Promise((r) => setTimeout(r, 10));
    }
}
