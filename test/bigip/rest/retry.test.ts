import * as assert from "assert";
import { Emulator, FaultKind } from "../../emulator";
import { seedFor } from "../../emulator/faults";
import { BigIpError, openSession, OpenSession } from "../../../components/bigip/rest";
import { arp, connOf, lines, rejects, useSession } from "./helpers";

describe("rest retries, classification and ambiguity", () => {
    const box = useSession();
    let e: Emulator;
    let s: OpenSession;
    beforeEach(() => { ({ e, s } = box); });

    const kinds: FaultKind[] = ["503", "500", "401", "404-not-registered", "reset"];
    for (const kind of kinds) {
        it(`retries injected ${kind} faults to success and counts every attempt`, async () => {
            e.setFaults({ seed: 7, rate: 0.35, kinds: [kind] });
            const before = s.requestCount;
            for (let i = 0; i < 6; i++) {
                const name = `r-${kind}-${i}`;
                await s.post("tm/net/arp", arp(name, `10.9.0.${i + 1}`), { action: `creating ARP ${name}` });
                assert.ok(await s.get(`tm/net/arp/~Common~${name}`));
                assert.strictEqual(await s.delete(`tm/net/arp/~Common~${name}`), true);
            }
            const faults = e.log.filter((l) => l.fault === kind).length;
            const sent = s.requestCount - before;
            console.log(`      ${kind}: ${faults} faults injected, ${sent} requests for 18 operations`);
            assert.ok(faults > 0, "the fault plan hit something");
            assert.strictEqual(sent, e.log.length, `every wire request counted:\n${lines(e).join("\n")}`);
            assert.strictEqual(e.snapshot()["arp:/Common/r-" + kind + "-0"], undefined);
        });
    }

    it("does not retry 409, 400 or a genuine 404 (one request each)", async () => {
        await s.post("tm/net/arp", arp("dup", "10.9.1.1"));
        e.clearLog();
        const c = await rejects(s.post("tm/net/arp", arp("dup", "10.9.1.1"), { action: "creating ARP /Common/dup" }));
        assert.match(c.message, new RegExp(`^BIG-IP 127\\.0\\.0\\.1:${e.port}: creating ARP /Common/dup failed: 409 01020066:3: The requested .* \\(/Common/dup\\) already exists in partition Common\\.$`));
        assert.strictEqual(c.status, 409);
        assert.strictEqual(c.afterAmbiguousAttempt, false);
        assert.strictEqual(c.code, "01020066");
        const bad = await rejects(s.post("tm/net/arp", arp("bad", "999.1.1.1")));
        assert.strictEqual(bad.status, 400);
        const nf = await rejects(s.get("tm/net/arp/~Common~missing"));
        assert.strictEqual(nf.status, 404);
        assert.strictEqual(nf.code, "01020036");
        assert.strictEqual(await s.tryGet("tm/net/arp/~Common~missing"), undefined);
        assert.strictEqual(await s.delete("tm/net/arp/~Common~missing"), false);
        assert.strictEqual(e.log.length, 5, lines(e).join("\n"));
        await s.delete("tm/net/arp/~Common~dup");
    });

    it("per-request timeout (latency fault), retried and bounded", async () => {
        const t = await openSession(connOf(e, { requestTimeoutMs: 150, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 } }));
        try {
            e.setFaults({ seed: 1, rate: 1, kinds: ["latency"], latencyMs: 600, pathFilter: /sys\/version/ });
            const t0 = Date.now();
            const err = await rejects(t.get("tm/sys/version", { action: "reading the version" }));
            assert.match(err.message, /reading the version failed: no answer within 150 ms \(request timeout\) \(after 3 attempts\)/);
            assert.strictEqual(err.transient, true);
            assert.strictEqual(err.afterAmbiguousAttempt, false, "a GET is never ambiguous");
            assert.ok(Date.now() - t0 < 1_500, `bounded: ${Date.now() - t0} ms`);
            e.setFaults({ seed: 1, rate: 1, kinds: ["latency"], latencyMs: 600, pathFilter: /net\/arp$/ });
            const amb = await rejects(t.post("tm/net/arp", arp("slow", "10.9.2.1")));
            assert.strictEqual(amb.afterAmbiguousAttempt, true, "a timed-out write may have been applied");
        } finally {
            e.setFaults(undefined);
            await t.close();
            await s.delete("tm/net/arp/~Common~slow");
        }
    });

    for (const kind of ["reset", "500"] as FaultKind[]) {
        it(`ambiguous POST (${kind} after the write): the retry's 409 carries afterAmbiguousAttempt`, async () => {
            const name = `amb-${kind}`;
            e.setFaults({ seed: seedFor([true, false], 0.5), rate: 0.5, kinds: [kind], when: "after", pathFilter: /^\/mgmt\/tm\/net\/arp$/ });
            const err: BigIpError = await rejects(s.post("tm/net/arp", arp(name, "10.9.3.1"), { action: `creating ARP /Common/${name}` }));
            assert.strictEqual(err.status, 409, err.message);
            assert.strictEqual(err.afterAmbiguousAttempt, true);
            assert.ok(e.get("arp", `/Common/${name}`), "the first attempt was applied");
            assert.deepStrictEqual(e.log.filter((l) => l.path === "/mgmt/tm/net/arp").map((l) => l.status), [kind === "reset" ? "reset" : 500, 409]);
        });
    }

    it("ambiguous DELETE: 404 on the retry means this call deleted it (true)", async () => {
        await s.post("tm/net/arp", arp("gone", "10.9.4.1"));
        e.clearLog();
        e.setFaults({ seed: seedFor([true, false], 0.5), rate: 0.5, kinds: ["reset"], when: "after", pathFilter: /net\/arp\/~Common~gone$/ });
        assert.strictEqual(await s.delete("tm/net/arp/~Common~gone"), true);
        assert.deepStrictEqual(e.log.map((l) => l.status), ["reset", 404]);
        e.setFaults(undefined);
        assert.strictEqual(await s.delete("tm/net/arp/~Common~gone"), false, "plain 404: already gone");
    });

    it("connection refused (nothing sent) is retried and not ambiguous", async () => {
        const name = "refused";
        await s.post("tm/net/arp", arp(name, "10.9.5.1"));
        e.boot({ refusedMs: 150 });
        // A fresh session: its first connections are refused at TCP accept, before any byte of HTTP.
        const t = await openSession(connOf(e, { retry: { attempts: 10, baseDelayMs: 20, maxDelayMs: 50 } }));
        try {
            const err = await rejects(t.post("tm/net/arp", arp(name, "10.9.5.1")));
            assert.strictEqual(err.status, 409);
            assert.strictEqual(err.afterAmbiguousAttempt, false);
            assert.ok(e.log.some((l) => l.status === "refused"), lines(e).join("\n"));
        } finally {
            await t.close();
            await s.delete(`tm/net/arp/~Common~${name}`);
        }
    });
});
