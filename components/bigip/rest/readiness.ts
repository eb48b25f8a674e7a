/**
 * Waiting for a (re)booting device (before the first request, or lazily: see session.ts ReadinessMode): login works
 * (the `/mgmt/shared` framework is up) and GET `/mgmt/tm/sys/ready` answers with config, license and provision
 * ready. That one GET is the check F5's own runtime-init makes (RTI `managementClient.ts`); any 4xx/5xx from it means
 * not ready (f5-ansible#726), including the "not registered … wait for /available suffix" 404 of a tm worker still
 * starting, so the separate `/available` GETs of f5-cloud-libs add no information once it answers (reference §1.12).
 * Done once per device per provider
 * process; the bookkeeping lives on `globalThis`, created lazily at run time, so nothing live is captured when
 * this module is serialized into a dynamic provider.
 */
import { classifyTransportError, isPasswordExpired, transportError, TransportFailure } from "./errors";
import { parseReady, describeReady } from "./parsers";
import { PIN_MISMATCH, PinMismatch, Resolved, verifiedConnect } from "./transport";
import { BigIpError, isBigIpError } from "./types";

/** Single-attempt operations the poller needs (implemented by the session). */
export interface Prober {
    hasToken(): boolean;
    dropToken(): void;
    /** One login attempt; sets the token used by `get`. */
    login(): Promise<void>;
    /** One GET attempt; throws BigIpError. */
    get(path: string): Promise<any>;
}

interface Registry {
    ready: Set<string>;
    inflight: Map<string, Promise<void>>;
}

function registry(): Registry {
    const g = globalThis as any;
    return (g.__bigipRestReadiness ??= { ready: new Set<string>(), inflight: new Map<string, Promise<void>>() });
}

/** Whether this process has seen the device (`host:port`) ready. */
export function isKnownReady(where: string): boolean {
    return registry().ready.has(where);
}

/** Forgets which devices were seen ready (tests; or after a deliberate reboot). */
export function resetReadiness(where?: string): void {
    const reg = registry();
    if (where) reg.ready.delete(where); else reg.ready.clear();
}

/**
 * Waits for readiness unless this process already saw the device ready. Concurrent sessions to one device share
 * one poller; the session that started it keeps the poller's login token (one login fewer).
 */
export async function ensureReady(r: Resolved, prober: Prober, action: string): Promise<void> {
    const reg = registry();
    for (;;) {
        if (reg.ready.has(r.where)) return;
        const running = reg.inflight.get(r.where);
        if (!running) break;
        // Another session is polling: wait for it. A device that did not become ready in time is the device's state,
        // shared by every waiter (polling again would make the k-th waiter fail after k timeouts); a fatal error
        // (credentials, TLS) may be that session's own, so then we poll ourselves.
        const failed = await running.then(() => undefined, (e: unknown) => e ?? new Error("readiness poll failed"));
        if (reg.ready.has(r.where)) return;
        // Still another certificate than the one first boot installs: the device's state too, for the same pin.
        const samePin = r.tls.pinnedAtFirstBoot === true && (failed as FirstBootUnfinished)?.firstBootPin?.pinned === r.tls.fingerprint256;
        if (failed !== undefined && (!isFatalForReadiness(failed) || samePin)) throw failed;
        if (reg.inflight.get(r.where) === running) reg.inflight.delete(r.where);
    }
    const p = waitForReady(r, prober, action);
    reg.inflight.set(r.where, p);
    try {
        await p;
        reg.ready.add(r.where);
    } finally {
        if (reg.inflight.get(r.where) === p) reg.inflight.delete(r.where);
    }
}

/**
 * Errors that waiting cannot fix: bad credentials, token limit, certificate problems, unknown host, a redirect. (Another
 * certificate than the pinned one while `tls.pinnedAtFirstBoot` waits for the first boot is transient: transport.ts.)
 */
export function isFatalForReadiness(e: unknown): boolean {
    if (!isBigIpError(e)) return true;
    if (e.transient) return false;
    if (e.status === undefined) return true;
    if (e.status === 401) return true;
    if (e.status >= 300 && e.status < 400) return true; // not the device answering: waiting will not change that
    return /maximum active login tokens/i.test(e.deviceMessage);
}

/**
 * How many 401s in a row a readiness poll takes for the device still booting before it believes them: F5's own client
 * retries a 401 in `ready()` 5 times (f5-cloud-libs `lib/bigIp.js` `ready()`, `shortRetryOnError: { codes: [401],
 * retryOptions: { maxRetries: 5 } }`), so a password that is really wrong still fails in a few polls.
 */
export const BOOT_401_RETRIES = 5;

/**
 * A 401 that may be the device still booting (its authentication not up yet), not the credentials: any 401 but an
 * expired password, which waiting cannot fix (errors.ts PASSWORD_EXPIRED_HINT).
 */
export function isBootRefusal(e: unknown): boolean {
    return isBigIpError(e) && e.status === 401 && !e.transient && !isPasswordExpired(e.status, e.deviceMessage);
}

/**
 * With `tls.pinnedAtFirstBoot`: one TLS handshake, not one byte written. Resolves with the SHA-256 fingerprint the
 * device presents instead of the pinned one (transport.ts PIN_MISMATCH), or undefined when it presents the pinned one;
 * any other failure (refused, timed out, another certificate problem) rejects as the BigIpError a request would get.
 */
export async function presentedInsteadOfPin(r: Resolved, timeoutMs: number): Promise<string | undefined> {
    try {
        (await verifiedConnect(r, timeoutMs)).destroy();
        return undefined;
    } catch (e: any) {
        const f: TransportFailure = e?.bigipTransport ?? classifyTransportError(e, false);
        if (f.code === PIN_MISMATCH) return (f as PinMismatch).presented256;
        throw transportError(r.where, "checking readiness (TLS handshake, nothing sent)", f, false, 1);
    }
}

/** A readiness wait that ended with the device still presenting another certificate than the pinned one. */
export interface FirstBootUnfinished extends BigIpError {
    readonly firstBootPin: { readonly pinned: string; readonly presented: string };
}

/**
 * Polls every `readinessIntervalMs` until ready or `readinessTimeoutMs`; the error names the last state seen. With
 * `tls.pinnedAtFirstBoot`, a poll is a TLS handshake only until the device presents the pinned certificate.
 */
export async function waitForReady(r: Resolved, prober: Prober, action: string): Promise<void> {
    const t0 = Date.now();
    let state = "no answer yet";
    let polls = 0;
    let refusals = 0; // 401s in a row (BOOT_401_RETRIES)
    let lastRefusal: unknown; // the last poll's 401, if it was one
    let pinSeen = r.tls.pinnedAtFirstBoot !== true; // first boot installs it last, so once seen it stays
    let presented: string | undefined; // what the last poll's device presented instead of the pinned certificate
    const pinned = r.tls.fingerprint256 ?? "";
    for (;;) {
        const started = Date.now();
        polls++;
        presented = undefined;
        try {
            if (!pinSeen) pinSeen = (presented = await presentedInsteadOfPin(r, Math.min(r.requestTimeoutMs, 10_000))) === undefined;
            if (presented !== undefined) {
                state = `the device presents certificate SHA-256 ${presented}, not the pinned ${pinned} that its first boot installs`;
            } else {
                if (!prober.hasToken()) await prober.login();
                const ready = parseReady(await prober.get("/mgmt/tm/sys/ready"));
                if (ready.ready) return;
                state = `sys/ready reports ${describeReady(ready)}`;
            }
            refusals = 0;
            lastRefusal = undefined;
        } catch (e) {
            const refused = isBootRefusal(e) && refusals++ < BOOT_401_RETRIES;
            if (!refused) refusals = 0;
            if (!refused && isFatalForReadiness(e)) throw e;
            if (refused) prober.dropToken();
            lastRefusal = refused ? e : undefined;
            const be = e as BigIpError;
            // An expired/unknown token will not come back (restjavad restarts drop tokens): log in next time.
            if (be.status === 401 && /has expired|does not exist/i.test(be.deviceMessage)) prober.dropToken();
            state = `${be.action}: ${be.status ?? ""} ${be.deviceMessage}`.replace(/ +/g, " ");
        }
        const now = Date.now();
        const next = Math.max(0, r.readinessIntervalMs - (now - started));
        if (now + next - t0 > r.readinessTimeoutMs) {
            // Still refused at the deadline: the credentials error says more than "not ready" would.
            if (lastRefusal !== undefined) throw lastRefusal;
            const within = (r.readinessTimeoutMs / 1000).toFixed(r.readinessTimeoutMs < 10_000 ? 1 : 0);
            if (presented !== undefined) {
                throw Object.assign(new BigIpError(`BIG-IP ${r.where}: ${action} failed: the device at ${r.where} still presents ` +
                    `certificate SHA-256 ${presented} after ${within} s, not the pinned ${pinned} that its first boot installs ` +
                    "(tls.pinnedAtFirstBoot). Either its first boot did not finish (on the device: /var/log/cloud/startup-script.log " +
                    "and /var/log/cloud/bigIpRuntimeInit.log) or something else answers at this address. No credentials were sent to it.",
                undefined, state, action, false, false), { firstBootPin: { pinned, presented } }) as FirstBootUnfinished;
            }
            throw new BigIpError(`BIG-IP ${r.where}: ${action} failed: the device did not become ready within ${within} s ` +
                `(${polls} polls); last state: ${state}`, undefined, state, action, true, false);
        }
        await new Promise((res) => setTimeout(res, next));
    }
}
