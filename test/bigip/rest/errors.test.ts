import * as assert from "assert";
import { backoffDelay, BigIpError, isBigIpError, mgmtPath, parseErrorBody, resolveConnection } from "../../../components/bigip/rest";
import { classifyTransportError } from "../../../components/bigip/rest/errors";

describe("rest error classification", () => {
    const table: [number, string, string, string, boolean][] = [
        // status, content type, body, kind, transient
        [409, "application/json", `{"code":409,"message":"01020066:3: The requested Tunnel (/Common/clone-gre) already exists in partition Common.","errorStack":[],"apiError":3}`, "conflict", false],
        [400, "application/json", `{"code":400,"message":"01070265:3: The Pool (/Common/p) cannot be deleted because it is in use by a Virtual Server (/Common/v).","errorStack":[]}`, "bad-request", false],
        [400, "application/json", `{"code":400,"message":"user 4f1c… has reached maximum active login tokens","referer":"10.0.0.1","restOperationId":1,"kind":":resterrorresponse"}`, "token-limit", false],
        [401, "application/json", `{"code":401,"message":"X-F5-Auth-Token has expired.","referer":"x"}`, "token-expired", true],
        [401, "application/json", `{"code":401,"message":"X-F5-Auth-Token does not exist.","referer":"x"}`, "token-expired", true],
        [401, "application/json", `{"code":401,"message":"Authentication failed.","originalRequestBody":"{}"}`, "auth-failed", false],
        [401, "text/html", `<html><head><title>401 Unauthorized</title></head><body>nope</body></html>`, "auth-failed", false],
        [503, "text/plain", "Unable to process request /tm/sys/available. Service is unavailable.", "unavailable", true],
        [503, "text/html", `<html><head><title>BIG-IP&reg;- Configuration Utility restarting...</title></head><body>x</body></html>`, "unavailable", true],
        [502, "text/html", "<html><body><h1>Bad Gateway</h1></body></html>", "unavailable", true],
        [400, "application/json", `{"code":400,"message":"there is an active asynchronous task executing.","errorStack":[]}`, "busy", true],
        [500, "application/json", `{"code":500,"message":"Something else broke","errorStack":[]}`, "server-error", false],
        [404, "application/json", `{"code":404,"message":"Missing transaction ID for this call.","errorStack":[]}`, "not-found", false],
        [400, "", "", "bad-request", false],
    ];
    for (const [status, ct, body, kind, transient] of table) {
        it(`${status} ${body.slice(0, 60)} → ${kind}`, () => {
            const p = parseErrorBody(status, ct, body);
            assert.strictEqual(p.kind, kind);
            assert.strictEqual(p.transient, transient);
            assert.ok(p.message.length > 0 && p.message.length <= 300);
        });
    }

    it("HTML: title wins, entities decoded, otherwise first text", () => {
        assert.strictEqual(parseErrorBody(503, "text/html", "<html><title>BIG-IP&reg; - Configuration Utility restarting...</title></html>").message,
            "BIG-IP® - Configuration Utility restarting...");
        assert.strictEqual(parseErrorBody(502, "text/html", "<html><body>\n <h1>Bad   Gateway</h1><script>x()</script></body></html>").message, "Bad Gateway");
        assert.strictEqual(parseErrorBody(400, "", "").message, "HTTP 400");
    });

    it("transport errors: refused/reset/EPIPE/hang up/TLS EOF are transient; sent marks ambiguity", () => {
        for (const [code, msg] of [["ECONNREFUSED", "connect ECONNREFUSED"], ["ECONNRESET", "read ECONNRESET"], ["EPIPE", "write EPIPE"],
            ["ECONNRESET", "socket hang up"], ["ECONNRESET", "Client network socket disconnected before secure TLS connection was established"]]) {
            const f = classifyTransportError(Object.assign(new Error(msg), { code }), code !== "ECONNREFUSED");
            assert.strictEqual(f.transient, true, msg);
            assert.strictEqual(f.sent, code !== "ECONNREFUSED");
        }
        assert.strictEqual(classifyTransportError(Object.assign(new Error("getaddrinfo ENOTFOUND x"), { code: "ENOTFOUND" }), false).transient, false);
    });

    it("backoff: exponential, jittered within [step/2, step], capped", () => {
        const p = { attempts: 8, baseDelayMs: 250, maxDelayMs: 5000 };
        for (let i = 0; i < 12; i++) {
            const step = Math.min(5000, 250 * 2 ** i);
            assert.strictEqual(backoffDelay(i, p, () => 0), step / 2);
            assert.strictEqual(backoffDelay(i, p, () => 0.999999), step);
            for (let k = 0; k < 50; k++) {
                const d = backoffDelay(i, p);
                assert.ok(d >= step / 2 && d <= step, `${i}: ${d}`);
            }
        }
        const total = Array.from({ length: p.attempts - 1 }, (_, i) => backoffDelay(i, p, () => 1)).reduce((a, b) => a + b, 0);
        assert.ok(total <= 20_000, `worst-case retry sleep with defaults is bounded (${total} ms)`);
    });

    it("defaults and limits", () => {
        const r = resolveConnection({ host: "10.0.0.5", username: "admin", readinessIntervalMs: 60_000 });
        assert.strictEqual(r.where, "10.0.0.5:443");
        assert.strictEqual(r.requestTimeoutMs, 30_000);
        assert.strictEqual(r.readinessTimeoutMs, 1_200_000);
        assert.strictEqual(r.readinessIntervalMs, 5_000, "interval capped at 5 s");
        assert.deepStrictEqual(r.retry, { attempts: 8, baseDelayMs: 250, maxDelayMs: 5000 });
        assert.strictEqual(r.auth, "token");
    });

    it("paths and error identity", () => {
        assert.strictEqual(mgmtPath("tm/net/arp"), "/mgmt/tm/net/arp");
        assert.strictEqual(mgmtPath("/mgmt/shared/echo/available"), "/mgmt/shared/echo/available");
        assert.strictEqual(mgmtPath("tm/ltm/virtual/~Common~v", { expandSubcollections: "true", $filter: "partition eq Common" }),
            "/mgmt/tm/ltm/virtual/~Common~v?expandSubcollections=true&$filter=partition%20eq%20Common");
        const e = new BigIpError("m", 404, "01020036:3: The requested Pool (/Common/p) was not found.", "reading", false);
        assert.strictEqual(e.code, "01020036");
        assert.ok(isBigIpError(e));
        assert.ok(!isBigIpError(new Error("x")));
    });
});
