/**
 * Issue 8, section 3: a wall of bad input. Every row is an invalid configuration, given either as component args
 * (CloneAcrossL3) or as stack config run through stacks/config.ts and the stack program (as the CLI would), and
 * each is refused with a ConfigError that names the setting and says what is allowed:
 * - plain values before anything is registered (not even the component, no invoke);
 * - secret values (they are Outputs) inside apply, before the instance or the SSH command is registered, and
 *   without the value ever appearing in the message.
 * The README's "Troubleshooting: settings that are refused" lists the same classes.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { CloneAcrossL3 } from "../../components/cloneAcrossL3/cloneAcrossL3";
import { CloneAcrossL3Args } from "../../components/cloneAcrossL3/args";
import { ConfigError } from "../../components/common/errors";
import { assertRejectedBeforeRegistration, Mocked, runFailingProgram } from "../helpers/mocks";
import { COMMAND, INSTANCE } from "../helpers/types";
import { FINGERPRINT, NAME, PUBLIC_KEY, byoBigip, captureRegistrationErrors, defaults, mocks } from "./fixture";

const ROOT = path.resolve(__dirname, "../..");
const PROJECT = "clone-across-l3";
const dev = parse(fs.readFileSync(path.join(ROOT, "stacks/Pulumi.dev.yaml"), "utf8"));
const SECRET_KEYS = ["adminPassword", "sshPrivateKey", "existingBigipPassword"].map((k) => `${PROJECT}:${k}`);
const STACK_PASSWORD = "Wall-Pa55word!";
const STACK_KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABd2FsbC1mYWtlLWtleQ==\n-----END OPENSSH PRIVATE KEY-----\n";
/** An encrypted OpenSSH key (cipher aes256-ctr): the onboarding session has no passphrase to open it. */
const ENCRYPTED_KEY = `-----BEGIN OPENSSH PRIVATE KEY-----\n${Buffer.concat([Buffer.from("openssh-key-v1\0"), Buffer.from([0, 0, 0, 10]), Buffer.from("aes256-ctr"),
    Buffer.from([0, 0, 0, 6]), Buffer.from("bcrypt")]).toString("base64")}\n-----END OPENSSH PRIVATE KEY-----\n`;
const ED25519_BLOB = PUBLIC_KEY.split(" ")[1];
const BYO = {
    existingBigipHost: "bigip.example.net", existingBigipTunnelSourceIp: "10.0.2.5", existingBigipTlsFingerprint: FINGERPRINT,
    existingBigipVpc: { vpcId: "vpc-0b16", cidr: "10.0.0.0/16", routeTableIds: ["rtb-0b01"] }, existingBigipPassword: "Byo-pw-1",
};
/** A message that says what is allowed, not just "invalid". */
const SAYS_WHAT = /must|allowed|is not|needs|only|use |pick|at most|between|like|give|set /;

// ---------------------------------------------------------------------------------------------------------
// Component args

type ArgRow = [title: string, args: CloneAcrossL3Args, setting: string, detail?: RegExp];
const single = (over: Partial<CloneAcrossL3Args> = {}, bigip: Record<string, unknown> = {}) => defaults(over, { nics: "single", ...bigip } as any);
const target = (virtualServer: string): Partial<CloneAcrossL3Args> => ({ cloneTargets: [{ virtualServer, context: "clientside" }] });
const ARG_ROWS: ArgRow[] = [
    // Issue 14, rough edge 4: unknown keys at every level, listing the allowed ones.
    ["a top-level typo", { ...defaults(), clonePool: "shared" } as CloneAcrossL3Args, "clonePool", /allowed: .*clonePools/],
    ["a typo in bigip.ami", defaults({}, { ami: { descriptionPatern: "F5*" } as any }), "bigip.ami.descriptionPatern", /allowed in bigip\.ami: id, descriptionPattern, includeDeprecated/],
    ["an unknown key in a collector's capture", defaults({ collectors: [{ capture: { files: 3 } as any }] }), "collectors[0].capture.files", /fileCount/],
    ["an unknown key in network.subnets", defaults({ network: { subnets: { mgmt: "10.0.1.0/24" } as any } }), "network.subnets.mgmt", /management/],
    ["an unknown key in bigipTls", byoBigip({}, { bigipTls: { fingerprint: "x" } as any }), "bigipTls.fingerprint", /fingerprint256/],
    // 2. open admin, judged on the union; reserved ranges; 9. whitespace.
    ["adminCidrs whose union is the whole internet", defaults({ adminCidrs: ["0.0.0.0/1", "128.0.0.0/1"] }), "adminCidrs", /whole internet.*allowOpenAdmin/],
    ["adminCidrs covering more than a /8 in pieces", defaults({ adminCidrs: ["2.0.0.0/8", "3.0.0.0/8"] }), "adminCidrs", /more than a \/8/],
    ["adminCidrs in 0.0.0.0/8", defaults({ adminCidrs: ["0.0.0.0/8"] }), "adminCidrs[0]", /this network/],
    ["adminCidrs on loopback", defaults({ adminCidrs: ["127.0.0.1/32"] }), "adminCidrs[0]", /loopback/],
    ["adminCidrs in multicast", defaults({ adminCidrs: ["239.1.1.1/32"] }), "adminCidrs[0]", /multicast/],
    ["adminCidrs with a leading space", defaults({ adminCidrs: [" 203.0.113.10/32"] }), "adminCidrs[0]", /whitespace/],
    ["adminCidrs with a trailing newline", defaults({ adminCidrs: ["203.0.113.10/32\n"] }), "adminCidrs[0]", /whitespace/],
    ["adminCidrs holding a number", defaults({ adminCidrs: [3405803786 as any] }), "adminCidrs[0]", /string/],
    ["bigip.clientCidrs with a space before the prefix", defaults({}, { clientCidrs: ["10.0.2.5 /32"] }), "bigip.clientCidrs[0]", /whitespace/],
    ["network.bigipVpcCidr with a trailing space", defaults({ network: { bigipVpcCidr: "10.0.0.0/16 " } }), "network.bigipVpcCidr", /whitespace/],
    ["an existing collector's underlay IP with a newline", defaults({ collectors: [{ existing: { underlayIp: "10.1.7.7\n" } }] }), "collectors[0].existing.underlayIp"],
    ["existingBigip.tunnelSourceIp with a leading space", byoBigip({ tunnelSourceIp: " 10.0.2.5" }), "existingBigip.tunnelSourceIp"],
    // 3. single-NIC management ports.
    ["single-NIC virtual server on 8443 (the GUI)", single({}, { virtualServerPorts: [8443], clientCidrs: ["0.0.0.0/0"] }), "bigip.virtualServerPorts[0]", /management port/],
    ["single-NIC virtual server on 22 (SSH)", single({}, { virtualServerPorts: [80, 22] }), "bigip.virtualServerPorts[1]", /management port/],
    ["single-NIC demo on 8443", single({ demo: { port: 8443 } }), "demo.port", /management port/],
    // 4./5. passwords that cannot pass to tmsh (plain values; secrets below).
    ["a two-line admin password", defaults({}, { adminPassword: "line1\nline2" }), "bigip.adminPassword", /one line/],
    ["an empty admin password", defaults({}, { adminPassword: "" }), "bigip.adminPassword", /1 to 128/],
    ["an admin password with a leading space", defaults({}, { adminPassword: " Lead-pw-1" }), "bigip.adminPassword", /space/],
    ["a non-ASCII admin password", defaults({}, { adminPassword: "Pässwort-1" }), "bigip.adminPassword", /ASCII/],
    // Issue 15, point 7: the device's own policy (TMOS 14.0+): more than 6 characters, at least 5 different ones.
    ["an admin password TMOS 14.0+ refuses as too short", defaults({}, { adminPassword: "Ab-1x!" }), "bigip.adminPassword", /TMOS 14\.0\+ refuses it.*at least 7 characters/],
    ["an admin password TMOS 14.0+ refuses for too few different characters", defaults({}, { adminPassword: "abab-abab-1" }), "bigip.adminPassword", /at least 5 different characters/],
    ["an existing BIG-IP password with a newline", byoBigip({ password: "a\nb" }), "existingBigip.password", /single line/],
    // 6. capture directory.
    ["capture into /", defaults({ collectors: [{ capture: { directory: "/" } }] }), "collectors[0].capture.directory", /\/var\/capture/],
    ["capture into /etc", defaults({ collectors: [{ capture: { directory: "/etc" } }] }), "collectors[0].capture.directory", /system path/],
    ["capture into /usr/local/sbin", defaults({ collectors: [{ capture: { directory: "/usr/local/sbin" } }] }), "collectors[0].capture.directory"],
    ["capture escaping its parent with ..", defaults({ collectors: [{ capture: { directory: "/var/capture/../../etc" } }] }), "collectors[0].capture.directory"],
    // Region and zone.
    ["an availability zone of another region", defaults({ region: "us-east-1", network: { availabilityZone: "eu-west-1a" } }), "network.availabilityZone", /not in the deployment region us-east-1/],
    ["a zone id instead of a zone name", defaults({ region: "us-east-1", network: { availabilityZone: "use1-az1" } }), "network.availabilityZone", /zone id/],
    ["an availability zone with a trailing space", defaults({ network: { availabilityZone: "us-east-1a " } }), "network.availabilityZone"],
    ["a region that is not a region code", defaults({ region: "Virginia" }), "region", /us-east-1/],
    // Instance types.
    ["an ARM BIG-IP instance type (x86_64 image)", defaults({}, { instanceType: "m6g.xlarge" }), "bigip.instanceType", /arm64.*x86_64 only/],
    ["a Graviton burstable BIG-IP type", defaults({}, { instanceType: "t4g.large" }), "bigip.instanceType", /arm64/],
    ["an unknown BIG-IP instance family", defaults({}, { instanceType: "q9.xlarge" }), "bigip.instanceType", /not a known/],
    ["an unknown instance size", defaults({}, { instanceType: "m5.gigantic" }), "bigip.instanceType", /not a known/],
    ["an ARM collector with the x86_64 image lookup", defaults({ collectors: [{ instanceType: "c7g.large" }] }), "collectors[0].instanceType", /arm64/],
    ["an unknown demo instance type", defaults({ demo: { instanceType: "zz1.nano" } }), "demo.instanceType", /not a known/],
    // Overlay blocks.
    ["an overlay in multicast", defaults({ overlayCidr: "224.0.0.0/24" }), "overlayCidr", /multicast/],
    ["an overlay on loopback", defaults({ overlayCidr: "127.0.0.0/24" }), "overlayCidr", /loopback/],
    ["an overlay in 0.0.0.0/8", defaults({ overlayCidr: "0.0.0.0/24" }), "overlayCidr", /this network/],
    ["an overlay in link-local", defaults({ overlayCidr: "169.254.0.0/24" }), "overlayCidr", /link-local/],
    ["an overlay in 240.0.0.0/4", defaults({ overlayCidr: "250.0.0.0/24" }), "overlayCidr", /reserved/],
    ["a collector's own overlay in link-local", defaults({ collectors: [{ overlayCidr: "169.254.10.0/29" }] }), "collectors[0].overlayCidr", /link-local/],
    // TLS fingerprints.
    ["a short bigipTls fingerprint", defaults({ bigipTls: { fingerprint256: "AB:CD" } }), "bigipTls.fingerprint256", /32 colon-separated/],
    ["a fingerprint with a sha256: prefix", byoBigip({ tls: { fingerprint256: `SHA256:${FINGERPRINT}` } }), "existingBigip.tls.fingerprint256", /32 colon-separated/],
    ["a fingerprint without colons", byoBigip({ tls: { fingerprint256: FINGERPRINT.replace(/:/g, "") } }), "existingBigip.tls.fingerprint256"],
    // Tags.
    ["a numeric tag value", defaults({ tags: { cost: 42 as any } }), "tags.cost", /strings/],
    ["a boolean tag value", defaults({ tags: { prod: true as any } }), "tags.prod", /strings/],
    ["tags given as a list", defaults({ tags: ["owner=me"] as any }), "tags", /object/],
    ["a tag key with the reserved aws: prefix", defaults({ tags: { "aws:owner": "me" } }), "tags.aws:owner", /aws:/],
    // SSH keys.
    ["an sshPublicKey with a second line", defaults({}, { sshPublicKey: `${PUBLIC_KEY}\nssh-rsa AAAA` }), "bigip.sshPublicKey", /one OpenSSH public key line/],
    ["an sshPublicKey whose body has trailing garbage", defaults({}, { sshPublicKey: `ssh-ed25519 ${ED25519_BLOB}...placeholder... me` }), "bigip.sshPublicKey"],
    ["an sshPublicKey whose body is another key type", defaults({}, { sshPublicKey: `ssh-rsa ${ED25519_BLOB} me` }), "bigip.sshPublicKey"],
    ["a DSA sshPublicKey (EC2 refuses it)", defaults({}, { sshPublicKey: `ssh-dss ${ED25519_BLOB}` }), "bigip.sshPublicKey", /RSA and ED25519/],
    // VNI.
    ["VNI 0", defaults({ encapsulation: "vxlan", vni: 0 }), "vni", /1\.\.16777215/],
    ["VNI above 24 bits", defaults({ encapsulation: "vxlan", vni: 16777216 }), "vni", /1\.\.16777215/],
    ["a fractional VNI", defaults({ encapsulation: "vxlan", vni: 1.5 }), "vni"],
    // Collectors.
    ["two collectors with one name", defaults({ collectors: [{ name: "ids" }, { name: "ids" }] }), "collectors[1].name", /unique/],
    ["two collectors with one MAC spelled differently", defaults({ collectors: [{ name: "a", macAddress: "02:aa:00:00:00:01" }, { name: "b", macAddress: "02-AA-00-00-00-01" }] }),
        "collectors[1].macAddress", /own/],
    // Clone targets that cannot be partition-qualified.
    ["a target walking up a partition (/../vs)", defaults(target("/../app_vs")), "cloneTargets[0].virtualServer", /Partition/],
    ["a target partition without the leading slash", defaults(target("Common/app_vs")), "cloneTargets[0].virtualServer"],
    ["a target that is only a partition", defaults(target("/Common/")), "cloneTargets[0].virtualServer"],
    ["a target in a sub-folder path", defaults(target("/Common/a/b/app_vs")), "cloneTargets[0].virtualServer"],
    ["a target named ..", defaults(target("/Common/..")), "cloneTargets[0].virtualServer"],
    ["a target with a route domain suffix", defaults(target("/Common/app_vs%1")), "cloneTargets[0].virtualServer"],
];

type SecretArgRow = [title: string, args: CloneAcrossL3Args, setting: string, secretText: string];
const SECRET_ARG_ROWS: SecretArgRow[] = [
    ["a secret admin password with a newline", defaults({}, { adminPassword: pulumi.secret("Secret1\nSecret2") }), "bigip.adminPassword", "Secret1"],
    ["an empty secret admin password", defaults({}, { adminPassword: pulumi.secret("") }), "bigip.adminPassword", "\u0000none"],
    ["a secret admin password with a trailing space", defaults({}, { adminPassword: pulumi.secret("Trailing-pw ") }), "bigip.adminPassword", "Trailing-pw"],
    ["a secret admin password TMOS 14.0+ refuses (6 characters)", defaults({}, { adminPassword: pulumi.secret("Sx-7q!") }), "bigip.adminPassword", "Sx-7q!"],
    ["a secret existing BIG-IP password with a newline", byoBigip({ password: pulumi.secret("Byo-First\nByo-Second") }), "existingBigip.password", "Byo-First"],
];

// ---------------------------------------------------------------------------------------------------------
// Stack config (stacks/config.ts + stacks/index.ts)

/** `[title, config changes (undefined deletes), setting named, detail]`; `byo` rows start from an existing BIG-IP. */
type StackRow = [title: string, extra: Record<string, unknown>, setting: string, detail?: RegExp, byo?: boolean];
const STACK_ROWS: StackRow[] = [
    // Issue 14, rough edge 4: typos inside object settings are refused, listing what is allowed.
    ["a typo inside a collectors entry", { collectors: [{ name: "ids", instancetype: "t3.small" }] }, "collectors[0].instancetype", /allowed in collectors\[0\]: .*instanceType/],
    ["an extra key in existingCollectorVpc", { existingCollectorVpc: { vpcId: "vpc-0c01", cidr: "10.1.0.0/16", subnetId: "subnet-0c01", routeTableIds: ["rtb-0c01"], subnet: "x" } },
        "network.existing.collector.subnet", /allowed in network\.existing\.collector: vpcId, cidr, subnetId, routeTableIds/],
    ["a typo inside a cloneTargets entry", { cloneTargets: [{ virtualServer: "app_vs", contxt: "clientside" }] }, "cloneTargets[0].contxt", /allowed in cloneTargets\[0\]: .*context/],
    ["adminCidrs whose union is the whole internet", { adminCidrs: ["0.0.0.0/1", "128.0.0.0/1"] }, "adminCidrs", /allowOpenAdmin/],
    ["adminCidrs in 0.0.0.0/8", { adminCidrs: ["0.0.0.0/8"] }, "adminCidrs[0]", /this network/],
    ["adminCidrs with a trailing space", { adminCidrs: ["203.0.113.10/32 "] }, "adminCidrs[0]", /whitespace/],
    ["availabilityZone outside aws:region", { availabilityZone: "eu-west-1b" }, "network.availabilityZone", /us-east-1/],
    ["availabilityZone of the old region after aws:region changed", { availabilityZone: "us-east-1a", "aws:region": "eu-west-1" }, "network.availabilityZone", /eu-west-1/],
    ["bigipInstanceType of the wrong architecture", { bigipInstanceType: "m7g.large" }, "bigip.instanceType", /arm64/],
    ["bigipInstanceType unknown", { bigipInstanceType: "m5.gigantic" }, "bigip.instanceType", /not a known/],
    ["collectorInstanceType of the wrong architecture", { collectorInstanceType: "t4g.medium" }, "collectors[0].instanceType", /arm64/],
    ["overlayCidr in multicast", { overlayCidr: "224.1.0.0/24" }, "overlayCidr", /multicast/],
    ["overlayCidr on loopback", { overlayCidr: "127.0.0.0/24" }, "overlayCidr", /loopback/],
    ["overlayCidr in 0.0.0.0/8", { overlayCidr: "0.0.0.0/24" }, "overlayCidr", /this network/],
    ["overlayCidr link-local", { overlayCidr: "169.254.0.0/24" }, "overlayCidr", /link-local/],
    ["existingBigipTlsFingerprint malformed", { ...BYO, existingBigipTlsFingerprint: "AB:CD:EF" }, "existingBigip.tls.fingerprint256", /32 colon-separated/, true],
    ["existingBigipTunnelSourceIp with a newline", { ...BYO, existingBigipTunnelSourceIp: "10.0.2.5\n" }, "existingBigip.tunnelSourceIp", undefined, true],
    ["a non-string tag", { tags: { cost: 42 } }, "tags.cost", /strings/],
    ["sshPublicKey with trailing garbage", { sshPublicKey: `${PUBLIC_KEY}\nrm -rf /` }, "bigip.sshPublicKey", /one OpenSSH public key line/],
    ["sshPublicKey with a garbled body (the old placeholder)", { sshPublicKey: "ssh-ed25519 AAAA...placeholder... you@example" }, "bigip.sshPublicKey"],
    ["vni 0", { encapsulation: "vxlan", vni: 0 }, "vni", /1\.\.16777215/],
    ["vni above 24 bits", { encapsulation: "vxlan", vni: 16777216 }, "vni", /1\.\.16777215/],
    ["duplicate collector names", { collectors: [{ name: "ids" }, { name: "ids" }] }, "collectors[1].name", /unique/],
    ["duplicate collector MACs", { collectors: [{ name: "a", macAddress: "02:aa:00:00:00:01" }, { name: "b", macAddress: "02:AA:00:00:00:01" }] }, "collectors[1].macAddress"],
    ["a capture directory on a system path", { collectors: [{ capture: { directory: "/usr/local/sbin" } }] }, "collectors[0].capture.directory", /system path/],
    ["a clone target that walks up a partition", { cloneTargets: [{ virtualServer: "/../app_vs", context: "clientside" }] }, "cloneTargets[0].virtualServer"],
    ["bigipVpcCidr with a newline", { bigipVpcCidr: "10.0.0.0/16\n" }, "network.bigipVpcCidr", /whitespace/],
];

/** `[title, secret key, value, setting named]`: secrets from config are Outputs, checked inside apply. */
const SECRET_STACK_ROWS: [string, string, string, string, string][] = [
    ["adminPassword with a newline", "adminPassword", "Stack1\nStack2", "bigip.adminPassword", "Stack1"],
    ["an empty adminPassword", "adminPassword", "", "bigip.adminPassword", ""],
    ["adminPassword TMOS 14.0+ refuses (4 different characters)", "adminPassword", "xy12xy12xy12", "bigip.adminPassword", "xy12xy12"],
];

function stackConfig(extra: Record<string, unknown>, byo = false): Record<string, string> {
    const c: Record<string, string> = {};
    const asValue = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));
    for (const [k, v] of Object.entries(dev.config ?? {})) c[k] = asValue(v);
    c[`${PROJECT}:adminPassword`] = STACK_PASSWORD;
    if (byo) for (const k of ["adminPassword", "sshPrivateKey", "sshPublicKey", "demo"]) delete c[`${PROJECT}:${k}`];
    for (const [k, v] of Object.entries(extra)) {
        const full = k.includes(":") ? k : `${PROJECT}:${k}`;
        if (v === undefined) delete c[full];
        else c[full] = asValue(v);
    }
    return c;
}

function configStore(): Record<string, string | undefined> {
    return require("@pulumi/pulumi/runtime/state").getStore().config;
}

/** Runs the stack program with `config`; returns what it threw synchronously and the ConfigErrors reported afterwards. */
async function runStack(config: Record<string, string>, waitMs: number): Promise<{ m: Mocked; thrown: unknown; reported: ConfigError[] }> {
    const m = await mocks({ project: PROJECT, stack: "dev" });
    pulumi.runtime.setAllConfig(config, SECRET_KEYS);
    const { thrown, rejections } = await runFailingProgram(m, () => {
        delete require.cache[require.resolve("../../stacks/index")];
        require("../../stacks/index");
    }, waitMs);
    return { m, thrown, reported: rejections.filter((e): e is ConfigError => e instanceof ConfigError) };
}

function assertSecretRejection(m: Mocked, reported: ConfigError[], setting: string, secretText: string): void {
    assert.ok(reported.length > 0, "the check failed the deployment");
    for (const e of reported) {
        assert.equal(e.setting, setting, e.message);
        assert.match(e.message, SAYS_WHAT);
        if (secretText) assert.ok(!e.message.includes(secretText), "the secret is never printed");
    }
    assert.deepEqual(m.resources.filter((r) => r.type === INSTANCE && r.name.includes("bigip")).map((r) => r.name), [], "no BIG-IP instance");
    assert.deepEqual(m.resources.filter((r) => r.type === COMMAND).map((r) => r.name), [], "no onboarding command");
}

describe("a wall of bad input (issue 8, section 3)", () => {
    captureRegistrationErrors();

    it(`has at least 50 rows (${ARG_ROWS.length + SECRET_ARG_ROWS.length + STACK_ROWS.length + SECRET_STACK_ROWS.length})`, () => {
        assert.ok(ARG_ROWS.length + SECRET_ARG_ROWS.length + STACK_ROWS.length + SECRET_STACK_ROWS.length >= 50);
    });

    describe("component args: refused before anything is registered", () => {
        let m: Mocked;
        beforeEach(async () => { m = await mocks(); });
        for (const [title, args, setting, detail] of ARG_ROWS) {
            it(title, async () => {
                await assertRejectedBeforeRegistration(m, () => new CloneAcrossL3(NAME, args), setting, detail);
                assert.throws(() => new CloneAcrossL3(NAME, args), (e: any) => SAYS_WHAT.test(e.message));
            });
        }
    });

    describe("component args, secret values: refused inside apply, before the BIG-IP instance, value never shown", () => {
        for (const [title, args, setting, secretText] of SECRET_ARG_ROWS) {
            it(title, async () => {
                const m = await mocks();
                const { thrown, rejections } = await runFailingProgram(m, () => new CloneAcrossL3(NAME, args), 800);
                assert.equal(thrown, undefined, String(thrown));
                assertSecretRejection(m, rejections.filter((e): e is ConfigError => e instanceof ConfigError), setting, secretText);
            });
        }
    });

    describe("stack config through stacks/config.ts and the program", () => {
        let saved: Record<string, string | undefined> = {};
        beforeEach(() => { saved = { ...configStore() }; });
        afterEach(() => {
            const store = configStore();
            for (const k of Object.keys(store)) delete store[k];
            Object.assign(store, saved);
        });

        for (const [title, extra, setting, detail, byo] of STACK_ROWS) {
            it(title, async () => {
                const { m, thrown } = await runStack(stackConfig(extra, byo), 0);
                assert.ok(thrown instanceof ConfigError, String(thrown));
                assert.equal(thrown.setting, setting, thrown.message);
                if (detail) assert.match(thrown.message, detail);
                assert.match(thrown.message, SAYS_WHAT);
                assert.deepEqual(m.resources.map((r) => r.name), [], "nothing registered, not even the component");
                assert.deepEqual(m.invokes.map((i) => i.token), [], "no invokes");
            });
        }

        for (const [title, key, value, setting, secretText] of SECRET_STACK_ROWS) {
            it(`secret ${title}: refused inside apply, before the BIG-IP instance`, async () => {
                const { m, thrown, reported } = await runStack(stackConfig({ [key]: value }), 800);
                assert.equal(thrown, undefined, String(thrown));
                assertSecretRejection(m, reported, setting, secretText);
            });
        }
    });
});
