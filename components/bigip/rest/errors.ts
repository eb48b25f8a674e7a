/**
 * Classifying what went wrong: device error bodies (mcpd JSON, REST-framework JSON, truncated JSON, HTML) and
 * transport failures. Pure functions only; nothing here holds state, so it serializes into a provider cleanly.
 */
import { redact } from "./redact";
import { BigIpError } from "./types";

/** What an error answer means to the client. */
export type ErrorKind =
    | "token-expired" // 401 X-F5-Auth-Token has expired / does not exist: log in again, retry once
    | "no-auth-header" // spurious 401 "no user authentication header or token detected": log in again, retry
    | "auth-failed" // bad credentials: fail fast (a device still booting may refuse good ones: readiness.ts retries a few)
    | "password-expired" // 401 "Password expired": the password must be changed on the device; fail at once, say how
    | "token-limit" // 400 maximum active login tokens: fail with advice
    | "not-registered" // 404 URI path not registered (restjavad still loading workers)
    | "not-found" // genuine 404 (01020036 … was not found, or any other 404)
    | "mcpd-lost" // 500 connection to mcpd lost: mcpd restarting; a write may have been applied
    | "unavailable" // 502/503/504, "Configuration Utility restarting", "Service is unavailable"
    | "busy" // "active asynchronous task executing"
    | "conflict" // 409 already exists
    | "redirect" // 3xx: never followed, never retried (the answer is not the device's)
    | "bad-request" // other 4xx
    | "server-error"; // other 5xx

export interface ParsedError {
    /** The device's own message (or a short excerpt of a non-JSON body). */
    readonly message: string;
    /** mcpd error code (`01020036`) when the message carries one. */
    readonly code?: string;
    readonly transient: boolean;
    readonly kind: ErrorKind;
}

/** Extracts a readable message from any body, then classifies it. Never throws. */
export function parseErrorBody(status: number, contentType: string | undefined, text: string): ParsedError {
    const message = extractMessage(contentType ?? "", text ?? "") || `HTTP ${status}`;
    const kind = classify(status, message);
    const code = /^([0-9a-f]{8}):\d+:/i.exec(message)?.[1];
    return { message, code, kind, transient: isTransientKind(kind) };
}

export function isTransientKind(kind: ErrorKind): boolean {
    switch (kind) {
        case "token-expired": case "no-auth-header": case "not-registered":
        case "mcpd-lost": case "unavailable": case "busy":
            return true;
        default:
            return false;
    }
}

/** Whether a device answer (`status`, its message) says the user's password has expired: waiting cannot fix it. */
export function isPasswordExpired(status: number | undefined, deviceMessage: string): boolean {
    return status !== undefined && classify(status, deviceMessage) === "password-expired";
}

function classify(status: number, m: string): ErrorKind {
    // Body text wins over status: the restarting page and "Service is unavailable" appear with several statuses.
    if (/Configuration Utility restarting|Service is unavailable/i.test(m)) return "unavailable";
    if (/active asynchronous task executing/i.test(m)) return "busy";
    if (/maximum active login tokens/i.test(m)) return "token-limit";
    if (status >= 300 && status < 400) return "redirect";
    if (status === 401) {
        if (/no user authentication header or token detected/i.test(m)) return "no-auth-header";
        if (/(has expired|does not exist)/i.test(m) && /token/i.test(m)) return "token-expired";
        if (/password expired/i.test(m)) return "password-expired";
        return "auth-failed";
    }
    if (status === 404) return /URI path .*not registered|Public URI path not registered/i.test(m) ? "not-registered" : "not-found";
    if (/connection to mcpd has been lost/i.test(m)) return "mcpd-lost";
    if (status === 502 || status === 503 || status === 504) return "unavailable";
    if (status === 409) return "conflict";
    if (status >= 500) return "server-error";
    return "bad-request";
}

function extractMessage(contentType: string, text: string): string {
    const t = text.trim();
    if (!t) return "";
    if (t.startsWith("{") || /json/i.test(contentType)) {
        try {
            const j = JSON.parse(t);
            if (j && typeof j === "object") {
                const msg = typeof j.message === "string" ? j.message
                    : typeof j.errorMessage === "string" ? j.errorMessage : undefined;
                if (msg) return msg.trim();
            }
        } catch {
            // Truncated JSON (seen in the wild): pull the message string literal out by hand.
            const m = /"message"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(t);
            if (m) {
                try { return (JSON.parse(`"${m[1]}"`) as string).trim(); } catch { return m[1].trim(); }
            }
        }
    }
    if (/<[a-z!]/i.test(t)) {
        const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(t)?.[1];
        const plain = (title && title.trim()) ? title : t.replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ").replace(/<[^>]*>/g, " ");
        return shorten(redact(decodeEntities(plain.slice(0, EXCERPT_SOURCE))));
    }
    return shorten(redact(t.slice(0, EXCERPT_SOURCE)));
}

/**
 * How much of a non-JSON body is looked at for its 300-character excerpt. Credentials are scrubbed (redact.ts) before
 * the excerpt is cut, so that it never ends inside one; scrubbing the first 64 KB is enough for that and stays cheap on
 * a body of many MB.
 */
const EXCERPT_SOURCE = 64 * 1024;

function decodeEntities(s: string): string {
    return s.replace(/&reg;/g, "®").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"').replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&nbsp;/g, " ");
}

function shorten(s: string): string {
    const one = s.replace(/\s+/g, " ").trim();
    return one.length > 300 ? `${one.slice(0, 297)}...` : one;
}

/** Transport-level failure (no HTTP answer). `sent` = the request may have reached the device. */
export interface TransportFailure {
    readonly code: string;
    readonly message: string;
    readonly sent: boolean;
    readonly transient: boolean;
    /** Certificate verification/pin failures: never retried. */
    readonly certificate?: boolean;
}

/** Maps a Node socket/TLS error (plus whether our request had a verified socket yet) to a TransportFailure. */
export function classifyTransportError(err: any, sent: boolean): TransportFailure {
    if (err && err.bigipTransport) return err.bigipTransport as TransportFailure;
    const code: string = (err && (err.code as string)) || "EUNKNOWN";
    const msg: string = (err && err.message) || String(err);
    const transientCodes = ["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH",
        "EAI_AGAIN", "ECONNABORTED", "ERR_SOCKET_CLOSED", "ERR_STREAM_PREMATURE_CLOSE", "ETIMEOUT"];
    const transient = transientCodes.includes(code) || /socket hang up|disconnected before secure TLS|EOF|closed/i.test(msg);
    return { code, message: describeCode(code, msg), sent, transient };
}

function describeCode(code: string, msg: string): string {
    switch (code) {
        case "ECONNREFUSED": return "connection refused (ECONNREFUSED)";
        case "ECONNRESET": return "connection reset (ECONNRESET)";
        case "EPIPE": return "connection closed while sending (EPIPE)";
        case "ETIMEOUT": return msg;
        default: return msg.includes(code) ? msg : `${msg} (${code})`;
    }
}

export interface RetryPolicy {
    readonly attempts: number;
    readonly baseDelayMs: number;
    readonly maxDelayMs: number;
}

/**
 * Delay before retry number `retry` (0 = first retry): exponential, capped, with "equal jitter" so that
 * parallel providers hitting the same restarting device spread out but never wait less than half the step.
 * Always within [min(max, base·2^retry)/2, min(max, base·2^retry)].
 */
export function backoffDelay(retry: number, p: RetryPolicy, rand: () => number = Math.random): number {
    const step = Math.min(p.maxDelayMs, p.baseDelayMs * Math.pow(2, Math.max(0, retry)));
    return Math.round(step / 2 + (rand() * step) / 2);
}

/** `BIG-IP 10.0.0.5:443: creating Tunnel /Common/x failed: 409 01020066:3: …` */
/**
 * What to do about an expired password. TMOS 14.0 and later expire the admin password of a new install until it is
 * changed (F5Networks/terraform-aws-bigip-module#12 quotes the device's refusal); waiting does not help.
 */
export const PASSWORD_EXPIRED_HINT = "The device says this user's password has expired (TMOS 14.0 and later expire " +
    "the admin password of a new install until its first change); waiting will not help. Change it on the device — " +
    "`tmsh modify auth user <user> password <new>` at its console or in an interactive SSH session, or through " +
    "/mgmt/shared/authz/users as the device says — then give the new password as connection.password or BIGIP_PASSWORD.";

export function deviceError(where: string, action: string, status: number, p: ParsedError, ambiguous: boolean, attempts: number, hint?: string): BigIpError {
    const tries = attempts > 1 ? ` (after ${attempts} attempts)` : "";
    hint ??= p.kind === "password-expired" ? PASSWORD_EXPIRED_HINT : undefined;
    const msg = `BIG-IP ${where}: ${action} failed: ${status} ${p.message}${tries}${hint ? ` ${hint}` : ""}`;
    return new BigIpError(msg, status, p.message, action, p.transient, ambiguous);
}

/**
 * A redirect (3xx): never followed — it could hand our credentials to another host — and never retried. iControl REST
 * answers on the device itself, so a redirect means this host and port are not the BIG-IP's management interface, or
 * something in between answers for it.
 */
export function redirectError(where: string, action: string, status: number, location: string | undefined, ambiguous: boolean, attempts: number): BigIpError {
    const tries = attempts > 1 ? ` (after ${attempts} attempts)` : "";
    // eslint-disable-next-line no-control-regex
    const to = location ? shorten(location.replace(/[\x00-\x1f\x7f]/g, "")) : "(no Location header)";
    const text = `${status} redirect to ${to}`;
    return new BigIpError(`BIG-IP ${where}: ${action} failed: ${text}${tries}, not followed: iControl REST answers on the BIG-IP itself, `
        + "so this host and port are not its management interface, or something in between answers for it", status, text, action, false, ambiguous);
}

export function transportError(where: string, action: string, f: TransportFailure, ambiguous: boolean, attempts: number): BigIpError {
    const tries = attempts > 1 ? ` (after ${attempts} attempts)` : "";
    return new BigIpError(`BIG-IP ${where}: ${action} failed: ${f.message}${tries}`, undefined, f.message, action, f.transient, ambiguous);
}
