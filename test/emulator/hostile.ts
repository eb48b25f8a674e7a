/**
 * TEST-ONLY MISBEHAVIOURS — not device behaviour, and no source claims a BIG-IP does any of this. They model what a
 * hostile or broken peer on the management address (a compromised device, a proxy, a debugging server, someone else's
 * service on that port) may send, so the client's defences can be proven: an endless answer, a redirect elsewhere,
 * an answer that echoes the request (its headers, credentials included, and its body), and a crafted answer body. Off unless a test arms one
 * with `misbehave(match, m)`; each armed misbehaviour answers the next matching request(s) in place of the device,
 * before boot phases, faults and authentication (as a proxy in front of the device would).
 */
import { IncomingHttpHeaders, ServerResponse } from "http";

export type Misbehaviour =
    /**
     * A 200 JSON answer of `bytes` bytes (a collection with one enormous string), written as fast as the client reads
     * it, stopped when the client closes the connection. `announce`: send its Content-Length (else chunked).
     */
    | { readonly kind: "huge"; readonly bytes: number; readonly announce?: boolean }
    /** A redirect (`status` 3xx) to `location`, with a small HTML body as web servers send. */
    | { readonly kind: "redirect"; readonly status: number; readonly location: string }
    /**
     * An error answer (`status`, default 400) whose text echoes the request: method, path, every header, the body.
     * `json`: `{code, message: "<echo>"}` (the message carries the echo, as a device message would); `text`: the
     * echo as text/plain; `success`: a 200 JSON object `{kind: "echo", request: {...}}` (a success that is not the
     * answer asked for).
     */
    | { readonly kind: "echo"; readonly as: "json" | "text" | "success"; readonly status?: number }
    /**
     * A JSON answer with exactly `body` (status `status`, default 200): a crafted, wrongly typed answer (members not a
     * list, a member named "__proto__:0") in place of the device's, to prove the client checks each answer's shape.
     */
    | { readonly kind: "answer"; readonly body: unknown; readonly status?: number };

/** A request a misbehaviour answered by echoing it: what the client sent. */
export interface EchoedRequest {
    readonly method: string;
    readonly path: string;
    readonly headers: IncomingHttpHeaders;
    readonly body: string;
}

/** How much of a huge answer was written before the client closed the connection (or all of it). */
export interface HugeAnswer {
    readonly path: string;
    written: number;
    /** True once the connection closed or the whole answer was written. */
    done: boolean;
}

interface Armed { method?: string; path: RegExp; m: Misbehaviour; remaining: number }

const CHUNK = Buffer.alloc(1 << 20, "x");

/** The armed misbehaviours, and what they saw and sent (test-only; see the file's comment). */
export class Hostile {
    private armed: Armed[] = [];
    readonly echoed: EchoedRequest[] = [];
    readonly huge: HugeAnswer[] = [];

    /** Arms `m` for the next `times` requests matching (method, path regex). */
    arm(match: { method?: string; path: RegExp }, m: Misbehaviour, times = 1): void {
        this.armed.push({ method: match.method?.toUpperCase(), path: match.path, m, remaining: times });
    }

    /** Disarms every misbehaviour not used yet. */
    calm(): void {
        this.armed = [];
    }

    /** The misbehaviour armed for this request, if any (consumes one use). */
    take(method: string, path: string): Misbehaviour | undefined {
        const a = this.armed.find((x) => x.remaining > 0 && (!x.method || x.method === method) && (x.path.lastIndex = 0, x.path.test(path)));
        if (!a) return undefined;
        a.remaining--;
        this.armed = this.armed.filter((x) => x.remaining > 0);
        return a.m;
    }

    /** Answers in place of the device; returns the status written (for the log). */
    answer(m: Misbehaviour, req: { method: string; path: string; headers: IncomingHttpHeaders; body: string }, res: ServerResponse): number {
        switch (m.kind) {
            case "redirect": {
                const body = `<html><head><title>${m.status} Moved</title></head><body><a href="${m.location}">here</a></body></html>`;
                res.writeHead(m.status, { Location: m.location, "Content-Type": "text/html", "Content-Length": Buffer.byteLength(body) });
                res.end(body);
                return m.status;
            }
            case "echo": {
                this.echoed.push({ ...req });
                const head = Object.entries(req.headers).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : v}`).join("\n");
                const text = `${req.method} ${req.path}\n${head}\n\n${req.body}`;
                const status = m.as === "success" ? 200 : m.status ?? 400;
                const [type, payload] = m.as === "text" ? ["text/plain", text]
                    : m.as === "json" ? ["application/json", JSON.stringify({ code: status, message: text })]
                        : ["application/json", JSON.stringify({ kind: "echo", request: { ...req } })];
                res.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(payload) });
                res.end(payload);
                return status;
            }
            case "huge":
                this.stream(m, req.path, res);
                return 200;
            case "answer": {
                const payload = JSON.stringify(m.body);
                const status = m.status ?? 200;
                res.writeHead(status, { "Content-Type": "application/json; charset=UTF-8", "Content-Length": Buffer.byteLength(payload) });
                res.end(payload);
                return status;
            }
        }
    }

    private stream(m: { bytes: number; announce?: boolean }, path: string, res: ServerResponse): void {
        const rec: HugeAnswer = { path, written: 0, done: false };
        this.huge.push(rec);
        const head = Buffer.from('{"kind":"tm:ltm:pool:poolcollectionstate","items":[],"padding":"');
        const tail = Buffer.from('"}');
        const padding = Math.max(0, m.bytes - head.length - tail.length);
        res.writeHead(200, { "Content-Type": "application/json", ...(m.announce ? { "Content-Length": head.length + padding + tail.length } : {}) });
        let left = padding;
        let closed = false;
        res.on("close", () => { closed = true; rec.done = true; });
        const write = (b: Buffer): boolean => { rec.written += b.length; return res.write(b); };
        const pump = () => {
            while (!closed) {
                if (left === 0) {
                    write(tail);
                    res.end(() => { rec.done = true; });
                    return;
                }
                const n = Math.min(left, CHUNK.length);
                left -= n;
                if (!write(n === CHUNK.length ? CHUNK : CHUNK.subarray(0, n))) { res.once("drain", pump); return; }
            }
        };
        write(head);
        pump();
    }
}
