import * as assert from "assert";
import { Emulator } from "../../emulator";
import { seedFor } from "../../emulator/faults";
import { OpenSession, Session } from "../../../components/bigip/rest";
import { arp, lines, rejects, useSession } from "./helpers";

const pool = (name: string) => ({ name, partition: "Common" });
const TX_ID = /^\/mgmt\/tm\/transaction\/\d+$/;

describe("rest transactions", () => {
    const box = useSession();
    let e: Emulator;
    let s: OpenSession;
    beforeEach(() => { ({ e, s } = box); });

    const txPaths = () => e.log.filter((l) => l.path.startsWith("/mgmt/tm/transaction")).map((l) => `${l.method} ${l.status}`);

    it("commits queued writes atomically; reads pass through and do not see pending changes", async () => {
        const result = await s.transaction("creating pool and ARP", async (tx: Session) => {
            await tx.post("tm/ltm/pool", pool("t1"));
            assert.strictEqual(await tx.tryGet("tm/ltm/pool/~Common~t1"), undefined, "pending, not visible");
            await tx.post("tm/net/arp", arp("t1", "10.8.0.1"));
            return "done";
        });
        assert.strictEqual(result, "done");
        assert.ok(e.get("pool", "/Common/t1") && e.get("arp", "/Common/t1"));
        const writes = e.log.filter((l) => l.method === "POST" && !l.path.includes("transaction"));
        assert.ok(writes.every((l) => l.coordinationId), "writes carry X-F5-REST-Coordination-Id");
        assert.ok(e.log.filter((l) => l.method === "GET").every((l) => !l.coordinationId), "reads do not join");
        assert.deepStrictEqual(txPaths(), ["POST 200", "PATCH 200"]);
        assert.deepStrictEqual(e.log.find((l) => l.method === "PATCH")?.body, { state: "VALIDATING" });
    });

    it("a failing command leaves the device unchanged", async () => {
        await s.post("tm/net/arp", arp("taken", "10.8.0.2"));
        const before = e.snapshot();
        const err = await rejects(s.transaction("creating t2", async (tx) => {
            await tx.post("tm/ltm/pool", pool("t2"));
            await tx.post("tm/net/arp", arp("taken", "10.8.0.2"));
        }));
        assert.match(err.message, /creating t2 \(committing transaction \d+\) failed: 400 01020066:3: .*already exists/);
        assert.strictEqual(err.afterAmbiguousAttempt, false);
        assert.deepStrictEqual(e.snapshot(), before);
    });

    it("no writes: no transaction, no commit", async () => {
        assert.strictEqual(await s.transaction("reading only", async (tx) => (await tx.get("tm/sys/version")).kind), "tm:sys:version:versionstats");
        assert.deepStrictEqual(txPaths(), []);
    });

    it("a transient fault while queueing restarts the whole transaction", async () => {
        e.failNext({ method: "POST", path: /\/net\/arp$/ }, 503, "Unable to process request /tm/net/arp. Service is unavailable.");
        let runs = 0;
        await s.transaction("creating t3", async (tx) => {
            runs++;
            await tx.post("tm/ltm/pool", pool("t3"));
            await tx.post("tm/net/arp", arp("t3", "10.8.0.3"));
        });
        assert.strictEqual(runs, 2);
        assert.deepStrictEqual(txPaths(), ["POST 200", "DELETE 200", "POST 200", "PATCH 200"], lines(e).join("\n"));
        assert.ok(e.get("pool", "/Common/t3") && e.get("arp", "/Common/t3"));
    });

    it("a reset after a queued write (maybe queued) also restarts, without duplicating", async () => {
        e.setFaults({ seed: seedFor([true, false], 0.5), rate: 0.5, kinds: ["reset"], when: "after", pathFilter: /\/ltm\/pool$/ });
        let runs = 0;
        await s.transaction("creating t4", async (tx) => { runs++; await tx.post("tm/ltm/pool", pool("t4")); });
        assert.strictEqual(runs, 2);
        assert.ok(e.get("pool", "/Common/t4"));
    });

    it("lost commit answer: resolved by reading the transaction (COMPLETED)", async () => {
        e.setFaults({ seed: seedFor([true, false], 0.5), rate: 0.5, kinds: ["reset"], when: "after", pathFilter: TX_ID });
        let runs = 0;
        await s.transaction("creating t5", async (tx) => { runs++; await tx.post("tm/ltm/pool", pool("t5")); });
        assert.strictEqual(runs, 1);
        assert.deepStrictEqual(txPaths(), ["POST 200", "PATCH reset", "GET 200"]);
        assert.ok(e.get("pool", "/Common/t5"));
    });

    it("lost commit answer, transaction unreadable: verify() decides it landed", async () => {
        e.setFaults({ seed: 3, rate: 1, kinds: ["reset"], when: "after", pathFilter: TX_ID });
        let verified = 0;
        await s.transaction("creating t6", async (tx) => { await tx.post("tm/ltm/pool", pool("t6")); }, {
            verify: async () => { verified++; e.setFaults(undefined); return (await s.tryGet("tm/ltm/pool/~Common~t6")) !== undefined; },
        });
        assert.strictEqual(verified, 1);
        assert.ok(e.get("pool", "/Common/t6"));
    });

    it("commit not applied (500 mcpd lost, transaction still STARTED): the commit is sent again", async () => {
        e.failNext({ method: "PATCH", path: TX_ID }, 500, "The connection to mcpd has been lost, try again.");
        await s.transaction("creating t7", async (tx) => { await tx.post("tm/ltm/pool", pool("t7")); });
        assert.deepStrictEqual(txPaths(), ["POST 200", "PATCH 500", "GET 200", "PATCH 200"]);
        assert.ok(e.get("pool", "/Common/t7"));
    });

    it("verify() says not applied: the whole transaction runs again", async () => {
        e.failNext({ method: "PATCH", path: TX_ID }, 500, "The connection to mcpd has been lost, try again.");
        e.failNext({ method: "GET", path: TX_ID }, 404, "Missing transaction ID for this call.");
        let runs = 0;
        await s.transaction("creating t8", async (tx) => { runs++; await tx.post("tm/ltm/pool", pool("t8")); }, { verify: async () => false });
        assert.strictEqual(runs, 2);
        assert.ok(e.get("pool", "/Common/t8"));
    });

    it("unknown outcome without verify: re-run, and its conflict carries afterAmbiguousAttempt", async () => {
        e.setFaults({ seed: seedFor([true, false], 0.5), rate: 0.5, kinds: ["reset"], when: "after", pathFilter: /^\/mgmt\/tm\/transaction\/\d+$/ });
        e.failNext({ method: "GET", path: TX_ID }, 404, "Missing transaction ID for this call.");
        const err = await rejects(s.transaction("creating t9", async (tx) => { await tx.post("tm/ltm/pool", pool("t9")); }));
        assert.match(err.message, /already exists/);
        assert.strictEqual(err.afterAmbiguousAttempt, true);
        assert.ok(e.get("pool", "/Common/t9"), "the first commit did land");
    });
});
