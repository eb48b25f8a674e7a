/**
 * Everything under /mgmt/tm/ except transactions: system endpoints (shapes of the 14.1.2.1 captures) and the
 * configuration kinds.
 */
import { Config, parseRoute, Resp } from "./config";
import { invalidValue, methodNotAllowed, notRegistered } from "./errors";
import { Renderer } from "./render";
import { Store } from "./store";
import { asBody } from "./validate";
import { installBuiltins } from "./builtins";
import { runClonePoolCommands } from "./tmsh";
import { Paths } from "./ping";
import { Dialect } from "./dialect";

type Json = Record<string, unknown>;

export interface DeviceState {
    /** sys/ready reports "no" (boot phase notReady). */
    notReady: boolean;
}

/** The counters of GET net/clone-stats, in the order of the 14.1.2.1 fixture (`net-clone-stats.14.1.2.1.json`). */
export const CLONE_COUNTERS = ["freeErr", "freeOk", "nhopErr", "nhopOk", "pktErr", "pktOk", "pmbrErr", "pmbrOk", "rslctMacErr", "rslctMacOk"] as const;
export type CloneCounter = (typeof CLONE_COUNTERS)[number];

export class Device {
    readonly store = new Store();
    /** What net/clone-stats reports: 0 on a fresh device (the fixture); tests set values (no traffic is modelled). */
    readonly cloneStats: Record<CloneCounter, number> = Object.fromEntries(CLONE_COUNTERS.map((k) => [k, 0])) as Record<CloneCounter, number>;
    /** `utilCmdArgs` of every `POST /mgmt/tm/util/bash`, in order (nothing is executed). */
    readonly bashRuns: string[] = [];
    /** TEST-ONLY: what each self IP → collector path carries, for the modelled don't-fragment ping (ping.ts). */
    readonly paths = new Paths();
    readonly render: Renderer;
    readonly config: Config;

    constructor(readonly version: string, dialect?: Dialect, folders: readonly string[] = []) {
        installBuiltins(this.store);
        for (const f of folders) this.store.folders.add(f.replace(/^\//, ""));
        this.render = new Renderer(this.store, version, dialect);
        this.config = new Config(this.store, this.render);
    }

    /** `entries` stats body: `{kind, selfLink, entries: {<link>/0: {nestedStats: {entries}}}}`. */
    private stats(path: string, kind: string, entries: Json): Json {
        return {
            kind, selfLink: this.render.link(path),
            entries: { [`https://localhost/mgmt/tm/${path}/0`]: { nestedStats: { entries } } },
        };
    }

    private static describe(values: Record<string, string>): Json {
        return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { description: v }]));
    }

    private readonly getters: Record<string, (s: DeviceState) => Json> = {
        "sys/ready": (s) => {
            const v = s.notReady ? "no" : "yes";
            return this.stats("sys/ready", "tm:sys:ready:readystats", Device.describe({ configReady: v, licenseReady: v, provisionReady: v }));
        },
        "sys/version": () => this.stats("sys/version", "tm:sys:version:versionstats", Device.describe({
            Build: "0.0.4", Date: "Tue Sep 17 15:44:32 PDT 2019", Edition: "Point Release 1",
            Product: "BIG-IP", Title: "Main Package", Version: this.version,
        })),
        // Not captured: the minimum CL's readiness check reads (reference §1.12).
        "sys/mcp-state": (s) => this.stats("sys/mcp-state", "tm:sys:mcp-state:mcp-statestats",
            { phase: { description: s.notReady ? "not running" : "running" } }),
        "sys/available": () => ({}),
        "cm/available": () => ({}),
        "net/clone-stats": () => this.stats("net/clone-stats", "tm:net:clone-stats:clone-statsstats", Object.fromEntries(
            CLONE_COUNTERS.map((k) => [k, { value: this.cloneStats[k] }]))),
        "net/fdb": () => ({
            kind: "tm:net:fdb:fdbcollectionstate", selfLink: this.render.link("net/fdb"),
            items: ["net/fdb/tunnel", "net/fdb/vlan"].map((p) => ({ reference: { link: this.render.link(p) } })),
        }),
    };

    /**
     * One request below /mgmt/tm/ (`tmPath` without that prefix). `syntaxOnly`: only the REST-layer checks of a
     * write being queued in a transaction. Throws DeviceError for error answers.
     */
    tm(method: string, tmPath: string, query: URLSearchParams, body: unknown, syntaxOnly: boolean, state: DeviceState): Resp {
        const path = tmPath.replace(/\/+$/, "");
        const getter = this.getters[path];
        if (getter) {
            if (method !== "GET") throw methodNotAllowed(method, `/mgmt/tm/${path}`);
            return { status: 200, body: getter(state) };
        }
        if (path === "sys/config") return this.sysConfig(method, body, syntaxOnly);
        if (path === "util/bash") return this.utilBash(method, body);
        const route = parseRoute(path);
        if (!route) throw notRegistered(`/mgmt/tm/${path}`);
        return this.config.handle(method, route, query, body, syntaxOnly);
    }

    /**
     * POST util/bash `{command: "run", utilCmdArgs: "-c '…'"}` (reference §1.13): the answer echoes `utilCmdArgs` as
     * sent and carries the command's stdout as `commandResult`. Only tmsh clone-pools add/delete are applied (tmsh.ts);
     * everything is recorded, and an empty output leaves `commandResult` out (*Inference*: F5's telemetry tests handle
     * a runstate without it).
     */
    private utilBash(method: string, raw: unknown): Resp {
        if (method !== "POST") throw methodNotAllowed(method, "/mgmt/tm/util/bash");
        const body = asBody(raw);
        if (body.command !== "run") throw invalidValue("command", body.command ?? null);
        if (typeof body.utilCmdArgs !== "string") throw invalidValue("utilCmdArgs", body.utilCmdArgs ?? null);
        this.bashRuns.push(body.utilCmdArgs);
        // tmsh clone-pools add/delete are applied (tmsh.ts), the doctor's ping answered (ping.ts); any other command is only recorded.
        const printed = this.paths.run(body.utilCmdArgs) ?? runClonePoolCommands(this.store, this.config, body.utilCmdArgs);
        return { status: 200, body: { kind: "tm:util:bash:runstate", command: "run", utilCmdArgs: body.utilCmdArgs, ...(printed ? { commandResult: printed } : {}) } };
    }

    /** POST sys/config {command: "save"} (reference §1.11); `load` is accepted and changes nothing here. */
    private sysConfig(method: string, raw: unknown, syntaxOnly: boolean): Resp {
        if (method !== "POST") throw methodNotAllowed(method, "/mgmt/tm/sys/config");
        const body = asBody(raw);
        if (body.command !== "save" && body.command !== "load") throw invalidValue("command", body.command ?? null);
        if (!syntaxOnly && body.command === "save") this.store.savedGeneration = this.store.generation;
        return { status: 200, body: { kind: "tm:sys:config:runstate", command: body.command } };
    }
}
