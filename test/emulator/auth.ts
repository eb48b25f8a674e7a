/**
 * Token and Basic authentication (reference §1.9): login, per-user token limit, expiry, extension, logout.
 */
import { createHash, randomBytes } from "crypto";
import { IncomingHttpHeaders } from "http";
import { DeviceError, REFERER, restError, TRANSIENT } from "./errors";

interface Token { token: string; user: string; timeout: number; startMs: number; expiresMs: number; updatedMs: number; generation: number; deleted: boolean }

/** Device-style token: 26 characters of upper-case base32, like the fixture's. */
function newToken(): string {
    const a = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    return [...randomBytes(26)].map((b) => a[b & 31]).join("");
}

/** A stable UUID per name (the device's user and provider ids). */
function uuidOf(name: string): string {
    const h = createHash("sha1").update(name).digest("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** `2020-06-25T17:49:47.671+0000`, the fixture's startTime format. */
const deviceTime = (ms: number) => new Date(ms).toISOString().replace("Z", "+0000");

/**
 * The refusal of a correct password that has expired, verbatim from F5Networks/terraform-aws-bigip-module#12 (a 16.1.2.2
 * PAYG image answered it to every REST request, `/mgmt/shared/authz/users` included). *Inference*: status 401 and the
 * REST-framework body (the issue quotes the message only).
 */
export const PASSWORD_EXPIRED = "Authentication failed: Password expired. Update password via /mgmt/shared/authz/users";

/** Maximum token timeout: 36000 s (f5-ansible#2199). */
const MAX_TIMEOUT = 36000;

export class Auth {
    private tokens = new Map<string, Token>();

    /** `expired`: users whose (correct) password has expired — every login or Basic request of theirs is refused. */
    constructor(private readonly users: Record<string, string>, private readonly timeoutSec: number, private readonly maxTokens: number,
        private readonly expired: ReadonlySet<string> = new Set()) {}

    private live(t: Token, now = Date.now()): boolean {
        return !t.deleted && now < t.expiresMs;
    }

    activeTokens(user?: string): number {
        return [...this.tokens.values()].filter((t) => this.live(t) && (user === undefined || t.user === user)).length;
    }

    expireAll(): void {
        const now = Date.now();
        for (const t of this.tokens.values()) if (!t.deleted) t.expiresMs = Math.min(t.expiresMs, now - 1);
    }

    private item(t: Token): Record<string, unknown> {
        return {
            token: t.token, name: t.token, userName: t.user, authProviderName: "tmos",
            user: { link: `https://localhost/mgmt/shared/authz/users/${t.user}` },
            timeout: t.timeout, startTime: deviceTime(t.startMs), address: REFERER, partition: "[All]",
            generation: t.generation, lastUpdateMicros: t.updatedMs * 1000, expirationMicros: t.expiresMs * 1000,
            kind: "shared:authz:tokens:authtokenitemstate", selfLink: `https://localhost/mgmt/shared/authz/tokens/${t.token}`,
        };
    }

    /** POST /mgmt/shared/authn/login. */
    login(body: unknown): Record<string, unknown> {
        const b = (body ?? {}) as Record<string, unknown>;
        const user = typeof b.username === "string" ? b.username : "";
        const provider = b.loginProviderName ?? "tmos";
        if (provider !== "tmos" || !Object.prototype.hasOwnProperty.call(this.users, user) || this.users[user] !== b.password) {
            throw restError(401, "Authentication failed.");
        }
        if (this.expired.has(user)) throw restError(401, PASSWORD_EXPIRED);
        if (this.activeTokens(user) >= this.maxTokens) throw restError(400, `user ${uuidOf(`user:${user}`)} has reached maximum active login tokens`);
        const now = Date.now();
        const t: Token = { token: newToken(), user, timeout: this.timeoutSec, startMs: now, expiresMs: now + this.timeoutSec * 1000, updatedMs: now, generation: 1, deleted: false };
        this.tokens.set(t.token, t);
        return {
            generation: 0, lastUpdateMicros: 0, loginProviderName: "tmos",
            loginReference: { link: `https://localhost/mgmt/cm/system/authn/providers/tmos/${uuidOf("provider:tmos")}/login` },
            token: this.item(t), username: user,
        };
    }

    /** The user a request acts as, from X-F5-Auth-Token or Basic credentials. */
    authenticate(headers: IncomingHttpHeaders, path: string): string {
        const tok = headers["x-f5-auth-token"];
        if (typeof tok === "string" && tok !== "") {
            const t = this.tokens.get(tok);
            if (!t || t.deleted) throw restError(401, "X-F5-Auth-Token does not exist.");
            if (!this.live(t)) throw restError(401, "X-F5-Auth-Token has expired.");
            return t.user;
        }
        const m = /^Basic\s+(.+)$/i.exec(headers.authorization ?? "");
        if (m) {
            const text = Buffer.from(m[1], "base64").toString("utf8");
            const i = text.indexOf(":");
            const user = text.slice(0, i), pw = text.slice(i + 1);
            if (i > 0 && Object.prototype.hasOwnProperty.call(this.users, user) && this.users[user] === pw) {
                if (this.expired.has(user)) throw restError(401, PASSWORD_EXPIRED);
                return user;
            }
            throw restError(401, "Authentication failed.");
        }
        throw TRANSIENT.noAuth401(path);
    }

    /** GET / PATCH {timeout} / DELETE on /mgmt/shared/authz/tokens/<token>. */
    tokenRequest(method: string, token: string, body: unknown): Record<string, unknown> | undefined {
        const t = this.tokens.get(token);
        if (!t || !this.live(t)) throw restError(404, `Object not found - /shared/authz/tokens/${token}`); // guessed text
        if (method === "GET") return this.item(t);
        if (method === "DELETE") {
            t.deleted = true;
            return this.item(t);
        }
        if (method === "PATCH") {
            const timeout = (body as Record<string, unknown> | undefined)?.timeout;
            if (typeof timeout !== "number" || !Number.isInteger(timeout) || timeout <= 0 || timeout > MAX_TIMEOUT) {
                throw restError(400, `invalid timeout ${JSON.stringify(timeout ?? null)}: must be 1..${MAX_TIMEOUT} seconds`); // guessed text
            }
            const now = Date.now();
            Object.assign(t, { timeout, expiresMs: now + timeout * 1000, updatedMs: now, generation: t.generation + 1 });
            return this.item(t);
        }
        throw new DeviceError(405, { code: 405, message: `Method ${method} not allowed`, referer: REFERER, kind: ":resterrorresponse" });
    }
}
