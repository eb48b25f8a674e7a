/**
 * Credentials never reach an error text. A device, or a proxy or debugging server on its address, may echo our request
 * in its answer — the login body with the password, the `Authorization: Basic …` or `X-F5-Auth-Token` header — and
 * error messages copy the device's text. So every text that becomes part of an error is scrubbed here, two ways:
 *
 *   - by shape, knowing nothing: the value of an `Authorization` or `X-F5-Auth-Token` header (`name: value`,
 *     `"name": "value"`, `name=value`), of a `password`/`passwd`/`token` field, a `Basic`/`Bearer` credential, and the
 *     token in a `/mgmt/shared/authz/tokens/<token>` path;
 *   - by value: every secret this process sent to a device (passwords, the Basic credential, login tokens: `remember`)
 *     as written, JSON-escaped, URL-encoded, HTML-escaped and base64-encoded, and a secret cut short at the end of a
 *     text (an excerpt shortened in the middle of one).
 *
 * BigIpError's constructor applies `redact` to everything it carries, so no error of the REST layer can hold a
 * credential; the doctor's errors do the same. The secrets live on `globalThis` (like readiness.ts), created lazily, so
 * nothing live is captured when this module is serialized, and providers loaded separately share them.
 */

/** What a credential is replaced with. */
export const REDACTED = "[redacted]";

/** At most this many secrets are remembered (the oldest are forgotten first): a run logs in a few times, not thousands. */
const MAX_SECRETS = 256;

function registry(): string[] {
    const g = globalThis as any;
    return (g.__bigipRestSecrets_v1 ??= []);
}

/** Remembers secrets this process sends to a device (a password, a Basic credential, a token), so errors never carry them. */
export function remember(...secrets: (string | undefined)[]): void {
    const reg = registry();
    for (const s of secrets) {
        if (typeof s !== "string" || s === "") continue;
        const k = reg.indexOf(s);
        if (k >= 0) reg.splice(k, 1);
        reg.push(s);
    }
    if (reg.length > MAX_SECRETS) reg.splice(0, reg.length - MAX_SECRETS);
}

/** The secrets `remember`ed so far (tests). */
export function rememberedSecrets(): readonly string[] {
    return [...registry()];
}

const HEADER_NAMES = "authorization|proxy-authorization|x-f5-auth-token|x-auth-token|cookie|set-cookie";
const FIELD_NAMES = "password|passwd|newpassword|oldpassword|token|authtoken|x-f5-auth-token";

/**
 * Shapes: [pattern, replacement]. A quoted value may be cut short (no closing quote) at the end of an excerpt.
 * Order matters: headers (whole value up to the end of the line) before fields.
 */
const SHAPES: readonly [RegExp, string | ((m: string, ...g: string[]) => string)][] = [
    // `Authorization: Basic abc`, `x-f5-auth-token: ABC` (one header per line, or `, ` / `; ` separated)
    [new RegExp(`(\\b(?:${HEADER_NAMES})\\s*:\\s*)(?!\\s*["{\\[])[^\\r\\n]*`, "gi"), `$1${REDACTED}`],
    // `"Authorization": "…"`, `'password': '…'`, `"token":"…"` (JSON, Python reprs), possibly cut short
    [new RegExp(`((["'])(?:${HEADER_NAMES}|${FIELD_NAMES})\\2\\s*[:=]\\s*)(["'])(?:(?!\\3)[^\\\\]|\\\\.)*(?:\\3|$)`, "gi"), `$1$3${REDACTED}$3`],
    // `password=…`, `token=…` (query strings, form bodies, log lines)
    [new RegExp(`(\\b(?:${FIELD_NAMES})\\s*=\\s*)[^\\s&;,"'}]+`, "gi"), `$1${REDACTED}`],
    // a Basic or Bearer credential anywhere (not a word: "Basic authentication" stays)
    [/\b(Basic|Bearer)\s+([A-Za-z0-9+/=._~-]{6,})/g, (m, scheme, cred) => (/[0-9+/=]/.test(cred) || /[A-Z]/.test(cred.slice(1)) ? `${scheme} ${REDACTED}` : m)],
    // a token in a URL path
    [/(\/authz\/tokens\/)[^\s/?#"'<>]+/gi, `$1${REDACTED}`],
];

/** Secrets shorter than this are masked only where they stand alone (not inside a longer word). */
const SHORT = 4;

/** The forms a secret may take in a text: as written, JSON-escaped, URL-encoded, HTML-escaped, base64. */
function forms(secret: string): string[] {
    const html = secret.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
    const all = [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), html, Buffer.from(secret, "utf8").toString("base64")];
    return [...new Set(all)].filter((s) => s !== "").sort((a, b) => b.length - a.length);
}

/**
 * Where `text` ends with the start of `secret`, cut short: at least 3 characters before a trailing `...` or `…` (an
 * excerpt shortened there), at least 6 at the very end (a slice); the position and length of that part.
 */
function cutTail(text: string, secret: string): { at: number; len: number } | undefined {
    const end = text.replace(/(?:\.\.\.|…)\s*$/, "").length;
    const min = end < text.length ? 3 : 6;
    for (let n = Math.min(secret.length - 1, end); n >= min; n--) {
        if (text.slice(end - n, end) === secret.slice(0, n)) return { at: end - n, len: n };
    }
    return undefined;
}

/** `text` with credentials replaced by `[redacted]`, by shape and by the given secrets' values. Pure. */
export function redactWith(text: string, secrets: readonly string[]): string {
    let out = String(text);
    const values = secrets.filter((s) => typeof s === "string" && s !== "").flatMap(forms).sort((a, b) => b.length - a.length);
    for (const v of values) {
        // A value of 1–3 characters only as a whole word: masking every "ab" would leave no text to read.
        if (v.length >= SHORT) out = out.split(v).join(REDACTED);
        else out = out.replace(new RegExp(`(?<![A-Za-z0-9])${v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![A-Za-z0-9])`, "g"), REDACTED);
    }
    for (const [re, to] of SHAPES) out = out.replace(re, to as any);
    for (const v of values.filter((x) => x.length >= SHORT)) {
        const cut = cutTail(out, v);
        if (cut) out = `${out.slice(0, cut.at)}${REDACTED}${out.slice(cut.at + cut.len)}`;
    }
    return out;
}

/** `text` with credentials replaced: by shape, and by the value of every secret this process sent to a device. */
export function redact(text: string): string {
    return redactWith(text, registry());
}
