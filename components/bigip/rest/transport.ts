/**
 * One HTTPS exchange with the device, over TLS connections that WE open and verify before the request is handed
 * a socket. Every mode (pin, CA, system CAs, insecure) uses the same path: `tls.connect` with
 * rejectUnauthorized:false, verification on 'secureConnect', and only then the socket goes to `https.request`
 * through a per-session keep-alive Agent whose `createConnection` calls back with the verified socket. So not one
 * byte of HTTP (credentials included) is written to a peer that failed the check.
 *
 * Node modules are `require`d inside functions and agents/sockets live only inside one Transport, because this
 * code is serialized by value into dynamic-provider state (pulumi-practices §1.3).
 */
import type * as httpsT from "https";
import type * as tlsT from "tls";
import { classifyTransportError, RetryPolicy, TransportFailure } from "./errors";
import { BigIpConnection, BigIpTls } from "./types";

/** BigIpConnection with defaults applied. */
export interface Resolved {
    readonly host: string;
    readonly port: number;
    /** `host:port`, as used in messages and as the readiness key. */
    readonly where: string;
    readonly username: string;
    readonly auth: "token" | "basic";
    readonly tls: BigIpTls;
    readonly requestTimeoutMs: number;
    readonly readinessTimeoutMs: number;
    readonly readinessIntervalMs: number;
    readonly retry: RetryPolicy;
}

export function resolveConnection(c: BigIpConnection): Resolved {
    if (!c || !c.host) throw new Error("BIG-IP connection: host is required");
    if (!c.username) throw new Error(`BIG-IP ${c.host}: username is required`);
    const port = c.port ?? 443;
    const tls = c.tls ?? {};
    const pinned = tls.pinnedAtFirstBoot;
    if (pinned !== undefined && typeof pinned !== "boolean") throw new Error(`BIG-IP ${c.host}: tls.pinnedAtFirstBoot must be true or false`);
    if (pinned && !tls.fingerprint256) {
        throw new Error(`BIG-IP ${c.host}: tls.pinnedAtFirstBoot needs tls.fingerprint256, the SHA-256 fingerprint of the certificate the device's first boot installs`);
    }
    const pos = (v: number | undefined, d: number) => (typeof v === "number" && Number.isFinite(v) && v > 0 ? v : d);
    return {
        host: c.host,
        port,
        where: `${c.host}:${port}`,
        username: c.username,
        auth: c.auth === "basic" ? "basic" : "token",
        tls,
        requestTimeoutMs: pos(c.requestTimeoutMs, 30_000),
        readinessTimeoutMs: pos(c.readinessTimeoutMs, 20 * 60_000),
        // Capped: a long interval would delay the first change well past the moment the device became ready.
        readinessIntervalMs: Math.min(pos(c.readinessIntervalMs, 2_000), 5_000),
        retry: {
            attempts: Math.max(1, Math.floor(pos(c.retry?.attempts, 8))),
            baseDelayMs: pos(c.retry?.baseDelayMs, 250),
            maxDelayMs: pos(c.retry?.maxDelayMs, 5_000),
        },
    };
}

/** The password, read at call time so rotated credentials reach `destroy` via the environment. */
export function resolvePassword(c: BigIpConnection): string {
    const p = c.password ?? process.env.BIGIP_PASSWORD;
    if (p === undefined || p === "") {
        throw new Error(`BIG-IP ${c.host}: no password (set connection.password or BIGIP_PASSWORD)`);
    }
    return p;
}

export interface WireRequest {
    readonly method: string;
    /** Absolute path including query, e.g. `/mgmt/tm/sys/ready`. */
    readonly path: string;
    readonly headers: Record<string, string>;
    readonly body?: string;
    readonly timeoutMs: number;
}

export interface WireResponse {
    readonly status: number;
    readonly contentType: string;
    readonly text: string;
    /** The `Location` header (redirects), when there is one. */
    readonly location?: string;
}

/**
 * The largest answer this client reads from a device: 64 MiB. Everything up to it is buffered (and then parsed), so it
 * bounds the memory a device — or whatever answers on its address — can make us spend: about 5–8 times the body, some
 * 300–500 MB at the cap, where an unbounded read crashed the process past 512 MiB (V8's longest string). It is far above
 * any real answer: the largest this package asks for are whole collections (every pool with its members expanded, for
 * the doctor), about 1 KB per pool and 0.7 KB per member in the 14.1.2.1 captures, so 64 MiB is some 90 000 members;
 * and restjavad itself runs out of memory serializing answers of about 200 MB, F5 suggesting 5 MB as a starting value
 * for its own maxMessageBodySize (F5 bug 554659). A longer answer is aborted (the connection is closed) and the request
 * fails, not retried, with an error naming its URL and this cap.
 */
export const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

/** `64 MiB`, `1.5 MiB`, `900 bytes`. */
export function showBytes(n: number): string {
    if (n < 1024 * 1024) return `${n} bytes`;
    const mib = n / (1024 * 1024);
    return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
}

export interface Transport {
    /** Resolves with any HTTP answer; rejects with an Error carrying `bigipTransport: TransportFailure`. */
    send(req: WireRequest): Promise<WireResponse>;
    close(): void;
}

function fail(f: TransportFailure): Error {
    return Object.assign(new Error(f.message), { code: f.code, bigipTransport: f });
}

function normFp(fp: string): string {
    return fp.replace(/[^0-9a-f]/gi, "").toUpperCase();
}

/** The TransportFailure code of a certificate that is not the one `tls.fingerprint256` pins. */
export const PIN_MISMATCH = "ECERTPIN";

/** A pin mismatch: nothing was sent; `presented256` is what the device presented (`(none)`: no certificate). */
export interface PinMismatch extends TransportFailure { readonly code: typeof PIN_MISMATCH; readonly presented256: string }

/**
 * Why the peer must not get our request (nothing was sent), or undefined when it passed. A pin mismatch with
 * `tls.pinnedAtFirstBoot`, while this process has not seen the device ready, is its first boot not finished yet (it
 * installs the pinned certificate last): transient, so that readiness waits for it.
 */
function checkPeer(r: Resolved, s: tlsT.TLSSocket): TransportFailure | undefined {
    const tls: typeof tlsT = require("tls");
    const cert = s.getPeerCertificate();
    const fp = cert && cert.fingerprint256;
    const show = fp ? ` The device certificate's SHA-256 fingerprint is ${fp}.` : "";
    const refuse = (message: string): TransportFailure => ({ code: "ECERT", message, sent: false, transient: false, certificate: true });
    if (r.tls.fingerprint256 && (!fp || normFp(fp) !== normFp(r.tls.fingerprint256))) {
        // Required here, not imported: readiness.ts imports this module.
        const { isKnownReady } = require("./readiness") as typeof import("./readiness");
        const pending = r.tls.pinnedAtFirstBoot === true && !isKnownReady(r.where);
        const presented256 = fp || "(none)";
        const mismatch: PinMismatch = { code: PIN_MISMATCH, presented256, sent: false, transient: pending, certificate: true, message: pending
            ? `the device presents certificate SHA-256 ${presented256}, not the pinned ${r.tls.fingerprint256} that its first boot ` +
              "installs (tls.pinnedAtFirstBoot): its first boot has not finished, or something else answers here; nothing was sent to it."
            : `certificate fingerprint mismatch: the device presented SHA-256 ${presented256}, ` +
              `but tls.fingerprint256 pins ${r.tls.fingerprint256}; refusing to send credentials.` +
              // An object of a BIG-IP the stack created (provider/index.ts afterFirstBoot): say what to check.
              (r.tls.pinnedAtFirstBoot === false ? " If this BIG-IP was just replaced, its first boot may still be running (wait, then " +
                  "retry); if it was created by 0.2.0, set bigipTlsFingerprint to the fingerprint 0.2.0 pinned (README, Upgrading from 0.2.0)." : "") };
        return mismatch;
    }
    if (r.tls.caPem) {
        if (!s.authorized) return refuse(`certificate not trusted by tls.caPem (${s.authorizationError}).${show}`);
        if (r.tls.serverName) {
            const e = tls.checkServerIdentity(r.tls.serverName, cert);
            if (e) return refuse(`certificate does not match tls.serverName: ${e.message}.${show}`);
        }
        return undefined;
    }
    if (r.tls.fingerprint256 || r.tls.insecure === true) return undefined;
    // No trust configured: system CAs plus host-name check, exactly what rejectUnauthorized:true would do.
    const hint = `${show} BIG-IP management certificates are usually self-signed: pin it with ` +
        `tls.fingerprint256 (after checking it out of band, e.g. on the console with ` +
        `"openssl x509 -in /config/httpd/conf/ssl.crt/server.crt -noout -fingerprint -sha256"), or give tls.caPem.`;
    if (!s.authorized) {
        const why = String(s.authorizationError ?? "unknown");
        const selfSigned = /SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|CERT_UNTRUSTED/i.test(why);
        return refuse(`certificate is not trusted (${why}${selfSigned ? ": self-signed or unknown issuer" : ""}).${hint}`);
    }
    const idErr = tls.checkServerIdentity(r.tls.serverName ?? r.host, cert);
    return idErr ? refuse(`certificate does not match the host name: ${idErr.message}.${hint}`) : undefined;
}

/** Opens a TLS connection and resolves only after the peer passed `checkPeer`. */
export function verifiedConnect(r: Resolved, timeoutMs: number, track?: Set<tlsT.TLSSocket>): Promise<tlsT.TLSSocket> {
    const tls: typeof tlsT = require("tls");
    const net: typeof import("net") = require("net");
    return new Promise((resolve, reject) => {
        const serverName = r.tls.serverName ?? (net.isIP(r.host) ? undefined : r.host);
        const s = tls.connect({
            host: r.host,
            port: r.port,
            servername: serverName,
            ca: r.tls.caPem,
            rejectUnauthorized: false, // we verify ourselves on 'secureConnect', before any byte is written
            // `authorized` then reflects the chain only; checkPeer decides about names per mode.
            checkServerIdentity: () => undefined,
            ALPNProtocols: ["http/1.1"],
        });
        track?.add(s);
        // Declared before use: the closure serializer cannot resolve names used ahead of their `const`.
        let timer: ReturnType<typeof setTimeout> | undefined = undefined;
        let settled = false;
        const settle = (err?: Error) => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            track?.delete(s);
            if (err) { s.destroy(); reject(err); } else resolve(s);
        };
        // Stays attached (no-op once settled): the request adds its own listener when it takes the socket.
        const onError = (e: any) => settle(fail(classifyTransportError(e, false)));
        timer = setTimeout(() => settle(fail({
            code: "ETIMEOUT", message: `TLS connect timed out after ${timeoutMs} ms`, sent: false, transient: true,
        })), timeoutMs);
        s.on("error", onError);
        s.once("secureConnect", () => {
            const problem = checkPeer(r, s);
            settle(problem && fail(problem));
        });
    });
}

/** A keep-alive Transport for one session; `close()` drops every socket it opened. */
export function createTransport(r: Resolved): Transport {
    const https: typeof httpsT = require("https");
    const pending = new Set<tlsT.TLSSocket>();
    // Few sockets: BIG-IP's restjavad is slow to accept many parallel connections. A shared session (rest/shared.ts)
    // carries every resource of a run, so requests may queue here: the request timeout starts when a socket is assigned.
    const agent = new https.Agent({ keepAlive: true, maxSockets: 4, timeout: 4_000 });
    (agent as any).createConnection = (opts: any, cb: (err: Error | null, s?: tlsT.TLSSocket) => void) => {
        verifiedConnect(r, opts.bigipConnectTimeoutMs ?? r.requestTimeoutMs, pending).then((s) => cb(null, s), (e) => cb(e));
        return undefined; // Agent waits for the callback
    };
    return {
        send: (req) => new Promise<WireResponse>((resolve, reject) => {
            let sent = false;
            let finished = false;
            let timer: ReturnType<typeof setTimeout> | undefined = undefined;
            const finish = (err?: Error, res?: WireResponse) => {
                if (finished) return;
                finished = true;
                clearTimeout(timer);
                if (err) reject(err); else resolve(res!);
            };
            const headers: Record<string, string> = { Accept: "application/json", ...req.headers };
            if (req.body !== undefined) {
                headers["Content-Type"] = "application/json";
                headers["Content-Length"] = String(Buffer.byteLength(req.body));
            }
            const cr = https.request({
                host: r.host, port: r.port, method: req.method, path: req.path, headers, agent,
                bigipConnectTimeoutMs: req.timeoutMs,
            } as any, (res) => {
                const chunks: Buffer[] = [];
                let size = 0;
                // Too long (announced, or as it arrives): fail, and close the connection rather than read the rest.
                const tooLong = (announced?: number) => {
                    const url = `https://${r.host.includes(":") ? `[${r.host}]` : r.host}:${r.port}${req.path}`;
                    const cap = `${showBytes(MAX_ANSWER_BYTES)}, the most this client reads from a device (no real iControl REST answer comes near it)`;
                    finish(fail({ code: "ETOOLARGE", sent: true, transient: false, message: announced !== undefined
                        ? `the answer to ${req.method} ${url} announced ${showBytes(announced)} (Content-Length), more than ${cap}: the connection was closed without reading it`
                        : `the answer to ${req.method} ${url} went past ${cap}: the connection was closed without reading the rest` }));
                    chunks.length = 0;
                    res.destroy();
                    cr.destroy();
                };
                const announced = Number(res.headers["content-length"]);
                if (Number.isFinite(announced) && announced > MAX_ANSWER_BYTES) { tooLong(announced); return; }
                res.on("data", (c: Buffer) => {
                    if (finished) return;
                    size += c.length;
                    if (size > MAX_ANSWER_BYTES) tooLong(); else chunks.push(c);
                });
                res.on("end", () => finish(undefined, {
                    status: res.statusCode ?? 0,
                    contentType: String(res.headers["content-type"] ?? ""),
                    text: Buffer.concat(chunks).toString("utf8"),
                    ...(typeof res.headers.location === "string" ? { location: res.headers.location } : {}),
                }));
                res.on("error", (e) => finish(fail(classifyTransportError(e, true))));
                res.on("aborted", () => finish(fail(classifyTransportError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }), true))));
            });
            const expire = (f: TransportFailure) => { finish(fail(f)); cr.destroy(fail(f)); };
            // Waiting for a free connection (nothing sent yet, so retrying is safe) is bounded on its own.
            timer = setTimeout(() => expire({ code: "ETIMEOUT", message: `no free connection within ${4 * req.timeoutMs} ms`, sent: false, transient: true }),
                4 * req.timeoutMs);
            // The socket is handed over only after verification, so from here on the request may be on the wire.
            cr.on("socket", () => {
                sent = true;
                clearTimeout(timer);
                timer = setTimeout(() => expire({ code: "ETIMEOUT", message: `no answer within ${req.timeoutMs} ms (request timeout)`, sent, transient: true }),
                    req.timeoutMs);
            });
            cr.on("error", (e) => finish(fail(classifyTransportError(e, sent))));
            if (req.body !== undefined) cr.write(req.body);
            cr.end();
        }),
        close: () => {
            agent.destroy();
            for (const s of pending) s.destroy();
            pending.clear();
        },
    };
}
