/**
 * The SDK's own dynamic-provider host — the program `pulumi up` starts for every `pulumi-nodejs:dynamic/…` resource
 * (`@pulumi/pulumi/cmd/dynamic-provider`) — run as a child process and driven over its gRPC ResourceProvider protocol
 * exactly as the engine drives it: properties as protobuf Structs, `__provider` inside them, the unknown sentinel at
 * preview, plain values where the state holds secrets (the host's Configure answers acceptSecrets=false, so the engine
 * strips them), and a create/update failure's ErrorResourceInitFailed read from `grpc-status-details-bin`.
 *
 * One difference from the engine, made for the suite's speed and said here: a `pulumi up` ends its provider host
 * (SIGINT, then a kill 5 s later) and the next run starts a new one; this host is started once per mocha process and a
 * run boundary is `endRun()`, which the preload (hostPreload.js) answers by doing what the SIGINT handler does for the
 * device — every shared session logged out — plus forgetting readiness and unsaved changes, as a new process would.
 * `stop()` ends it the engine's way (SIGINT).
 */
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
// eslint-disable-next-line @typescript-eslint/no-var-requires
const structproto = require("google-protobuf/google/protobuf/struct_pb");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const provproto = require("@pulumi/pulumi/proto/provider_pb");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const provrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const statusproto = require("@pulumi/pulumi/proto/status_pb");

export const ROOT = path.resolve(__dirname, "..", "..");
const HOST_MAIN = require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js", { paths: [ROOT] });

/** A create or update the host refused; `initFailed` when it says the object exists but failed (ErrorResourceInitFailed). */
export class HostError extends Error {
    constructor(message: string, readonly code: number, readonly initFailed?: { id: string; properties: any; reasons: string[] }) {
        super(message);
    }
}

export interface DiffResponse {
    changes: "some" | "none" | "unknown";
    replaces: string[];
    deleteBeforeReplace: boolean;
}

const struct = (v: unknown) => structproto.Struct.fromJavaScript(v ?? {});
const plain = (s: any) => (s ? s.toJavaScript() : undefined);

export class ProviderHost {
    /** What the host wrote to stderr (its own error log: `${e}: ${e.stack}` for failed check/diff/read/delete). */
    stderr = "";
    private exited?: Promise<number | null>;

    private constructor(private readonly child: ChildProcess, private readonly client: any) {
        this.exited = new Promise((res) => child.once("exit", (code) => res(code)));
        child.stderr!.on("data", (d) => { this.stderr += d.toString(); });
    }

    /**
     * Starts the host as the engine does (its engine address argument is required but unused) and connects: by default
     * this repository's host in this repository (the project directory); `cwd` and `main` for another project's.
     */
    static async start(o: { env?: NodeJS.ProcessEnv; cwd?: string; main?: string } = {}): Promise<ProviderHost> {
        const child = spawn(process.execPath, ["--require", path.join(__dirname, "hostPreload.js"), o.main ?? HOST_MAIN, "127.0.0.1:1"], {
            cwd: o.cwd ?? ROOT, env: o.env ?? process.env, stdio: ["ignore", "pipe", "pipe", "ipc"],
        });
        const port = await new Promise<string>((resolve, reject) => {
            let out = "";
            let err = "";
            child.stderr!.on("data", (d) => { err += d.toString(); });
            child.stdout!.on("data", (d) => {
                out += d.toString();
                const m = /^(\d+)\n/.exec(out);
                if (m) resolve(m[1]);
            });
            child.once("exit", (code) => reject(new Error(`provider host exited (${code}) before it listened: ${err}`)));
        });
        const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        const host = new ProviderHost(child, client);
        const req = new provproto.ConfigureRequest();
        req.setArgs(struct({}));
        req.setAcceptsecrets(true);
        req.setAcceptresources(true);
        const resp = await host.call("configure", req);
        if (resp.getAcceptsecrets()) throw new Error("the dynamic-provider host now accepts secrets: the engine would send them wrapped");
        return host;
    }

    private call(method: string, req: any): Promise<any> {
        return new Promise((resolve, reject) => {
            this.client[method](req, (err: any, resp: any) => (err ? reject(toHostError(err)) : resolve(resp)));
        });
    }

    async check(urn: string, olds: object, news: object): Promise<{ inputs: any; failures: { property: string; reason: string }[] }> {
        const req = new provproto.CheckRequest();
        req.setUrn(urn);
        req.setOlds(struct(olds));
        req.setNews(struct(news));
        const r = await this.call("check", req);
        return { inputs: plain(r.getInputs()), failures: r.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })) };
    }

    async diff(id: string, urn: string, olds: object, news: object, oldInputs: object): Promise<DiffResponse> {
        const req = new provproto.DiffRequest();
        req.setId(id);
        req.setUrn(urn);
        req.setOlds(struct(olds));
        req.setNews(struct(news));
        req.setOldInputs?.(struct(oldInputs));
        const r = await this.call("diff", req);
        const C = provproto.DiffResponse.DiffChanges;
        const changes = r.getChanges() === C.DIFF_SOME ? "some" : r.getChanges() === C.DIFF_NONE ? "none" : "unknown";
        return { changes, replaces: r.getReplacesList(), deleteBeforeReplace: r.getDeletebeforereplace() };
    }

    async create(urn: string, properties: object): Promise<{ id: string; properties: any }> {
        const req = new provproto.CreateRequest();
        req.setUrn(urn);
        req.setProperties(struct(properties));
        const r = await this.call("create", req);
        return { id: r.getId(), properties: plain(r.getProperties()) };
    }

    async read(id: string, urn: string, properties: object, inputs: object): Promise<{ id: string; properties: any; inputs?: any }> {
        const req = new provproto.ReadRequest();
        req.setId(id);
        req.setUrn(urn);
        req.setProperties(struct(properties));
        req.setInputs(struct(inputs));
        const r = await this.call("read", req);
        return { id: r.getId(), properties: plain(r.getProperties()), inputs: plain(r.getInputs()) };
    }

    async update(id: string, urn: string, olds: object, news: object, oldInputs: object): Promise<any> {
        const req = new provproto.UpdateRequest();
        req.setId(id);
        req.setUrn(urn);
        req.setOlds(struct(olds));
        req.setNews(struct(news));
        req.setOldInputs?.(struct(oldInputs));
        return plain((await this.call("update", req)).getProperties());
    }

    async delete(id: string, urn: string, properties: object): Promise<void> {
        const req = new provproto.DeleteRequest();
        req.setId(id);
        req.setUrn(urn);
        req.setProperties(struct(properties));
        await this.call("delete", req);
    }

    /**
     * The end of a run for the device (see the file comment); resolves once every shared session is logged out.
     * `logoutOnly`: log the sessions out but keep readiness and unsaved changes (hygiene between tests of one run).
     */
    endRun(logoutOnly = false): Promise<void> {
        return new Promise((resolve, reject) => {
            const onMessage = (m: any) => {
                if (m?.endRun === undefined) return;
                this.child.off("message", onMessage);
                if (m.endRun === "ok") resolve();
                else reject(new Error(`ending the run in the provider host failed: ${m.endRun}`));
            };
            this.child.on("message", onMessage);
            this.child.send({ endRun: logoutOnly ? "logout" : true });
        });
    }

    /** Ends the host as the engine does: SIGINT (its handler logs sessions out and exits), a kill 5 s later. */
    async stop(): Promise<number | null> {
        this.client.close();
        if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
        this.child.kill("SIGINT");
        const killer = setTimeout(() => this.child.kill("SIGKILL"), 5_000);
        try {
            return await this.exited!;
        } finally {
            clearTimeout(killer);
        }
    }

    get pid(): number | undefined {
        return this.child.pid;
    }
}

/** The gRPC error as the engine reads it: the message, and ErrorResourceInitFailed from the status details if present. */
function toHostError(err: any): HostError {
    const details = err?.metadata?.get?.("grpc-status-details-bin")?.[0];
    let initFailed: HostError["initFailed"];
    if (details) {
        const status = statusproto.Status.deserializeBinary(new Uint8Array(details));
        for (const any of status.getDetailsList()) {
            if (!String(any.getTypeUrl()).endsWith("pulumirpc.ErrorResourceInitFailed")) continue;
            const d = provproto.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
            initFailed = { id: d.getId(), properties: plain(d.getProperties()), reasons: d.getReasonsList() };
        }
    }
    return new HostError(err?.details ?? String(err?.message ?? err), err?.code ?? -1, initFailed);
}
