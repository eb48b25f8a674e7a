/**
 * Pure parsers for iControl REST answers, checked against real 14.1.2.1 captures (shared/fixtures/bigip).
 */

export interface LoginResult {
    readonly token: string;
    /** Token lifetime in seconds (device default 1200). */
    readonly timeoutSeconds?: number;
    /** Absolute expiry (µs since epoch) when the device reports it. */
    readonly expirationMicros?: number;
}

/** POST /mgmt/shared/authn/login answer → token. Throws when the body carries no token. */
export function parseLoginResponse(json: any): LoginResult {
    const t = json?.token;
    const token = typeof t === "string" ? t : typeof t?.token === "string" ? t.token : undefined;
    if (!token) throw new Error("login answer carries no token (expected token.token)");
    const timeout = Number(t?.timeout);
    const exp = Number(t?.expirationMicros);
    return {
        token,
        timeoutSeconds: Number.isFinite(timeout) && timeout > 0 ? timeout : undefined,
        expirationMicros: Number.isFinite(exp) && exp > 0 ? exp : undefined,
    };
}

export type StatValue = string | number;

/** One `entries.<link>.nestedStats.entries` block flattened to `{ name: description | value }`. */
export interface StatsEntry {
    readonly link: string;
    readonly values: Readonly<Record<string, StatValue>>;
}

/**
 * `*stats` answers (sys/ready, sys/version, net/clone-stats…): one StatsEntry per top-level entry. Values are the
 * `description` (text) or `value` (number) of each stat; deeper nestedStats are flattened with dotted names.
 */
export function parseStats(json: any): StatsEntry[] {
    const entries = json?.entries;
    if (!entries || typeof entries !== "object") return [];
    return Object.entries(entries).map(([link, e]: [string, any]) => {
        const values: Record<string, StatValue> = {};
        flattenStats(e?.nestedStats?.entries ?? {}, "", values);
        return { link, values };
    });
}

function flattenStats(entries: any, prefix: string, out: Record<string, StatValue>): void {
    for (const [k, v] of Object.entries<any>(entries ?? {})) {
        const name = prefix + k;
        if (v && typeof v === "object" && "description" in v) out[name] = String(v.description);
        else if (v && typeof v === "object" && "value" in v) out[name] = Number(v.value);
        else if (v?.nestedStats?.entries) flattenStats(v.nestedStats.entries, `${name}.`, out);
    }
}

export interface ReadyState {
    /** True when there is at least one flag and every flag is `yes`. */
    readonly ready: boolean;
    /** e.g. `{ configReady: "yes", licenseReady: "yes", provisionReady: "no" }` */
    readonly flags: Readonly<Record<string, string>>;
}

/** GET /mgmt/tm/sys/ready → are configReady/licenseReady/provisionReady all `yes`? */
export function parseReady(json: any): ReadyState {
    const flags: Record<string, string> = {};
    for (const e of parseStats(json)) for (const [k, v] of Object.entries(e.values)) flags[k] = String(v);
    const names = Object.keys(flags);
    return { ready: names.length > 0 && names.every((k) => flags[k] === "yes"), flags };
}

/** `configReady=yes, licenseReady=no` for messages. */
export function describeReady(s: ReadyState): string {
    return Object.entries(s.flags).map(([k, v]) => `${k}=${v}`).join(", ") || "no readiness flags";
}

/** GET /mgmt/tm/sys/version → `14.1.2.1` (falls back to `?ver=` in selfLink). */
export function parseVersion(json: any): string | undefined {
    for (const e of parseStats(json)) {
        const v = e.values.Version;
        if (v !== undefined) return String(v);
    }
    return /[?&]ver=([0-9.]+)/.exec(String(json?.selfLink ?? ""))?.[1];
}

/**
 * Any collection answer (`…collectionstate`, or an expanded `*Reference` sub-collection) → its items. An empty
 * collection may omit `items` entirely; that is `[]`. Throws on something that is not a collection.
 */
export function parseCollection<T = any>(json: any): T[] {
    if (!json || typeof json !== "object" || Array.isArray(json)) throw new Error("collection answer is not an object");
    if (json.items === undefined) {
        if (typeof json.kind === "string" && !/collectionstate$/.test(json.kind)) {
            throw new Error(`expected a collection, got kind ${json.kind}`);
        }
        return [];
    }
    if (!Array.isArray(json.items)) throw new Error("collection `items` is not an array");
    return json.items as T[];
}
