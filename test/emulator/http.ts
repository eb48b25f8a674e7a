/**
 * One HTTP request, in the order a device's layers would answer it: boot state, injected failures,
 * authentication, then routing (auth endpoints, transactions, /mgmt/tm). Every request is logged. A test-only
 * misbehaviour (hostile.ts) armed for a request answers it before all of these, as a proxy in front would.
 */
import { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "http";
import { Duplex } from "stream";
import { Auth } from "./auth";
import { parseRoute, Resp } from "./config";
import { Device, DeviceState } from "./device";
import { DeviceError, mcpdError, invalidJson, methodNotAllowed, notFound, notRegistered, TRANSIENT } from "./errors";
import { deviceInfo } from "./deviceInfo";
import { Boot, BootPhase, FaultDecision, faultAnswer, Faults } from "./faults";
import { Hostile } from "./hostile";
import { Transactions } from "./transactions";

export interface LogEntry {
    method: string; path: string; query: string; status: number | "reset" | "refused";
    coordinationId?: string; fault?: string; authed?: string; body?: unknown;
}

/** Readiness endpoints of the REST framework itself (reference §1.12): 200 `{}` when up. */
const SHARED_UP = new Set(["/mgmt/shared/echo/available", "/mgmt/shared/echo", "/mgmt/shared/echo-query",
    "/mgmt/shared/identified-devices/config/device-info/available", "/mgmt/shared/iapp/package-management-tasks/available"]);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readBody(req: IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        req.on("error", reject);
    });
}

export class Pipeline {
    readonly log: LogEntry[] = [];

    constructor(private readonly device: Device, private readonly auth: Auth, private readonly tx: Transactions,
        private readonly faults: Faults, private readonly boot: Boot, private readonly latencyMs = 0,
        private readonly hostile = new Hostile()) {}

    /** Before TLS: while "refused", the socket is dropped at once (nothing listens yet). */
    onConnection(socket: Duplex): void {
        if (this.boot.current() !== "refused") return;
        this.log.push({ method: "", path: "", query: "", status: "refused" });
        socket.destroy();
    }

    async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
        const url = new URL(req.url ?? "/", "https://localhost");
        const method = (req.method ?? "GET").toUpperCase();
        const entry: LogEntry = { method, path: url.pathname, query: url.search.replace(/^\?/, ""), status: 0 };
        const coord = req.headers["x-f5-rest-coordination-id"];
        if (typeof coord === "string" && coord !== "") entry.coordinationId = coord;
        this.log.push(entry);
        const phase = this.boot.current();
        if (phase === "refused") {
            entry.status = "refused";
            req.socket.destroy();
            return;
        }
        const text = await readBody(req).catch(() => "");
        let body: unknown, badJson = false;
        if (text.trim() !== "") {
            try { body = JSON.parse(text); } catch { badJson = true; }
        }
        if (body !== undefined) entry.body = body;
        const bad = this.hostile.take(method, url.pathname);
        if (bad) {
            entry.fault = `misbehave:${bad.kind}`;
            entry.status = this.hostile.answer(bad, { method, path: `${url.pathname}${url.search}`, headers: req.headers, body: text }, res);
            return;
        }
        const other = this.faults.takeInterleaved(method, url.pathname);
        if (other) await other(); // a concurrent writer lands first

        let answer: Resp | DeviceError | "reset";
        let fault: FaultDecision | undefined;
        try {
            const bootError = phase && this.bootAnswer(phase, method, url.pathname);
            if (bootError) throw bootError;
            const hard = this.faults.takeHard(method, url.pathname);
            if (hard) {
                entry.fault = "failNext";
                throw hard;
            }
            fault = phase ? undefined : this.faults.decide(url.pathname);
            if (fault) entry.fault = fault.kind;
            if (fault && !fault.after && fault.kind !== "latency") {
                answer = faultAnswer(fault.kind, url.pathname);
            } else {
                if (badJson) throw invalidJson();
                answer = this.route(method, url, req.headers, body, entry, { notReady: phase === "notReady" });
            }
        } catch (e) {
            answer = e instanceof DeviceError ? e
                : mcpdError(500, `emulator internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}`, 0);
        }
        // "after": the write happened, then the answer is lost — the ambiguous case.
        if (fault?.after && fault.kind !== "latency") answer = faultAnswer(fault.kind, url.pathname);
        if (fault?.kind === "latency") await sleep(this.faults.latencyMs);
        if (this.latencyMs > 0) await sleep(this.latencyMs); // the link's round trip (option latencyMs)
        this.send(res, entry, answer);
    }

    private send(res: ServerResponse, entry: LogEntry, answer: Resp | DeviceError | "reset"): void {
        if (answer === "reset") {
            entry.status = "reset";
            res.socket?.destroy();
            return;
        }
        let payload = "", type = "application/json; charset=UTF-8";
        if (answer instanceof DeviceError) {
            payload = answer.raw ?? JSON.stringify(answer.body);
            if (answer.raw !== undefined) type = answer.contentType;
        } else if (answer.body !== undefined) {
            payload = JSON.stringify(answer.body);
        }
        entry.status = answer.status;
        res.writeHead(answer.status, { "Content-Type": type, "Content-Length": Buffer.byteLength(payload) });
        res.end(payload);
    }

    /** How a booting device answers (reference §1.12), or undefined when this layer is already up. */
    private bootAnswer(phase: BootPhase, method: string, path: string): DeviceError | undefined {
        const tm = path.startsWith("/mgmt/tm/");
        switch (phase) {
            case "restjavad": return TRANSIENT.restarting503();
            case "notRegistered": return tm ? TRANSIENT.notRegistered404(path) : undefined;
            case "mcpd": {
                if (!tm) return undefined;
                const rt = method === "GET" ? parseRoute(path.slice("/mgmt/tm/".length)) : undefined;
                // A GET of one object answers the (transient) "not found" while mcpd restarts (RESTGO).
                return rt?.obj && !rt.sub ? notFound(rt.spec.label, rt.obj) : TRANSIENT.mcpdLost500();
            }
            case "notReady":
                return path === "/mgmt/tm/sys/available" || (tm && method !== "GET") ? TRANSIENT.unavailable503(path) : undefined;
            default: return undefined;
        }
    }

    private route(method: string, url: URL, headers: IncomingHttpHeaders, body: unknown, entry: LogEntry, state: DeviceState): Resp {
        const path = url.pathname.replace(/\/+$/, "") || "/";
        if (path === "/mgmt/shared/authn/login") {
            if (method !== "POST") throw methodNotAllowed(method, path);
            return { status: 200, body: this.auth.login(body) };
        }
        entry.authed = this.auth.authenticate(headers, url.pathname);
        const tok = /^\/mgmt\/shared\/authz\/tokens\/([^/]+)$/.exec(path);
        if (tok) return { status: 200, body: this.auth.tokenRequest(method, tok[1], body) };
        if (SHARED_UP.has(path)) {
            if (method !== "GET") throw methodNotAllowed(method, path);
            return { status: 200, body: {} };
        }
        if (path === "/mgmt/shared/identified-devices/config/device-info") {
            if (method !== "GET") throw methodNotAllowed(method, path);
            return { status: 200, body: deviceInfo(this.device.version, "0.0.4", "Point Release 1") };
        }
        if (!path.startsWith("/mgmt/tm/")) throw notRegistered(path);
        const tmPath = path.slice("/mgmt/tm/".length);
        if (tmPath === "transaction" || tmPath.startsWith("transaction/")) {
            // f5-sdk drops the header before committing; a commit inside its own transaction cannot work (guessed text).
            if (entry.coordinationId) throw mcpdError(400, "Transaction resources cannot be used inside a transaction.", 1);
            return this.tx.handle(method, tmPath.split("/").slice(1), body, state);
        }
        if (entry.coordinationId && method !== "GET") {
            return this.tx.queue(entry.coordinationId, method, tmPath, url.search.replace(/^\?/, ""), body, state);
        }
        return this.device.tm(method, tmPath, url.searchParams, body, false, state);
    }
}
