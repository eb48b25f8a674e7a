/**
 * Shared Pulumi mock harness: records every registered resource and invoke, gives AWS resources the
 * computed outputs that real providers would (IPs, ids), and lets a test wait until the graph settles.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../../components/common/errors";
import { EXAMPLE_MANAGEMENT_CERT_PEM } from "../../stacks/plan/exampleCert";
import { EIP, ENI, GET_AMI, INSTANCE, INSTANCE_PROFILE, KEY_PAIR, SECRET, SELF_SIGNED_CERT, TLS_KEY, VPC } from "./types";

export interface RecordedResource {
    type: string;
    name: string;
    /** Inputs as registered; secrets are unwrapped (see `secretPaths` for which were secret). */
    inputs: any;
    /** Inputs exactly as the engine saw them (secret values still wrapped in the mock envelope). */
    rawInputs: any;
    /** The real URN (with the parent type chain), read from the mock monitor once registered. */
    readonly urn: string;
    id: string;
    /** The resource options the engine received (after every transformation). */
    options: RegisteredOptions;
}

/** The resource options of a registration, as the engine receives them (RegisterResourceRequest). */
export interface RegisteredOptions {
    ignoreChanges: string[];
    deleteBeforeReplace: boolean;
    replaceOnChanges: string[];
    protect?: boolean;
    retainOnDelete?: boolean;
}

export interface RecordedInvoke {
    token: string;
    inputs: any;
}

/** The envelope that the mock runtime wraps secret values in. */
export const SECRET_SIG = "4dabf18193072939515e22adb298388d";

export function isSecretEnvelope(v: unknown): boolean {
    return typeof v === "object" && v !== null && (v as any)[SECRET_SIG] === "1b47061264138c4ac30d75fd1eb44270";
}

export function unwrapSecrets(v: any): any {
    if (isSecretEnvelope(v)) return unwrapSecrets(v.value);
    if (Array.isArray(v)) return v.map(unwrapSecrets);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrapSecrets(x)]));
    return v;
}

/** Dotted paths of every secret-wrapped value inside `v` (the whole value is "" when it is secret itself). */
export function secretPaths(v: any, path = ""): string[] {
    if (isSecretEnvelope(v)) return [path];
    if (Array.isArray(v)) return v.flatMap((x, i) => secretPaths(x, `${path}[${i}]`));
    if (v && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => secretPaths(x, path ? `${path}.${k}` : k));
    return [];
}

/** Paths where `needle` occurs OUTSIDE any secret envelope (what the engine would write to state in clear). */
export function plaintextPaths(v: any, needle: string, path = ""): string[] {
    if (isSecretEnvelope(v)) return [];
    if (typeof v === "string") return v.includes(needle) ? [path] : [];
    if (Array.isArray(v)) return v.flatMap((x, i) => plaintextPaths(x, needle, `${path}[${i}]`));
    if (v && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => plaintextPaths(x, needle, path ? `${path}.${k}` : k));
    return [];
}

/** Does `needle` occur anywhere in the JSON text of `v` (secrets unwrapped)? */
export function containsText(v: any, needle: string): boolean {
    return JSON.stringify(unwrapSecrets(v) ?? null).includes(needle);
}

let ipCounter = 10;
function nextIp(prefix: string): string {
    ipCounter++;
    return `${prefix}.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
}

/** Computed outputs that the real AWS provider would fill in, keyed by type token. */
function computedState(type: string, name: string, inputs: any): Record<string, unknown> {
    switch (type) {
        case ENI: {
            // AWS lists the primary among privateIps, then the `privateIpsCount` secondaries.
            const primary = inputs.privateIp ?? nextIp("10.0");
            const secondaries = Array.from({ length: inputs.privateIpsCount ?? 0 }, () => nextIp("10.0"));
            return { privateIp: primary, privateIps: [primary, ...secondaries], macAddress: "0e:00:00:00:00:01" };
        }
        case INSTANCE:
            return { privateIp: inputs.privateIp ?? nextIp("10.0"), publicIp: nextIp("203.0"), arn: `arn:aws:ec2:::instance/${name}` };
        case EIP:
            return { publicIp: nextIp("198.51"), allocationId: `eipalloc-${name}` };
        case VPC:
            return { defaultRouteTableId: `rtb-default-${name}`, mainRouteTableId: `rtb-main-${name}` };
        case KEY_PAIR:
            return { keyName: inputs.keyName ?? name };
        case TLS_KEY:
            return { privateKeyPem: `-----BEGIN PRIVATE KEY-----\n(mock key of ${name})\n-----END PRIVATE KEY-----\n` };
        case SELF_SIGNED_CERT:
            return { certPem: EXAMPLE_MANAGEMENT_CERT_PEM };
        case SECRET:
            return { arn: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${inputs.namePrefix ?? name}AbCdEf` };
        case INSTANCE_PROFILE:
            return { name: inputs.name ?? `${name}-1234567` };
        default:
            return {};
    }
}

export interface MockOptions {
    preview?: boolean;
    project?: string;
    stack?: string;
    /** Extra or overriding invoke results, by token. */
    invokes?: Record<string, (inputs: any) => any>;
}

export interface Mocked {
    resources: RecordedResource[];
    invokes: RecordedInvoke[];
    /** Resources of one type token (e.g. "aws:ec2/vpc:Vpc"). */
    ofType(type: string): RecordedResource[];
    /** The one resource with this logical name; throws if absent or ambiguous. */
    named(name: string): RecordedResource;
}

const defaultInvokes: Record<string, (inputs: any) => any> = {
    [GET_AMI]: (inputs) => ({
        id: inputs.owners?.includes("aws-marketplace") ? "ami-0bigip000000000" : "ami-0collector00000",
        architecture: "x86_64",
        name: "mock-ami",
    }),
    "aws:index/getAvailabilityZones:getAvailabilityZones": () => ({
        names: ["us-east-1a", "us-east-1b"],
        zoneIds: ["use1-az1", "use1-az2"],
    }),
    "aws:index/getRegion:getRegion": () => ({ name: "us-east-1", region: "us-east-1", id: "us-east-1" }),
};

/**
 * Installs fresh mocks and returns the recorder. Call in `before`/`beforeEach`; then build resources and
 * `await settle()` before asserting.
 */
export async function useMocks(opts: MockOptions = {}): Promise<Mocked> {
    const resources: RecordedResource[] = [];
    const invokes: RecordedInvoke[] = [];
    const invokeTable = { ...defaultInvokes, ...(opts.invokes ?? {}) };
    /** Options of the registration under way, by `type::name` (MockResourceArgs carries no options). */
    const options = new Map<string, RegisteredOptions>();
    await pulumi.runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs) {
                const id = args.custom === false ? "" : `${args.name}-id`;
                const state = { ...args.inputs, ...computedState(args.type, args.name, args.inputs) };
                resources.push({
                    type: args.type, name: args.name, inputs: unwrapSecrets(args.inputs), rawInputs: args.inputs, id,
                    get urn() { return urnOf(args.type, args.name); },
                    options: options.get(`${args.type}::${args.name}`)!,
                });
                return { id: args.custom === false ? undefined : id, state };
            },
            call(args: pulumi.runtime.MockCallArgs) {
                invokes.push({ token: args.token, inputs: args.inputs });
                const f = invokeTable[args.token];
                if (!f) throw new Error(`Mock not implemented: ${args.token}`);
                return f(args.inputs);
            },
        },
        opts.project ?? "clone-l3",
        opts.stack ?? "test",
        opts.preview ?? false,
    );
    // The mock monitor hands newResource the inputs only: read the options off the request on its way in.
    const monitor = getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: unknown) => {
        options.set(`${req.getType()}::${req.getName()}`, {
            ignoreChanges: req.getIgnorechangesList(), deleteBeforeReplace: req.getDeletebeforereplace(), replaceOnChanges: req.getReplaceonchangesList(),
            ...(req.hasProtect() ? { protect: req.getProtect() } : {}), ...(req.hasRetainondelete() ? { retainOnDelete: req.getRetainondelete() } : {}),
        });
        return register(req, callback);
    };
    return {
        resources,
        invokes,
        ofType: (type) => resources.filter((r) => r.type === type),
        named(name) {
            const found = resources.filter((r) => r.name === name);
            if (found.length !== 1) throw new Error(`expected one resource named ${name}, found ${found.length}: ${resources.map((r) => r.name).join(", ")}`);
            return found[0];
        },
    };
}

/** The runtime's mock monitor (no public accessor). */
function getMonitor(): any {
    return require("@pulumi/pulumi/runtime/settings").getMonitor();
}

function urnOf(type: string, name: string): string {
    const monitor = getMonitor();
    for (const urn of monitor?.resources?.keys() ?? []) {
        if (urn.endsWith(`::${name}`) && (urn.includes(`::${type}::`) || urn.includes(`$${type}::`))) return urn;
    }
    return "";
}

/** Resolves an Output in tests (never hangs on a known value). */
export function promiseOf<T>(o: pulumi.Input<T> | undefined): Promise<T> {
    return new Promise((resolve) => pulumi.output(o as pulumi.Input<T>).apply((v) => { resolve(v as T); return v; }));
}

/** Waits until every outstanding registration has reached the mocks. */
export async function settle(...outputs: pulumi.Output<unknown>[]): Promise<void> {
    await Promise.all(outputs.map((o) => promiseOf(o)));
    // Registrations that depend on other resources' outputs go out a few ticks later.
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

/**
 * Asserts that `build` throws a ConfigError naming `setting` (and mentioning `detail`), and that nothing reached
 * the engine: no resource registered (not even the component) and no invoke.
 */
export async function assertRejectedBeforeRegistration(m: Mocked, build: () => unknown, setting: string, detail?: RegExp | string): Promise<void> {
    assert.throws(build, (e: unknown) => {
        assert.ok(e instanceof ConfigError, String(e));
        assert.strictEqual(e.setting, setting, e.message);
        if (detail instanceof RegExp) assert.match(e.message, detail);
        else if (detail) assert.ok(e.message.includes(detail), e.message);
        return true;
    });
    await settle();
    assert.deepStrictEqual(m.resources.map((r) => r.name), [], "nothing registered, not even the component");
    assert.deepStrictEqual(m.invokes.map((i) => i.token), [], "no invokes");
}

/** What a program expected to fail did: what it threw synchronously, and what the runtime rejected afterwards. */
export interface FailedRun {
    thrown: unknown;
    /** Unhandled rejections while it ran: a refused secret fails the registration of the resources that consume it. */
    rejections: unknown[];
}

/** Promises the runtime leaves pending for resources that never registered (see releaseFailedProgram). */
const LEAK_CONTEXT = /resource:([^[\]]+)\[([^\]]+)\]/;
/** Unnamed ones: keep-alives of those registrations, and component outputs (registerOutputs) that wait on them. */
const UNNAMED_LEAK = /^(rpcKeepAlive|monitor\.registerResourceOutputs(\(\.\.\.\)-(initial|final))?)$/;

/**
 * Runs `program`, which is expected to fail: it may throw before registering anything (a plain ConfigError), or
 * register resources whose inputs then reject (a secret checked inside apply). Waits `waitMs` for the rejections.
 *
 * A failed registration leaves the Outputs of that resource, and of everything waiting on it, pending forever. Under
 * `pulumi up` the rejection fails the program, and the runtime skips its promise-leak check at exit; here the test
 * swallows the rejection (it is the expected outcome), so that check would count those promises and turn the mocha
 * run's exit code to 1 ("N promises were still active"). So, once a rejection was seen, the promises that belong
 * to resources that never reached the engine (and the keep-alives and component outputs waiting on them) are
 * released, like the runtime does for a failed program. Any other pending promise is a real leak: it is kept (the
 * exit check still reports it) and this throws naming it.
 */
export async function runFailingProgram(m: Mocked, program: () => unknown, waitMs = 0): Promise<FailedRun> {
    const rejections: unknown[] = [];
    const onRejection = (e: unknown) => { rejections.push(e); };
    process.on("unhandledRejection", onRejection);
    let thrown: unknown;
    try {
        try { program(); } catch (e) { thrown = e; }
        await settle();
        if (waitMs) await new Promise((r) => setTimeout(r, waitMs));
        await settle();
    } finally {
        process.off("unhandledRejection", onRejection);
    }
    if (rejections.length > 0) releaseFailedProgram(m);
    return { thrown, rejections };
}

/** Drops the runtime's leak candidates explained by the failure (see runFailingProgram); throws on any other. */
function releaseFailedProgram(m: Mocked): void {
    const pending: Set<{ _debugCtx?: unknown }> = require("@pulumi/pulumi/runtime/state").getStore().leakCandidates;
    const registered = new Set(m.resources.map((r) => `${r.type}::${r.name}`));
    const unexplained: string[] = [];
    for (const p of [...pending]) {
        const ctx = String(p._debugCtx ?? "");
        const named = LEAK_CONTEXT.exec(ctx);
        if (named ? !registered.has(`${named[2]}::${named[1]}`) : UNNAMED_LEAK.test(ctx)) pending.delete(p);
        else unexplained.push(ctx);
    }
    assert.deepStrictEqual(unexplained, [], "promises still pending that the program's failure does not explain (a real leak)");
}
