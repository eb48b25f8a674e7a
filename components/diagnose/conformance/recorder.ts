/**
 * A Session that records every request and answer (or error) for the report: a disagreement is shown with the raw
 * exchanges, so a user's report can become an emulator test. Texts pass the client's redaction (credentials scrubbed),
 * and a report is meant for a public issue: a collection answer keeps only the suite's partition's items (with a count
 * of those left out), device-info only the keys the scenario compares.
 */
import { isBigIpError, Session } from "../../bigip/rest/types";
import { redact } from "../../bigip/rest/redact";
import { Exchange } from "./types";

const scrub = (v: unknown): unknown => (v === undefined ? undefined : JSON.parse(redact(JSON.stringify(v))));

const DEVICE_INFO_KEYS = ["kind", "version", "build", "edition"];

/** What of an answer goes into a report: nothing of the device's own configuration or identity. */
export function trimAnswer(path: string, answer: unknown, partition: string): unknown {
    if (!answer || typeof answer !== "object" || Array.isArray(answer)) return answer;
    const a = answer as Record<string, unknown>;
    if (/identified-devices\/config\/device-info/.test(path)) return Object.fromEntries(DEVICE_INFO_KEYS.filter((k) => k in a).map((k) => [k, a[k]]));
    if (!Array.isArray(a.items)) return answer;
    const mine = a.items.filter((i) => (i as { partition?: unknown })?.partition === partition);
    return { ...a, items: mine, ...(mine.length < a.items.length ? { itemsLeftOut: a.items.length - mine.length } : {}) };
}

export function recording(s: Session, log: Exchange[], partition: string): Session {
    const record = async <T>(method: string, path: string, body: unknown, call: () => Promise<T>): Promise<T> => {
        try {
            const answer = await call();
            log.push({ method, path, ...(body !== undefined ? { body: scrub(body) } : {}), status: 200, answer: scrub(trimAnswer(path, answer, partition)) });
            return answer;
        } catch (e) {
            const status = isBigIpError(e) ? e.status : undefined;
            const answer = isBigIpError(e) ? e.deviceMessage || e.message : redact(e instanceof Error ? e.message : String(e));
            log.push({ method, path, ...(body !== undefined ? { body: scrub(body) } : {}), ...(status !== undefined ? { status } : {}), answer });
            throw e;
        }
    };
    const wrapped: Session = {
        get: (p, o) => record("GET", p, undefined, () => s.get(p, o)),
        tryGet: (p, o) => record("GET", p, undefined, () => s.tryGet(p, o)),
        post: (p, b, o) => record("POST", p, b, () => s.post(p, b, o)),
        patch: (p, b, o) => record("PATCH", p, b, () => s.patch(p, b, o)),
        put: (p, b, o) => record("PUT", p, b, () => s.put(p, b, o)),
        delete: (p, o) => record("DELETE", p, undefined, () => s.delete(p, o)),
        transaction: (action, fn, o) => s.transaction(action, (tx) => fn(recording(tx, log, partition)), o),
        get requestCount() { return s.requestCount; },
    };
    return wrapped;
}
