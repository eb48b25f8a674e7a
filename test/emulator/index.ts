/**
 * A strict BIG-IP 14.1.2.1 iControl REST emulator over HTTPS on loopback. No machine here reaches a real
 * BIG-IP, so this is what the REST client and the dynamic providers are proven against: shapes follow the
 * real captures, errors carry the device's texts, and faults/boot phases reproduce the transient failures.
 */
import { createServer } from "https";
import { AddressInfo } from "net";
import { KindId } from "../../components/bigip/objects/spec";
import { KINDS } from "../../components/bigip/objects/registry";
import { Auth } from "./auth";
import { deviceCert, factoryCert } from "./cert";
import { CLONE_COUNTERS, CloneCounter, Device } from "./device";
import { DeviceError } from "./errors";
import { Boot, BootPhases, FaultPlan, Faults } from "./faults";
import { LogEntry, Pipeline } from "./http";
import { EchoedRequest, HugeAnswer, Hostile, Misbehaviour } from "./hostile";
import { Store } from "./store";
import { Transactions } from "./transactions";
import { Dialect, dialectFor } from "./dialect";
import { FailoverStatus, Ha } from "./ha";
import { Partitions } from "./partitions";

export type { FaultPlan, FaultKind } from "./faults";
export type { LogEntry } from "./http";
export type { EchoedRequest, HugeAnswer, Misbehaviour } from "./hostile";
export type { CloneCounter } from "./device";
export type { PathSetting } from "./ping";
export { VERBATIM, dialectFor } from "./dialect";
export type { Dialect } from "./dialect";
export type { FailoverStatus } from "./ha";

export interface EmulatorOptions {
    users?: Record<string, string>;
    version?: string;
    tokenTimeoutSec?: number;
    maxTokensPerUser?: number;
    transactionTimeoutSec?: number;
    /**
     * How GETs spell values (dialect.ts). Defaults to the device's spellings for `version` (unpadded MACs, `%0`
     * dropped, sub-collections expanded only when asked); single switches may be overridden, `VERBATIM` echoes writes.
     */
    dialect?: Partial<Dialect>;
    /** Partitions besides Common (`sys folder`s) that exist, e.g. `["Tenant"]`. */
    folders?: string[];
    /**
     * Round-trip time of the management link, in ms: every answered request is held this long before it is sent
     * (benchmarks; default 0). Connection setup (TCP/TLS handshakes) is not delayed.
     */
    latencyMs?: number;
    /**
     * The users' passwords have expired, as on a new TMOS 14.0+ install before the first change: a login or Basic
     * request with the right password is refused with the device's "Password expired" text (auth.ts, sourced).
     */
    passwordExpired?: boolean;
    /**
     * Present the factory certificate first, as a new BIG-IP does until its first boot installs the stack's (README):
     * another self-signed CN=localhost.localdomain certificate, `factoryFingerprint256`, until `installCertificate()`.
     */
    factoryCertificate?: boolean;
}

export interface Emulator {
    readonly url: string; readonly host: "127.0.0.1"; readonly port: number;
    readonly certPem: string; readonly fingerprint256: string;
    /** The factory certificate's SHA-256 fingerprint, with `factoryCertificate` (else undefined). */
    readonly factoryFingerprint256?: string;
    /** From now on new connections get the normal certificate (`fingerprint256`): the first boot installed it. */
    installCertificate(): void;
    readonly log: LogEntry[]; clearLog(): void;
    setFaults(plan: FaultPlan | undefined): void;
    /** Hard (non-transient) failure: the next request matching gets `status` with a device-style message, once (or `times`). */
    failNext(match: { method?: string; path: RegExp }, status: number, message: string, times?: number): void;
    /** The next `count` transaction commits answer VALIDATING at once and are applied `ms` later (transactions.ts). */
    slowCommits(ms: number, count?: number): void;
    /**
     * Another writer: before the next request matching is handled (once), `fn` runs and is awaited — e.g. a second
     * process's PATCH landing between our GET and our write.
     */
    interleaveNext(match: { method?: string; path: RegExp }, fn: () => unknown): void;
    /**
     * TEST-ONLY, not device behaviour (hostile.ts): the next request matching (once, or `times`) gets `m` instead of
     * the device's answer — an endless answer, a redirect, an answer echoing the request (credentials included), or a
     * crafted answer body.
     */
    misbehave(match: { method?: string; path: RegExp }, m: Misbehaviour, times?: number): void;
    /** Disarms every misbehaviour not used yet. */
    calm(): void;
    /** The requests an `echo` misbehaviour answered, as the client sent them (headers and body). */
    echoed(): EchoedRequest[];
    /** The `huge` answers so far: how many bytes each wrote before the client closed the connection. */
    hugeAnswers(): HugeAnswer[];
    /** Simulated boot: for the given ms per phase the device answers as a booting BIG-IP does, then is ready. */
    boot(phases: BootPhases): void;
    /** Deep copy of all configuration objects (built-ins included) keyed `${kindId}:${fullPath}`, sub-collections inline. */
    snapshot(): Record<string, unknown>;
    /** Put foreign configuration straight into the store (as if another admin made it), REST property names. */
    seed(kind: KindId, obj: Record<string, unknown>): void;
    get(kind: KindId, fullPath: string): Record<string, unknown> | undefined;
    /** Sets counters of GET net/clone-stats (fixture names only; the others keep their value). No traffic is modelled. */
    setCloneStats(values: Partial<Record<CloneCounter, number>>): void;
    /**
     * TEST-ONLY knob, not device behaviour (ping.ts): what the path from self IP `self` to `collector` carries, for
     * the doctor's don't-fragment ping through util/bash (default `{ mtu: 9001 }`).
     */
    setPath(self: string, collector: string, p: import("./ping").PathSetting): void;
    readonly savedGeneration: number;
    readonly generation: number;
    /** What `GET cm/failover-status` reports (ha.ts): ACTIVE until a device group (deviceGroup.ts) says otherwise. */
    failoverStatus(): FailoverStatus;
    setFailoverStatus(s: FailoverStatus): void;
    /** Makes this device a member of a sync-failover device group (deviceGroup.ts), listed by `GET cm/device-group`. */
    setDeviceGroup(name: string, autoSync: boolean): void;
    /** A modelled `sys db` variable's value (`iptunnel.configsync`). */
    sysDb(name: string): string;
    /**
     * TEST-ONLY (deviceGroup.ts): the configuration store, for config-sync between two emulators, and a hook run after
     * every answered request (returns its remover).
     */
    readonly store: Store;
    afterRequest(fn: () => void): () => void;
    activeTokens(user?: string): number;
    /** The `utilCmdArgs` of every POST /mgmt/tm/util/bash so far (recorded, never executed). */
    bashRuns(): string[];
    expireAllTokens(): void;
    close(): Promise<void>;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
    const cert = await deviceCert();
    const factory = opts.factoryCertificate ? await factoryCert() : undefined;
    const version = opts.version ?? "14.1.2.1";
    const device = new Device(version, { ...dialectFor(version), ...opts.dialect }, opts.folders);
    const users = opts.users ?? { admin: "admin-pw" };
    const auth = new Auth(users, opts.tokenTimeoutSec ?? 1200, opts.maxTokensPerUser ?? 10,
        new Set(opts.passwordExpired ? Object.keys(users) : []));
    const tx = new Transactions(device, opts.transactionTimeoutSec ?? 120);
    const faults = new Faults();
    const boot = new Boot();
    const hostile = new Hostile();
    const pipe = new Pipeline(device, auth, tx, faults, boot, opts.latencyMs ?? 0, hostile);
    // sys db and cm/failover-status (ha.ts) are answered before the configuration kinds, in transactions too.
    const ha = new Ha(device.store, device.render);
    // Administrative partitions (partitions.ts), for the conformance suite's own partition.
    const partitions = new Partitions(device.store, device.render);
    const deviceTm = device.tm.bind(device);
    device.tm = (method, tmPath, query, body, syntaxOnly, state) =>
        ha.tm(method, tmPath, body, syntaxOnly) ?? partitions.tm(method, tmPath, body, syntaxOnly) ?? deviceTm(method, tmPath, query, body, syntaxOnly, state);
    const after = new Set<() => void>();

    const first = factory ?? cert;
    const server = createServer({ key: first.keyPem, cert: first.certPem }, (req, res) => {
        pipe.onRequest(req, res).then(() => after.forEach((fn) => fn()))
            .catch(() => req.socket.destroy()); // never let a test crash the process
    });
    server.on("connection", (s) => pipe.onConnection(s));
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    const store = device.store;

    return {
        url: `https://127.0.0.1:${port}`, host: "127.0.0.1", port,
        certPem: cert.certPem, fingerprint256: cert.fingerprint256, factoryFingerprint256: factory?.fingerprint256,
        installCertificate: () => server.setSecureContext({ key: cert.keyPem, cert: cert.certPem }),
        get log() { return pipe.log; },
        clearLog: () => { pipe.log.length = 0; },
        setFaults: (plan) => faults.setPlan(plan),
        failNext: (match, status, message, times) => faults.failNext(match, status, message, times),
        slowCommits: (ms, count) => tx.slowCommits(ms, count),
        interleaveNext: (match, fn) => faults.interleaveNext(match, fn),
        misbehave: (match, m, times) => hostile.arm(match, m, times),
        calm: () => hostile.calm(),
        echoed: () => [...hostile.echoed],
        hugeAnswers: () => [...hostile.huge],
        boot: (phases) => boot.begin(phases),
        snapshot: () => Object.fromEntries(store.all().map((o) => [`${o.kind}:${o.fullPath}`, Store.stored(o)])),
        seed: (kind, obj) => {
            try {
                device.config.seed(KINDS[kind], obj);
            } catch (e) {
                throw e instanceof DeviceError ? new Error(`seed(${kind}) refused: ${e.message}`) : e;
            }
        },
        get: (kind, fullPath) => {
            const o = store.get(kind, fullPath);
            return o && Store.stored(o);
        },
        setCloneStats: (values) => {
            for (const [k, v] of Object.entries(values)) {
                if (!(CLONE_COUNTERS as readonly string[]).includes(k)) throw new Error(`setCloneStats: ${k} is not a clone-stats counter (${CLONE_COUNTERS.join(", ")})`);
                if (!Number.isInteger(v) || v! < 0) throw new Error(`setCloneStats: ${k} must be a counter value (an integer ≥ 0), not ${v}`);
                device.cloneStats[k as CloneCounter] = v!;
            }
        },
        setPath: (self, collector, p) => device.paths.set(self, collector, p),
        get savedGeneration() { return store.savedGeneration; },
        get generation() { return store.generation; },
        failoverStatus: () => ha.failover,
        setFailoverStatus: (s) => { ha.failover = s; },
        setDeviceGroup: (name, autoSync) => { ha.deviceGroup = { name, autoSync }; },
        sysDb: (name) => ha.db(name),
        store,
        afterRequest: (fn) => {
            after.add(fn);
            return () => after.delete(fn);
        },
        activeTokens: (user) => auth.activeTokens(user),
        bashRuns: () => [...device.bashRuns],
        expireAllTokens: () => auth.expireAll(),
        close: () => new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
        }),
    };
}
