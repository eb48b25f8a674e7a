import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { BigIpInstance, BigIpInstanceArgs } from "../../components/bigip/instance/bigipInstance";
import { DEFAULT_BIGIP_AMI_PATTERN } from "../../components/bigip/instance/ami";
import { validateBigIpInstanceArgs } from "../../components/bigip/instance/validate";
import { assertRejectedBeforeRegistration, Mocked, promiseOf, settle, useMocks } from "../helpers/mocks";
import { INGRESS, EGRESS, ENI, EIP, GET_AMI } from "../helpers/types";

const ADMIN = ["198.51.100.0/24", "203.0.113.7/32"];

const base: BigIpInstanceArgs = {
    vpcId: "vpc-1", managementSubnetId: "subnet-m", externalSubnetId: "subnet-x", adminCidrs: ADMIN,
    sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIi test@example",
};

/** Resource options each child was registered with (legacy transformations run client-side, so mocks see them). */
type Captured = Record<string, pulumi.CustomResourceOptions>;

async function build(args: BigIpInstanceArgs, captured: Captured = {}): Promise<BigIpInstance> {
    const bi = new BigIpInstance("bi", args, {
        transformations: [(t) => { captured[t.name] = t.opts as pulumi.CustomResourceOptions; return undefined; }],
    });
    await settle(bi.instanceId, bi.managementUrl, bi.tunnelSourceIp, bi.onboarded, bi.keyName);
    return bi;
}

/** `[sgName, port, cidr]` of every ingress rule. */
function ingress(m: Mocked) {
    return m.ofType(INGRESS).map((r) => {
        assert.strictEqual(r.inputs.fromPort, r.inputs.toPort);
        assert.strictEqual(r.inputs.ipProtocol, "tcp");
        return `${r.inputs.securityGroupId}:${r.inputs.fromPort}:${r.inputs.cidrIpv4}`;
    }).sort();
}

describe("BigIpInstance", () => {
    let m: Mocked;
    beforeEach(async () => { m = await useMocks(); });

    describe("multi-NIC default", () => {
        let bi: BigIpInstance;
        beforeEach(async () => { bi = await build(base); });

        it("looks the AMI up from aws-marketplace by description, with includeDeprecated passed", () => {
            const calls = m.invokes.filter((i) => i.token === GET_AMI);
            assert.strictEqual(calls.length, 1);
            const q = calls[0].inputs;
            assert.deepStrictEqual(q.owners, ["aws-marketplace"]);
            assert.strictEqual(q.mostRecent, true);
            assert.strictEqual(q.includeDeprecated, false);
            assert.deepStrictEqual(q.filters, [{ name: "description", values: [DEFAULT_BIGIP_AMI_PATTERN] }]);
            assert.strictEqual(DEFAULT_BIGIP_AMI_PATTERN, "F5 BIGIP-17.1* PAYG-Good 25Mbps*");
        });

        it("launches an m5.xlarge with both ENIs attached at launch, encrypted gp3 root, IMDSv2, no user data without a password", () => {
            const i = m.named("bi-instance").inputs;
            assert.strictEqual(i.instanceType, "m5.xlarge");
            assert.strictEqual(i.ami, "ami-0bigip000000000");
            assert.deepStrictEqual(i.networkInterfaces, [
                { deviceIndex: 0, networkInterfaceId: "bi-mgmt-eni-id" }, { deviceIndex: 1, networkInterfaceId: "bi-external-eni-id" },
            ]);
            assert.deepStrictEqual(i.rootBlockDevice, { volumeSize: 82, volumeType: "gp3", encrypted: true, deleteOnTermination: true });
            assert.strictEqual(i.metadataOptions.httpTokens, "required");
            assert.strictEqual(i.userData, undefined);
            assert.strictEqual(i.userDataBase64, undefined);
            assert.ok(m.named("bi-instance").urn.includes("clonel3:bigip:BigIpInstance$aws:ec2/instance:Instance"));
        });

        it("puts the management EIP (domain vpc) on the MGMT ENI and an external EIP on the external ENI", async () => {
            const mgmt = m.named("bi-mgmt-eip").inputs;
            assert.strictEqual(mgmt.domain, "vpc");
            assert.strictEqual(mgmt.networkInterface, "bi-mgmt-eni-id");
            assert.match(mgmt.associateWithPrivateIp, /^10\.0\./);
            const ext = m.named("bi-external-eip").inputs;
            assert.strictEqual(ext.networkInterface, "bi-external-eni-id");
            const ips = await promiseOf(bi.publicIps);
            assert.deepStrictEqual(Object.keys(ips).sort(), ["external", "management"]);
            assert.strictEqual(ips.management, await promiseOf(bi.managementPublicIp));
            assert.strictEqual(ips.external, await promiseOf(bi.externalPublicIp));
        });

        it("opens 443 and 22 from each admin CIDR only, and the VS ports from the clients (default = admins)", () => {
            const expected = [
                ...ADMIN.flatMap((c) => [`bi-mgmt-sg-id:443:${c}`, `bi-mgmt-sg-id:22:${c}`]),
                ...ADMIN.flatMap((c) => [`bi-data-sg-id:80:${c}`, `bi-data-sg-id:443:${c}`]),
            ].sort();
            assert.deepStrictEqual(ingress(m), expected);
            assert.deepStrictEqual(m.ofType(EGRESS).map((e) => [e.inputs.securityGroupId, e.inputs.ipProtocol, e.inputs.cidrIpv4]).sort(),
                [["bi-data-sg-id", "-1", "0.0.0.0/0"], ["bi-mgmt-sg-id", "-1", "0.0.0.0/0"]]);
            assert.deepStrictEqual(m.named("bi-mgmt-eni").inputs.securityGroups, ["bi-mgmt-sg-id"]);
            assert.deepStrictEqual(m.named("bi-external-eni").inputs.securityGroups, ["bi-data-sg-id"]);
            assert.strictEqual(m.named("bi-external-eni").inputs.sourceDestCheck, false);
            assert.strictEqual(m.named("bi-mgmt-eni").inputs.subnetId, "subnet-m");
            assert.strictEqual(m.named("bi-external-eni").inputs.subnetId, "subnet-x");
        });

        it("sources the tunnel from the external ENI and serves the GUI on https://<eip> (443 omitted)", async () => {
            const tunnel = await promiseOf(bi.tunnelSourceIp);
            assert.strictEqual(tunnel, m.named("bi-external-eip").inputs.associateWithPrivateIp);
            assert.notStrictEqual(tunnel, await promiseOf(bi.managementPrivateIp));
            assert.strictEqual(bi.managementPort, 443);
            assert.strictEqual(await promiseOf(bi.managementUrl), `https://${await promiseOf(bi.managementPublicIp)}`);
            assert.strictEqual(await promiseOf(bi.onboarded), false);
            assert.strictEqual(m.ofType("command:remote:Command").length, 0);
        });

        it("creates the key pair from sshPublicKey", async () => {
            assert.strictEqual(m.named("bi-key").inputs.publicKey, base.sshPublicKey);
            assert.strictEqual(m.named("bi-instance").inputs.keyName, "bi-key");
            assert.strictEqual(await promiseOf(bi.keyName), "bi-key");
        });
    });

    it("single-NIC: GUI/REST on 8443, one ENI with both SGs, tunnel sourced from it, no external ENI/EIP", async () => {
        const { externalSubnetId: _x, ...single } = base;
        const bi = await build({ ...single, nics: "single", virtualServerPorts: [443] });
        assert.deepStrictEqual(m.ofType(ENI).map((e) => e.name), ["bi-mgmt-eni"]);
        assert.deepStrictEqual(m.ofType(EIP).map((e) => e.name), ["bi-mgmt-eip"]);
        assert.deepStrictEqual(m.named("bi-mgmt-eni").inputs.securityGroups, ["bi-mgmt-sg-id", "bi-data-sg-id"]);
        assert.deepStrictEqual(m.named("bi-instance").inputs.networkInterfaces, [{ deviceIndex: 0, networkInterfaceId: "bi-mgmt-eni-id" }]);
        assert.ok(ingress(m).includes(`bi-mgmt-sg-id:8443:${ADMIN[0]}`));
        assert.ok(!ingress(m).some((r) => r.startsWith("bi-mgmt-sg-id:443:")));
        assert.strictEqual(bi.managementPort, 8443);
        assert.strictEqual(await promiseOf(bi.tunnelSourceIp), m.named("bi-mgmt-eip").inputs.associateWithPrivateIp);
        assert.strictEqual(await promiseOf(bi.managementUrl), `https://${await promiseOf(bi.managementPublicIp)}:8443`);
        assert.strictEqual(bi.externalPublicIp, undefined);
        assert.deepStrictEqual(Object.keys(await promiseOf(bi.publicIps)), ["management"]);
    });

    it("explicit AMI id and existing key pair: no getAmi invoke, no KeyPair; internal ENI at device index 2", async () => {
        const { sshPublicKey: _k, ...noKey } = base;
        const bi = await build({ ...noKey, keyName: "ops-key", ami: { id: "ami-0123456789abcdef0" }, internalSubnetId: "subnet-i", externalPublicIp: false, clientCidrs: ["0.0.0.0/0"], allowOpenClients: true });
        assert.strictEqual(m.invokes.filter((i) => i.token === GET_AMI).length, 0);
        assert.strictEqual(m.named("bi-instance").inputs.ami, "ami-0123456789abcdef0");
        assert.strictEqual(m.ofType("aws:ec2/keyPair:KeyPair").length, 0);
        assert.strictEqual(m.named("bi-instance").inputs.keyName, "ops-key");
        assert.strictEqual(await promiseOf(bi.keyName), "ops-key");
        assert.deepStrictEqual(m.named("bi-instance").inputs.networkInterfaces.map((n: any) => [n.deviceIndex, n.networkInterfaceId]),
            [[0, "bi-mgmt-eni-id"], [1, "bi-external-eni-id"], [2, "bi-internal-eni-id"]]);
        assert.strictEqual(m.named("bi-internal-eni").inputs.sourceDestCheck, false);
        assert.deepStrictEqual(m.ofType(EIP).map((e) => e.name), ["bi-mgmt-eip"]);
        assert.ok(ingress(m).includes("bi-data-sg-id:443:0.0.0.0/0"));
    });

    describe("invalid configs throw a ConfigError naming the setting, with nothing registered", () => {
        const { sshPublicKey: _k, ...noKey } = base;
        const { externalSubnetId: _x, ...noExt } = base;
        const cases: [string, any, string, RegExp?][] = [
            ["empty adminCidrs", { ...base, adminCidrs: [] }, "adminCidrs"],
            ["open adminCidrs", { ...base, adminCidrs: ["0.0.0.0/0"] }, "adminCidrs", /allowOpenAdmin/],
            ["bad admin CIDR", { ...base, adminCidrs: ["10.0.0.0/33"] }, "adminCidrs[0]"],
            ["both keyName and sshPublicKey", { ...base, keyName: "k" }, "sshPublicKey", /keyName/],
            ["neither keyName nor sshPublicKey", noKey, "keyName", /sshPublicKey/],
            ["malformed sshPublicKey", { ...base, sshPublicKey: "not a key" }, "sshPublicKey"],
            ["multi without externalSubnetId", noExt, "externalSubnetId", /multi/],
            ["single with externalSubnetId", { ...base, nics: "single" }, "externalSubnetId"],
            ["port out of range", { ...base, virtualServerPorts: [443, 70000] }, "virtualServerPorts[1]"],
            ["port zero", { ...base, virtualServerPorts: [0] }, "virtualServerPorts[0]"],
            ["duplicate port", { ...base, virtualServerPorts: [443, 443] }, "virtualServerPorts"],
            ["unknown nics value", { ...base, nics: "triple" }, "nics"],
            ["password below TMOS's policy", { ...base, adminPassword: "pw" }, "adminPassword", /at least 7/],
            ["bad AMI id", { ...base, ami: { id: "ami-xyz" } }, "ami.id"],
            ["root volume below the image", { ...base, rootVolumeSizeGb: 40 }, "rootVolumeSizeGb"],
            ["readiness timeout not an integer", { ...base, readinessTimeoutMinutes: 2.5 }, "readinessTimeoutMinutes"],
        ];
        for (const [title, args, setting, detail] of cases) {
            it(title, () => assertRejectedBeforeRegistration(m, () => new BigIpInstance("bad", args), setting, detail));
        }

        it("prefixes settings for a composing component, and allowOpenAdmin opens 0.0.0.0/0", () => {
            assert.throws(() => validateBigIpInstanceArgs({ ...base, nics: "dual" as any }, "bigip"), (e: any) => e.setting === "bigip.nics");
            assert.deepStrictEqual(validateBigIpInstanceArgs({ ...base, adminCidrs: ["0.0.0.0/0"], allowOpenAdmin: true }).adminCidrs, ["0.0.0.0/0"]);
        });
    });
});
