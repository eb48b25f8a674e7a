/**
 * `npm run plan`: the real stack program evaluated offline with a stack's config, printed as resources,
 * topology, tmsh and cloud-init — through the library entry point (main) and once through the npm script.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../stacks/plan/cli";
import { runCli } from "../helpers/cli";
import { Plan } from "../../stacks/plan/plan";

const ROOT = path.resolve(__dirname, "../..");

const plan = (...argv: string[]) => runCli(main, argv);

/** A stack file in a scratch directory for `--config-file`, removed after `fn`. */
async function withStackFile(name: string, lines: string[], fn: (file: string) => Promise<void>): Promise<void> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clone-l3-plan-"));
    const file = path.join(dir, name);
    fs.writeFileSync(file, ["config:", ...lines, ""].join("\n"));
    try { await fn(file); } finally { fs.rmSync(dir, { recursive: true, force: true }); }
}

/** The settings of an existing BIG-IP in a stack file (eu-west-1), before any test's own. */
const BYO_LINES = [
    "  aws:region: eu-west-1",
    "  clone-across-l3:adminCidrs: [203.0.113.10/32]",
    "  clone-across-l3:existingBigipHost: bigip1.example.net",
    "  clone-across-l3:existingBigipTunnelSourceIp: 10.0.2.5",
    `  clone-across-l3:existingBigipTlsFingerprint: "${Array(32).fill("AB").join(":")}"`,
    "  clone-across-l3:existingBigipVpc: { vpcId: vpc-0b16, cidr: 10.0.0.0/16, routeTableIds: [rtb-0b01] }",
];

describe("npm run plan", function () {
    this.timeout(120_000);

    describe("the dev stack, as text", () => {
        let r: { code: number; out: string; err: string };
        before(async () => { r = await plan(); });

        it("exits 0 and says what it is: offline, examples, which secrets are placeholders", () => {
            assert.equal(r.code, 0, r.err);
            assert.equal(r.err, "");
            assert.match(r.out, /^Plan for stack "dev" \(config: stacks\/Pulumi\.dev\.yaml\) — evaluated offline/);
            assert.match(r.out, /shown with a placeholder: adminPassword\./);
            for (const h of ["== Resources (", "== Topology ==", "== BIG-IP changes, as tmsh (in order) ==", "== cloud-init of clone-collector-instance ==", "== cloud-init of clone-demo-instance =="]) {
                assert.ok(r.out.includes(h), h);
            }
        });

        it("lists the resource tree with key properties, and shows secrets as [secret]", () => {
            assert.match(r.out, /\n {4}aws:ec2\/vpc:Vpc {2}clone-network-bigip-vpc\n {8}cidrBlock=10\.0\.0\.0\/16/);
            assert.match(r.out, /aws:vpc\/securityGroupIngressRule:SecurityGroupIngressRule {2}clone-collector-tunnel-in\n.*cidrIpv4=10\.0\.2\.\d+\/32 {2}ipProtocol=47/);
            assert.match(r.out, /instanceType=m5\.xlarge/);
            assert.match(r.out, /secretString=\[secret\]/);
            assert.doesNotMatch(r.out, /placeholder for adminPassword/, "the placeholder secret itself is never printed");
        });

        it("says which images are kept: looked up at first deploy and kept, an explicit id replaces when changed", () => {
            const images = r.out.slice(r.out.indexOf("== Images"), r.out.indexOf("== Topology =="));
            assert.match(images, /A looked-up image is resolved at the first deploy and then kept: later images .* do\nnot replace the instance/);
            assert.match(images, /An explicit image id replaces the instance\nwhen it is changed\./);
            for (const [name, setting] of [["clone-bigip-instance", "bigipAmiId"], ["clone-collector-instance", "collectorAmiId"]]) {
                assert.match(images, new RegExp(`  ${name} \\(\\w[^)]*\\): image looked up, ami-.*\n +resolved at first deploy and kept \\(ignoreChanges: ami\\)\\. ` +
                    `To move it to another image, set ${setting}:\n +that replaces it \\(delete-before-replace: relaunched on the same network interfaces`));
            }
            assert.match(images, /clone-collector-instance[^]*New user data also replaces it, the same way\./);
        });

        it("draws the topology with the addresses: VPCs, the data VLAN and self IP, route, VIP, tunnel endpoints, overlay, MAC, MTU", () => {
            const topo = r.out.slice(r.out.indexOf("== Topology =="), r.out.indexOf("== BIG-IP changes"));
            assert.match(topo, /clone-network-bigip-vpc 10\.0\.0\.0\/16 {2}<== {2}VPC peering {2}==> {2}clone-network-collector-vpc 10\.1\.0\.0\/16/);
            assert.match(topo, /VLAN external on 1\.1, MTU 9001/);
            assert.match(topo, /self IP 10\.0\.2\.\d+\/24 on \/Common\/external/);
            assert.match(topo, /route 10\.1\.0\.0\/16 via 10\.0\.2\.1/);
            assert.match(topo, /virtual \/Common\/clone-demo-vs 10\.0\.2\.\d+:80 -> 10\.0\.2\.\d+:80, SNAT automap/);
            assert.match(topo, /\/Common\/clone-collector: GRE-TEB, MTU 8963\n {4}underlay 10\.0\.2\.\d+ \(BIG-IP self IP\) ==> 10\.1\.1\.\d+ \(collector\)/);
            assert.match(topo, /overlay {2}10\.254\.0\.1\/29 \(BIG-IP\) -> 10\.254\.0\.2 \(collector, MAC ([0-9a-f]{2}:){5}[0-9a-f]{2}\)/);
            assert.match(topo, /<- \/Common\/clone-demo-vs clientside, \/Common\/clone-demo-vs serverside/);
        });

        it("prints the recipe as the tmsh commands a person would type, in dependency order", () => {
            const tmsh = r.out.slice(r.out.indexOf("== BIG-IP changes"), r.out.indexOf("== cloud-init"));
            const expected = [
                /create net vlan \/Common\/external \{ interfaces \{ 1\.1 \{ untagged \} \} mtu 9001/,
                /create net self \/Common\/clone-external-self \{ address 10\.0\.2\.\d+\/24 vlan \/Common\/external/,
                /create net route \/Common\/clone-to-collectors-0 \{ network 10\.1\.0\.0\/16 gw 10\.0\.2\.1/,
                /create net tunnels gre \/Common\/clone-collector-profile \{ defaults-from \/Common\/gre encapsulation transparent-ethernet-bridging/,
                /create net tunnels tunnel \/Common\/clone-collector \{ profile \/Common\/clone-collector-profile local-address 10\.0\.2\.\d+ remote-address 10\.1\.1\.\d+ key 0 mtu 8963/,
                /create net self \/Common\/clone-collector-self \{ address 10\.254\.0\.1\/29 vlan \/Common\/clone-collector/,
                /create net arp \/Common\/clone-collector-arp \{ ip-address 10\.254\.0\.2 mac-address ([0-9a-f]{2}:){5}[0-9a-f]{2} \}/,
                /modify net fdb tunnel \/Common\/clone-collector records add \{ ([0-9a-f]{2}:){5}[0-9a-f]{2} \{ endpoint 10\.1\.1\.\d+ \} \}/,
                /create ltm pool \/Common\/clone-collector-pool \{ members \{ 10\.254\.0\.2:0 \{ address 10\.254\.0\.2 \} \}/,
                /modify ltm virtual \/Common\/clone-demo-vs clone-pools add \{ \/Common\/clone-collector-pool \{ context clientside \} \}/,
                /modify ltm virtual \/Common\/clone-demo-vs clone-pools add \{ \/Common\/clone-collector-pool \{ context serverside \} \}/,
                /save sys config/,
            ];
            let at = 0;
            for (const re of expected) {
                const m = re.exec(tmsh.slice(at));
                assert.ok(m, `${re} (after position ${at}) in:\n${tmsh}`);
                at += m.index + m[0].length;
            }
            // The ARP MAC, the FDB record and the collector's cloud-init agree.
            const mac = /mac-address (\S+)/.exec(tmsh)![1];
            assert.ok(r.out.includes(`TUNNEL_MAC='${mac}'`));
        });
    });

    it("--set encapsulation=vxlan: a VXLAN profile and tunnel keyed with the VNI, MTU 8951", async () => {
        const r = await plan("--set", "encapsulation=vxlan", "--set", "vni=4242");
        assert.equal(r.code, 0, r.err);
        assert.match(r.out, /create net tunnels vxlan \/Common\/clone-collector-profile \{ defaults-from \/Common\/vxlan .*port 4789/);
        assert.match(r.out, /create net tunnels tunnel \/Common\/clone-collector \{ .*key 4242 mtu 8951/);
        assert.match(r.out, /VXLAN_VNI='4242'/);
    });

    it("--set nics=single: says the virtual servers' client rules sit on the management interface (issue 14, security 6)", async () => {
        const r = await plan("--set", "nics=single", "--json");
        assert.equal(r.code, 0, r.err);
        assert.deepEqual(JSON.parse(r.out).topology.bigip.singleNic, { clientCidrs: ["203.0.113.10/32"], ports: [80, 443] });
        const text = await plan("--set", "nics=single");
        assert.match(text.out, /single NIC: the virtual servers' client rules \(203\.0\.113\.10\/32 -> tcp\/80, tcp\/443\) sit on the management interface/);
        assert.doesNotMatch((await plan()).out, /single NIC:/, "multi-NIC: the data ENI carries them");
    });

    it("--json: one document with resources, topology, tmsh and cloud-init, secrets as [secret]", async () => {
        const r = await plan("--json");
        assert.equal(r.code, 0, r.err);
        const p = JSON.parse(r.out) as Plan;
        assert.ok(p.resources.length > 50, String(p.resources.length));
        assert.equal(p.resources.find((x) => x.name === "clone-bigip-admin-password-value")!.properties.secretString, "[secret]");
        assert.equal(p.resources.find((x) => x.name === "clone-bigip-mgmt-key-value")!.properties.secretString, "[secret]");
        // The first boot in three documents, read back from the user data (issue 15.2); no secret in any of them.
        const fb = p.firstBoot["clone-bigip-instance"];
        assert.match(fb.startupScript, /^#!\/bin\/bash\n/);
        assert.match(fb.runtimeInitYaml, /type: SecretsManager/);
        assert.equal(JSON.parse(fb.doDeclaration).Common.admin.password, "{{{ ADMIN_PASS }}}");
        assert.ok(!JSON.stringify(fb).includes("placeholder for adminPassword"));
        assert.equal(p.resources.find((x) => x.name === "clone-vlan-external")!.parent, "clone");
        // Dependencies first: each of these comes after the one before it.
        const at = (name: string) => p.tmsh.findIndex((t) => t.resource === name);
        const order = ["clone-vlan-external", "clone-self-external", "clone-route-0", "clone-collector-underlay", "clone-collector-tunnel", "clone-collector-pool",
            "clone-demo-clone-clientside", "clone-save"];
        order.forEach((n, i) => assert.ok(at(n) >= 0 && (i === 0 || at(n) > at(order[i - 1])), `${n} after ${order[i - 1]}: ${p.tmsh.map((t) => t.resource)}`));
        assert.ok(at("clone-demo-vs") < at("clone-demo-clone-serverside"));
        assert.equal(p.tmsh[p.tmsh.length - 1].type, "ConfigSave");
        assert.deepEqual(Object.keys(p.cloudInit).sort(), ["clone-collector-instance", "clone-demo-instance"]);
        assert.match(p.cloudInit["clone-collector-instance"], /^#cloud-config\n/);
        assert.equal(p.topology.clonePaths.length, 1);
    });

    it("--config-file: an existing BIG-IP and two collectors (one existing), with no BIG-IP instance and the check first", async () => {
        await withStackFile("byo.yaml", [...BYO_LINES, "  clone-across-l3:collectors: [{ name: ids }, { name: lab, existing: { underlayIp: 10.1.7.7 } }]"], async (file) => {
            const r = await plan("--config-file", file, "--json");
            assert.equal(r.code, 0, r.err);
            const p = JSON.parse(r.out) as Plan;
            assert.deepEqual(p.placeholders, ["existingBigipPassword"]);
            assert.equal(p.resources.filter((x) => x.name.startsWith("clone-bigip")).length, 0);
            assert.equal(p.tmsh[0].type, "UnderlayCheck");
            const remotes = p.topology.clonePaths.map((c) => c.remoteAddress).sort();
            assert.equal(remotes.length, 2);
            assert.match(remotes[0], /^10\.1\.1\.\d+$/, "the created collector, in the created collector subnet");
            assert.equal(remotes[1], "10.1.7.7", "the existing collector");
            assert.ok(p.topology.clonePaths.every((c) => c.localAddress === "10.0.2.5"));
            assert.match(JSON.stringify(p.outputs.collectorCommands), /lab/);
        });
    });

    it("an existing HA pair (existingBigipPeer*): each unit's check and chain, the pool on the first unit, each change says which unit", async () => {
        const fp = `"${Array(32).fill("AB").join(":")}"`;
        await withStackFile("pair.yaml", [...BYO_LINES, "  clone-across-l3:existingBigipPeerHost: bigip2.example.net",
            "  clone-across-l3:existingBigipPeerTunnelSourceIp: 10.0.2.6", `  clone-across-l3:existingBigipPeerTlsFingerprint: ${fp}`], async (file) => {
            const json = await plan("--config-file", file, "--json");
            assert.equal(json.code, 0, json.err);
            const p = JSON.parse(json.out) as Plan;
            const on = (type: string) => p.tmsh.filter((t) => t.type === type).map((t) => t.device).sort();
            assert.deepEqual(on("UnderlayCheck"), ["bigip1.example.net", "bigip2.example.net"]);
            assert.deepEqual(on("TunnelChain"), ["bigip1.example.net", "bigip2.example.net"]);
            assert.deepEqual(on("Pool"), ["bigip1.example.net"]);
            assert.deepEqual(on("ConfigSave"), ["bigip1.example.net", "bigip2.example.net"]);
            const text = await plan("--config-file", file);
            const block = (heading: string) => text.out.split(`${heading}\n`)[1]?.split("\n# ").slice(0, 2).join("\n# ") ?? "";
            assert.match(block("# TunnelChain clone-collector-peer-tunnel — on bigip2.example.net"), /local-address 10\.0\.2\.6 .*\n.*address 10\.254\.0\.3\/29/);
            assert.match(block("# UnderlayCheck clone-collector-peer-underlay — on bigip2.example.net"), /list sys db iptunnel\.configsync/);
        });
        // The stack keys name themselves when one is missing or stray.
        await withStackFile("pair-bad.yaml", [...BYO_LINES, "  clone-across-l3:existingBigipPeerHost: bigip2.example.net"], async (file) => {
            const r = await plan("--config-file", file);
            assert.equal(r.code, 2, r.out);
            assert.match(r.err, /existingBigipPeerTunnelSourceIp.*is required with existingBigipPeerHost/);
        });
        await withStackFile("peer-stray.yaml", [...BYO_LINES, "  clone-across-l3:existingBigipPeerUsername: ops"], async (file) => {
            assert.match((await plan("--config-file", file)).err, /existingBigipPeerUsername.*only applies with existingBigipPeerHost/);
        });
    });

    it("--set bigipHa=true: two units, each with its first boot clustering it and a clone path on it; the pool on the first", async () => {
        const json = await plan("--set", "bigipHa=true", "--json");
        assert.equal(json.code, 0, json.err);
        const p = JSON.parse(json.out) as Plan;
        assert.deepEqual(Object.keys(p.firstBoot).sort(), ["clone-bigip-instance", "clone-bigip-peer-instance"]);
        const devices = [...new Set(p.tmsh.map((t) => t.device))];
        assert.equal(devices.length, 2, JSON.stringify(devices));
        const on = (type: string) => p.tmsh.filter((t) => t.type === type).map((t) => t.device).sort();
        assert.deepEqual(on("TunnelChain"), [...devices].sort());
        assert.deepEqual(on("UnderlayCheck"), [...devices].sort());
        assert.equal(on("Pool").filter((d, i, a) => a.indexOf(d) === i).length, 1, "pools on one unit");
        assert.deepEqual(on("Vlan"), [], "the units' VLANs come from their first boots");
        assert.deepEqual(p.topology.clonePaths.map((c) => c.device).sort(), [...devices].sort());
        for (const [unit, view] of Object.entries(p.firstBoot)) {
            const common = JSON.parse(view.doDeclaration).Common;
            assert.equal(common.failoverGroup?.class, "DeviceGroup", unit);
            assert.equal(common.dbVariables?.["iptunnel.configsync"], "disable", unit);
        }
        const text = await plan("--set", "bigipHa=true");
        assert.equal(text.code, 0, text.err);
        assert.match(text.out, /BIG-IP: {4}management https:\/\/\S+, HA peer https:\/\/\S+/);
        assert.equal(text.out.match(/^ {2}\/Common\/clone-collector: GRE-TEB, MTU \d+ — on \S+$/gm)?.length, 2, "a clone path on each unit");
        // Refused naming the key: nics single, and with an existing BIG-IP.
        const single = await plan("--set", "bigipHa=true", "--set", "nics=single");
        assert.equal(single.code, 2);
        assert.match(single.err, /^Invalid setting "bigip\.ha": needs bigip\.nics "multi"/);
        await withStackFile("byo-ha.yaml", [...BYO_LINES, "  clone-across-l3:bigipHa: true"], async (file) => {
            assert.match((await plan("--config-file", file)).err, /bigipHa.*only applies when this stack creates the BIG-IP; for an HA pair you already run, set existingBigipPeerHost/);
        });
    });

    it("--set bigipAmiId/collectorAmiId: explicit images, which replace their instance when changed", async () => {
        const r = await plan("--set", "bigipAmiId=ami-0123456789abcdef0", "--set", "collectorAmiId=ami-0fedcba9876543210", "--json");
        assert.equal(r.code, 0, r.err);
        const images = Object.fromEntries((JSON.parse(r.out) as Plan).images.map((i) => [i.resource, i]));
        assert.deepEqual(images["clone-bigip-instance"], { resource: "clone-bigip-instance", role: "BIG-IP", ami: "ami-0123456789abcdef0",
            keptAfterFirstDeploy: false, deleteBeforeReplace: true, replacedOnNewUserData: false, setting: "bigipAmiId",
            imds: { httpTokens: "optional", reason: "explicit image ami-0123456789abcdef0: its TMOS version cannot be known offline; " +
                "BIG-IP VE supports IMDSv2 from 16.1.2.1 (and 15.1.5.1 on 15.1.x)" } });
        assert.equal(images["clone-collector-instance"].keptAfterFirstDeploy, false);
        assert.equal(images["clone-demo-instance"].keptAfterFirstDeploy, true, "the demo server's image is still looked up");
        const text = await plan("--set", "bigipAmiId=ami-0123456789abcdef0");
        assert.match(text.out, /clone-bigip-instance \(BIG-IP\): explicit image ami-0123456789abcdef0 \(bigipAmiId\)\n +changing it replaces the instance \(delete-before-replace/);
    });

    describe("secrets encrypted in the stack file (secure:, as pulumi config set --secret writes them)", () => {
        const CIPHER = { adminPassword: "AAABAKq1cXZhZG1pbnBhc3N3b3JkY2lwaGVydGV4dA==", sshPrivateKey: "AAABAHNzaHByaXZhdGVrZXljaXBoZXJ0ZXh0MDEyMw==",
            existingBigipPassword: "AAABAGV4aXN0aW5nYmlnaXBwYXNzd29yZGNpcGhlcg==", awsSecretKey: "AAABAGF3c3NlY3JldGtleWNpcGhlcnRleHQ0NTY3OA==" };
        let dir: string;
        before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "clone-l3-secure-")); });
        after(() => fs.rmSync(dir, { recursive: true, force: true }));
        /** A stack file as the README walkthrough leaves it: the example config, then the values `--secret` encrypted. */
        const stackFile = (name: string, lines: string[]) => {
            const file = path.join(dir, name);
            fs.writeFileSync(file, ["encryptionsalt: v1:c2FsdA==:v1:bm9uY2U=:bWFj", "config:", ...lines, ""].join("\n"));
            return file;
        };
        const secure = (key: string, cipher: string) => [`  ${key}:`, `    secure: ${cipher}`];
        const DEV_LINES = fs.readFileSync(path.join(ROOT, "stacks/Pulumi.dev.yaml"), "utf8").split("\n").filter((l) => l.startsWith("  ") && !l.trim().startsWith("#"));
        const noCipher = (r: { out: string; err: string }) => {
            for (const c of Object.values(CIPHER)) assert.ok(!r.out.includes(c) && !r.err.includes(c), "the ciphertext is never printed");
            assert.doesNotMatch(r.out, /placeholder for/, "nor the stand-in");
        };

        it("adminPassword and sshPrivateKey (and a provider secret): exit 0, named as not checked offline, shown as [secret]", async () => {
            const file = stackFile("created.yaml", [...DEV_LINES, ...secure("clone-across-l3:adminPassword", CIPHER.adminPassword),
                ...secure("clone-across-l3:sshPrivateKey", CIPHER.sshPrivateKey), ...secure("aws:secretKey", CIPHER.awsSecretKey)]);
            const r = await plan("--config-file", file);
            assert.equal(r.code, 0, r.err);
            assert.equal(r.err, "");
            assert.match(r.out, /Encrypted in the stack file \(secure:\), not decrypted here: adminPassword, sshPrivateKey, aws:secretKey\. These secrets cannot be checked offline/);
            assert.doesNotMatch(r.out, /Secrets not in the stack file in clear text/, "nothing is missing");
            assert.match(r.out, /secretString=\[secret\]/);
            assert.match(r.out, /save sys config/, "the whole plan, BIG-IP objects included");
            noCipher(r);
            const json = JSON.parse((await plan("--config-file", file, "--json")).out) as Plan;
            assert.deepEqual(json.encrypted, ["adminPassword", "sshPrivateKey", "aws:secretKey"]);
            assert.ok(!JSON.stringify(json).includes(CIPHER.adminPassword));
        });

        it("the existing BIG-IP's password: exit 0, named as not checked offline", async () => {
            const file = stackFile("byo.yaml", [
                "  clone-across-l3:adminCidrs: [203.0.113.10/32]",
                "  clone-across-l3:existingBigipHost: bigip1.example.net",
                "  clone-across-l3:existingBigipTunnelSourceIp: 10.0.2.5",
                `  clone-across-l3:existingBigipTlsFingerprint: "${Array(32).fill("AB").join(":")}"`,
                "  clone-across-l3:existingBigipVpc: { vpcId: vpc-0b16, cidr: 10.0.0.0/16, routeTableIds: [rtb-0b01] }",
                ...secure("clone-across-l3:existingBigipPassword", CIPHER.existingBigipPassword),
            ]);
            const r = await plan("--config-file", file);
            assert.equal(r.code, 0, r.err);
            assert.match(r.out, /not decrypted here: existingBigipPassword\. These secrets cannot be checked offline/);
            assert.match(r.out, /UnderlayCheck/);
            noCipher(r);
        });

        it("a key that is not a secret, encrypted anyway: exit 2 naming it (no ciphertext); --set gives the value to plan with", async () => {
            const lines = DEV_LINES.filter((l) => !l.includes("sshPublicKey"));
            const file = stackFile("public.yaml", [...lines, ...secure("clone-across-l3:sshPublicKey", CIPHER.awsSecretKey)]);
            const r = await plan("--config-file", file);
            assert.equal(r.code, 2, r.out);
            assert.match(r.err, /^Invalid setting "sshPublicKey": is encrypted in public\.yaml \(secure:\), which the plan cannot decrypt offline.*--set sshPublicKey=/);
            noCipher(r);
            const key = DEV_LINES.find((l) => l.includes("sshPublicKey"))!.split(": ")[1].replace(/"/g, "");
            const ok = await plan("--config-file", file, "--set", `sshPublicKey=${key}`);
            assert.equal(ok.code, 0, ok.err);
        });
    });

    for (const [title, argv, setting] of [
        ["an unknown key", ["--set", "nope=1"], "nope"],
        ["a value of the wrong type", ["--set", "vni=abc"], "vni"],
        ["a value the component refuses", ["--set", "encapsulation=geneve"], "encapsulation"],
        ["a stack without a file", ["--stack", "nosuchstack"], "--stack"],
    ] as [string, string[], string][]) {
        it(`invalid config (${title}): exit 2, one line naming ${setting} on stderr, nothing else`, async () => {
            const r = await plan(...argv);
            assert.equal(r.code, 2, r.err);
            assert.equal(r.out, "");
            assert.equal(r.err.trimEnd().split("\n").length, 1, r.err);
            assert.ok(r.err.startsWith(`Invalid setting "${setting}": `), r.err);
        });
    }

    it("an unknown option: exit 2, one line \"unknown option --verbose\", nothing else", async () => {
        const r = await plan("--verbose");
        assert.equal(r.code, 2, r.err);
        assert.equal(r.out, "");
        assert.equal(r.err, "unknown option --verbose (npm run plan -- --help lists the options)\n");
    });

    it("through the npm script, as a newcomer runs it: the whole plan in one process, and exit 2 on a bad key", () => {
        const t0 = Date.now();
        const ok = spawnSync("npm", ["run", "-s", "plan"], { cwd: ROOT, encoding: "utf8", timeout: 110_000 });
        const took = Date.now() - t0;
        assert.equal(ok.status, 0, ok.stderr);
        assert.match(ok.stdout, /save sys config/);
        console.log(`      npm run plan (dev stack): ${(took / 1000).toFixed(1)} s`);
        const bad = spawnSync("npm", ["run", "-s", "plan", "--", "--set", "nope=1"], { cwd: ROOT, encoding: "utf8", timeout: 110_000 });
        assert.equal(bad.status, 2);
        assert.equal(bad.stdout, "");
        assert.match(bad.stderr, /^Invalid setting "nope": is not a setting of this stack/);
    });
});
