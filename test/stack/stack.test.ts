/**
 * The stack program and its configuration: every key the program reads is declared in Pulumi.yaml (typed,
 * described, secrets marked) and every declared key is read; the example stack file only uses declared keys;
 * and the program itself runs under mocks with the example config and exports working outputs.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { Mocked, promiseOf, secretPaths, settle } from "../helpers/mocks";
import { mocks } from "../cloneAcrossL3/fixture";

const ROOT = path.resolve(__dirname, "../..");
const PROJECT_FILE = path.join(ROOT, "Pulumi.yaml");
const PROGRAM_FILE = path.join(ROOT, "stacks/index.ts");
/** Where the program reads its config (stacks/index.ts hands a pulumi.Config to it). */
const CONFIG_FILE = path.join(ROOT, "stacks/config.ts");
const DEV_FILE = path.join(ROOT, "stacks/Pulumi.dev.yaml");
const PROJECT = "clone-across-l3";
const SECRETS = ["adminPassword", "sshPrivateKey", "existingBigipPassword", "existingBigipPeerPassword"];
/** Keys holding lists of objects or objects: Pulumi.yaml types only string, integer, boolean and array of those, so these are declared untyped. */
const OBJECT_KEYS = ["collectors", "cloneTargets", "existingBigipVpc", "existingCollectorVpc", "tags"];

const PASSWORD = "Stack-Pa55word!";
/** A well-formed (unencrypted, openssh-key-v1) but fake OpenSSH key body. */
const KEY_BODY = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABc3RhY2stdGVzdC1mYWtlLXByaXZhdGUta2V5LW5vdC1yZWFs";
const PRIVATE_KEY = `-----BEGIN OPENSSH PRIVATE KEY-----\n${KEY_BODY}\n-----END OPENSSH PRIVATE KEY-----\n`;

interface Declared { type?: string; description?: string; secret?: boolean; default?: unknown; items?: { type?: string } }

const project = parse(fs.readFileSync(PROJECT_FILE, "utf8"));
const declared: Record<string, Declared> = project.config ?? {};
const program = fs.readFileSync(CONFIG_FILE, "utf8") + fs.readFileSync(PROGRAM_FILE, "utf8");
const dev = parse(fs.readFileSync(DEV_FILE, "utf8"));

/** Every config read in the program: key → the reading functions used (`get`, `requireSecret`, `optional`, …). */
function configReads(text: string): Map<string, Set<string>> {
    const reads = new Map<string, Set<string>>();
    const add = (key: string, how: string) => reads.set(key, (reads.get(key) ?? new Set()).add(how));
    for (const m of text.matchAll(/\bconfig\.((?:get|require)(?:Secret)?(?:Boolean|Number|Object)?)(?:<[^>]*>)?\(\s*["'`]([^"'`]+)["'`]/g)) add(m[2], m[1]);
    for (const m of text.matchAll(/\boptional\(\s*["'`]([^"'`]+)["'`]/g)) add(m[1], "optional");
    return reads;
}

/** The Pulumi.yaml type a reading function implies. */
function typeOf(how: string): string {
    if (/Boolean$/.test(how)) return "boolean";
    if (/Number$/.test(how)) return "integer";
    if (/Object$/.test(how)) return "array";
    return "string";
}

/** Config values as the CLI hands them to the program: strings, objects as JSON. */
function asConfigValue(v: unknown): string {
    return typeof v === "string" ? v : JSON.stringify(v);
}

/** Stack config (`clone-across-l3:<key>` → value) from the example stack file, plus the two secrets. */
function devConfig(extra: Record<string, unknown> = {}): Record<string, string> {
    const c: Record<string, string> = {};
    for (const [k, v] of Object.entries(dev.config ?? {})) c[k] = asConfigValue(v);
    c[`${PROJECT}:adminPassword`] = PASSWORD;
    for (const [k, v] of Object.entries(extra)) if (v !== undefined) c[`${PROJECT}:${k}`] = asConfigValue(v);
    return c;
}

const SECRET_KEYS = SECRETS.map((k) => `${PROJECT}:${k}`);
const DYNAMIC = "pulumi-nodejs:dynamic/clonel3-bigip:";

/** The config store the runtime reads (saved and restored so other test files see what they had). */
function configStore(): Record<string, string | undefined> {
    return require("@pulumi/pulumi/runtime/state").getStore().config;
}

/** Saves the runtime's config store before (each) test and restores it after, so other test files see what they had. */
function keepConfigStore(each = false): void {
    let saved: Record<string, string | undefined> = {};
    (each ? beforeEach : before)(() => { saved = { ...configStore() }; });
    (each ? afterEach : after)(() => {
        const store = configStore();
        for (const k of Object.keys(store)) delete store[k];
        Object.assign(store, saved);
    });
}

/** Runs the stack program afresh (it registers resources when imported) with `config`. */
async function runProgram(config: Record<string, string>): Promise<{ m: Mocked; stack: any }> {
    // The composite tests' mocks: they also report what the real providers would (dynamic objects' fullPath).
    const m = await mocks({ project: PROJECT, stack: "dev" });
    pulumi.runtime.setAllConfig(config, SECRET_KEYS);
    delete require.cache[require.resolve("../../stacks/index")];
    const stack = await import("../../stacks/index");
    await settle(stack.managementUrl, stack.collectorSsh!, stack.bigipInstanceId!, pulumi.output(stack.captureHint));
    // The BIG-IP resources serialize their provider first; let them land here rather than in a later test's mocks.
    for (let waited = 0; waited < 30_000 && m.resources.filter((r) => r.type.startsWith(DYNAMIC)).length < 3; waited += 50) {
        await new Promise((r) => setTimeout(r, 50));
    }
    await settle();
    return { m, stack };
}

describe("stack", () => {
    describe("Pulumi.yaml declares exactly what stacks/index.ts reads", () => {
        const reads = configReads(program);

        it("points the CLI at the program and the stack config directory", () => {
            assert.equal(project.name, PROJECT);
            assert.equal(project.main, "stacks/index.ts");
            assert.equal(project.stackConfigDir, "stacks");
            assert.equal(project.runtime?.name, "nodejs");
            assert.equal(project.runtime?.options?.typescript, true);
            assert.ok(fs.existsSync(path.join(ROOT, project.main)));
            assert.ok(fs.existsSync(path.join(ROOT, project.stackConfigDir, "Pulumi.dev.yaml")));
        });

        it("the scan finds the program's reads (and no read with a computed key besides the optional() helper)", () => {
            assert.ok(reads.size >= 20, `only found ${[...reads.keys()].join(", ")}`);
            for (const k of ["adminCidrs", "adminPassword", "encapsulation", "bigipAmiId"]) assert.ok(reads.has(k), k);
            const computed = [...program.matchAll(/\bconfig\.(?:get|require)\w*(?:<[^>]*>)?\(\s*([^"'`\s)][^)]*)\)/g)].map((m) => m[1]);
            assert.deepEqual(computed, ["key"], "only the optional() helper reads a key it is given");
            assert.match(program, /const optional = \(key: string\)/);
            assert.match(fs.readFileSync(PROGRAM_FILE, "utf8"), /readStackConfig\(new pulumi\.Config\(\)\)/, "the program reads config only through stacks/config.ts");
        });

        it("every key read is declared with a type and a description", () => {
            for (const [key, hows] of reads) {
                const d = declared[key];
                assert.ok(d, `${key} is read by the program but not declared under config: in Pulumi.yaml`);
                assert.ok(typeof d.description === "string" && d.description.trim().length > 10, `${key} has no description`);
                if (OBJECT_KEYS.includes(key)) {
                    assert.equal(d.type, undefined, `${key} holds objects: Pulumi.yaml cannot type it`);
                    assert.deepEqual([...hows].filter((h) => !/Object$/.test(h)), [], `${key} is read as an object`);
                    continue;
                }
                assert.ok(typeof d.type === "string" && d.type !== "", `${key} has no type`);
                for (const how of hows) assert.equal(d.type, typeOf(how), `${key} is read with ${how} but declared ${d.type}`);
                if (d.type === "array") assert.ok(d.items?.type, `${key}: an array needs items.type`);
            }
        });

        it("every declared key is read by the program (no stale declarations)", () => {
            const stale = Object.keys(declared).filter((k) => !reads.has(k));
            assert.deepEqual(stale, []);
        });

        it("the secrets are declared secret, have no default, and are read as secrets", () => {
            for (const key of SECRETS) {
                assert.equal(declared[key]?.secret, true, `${key} must be secret: true`);
                assert.equal(declared[key]?.default, undefined, `${key} must not have a default`);
                assert.ok([...(reads.get(key) ?? [])].every((how) => /Secret/.test(how)), `${key} is read with ${[...(reads.get(key) ?? [])]}`);
            }
            const otherSecrets = Object.keys(declared).filter((k) => declared[k].secret === true && !SECRETS.includes(k));
            assert.deepEqual(otherSecrets, []);
        });

        it("every default matches its declared type", () => {
            const ok: Record<string, (v: unknown) => boolean> = {
                string: (v) => typeof v === "string",
                boolean: (v) => typeof v === "boolean",
                integer: (v) => Number.isInteger(v),
                array: (v) => Array.isArray(v),
            };
            for (const [key, d] of Object.entries(declared)) {
                if (OBJECT_KEYS.includes(key)) continue;
                assert.ok(ok[d.type!], `${key}: unknown type ${d.type}`);
                if (d.default !== undefined) assert.ok(ok[d.type!](d.default), `${key}: default ${JSON.stringify(d.default)} is not a ${d.type}`);
            }
        });
    });

    describe("stacks/Pulumi.dev.yaml", () => {
        it("is valid YAML whose project keys are all declared, with values of the declared type", () => {
            assert.equal(typeof dev, "object");
            assert.equal(typeof dev.config, "object");
            const keys = Object.keys(dev.config);
            assert.ok(keys.length > 0);
            for (const full of keys) {
                const [ns, key, ...rest] = full.split(":");
                assert.equal(rest.length, 0, full);
                if (ns === "aws") continue; // provider config, e.g. aws:region
                assert.equal(ns, PROJECT, `${full}: unknown namespace`);
                const d = declared[key];
                assert.ok(d, `${full} is not declared in Pulumi.yaml`);
                const v = dev.config[full];
                const expected = d.type === undefined ? typeof v === "object" && v !== null
                    : d.type === "array" ? Array.isArray(v) : d.type === "integer" ? Number.isInteger(v) : typeof v === d.type;
                assert.ok(expected, `${full}: ${JSON.stringify(v)} is not a ${d.type}`);
            }
            assert.ok(keys.includes(`${PROJECT}:adminCidrs`), "the one required plain key is set");
        });

        it("holds no secret in clear text", () => {
            for (const key of SECRETS) {
                const v = dev.config[`${PROJECT}:${key}`];
                assert.ok(v === undefined || (typeof v === "object" && v !== null && "secure" in v), `${key} must only be set with --secret`);
            }
        });
    });

    describe("the program under mocks, with the example stack config", () => {
        keepConfigStore();
        let m: Mocked;
        let stack: any;
        before(async () => {
            ({ m, stack } = await runProgram(devConfig()));
        });

        it("exports a management URL on https, the tunnel budget and the collector's SSH command", async () => {
            assert.match(await promiseOf<string>(stack.managementUrl), /^https:\/\/\d+\.\d+\.\d+\.\d+$/);
            const tunnel = await promiseOf<any>(stack.tunnel);
            assert.equal(tunnel.mtu, 8963);
            assert.equal(tunnel.encapsulation, "gre");
            assert.equal(tunnel.collectorOverlayIp, "10.254.0.2");
            assert.match(await promiseOf<string>(stack.collectorSsh), /^ssh ec2-user@\d+\.\d+\.\d+\.\d+$/);
            assert.match(await promiseOf<string>(stack.bigipSsh), /^ssh admin@\d+\.\d+\.\d+\.\d+$/);
            assert.match(await promiseOf<string>(stack.tunnelSourceIp), /^\d+\.\d+\.\d+\.\d+$/);
            assert.match(await promiseOf<string>(stack.captureHint), /ssh ec2-user@.* sudo tcpdump -ni clone0 -e$/);
            assert.match(await promiseOf<string>(stack.remoteTcpdumpHint), /--remote-dest \d+\.\d+\.\d+\.\d+ /);
            assert.ok(await promiseOf<string>(stack.bigipInstanceId));
            assert.match(await promiseOf<string>(stack.demoUrl), /^http:\/\/\d+\.\d+\.\d+\.\d+\/$/);
        });

        it("builds the whole environment from the example config", () => {
            const types = new Set(m.resources.map((r) => r.type));
            for (const t of ["clonel3:index:CloneAcrossL3", "aws:ec2/vpcPeeringConnection:VpcPeeringConnection",
                "aws:secretsmanager/secret:Secret", "aws:iam/instanceProfile:InstanceProfile", "tls:index/selfSignedCert:SelfSignedCert",
                "aws:ec2/keyPair:KeyPair", `${DYNAMIC}Vlan`, `${DYNAMIC}SelfIp`, `${DYNAMIC}Route`, `${DYNAMIC}UnderlayCheck`,
                `${DYNAMIC}TunnelChain`, `${DYNAMIC}Pool`, `${DYNAMIC}VirtualServer`, `${DYNAMIC}ConfigSave`]) {
                assert.ok(types.has(t), `${t} is registered`);
            }
            assert.ok(!types.has("command:remote:Command"), "no SSH step (issue 15)");
            // The demo: a web server, its pool and virtual, cloned clientside and serverside.
            assert.equal(m.named("clone-demo-instance").type, "aws:ec2/instance:Instance");
            assert.deepEqual(m.resources.filter((r) => r.type === `${DYNAMIC}ClonePoolAttachment`).map((a) => a.inputs.context).sort(), ["clientside", "serverside"]);
            assert.equal(m.named("clone-bigip-key").inputs.publicKey, dev.config[`${PROJECT}:sshPublicKey`]);
            assert.deepEqual(m.resources.filter((r) => r.name.startsWith("clone-bigip-mgmt-") && r.inputs.fromPort === 443)
                .map((r) => r.inputs.cidrIpv4), dev.config[`${PROJECT}:adminCidrs`]);
        });

        it("passes the config secrets on as secrets", () => {
            const value = m.named("clone-bigip-admin-password-value");
            assert.equal(value.inputs.secretString, PASSWORD);
            assert.ok(secretPaths(value.rawInputs).includes("secretString"));
            const chain = m.resources.find((r) => r.type === `${DYNAMIC}TunnelChain`)!;
            assert.equal(chain.inputs.connection.password, PASSWORD);
            assert.ok(secretPaths(chain.rawInputs).some((p) => p === "connection" || p === "connection.password"));
            for (const r of m.resources) {
                assert.ok(!String(r.inputs.userData ?? "").includes(PASSWORD) && !String(r.inputs.userData ?? "").includes(KEY_BODY), r.name);
            }
        });
    });

    describe("the program with Pulumi.yaml defaults filled in, as the CLI does, and an explicit BIG-IP AMI", () => {
        keepConfigStore();
        let m: Mocked;
        let stack: any;
        before(async () => {
            // The CLI uses a declared default only for keys the stack does not set.
            const defaults = Object.fromEntries(Object.entries(declared)
                .filter(([k, d]) => d.default !== undefined && dev.config[`${PROJECT}:${k}`] === undefined).map(([k, d]) => [k, d.default]));
            assert.ok(defaults.bigipAmiPattern && defaults.includeDeprecatedAmis === false, "the lookup settings have defaults");
            ({ m, stack } = await runProgram(devConfig({ ...defaults, bigipAmiId: "ami-0123456789abcdef0", encapsulation: "vxlan", vni: 777 })));
        });

        it("uses the AMI id instead of the (defaulted) description lookup", async () => {
            assert.equal(m.named("clone-bigip-instance").inputs.ami, "ami-0123456789abcdef0");
            assert.equal(m.invokes.filter((i) => i.token === "aws:ec2/getAmi:getAmi" && i.inputs.owners?.includes("aws-marketplace")).length, 0);
            assert.match(await promiseOf<string>(stack.managementUrl), /^https:\/\//);
        });

        it("applies the other settings: VXLAN with the configured VNI, defaulted capture ring and overlay", async () => {
            const tunnel = await promiseOf<any>(stack.tunnel);
            assert.equal(tunnel.encapsulation, "vxlan");
            assert.equal(tunnel.vni, 777);
            assert.equal(tunnel.mtu, 8951);
            assert.equal(tunnel.overlayCidr, "10.254.0.0/29");
            const userData: string = m.named("clone-collector-instance").inputs.userData;
            assert.match(userData, /-C 100 -W 20 /);
            assert.match(userData, /VXLAN_VNI='777'/);
        });
    });

    describe("the program with several collectors, clone targets, and the demo off (objects in config)", () => {
        keepConfigStore();
        let m: Mocked;
        let stack: any;
        before(async () => {
            ({ m, stack } = await runProgram(devConfig({
                demo: false, clonePools: "perCollector", collectorInstanceType: "t3.large",
                collectors: [{ name: "ids" }, { name: "lab", existing: { underlayIp: "10.1.7.7" } }, { name: "pcap", instanceType: "c5.large" }],
                cloneTargets: [{ virtualServer: "/Common/app_vs", context: "serverside", collector: "ids" }, { virtualServer: "app_vs", context: "clientside", collector: "pcap" }],
            })));
        });

        it("creates the listed collectors with the collector-wide defaults under each entry, and prints commands for the existing one", async () => {
            assert.equal(m.named("clone-ids-instance").inputs.instanceType, "t3.large");
            assert.equal(m.named("clone-pcap-instance").inputs.instanceType, "c5.large");
            assert.equal(m.resources.filter((r) => r.name === "clone-lab-instance").length, 0);
            assert.deepEqual(Object.keys(await promiseOf<Record<string, string>>(stack.collectorCommands)), ["lab"]);
            assert.deepEqual((await promiseOf<any[]>(stack.tunnels)).map((t) => t.collector), ["ids", "lab", "pcap"]);
            assert.equal(stack.demoUrl, undefined);
        });

        it("attaches each target to the pool of the collector it names", () => {
            const attachments = m.resources.filter((r) => r.type === `${DYNAMIC}ClonePoolAttachment`);
            assert.deepEqual(attachments.map((a) => [a.inputs.virtualServer, a.inputs.pool]).sort(),
                [["/Common/app_vs", "/Common/clone-ids-pool"], ["app_vs", "/Common/clone-pcap-pool"]]);
        });
    });

    describe("sshIdentityFile: the ssh outputs say which key to use (issue 14, rough edge 6)", () => {
        keepConfigStore(true);

        it("with the walkthrough's key, every ssh output carries -i ~/.ssh/clone-l3", async () => {
            const { stack } = await runProgram(devConfig({ sshIdentityFile: "~/.ssh/clone-l3" }));
            assert.match(await promiseOf<string>(stack.collectorSsh), /^ssh -i ~\/\.ssh\/clone-l3 ec2-user@\d+\.\d+\.\d+\.\d+$/);
            assert.match(await promiseOf<string>(stack.bigipSsh), /^ssh -i ~\/\.ssh\/clone-l3 admin@/);
            for (const c of Object.values(await promiseOf<Record<string, string>>(stack.collectorsSsh))) assert.match(c, /^ssh -i ~\/\.ssh\/clone-l3 /);
            assert.match(await promiseOf<string>(stack.captureHint), /^ssh -i ~\/\.ssh\/clone-l3 ec2-user@.* sudo tcpdump/);
        });

        for (const bad of ["~/.ssh/my key", "$(touch /tmp/x)", "../../etc/shadow", "~/.ssh/k;rm -rf ~"]) {
            it(`refuses ${JSON.stringify(bad)} naming sshIdentityFile`, async () => {
                await assert.rejects(runProgram(devConfig({ sshIdentityFile: bad })), (e: any) => e?.name === "ConfigError" && e.setting === "sshIdentityFile");
            });
        }
    });

    describe("the program against an existing BIG-IP", () => {
        const byo = {
            existingBigipHost: "bigip.example.net", existingBigipTunnelSourceIp: "10.0.2.5",
            existingBigipTlsFingerprint: Array(32).fill("AB").join(":"),
            existingBigipVpc: { vpcId: "vpc-0b16", cidr: "10.0.0.0/16", routeTableIds: ["rtb-0b01"] },
        };
        /** The example config without the create-a-BIG-IP keys, plus `extra`; `existingBigipPassword` as a secret. */
        function byoConfig(extra: Record<string, unknown>): Record<string, string> {
            const c = devConfig(extra);
            for (const k of ["adminPassword", "sshPrivateKey", "sshPublicKey", "demo"]) if (!(k in extra)) delete c[`${PROJECT}:${k}`];
            return c;
        }
        keepConfigStore(true);

        it("builds only the collector side and the device objects, against the given host", async () => {
            const { m, stack } = await runProgram(byoConfig({ ...byo, existingBigipPassword: "Byo-Stack-Pw1" }));
            assert.equal(m.resources.filter((r) => r.name.startsWith("clone-bigip")).length, 0);
            assert.equal(stack.bigipSsh, undefined);
            assert.equal(await promiseOf<string>(stack.managementUrl), "https://bigip.example.net");
            const chain = m.resources.find((r) => r.type === `${DYNAMIC}TunnelChain`)!;
            assert.deepEqual([chain.inputs.connection.host, chain.inputs.localAddress, chain.inputs.connection.password],
                ["bigip.example.net", "10.0.2.5", "Byo-Stack-Pw1"]);
            assert.equal(m.named("clone-network-peering").inputs.vpcId, "vpc-0b16");
        });

        for (const [title, extra, key] of [
            ["no password", { ...byo }, "existingBigipPassword"],
            ["no tunnel source", { ...byo, existingBigipTunnelSourceIp: "", existingBigipPassword: "pw" }, "existingBigipTunnelSourceIp"],
            ["no TLS trust", { ...byo, existingBigipTlsFingerprint: "", existingBigipPassword: "pw" }, "existingBigipTlsFingerprint"],
            ["two TLS trusts", { ...byo, existingBigipTlsCaPem: "-----BEGIN CERTIFICATE-----", existingBigipPassword: "pw" }, "existingBigipTlsFingerprint"],
            ["no VPC", { ...byo, existingBigipVpc: undefined, existingBigipPassword: "pw" }, "existingBigipVpc"],
            ["an instance setting as well", { ...byo, existingBigipPassword: "pw", sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBERERERERERERERERERERERERERERERERERERERERER x" }, "sshPublicKey"],
            ["a BYO setting without the host", { existingBigipTunnelSourceIp: "10.0.2.5" }, "existingBigipTunnelSourceIp"],
        ] as [string, Record<string, unknown>, string][]) {
            it(`refuses a half-specified existing BIG-IP (${title}), naming ${key}`, async () => {
                const cfg = key === "existingBigipTunnelSourceIp" && !("existingBigipHost" in extra) ? devConfig(extra) : byoConfig(extra);
                for (const [k, v] of Object.entries(extra)) if (v === undefined) delete cfg[`${PROJECT}:${k}`];
                await assert.rejects(runProgram(cfg), (e: any) => e?.name === "ConfigError" && e.setting === key);
            });
        }
    });
});
