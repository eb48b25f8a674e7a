/**
 * Issue 14, security 2, 3 and 5 in the providers: a Pool read (`pulumi refresh`) through the SDK's real provider host
 * (test/engine), answered by the emulator's test-only misbehaviours. An answer echoing the request puts no credential
 * (token, Basic header, password) into the error the engine gets or the host's log; an endless answer fails that read
 * naming the URL and the cap, and the host lives on; a redirect fails the read at once naming the Location.
 */
import * as assert from "node:assert/strict";
import { BigIpConnection, MAX_ANSWER_BYTES } from "../../components/bigip/rest";
import { endHostRun, Engine, sharedHost } from "../engine/engine";
import { useEmulator } from "../bigip/objects/harness";
import { rejects } from "../bigip/rest/helpers";
import { assertClean, canaries, CANARY_PASSWORD } from "./canaries";

describe("a provider read through the provider host against a hostile peer (issue 14: security 2, 3, 5)", function () {
    this.timeout(60_000);
    const box = useEmulator({ users: { admin: CANARY_PASSWORD } });
    let n = 0;
    let name = "";
    /** The pool of this test, as the read GETs it. */
    let POOL = /^$/;
    let eng: Engine | undefined;
    beforeEach(() => { name = `hostile-pool${++n}`; POOL = new RegExp(`^/mgmt/tm/ltm/pool/~Common~${name}$`); eng = undefined; });
    afterEach(async () => {
        box.e.calm();
        await eng?.destroy();
        await endHostRun();
    });

    /** A Pool created through the host with this connection, then the run ended (a refresh is a new run). */
    const created = async (extra: Partial<BigIpConnection> = {}): Promise<Engine> => {
        eng = new Engine("Pool");
        await eng.up({ connection: { ...box.c, password: CANARY_PASSWORD, ...extra }, name, members: ["10.254.0.2:0"], monitor: "" });
        await endHostRun();
        box.e.calm();
        box.e.clearLog();
        return eng;
    };

    for (const auth of ["token", "basic"] as const) {
        for (const as of ["json", "text"] as const) {
            it(`${auth} authentication, the read echoed (${as}): neither the engine's error nor the host's log carries a credential`, async () => {
                const eng = await created({ auth });
                const host = await sharedHost();
                const logFrom = host.stderr.length;
                const before = box.e.echoed().length;
                box.e.misbehave({ method: "GET", path: POOL }, { kind: "echo", as, status: 400 });
                const err = await rejects(eng.refresh());
                const sent = box.e.echoed().slice(before);
                assert.equal(sent.length, 1);
                assert.ok(auth === "token" ? typeof sent[0].headers["x-f5-auth-token"] === "string" : /^Basic /.test(String(sent[0].headers.authorization)));
                assert.match(err.message, /400/);
                assertClean(`${err.message}\n${err.stack}`, canaries(box.e), "the engine's error");
                // The host logs a failed read (`${e}: ${e.stack}`): wait for that line, then check it too.
                for (let t = 0; t < 100 && !/400/.test(host.stderr.slice(logFrom)); t++) await new Promise((r) => setTimeout(r, 20));
                assert.match(host.stderr.slice(logFrom), /400/, "the host logged the failed read");
                assertClean(host.stderr.slice(logFrom), canaries(box.e), "the provider host's log");
            });
        }
    }

    it("an endless answer: the read fails naming the URL and the cap, the stream is cut off, the host lives on", async () => {
        const eng = await created();
        box.e.misbehave({ method: "GET", path: POOL }, { kind: "huge", bytes: MAX_ANSWER_BYTES + 64 * 2 ** 20 });
        const err = await rejects(eng.refresh());
        assert.ok(err.message.includes(`https://${box.e.host}:${box.e.port}/mgmt/tm/ltm/pool/~Common~${name}`), err.message);
        assert.match(err.message, /64 MiB, the most this client reads from a device/);
        const [huge] = box.e.hugeAnswers().slice(-1);
        assert.ok(huge.written < MAX_ANSWER_BYTES + 16 * 2 ** 20, `${huge.written} bytes written`);
        // The same host process answers the next read.
        assert.equal(await eng.refresh(), "present");
    });

    it("a redirect: the read fails at once naming the Location, not followed", async () => {
        const eng = await created();
        box.e.misbehave({ method: "GET", path: POOL }, { kind: "redirect", status: 308, location: "https://10.9.9.9/elsewhere" }, 20);
        const err = await rejects(eng.refresh());
        assert.match(err.message, /308 redirect to https:\/\/10\.9\.9\.9\/elsewhere, not followed/);
        assert.equal(box.e.log.filter((l) => l.status === 308).length, 1, "neither retried nor polled");
    });
});
