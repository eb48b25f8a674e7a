/**
 * Canaries for issue 14, security 3: a password that differs from its JSON-escaped form, and every credential a client
 * sent in the requests the emulator's `echo` misbehaviour answered, which no error or output may carry.
 */
import * as assert from "node:assert/strict";
import { Emulator } from "../emulator";

/** A password with a quote and a backslash: JSON-escaped in an echoed body, it differs from the literal. */
export const CANARY_PASSWORD = 'Canary"pw\\7Qx';

/** Every credential the client sent in the requests the emulator echoed: header values, the password, their encodings. */
export function canaries(e: Emulator, password = CANARY_PASSWORD): string[] {
    const out = new Set<string>([password, JSON.stringify(password).slice(1, -1), Buffer.from(`admin:${password}`).toString("base64")]);
    for (const r of e.echoed()) {
        for (const [k, v] of Object.entries(r.headers)) {
            if (/^(authorization|x-f5-auth-token)$/i.test(k) && typeof v === "string") {
                out.add(v);
                out.add(v.replace(/^Basic\s+/i, ""));
            }
        }
    }
    return [...out];
}

/** Fails naming (the start of) the canary when `text` carries one. */
export function assertClean(text: string, secrets: string[], what: string): void {
    for (const c of secrets) assert.ok(!text.includes(c), `${what} carries a credential (${c.slice(0, 3)}…): ${text}`);
}

/** Everything an error carries as text. */
export const errorTexts = (err: any): string => [err?.message, err?.stack, err?.deviceMessage, err?.action, String(err)].join("\n");
