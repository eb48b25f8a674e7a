/**
 * Our side of the request benchmark: the clone-path resources the stack program registers (TunnelChain, Pool,
 * ClonePoolAttachment, ConfigSave — taken from a mock evaluation of stacks/index.ts, each with its serialized
 * provider) driven by the Engine against the emulator, one resource at a time in dependency order.
 * Providers are compiled from their `__provider` text once per text, as Pulumi's dynamic provider host caches them.
 */
import { Emulator } from "../emulator";
import { endHostRun, Engine, registeredEngine, sharedHost } from "../bigip/objects/engine";
import { PlannedResource, isSecret } from "../../stacks/plan/run";


const DYNAMIC = "pulumi-nodejs:dynamic/clonel3-bigip:";
/** The clone path, in dependency order (chains before their pools, pools before attachments, the save last). */
export const CLONE_PATH = ["TunnelChain", "Pool", "ClonePoolAttachment", "ConfigSave"];

export type Operation = "create" | "no-op up" | "preview" | "refresh" | "MAC change" | "destroy";
export const OPERATIONS: Operation[] = ["create", "no-op up", "preview", "refresh", "MAC change", "destroy"];

export interface Measured { requests: number; ms: number; /** `METHOD path status` of each request. */ lines: string[] }

/** The clone-path resources of a program run, in dependency order, with their inputs as registered (secrets unwrapped). */
export function clonePath(resources: PlannedResource[]): PlannedResource[] {
    const rank = (r: PlannedResource) => CLONE_PATH.indexOf(r.type.slice(DYNAMIC.length));
    return resources.filter((r) => r.type.startsWith(DYNAMIC) && rank(r) >= 0).sort((a, b) => rank(a) - rank(b));
}

const unwrap = (v: unknown): any => (isSecret(v) ? unwrap(v.value) : v);

/** The connection as registered (timeouts, readiness, retries), pointed at the emulator. */
export function connectionFor(e: Emulator, registered: unknown): Record<string, unknown> {
    const c = unwrap(registered) ?? {};
    return { ...c, host: e.host, port: e.port, username: "admin", password: "admin-pw", tls: { fingerprint256: e.fingerprint256 } };
}

interface Driven { r: PlannedResource; eng: Engine; inputs: any }

export class OurStack {
    readonly driven: Driven[];

    constructor(readonly e: Emulator, resources: PlannedResource[]) {
        this.driven = clonePath(resources).map((r) => {
            const { __provider, fullPath: _f, connection, ...inputs } = r.inputs as any;
            return { r, eng: registeredEngine(r.type, unwrap(__provider)), inputs: { ...unwrap(inputs), connection: connectionFor(e, connection) } };
        });
    }

    async up(): Promise<void> {
        for (const d of this.driven) await d.eng.up(d.inputs);
    }

    /** `pulumi preview`: check and diff of every resource, nothing applied. */
    async preview(): Promise<void> {
        for (const d of this.driven) await d.eng.preview(d.inputs);
    }

    async refresh(): Promise<void> {
        for (const d of this.driven) await d.eng.refresh();
    }

    async destroy(): Promise<void> {
        for (const d of [...this.driven].reverse()) await d.eng.destroy();
    }

    /** The first chain's collector MAC, as a changed collector (its inputs and the save's triggers) would register it. */
    changeMac(newMac: string): string {
        const old = this.driven.find((d) => d.r.type.endsWith("TunnelChain"))!.inputs.collectorMac as string;
        for (const d of this.driven) {
            const { connection, ...rest } = d.inputs;
            d.inputs = { ...JSON.parse(JSON.stringify(rest).split(`"${old}"`).join(`"${newMac}"`)), connection };
        }
        return old;
    }

    /** Runs every operation in order; each measured with a cleared request log. */
    async run(): Promise<Record<Operation, Measured>> {
        const out = {} as Record<Operation, Measured>;
        const steps: [Operation, () => Promise<unknown>][] = [
            ["create", () => this.up()], ["no-op up", () => this.up()], ["preview", () => this.preview()], ["refresh", () => this.refresh()],
            ["MAC change", async () => { this.changeMac("02:00:5e:00:be:ef"); await this.up(); }], ["destroy", () => this.destroy()],
        ];
        // Each operation is one `pulumi` run: it ends by logging out (inside the measured window), and the next one starts
        // knowing nothing (readiness is checked again). The provider host is started (and has loaded the package's
        // providers) before anything is timed: a run's wall time here holds no process start-up.
        const host = await sharedHost();
        await host.check(this.driven[0].eng.urn, {}, { __provider: this.driven[0].eng.providerText });
        for (const [op, fn] of steps) out[op] = await measure(this.e, async () => { await fn(); await endHostRun(); });
        return out;
    }
}

export async function measure(e: Emulator, fn: () => Promise<unknown>): Promise<Measured> {
    e.clearLog();
    const t = process.hrtime.bigint();
    await fn();
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    return { requests: e.log.length, ms, lines: e.log.map((l) => `${l.method} ${l.path} ${l.status}`) };
}
