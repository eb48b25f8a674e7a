/**
 * Shared harness for the CloneAcrossL3 acceptance tests: the whole resource graph under Pulumi mocks
 * (network, BIG-IP VE, collector, and the BIG-IP dynamic resources), built from the deployments below.
 *
 * Dynamic resources are registered with their inputs plus the serialized provider (`__provider`); the
 * provider code never runs. The mocks below add only what the real providers would report back: the
 * objects' `fullPath`, and the onboarding command's stdout carrying the certificate fingerprint.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { CloneAcrossL3 } from "../../components/cloneAcrossL3/cloneAcrossL3";
import { CloneAcrossL3Args, ExistingBigIpArgs } from "../../components/cloneAcrossL3/args";
import { Mocked, RecordedResource, promiseOf, settle, unwrapSecrets, useMocks } from "../helpers/mocks";
export { VPC, SUBNET, IGW, RT, RTA, ROUTE, PEERING, TGW, TGW_ATTACH, SG, INGRESS, ENI, EIP, INSTANCE, COMMAND, GET_AMI } from "../helpers/types";
import { ROUTE } from "../helpers/types";

export const COMPONENT = "clonel3:index:CloneAcrossL3";
const DYNAMIC = "pulumi-nodejs:dynamic/clonel3-bigip:";
export const CHAIN = `${DYNAMIC}TunnelChain`;
export const POOL = `${DYNAMIC}Pool`;
export const ATTACHMENT = `${DYNAMIC}ClonePoolAttachment`;
export const SAVE = `${DYNAMIC}ConfigSave`;
export const VLAN = `${DYNAMIC}Vlan`;
export const SELF = `${DYNAMIC}SelfIp`;
export const BIGIP_ROUTE = `${DYNAMIC}Route`;
export const CHECK = `${DYNAMIC}UnderlayCheck`;
export const VIRTUAL = `${DYNAMIC}VirtualServer`;

export const NAME = "l3";
export const ADMIN = ["203.0.113.10/32", "198.51.100.0/24"];
export const PASSWORD = "Sup3r-S3cret!";
/** A well-formed (unencrypted, openssh-key-v1) but fake OpenSSH key body. */
export const KEY_BODY = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABRmFrZUtleUZvclRlc3RzIQ==";
export const PRIVATE_KEY = `-----BEGIN OPENSSH PRIVATE KEY-----\n${KEY_BODY}\n-----END OPENSSH PRIVATE KEY-----\n`;
export const PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpaWlpa test@example";
/** The fingerprint of the example management certificate the mocks give a created BIG-IP (stacks/plan/exampleCert.ts). */
export const CREATED_FINGERPRINT = "A7:26:E2:C1:E5:77:87:6E:94:49:4D:12:76:EB:5A:2A:2D:2F:25:70:14:FF:95:7B:7D:E2:04:51:83:B0:6B:E4";
export const FINGERPRINT = Array.from({ length: 32 }, (_x, i) => (i * 7 + 16).toString(16).toUpperCase().padStart(2, "0")).join(":");
const ENV_FILE = "/etc/clone-tunnel/clone0.env";

/** Peering, multi-NIC, GRE, onboarding configured: the default deployment. */
export function defaults(over: Partial<CloneAcrossL3Args> = {}, bigip: Partial<CloneAcrossL3Args["bigip"]> = {}): CloneAcrossL3Args {
    return {
        adminCidrs: ADMIN,
        ...over,
        bigip: { sshPublicKey: PUBLIC_KEY, adminPassword: pulumi.secret(PASSWORD), ...bigip },
    };
}

export const VNI = 4242;

/** The VPC of an existing BIG-IP (bring-your-own BIG-IP). */
export const BYO_BIGIP_VPC = { vpcId: "vpc-0b16", cidr: "10.0.0.0/16", routeTableIds: ["rtb-0b01"] };
export const BYO_PASSWORD = "Byo-Pa55word!";

export function existing(over: Partial<ExistingBigIpArgs> = {}): ExistingBigIpArgs {
    return { host: "192.0.2.10", password: pulumi.secret(BYO_PASSWORD), tls: { fingerprint256: FINGERPRINT }, tunnelSourceIp: "10.0.2.5", ...over };
}

/** An existing BIG-IP in its own VPC; the collector VPC is created and peered to it. */
export function byoBigip(over: Partial<ExistingBigIpArgs> = {}, extra: Partial<CloneAcrossL3Args> = {}): CloneAcrossL3Args {
    return { adminCidrs: ADMIN, existingBigip: existing(over), network: { existing: { bigip: BYO_BIGIP_VPC } }, ...extra };
}

/** The variant deployments built by more than one file (options.test.ts checks their graph, cloudInit.test.ts their user data). */
export const variant = {
    transitGateway: () => defaults({ network: { connectivity: "transitGateway" } }),
    singleNic: () => defaults({}, { nics: "single" }),
    vxlan: () => defaults({ encapsulation: "vxlan", vni: VNI }),
};

// ---------------------------------------------------------------------------------------------------------
// Harness

/** Registration failures (e.g. a dynamic provider that cannot be serialized) only surface as unhandled rejections. */
const registrationErrors: unknown[] = [];
const onRejection = (reason: unknown) => { registrationErrors.push(reason); };

function monitor(): any {
    return require("@pulumi/pulumi/runtime/settings").getMonitor();
}

/** Fresh mocks that also report what the real providers would: dynamic objects' fullPath. */
export async function mocks(opts: Parameters<typeof useMocks>[0] = {}): Promise<Mocked> {
    const m = await useMocks(opts);
    const table = monitor().mocks;
    const newResource = table.newResource.bind(table);
    table.newResource = (args: pulumi.runtime.MockResourceArgs) => {
        const r = newResource(args);
        if (args.type.startsWith(DYNAMIC) && typeof args.inputs.name === "string") {
            r.state = { ...r.state, fullPath: `/${args.inputs.partition ?? "Common"}/${args.inputs.name}` };
        }
        return r;
    };
    return m;
}

/** State the mock monitor returned for a resource (the computed outputs, e.g. an ENI's privateIp). */
export function stateOf(r: RecordedResource): any {
    const s = monitor().resources.get(r.urn)?.state;
    assert.ok(s, `no state recorded for ${r.name}`);
    return unwrapSecrets(s);
}

export interface Built {
    c: CloneAcrossL3;
    m: Mocked;
    /** Every resource the component constructed (itself included), by logical name. */
    created: Map<string, pulumi.Resource>;
    /** Logical name → parent's logical name, as constructed. */
    parents: Record<string, string | undefined>;
    /** Logical name → names of its explicit dependsOn. */
    deps: Record<string, string[]>;
}

function nameOf(r: unknown): string {
    return (r as { __name?: string }).__name ?? "?";
}

/**
 * Waits until every resource the component constructed has reached the mocks, failing fast (instead of
 * hanging until mocha's timeout) when the runtime reports a registration error.
 */
async function allRegistered(resources: pulumi.Resource[], timeoutMs = 45_000): Promise<void> {
    const seen = registrationErrors.length;
    const pending = new Set(resources.map(nameOf));
    const done = Promise.all(resources.map((r) => promiseOf(r.urn).then(() => pending.delete(nameOf(r)))));
    let timer: NodeJS.Timeout | undefined;
    const failed = new Promise<never>((_resolve, reject) => {
        const started = Date.now();
        timer = setInterval(() => {
            const errors = registrationErrors.slice(seen);
            if (errors.length || Date.now() - started > timeoutMs) {
                reject(new Error(`not registered: ${[...pending].join(", ")}` +
                    (errors.length ? `; the Pulumi runtime reported: ${errors.map(String).join(" | ")}` : ` (after ${timeoutMs} ms)`)));
            }
        }, 50);
    });
    try {
        await Promise.race([done, failed]);
    } finally {
        clearInterval(timer);
    }
    await settle();
}

export async function build(m: Mocked, args: CloneAcrossL3Args, name = NAME): Promise<Built> {
    const created = new Map<string, pulumi.Resource>();
    const parents: Built["parents"] = {};
    const deps: Built["deps"] = {};
    // Legacy transformations run client-side and reach every descendant, so mocks can see parents and dependsOn.
    const c = new CloneAcrossL3(name, args, {
        transformations: [(t) => {
            created.set(t.name, t.resource);
            parents[t.name] = t.opts.parent ? nameOf(t.opts.parent) : undefined;
            const d = t.opts.dependsOn;
            deps[t.name] = (Array.isArray(d) ? d : d ? [d] : []).map(nameOf);
            return undefined;
        }],
    });
    created.set(name, c);
    await allRegistered([...created.values()]);
    return { c, m, created, parents, deps };
}

/** This component's resources (ignores stray registrations of other test files). */
export function mine(m: Mocked, name = NAME): RecordedResource[] {
    return m.resources.filter((r) => r.name === name || r.name.startsWith(`${name}-`));
}

export function ofType(m: Mocked, type: string): RecordedResource[] {
    return mine(m).filter((r) => r.type === type);
}

export function dynamicResources(m: Mocked): RecordedResource[] {
    return mine(m).filter((r) => r.type.startsWith(DYNAMIC));
}

/** The collector's env file (what the tunnel script sources), parsed out of the registered user data. */
export function collectorUserData(m: Mocked): { text: string; env: Record<string, string>; script: string } {
    const text: string = m.named(`${NAME}-collector-instance`).inputs.userData;
    assert.equal(typeof text, "string", "the collector instance has user data");
    const doc = parse(text, { version: "1.1" });
    const file = (p: string) => doc.write_files.find((f: any) => f.path === p);
    assert.ok(file(ENV_FILE), `user data writes ${ENV_FILE}`);
    const env = Object.fromEntries(String(file(ENV_FILE).content).split("\n").filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1).replace(/^'(.*)'$/, "$1")]));
    return { text, env, script: file("/usr/local/sbin/clone-tunnel").content };
}

/** Routes that lead to another VPC (not the default routes): `table -> cidr via target`. */
export function crossRoutes(m: Mocked): string[] {
    return ofType(m, ROUTE).filter((r) => r.inputs.destinationCidrBlock !== "0.0.0.0/0").map((r) => {
        const via = r.inputs.vpcPeeringConnectionId ?? r.inputs.transitGatewayId ?? r.inputs.gatewayId;
        return `${r.inputs.routeTableId} -> ${r.inputs.destinationCidrBlock} via ${via}`;
    }).sort();
}

/** Dotted paths (in the unwrapped inputs) of every string that contains `needle`. */
export function pathsContaining(v: any, needle: string, p = ""): string[] {
    if (typeof v === "string") return v.includes(needle) ? [p] : [];
    if (Array.isArray(v)) return v.flatMap((x, i) => pathsContaining(x, needle, `${p}[${i}]`));
    if (v && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => pathsContaining(x, needle, p ? `${p}.${k}` : k));
    return [];
}

/** Is `p` inside one of the secret paths (itself, or a parent object/array the engine marked secret)? */
export function coveredBySecret(p: string, secrets: string[]): boolean {
    return secrets.some((s) => s === "" || p === s || p.startsWith(`${s}.`) || p.startsWith(`${s}[`));
}

/** Every file's outer describe calls this: registration failures surface as unhandled rejections (see allRegistered). */
export function captureRegistrationErrors(): void {
    before(() => { process.on("unhandledRejection", onRejection); });
    after(() => { process.off("unhandledRejection", onRejection); });
}
