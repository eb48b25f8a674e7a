import * as assert from "assert";
import { Emulator, startEmulator } from "../../emulator";
import { resetReadiness, withSession } from "../../../components/bigip/rest";
import { connOf, lines, rejects } from "./helpers";

describe("rest readiness", () => {
    let e: Emulator;
    before(async () => { e = await startEmulator(); });
    after(async () => { await e.close(); });
    beforeEach(() => { e.clearLog(); resetReadiness(); });

    it("waits through a simulated boot and starts within about one poll interval of ready", async () => {
        const interval = 100;
        const t0 = Date.now();
        e.boot({ refusedMs: 300, restjavadMs: 300, notRegisteredMs: 300, mcpdMs: 300, notReadyMs: 300 });
        const readyAt = t0 + 1_500;
        let startedAt = 0;
        await withSession(connOf(e, { readinessIntervalMs: interval }), "creating Pool /Common/p", async (s) => {
            startedAt = Date.now();
            await s.post("tm/ltm/pool", { name: "p", partition: "Common" }, { action: "creating Pool /Common/p" });
        });
        const delay = startedAt - readyAt;
        const statuses = new Set(e.log.map((l) => String(l.status)));
        console.log(`      configuration started ${delay} ms after the device became ready (poll interval ${interval} ms); ` +
            `${e.log.length} requests, statuses seen: ${[...statuses].join(", ")}`);
        assert.ok(delay >= 0, "never before ready");
        for (const st of ["refused", "503", "404", "500", "200"]) assert.ok(statuses.has(st), `boot phase answer ${st} seen`);
        assert.ok(e.get("pool", "/Common/p"));
        assert.strictEqual(e.activeTokens(), 0);
        const logins = e.log.filter((l) => l.path === "/mgmt/shared/authn/login" && l.status === 200).length;
        if (process.env.SHOW_LOG) console.log(lines(e).join("\n"));
        assert.ok(logins <= 2, `the poller keeps its token between polls (${logins} successful logins)\n${lines(e).join("\n")}`);
    });

    it("deadline: error names the last observed state", async () => {
        e.boot({ notReadyMs: 5_000 });
        const t0 = Date.now();
        const err = await rejects(withSession(connOf(e, { readinessIntervalMs: 50, readinessTimeoutMs: 400 }), "creating Pool /Common/q", async () => 1));
        assert.match(err.message, /creating Pool \/Common\/q failed: the device did not become ready within 0.4 s \(\d+ polls\); last state: sys\/ready reports configReady=no, licenseReady=no, provisionReady=no$/);
        assert.ok(Date.now() - t0 < 1_500);
        assert.strictEqual(e.activeTokens(), 0, "the poller's token is logged out");
        e.boot({});
    });

    it("a bad password during boot fails fast instead of waiting", async () => {
        e.boot({ refusedMs: 100, restjavadMs: 100 });
        const t0 = Date.now();
        const err = await rejects(withSession(connOf(e, { password: "wrong" }), "probing", async () => 1));
        assert.match(err.message, /Authentication failed/);
        assert.ok(Date.now() - t0 < 2_000, `${Date.now() - t0} ms`);
    });

    it("concurrent sessions share one poller", async () => {
        e.boot({ restjavadMs: 300 });
        await Promise.all([1, 2, 3].map((i) => withSession(connOf(e), `probe ${i}`, (s) => s.get("tm/sys/version"))));
        const polls = e.log.filter((l) => l.path === "/mgmt/tm/sys/ready").length;
        assert.strictEqual(polls, 1, lines(e).join("\n"));
        assert.strictEqual(e.activeTokens(), 0);
    });
});
