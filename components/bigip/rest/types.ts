/**
 * Contracts of the iControl REST layer. Everything here is plain data so that a dynamic provider, which is
 * serialized into state by value, never captures a live client, socket or credential.
 */
import { redact } from "./redact";

/** TLS trust for the management endpoint (BIG-IP management certificates are self-signed). */
export interface BigIpTls {
    /** PEM CA bundle (or the device's own self-signed certificate) to verify against. */
    readonly caPem?: string;
    /** Pinned SHA-256 fingerprint of the device certificate (`AA:BB:…`, as `openssl x509 -fingerprint -sha256` prints it). */
    readonly fingerprint256?: string;
    /** Skip verification entirely. Only honoured when set explicitly; never a default. */
    readonly insecure?: boolean;
    /**
     * Name the certificate must carry (SAN/CN) when verifying against `caPem`; also sent as SNI. Without it the
     * `caPem` chain is checked but the host name is not, because BIG-IP's default self-signed certificate names
     * `localhost.localdomain`, not the management address. Set it when `caPem` is a CA that signs other hosts too.
     */
    readonly serverName?: string;
    /**
     * The pinned certificate (`fingerprint256`, required with this) is installed by this device's first boot: until the
     * device presents it, a different certificate is taken as "first boot not finished". Nothing is sent to that peer
     * (the check comes before any byte of HTTP); it is tried again every readiness interval until `readinessTimeoutMs`,
     * and then fails with the mismatch. Once the device was seen ready, a mismatch fails at once, as without this.
     */
    readonly pinnedAtFirstBoot?: boolean;
}

/**
 * `tls` for a device that finished its first boot (an object exists on it, or its stack was deployed): with
 * `pinnedAtFirstBoot`, another certificate is then a mismatch at once, not a boot to wait for; `false` (not absent)
 * also makes the mismatch error say what to check (transport.ts).
 */
export function afterFirstBootTls<T extends BigIpTls | undefined>(tls: T): T {
    return tls?.pinnedAtFirstBoot === true ? { ...tls, pinnedAtFirstBoot: false } : tls;
}

/** How to reach and authenticate to one BIG-IP. Plain values: this travels as a (secret) resource input. */
export interface BigIpConnection {
    /** Management host name or IP. */
    readonly host: string;
    /** Management port: 443 on multi-NIC VEs, 8443 on single-NIC. Defaults to 443. */
    readonly port?: number;
    readonly username: string;
    /** Password; when absent, `BIGIP_PASSWORD` from the provider's environment (lets rotated credentials reach `destroy`). */
    readonly password?: string;
    /** `token` (default; required for remote auth providers) or `basic`. */
    readonly auth?: "token" | "basic";
    readonly tls?: BigIpTls;
    /** Per-request timeout in ms (the dynamic-provider host ignores customTimeouts). Default 30 000. */
    readonly requestTimeoutMs?: number;
    /** How long to wait for the device to become ready before the first change, in ms. Default 20 min. */
    readonly readinessTimeoutMs?: number;
    /** Readiness poll interval in ms (≤ 5 000). Default 2 000. */
    readonly readinessIntervalMs?: number;
    /**
     * Retry policy for transient errors: `attempts` tries per request in all (default 8; also bounds how often a
     * transaction is re-run), exponential backoff from `baseDelayMs` (250) capped at `maxDelayMs` (5 000), jittered.
     */
    readonly retry?: { readonly attempts?: number; readonly baseDelayMs?: number; readonly maxDelayMs?: number };
}

/**
 * An error answered by the device (or the transport), with what we were doing when it happened. Its texts (message,
 * device message, action) are scrubbed of credentials when it is made (redact.ts): a device or proxy echoing our request
 * cannot put the password, the Basic credential or a token into an error, the engine's log or a command's output.
 */
export class BigIpError extends Error {
    /** The device's own message text (scrubbed of credentials). */
    readonly deviceMessage: string;
    /** What we were doing, e.g. `creating Tunnel /Common/clone-gre`. */
    readonly action: string;

    constructor(
        message: string,
        /** HTTP status, or undefined for transport errors (refused, reset, TLS, timeout). */
        readonly status: number | undefined,
        deviceMessage: string,
        action: string,
        /** True when retrying could help (device booting, mcpd restarting, connection reset…). */
        readonly transient: boolean,
        /**
         * True when an earlier attempt of this same request may have been applied by the device before its
         * answer was lost (e.g. reset after send). A 409 on a retried create is then possibly our own object.
         */
        readonly afterAmbiguousAttempt = false,
    ) {
        super(redact(message));
        // Serialized into a dynamic provider, this class becomes a function calling `Error.call(this, message)`,
        // which leaves `this` untouched: set what the Error constructor would have.
        this.message = redact(message);
        this.deviceMessage = redact(deviceMessage);
        this.action = redact(action);
        if (!this.stack) Error.captureStackTrace?.(this, BigIpError);
        this.name = "BigIpError";
    }

    /** The mcpd error code, e.g. `01020036` for "not found", when the message carries one. */
    get code(): string | undefined {
        return /^([0-9a-f]{8}):\d+:/i.exec(this.deviceMessage)?.[1];
    }
}

export interface TransactionOptions {
    /**
     * Called when a commit's answer was lost and the transaction's own state cannot tell whether it was applied:
     * read the device and resolve true when the change is there (then the transaction counts as committed) or
     * false (then the whole transaction is run again). Without it the transaction is re-run and a conflicting
     * answer carries `afterAmbiguousAttempt`.
     */
    readonly verify?: () => Promise<boolean>;
}

export interface RequestOptions {
    /** Human description for error messages: `creating Pool /Common/clone-pool`. */
    readonly action?: string;
    /** Query string parameters, e.g. `{ expandSubcollections: "true" }`. */
    readonly query?: Record<string, string>;
}

/** Duck-typed `instanceof BigIpError`: a serialized provider carries its own copy of the class. */
export function isBigIpError(e: unknown): e is BigIpError {
    return e instanceof Error && e.name === "BigIpError" && "transient" in e && "deviceMessage" in e;
}

/**
 * An authenticated conversation with one device. Paths are relative to `/mgmt/` (e.g. `tm/net/arp`) or
 * absolute (`/mgmt/...`). Methods throw BigIpError for non-2xx answers after transient retries.
 */
export interface Session {
    get<T = any>(path: string, opts?: RequestOptions): Promise<T>;
    /** GET that returns undefined on a genuine 404. */
    tryGet<T = any>(path: string, opts?: RequestOptions): Promise<T | undefined>;
    post<T = any>(path: string, body: unknown, opts?: RequestOptions): Promise<T>;
    patch<T = any>(path: string, body: unknown, opts?: RequestOptions): Promise<T>;
    put<T = any>(path: string, body: unknown, opts?: RequestOptions): Promise<T>;
    /**
     * DELETE; true when this call removed the object, false when it was already gone (404). A 404 on a retry
     * after an attempt whose answer was lost counts as removed by this call (true): that attempt did it.
     */
    delete(path: string, opts?: RequestOptions): Promise<boolean>;
    /**
     * Runs `fn` inside an iControl transaction: writes made through the `tx` session are queued under
     * `X-F5-REST-Coordination-Id` and committed atomically (`state: VALIDATING`) when `fn` resolves.
     * Reads through `tx` see the committed configuration, not the pending changes. Await writes one by one (queue
     * order is commit order). Nothing written ⇒ no transaction is created. A transient failure while queueing
     * re-runs `fn` in a fresh transaction, so `fn` must be safe to run again (no side effects besides `tx` writes).
     */
    transaction<T>(action: string, fn: (tx: Session) => Promise<T>, opts?: TransactionOptions): Promise<T>;
    /** Requests sent on the wire so far (including login/logout, retries and readiness polls). */
    readonly requestCount: number;
}
