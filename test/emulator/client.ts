/** Plain HTTPS calls for the emulator's own tests (the product's REST client is tested against the emulator elsewhere). */
import { request } from "https";
import type { Emulator } from "./index";

export interface Res { status: number; body: any; text: string; contentType: string }

/** One request on a fresh connection; rejects on transport errors (reset, refused). */
export function call(e: Emulator, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
    const data = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
    return new Promise((resolve, reject) => {
        const req = request({
            host: e.host, port: e.port, method, path, agent: false, ca: e.certPem, servername: "localhost.localdomain",
            headers: { "Content-Type": "application/json", ...(data ? { "Content-Length": String(Buffer.byteLength(data)) } : {}), ...headers },
        }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("error", reject);
            res.on("end", () => {
                const text = Buffer.concat(chunks).toString("utf8");
                let parsed: unknown = text;
                try { parsed = text ? JSON.parse(text) : undefined; } catch { /* HTML or truncated */ }
                resolve({ status: res.statusCode ?? 0, body: parsed, text, contentType: String(res.headers["content-type"] ?? "") });
            });
        });
        req.on("error", reject);
        req.end(data);
    });
}

export const basic = (user = "admin", pw = "admin-pw") => ({ Authorization: `Basic ${Buffer.from(`${user}:${pw}`).toString("base64")}` });

export async function login(e: Emulator, username = "admin", password = "admin-pw"): Promise<Record<string, string>> {
    const r = await call(e, "POST", "/mgmt/shared/authn/login", { username, password, loginProviderName: "tmos" });
    if (r.status !== 200) throw new Error(`login failed: ${r.status} ${r.text}`);
    return { "X-F5-Auth-Token": r.body.token.token };
}

/** Expects an error answer with `status` and a message equal to (string) or matching (RegExp) `message`. */
export function expectError(r: Res, status: number, message: string | RegExp): void {
    if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${r.text}`);
    if (typeof message === "string" ? r.body?.message !== message : !message.test(String(r.body?.message))) {
        throw new Error(`expected message ${message}, got ${JSON.stringify(r.body?.message)}`);
    }
}

/** Logged-in calls below /mgmt/tm/ for one emulator (`e` and `h` are read at call time, once `before` has set them). */
export function tmCalls(box: { e: Emulator; h: Record<string, string> }) {
    return {
        post: (path: string, body: unknown) => call(box.e, "POST", `/mgmt/tm/${path}`, body, box.h),
        patch: (path: string, body: unknown) => call(box.e, "PATCH", `/mgmt/tm/${path}`, body, box.h),
        del: (path: string) => call(box.e, "DELETE", `/mgmt/tm/${path}`, undefined, box.h),
        get: (path: string) => call(box.e, "GET", `/mgmt/tm/${path}`, undefined, box.h),
    };
}

/** A capture from ../shared/fixtures/bigip. */
export { fixture } from "../helpers/fixtures";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
