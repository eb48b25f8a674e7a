/**
 * The engine's side of one dynamic resource, driven through the real provider host (host.ts): check → diff →
 * create / update / replace, refresh (read) and destroy, with the arguments the engine passes — check gets the old
 * INPUTS, diff/update/delete/read the old OUTPUTS (with `__provider` as stored), create the checked inputs — and the
 * state the engine keeps (inputs and outputs; created-but-failed after ErrorResourceInitFailed).
 */
import * as dynamic from "@pulumi/pulumi/dynamic";
import { PROVIDERS } from "../../components/provider";
import { providerText, PACKAGE_NAME } from "../../components/provider/text";
import { TOKEN_MODULE } from "../../components/bigip/objects/common";
import { HostError, ProviderHost } from "./host";

export { HostError };

export type Step = "create" | "update" | "replace" | "same";

let shared: Promise<ProviderHost> | undefined;

/** The provider host of this mocha process, started on first use (see host.ts for why one, not one per run). */
export function sharedHost(): Promise<ProviderHost> {
    if (!shared) {
        shared = ProviderHost.start();
        shared.then((h) => process.once("exit", () => { try { process.kill(h.pid!, "SIGKILL"); } catch { /* gone */ } }), () => { shared = undefined; });
    }
    return shared;
}

/** Ends the run in the shared host, if one was started: the device's sessions are logged out (only that with `logoutOnly`). */
export async function endHostRun(logoutOnly = false): Promise<void> {
    if (shared) await (await shared).endRun(logoutOnly);
}

/** Stops the shared host the engine's way (SIGINT); the next use starts a fresh process. */
export async function stopSharedHost(): Promise<void> {
    const h = shared;
    shared = undefined;
    if (h) await (await h).stop();
}

/** The resource type name of a provider object (`Vlan`, `TunnelChain`, …), or the name itself. */
export function typeOf(p: dynamic.ResourceProvider | string): string {
    if (typeof p === "string") return p;
    const hit = Object.entries(PROVIDERS).find(([, x]) => x === p);
    if (!hit) throw new Error("Engine: not one of the package's providers (components/provider PROVIDERS)");
    return hit[0];
}

/** An engine for a resource as the program registered it: its type token and the `__provider` text it carries. */
export function registeredEngine(token: string, text: string): Engine {
    const eng = new Engine(token.slice(token.lastIndexOf(":") + 1));
    eng.providerText = text;
    return eng;
}

let serial = 0;

export class Engine<I = any> {
    /** `initFailed`: a create threw `{id, properties}` — the object exists (or may), but the operation failed. */
    state?: { id: string; inputs: any; outs: any; initFailed?: boolean };
    /** What the last `up` did, and the diff it was based on. */
    last?: { step: Step; diff?: dynamic.DiffResult };
    readonly type: string;
    readonly urn: string;
    /** The `__provider` the program registers for this type (a test may set an older release's text). */
    providerText: string;
    /** The resource option: `destroy` drops it from state without asking the provider to delete it. */
    retainOnDelete = false;

    constructor(provider: dynamic.ResourceProvider | string, readonly host: () => Promise<ProviderHost> = sharedHost) {
        this.type = typeOf(provider);
        this.providerText = providerText(this.type);
        this.urn = `urn:pulumi:test::${PACKAGE_NAME.replace(/[@/]/g, "")}::pulumi-nodejs:dynamic/${TOKEN_MODULE}:${this.type}::r${++serial}`;
    }

    /** check and diff only (a preview): the host is never asked to create or update in a preview. */
    async preview(inputs: I): Promise<{ step: Step; diff?: dynamic.DiffResult; inputs: any }> {
        const checked = await this.check(inputs);
        if (!this.state) return { step: "create", inputs: checked };
        const h = await this.host();
        const d = await h.diff(this.state.id, this.urn, this.state.outs, checked, this.state.inputs);
        const diff: dynamic.DiffResult = {
            changes: d.changes === "some" ? true : d.changes === "none" ? false : undefined, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace,
        };
        // As the engine does: a resource that failed to initialise is updated on the next run even without a diff;
        // DIFF_UNKNOWN falls back to comparing inputs.
        const same = d.changes === "none" || (d.changes === "unknown" && JSON.stringify(this.state.inputs) === JSON.stringify(checked));
        const step: Step = d.replaces.length ? "replace" : same && !this.state.initFailed ? "same" : "update";
        return { step, diff, inputs: checked };
    }

    async up(inputs: I): Promise<Step> {
        const { step, diff, inputs: checked } = await this.preview(inputs);
        const h = await this.host();
        if (step === "create") {
            await this.create(checked);
        } else if (step === "replace") {
            // Our providers ask for delete-before-replace (names are unique on the device).
            if (!diff?.deleteBeforeReplace) throw new Error("replace without deleteBeforeReplace: the new object would clash with the old one");
            await h.delete(this.state!.id, this.urn, this.state!.outs);
            this.state = undefined;
            await this.create(checked);
        } else if (step === "update") {
            try {
                const outs = await h.update(this.state!.id, this.urn, this.state!.outs, checked, this.state!.inputs);
                this.state = { id: this.state!.id, inputs: checked, outs };
            } catch (e) {
                if (e instanceof HostError && e.initFailed) this.state = { id: this.state!.id, inputs: checked, outs: e.initFailed.properties, initFailed: true };
                throw e;
            }
        } else {
            this.state = { ...this.state!, inputs: checked };
        }
        this.last = { step, diff };
        return step;
    }

    /** A create that fails with ErrorResourceInitFailed lands in state as created-but-failed. */
    private async create(checked: any): Promise<void> {
        try {
            const r = await (await this.host()).create(this.urn, checked);
            this.state = { id: r.id, inputs: checked, outs: r.properties };
        } catch (e) {
            if (e instanceof HostError && e.initFailed?.id) {
                this.state = { id: e.initFailed.id, inputs: checked, outs: e.initFailed.properties, initFailed: true };
            }
            throw e;
        }
    }

    /** `pulumi refresh`: read; an empty id means the object is gone and leaves state. */
    async refresh(): Promise<"gone" | "present"> {
        const r = await (await this.host()).read(this.state!.id, this.urn, this.state!.outs, this.state!.inputs);
        if (!r.id) {
            this.state = undefined;
            return "gone";
        }
        this.state = { ...this.state!, id: r.id, outs: r.properties, inputs: r.inputs ?? this.state!.inputs };
        return "present";
    }

    async destroy(): Promise<void> {
        if (this.state && !this.retainOnDelete) await (await this.host()).delete(this.state.id, this.urn, this.state.outs);
        this.state = undefined;
    }

    private async check(inputs: I): Promise<any> {
        const news = { ...(inputs as any), __provider: this.providerText };
        const r = await (await this.host()).check(this.urn, this.state?.inputs ?? {}, news);
        if (r.failures.length) throw new Error(`check failed: ${r.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
        return r.inputs;
    }
}
