/**
 * Acceptance test of the composed CloneAcrossL3 component: the whole resource graph under Pulumi mocks
 * (network, BIG-IP VE, collector, and the BIG-IP dynamic resources), its secrets, its refusals, and the
 * collector user data it renders checked by the real `cloud-init schema -c`.
 *
 * Dynamic resources are registered with their inputs plus the serialized provider (`__provider`); the
 * provider code never runs. The mocks below add only what the real providers would report back: the
 * objects' `fullPath`, and the onboarding command's stdout carrying the certificate fingerprint.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { FINGERPRINT_MARKER } from "../../components/bigip/instance/onboard";
import { CloneAcrossL3 } from "../../components/cloneAcrossL3/cloneAcrossL3";
import { CloneAcrossL3Args } from "../../components/cloneAcrossL3/args";
import { validateCloneAcrossL3Args } from "../../components/cloneAcrossL3/validate";
import { deriveMac } from "../../components/collector/mac";
import { ConfigError } from "../../components/common/errors";
import { Mocked, RecordedResource, promiseOf, secretPaths, settle, unwrapSecrets, useMocks } from "../helpers/mocks";

const COMPONENT = "clonel3:index:CloneAcrossL3";
const VPC = "aws:ec2/vpc:Vpc";
const SUBNET = "aws:ec2/subnet:Subnet";
const IGW = "aws:ec2/internetGateway:InternetGateway";
const RT = "aws:ec2/routeTable:RouteTable";
const RTA = "aws:ec2/routeTableAssociation:RouteTableAssociation";
const ROUTE = "aws:ec2/route:Route";
const PEERING = "aws:ec2/vpcPeeringConnection:VpcPeeringConnection";
const TGW = "aws:ec2transitgateway/transitGateway:TransitGateway";
const TGW_ATTACH = "aws:ec2transitgateway/vpcAttachment:VpcAttachment";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const ENI = "aws:ec2/networkInterface:NetworkInterface";
const EIP = "aws:ec2/eip:Eip";
const INSTANCE = "aws:ec2/instance:Instance";
const COMMAND = "command:remote:Command";
const GET_AMI = "aws:ec2/getAmi:getAmi";
const DYNAMIC = "pulumi-nodejs:dynamic/clonel3-bigip:";
const CHAIN = `${DYNAMIC}TunnelChain`;
const POOL = `${DYNAMIC}Pool`;
const ATTACHMENT = `${DYNAMIC}ClonePoolAttachment`;
const SAVE = `${DYNAMIC}ConfigSave`;

const NAME = "l3";
const ADMIN = ["203.0.113.10/32", "198.51.100.0/24"];
const PASSWORD = "Sup3r-S3cret!";
const KEY_BODY = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABFakeKeyForTests";
const PRIVATE_KEY = `-----BEGIN OPENSSH PRIVATE KEY-----\n${KEY_BODY}\n-----END OPENSSH PRIVATE KEY-----\n`;
const PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakePublicKeyForTests test@example";
const FINGERPRINT = Array.from({ length: 32 }, (_x, i) => (i * 7 + 16).toString(16).toUpperCase().padStart(2, "0")).join(":");
const ENV_FILE = "/etc/clone-tunnel/clone0.env";

/** Peering, multi-NIC, GRE, onboarding configured: the default deployment. */
function defaults(over: Partial<CloneAcrossL3Args> = {}, bigip: Partial<CloneAcrossL3Args["bigip"]> = {}): CloneAcrossL3Args {
    return {
        adminCidrs: ADMIN,
        ...over,
        bigip: { sshPublicKey: PUBLIC_KEY, adminPassword: pulumi.secret(PASSWORD), sshPrivateKey: PRIVATE_KEY, ...bigip },
    };
}

// ---------------------------------------------------------------------------------------------------------
// Harness

/** Registration failures (e.g. a dynamic provider that cannot be serialized) only surface as unhandled rejections. */
const registrationErrors: unknown[] = [];
const onRejection = (reason: unknown) => { registrationErrors.push(reason); };

function monitor(): any {
    return require("@pulumi/pulumi/runtime/settings").getMonitor();
}

/** Fresh mocks that also report what the real providers would: dynamic objects' fullPath, onboarding stdout. */
async function mocks(opts: Parameters<typeof useMocks>[0] = {}): Promise<Mocked> {
    const m = await useMocks(opts);
    const table = monitor().mocks;
    const newResource = table.newResource.bind(table);
    table.newResource = (args: pulumi.runtime.MockResourceArgs) => {
        const r = newResource(args);
        if (args.type.startsWith(DYNAMIC) && typeof args.inputs.name === "string") {
            r.state = { ...r.state, fullPath: `/${args.inputs.partition ?? "Common"}/${args.inputs.name}` };
        }
        if (args.type === COMMAND) r.state = { ...r.state, stdout: `mcpd running\n${FINGERPRINT_MARKER}${FINGERPRINT}\n` };
        return r;
    };
    return m;
}

/** State the mock monitor returned for a resource (the computed outputs, e.g. an ENI's privateIp). */
function stateOf(r: RecordedResource): any {
    const s = monitor().resources.get(r.urn)?.state;
    assert.ok(s, `no state recorded for ${r.name}`);
    return unwrapSecrets(s);
}

interface Built {
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

async function build(m: Mocked, args: CloneAcrossL3Args, name = NAME): Promise<Built> {
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
function mine(m: Mocked, name = NAME): RecordedResource[] {
    return m.resources.filter((r) => r.name === name || r.name.startsWith(`${name}-`));
}

function ofType(m: Mocked, type: string): RecordedResource[] {
    return mine(m).filter((r) => r.type === type);
}

function dynamicResources(m: Mocked): RecordedResource[] {
    return mine(m).filter((r) => r.type.startsWith(DYNAMIC));
}

/** The collector's env file (what the tunnel script sources), parsed out of the registered user data. */
function collectorUserData(m: Mocked): { text: string; env: Record<string, string>; script: string } {
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
function crossRoutes(m: Mocked): string[] {
    return ofType(m, ROUTE).filter((r) => r.inputs.destinationCidrBlock !== "0.0.0.0/0").map((r) => {
        const via = r.inputs.vpcPeeringConnectionId ?? r.inputs.transitGatewayId ?? r.inputs.gatewayId;
        return `${r.inputs.routeTableId} -> ${r.inputs.destinationCidrBlock} via ${via}`;
    }).sort();
}

let tmp: string | undefined;

/** The real `cloud-init schema -c` (the plain command: `--annotate` exits 0 on broken YAML). */
function assertCloudInitValid(text: string, label: string): void {
    tmp ??= fs.mkdtempSync(path.join(os.tmpdir(), "clone-l3-userdata-"));
    const file = path.join(tmp, `${label.replace(/[^a-z0-9]+/gi, "-")}.yaml`);
    fs.writeFileSync(file, text);
    const r = spawnSync("cloud-init", ["schema", "-c", file], { encoding: "utf8", timeout: 60_000 });
    if (r.error && (r.error as NodeJS.ErrnoException).code === "ENOENT") {
        assert.fail("`cloud-init` is not on PATH: install Debian's cloud-init (apt-get install -y --no-install-recommends cloud-init); " +
            "this test gates the collector user data on its schema check");
    }
    if (r.error) throw r.error;
    assert.equal(r.status, 0, `cloud-init schema -c rejected the ${label} user data:\n${r.stdout}\n${r.stderr}`);
    assert.match(`${r.stdout}${r.stderr}`, /Valid schema|Valid cloud-config/);
}

/** Dotted paths (in the unwrapped inputs) of every string that contains `needle`. */
function pathsContaining(v: any, needle: string, p = ""): string[] {
    if (typeof v === "string") return v.includes(needle) ? [p] : [];
    if (Array.isArray(v)) return v.flatMap((x, i) => pathsContaining(x, needle, `${p}[${i}]`));
    if (v && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => pathsContaining(x, needle, p ? `${p}.${k}` : k));
    return [];
}

/** Is `p` inside one of the secret paths (itself, or a parent object/array the engine marked secret)? */
function coveredBySecret(p: string, secrets: string[]): boolean {
    return secrets.some((s) => s === "" || p === s || p.startsWith(`${s}.`) || p.startsWith(`${s}[`));
}

describe("CloneAcrossL3 (composed component)", () => {
    before(() => { process.on("unhandledRejection", onRejection); });
    after(() => {
        process.off("unhandledRejection", onRejection);
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    describe("default: peering, multi-NIC, GRE, onboarding", () => {
        let b: Built;
        let m: Mocked;
        let tunnelSource: string;
        let collectorIp: string;
        before(async () => {
            m = await mocks();
            b = await build(m, defaults());
            tunnelSource = stateOf(m.named(`${NAME}-bigip-external-eni`)).privateIp;
            collectorIp = stateOf(m.named(`${NAME}-collector-eni`)).privateIp;
        });

        it("registers every child under clonel3:index:CloneAcrossL3, parent by parent", () => {
            const root = m.named(NAME);
            assert.equal(root.type, COMPONENT);
            assert.equal(root.urn, `urn:pulumi:test::clone-l3::${COMPONENT}::${NAME}`);
            const children = mine(m).filter((r) => r.name !== NAME);
            assert.ok(children.length > 40, `expected the whole graph, got ${children.length}`);
            for (const r of children) {
                // Walk the constructed parent chain up to the component; each hop must match the URN's parent type.
                const chain: string[] = [];
                for (let n: string | undefined = r.name; n !== undefined && n !== NAME; n = b.parents[n]) {
                    assert.ok(!chain.includes(n), `parent cycle at ${n}`);
                    chain.push(n);
                    assert.ok(b.parents[n] !== undefined, `${n} has no parent: it escaped the component`);
                }
                const parent = m.named(b.parents[r.name]!);
                assert.ok(r.urn.includes(`::${parent.type}$${r.type}::${r.name}`), `${r.name}: ${r.urn} is not under ${parent.type}`);
            }
            for (const part of ["network", "bigip", "collector"]) {
                assert.equal(b.parents[`${NAME}-${part}`], NAME, `${part} is a direct child of the component`);
            }
            for (const r of dynamicResources(m)) assert.equal(b.parents[r.name], NAME, `${r.name} is a direct child of the component`);
        });

        it("creates two VPCs joined by peering, with routes on BOTH sides to the other VPC's CIDR", async () => {
            const vpcs = ofType(m, VPC);
            assert.deepEqual(vpcs.map((v) => `${v.name}=${v.inputs.cidrBlock}`).sort(),
                [`${NAME}-network-bigip-vpc=10.0.0.0/16`, `${NAME}-network-collector-vpc=10.1.0.0/16`]);
            const [peering] = ofType(m, PEERING);
            assert.equal(ofType(m, PEERING).length, 1);
            assert.deepEqual([peering.inputs.vpcId, peering.inputs.peerVpcId, peering.inputs.autoAccept],
                [`${NAME}-network-bigip-vpc-id`, `${NAME}-network-collector-vpc-id`, true]);
            const pcx = `${NAME}-network-peering-id`;
            assert.deepEqual(crossRoutes(m), [
                `${NAME}-network-bigip-rt-id -> 10.1.0.0/16 via ${pcx}`,
                `${NAME}-network-collector-rt-id -> 10.0.0.0/16 via ${pcx}`,
            ]);
            assert.equal(ofType(m, TGW).length, 0);
            assert.equal(b.c.tunnel.underlayPath, "peering");
            // The collector (the tunnel's far end) only starts once both routes exist.
            assert.deepEqual([...b.deps[`${NAME}-collector`]].sort(), [`${NAME}-network-bigip-rt0-to-collector`, `${NAME}-network-collector-rt0-to-bigip`]);
        });

        it("looks the BIG-IP image up in aws-marketplace by description", () => {
            const lookups = m.invokes.filter((i) => i.token === GET_AMI && i.inputs.owners?.includes("aws-marketplace"));
            assert.equal(lookups.length, 1);
            assert.deepEqual(lookups[0].inputs.owners, ["aws-marketplace"]);
            assert.deepEqual(lookups[0].inputs.filters, [{ name: "description", values: ["F5 BIGIP-17.1* PAYG-Good 25Mbps*"] }]);
            assert.equal(lookups[0].inputs.mostRecent, true);
            assert.equal(m.named(`${NAME}-bigip-instance`).inputs.ami, "ami-0bigip000000000");
        });

        it("puts the management EIP (domain vpc) on the MANAGEMENT ENI, and the URL on it", async () => {
            const eip = m.named(`${NAME}-bigip-mgmt-eip`);
            assert.equal(eip.inputs.domain, "vpc");
            assert.equal(eip.inputs.networkInterface, `${NAME}-bigip-mgmt-eni-id`);
            assert.equal(eip.inputs.associateWithPrivateIp, stateOf(m.named(`${NAME}-bigip-mgmt-eni`)).privateIp);
            assert.equal(m.named(`${NAME}-bigip-mgmt-eni`).inputs.subnetId, `${NAME}-network-mgmt-id`);
            assert.equal(m.named(`${NAME}-bigip-external-eni`).inputs.subnetId, `${NAME}-network-external-id`);
            const url = await promiseOf(b.c.managementUrl);
            assert.equal(url, `https://${stateOf(eip).publicIp}`);
            assert.deepEqual(m.named(`${NAME}-bigip-instance`).inputs.networkInterfaces,
                [{ deviceIndex: 0, networkInterfaceId: `${NAME}-bigip-mgmt-eni-id` }, { deviceIndex: 1, networkInterfaceId: `${NAME}-bigip-external-eni-id` }]);
        });

        it("sources the tunnel from the external ENI and admits GRE (47) only from that /32", async () => {
            assert.match(tunnelSource, /^\d+\.\d+\.\d+\.\d+$/);
            assert.equal(await promiseOf(b.c.bigip.tunnelSourceIp), tunnelSource);
            assert.notEqual(tunnelSource, stateOf(m.named(`${NAME}-bigip-mgmt-eni`)).privateIp);
            const rule = m.named(`${NAME}-collector-tunnel-in`);
            assert.equal(rule.type, INGRESS);
            assert.equal(rule.inputs.ipProtocol, "47");
            assert.equal(rule.inputs.cidrIpv4, `${tunnelSource}/32`);
            assert.equal(rule.inputs.securityGroupId, `${NAME}-collector-sg-id`);
            const gre = ofType(m, INGRESS).filter((r) => ["47", "gre", "-1", "all"].includes(String(r.inputs.ipProtocol).toLowerCase()));
            assert.deepEqual(gre.map((r) => r.name), [`${NAME}-collector-tunnel-in`], "no other rule admits GRE");
            for (const sg of ofType(m, SG)) assert.equal(sg.inputs.ingress, undefined, `${sg.name} has no inline rules`);
        });

        it("admits SSH and management only from adminCidrs", () => {
            const others = ofType(m, INGRESS).filter((r) => r.name !== `${NAME}-collector-tunnel-in`);
            assert.ok(others.length > 0);
            for (const r of others) {
                assert.equal(r.inputs.ipProtocol, "tcp", r.name);
                assert.ok(ADMIN.includes(r.inputs.cidrIpv4), `${r.name} admits ${r.inputs.cidrIpv4}`);
            }
            const rules = (sg: string) => others.filter((r) => r.inputs.securityGroupId === `${sg}-id`)
                .map((r) => `${r.inputs.fromPort}-${r.inputs.toPort} ${r.inputs.cidrIpv4}`).sort();
            assert.deepEqual(rules(`${NAME}-bigip-mgmt-sg`), ADMIN.flatMap((c) => [`22-22 ${c}`, `443-443 ${c}`]).sort());
            assert.deepEqual(rules(`${NAME}-collector-sg`), ADMIN.map((c) => `22-22 ${c}`).sort());
            assert.deepEqual(m.named(`${NAME}-bigip-mgmt-eni`).inputs.securityGroups, [`${NAME}-bigip-mgmt-sg-id`]);
        });

        it("renders the collector user data with REMOTE = tunnel source, LOCAL = collector ENI, the tunnel MAC and MTU 8963", async () => {
            const { env } = collectorUserData(m);
            assert.equal(env.TUNNEL_MODE, "gretap");
            assert.equal(env.REMOTE, tunnelSource);
            assert.equal(env.LOCAL, collectorIp);
            assert.equal(await promiseOf(b.c.collector.privateIp), collectorIp);
            assert.equal(env.TUNNEL_MAC, b.c.tunnel.collectorMac);
            assert.equal(b.c.tunnel.collectorMac, deriveMac(`${NAME}-collector/clone0`));
            assert.equal(env.TUNNEL_MTU, "8963");
            assert.equal(env.OVERLAY_ADDRESS, "10.254.0.2/29");
            assert.equal(env.VXLAN_VNI, undefined);
            assert.equal(m.named(`${NAME}-collector-eni`).inputs.subnetId, `${NAME}-network-collector-id`);
            assert.equal(m.named(`${NAME}-collector-instance`).inputs.keyName, `${NAME}-bigip-key`);
        });

        it("reports the tunnel details", () => {
            assert.deepEqual(b.c.tunnel, {
                encapsulation: "gre", vni: undefined, mtu: 8963, underlayPath: "peering", overlayCidr: "10.254.0.0/29",
                bigipOverlayIp: "10.254.0.1", collectorOverlayIp: "10.254.0.2", collectorMac: deriveMac(`${NAME}-collector/clone0`),
                collectorDevice: "clone0", bigipTunnelName: `${NAME}-gre`,
            });
        });

        it("builds the BIG-IP tunnel chain from the tunnel source to the collector, after onboarding", async () => {
            const chains = ofType(m, CHAIN);
            assert.equal(chains.length, 1);
            const i = chains[0].inputs;
            assert.equal(i.encapsulation, "gre");
            assert.equal(i.key, 0);
            assert.equal(i.localAddress, tunnelSource);
            assert.equal(i.remoteAddress, collectorIp);
            assert.equal(i.mtu, 8963);
            assert.equal(i.selfAddress, "10.254.0.1/29");
            assert.equal(i.collectorAddress, "10.254.0.2");
            assert.equal(i.collectorMac, b.c.tunnel.collectorMac);
            assert.equal(i.name, `${NAME}-gre`);
            // REST goes to the management EIP on 443, as admin, pinned to the fingerprint onboarding read.
            assert.equal(i.connection.host, stateOf(m.named(`${NAME}-bigip-mgmt-eip`)).publicIp);
            assert.equal(i.connection.port, 443);
            assert.equal(i.connection.username, "admin");
            assert.deepEqual(i.connection.tls, { fingerprint256: FINGERPRINT });
            assert.equal(i.connection.readinessTimeoutMs, 20 * 60_000);
            assert.ok(b.deps[chains[0].name].includes(`${NAME}-bigip`), "waits for the BIG-IP component (and so its onboarding)");
            assert.ok(b.created.has(`${NAME}-bigip-onboard`));
            assert.equal(b.parents[`${NAME}-bigip-onboard`], `${NAME}-bigip`);
        });

        it("makes the clone pool with the single member 10.254.0.2:0, after the chain", () => {
            const pools = ofType(m, POOL);
            assert.equal(pools.length, 1);
            assert.deepEqual(pools[0].inputs.members, ["10.254.0.2:0"]);
            assert.equal(pools[0].inputs.name, `${NAME}-gre-pool`);
            assert.equal(pools[0].inputs.monitor, undefined, "no monitor: a failing one would silently stop cloning");
            assert.deepEqual(b.deps[pools[0].name], [`${NAME}-clone-tunnel`]);
            assert.equal(ofType(m, ATTACHMENT).length, 0, "no clone targets, no attachments");
        });

        it("saves the configuration after the chain and the pool, re-saving when any of their settings changes", () => {
            const saves = ofType(m, SAVE);
            assert.equal(saves.length, 1);
            const save = saves[0];
            assert.equal(save.urn, `urn:pulumi:test::clone-l3::${COMPONENT}$${SAVE}::${NAME}-clone-save`);
            assert.equal(b.parents[save.name], NAME);
            assert.deepEqual([...b.deps[save.name]].sort(), [`${NAME}-clone-pool`, `${NAME}-clone-tunnel`]);
            const t = save.inputs.triggers;
            for (const v of [tunnelSource, collectorIp, 8963, "10.254.0.1/29", "10.254.0.2", b.c.tunnel.collectorMac, "gre", `${NAME}-gre`]) {
                assert.ok(t.includes(v), `triggers include ${v}: ${JSON.stringify(t)}`);
            }
            assert.equal(save.inputs.connection.host, stateOf(m.named(`${NAME}-bigip-mgmt-eip`)).publicIp);
        });

        it("gives every BIG-IP resource the same REST connection", () => {
            const dyn = dynamicResources(m);
            assert.deepEqual(dyn.map((r) => r.type).sort(), [CHAIN, POOL, SAVE].sort());
            const first = JSON.stringify(dyn[0].inputs.connection);
            for (const r of dyn) {
                assert.equal(JSON.stringify(r.inputs.connection), first, r.name);
                assert.equal(typeof r.inputs.__provider, "string", `${r.name} carries its serialized provider`);
                assert.ok(r.inputs.__provider.length > 1000);
            }
        });

        it("the collector user data passes `cloud-init schema -c`", () => {
            assertCloudInitValid(collectorUserData(m).text, "gre");
        });
    });

    describe("transitGateway", () => {
        let m: Mocked;
        let b: Built;
        before(async () => {
            m = await mocks();
            b = await build(m, defaults({ network: { connectivity: "transitGateway" } }));
        });

        it("creates a TGW with an attachment per VPC, routes via it on both sides, no peering", () => {
            const tgws = ofType(m, TGW);
            assert.equal(tgws.length, 1);
            const tgw = `${tgws[0].name}-id`;
            const attachments = ofType(m, TGW_ATTACH);
            assert.deepEqual(attachments.map((a) => `${a.inputs.vpcId} ${a.inputs.transitGatewayId}`).sort(),
                [`${NAME}-network-bigip-vpc-id ${tgw}`, `${NAME}-network-collector-vpc-id ${tgw}`]);
            assert.deepEqual(crossRoutes(m), [
                `${NAME}-network-bigip-rt-id -> 10.1.0.0/16 via ${tgw}`,
                `${NAME}-network-collector-rt-id -> 10.0.0.0/16 via ${tgw}`,
            ]);
            for (const r of ofType(m, ROUTE).filter((x) => x.inputs.transitGatewayId)) {
                assert.deepEqual([...b.deps[r.name]].sort(), attachments.map((a) => a.name).sort(), `${r.name} waits for the attachments`);
            }
            assert.equal(ofType(m, PEERING).length, 0);
        });

        it("budgets the GRE tunnel for the TGW path: MTU 8462 everywhere", () => {
            assert.equal(b.c.tunnel.mtu, 8462);
            assert.equal(b.c.tunnel.underlayPath, "transit-gateway");
            assert.equal(ofType(m, CHAIN)[0].inputs.mtu, 8462);
            assert.equal(collectorUserData(m).env.TUNNEL_MTU, "8462");
        });

        it("the collector user data passes `cloud-init schema -c`", () => {
            assertCloudInitValid(collectorUserData(m).text, "tgw");
        });
    });

    describe("single-NIC", () => {
        let m: Mocked;
        let b: Built;
        let eniIp: string;
        before(async () => {
            m = await mocks();
            b = await build(m, defaults({}, { nics: "single" }));
            eniIp = stateOf(m.named(`${NAME}-bigip-mgmt-eni`)).privateIp;
        });

        it("serves management on 8443: security group rules, URL and every REST connection", async () => {
            const mgmt = ofType(m, INGRESS).filter((r) => r.inputs.securityGroupId === `${NAME}-bigip-mgmt-sg-id`);
            assert.deepEqual(mgmt.map((r) => `${r.inputs.fromPort} ${r.inputs.cidrIpv4}`).sort(), ADMIN.flatMap((c) => [`22 ${c}`, `8443 ${c}`]).sort());
            assert.equal(await promiseOf(b.c.managementUrl), `https://${stateOf(m.named(`${NAME}-bigip-mgmt-eip`)).publicIp}:8443`);
            const dyn = dynamicResources(m);
            assert.equal(dyn.length, 3);
            for (const r of dyn) assert.equal(r.inputs.connection.port, 8443, r.name);
        });

        it("sources the tunnel from the one ENI", async () => {
            assert.deepEqual(ofType(m, ENI).filter((e) => e.name.startsWith(`${NAME}-bigip-`)).map((e) => e.name), [`${NAME}-bigip-mgmt-eni`]);
            assert.equal(await promiseOf(b.c.bigip.tunnelSourceIp), eniIp);
            assert.equal(m.named(`${NAME}-collector-tunnel-in`).inputs.cidrIpv4, `${eniIp}/32`);
            assert.equal(ofType(m, CHAIN)[0].inputs.localAddress, eniIp);
            assert.equal(collectorUserData(m).env.REMOTE, eniIp);
            assert.deepEqual(m.named(`${NAME}-bigip-instance`).inputs.networkInterfaces, [{ deviceIndex: 0, networkInterfaceId: `${NAME}-bigip-mgmt-eni-id` }]);
        });

        it("the collector user data passes `cloud-init schema -c`", () => {
            assertCloudInitValid(collectorUserData(m).text, "single-nic");
        });
    });

    describe("VXLAN", () => {
        const VNI = 4242;
        let m: Mocked;
        let b: Built;
        let tunnelSource: string;
        before(async () => {
            m = await mocks();
            b = await build(m, defaults({ encapsulation: "vxlan", vni: VNI }));
            tunnelSource = stateOf(m.named(`${NAME}-bigip-external-eni`)).privateIp;
        });

        it("admits UDP 4789 only from the tunnel source /32, and no GRE", () => {
            const rule = m.named(`${NAME}-collector-tunnel-in`).inputs;
            assert.deepEqual([rule.ipProtocol, rule.fromPort, rule.toPort, rule.cidrIpv4], ["udp", 4789, 4789, `${tunnelSource}/32`]);
            assert.equal(ofType(m, INGRESS).filter((r) => ["47", "-1"].includes(String(r.inputs.ipProtocol))).length, 0);
            assert.equal(ofType(m, INGRESS).filter((r) => r.inputs.ipProtocol === "udp").length, 1);
        });

        it("renders a VXLAN device on dstport 4789 with the VNI", () => {
            const { env, script } = collectorUserData(m);
            assert.equal(env.TUNNEL_MODE, "vxlan");
            assert.equal(env.VXLAN_VNI, String(VNI));
            assert.equal(env.VXLAN_PORT, "4789");
            assert.match(script, /type vxlan id "\$VXLAN_VNI" .*dstport "\$VXLAN_PORT"/);
            assert.equal(env.TUNNEL_MTU, "8951");
            assert.equal(env.REMOTE, tunnelSource);
        });

        it("keys the BIG-IP VXLAN tunnel with the VNI, MTU 8951 with peering", () => {
            const i = ofType(m, CHAIN)[0].inputs;
            assert.equal(i.encapsulation, "vxlan");
            assert.equal(i.key, VNI);
            assert.equal(i.mtu, 8951);
            assert.equal(i.name, `${NAME}-vxlan`);
            assert.equal(b.c.tunnel.vni, VNI);
            assert.equal(b.c.tunnel.mtu, 8951);
            assert.ok(ofType(m, SAVE)[0].inputs.triggers.includes(VNI));
        });

        it("the collector user data passes `cloud-init schema -c`", () => {
            assertCloudInitValid(collectorUserData(m).text, "vxlan");
        });
    });

    describe("bring-your-own network", () => {
        const existing = {
            bigip: {
                vpcId: "vpc-0b16", cidr: "192.168.0.0/20", managementSubnetId: "subnet-0a01", externalSubnetId: "subnet-0a02",
                routeTableIds: ["rtb-0b01", "rtb-0b02"],
            },
            collector: { vpcId: "vpc-0c16", cidr: "192.168.16.0/24", subnetId: "subnet-0c01", routeTableIds: ["rtb-0c01"] },
        };
        let m: Mocked;
        before(async () => {
            m = await mocks({ invokes: { "aws:ec2/getSubnet:getSubnet": (i) => ({ id: i.id, availabilityZone: "us-east-1c" }) } });
            await build(m, defaults({ network: { existing } }));
        });

        it("creates no VPC, subnet, Internet gateway, route table or association", () => {
            for (const t of [VPC, SUBNET, IGW, RT, RTA]) assert.equal(ofType(m, t).length, 0, t);
            assert.ok(mine(m).length > 30, "the rest of the graph is still there");
        });

        it("routes only in the given route tables, each to the other VPC's CIDR", () => {
            assert.deepEqual(crossRoutes(m), [
                `rtb-0b01 -> 192.168.16.0/24 via ${NAME}-network-peering-id`,
                `rtb-0b02 -> 192.168.16.0/24 via ${NAME}-network-peering-id`,
                `rtb-0c01 -> 192.168.0.0/20 via ${NAME}-network-peering-id`,
            ]);
            assert.equal(ofType(m, ROUTE).length, 3, "no default routes either");
            const peering = ofType(m, PEERING)[0].inputs;
            assert.deepEqual([peering.vpcId, peering.peerVpcId], ["vpc-0b16", "vpc-0c16"]);
        });

        it("places the instances' interfaces and security groups in the given subnets and VPCs", () => {
            assert.equal(m.named(`${NAME}-bigip-mgmt-eni`).inputs.subnetId, "subnet-0a01");
            assert.equal(m.named(`${NAME}-bigip-external-eni`).inputs.subnetId, "subnet-0a02");
            assert.equal(m.named(`${NAME}-collector-eni`).inputs.subnetId, "subnet-0c01");
            for (const sg of ofType(m, SG)) {
                assert.equal(sg.inputs.vpcId, sg.name.startsWith(`${NAME}-collector`) ? "vpc-0c16" : "vpc-0b16", sg.name);
            }
            const tunnelSource = stateOf(m.named(`${NAME}-bigip-external-eni`)).privateIp;
            assert.equal(m.named(`${NAME}-collector-tunnel-in`).inputs.cidrIpv4, `${tunnelSource}/32`);
        });
    });

    describe("configureBigip: false", () => {
        let m: Mocked;
        let b: Built;
        before(async () => {
            m = await mocks();
            b = await build(m, defaults({ configureBigip: false }));
        });

        it("registers no BIG-IP dynamic resource at all", () => {
            assert.deepEqual(m.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/")).map((r) => r.name), []);
            assert.equal(b.c.clonePath, undefined);
            assert.ok(ofType(m, INSTANCE).length === 2 && ofType(m, COMMAND).length === 1, "the instances and the onboarding are still built");
        });
    });

    describe("cloneTargets", () => {
        let m: Mocked;
        let b: Built;
        before(async () => {
            m = await mocks();
            b = await build(m, defaults({
                cloneTargets: [
                    { virtualServer: "app_vs", context: "clientside" },
                    { virtualServer: "/Common/api_vs", context: "serverside", takeOver: true },
                ],
            }));
        });

        it("attaches the pool by its full path to each virtual server, clientside and serverside", () => {
            const pool = ofType(m, POOL)[0];
            const fullPath = stateOf(pool).fullPath;
            assert.equal(fullPath, `/Common/${NAME}-gre-pool`);
            const attachments = ofType(m, ATTACHMENT);
            assert.equal(attachments.length, 2);
            assert.deepEqual(attachments.map((a) => [a.inputs.virtualServer, a.inputs.context, a.inputs.pool, a.inputs.takeOver ?? false]).sort(), [
                ["/Common/api_vs", "serverside", fullPath, true],
                ["app_vs", "clientside", fullPath, false],
            ]);
            for (const a of attachments) assert.equal(b.parents[a.name], NAME);
            assert.equal(b.c.clonePath!.attachments.length, 2);
        });

        it("saves after the attachments too, and re-saves when a target changes", () => {
            const save = ofType(m, SAVE)[0];
            assert.deepEqual([...b.deps[save.name]].sort(),
                [`${NAME}-clone-clone-0`, `${NAME}-clone-clone-1`, `${NAME}-clone-pool`, `${NAME}-clone-tunnel`]);
            assert.ok(save.inputs.triggers.includes("app_vs|clientside|false"));
            assert.ok(save.inputs.triggers.includes("/Common/api_vs|serverside|true"));
        });
    });

    for (const [label, password, key] of [
        ["secret password, plain-string private key", () => pulumi.secret(PASSWORD), PRIVATE_KEY],
        ["plain-string password, secret private key", () => PASSWORD, pulumi.secret(PRIVATE_KEY)],
    ] as const) {
        describe(`secrets (${label})`, () => {
            let m: Mocked;
            before(async () => {
                m = await mocks();
                await build(m, defaults({ cloneTargets: [{ virtualServer: "app_vs", context: "clientside" }] },
                    { adminPassword: password(), sshPrivateKey: key }));
            });
            const needles = [PASSWORD, KEY_BODY, "PRIVATE KEY"];

            it("every registered input carrying the password or the key is secret", () => {
                const carriers = new Set<string>();
                for (const r of mine(m)) {
                    const secrets = secretPaths(r.rawInputs);
                    for (const needle of needles) {
                        for (const p of pathsContaining(r.inputs, needle)) {
                            carriers.add(`${r.name}.${p}`);
                            assert.ok(coveredBySecret(p, secrets), `${r.name}.${p} carries ${needle === PASSWORD ? "the password" : "the key"} ` +
                                `but is not secret (secret paths: ${secrets.join(", ") || "none"})`);
                        }
                    }
                }
                // Non-vacuous: the values really are registered, where they are needed.
                const dyn = dynamicResources(m);
                assert.equal(dyn.length, 4);
                for (const r of dyn) assert.ok(carriers.has(`${r.name}.connection.password`), `${r.name} carries connection.password`);
                for (const p of ["stdin", "connection.privateKey"]) assert.ok(carriers.has(`${NAME}-bigip-onboard.${p}`), p);
            });

            it("the REST password and the onboarding stdin/connection are listed as secret", () => {
                for (const r of dynamicResources(m)) {
                    const secrets = secretPaths(r.rawInputs);
                    assert.ok(coveredBySecret("connection.password", secrets), `${r.name}: ${secrets.join(", ")}`);
                    assert.equal(unwrapSecrets(r.rawInputs).connection.password, PASSWORD);
                }
                const onboard = m.named(`${NAME}-bigip-onboard`);
                const secrets = secretPaths(onboard.rawInputs);
                assert.ok(secrets.includes("stdin"), secrets.join(", "));
                assert.ok(coveredBySecret("connection.privateKey", secrets), secrets.join(", "));
                assert.equal(onboard.inputs.stdin, `${PASSWORD}\n`);
                assert.equal(onboard.inputs.connection.privateKey, PRIVATE_KEY);
            });

            it("neither appears in any user data, any serialized provider, or any non-secret input", () => {
                const withUserData = mine(m).filter((r) => r.inputs.userData !== undefined);
                assert.equal(withUserData.length, 1, "the collector has user data");
                for (const r of mine(m)) {
                    for (const needle of needles) {
                        assert.ok(!String(r.inputs.userData ?? "").includes(needle), `${r.name} user data`);
                        assert.ok(!String(r.inputs.__provider ?? "").includes(needle), `${r.name} provider code`);
                    }
                    if (r.inputs.__provider !== undefined) {
                        assert.ok(!coveredBySecret("__provider", secretPaths(r.rawInputs)), `${r.name}: the provider code captured a secret`);
                    }
                    // Everything outside a secret envelope, as the engine would write it to state in clear.
                    const secrets = secretPaths(r.rawInputs);
                    const clear = JSON.stringify(Object.fromEntries(Object.entries(r.inputs).filter(([k]) => !coveredBySecret(k, secrets))));
                    for (const needle of needles) assert.ok(!clear.includes(needle), `${r.name} has it in a non-secret input`);
                }
                assert.equal(m.named(`${NAME}-bigip-instance`).inputs.userData, undefined, "the BIG-IP gets no user data");
            });
        });
    }

    describe("invalid configs throw a ConfigError naming the setting, with nothing registered", () => {
        let m: Mocked;
        beforeEach(async () => { m = await mocks(); });

        const byo = {
            bigip: { vpcId: "vpc-0b16", cidr: "10.0.0.0/16", managementSubnetId: "subnet-0a01", routeTableIds: ["rtb-0b01"] },
            collector: { vpcId: "vpc-0c16", cidr: "10.1.0.0/16", subnetId: "subnet-0c01", routeTableIds: ["rtb-0c01"] },
        };
        const { adminPassword: _pw, sshPrivateKey: _key, ...noOnboarding } = defaults().bigip;
        const cases: [string, CloneAcrossL3Args, string, RegExp?][] = [
            ["overlapping VPC CIDRs", defaults({ network: { bigipVpcCidr: "10.0.0.0/16", collectorVpcCidr: "10.0.128.0/17" } }),
                "network.collectorVpcCidr", /overlaps network\.bigipVpcCidr/],
            ["bad CIDR", defaults({ network: { bigipVpcCidr: "10.0.0.300/16" } }), "network.bigipVpcCidr"],
            ["empty adminCidrs", defaults({ adminCidrs: [] }), "adminCidrs"],
            ["0.0.0.0/0 without allowOpenAdmin", defaults({ adminCidrs: ["203.0.113.10/32", "0.0.0.0/0"] }), "adminCidrs", /allowOpenAdmin/],
            ["a bad admin CIDR", defaults({ adminCidrs: ["203.0.113.300/32"] }), "adminCidrs[0]"],
            ["a duplicate admin CIDR", defaults({ adminCidrs: [ADMIN[0], ADMIN[0]] }), "adminCidrs", /twice/],
            ["tunnel MTU below 1500", defaults({ tunnelMtu: 1400 }), "tunnelMtu", /allowMtuBelow1500/],
            ["tunnel MTU above the path budget", defaults({ tunnelMtu: 9000 }), "tunnelMtu", /8963/],
            ["a path whose budget is below 1500", defaults({ network: { existing: byo, connectivity: "none", underlayPath: "internet" } }, { nics: "single" }),
                "network.underlayPath", /allowMtuBelow1500/],
            ["bad MAC", defaults({ collector: { macAddress: "02:00:5e:zz:00:01" } }), "collector.macAddress"],
            ["multicast MAC", defaults({ collector: { macAddress: "01:00:5e:00:00:01" } }), "collector.macAddress", /multicast/],
            ["unknown encapsulation", defaults({ encapsulation: "geneve" as any }), "encapsulation"],
            ["overlay CIDR overlapping a VPC", defaults({ overlayCidr: "10.1.255.0/29" }), "overlayCidr", /network\.collectorVpcCidr/],
            ["vni with GRE", defaults({ vni: 100 }), "vni"],
            ["BYO multi-NIC without externalSubnetId", defaults({ network: { existing: byo } }), "network.existing.bigip.externalSubnetId"],
            ["single-NIC with an internal subnet", defaults({ network: { createInternalSubnet: true } }, { nics: "single" }), "network.createInternalSubnet"],
            ["configureBigip: true without a password", { adminCidrs: ADMIN, configureBigip: true, bigip: noOnboarding }, "configureBigip"],
            ["clone targets while the BIG-IP is not configured", defaults({ configureBigip: false, cloneTargets: [{ virtualServer: "vs", context: "clientside" }] }),
                "cloneTargets"],
            ["a clone target with an unknown context", defaults({ cloneTargets: [{ virtualServer: "vs", context: "both" as any }] }), "cloneTargets[0].context"],
            ["the same virtual and context twice", defaults({
                cloneTargets: [{ virtualServer: "vs", context: "clientside" }, { virtualServer: "/Common/vs", context: "clientside" }],
            }), "cloneTargets[1]", /twice/],
        ];
        for (const [title, args, setting, detail] of cases) {
            it(title, async () => {
                assert.throws(() => new CloneAcrossL3(NAME, args), (e: unknown) => {
                    assert.ok(e instanceof ConfigError, String(e));
                    assert.equal(e.setting, setting, e.message);
                    if (detail) assert.match(e.message, detail);
                    return true;
                });
                await settle();
                assert.deepEqual(m.resources.map((r) => r.name), [], "nothing registered, not even the component");
                assert.deepEqual(m.invokes.map((i) => i.token), []);
            });
        }

        it("the opt-ins accept what they unlock", () => {
            assert.deepEqual(validateCloneAcrossL3Args(defaults({ adminCidrs: ["0.0.0.0/0"], allowOpenAdmin: true }), NAME).bigip.adminCidrs, ["0.0.0.0/0"]);
            assert.equal(validateCloneAcrossL3Args(defaults({ tunnelMtu: 1400, allowMtuBelow1500: true }), NAME).collector.mtu.inner, 1400);
            assert.equal(validateCloneAcrossL3Args(defaults({ configureBigip: false }), NAME).configureBigip, false);
            assert.equal(validateCloneAcrossL3Args({ adminCidrs: ADMIN, bigip: noOnboarding }, NAME).configureBigip, false);
        });
    });
});
