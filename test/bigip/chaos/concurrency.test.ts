/**
 * Concurrency, as the engine runs independent resources in one provider host: ClonePoolAttachments clientside
 * and serverside on the same virtual, five FdbRecords on one tunnel and a TunnelChain update, all in parallel
 * (each resource through its own deserialized provider copy). Nothing is lost, and parallel deletes remove
 * exactly ours. Repeated, also with latency (to widen race windows) and with transient faults.
 */
import { closeSessions } from "../../../components/bigip/rest";
import * as assert from "assert";
import { Emulator, FaultPlan, startEmulator } from "../../emulator";
import { Engine, endHostRun } from "../objects/engine";
import { connOf } from "../rest/helpers";
import { ALL_KINDS, MAC, Providers, RETRY, desired, loadProviders, rest } from "./fixture";

const MACS = [1, 2, 3, 4, 5].map((n) => `02:00:5e:20:00:0${n}`);
const FOREIGN_RECORD = { name: "02:00:00:00:cc:01", endpoint: "10.1.1.99" };
const CLIENT_POOL = "/Common/clone-pool";
const SERVER_POOL = "/Common/clone-pool-2";

interface Round { name: string; faults?: FaultPlan }

const ROUNDS: Round[] = [
    { name: "plain #1" }, { name: "plain #2" }, { name: "plain #3" },
    ...[1, 2, 3, 4, 5, 6].map((n): Round => ({ name: `latency #${n}`, faults: { seed: 10 + n, rate: 0.5, kinds: ["latency"], latencyMs: 20 } })),
    { name: "latency + transient faults", faults: { seed: 17, rate: 0.3, kinds: ["latency", "latency", ...ALL_KINDS!], latencyMs: 20, when: "mixed" } },
];

/** Retries a failed step as a second `pulumi up`/`destroy` would (transient-fault rounds only). */
async function settled<T>(fn: () => Promise<T>, tries: number): Promise<T> {
    for (let k = 1; ; k++) {
        try { return await fn(); } catch (err) { if (k >= tries) throw err; }
    }
}

describe("chaos: parallel resources on one virtual and one tunnel", function () {
    this.timeout(60_000);
    let copies: Providers[];
    let e: Emulator;
    before(async () => { copies = await Promise.all([loadProviders(), loadProviders()]); });
    beforeEach(async () => { e = await startEmulator({ maxTokensPerUser: 100 }); });
    afterEach(async () => { await e.close(); });

    for (const round of ROUNDS) {
        it(`${round.name}: both clone pools and all five records survive; parallel deletes remove exactly ours`, async () => {
            const [P, Q] = copies;
            const conn = connOf(e, { retry: RETRY });
            const d = desired(conn);
            // Set-up (sequential, no faults): the chain, two clone pools, the virtual, a foreign record on our tunnel.
            const chain = new Engine(P.chain);
            await chain.up(d.chain);
            for (const [k, name] of [["pool", "clone-pool"], ["pool", "clone-pool-2"]] as const) {
                await new Engine(P[k]).up({ ...d.pool, name, members: [name === "clone-pool" ? "10.254.0.2:0" : "10.254.0.3:0"] });
            }
            await new Engine(P.virtual).up(d.virtual);
            await rest(e, "POST", "/mgmt/tm/net/fdb/tunnel/~Common~clone/records", FOREIGN_RECORD);

            const tries = round.faults?.kinds?.some((k) => k !== "latency") ? 6 : 1;
            const client = new Engine(P.attach);
            const server = new Engine(Q.attach);
            const records = MACS.map((mac, k) => new Engine((k % 2 ? Q : P).fdb));
            e.setFaults(round.faults);
            try {
                await Promise.all([
                    settled(() => client.up({ ...d.attach, pool: CLIENT_POOL, context: "clientside" }), tries),
                    settled(() => server.up({ ...d.attach, pool: SERVER_POOL, context: "serverside" }), tries),
                    ...records.map((r, k) => settled(() => r.up({ connection: conn, name: MACS[k], tunnel: "clone", endpoint: `10.1.1.${30 + k}` }), tries)),
                    // Our chain changes its MTU and endpoint meanwhile: its own record is replaced, no other.
                    settled(() => chain.up({ ...d.chain, mtu: 1300, remoteAddress: "10.1.1.21" }), tries),
                ]);
            } finally {
                e.setFaults(undefined);
            }
            const vs = () => (e.get("virtual", "/Common/app-vs") as any).clonePools;
            const recs = () => (e.get("fdbTunnel", "/Common/clone") as any).records.map((r: any) => `${r.name}>${r.endpoint}`).sort();
            assert.deepStrictEqual([...vs()].sort((a: any, b: any) => a.context.localeCompare(b.context)),
                [{ name: CLIENT_POOL, context: "clientside" }, { name: SERVER_POOL, context: "serverside" }], "both clone pools present");
            assert.deepStrictEqual(recs(), [`${FOREIGN_RECORD.name}>${FOREIGN_RECORD.endpoint}`, `${MAC}>10.1.1.21`,
                ...MACS.map((m, k) => `${m}>10.1.1.${30 + k}`)].sort(), "every record present, exactly once");

            e.setFaults(round.faults && { ...round.faults, seed: round.faults.seed + 100 });
            try {
                await Promise.all([client, server, ...records].map((eng) => settled(() => eng.destroy(), tries)));
            } finally {
                e.setFaults(undefined);
            }
            assert.deepStrictEqual(vs() ?? [], [], "both clone pools detached");
            assert.deepStrictEqual(recs(), [`${FOREIGN_RECORD.name}>${FOREIGN_RECORD.endpoint}`, `${MAC}>10.1.1.21`].sort(),
                "exactly our five records removed");
            await endHostRun(true); await closeSessions();
            if (!round.faults?.kinds?.some((k) => k !== "latency")) assert.strictEqual(e.activeTokens(), 0);
        });
    }
});
