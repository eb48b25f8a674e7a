/**
 * A stand-in for the Pulumi engine driving one dynamic resource: check → diff → create / update / replace,
 * refresh (read) and destroy, in the order and with the arguments the engine uses (diff and update get the
 * old OUTPUTS). Optionally through the provider's serialized text, rehydrated the way the dynamic host does.
 */
import * as pulumi from "@pulumi/pulumi";
import * as dynamic from "@pulumi/pulumi/dynamic";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const Module = require("module");

/** Serializes the provider as `dynamic.Resource` does and compiles it in a fresh module, like the provider host. */
export async function rehydrate<P extends dynamic.ResourceProvider>(provider: P): Promise<{ provider: P; text: string; containsSecrets: boolean }> {
    const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    const m = new Module("dynamic-provider", module);
    m.paths = Module._nodeModulePaths(process.cwd());
    m._compile(sf.text, "dynamic-provider.js");
    return { provider: m.exports.handler(), text: sf.text, containsSecrets: sf.containsSecrets };
}

export type Step = "create" | "update" | "replace" | "same";

export class FakeEngine<I = any> {
    /** `initFailed`: a create threw `{id, properties}` — the object exists (or may), but the operation failed. */
    state?: { id: string; outs: any; initFailed?: boolean };
    /** What the last `up` did, and the diff it was based on. */
    last?: { step: Step; diff?: dynamic.DiffResult };

    constructor(readonly provider: dynamic.ResourceProvider) {}

    /** Runs check and diff only (a preview): no create/update, as the host never calls them in preview. */
    async preview(inputs: I): Promise<{ step: Step; diff?: dynamic.DiffResult; inputs: any }> {
        const checked = await this.check(inputs);
        if (!this.state) return { step: "create", inputs: checked };
        const diff = await this.provider.diff!(this.state.id, this.state.outs, checked);
        // As the engine does: a resource that failed to initialise is updated on the next run even without a diff.
        const step: Step = diff.replaces?.length ? "replace" : diff.changes === false && !this.state.initFailed ? "same" : "update";
        return { step, diff, inputs: checked };
    }

    async up(inputs: I): Promise<Step> {
        const { step, diff, inputs: checked } = await this.preview(inputs);
        if (step === "create") {
            await this.create(checked);
        } else if (step === "replace") {
            // Our providers ask for delete-before-replace (names are unique on the device).
            if (!diff?.deleteBeforeReplace) throw new Error("replace without deleteBeforeReplace: the new object would clash with the old one");
            await this.provider.delete!(this.state!.id, this.state!.outs);
            this.state = undefined;
            await this.create(checked);
        } else if (step === "update") {
            const r = await this.provider.update!(this.state!.id, this.state!.outs, checked);
            this.state = { id: this.state!.id, outs: r.outs };
        }
        this.last = { step, diff };
        return step;
    }

    /** A create that throws an object with `id` lands in state as created-but-failed (ErrorResourceInitFailed). */
    private async create(checked: any): Promise<void> {
        try {
            const r = await this.provider.create(checked);
            this.state = { id: r.id, outs: r.outs };
        } catch (e: any) {
            if (e && typeof e === "object" && e.id) this.state = { id: e.id, outs: e.properties ?? checked, initFailed: true };
            throw e;
        }
    }

    /** `pulumi refresh`: read; an empty id means the object is gone and leaves state. */
    async refresh(): Promise<"gone" | "present"> {
        const r = await this.provider.read!(this.state!.id, this.state!.outs);
        if (!r.id) {
            this.state = undefined;
            return "gone";
        }
        this.state = { id: r.id, outs: r.props };
        return "present";
    }

    async destroy(): Promise<void> {
        if (this.state) await this.provider.delete!(this.state.id, this.state.outs);
        this.state = undefined;
    }

    private async check(inputs: I): Promise<any> {
        const r = await this.provider.check!(this.state?.outs ?? {}, inputs);
        if (r.failures?.length) throw new Error(`check failed: ${r.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
        return r.inputs;
    }
}
