/**
 * Evaluates the real stack program (stacks/index.ts) under Pulumi's mock runtime and records what it registers:
 * every resource with its type, name, parent, dependencies and inputs (secrets kept wrapped, so they can be shown
 * as [secret]), and the stack's outputs. No credentials, no CLI, no network: only the program runs.
 */
import * as pulumi from "@pulumi/pulumi";
import { StackConfig } from "./config";
import { EXAMPLE_MANAGEMENT_CERT_PEM } from "./exampleCert";

/** The envelope the mock runtime wraps secret values in. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";
export const DYNAMIC_PREFIX = "pulumi-nodejs:dynamic/";

export function isSecret(v: unknown): v is { value: unknown } {
    return typeof v === "object" && v !== null && (v as any)[SECRET_SIG] === SECRET_VALUE;
}

export interface PlannedResource {
    urn: string;
    type: string;
    name: string;
    /** `false` for components. */
    custom: boolean;
    parent?: string;
    /** URNs this resource waits for (explicit and through its inputs). */
    dependencies: string[];
    /** As registered; secret values are still wrapped (see isSecret). */
    inputs: Record<string, unknown>;
    /** The resource options that decide how a change is applied (what the engine receives). */
    options: { ignoreChanges: string[]; deleteBeforeReplace: boolean };
}

export interface ProgramRun {
    resources: PlannedResource[];
    /** The program's exports, resolved (secrets wrapped). */
    outputs: Record<string, unknown>;
}

const EXAMPLE_AMI = /^ami-\(newest of [^:]*: (.*)\)$/;

/** The example id the plan gives a looked-up image: it names the owners and the filter values it stands for. */
export function exampleAmiId(owners: string[] | undefined, filterValues: string): string {
    return `ami-(newest of ${owners?.join(",")}: ${filterValues})`;
}

/** The filter values (e.g. the description pattern) an example id from `exampleAmiId` stands for; undefined for a real id. */
export function lookupOfExampleAmiId(ami: string): string | undefined {
    return EXAMPLE_AMI.exec(ami)?.[1];
}

let hosts = 9;
/** Example addresses: the next host of a created subnet (AWS picks the real one at deploy). */
function exampleIp(cidr: string | undefined): string {
    hosts++;
    const [a, b, c] = (cidr ?? "10.0.0.0/24").split("/")[0].split(".").map(Number);
    return `${a}.${b}.${c + Math.floor(hosts / 250)}.${(hosts % 250) + 4}`;
}

async function resolve(v: unknown): Promise<unknown> {
    if (pulumi.Output.isInstance(v)) {
        const secret = await (v as any).isSecret;
        const value = await new Promise((r) => (v as pulumi.Output<unknown>).apply((x) => { r(x); return x; }));
        return secret ? { [SECRET_SIG]: SECRET_VALUE, value: await resolve(value) } : resolve(value);
    }
    if (Array.isArray(v)) return Promise.all(v.map(resolve));
    if (v && typeof v === "object") return Object.fromEntries(await Promise.all(Object.entries(v).map(async ([k, x]) => [k, await resolve(x)])));
    return v;
}

/** Runs the program once with `config`; the module is re-imported so a process can plan several stacks. */
export async function runProgram(config: StackConfig, programPath: string): Promise<ProgramRun> {
    const region = config.values["aws:region"] ?? "us-east-1";
    const subnetCidrs = new Map<string, string>();
    const records = new Map<string, PlannedResource>();
    const byoCidr = (() => { try { return JSON.parse(config.values[`${config.project}:existingBigipVpc`] ?? "{}").cidr; } catch { return undefined; } })();

    await pulumi.runtime.setMocks({
        newResource(args) {
            const id = args.custom === false ? "" : `${args.name}-id`;
            const i = args.inputs;
            const state: Record<string, unknown> = { ...i };
            switch (args.type) {
                case "aws:ec2/subnet:Subnet": subnetCidrs.set(id, i.cidrBlock); break;
                case "aws:ec2/networkInterface:NetworkInterface": {
                    const ips = Array.from({ length: 1 + (i.privateIpsCount ?? 0) }, () => exampleIp(subnetCidrs.get(i.subnetId)));
                    Object.assign(state, { privateIp: ips[0], privateIps: ips });
                    break;
                }
                case "aws:ec2/instance:Instance": state.privateIp = i.privateIp ?? exampleIp(subnetCidrs.get(i.subnetId)); break;
                case "aws:ec2/eip:Eip": state.publicIp = `198.51.100.${(hosts++ % 250) + 1}`; break;
                case "aws:ec2/keyPair:KeyPair": state.keyName = i.keyName ?? args.name; break;
                // Generated at deploy by @pulumi/tls; the plan shows an example certificate (exampleCert.ts) and no key.
                case "tls:index/privateKey:PrivateKey": state.privateKeyPem = "(generated at deploy)"; break;
                case "tls:index/selfSignedCert:SelfSignedCert": state.certPem = EXAMPLE_MANAGEMENT_CERT_PEM; break;
                case "aws:secretsmanager/secret:Secret": state.arn = `arn:aws:secretsmanager:${region}:000000000000:secret:${i.namePrefix ?? args.name}EXAMPLE`; break;
                case "aws:iam/instanceProfile:InstanceProfile": state.name = i.name ?? `${args.name}-EXAMPLE`; break;
                default:
                    // Our BIG-IP resources report the object's full path, as their providers do.
                    if (args.type.startsWith(DYNAMIC_PREFIX) && typeof i.name === "string") state.fullPath = `/${i.partition ?? "Common"}/${i.name}`;
            }
            return { id: args.custom === false ? undefined : id, state };
        },
        call(args) {
            switch (args.token) {
                case "aws:ec2/getAmi:getAmi": {
                    const f = (args.inputs.filters ?? []).map((x: any) => x.values.join(",")).join(" ");
                    return { id: exampleAmiId(args.inputs.owners, f), architecture: "x86_64", name: f };
                }
                case "aws:index/getAvailabilityZones:getAvailabilityZones": return { names: [`${region}a`, `${region}b`], zoneIds: [] };
                case "aws:ec2/getSubnet:getSubnet":
                    // A brought subnet's CIDR is looked up at deploy; the plan shows the first /24 of its VPC as an example.
                    return { id: args.inputs.id, availabilityZone: `${region}a`, cidrBlock: byoCidr ? `${byoCidr.split("/")[0]}/24` : "10.0.0.0/24" };
                default: throw new Error(`the plan does not model the lookup ${args.token}`);
            }
        },
    }, config.project, config.stack, false);

    // Record parents and dependencies as the mock monitor sees each registration.
    const monitor = require("@pulumi/pulumi/runtime/settings").getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: (err: unknown, res: any) => void) => register(req, (err: unknown, res: any) => {
        if (!err && res) {
            records.set(res.getUrn(), {
                urn: res.getUrn(), type: req.getType(), name: req.getName(), custom: req.getCustom(), parent: req.getParent() || undefined,
                dependencies: req.getDependenciesList(), inputs: pulumi.runtime.deserializeProperties(req.getObject()),
                options: { ignoreChanges: req.getIgnorechangesList(), deleteBeforeReplace: req.getDeletebeforereplace() },
            });
        }
        callback(err, res);
    });

    // The runtime's config is process-wide: put back what was there, so a caller that plans in-process (a test, the
    // bench) leaves no stack config (e.g. aws:region) behind for whatever runs next.
    const store: Record<string, string | undefined> = require("@pulumi/pulumi/runtime/state").getStore().config;
    const before = { ...store };
    const secretKeys = Object.keys(config.values).filter((k) => config.secrets.has(k));
    pulumi.runtime.setAllConfig(config.values, secretKeys);
    // A check inside an apply (a secret's value, e.g. adminPassword) fails as a rejection nobody awaits, and whatever
    // waits on that output never resolves: the run fails with the first such rejection instead of hanging.
    let failed: (e: unknown) => void = () => undefined;
    const failure = new Promise<never>((_, reject) => { failed = reject; });
    failure.catch(() => undefined);
    process.on("unhandledRejection", failed);
    try {
        delete require.cache[require.resolve(programPath)];
        const program = await Promise.race([import(programPath), failure]);
        const outputs = (await Promise.race([resolve({ ...program }), failure])) as Record<string, unknown>;
        // Registrations that wait on outputs (e.g. dynamic resources serializing their provider) land a little later.
        for (let idle = 0, last = -1; idle < 8; await Promise.race([new Promise((r) => setTimeout(r, 25)), failure])) {
            idle = records.size === last ? idle + 1 : 0;
            last = records.size;
        }
        return { resources: [...records.values()], outputs };
    } finally {
        process.off("unhandledRejection", failed);
        for (const k of Object.keys(store)) delete store[k];
        Object.assign(store, before);
    }
}

/** A resource's connection (BIG-IP or SSH), if it has one: stored secret as a whole (it carries the password), but where it points is not secret. */
export function connectionOf(r: PlannedResource): { host?: string; port?: number; user?: string } | undefined {
    const raw = r.inputs.connection as any;
    const c = isSecret(raw) ? (raw.value as any) : raw;
    return c && typeof c === "object" ? c : undefined;
}

/** `host[:port]` of the BIG-IP a dynamic resource talks to. */
export function deviceOf(r: PlannedResource): string {
    const c = connectionOf(r);
    return c ? `${c.host}${c.port && c.port !== 443 ? `:${c.port}` : ""}` : "";
}

