/**
 * One authenticated session per device (and credentials) per process, shared by every BIG-IP resource the
 * provider host runs. Pulumi runs all dynamic resources of an `up`/`refresh`/`destroy` in one provider process, so
 * the run logs in once, checks readiness at most once (before its first change, or before a read's 404 is believed;
 * session.ts ReadinessMode), and holds one token per device and user (BIG-IP caps active tokens per user) instead of
 * one per resource.
 *
 * Logout: when the engine ends the run it interrupts the provider host (SIGINT) and gives it 5 s before killing it
 * (pulumi/pulumi sdk/go/common/resource/plugin/plugin.go, the plugin's kill: InterruptChildren, then a 5-second
 * wait), so a SIGINT/SIGTERM handler, installed with the first session, logs every session out (bounded to 3 s) and
 * then exits as the signal would. A session no resource is using is also logged out after `SESSION_IDLE_MS` (the
 * timer is unref'd, so it never keeps a process alive). Should all of that fail, the one token expires on the device
 * by itself (token timeout, 1 200 s by default). Code that models runs inside one process (tests, the bench) calls
 * `endRun()`.
 *
 * The bookkeeping lives on `globalThis`, created lazily at run time (like readiness.ts), so nothing live is captured
 * when this module is serialized into a dynamic provider, and providers serialized separately still share it.
 */
import { resetReadiness } from "./readiness";
import { openSession, OpenSession } from "./session";
import { resolveConnection, resolvePassword } from "./transport";
import { BigIpConnection, BigIpError, isBigIpError, Session } from "./types";

/** How long an unused shared session stays logged in. */
export const SESSION_IDLE_MS = 10_000;
/** How long the signal handler waits for the logouts before exiting. */
const SIGNAL_LOGOUT_MS = 3_000;

interface Entry {
    readonly opening: Promise<OpenSession>;
    users: number;
    timer?: ReturnType<typeof setTimeout>;
    /** Set once logout has begun: new users open a new session. */
    closing?: Promise<void>;
    /** closeSessions() asked while in use: close when the last user leaves. */
    closeWhenIdle?: boolean;
}

interface Registry {
    entries: Map<string, Entry>;
    /** Logouts under way (their entries are already out of `entries`). */
    closing: Set<Promise<void>>;
    idleMs: number;
    signalsHooked: boolean;
}

function registry(): Registry {
    const g = globalThis as any;
    return (g.__bigipRestSharedSessions_v2 ??= { entries: new Map<string, Entry>(), closing: new Set<Promise<void>>(), idleMs: SESSION_IDLE_MS, signalsHooked: false });
}

/** Sets how long an unused session stays logged in, for this process (tests; default `SESSION_IDLE_MS`). */
export function setSessionIdleMs(ms: number): void {
    registry().idleMs = ms;
}

/**
 * Sessions are shared only between identical connections: same device, user, password (rotated credentials get a
 * session of their own), auth mode, TLS trust, timeouts and retry policy. The key stays in this process's memory,
 * like the session that holds the password anyway.
 */
function keyOf(conn: BigIpConnection): string {
    const r = resolveConnection(conn);
    return `${r.where} ${JSON.stringify([r.username, resolvePassword(conn), r.auth, r.tls, r.requestTimeoutMs, r.retry, r.readinessTimeoutMs, r.readinessIntervalMs])}`;
}

function close(key: string, e: Entry): Promise<void> {
    const reg = registry();
    if (e.timer) clearTimeout(e.timer);
    e.timer = undefined;
    if (reg.entries.get(key) === e) reg.entries.delete(key);
    if (!e.closing) {
        const p = e.opening.then((s) => s.close(), () => undefined);
        e.closing = p;
        reg.closing.add(p);
        void p.finally(() => reg.closing.delete(p));
    }
    return e.closing;
}

/** On SIGINT/SIGTERM (the engine ending the run), log out, then exit as the signal would have. Installed once. */
function hookSignals(reg: Registry): void {
    if (reg.signalsHooked) return;
    reg.signalsHooked = true;
    for (const [sig, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
        process.once(sig, () => {
            const bound = new Promise<void>((res) => setTimeout(res, SIGNAL_LOGOUT_MS).unref?.());
            // Sessions still in use are logged out too: the process is about to end anyway.
            void Promise.race([closeSessions(undefined, true), bound]).finally(() => process.exit(code));
        });
    }
}

/** `action` in front of an error the shared open or readiness raised (it names the session, not this resource). */
function forCaller(action: string, e: unknown): unknown {
    if (!isBigIpError(e)) return e;
    return new BigIpError(`${action}: ${e.message}`, e.status, e.deviceMessage, action, e.transient, e.afterAmbiguousAttempt);
}

/**
 * Runs `fn` with this process's session to the device: opened on first use (login; readiness as `intent` needs
 * it), reused by every later and concurrent caller, logged out when idle or when the run ends. `intent`: `change`
 * (create, update, delete — the default) waits for the device to be ready before `fn`; `read` (a resource's read)
 * leaves it to the session, which checks readiness before it believes a 404.
 */
export async function withDeviceSession<T>(conn: BigIpConnection, action: string, fn: (s: Session) => Promise<T>,
    intent: "change" | "read" = "change"): Promise<T> {
    const reg = registry();
    const key = keyOf(conn);
    let e = reg.entries.get(key);
    if (!e || e.closing) {
        hookSignals(reg);
        const created: Entry = { opening: openSession(conn, "opening the session this run's BIG-IP resources share", "lazy"), users: 0 };
        // A failed open (bad credentials, a device that never answers) is not kept: the next caller tries afresh.
        created.opening.catch(() => { if (reg.entries.get(key) === created) reg.entries.delete(key); });
        reg.entries.set(key, (e = created));
    }
    const entry = e;
    entry.users++;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = undefined;
    try {
        let s: OpenSession;
        try {
            s = await entry.opening;
            if (intent === "change") await s.ready();
        } catch (err) {
            throw forCaller(action, err);
        }
        return await fn(s);
    } finally {
        entry.users--;
        if (entry.users === 0 && !entry.closing) {
            if (entry.closeWhenIdle) void close(key, entry);
            else {
                entry.timer = setTimeout(() => void close(key, entry), reg.idleMs);
                entry.timer.unref?.();
            }
        }
    }
}

/**
 * Logs out every shared session (of one device, `host:port`, when given) and waits for it, and for logouts already
 * under way; a session still in use is logged out as soon as its last user is done — or at once with `evenInUse`
 * (the process is ending: its requests in flight fail).
 */
export async function closeSessions(where?: string, evenInUse = false): Promise<void> {
    const reg = registry();
    const pending: Promise<void>[] = where === undefined ? [...reg.closing] : [];
    for (const [key, e] of [...reg.entries]) {
        if (where !== undefined && !key.startsWith(`${where} `)) continue;
        if (e.users > 0 && !evenInUse) e.closeWhenIdle = true;
        else pending.push(close(key, e));
    }
    await Promise.all(pending);
}

/** Shared sessions currently held (logged in or logging in), for tests and diagnostics. */
export function sharedSessionCount(): number {
    return [...registry().entries.values()].filter((e) => !e.closing).length;
}

/**
 * What the end of a provider process means for the device: every shared session logs out, and the next run checks
 * readiness again. For code that models runs inside one process (tests, the bench).
 */
export async function endRun(): Promise<void> {
    await closeSessions();
    resetReadiness();
}
