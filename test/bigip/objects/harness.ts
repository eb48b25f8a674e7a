/**
 * Shared pieces of the per-provider lifecycle suite: one strict emulator per describe, engines that drive the
 * providers through the SDK's real dynamic-provider host (test/engine), and views of the request log and the device store.
 */
import * as assert from "assert";
import * as dynamic from "@pulumi/pulumi/dynamic";
import { Emulator, EmulatorOptions, LogEntry, startEmulator } from "../../emulator";
import { BigIpConnection, closeSessions, resetReadiness, Session, withSession } from "../../../components/bigip/rest";
import { connOf } from "../rest/helpers";
import { endHostRun, Engine } from "./engine";

export { connOf };

/** The engine's placeholder for values not known at preview (sdk/nodejs/runtime/rpc.ts). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * Starts an emulator in `before` (with `opts`: dialect, partitions, version…) and closes it in `after`; also checks
 * that every test logged its tokens out.
 */
export function useEmulator(opts: EmulatorOptions = {}): { readonly e: Emulator; readonly c: BigIpConnection } {
    const box = {} as { e: Emulator; c: BigIpConnection };
    before(async () => {
        box.e = await startEmulator(opts);
        box.c = connOf(box.e);
        resetReadiness();
        // A new device: the shared provider host forgets too (readiness is kept per host:port, and the OS may give this
        // emulator the port of one the host already saw ready — then a pinned-at-first-boot mismatch would be fatal).
        await endHostRun();
    });
    afterEach(async function () {
        // Session hygiene: the end of a run logs the shared sessions out (the provider host's and this process's); then,
        // whatever a test did, no login token may stay active (BIG-IP caps them per user).
        await endHostRun(true);
        await closeSessions();
        if (box.e && this.currentTest?.state === "passed") assert.strictEqual(box.e.activeTokens(), 0, "tokens left logged in");
    });
    after(async () => { await box.e?.close(); });
    return box;
}

/** An engine for one resource of the provider's type (the provider object, or its type name such as `Vlan`). */
export async function engineFor(p: dynamic.ResourceProvider | string): Promise<Engine> {
    return new Engine(p);
}

/** Requests below /mgmt/tm/ that change something (not reads), transactions' own endpoints excluded. */
export const writes = (e: Emulator): LogEntry[] =>
    e.log.filter((l) => l.method !== "GET" && l.path.startsWith("/mgmt/tm/") && !l.path.startsWith("/mgmt/tm/transaction"));

export const patches = (e: Emulator): LogEntry[] => writes(e).filter((l) => l.method === "PATCH");

/** `METHOD path` of each write, for order assertions. */
export const writeLines = (e: Emulator): string[] => writes(e).map((l) => `${l.method} ${l.path}`);

/** Transactions committed in the log. */
export const commits = (e: Emulator): LogEntry[] =>
    e.log.filter((l) => l.method === "PATCH" && /^\/mgmt\/tm\/transaction\/\d+$/.test(l.path) && l.status === 200);

const VOLATILE = new Set(["name", "partition", "fullPath", "generation", "ifIndex", "vsIndex", "creationTime", "lastModifiedTime"]);

/** A stored object without identity, generations and device-assigned values (sub-collection items keep their names). */
export function deviceView(obj: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
    if (!obj) return undefined;
    const strip = (v: unknown, top: boolean): unknown => {
        if (Array.isArray(v)) return v.map((x) => strip(x, false));
        if (v && typeof v === "object") {
            return Object.fromEntries(Object.entries(v).filter(([k]) => (top ? !VOLATILE.has(k) : k !== "generation")).map(([k, x]) => [k, strip(x, false)]));
        }
        return v;
    };
    return strip(obj, true) as Record<string, unknown>;
}

/** JSON view: `undefined` members dropped, as they are in state. */
export const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v));

/** Changes the device behind the stack's back, as another admin would (REST, own session). */
export function behindOurBack<T>(e: Emulator, fn: (s: Session) => Promise<T>): Promise<T> {
    return withSession(connOf(e), "changing the device behind the stack's back", fn);
}

/** Expects `p` to reject with a message matching every pattern; returns the message. */
export async function rejectsWith(p: Promise<unknown>, ...patterns: RegExp[]): Promise<string> {
    let msg: string | undefined;
    try {
        await p;
    } catch (err) {
        msg = err instanceof Error ? err.message : String(err);
    }
    assert.ok(msg !== undefined, "expected a rejection");
    for (const re of patterns) assert.match(msg!, re);
    return msg!;
}

/** Runs `fn` with a cleared log and returns the number of requests it sent (every request, login included). */
export async function counted(e: Emulator, fn: () => Promise<unknown>): Promise<number> {
    e.clearLog();
    await fn();
    return e.log.length;
}

/** `pulumi refresh` finds the object and leaves the state exactly as it was. */
export async function assertRefreshKeeps(eng: Engine): Promise<void> {
    const before = plain(eng.state!.outs);
    assert.strictEqual(await eng.refresh(), "present");
    assert.deepStrictEqual(plain(eng.state!.outs), before);
}

/** An `up` with unchanged inputs is a no-op: step "same" and not one request to the device. */
export async function assertNoOpIsFree(e: Emulator, eng: Engine, inputs: unknown): Promise<void> {
    e.clearLog();
    assert.strictEqual(await eng.up(inputs), "same");
    assert.strictEqual(e.log.length, 0);
}
