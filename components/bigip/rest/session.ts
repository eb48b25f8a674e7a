/**
 * Authenticated sessions: token login/logout, the retry loop (transient errors, token expiry, ambiguity
 * tracking), readiness (eager or lazy) and `withSession` for a dedicated session (providers share one: shared.ts).
 */
import { noteSaved, noteWrite, saveMark } from "./unsaved";
import { backoffDelay, deviceError, isPasswordExpired, parseErrorBody, redirectError, transportError, TransportFailure, classifyTransportError } from "./errors";
import { parseLoginResponse } from "./parsers";
import { ensureReady, isBootRefusal, isFatalForReadiness, isKnownReady, Prober } from "./readiness";
import { remember } from "./redact";
import { runTransaction } from "./transaction";
import { createTransport, Resolved, resolveConnection, resolvePassword, Transport } from "./transport";
import { BigIpConnection, BigIpError, isBigIpError, RequestOptions, Session, TransactionOptions } from "./types";

/** Per-call knobs used inside the client (readiness probes, transaction queueing). */
export interface CallControl {
    /** Attempts for transient errors (default: the connection's retry policy). Token re-login is extra. */
    readonly attempts?: number;
    readonly coordinationId?: string;
    readonly timeoutMs?: number;
    /** No auth header and no re-login (the login request itself). */
    readonly anonymous?: boolean;
    /** Send exactly this token and never re-login (logout of a specific token). */
    readonly token?: string;
    /** A readiness poll: never waits for readiness itself. */
    readonly probe?: boolean;
}

/** The low-level request function shared by the session, the readiness poller and transactions. */
export interface Core {
    readonly r: Resolved;
    /** Waits for readiness (once per device per process); set when the session checks it lazily. */
    ready?: () => Promise<void>;
    call: (method: string, path: string, body: unknown, opts: RequestOptions | undefined, ctl?: CallControl) => Promise<any>;
    session: Session;
}

/** A Session that must be closed (logs the token out). */
export interface OpenSession extends Session {
    close(): Promise<void>;
    /** Waits until the device is ready (once per device per process; at once for an eager session). */
    ready(): Promise<void>;
}

export function sleep(ms: number): Promise<void> {
    return new Promise((res) => setTimeout(res, ms));
}

/** `tm/net/arp` → `/mgmt/tm/net/arp`, plus the query string. */
export function mgmtPath(path: string, query?: Record<string, string>): string {
    const p = path.startsWith("/") ? path : `/mgmt/${path}`;
    const q = Object.entries(query ?? {}).map(([k, v]) => `${encodeURIComponent(k).replace(/%24/g, "$")}=${encodeURIComponent(v)}`);
    return q.length ? `${p}${p.includes("?") ? "&" : "?"}${q.join("&")}` : p;
}

const TOKEN_LIMIT_HINT = "BIG-IP limits active login tokens per user: log out old sessions " +
    "(DELETE /mgmt/shared/authz/tokens/<token>) or wait for them to expire (20 min by default).";

/**
 * When a session waits for the device to be ready. `eager`: before anything else (dedicated sessions: the doctor, the
 * remote capture). `lazy` (the shared sessions of providers): when `ready()` is called (shared.ts does, before every
 * change operation), before any write under `/mgmt/tm`, and before a GET's "not found" or exhausted transient failure
 * is believed — a booting mcpd answers 404 for objects that exist (RESTGO, reference §1.12). A read-only run against
 * a ready device then sends no readiness poll at all, and nothing is written to, or taken as deleted from, a device
 * not known to be ready.
 */
export type ReadinessMode = "eager" | "lazy";

/**
 * Opens a session: readiness (see ReadinessMode; once per device per process), then login (token auth). Returns a
 * Session whose `close()` logs out. Prefer `withSession`, which always closes.
 */
export async function openSession(conn: BigIpConnection, action = "configuring", readiness: ReadinessMode = "eager"): Promise<OpenSession> {
    const r = resolveConnection(conn);
    const password = resolvePassword(conn); // read now: BIGIP_PASSWORD may be rotated between operations
    const transport = createTransport(r);
    const st = { token: undefined as string | undefined, count: 0, relogin: undefined as Promise<void> | undefined };
    const core = makeCore(r, transport, password, st);
    const prober: Prober = {
        hasToken: () => r.auth === "basic" || st.token !== undefined,
        dropToken: () => { st.token = undefined; },
        login: () => login(core, r, password, st, action, 1, Math.min(r.requestTimeoutMs, 10_000)),
        get: (p) => core.call("GET", p, undefined, { action: `checking readiness (GET ${p})` },
            { attempts: 1, timeoutMs: Math.min(r.requestTimeoutMs, 10_000), probe: true }),
    };
    try {
        if (readiness === "lazy") {
            core.ready = () => ensureReady(r, prober, action);
            if (r.auth === "token") {
                // One try: a device still booting refuses the login too, and then is waited for as an eager session
                // would (the poll interval, not the retry back-off, sets how soon after ready the work starts).
                try { await prober.login(); } catch (e) {
                    if (isFatalForReadiness(e) && !isBootRefusal(e)) throw e;
                    await core.ready();
                }
            }
        } else {
            await ensureReady(r, prober, action);
        }
        if (r.auth === "token" && !st.token) await login(core, r, password, st, action);
    } catch (e) {
        await logout(core, st);
        transport.close();
        throw e;
    }
    const s = core.session as OpenSession;
    s.ready = () => (core.ready ? core.ready() : Promise.resolve());
    let closed = false;
    s.close = async () => {
        if (closed) return;
        closed = true;
        try { await logout(core, st); } finally { transport.close(); }
    };
    return s;
}

export async function closeSession(s: Session): Promise<void> {
    await (s as OpenSession).close?.();
}

/**
 * A dedicated session: readiness → login → `fn` → logout (always, in `finally`: BIG-IP caps active tokens per
 * user). `action` names the operation in readiness/login errors. Providers share one per run instead (shared.ts).
 */
export async function withSession<T>(conn: BigIpConnection, action: string, fn: (s: Session) => Promise<T>): Promise<T> {
    const s = await openSession(conn, action);
    try {
        return await fn(s);
    } finally {
        await s.close();
    }
}

async function login(core: Core, r: Resolved, password: string, st: { token?: string }, action: string, attempts?: number, timeoutMs?: number): Promise<void> {
    try {
        const j = await core.call("POST", "/mgmt/shared/authn/login",
            { username: r.username, password, loginProviderName: "tmos" },
            { action: `logging in as ${r.username} (for ${action})` }, { anonymous: true, attempts, timeoutMs });
        st.token = parseLoginResponse(j).token;
        remember(st.token);
    } catch (e) {
        if (isBigIpError(e) && e.status === 401 && !e.transient && !isPasswordExpired(e.status, e.deviceMessage)) {
            throw new BigIpError(`${e.message} Check the username and password (connection.password or BIGIP_PASSWORD).`,
                e.status, e.deviceMessage, e.action, false, false);
        }
        throw e;
    }
}

/** Best effort (a few tries for transient errors): a failed logout leaves a token that expires on its own. */
async function logout(core: Core, st: { token?: string }): Promise<void> {
    const token = st.token;
    if (!token) return;
    st.token = undefined;
    try {
        await core.call("DELETE", `/mgmt/shared/authz/tokens/${token}`, undefined, { action: "logging out" },
            { attempts: Math.min(3, core.r.retry.attempts), timeoutMs: Math.min(core.r.requestTimeoutMs, 10_000), token });
    } catch { /* ignored */ }
}

function makeCore(r: Resolved, transport: Transport, password: string, st: { token?: string; count: number; relogin?: Promise<void> }): Core {
    // Filled in below; declared first because the closure serializer cannot follow forward references.
    const core: Core = { r, call: undefined as unknown as Core["call"], session: undefined as unknown as Session };
    const basic = `Basic ${Buffer.from(`${r.username}:${password}`, "utf8").toString("base64")}`;
    // What we send that must never come back in an error (redact.ts): the password (login body), the Basic credential.
    remember(password, basic, basic.slice("Basic ".length));

    // One re-login at a time; a request that failed with an already-replaced token just retries.
    // `dropOld`: the old token may still be valid (spurious 401), so log it out rather than leak it.
    const relogin = (failedToken: string | undefined, dropOld: boolean): Promise<void> => {
        if (st.token !== failedToken) return Promise.resolve();
        st.relogin ??= (async () => {
            try {
                if (dropOld) await logout(core, st);
                await login(core, r, password, st, "logging in again after the device rejected the token");
            } finally { st.relogin = undefined; }
        })();
        return st.relogin;
    };

    const send = async (method: string, path: string, body: unknown, opts: RequestOptions | undefined, ctl: CallControl = {}): Promise<any> => {
        const full = mgmtPath(path, opts?.query);
        const action = opts?.action ?? `${method} ${full}`;
        const attempts = ctl.attempts ?? r.retry.attempts;
        const timeoutMs = ctl.timeoutMs ?? r.requestTimeoutMs;
        const text = body === undefined ? undefined : JSON.stringify(body);
        let ambiguous = false;
        let relogged = false;
        let failures = 0; // transient failures so far (bounded by `attempts`)
        for (let attempt = 1; ; attempt++) {
            const headers: Record<string, string> = {};
            const token = ctl.token ?? st.token;
            if (ctl.token) headers["X-F5-Auth-Token"] = ctl.token;
            else if (!ctl.anonymous) {
                if (r.auth === "basic") headers.Authorization = basic;
                else if (token) headers["X-F5-Auth-Token"] = token;
            }
            if (ctl.coordinationId) headers["X-F5-REST-Coordination-Id"] = ctl.coordinationId;
            st.count++;
            let res;
            try {
                res = await transport.send({ method, path: full, headers, body: text, timeoutMs });
            } catch (e: any) {
                const f: TransportFailure = e?.bigipTransport ?? classifyTransportError(e, false);
                // Written but unanswered: a write may have been applied.
                if (f.sent && method !== "GET") ambiguous = true;
                if (!f.transient || ++failures >= attempts) throw transportError(r.where, action, f, ambiguous, attempt);
                await sleep(backoffDelay(failures - 1, r.retry));
                continue;
            }
            if (res.status >= 200 && res.status < 300) {
                if (!res.text.trim()) return undefined;
                try { return JSON.parse(res.text); } catch { return res.text; }
            }
            if (res.status >= 300 && res.status < 400) throw redirectError(r.where, action, res.status, res.location, ambiguous, attempt);
            const p = parseErrorBody(res.status, res.contentType, res.text);
            const canRelogin = r.auth === "token" && !ctl.anonymous && !ctl.token;
            const hint = p.kind === "token-limit" ? TOKEN_LIMIT_HINT : undefined;
            if (p.kind === "token-expired") {
                // Re-login once per request; a fresh token rejected again is a real problem, not a wait.
                if (!canRelogin || relogged) throw deviceError(r.where, action, res.status, { ...p, transient: false }, ambiguous, attempt);
                relogged = true;
                await relogin(token, false);
                continue;
            }
            // A transient answer to a write may come after the device applied it (e.g. 503 while restjavad restarts).
            if (p.transient && method !== "GET") ambiguous = true;
            if (!p.transient || ++failures >= attempts) throw deviceError(r.where, action, res.status, p, ambiguous, attempt, hint);
            if (p.kind === "no-auth-header" && canRelogin) await relogin(token, true);
            await sleep(backoffDelay(failures - 1, r.retry));
        }
    };

    // Lazy readiness (see ReadinessMode): writes wait for it; a GET's 404 or exhausted transient failure is retried once
    // after it, since a device not yet known ready may answer so for objects it holds.
    const gatedCall = async (method: string, path: string, body: unknown, opts: RequestOptions | undefined, ctl: CallControl = {}): Promise<any> => {
        const gated = core.ready !== undefined && !ctl.probe && !ctl.anonymous && !ctl.token && mgmtPath(path).startsWith("/mgmt/tm/") && !isKnownReady(r.where);
        if (!gated) return send(method, path, body, opts, ctl);
        if (method !== "GET") {
            await core.ready!();
            return send(method, path, body, opts, ctl);
        }
        try {
            return await send(method, path, body, opts, ctl);
        } catch (e) {
            if (!isBigIpError(e) || !(e.transient || e.status === 404) || isKnownReady(r.where)) throw e;
            await core.ready!();
            return send(method, path, body, opts, ctl);
        }
    };

    // Configuration writes are remembered until a save covers them (unsaved.ts), so the run's ConfigSave saves once.
    const call: Core["call"] = async (method, path, body, opts, ctl) => {
        const configWrite = method !== "GET" && !ctl?.probe && mgmtPath(path).startsWith("/mgmt/tm/");
        if (!configWrite) return gatedCall(method, path, body, opts, ctl);
        const save = method === "POST" && mgmtPath(path) === "/mgmt/tm/sys/config" && (body as any)?.command === "save";
        const mark = saveMark();
        try {
            const result = await gatedCall(method, path, body, opts, ctl);
            if (save) noteSaved(r.where, mark);
            return result;
        } finally {
            if (!save) noteWrite(r.where);
        }
    };
    core.call = call;
    const notFound = (e: unknown) => isBigIpError(e) && e.status === 404 && !e.transient;
    core.session = {
        get: (p, o) => call("GET", p, undefined, o),
        tryGet: async (p, o) => {
            try { return await call("GET", p, undefined, o); } catch (e) { if (notFound(e)) return undefined; throw e; }
        },
        post: (p, b, o) => call("POST", p, b, o),
        patch: (p, b, o) => call("PATCH", p, b, o),
        put: (p, b, o) => call("PUT", p, b, o),
        delete: async (p, o) => {
            try {
                await call("DELETE", p, undefined, o);
                return true;
            } catch (e) {
                // After an attempt whose answer was lost, 404 means that attempt removed it.
                if (notFound(e)) return (e as BigIpError).afterAmbiguousAttempt;
                throw e;
            }
        },
        transaction: <T>(action: string, fn: (tx: Session) => Promise<T>, opts?: TransactionOptions) => runTransaction(core, action, fn, opts),
        get requestCount() { return st.count; },
    };
    return core;
}
