/**
 * Strictness outside configuration: tokens (expiry, limit, logout), transactions (atomic, empty, unknown,
 * expired), boot phases, and seeded fault injection (same seed ⇒ same faults; "after" applies the write).
 */
import * as assert from "assert";
import { basic, call, login, sleep } from "./client";
import { Emulator, EmulatorOptions, startEmulator } from "./index";

describe("emulator: strict runtime behaviour", function () {
    const open: Emulator[] = [];
    const start = async (o?: EmulatorOptions) => { const e = await startEmulator(o); open.push(e); return e; };
    afterEach(async () => { await Promise.all(open.splice(0).map((e) => e.close())); });

    describe("authentication", () => {
        it("bad credentials, no credentials, unknown and expired tokens ⇒ 401 with the device texts", async () => {
            const e = await start();
            const bad = await call(e, "POST", "/mgmt/shared/authn/login", { username: "admin", password: "x", loginProviderName: "tmos" });
            assert.deepStrictEqual([bad.status, bad.body.message, bad.body.kind], [401, "Authentication failed.", ":resterrorresponse"]);
            assert.strictEqual((await call(e, "GET", "/mgmt/tm/sys/version")).status, 401);
            assert.strictEqual((await call(e, "GET", "/mgmt/tm/sys/version", undefined, { "X-F5-Auth-Token": "NOPE" })).body.message, "X-F5-Auth-Token does not exist.");
            assert.strictEqual((await call(e, "GET", "/mgmt/tm/sys/version", undefined, basic("admin", "wrong"))).status, 401);
            assert.strictEqual((await call(e, "GET", "/mgmt/tm/sys/version", undefined, basic())).status, 200);
            const h = await login(e);
            assert.strictEqual((await call(e, "GET", "/mgmt/tm/sys/version", undefined, h)).status, 200);
            assert.strictEqual(e.log[e.log.length - 1].authed, "admin");
            e.expireAllTokens();
            const exp = await call(e, "GET", "/mgmt/tm/sys/version", undefined, h);
            assert.deepStrictEqual([exp.status, exp.body.message], [401, "X-F5-Auth-Token has expired."]);
            assert.strictEqual(e.activeTokens("admin"), 0);
        });

        it("per-user token limit ⇒ 400; logout frees a slot; PATCH extends the timeout", async () => {
            const e = await start({ maxTokensPerUser: 2 });
            const [a] = [await login(e), await login(e)];
            const third = await call(e, "POST", "/mgmt/shared/authn/login", { username: "admin", password: "admin-pw", loginProviderName: "tmos" });
            assert.strictEqual(third.status, 400);
            assert.match(third.body.message, /^user [0-9a-f-]{36} has reached maximum active login tokens$/);
            const tok = a["X-F5-Auth-Token"];
            const ext = await call(e, "PATCH", `/mgmt/shared/authz/tokens/${tok}`, { timeout: 3600 }, a);
            assert.deepStrictEqual([ext.status, ext.body.timeout], [200, 3600]);
            assert.strictEqual((await call(e, "DELETE", `/mgmt/shared/authz/tokens/${tok}`, undefined, a)).status, 200);
            assert.strictEqual((await call(e, "GET", "/mgmt/tm/sys/version", undefined, a)).body.message, "X-F5-Auth-Token does not exist.");
            assert.strictEqual(e.activeTokens("admin"), 1);
            await login(e);
        });
    });

    describe("transactions", () => {
        const tx = async (e: Emulator, h: Record<string, string>) => (await call(e, "POST", "/mgmt/tm/transaction", {}, h)).body;

        it("queues writes, lists commands, commits atomically and reports COMPLETED", async () => {
            const e = await start();
            const h = await login(e);
            const t = await tx(e, h);
            assert.deepStrictEqual(Object.keys(t), ["transId", "state", "timeoutSeconds", "asyncExecution", "validateOnly", "executionTimeout", "executionTime", "failureReason", "kind", "selfLink"]);
            assert.deepStrictEqual([t.state, t.timeoutSeconds, t.kind], ["STARTED", 120, "tm:transactionstate"]);
            const c = { ...h, "X-F5-REST-Coordination-Id": String(t.transId) };
            const q = await call(e, "POST", "/mgmt/tm/ltm/pool", { name: "tp" }, c);
            assert.deepStrictEqual([q.body.method, q.body.evalOrder, q.body.kind], ["POST", 1, "tm:transaction:commandsstate"]);
            assert.strictEqual(q.body.selfLink, `https://localhost/mgmt/tm/transaction/${t.transId}/commands/1?ver=14.1.2.1`);
            await call(e, "PATCH", "/mgmt/tm/ltm/pool/~Common~tp", { description: "d" }, c);
            assert.strictEqual((await call(e, "GET", "/mgmt/tm/ltm/pool/~Common~tp", undefined, c)).status, 404, "reads see committed config");
            assert.strictEqual((await call(e, "GET", `/mgmt/tm/transaction/${t.transId}/commands`, undefined, h)).body.items.length, 2);
            const done = await call(e, "PATCH", `/mgmt/tm/transaction/${t.transId}`, { state: "VALIDATING" }, h);
            assert.deepStrictEqual([done.status, done.body.state], [200, "COMPLETED"]);
            assert.strictEqual(e.get("pool", "/Common/tp")!.description, "d");
            assert.strictEqual((await call(e, "GET", `/mgmt/tm/transaction/${t.transId}`, undefined, h)).body.state, "COMPLETED");
            const t2 = await tx(e, h);
            const c2 = { ...h, "X-F5-REST-Coordination-Id": String(t2.transId) };
            assert.strictEqual((await call(e, "DELETE", "/mgmt/tm/ltm/pool/~Common~tp", undefined, c2)).body.method, "DELETE");
            assert.strictEqual((await call(e, "PATCH", `/mgmt/tm/transaction/${t2.transId}`, { state: "VALIDATING" }, h)).body.state, "COMPLETED");
            assert.strictEqual(e.get("pool", "/Common/tp"), undefined);
        });

        it("a failing command applies nothing; syntax errors are refused at queue time; empty and unknown ids fail", async () => {
            const e = await start();
            const h = await login(e);
            const t = await tx(e, h);
            const c = { ...h, "X-F5-REST-Coordination-Id": String(t.transId) };
            const bad = await call(e, "POST", "/mgmt/tm/ltm/pool", { name: "q", nope: 1 }, c);
            assert.match(bad.body.message, /^Found unexpected json pair/);
            await call(e, "POST", "/mgmt/tm/ltm/pool", { name: "ok" }, c);
            await call(e, "POST", "/mgmt/tm/net/self", { name: "s", address: "10.0.0.1/24", vlan: "/Common/missing" }, c);
            const before = JSON.stringify(e.snapshot());
            const gen = e.generation;
            const r = await call(e, "PATCH", `/mgmt/tm/transaction/${t.transId}`, { state: "VALIDATING" }, h);
            assert.strictEqual(r.status, 400);
            assert.match(r.body.message, /^01070712:3: Values \(\/Common\/missing\) specified for Self IP/);
            assert.deepStrictEqual([JSON.stringify(e.snapshot()), e.generation], [before, gen]);
            assert.strictEqual((await call(e, "GET", `/mgmt/tm/transaction/${t.transId}`, undefined, h)).body.state, "FAILED");
            const empty = await tx(e, h);
            const er = await call(e, "PATCH", `/mgmt/tm/transaction/${empty.transId}`, { state: "VALIDATING" }, h);
            assert.deepStrictEqual([er.status, er.body.message], [400, "there is no command to commit in the transaction"]);
            const unk = await call(e, "PATCH", "/mgmt/tm/transaction/123", { state: "VALIDATING" }, h);
            assert.deepStrictEqual([unk.status, unk.body.message], [404, "Missing transaction ID for this call."]);
        });

        it("an expired transaction vanishes", async () => {
            const e = await start({ transactionTimeoutSec: 1 });
            const h = await login(e);
            const t = await tx(e, h);
            await sleep(1100);
            assert.strictEqual((await call(e, "GET", `/mgmt/tm/transaction/${t.transId}`, undefined, h)).status, 404);
            assert.strictEqual((await call(e, "POST", "/mgmt/tm/ltm/pool", { name: "late" }, { ...h, "X-F5-REST-Coordination-Id": String(t.transId) })).status, 404);
        });
    });

    it("sys config save records the generation; unknown paths ⇒ 404; failNext fails once", async () => {
        const e = await start();
        const h = await login(e);
        await call(e, "POST", "/mgmt/tm/ltm/pool", { name: "p" }, h);
        assert.notStrictEqual(e.savedGeneration, e.generation);
        const s = await call(e, "POST", "/mgmt/tm/sys/config", { command: "save" }, h);
        assert.deepStrictEqual([s.body, e.savedGeneration], [{ kind: "tm:sys:config:runstate", command: "save" }, e.generation]);
        const u = await call(e, "GET", "/mgmt/tm/ltm/nothing", undefined, h);
        assert.deepStrictEqual([u.status, u.body.kind], [404, ":resterrorresponse"]);
        e.failNext({ method: "DELETE", path: /ltm\/pool/ }, 400, "01070734:3: Configuration error: nope");
        const f = await call(e, "DELETE", "/mgmt/tm/ltm/pool/~Common~p", undefined, h);
        assert.deepStrictEqual([f.status, f.body.message, e.get("pool", "/Common/p") !== undefined], [400, "01070734:3: Configuration error: nope", true]);
        assert.strictEqual((await call(e, "DELETE", "/mgmt/tm/ltm/pool/~Common~p", undefined, h)).status, 200);
    });

    it("boot phases: refused, restjavad 503, not registered, mcpd lost, not ready, then ready", async () => {
        const e = await start();
        const h = await login(e);
        await call(e, "POST", "/mgmt/tm/ltm/pool", { name: "p" }, h);
        const ms = 400;
        e.boot({ refusedMs: ms, restjavadMs: ms, notRegisteredMs: ms, mcpdMs: ms, notReadyMs: ms });
        const t0 = Date.now();
        const at = (phase: number) => sleep(Math.max(0, t0 + phase * ms + ms / 4 - Date.now()));
        await assert.rejects(call(e, "GET", "/mgmt/tm/sys/ready", undefined, h));
        assert.strictEqual(e.log[e.log.length - 1].status, "refused");
        await at(1);
        const r503 = await call(e, "GET", "/mgmt/tm/sys/ready", undefined, h);
        assert.deepStrictEqual([r503.status, r503.contentType], [503, "text/html"]);
        assert.match(r503.text, /Configuration Utility restarting\.\.\./);
        await at(2);
        const nr = await call(e, "GET", "/mgmt/tm/ltm/pool", undefined, h);
        assert.deepStrictEqual([nr.status, nr.body.message], [404, "URI path /mgmt/tm/ltm/pool not registered.  Please verify URI is supported and wait for /available suffix to be responsive."]);
        await at(3);
        assert.strictEqual((await call(e, "GET", "/mgmt/tm/ltm/pool", undefined, h)).body.message, "The connection to mcpd has been lost, try again.");
        assert.strictEqual((await call(e, "GET", "/mgmt/tm/ltm/pool/~Common~p", undefined, h)).body.message, "01020036:3: The requested Pool (/Common/p) was not found.");
        await at(4);
        await login(e);
        assert.strictEqual((await call(e, "GET", "/mgmt/tm/sys/ready", undefined, h)).body.entries["https://localhost/mgmt/tm/sys/ready/0"].nestedStats.entries.configReady.description, "no");
        const w = await call(e, "POST", "/mgmt/tm/ltm/pool", { name: "q" }, h);
        assert.deepStrictEqual([w.status, w.body.message], [503, "Unable to process request /tm/ltm/pool. Service is unavailable."]);
        assert.strictEqual((await call(e, "GET", "/mgmt/tm/sys/available", undefined, h)).status, 503);
        await at(5);
        assert.strictEqual((await call(e, "GET", "/mgmt/tm/sys/available", undefined, h)).status, 200);
        assert.strictEqual((await call(e, "GET", "/mgmt/shared/echo/available", undefined, h)).status, 200);
    });

    describe("fault injection", () => {
        async function run(seed: number): Promise<string[]> {
            const e = await start();
            e.setFaults({ seed, rate: 0.5, exclude: /authn/ });
            for (let i = 0; i < 30; i++) await call(e, "GET", "/mgmt/tm/sys/version", undefined, basic()).catch(() => undefined);
            return e.log.map((l) => `${l.fault ?? "-"}:${l.status}`);
        }

        it("same seed ⇒ same faults; another seed ⇒ other faults; every kind shows", async () => {
            const [a, b, c] = [await run(7), await run(7), await run(8)];
            assert.deepStrictEqual(a, b);
            assert.notDeepStrictEqual(a, c);
            const kinds = new Set([...a, ...c].map((x) => x.split(":")[0]));
            for (const k of ["-", "503", "500", "401", "404-not-registered", "reset"]) assert.ok(kinds.has(k), `${k} in ${[...kinds]}`);
            assert.ok(a.includes("reset:reset") && a.includes("503:503"));
        });

        it("'after' applies the write and loses the answer; 'before' does not apply it; latency delays", async () => {
            const e = await start();
            const h = await login(e);
            e.setFaults({ seed: 3, rate: 1, kinds: ["reset"], when: "after", pathFilter: /ltm\/pool/ });
            await assert.rejects(call(e, "POST", "/mgmt/tm/ltm/pool", { name: "amb" }, h));
            assert.ok(e.get("pool", "/Common/amb"), "applied although the answer was lost");
            e.setFaults({ seed: 3, rate: 1, kinds: ["500"], when: "before", pathFilter: /ltm\/pool/ });
            assert.strictEqual((await call(e, "POST", "/mgmt/tm/ltm/pool", { name: "not" }, h)).status, 500);
            assert.strictEqual(e.get("pool", "/Common/not"), undefined);
            e.setFaults({ seed: 3, rate: 1, kinds: ["latency"], latencyMs: 300 });
            const t = Date.now();
            assert.strictEqual((await call(e, "GET", "/mgmt/tm/sys/version", undefined, h)).status, 200);
            assert.ok(Date.now() - t >= 290);
            assert.strictEqual(e.log[e.log.length - 1].fault, "latency");
        });
    });
});
