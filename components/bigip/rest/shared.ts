/**
 * One authenticated session per device (and credentials) per process, shared by every BIG-IP resource the
 * provider host runs. Pulumi runs all dynamic resources of an `up`/`refresh`/`destroy` in one provider process, so
 * the run logs in once, checks readiness at most once (lazily: before the first write, or before a 404 is believed;
 * session.ts ReadinessMode), and holds one token per device and user (BIG-IP caps active tokens per user) instead of
 * one per resource.
 *
 * A session no resource is using is logged out after `SESSION_IDLE_MS`; the next resource logs in again. The timer is
 * unref'd, so it never keeps a process alive: a provider host the engine stops within that window leaves its one
 * token to expire on the device (the token timeout, 1 200 s by default). Tools that end on their own (tests, the bench)
 * call `closeSessions()`.
 *
 * The bookkeeping lives on `globalThis`, created lazily at run time (like readiness.ts), so nothing live is captured
 * when this module is serialized into a dynamic provider, and providers serialized separately still share it.
 */
import { resetReadiness } from "./readiness";
import { openSession, OpenSession } from "./session";
import { resolveConnection, resolvePassword } from "./transport";
import { BigIpConnection, Session } from "./types";

/** How long an unused shared session stays logged in. */
export const SESSION_IDLE_MS = 10_000;

interface Entry {
    readonly opening: Promise<OpenSession>;
    users: number;
    timer?: ReturnType<typeof setTimeout>;
    /** Set once logout has begun: new users open a new session. */
    closing?: Promise<void>;
    /** closeSessions() asked while in use: close when the last user leaves. */
    closeWhenIdle?: boolean;
}

interface Registry { entries: Map<string, Entry>; idleMs: number }

function registry(): Registry {
    const g = globalThis as any;
    return (g.__bigipRestSharedSessions_v1 ??= { entries: new Map<string, Entry>(), idleMs: SESSION_IDLE_MS });
}

const entries = () => registry().entries;

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
    if (e.timer) clearTimeout(e.timer);
    e.timer = undefined;
    if (entries().get(key) === e) entries().delete(key);
    e.closing ??= e.opening.then((s) => s.close(), () => undefined);
    return e.closing;
}

/**
 * Runs `fn` with this process's session to the device: opened on first use (readiness, then login; `action` names
 * the operation in their errors), reused by every later and concurrent caller, logged out when idle.
 */
export async function withDeviceSession<T>(conn: BigIpConnection, action: string, fn: (s: Session) => Promise<T>): Promise<T> {
    const map = entries();
    const key = keyOf(conn);
    let e = map.get(key);
    if (!e || e.closing) {
        const created: Entry = { opening: openSession(conn, action, "lazy"), users: 0 };
        // A failed open (device not ready in time, bad credentials) is not kept: the next caller tries afresh.
        created.opening.catch(() => { if (map.get(key) === created) map.delete(key); });
        map.set(key, (e = created));
    }
    const entry = e;
    entry.users++;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = undefined;
    try {
        return await fn(await entry.opening);
    } finally {
        entry.users--;
        if (entry.users === 0 && !entry.closing) {
            if (entry.closeWhenIdle) void close(key, entry);
            else {
                entry.timer = setTimeout(() => void close(key, entry), registry().idleMs);
                entry.timer.unref?.();
            }
        }
    }
}

/**
 * Logs out every shared session (of one device, `host:port`, when given) and waits for it; a session still in use is
 * logged out as soon as its last user is done. For the end of a run: tests, the bench, a CLI about to exit.
 */
export async function closeSessions(where?: string): Promise<void> {
    const pending: Promise<void>[] = [];
    for (const [key, e] of [...entries()]) {
        if (where !== undefined && !key.startsWith(`${where} `)) continue;
        if (e.users > 0) e.closeWhenIdle = true;
        else pending.push(close(key, e));
    }
    await Promise.all(pending);
}

/** Shared sessions currently held (logged in or logging in), for tests and diagnostics. */
export function sharedSessionCount(): number {
    return [...entries().values()].filter((e) => !e.closing).length;
}

/**
 * What the end of a provider process means for the device: every shared session logs out, and the next run checks
 * readiness again. For code that models runs inside one process (tests, the bench).
 */
export async function endRun(): Promise<void> {
    await closeSessions();
    resetReadiness();
}
