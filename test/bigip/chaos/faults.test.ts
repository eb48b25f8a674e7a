/**
 * Faults converge: the whole clone chain (TunnelChain, clone Pool, VirtualServer, ClonePoolAttachment,
 * ConfigSave) goes up and comes down under ≥ 30 % injected transient faults — some applied before their answer
 * was lost — in 20 seeded runs, each on a fresh device. A step may give up with a clear error; re-running it
 * (as a second `pulumi up` would) must converge. The device must end exactly as desired, then exactly as before.
 */
import * as assert from "assert";
import { Emulator, FaultPlan, LogEntry, startEmulator } from "../../emulator";
import { resetReadiness } from "../../../components/bigip/rest";
import { connOf } from "../rest/helpers";
import {
    ALL_KINDS, COLLECTOR, MAC, ORDER, Providers, RETRY, Stack, assertSnapshotEqual, desired, loadProviders, normalized, transactions, writes,
} from "./fixture";
import { tokenBook } from "./replay";

const SEEDS = Array.from({ length: 20 }, (_x, i) => i + 1);
const RATE = 0.3;

const plan = (seed: number): FaultPlan => ({ seed, rate: RATE, kinds: ALL_KINDS, when: "mixed" });

/** Runs `fn` under `p`, returning the log of exactly the faulted phase. */
async function underFaults(e: Emulator, p: FaultPlan, fn: () => Promise<unknown>): Promise<LogEntry[]> {
    e.clearLog();
    e.setFaults(p);
    try {
        await fn();
    } finally {
        e.setFaults(undefined);
    }
    return [...e.log];
}

describe("chaos: the whole chain converges under injected transient faults", function () {
    this.timeout(120_000);
    let P: Providers;
    let reference: Record<string, unknown>;
    const total = { requests: 0, faults: 0, retries: 0, runsRetried: 0, lostLogins: 0, failedLogouts: 0, leftoverTx: 0 };
    const messages = new Map<string, number>();

    before(async () => {
        P = await loadProviders();
        // The desired device state, from a fault-free run (its properties are pinned below).
        const e = await startEmulator();
        try {
            resetReadiness();
            const stack = new Stack(P, 1);
            await stack.up(desired(connOf(e)));
            reference = normalized(e.snapshot());
        } finally {
            await e.close();
        }
    });

    after(() => {
        console.log(`      FAULTS: seeds=${SEEDS.length} rate=${RATE} requests=${total.requests} faults=${total.faults} retries=${total.retries}`);
        console.log(`        runs needing a retry: ${total.runsRetried}/${SEEDS.length}; tokens leaked by lost login answers: ${total.lostLogins},`
            + ` by failed logouts: ${total.failedLogouts}; abandoned, never-committed transactions left to expire: ${total.leftoverTx}`);
        for (const [m, n] of messages) console.log(`        ${n}× ${m}`);
    });

    it("the fault-free reference is exactly the desired configuration", () => {
        const r = reference as Record<string, any>;
        assert.deepStrictEqual(r["greProfile:/Common/clone-profile"], { name: "clone-profile", partition: "Common", fullPath: "/Common/clone-profile",
            defaultsFrom: "/Common/gre", encapsulation: "transparent-ethernet-bridging", floodingType: "none" });
        assert.deepStrictEqual(r["tunnel:/Common/clone"], { name: "clone", partition: "Common", fullPath: "/Common/clone", profile: "/Common/clone-profile",
            localAddress: "10.0.1.10", remoteAddress: "10.1.1.20", key: 0, mtu: 1400, tos: "preserve" });
        assert.deepStrictEqual(r["fdbTunnel:/Common/clone"].records, [{ name: MAC, fullPath: MAC, endpoint: "10.1.1.20" }]);
        assert.deepStrictEqual(r["selfIp:/Common/clone-self"], { name: "clone-self", partition: "Common", fullPath: "/Common/clone-self",
            address: "10.254.0.1/29", vlan: "/Common/clone", trafficGroup: "/Common/traffic-group-local-only" });
        assert.deepStrictEqual(r["arp:/Common/clone-arp"], { name: "clone-arp", partition: "Common", fullPath: "/Common/clone-arp",
            ipAddress: COLLECTOR, macAddress: MAC });
        assert.deepStrictEqual(r["pool:/Common/clone-pool"].members, [{ name: `${COLLECTOR}:0`, partition: "Common", fullPath: `/Common/${COLLECTOR}:0`, address: COLLECTOR }]);
        assert.deepStrictEqual(r["virtual:/Common/app-vs"].clonePools, [{ name: "/Common/clone-pool", context: "clientside" }]);
        assert.strictEqual(r["virtual:/Common/app-vs"].destination, "/Common/10.0.2.10:80");
        // Ours: exactly these seven objects besides the built-ins.
        assert.strictEqual(Object.keys(r).filter((k) => !/\/(gre|nvgre|vxlan[-a-z]*|http-tunnel|socks-tunnel)$/.test(k)).length, 7, Object.keys(r).join(" "));
    });

    for (const seed of SEEDS) {
        it(`seed ${seed}: up, no-op second up, destroy — all under ${RATE * 100} % faults`, async () => {
            const e = await startEmulator();
            const stack = new Stack(P);
            try {
                const conn = connOf(e, { retry: RETRY });
                const d = desired(conn);
                const pre = e.snapshot();
                const tally = (log: LogEntry[], p: FaultPlan) => {
                    total.requests += log.length;
                    total.faults += log.filter((l) => l.fault).length;
                    const book = tokenBook(p, log);
                    assert.ok(book, "requests were sequential, so the fault log replays");
                    total.lostLogins += book.lostLoginAnswers;
                    total.failedLogouts += book.failedLogouts;
                    // Every token still active is one whose login answer was lost or whose logouts all failed.
                    assert.strictEqual(e.activeTokens(), book.expectedActive, JSON.stringify(book));
                    e.expireAllTokens(); // leaked ones only; the next phase accounts from zero
                };

                // up under faults
                const upPlan = plan(seed);
                tally(await underFaults(e, upPlan, () => stack.up(d)), upPlan);
                assertSnapshotEqual(normalized(e.snapshot()), reference, `seed ${seed}: device after up`);
                const vs = e.get("virtual", "/Common/app-vs") as any;
                assert.deepStrictEqual(vs.clonePools, [{ name: "/Common/clone-pool", context: "clientside" }]);
                assert.strictEqual((e.get("fdbTunnel", "/Common/clone") as any).records.length, 1);
                assert.strictEqual(e.savedGeneration, e.generation, "the final configuration was saved");
                const txs = await transactions(e);
                assert.deepStrictEqual(txs.filter((t) => t.state !== "STARTED"), txs.filter((t) => t.state === "COMPLETED" || t.state === "FAILED"),
                    "no transaction is still validating");
                total.leftoverTx += txs.filter((t) => t.state === "STARTED").length;

                // a second up (after a refresh from the device) is a no-op and writes nothing
                e.clearLog();
                await stack.refresh();
                const steps = await stack.up(d);
                assert.deepStrictEqual(Object.values(steps), ORDER.map(() => "same"), JSON.stringify(steps));
                assert.deepStrictEqual(writes(e).map((l) => `${l.method} ${l.path}`), []);
                assert.strictEqual(e.activeTokens(), 0);

                // destroy under faults: back to the device as it was before
                const downPlan = plan(seed + 1000);
                tally(await underFaults(e, downPlan, () => stack.destroy()), downPlan);
                assertSnapshotEqual(e.snapshot(), pre, `seed ${seed}: device after destroy`);
                assert.strictEqual(e.savedGeneration, e.generation, "the deletions were saved");
                const txAfter = await transactions(e);
                assert.ok(txAfter.every((t) => t.state !== "VALIDATING"), JSON.stringify(txAfter));
                // A step may give up, but with a clear error: which device, what it was doing, what went wrong.
                const unclear = stack.failures.filter((f) => !/^BIG-IP 127\.0\.0\.1:\d+: \S.* failed: \S/.test(f.message));
                assert.deepStrictEqual(unclear, [], "every give-up error is clear");
            } finally {
                await e.close();
                total.retries += stack.failures.length;
                if (stack.failures.length) total.runsRetried++;
                for (const f of stack.failures) {
                    const m = `${f.op} ${f.resource}: ${f.message.replace(/127\.0\.0\.1:\d+/g, "<device>").replace(/\d{6,}/g, "<id>")}`;
                    messages.set(m, (messages.get(m) ?? 0) + 1);
                }
            }
        });
    }

});
