/**
 * Shared setup for the robustness suite: providers driven through the real provider host (as `pulumi up` runs them), the desired state
 * of one whole clone chain, a driver that takes a "stack" of FakeEngines up and down the way the engine does
 * (a failed step is retried by running `up`/`destroy` again), and device-inspection helpers.
 */
import * as assert from "assert";
import { BigIpConnection, endRun } from "../../../components/bigip/rest";
import { Emulator, FaultPlan } from "../../emulator";
import { call, basic } from "../../emulator/client";
import { endHostRun, Engine, Step } from "../objects/engine";

export const ALL_KINDS: FaultPlan["kinds"] = ["503", "500", "401", "404-not-registered", "reset"];

/** Tiny delays; more attempts than the default for fault rates of 30 % (a transaction run needs ~6 clean requests). */
export const RETRY = { attempts: 16, baseDelayMs: 1, maxDelayMs: 8 };

export type Providers = Record<"chain" | "pool" | "virtual" | "attach" | "save" | "fdb", any>;

/** The resource types an Engine drives through the real provider host (test/engine). */
export async function loadProviders(): Promise<Providers> {
    return { chain: "TunnelChain", pool: "Pool", virtual: "VirtualServer", attach: "ClonePoolAttachment", save: "ConfigSave", fdb: "FdbRecord" };
}

export const MAC = "02:00:5e:10:00:01";
export const COLLECTOR = "10.254.0.2";

export function chainInputs(connection: BigIpConnection, over: Record<string, unknown> = {}) {
    return {
        connection, name: "clone", encapsulation: "gre", localAddress: "10.0.1.10", remoteAddress: "10.1.1.20",
        mtu: 1400, selfAddress: "10.254.0.1/29", collectorAddress: COLLECTOR, collectorMac: MAC, ...over,
    };
}

/** The whole chain in dependency order: TunnelChain, clone Pool, VirtualServer, ClonePoolAttachment, ConfigSave. */
export function desired(connection: BigIpConnection, over: Partial<Record<"chain" | "pool" | "virtual" | "attach", Record<string, unknown>>> = {}) {
    const chain = chainInputs(connection, over.chain);
    const pool = { connection, name: "clone-pool", members: [`${COLLECTOR}:0`], ...over.pool };
    const virtual = { connection, name: "app-vs", destination: "10.0.2.10:80", profiles: ["tcp"], ...over.virtual };
    const attach = { connection, name: "clone", virtualServer: "app-vs", pool: "clone-pool", context: "clientside", ...over.attach };
    const strip = (x: Record<string, unknown>) => JSON.stringify({ ...x, connection: undefined });
    const save = { connection, name: "save", triggers: [chain, pool, virtual, attach].map(strip) };
    return { chain, pool, virtual, attach, save } as Record<StackKey, any>;
}

export const ORDER = ["chain", "pool", "virtual", "attach", "save"] as const;
export type StackKey = typeof ORDER[number];

export interface Failure { resource: string; op: string; message: string }

/** One stack of resources driven like the engine: steps in dependency order; a failed step is re-run (bounded). */
export class Stack {
    readonly engines: Record<StackKey, Engine>;
    readonly failures: Failure[] = [];

    constructor(p: Providers, readonly maxTries = 6) {
        this.engines = { chain: new Engine(p.chain), pool: new Engine(p.pool), virtual: new Engine(p.virtual),
            attach: new Engine(p.attach), save: new Engine(p.save) };
    }

    private async retry<T>(resource: string, op: string, fn: () => Promise<T>): Promise<T> {
        for (let attempt = 1; ; attempt++) {
            try {
                return await fn();
            } catch (e: any) {
                this.failures.push({ resource, op, message: String(e?.message ?? e) });
                if (attempt >= this.maxTries) {
                    throw new Error(`${op} of ${resource} still failing after ${attempt} runs:\n  ${this.failures.filter((f) => f.resource === resource).map((f) => f.message).join("\n  ")}`);
                }
            }
        }
    }

    /** Each operation is one run (one provider process): it ends by logging its shared session out. */
    private async run<T>(fn: () => Promise<T>): Promise<T> {
        try { return await fn(); } finally { await endHostRun(); await endRun(); }
    }

    async up(d: Record<StackKey, any>): Promise<Record<StackKey, Step>> {
        return this.run(async () => {
            const steps = {} as Record<StackKey, Step>;
            for (const k of ORDER) steps[k] = await this.retry(k, "up", () => this.engines[k].up(d[k]));
            return steps;
        });
    }

    async refresh(): Promise<void> {
        await this.run(async () => {
            for (const k of ORDER) if (this.engines[k].state) await this.retry(k, "refresh", () => this.engines[k].refresh());
        });
    }

    /** Reverse dependency order; a failed delete keeps the resource in state, so the next run deletes it again. */
    async destroy(): Promise<void> {
        await this.run(async () => {
            for (const k of [...ORDER].reverse()) await this.retry(k, "destroy", () => this.engines[k].destroy());
        });
    }
}

/** Device-assigned or per-write values that say nothing about the configuration itself. */
const VOLATILE = new Set(["generation", "ifIndex", "vsIndex", "creationTime", "lastModifiedTime"]);

/** The snapshot without volatile values, for comparing configuration across devices and runs. */
export function normalized(snap: Record<string, unknown>): Record<string, unknown> {
    return JSON.parse(JSON.stringify(snap, (k, v) => (VOLATILE.has(k) ? undefined : v)));
}

/** Keys added, removed or changed between two snapshots (JSON-exact), for readable assertion messages. */
export function snapshotDiff(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
        .map((k) => `${k}:\n    before ${JSON.stringify(before[k])}\n    after  ${JSON.stringify(after[k])}`);
}

export function assertSnapshotEqual(actual: Record<string, unknown>, expected: Record<string, unknown>, what: string): void {
    const d = snapshotDiff(expected, actual);
    assert.strictEqual(d.length, 0, `${what}:\n  ${d.join("\n  ")}`);
}

/** A direct REST call as another administrator (Basic auth: no token to leak). Use with faults off. */
export async function rest(e: Emulator, method: string, path: string, body?: unknown): Promise<any> {
    const r = await call(e, method, path, body, basic());
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${r.text}`);
    return r.body;
}

/** Transactions the device still holds, by state. */
export async function transactions(e: Emulator): Promise<{ state: string; commands: number }[]> {
    const list = await rest(e, "GET", "/mgmt/tm/transaction");
    return Promise.all((list.items ?? []).map(async (t: any) => ({
        state: t.state, commands: ((await rest(e, "GET", `/mgmt/tm/transaction/${t.transId}/commands`)).items ?? []).length,
    })));
}

/** Write requests in the log (anything but GET), e.g. to prove a no-op `up` sent none. */
export const writes = (e: Emulator) => e.log.filter((l) => l.method !== "GET" && !/\/authn\/login$|\/authz\/tokens\//.test(l.path));
