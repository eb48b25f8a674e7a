/**
 * iControl transactions (reference §1.10): writes carrying X-F5-REST-Coordination-Id are syntax-checked and
 * queued; PATCH {state: "VALIDATING"} applies them in order, all or nothing.
 */
import { Resp } from "./config";
import { Device, DeviceState } from "./device";
import { DeviceError, mcpdError, methodNotAllowed } from "./errors";

interface Command { method: string; tmPath: string; query: string; body: unknown; evalOrder: number; commandId: number }

interface Tx {
    id: number; state: "STARTED" | "VALIDATING" | "COMPLETED" | "FAILED"; createdMs: number;
    validateOnly: boolean; executionTime: number; failureReason: string; commands: Command[];
}

/** Guessed texts except "Missing transaction ID…" and "there is no command…" (reference §1.10). */
const missing = () => mcpdError(404, "Missing transaction ID for this call.", 1);

export class Transactions {
    private txs = new Map<number, Tx>();
    private lastId = 0;
    /** Test hook: the next commits answer VALIDATING at once and apply after this many ms (see `slowCommits`). */
    private slow: number[] = [];

    constructor(private readonly device: Device, private readonly timeoutSec: number) {}

    private link(path: string): string {
        return this.device.render.link(path);
    }

    /** Open transactions older than their timeout are silently deleted; finished ones keep their final state. */
    private purge(): void {
        const now = Date.now();
        for (const [id, t] of this.txs) {
            if (t.state === "STARTED" && now - t.createdMs >= this.timeoutSec * 1000) this.txs.delete(id);
        }
    }

    private find(idText: string): Tx {
        this.purge();
        const tx = /^\d+$/.test(idText) ? this.txs.get(Number(idText)) : undefined;
        if (!tx) throw missing();
        return tx;
    }

    private render(t: Tx): Record<string, unknown> {
        return {
            transId: t.id, state: t.state, timeoutSeconds: this.timeoutSec, asyncExecution: false, validateOnly: t.validateOnly,
            executionTimeout: 300, executionTime: t.executionTime, failureReason: t.failureReason,
            kind: "tm:transactionstate", selfLink: this.link(`transaction/${t.id}`),
        };
    }

    private renderCommand(t: Tx, c: Command): Record<string, unknown> {
        return {
            method: c.method, uri: `https://localhost/mgmt/tm/${c.tmPath}${c.query ? `?${c.query}` : ""}`, body: c.body,
            evalOrder: c.evalOrder, commandId: c.commandId, kind: "tm:transaction:commandsstate",
            selfLink: this.link(`transaction/${t.id}/commands/${c.commandId}`),
        };
    }

    /** Requests to /mgmt/tm/transaction[/<id>[/commands[/<n>]]]; `segs` are the parts after `transaction`. */
    handle(method: string, segs: string[], body: unknown, state: DeviceState): Resp {
        const [idText, sub, cmd, ...more] = segs;
        if (idText === undefined) {
            if (method === "POST") {
                // Ids are epoch-based numbers on a device; strictly increasing here.
                const t: Tx = { id: (this.lastId = Math.max(this.lastId + 1, Date.now())), state: "STARTED", createdMs: Date.now(),
                    validateOnly: false, executionTime: 0, failureReason: "", commands: [] };
                this.txs.set(t.id, t);
                return { status: 200, body: this.render(t) };
            }
            if (method === "GET") {
                this.purge();
                return { status: 200, body: { kind: "tm:transactioncollectionstate", selfLink: this.link("transaction"), items: [...this.txs.values()].map((t) => this.render(t)) } };
            }
            throw methodNotAllowed(method, "/mgmt/tm/transaction");
        }
        const t = this.find(idText);
        if (sub === "commands" && more.length === 0) {
            if (method !== "GET") throw methodNotAllowed(method, `/mgmt/tm/transaction/${t.id}/commands`);
            if (cmd === undefined) {
                return { status: 200, body: { kind: "tm:transaction:commandscollectionstate", selfLink: this.link(`transaction/${t.id}/commands`), items: t.commands.map((c) => this.renderCommand(t, c)) } };
            }
            const c = t.commands.find((x) => String(x.commandId) === cmd);
            if (!c) throw mcpdError(400, `Found invalid command id ${cmd}`, 1);
            return { status: 200, body: this.renderCommand(t, c) };
        }
        if (sub !== undefined) throw mcpdError(400, `Found invalid command id ${segs.slice(1).join("/")}`, 1);
        if (method === "GET") return { status: 200, body: this.render(t) };
        if (method === "DELETE") {
            this.txs.delete(t.id);
            return { status: 200 };
        }
        if (method === "PATCH") return this.commit(t, (body ?? {}) as Record<string, unknown>, state);
        throw methodNotAllowed(method, `/mgmt/tm/transaction/${t.id}`);
    }

    /** A write sent with X-F5-REST-Coordination-Id: REST-layer checks now, the rest at commit. */
    queue(idText: string, method: string, tmPath: string, query: string, body: unknown, state: DeviceState): Resp {
        const t = this.find(idText);
        if (t.state !== "STARTED") throw mcpdError(400, `Transaction ${t.id} is in state ${t.state} and cannot take more commands.`, 1);
        this.device.tm(method, tmPath, new URLSearchParams(query), body, true, state);
        const n = t.commands.length + 1;
        const c: Command = { method, tmPath: tmPath.replace(/\/+$/, ""), query, body: structuredClone(body), evalOrder: n, commandId: n };
        t.commands.push(c);
        return { status: 200, body: this.renderCommand(t, c) };
    }

    /**
     * The next `count` commits run slowly: the PATCH answers `state: "VALIDATING"` and the commands are applied
     * `ms` later (then COMPLETED or FAILED, as a GET shows). *Inference*: a device whose commit outlives the
     * client's wait — the transaction state carries `asyncExecution`/`executionTimeout` (GOB `Transaction` struct),
     * but no capture of a commit answered while still VALIDATING was found.
     */
    slowCommits(ms: number, count = 1): void {
        for (let k = 0; k < count; k++) this.slow.push(ms);
    }

    private commit(t: Tx, body: Record<string, unknown>, state: DeviceState): Resp {
        if (body.state !== "VALIDATING") throw mcpdError(400, `invalid property value "state":${JSON.stringify(body.state ?? null)}`, 26214401);
        if (t.state !== "STARTED") throw mcpdError(400, `Transaction ${t.id} is in state ${t.state} and cannot be committed again.`, 1);
        if (t.commands.length === 0) throw mcpdError(400, "there is no command to commit in the transaction", 1);
        const delay = this.slow.shift();
        if (delay !== undefined) {
            t.state = "VALIDATING";
            setTimeout(() => {
                try { this.apply(t, body, state); } catch { /* FAILED, with its failureReason */ }
            }, delay).unref?.();
            return { status: 200, body: this.render(t) };
        }
        return this.apply(t, body, state);
    }

    private apply(t: Tx, body: Record<string, unknown>, state: DeviceState): Resp {
        t.validateOnly = body.validateOnly === true;
        const started = Date.now();
        const saved = this.device.store.save();
        try {
            for (const c of [...t.commands].sort((a, b) => a.evalOrder - b.evalOrder)) {
                this.device.tm(c.method, c.tmPath, new URLSearchParams(c.query), structuredClone(c.body), false, state);
            }
        } catch (e) {
            this.device.store.restore(saved);
            if (!(e instanceof DeviceError)) throw e;
            t.state = "FAILED";
            t.failureReason = e.message;
            throw mcpdError(400, e.message, typeof e.body?.apiError === "number" ? e.body.apiError : 3);
        }
        if (t.validateOnly) this.device.store.restore(saved);
        t.state = "COMPLETED";
        t.executionTime = Date.now() - started;
        return { status: 200, body: this.render(t) };
    }
}
