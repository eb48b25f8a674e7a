import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../../components/common/errors";
import { COLLECTOR_AMI } from "../../components/collector/ami";
import { Collector, CollectorArgs } from "../../components/collector/collector";
import { deriveMac } from "../../components/collector/mac";
import { validateCollectorArgs } from "../../components/collector/validate";
import { assertRejectedBeforeRegistration, Mocked, promiseOf, settle, useMocks } from "../helpers/mocks";
import { INGRESS, EGRESS, ENI, INSTANCE, EIP, GET_AMI } from "../helpers/types";


const SOURCE = "10.0.2.10";
const ADMINS = ["203.0.113.0/24", "198.51.100.7/32"];
const GOOD: CollectorArgs = { vpcId: "vpc-0abc", subnetId: "subnet-0abc", tunnelSourceIp: SOURCE, adminCidrs: ADMINS, keyName: "ops" };

async function build(args: CollectorArgs, name = "col"): Promise<Collector> {
    const c = new Collector(name, args);
    await settle(c.userData, c.instanceId, c.sshCommand, c.publicIp, c.securityGroupId);
    return c;
}

describe("Collector", () => {
    let m: Mocked;
    beforeEach(async () => { m = await useMocks(); });

    describe("GRE (defaults)", () => {
        let c: Collector;
        beforeEach(async () => { c = await build(GOOD); });

        it("registers the expected children under the component", () => {
            assert.deepEqual(m.resources.filter((r) => r.type !== "clonel3:collector:Collector").map((r) => r.name).sort(),
                ["col-egress", "col-eip", "col-eni", "col-instance", "col-ping-in", "col-sg", "col-ssh-in-0", "col-ssh-in-1", "col-tunnel-in"]);
            assert.ok(m.named("col-instance").urn.includes("clonel3:collector:Collector$aws:ec2/instance:Instance"));
            assert.equal(m.named("col-sg").inputs.vpcId, "vpc-0abc");
            assert.equal(m.named("col-sg").inputs.ingress, undefined, "no inline rules");
            assert.equal(m.named("col-sg").inputs.egress, undefined, "no inline rules");
        });

        it("admits ICMP echo (type 8, code 0) only from the tunnel source /32, for the doctor's path MTU probe", () => {
            const ping = m.named("col-ping-in").inputs;
            assert.deepEqual([ping.ipProtocol, ping.fromPort, ping.toPort, ping.cidrIpv4, ping.securityGroupId], ["icmp", 8, 0, `${SOURCE}/32`, "col-sg-id"]);
        });

        it("admits GRE (protocol 47) only from the tunnel source /32", () => {
            const tunnel = m.named("col-tunnel-in").inputs;
            assert.equal(m.named("col-tunnel-in").type, INGRESS);
            assert.equal(tunnel.ipProtocol, "47");
            assert.equal(tunnel.cidrIpv4, `${SOURCE}/32`);
            assert.equal(tunnel.securityGroupId, "col-sg-id");
            assert.equal(tunnel.fromPort, undefined);
            const others = m.ofType(INGRESS).filter((r) => r.name !== "col-tunnel-in");
            assert.equal(others.length, ADMINS.length + 1, "SSH from each admin CIDR, and the doctor's ping");
            for (const r of others) {
                assert.ok(!["47", "-1", "all", "gre"].includes(String(r.inputs.ipProtocol)), `${r.name} must not admit GRE`);
            }
        });

        it("allows SSH only from the admin CIDRs, and all egress", () => {
            const ssh = m.ofType(INGRESS).filter((r) => r.name.startsWith("col-ssh-in-"));
            assert.deepEqual(ssh.map((r) => r.inputs.cidrIpv4).sort(), [...ADMINS].sort());
            for (const r of ssh) assert.deepEqual([r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort], ["tcp", 22, 22]);
            const [egress] = m.ofType(EGRESS);
            assert.deepEqual([egress.inputs.ipProtocol, egress.inputs.cidrIpv4], ["-1", "0.0.0.0/0"]);
        });

        it("puts an ENI in the subnet with the SG, and an Elastic IP (domain vpc) on that ENI", async () => {
            const eni = m.named("col-eni");
            assert.equal(eni.type, ENI);
            assert.equal(eni.inputs.subnetId, "subnet-0abc");
            assert.deepEqual(eni.inputs.securityGroups, ["col-sg-id"]);
            const [eip] = m.ofType(EIP);
            assert.equal(eip.inputs.domain, "vpc");
            assert.equal(eip.inputs.networkInterface, "col-eni-id");
            assert.equal(eip.inputs.associateWithPrivateIp, await promiseOf(c.privateIp));
            assert.match(await promiseOf(c.publicIp), /^198\.51\./);
        });

        it("looks the AMI up by owner and name (CentOS Stream 9)", () => {
            const calls = m.invokes.filter((i) => i.token === GET_AMI);
            assert.equal(calls.length, 1);
            assert.deepEqual(calls[0].inputs.owners, ["125523088429"]);
            assert.equal(calls[0].inputs.mostRecent, true);
            assert.deepEqual(calls[0].inputs.filters, [
                { name: "name", values: ["CentOS Stream 9 x86_64 *"] },
                { name: "architecture", values: ["x86_64"] },
                { name: "state", values: ["available"] },
            ]);
            assert.equal(m.named("col-instance").inputs.ami, "ami-0collector00000");
        });

        it("launches a hardened instance on the ENI, replaced when its user data changes", async () => {
            const i = m.named("col-instance").inputs;
            assert.equal(m.named("col-instance").type, INSTANCE);
            assert.deepEqual(i.primaryNetworkInterface, { networkInterfaceId: "col-eni-id" });
            assert.equal(i.userDataReplaceOnChange, true);
            assert.equal(i.metadataOptions.httpTokens, "required");
            assert.equal(i.rootBlockDevice.encrypted, true);
            assert.equal(i.rootBlockDevice.volumeSize, 12, "10 GiB + the 2 GB default capture ring");
            assert.equal(i.instanceType, "t3.medium");
            assert.equal(i.keyName, "ops");
            assert.equal(i.userData, await promiseOf(c.userData));
        });

        it("renders user data with the ENI IP as LOCAL, the source as REMOTE, and the MAC", async () => {
            const ud = m.named("col-instance").inputs.userData as string;
            const privateIp = await promiseOf(c.privateIp);
            assert.match(privateIp, /^10\.0\./);
            assert.ok(ud.startsWith("#cloud-config\n"));
            for (const line of [`LOCAL='${privateIp}'`, `REMOTE='${SOURCE}'`, `TUNNEL_MAC='${c.macAddress}'`, "TUNNEL_MODE='gretap'",
                "TUNNEL_MTU='8963'", "TUNNEL_DEV='clone0'"]) {
                assert.ok(ud.includes(line), `user data should contain ${line}`);
            }
            assert.ok(ud.includes("clone-capture@.service"), "capture is on by default");
        });

        it("exposes the resolved settings and connection details", async () => {
            assert.equal(c.macAddress, deriveMac("col/clone0"));
            assert.equal(c.deviceName, "clone0");
            assert.equal(c.tunnelMtu, 8963);
            assert.equal(c.sshUser, COLLECTOR_AMI.sshUser);
            assert.equal(await promiseOf(c.sshCommand), `ssh ec2-user@${await promiseOf(c.publicIp)}`);
            assert.equal(await promiseOf(c.securityGroupId), "col-sg-id");
            assert.equal(await promiseOf(c.instanceId), "col-instance-id");
        });
    });

    describe("VXLAN over a transit gateway, no public IP, no capture", () => {
        let c: Collector;
        beforeEach(async () => {
            c = await build({
                ...GOOD, tunnelSourceIp: pulumi.output("10.0.2.11"), encapsulation: "vxlan", vni: 4242, underlayPath: "transit-gateway",
                associatePublicIp: false, capture: { enabled: false }, macAddress: "0E-AA-BB-CC-DD-EE", deviceName: "vx0",
            });
        });

        it("admits UDP 4789 only from the source /32, and GRE only from that /32 (remote tcpdump streams)", () => {
            const t = m.named("col-tunnel-in").inputs;
            assert.deepEqual([t.ipProtocol, t.fromPort, t.toPort, t.cidrIpv4], ["udp", 4789, 4789, "10.0.2.11/32"]);
            assert.deepEqual(m.ofType(INGRESS).filter((r) => r.inputs.ipProtocol === "47").map((r) => [r.name, r.inputs.cidrIpv4]), [["col-rcap-data-in", "10.0.2.11/32"]]);
        });

        it("has no Elastic IP, so SSH goes to the private IP", async () => {
            assert.equal(m.ofType(EIP).length, 0);
            assert.equal(await promiseOf(c.publicIp), "");
            assert.equal(await promiseOf(c.sshCommand), `ssh ec2-user@${await promiseOf(c.privateIp)}`);
        });

        it("renders VNI, port 4789, the TGW MTU and the normalized MAC, without the capture unit", async () => {
            const ud = await promiseOf(c.userData);
            for (const line of ["TUNNEL_MODE='vxlan'", "VXLAN_VNI='4242'", "VXLAN_PORT='4789'", "TUNNEL_MTU='8450'",
                "TUNNEL_MAC='0e:aa:bb:cc:dd:ee'", "TUNNEL_DEV='vx0'", "REMOTE='10.0.2.11'"]) {
                assert.ok(ud.includes(line), line);
            }
            assert.ok(!ud.includes("clone-capture@"));
            assert.equal(c.tunnelMtu, 8450);
            assert.equal(c.macAddress, "0e:aa:bb:cc:dd:ee");
            assert.equal(m.named("col-instance").inputs.rootBlockDevice.volumeSize, 10);
        });
    });

    it("with ids: \"suricata\", the user data installs Suricata on the tunnel device; by default it does not", async () => {
        const ud = await promiseOf((await build({ ...GOOD, ids: "suricata" })).userData);
        for (const part of ["epel-release", "--af-packet=clone0", "X-Clone-Canary", "suricata.service"]) assert.ok(ud.includes(part), part);
        assert.ok(!(await promiseOf((await build(GOOD, "col2")).userData)).includes("suricata"));
    });

    it("uses an explicit AMI id without any lookup", async () => {
        const c = await build({ ...GOOD, ami: { id: "ami-0123456789abcdef0", sshUser: "centos" } });
        assert.equal(m.invokes.filter((i) => i.token === GET_AMI).length, 0);
        assert.equal(m.named("col-instance").inputs.ami, "ami-0123456789abcdef0");
        assert.equal(c.sshUser, "centos");
    });

    it("looks up a custom owner and name pattern", async () => {
        await build({ ...GOOD, ami: { owner: "792107900819", namePattern: "Rocky-9-EC2-Base-9.*x86_64" } });
        const [call] = m.invokes.filter((i) => i.token === GET_AMI);
        assert.deepEqual(call.inputs.owners, ["792107900819"]);
        assert.deepEqual(call.inputs.filters[0], { name: "name", values: ["Rocky-9-EC2-Base-9.*x86_64"] });
    });

    it("accepts an internet path below 1500 when allowed", async () => {
        const c = await build({ ...GOOD, underlayPath: "internet", allowMtuBelow1500: true });
        assert.equal(c.tunnelMtu, 1462);
        assert.ok((await promiseOf(c.userData)).includes("TUNNEL_MTU='1462'"));
    });

    describe("bad inputs throw a ConfigError naming the setting before anything is registered", () => {
        const cases: [string, Partial<CollectorArgs> | Record<string, unknown>, string, string?][] = [
            ["bad MAC", { macAddress: "01:00:5e:00:00:01" }, "macAddress", "multicast"],
            ["MTU below 1500 over the internet", { underlayPath: "internet" }, "underlayPath", "allowMtuBelow1500"],
            ["MTU override too large for the path", { tunnelMtu: 9000 }, "tunnelMtu", "8963"],
            ["unknown encapsulation", { encapsulation: "ipip" }, "encapsulation"],
            ["empty adminCidrs", { adminCidrs: [] }, "adminCidrs"],
            ["0.0.0.0/0 without the allow flag", { adminCidrs: ["0.0.0.0/0"] }, "adminCidrs", "allowOpenAdmin"],
            ["reserved device name", { deviceName: "gretap0" }, "deviceName", "reserved"],
            ["VNI with GRE", { vni: 5 }, "vni"],
            ["bad VNI for VXLAN", { encapsulation: "vxlan", vni: 0 }, "vni"],
            ["bad tunnel source", { tunnelSourceIp: "10.0.2" }, "tunnelSourceIp"],
            ["bad overlay address", { overlayAddress: "10.99.0.2" }, "overlayAddress"],
            ["capture ring of zero files", { capture: { fileCount: 0 } }, "capture.fileCount"],
            ["bad AMI id", { ami: { id: "ami-xyz" } }, "ami.id"],
            ["unknown underlay path", { underlayPath: "vpn" }, "underlayPath"],
            ["bad instance type", { instanceType: "huge" }, "instanceType"],
            ["missing VPC", { vpcId: "" }, "vpcId"],
            ["unknown IDS", { ids: "snort" }, "ids", "suricata"],
        ];
        for (const [label, patch, setting, mention] of cases) {
            it(label, () => assertRejectedBeforeRegistration(m, () => new Collector("col", { ...GOOD, ...patch } as CollectorArgs), setting, mention));
        }
    });

    describe("validateCollectorArgs", () => {
        it("resolves every default purely", () => {
            const s = validateCollectorArgs(GOOD, "col");
            assert.equal(s.encapsulation, "gre");
            assert.equal(s.vni, undefined);
            assert.equal(s.deviceName, "clone0");
            assert.equal(s.macAddress, deriveMac("col/clone0"));
            assert.equal(s.underlayPath, "peering");
            assert.deepEqual(s.mtu, { underlay: 9001, overhead: 38, inner: 8963 });
            assert.equal(s.instanceType, "t3.medium");
            assert.deepEqual(s.capture, { enabled: true, directory: "/var/capture", fileSizeMb: 100, fileCount: 20 });
            assert.equal(s.associatePublicIp, true);
            assert.equal(s.ami.kind, "lookup");
            assert.equal(s.ids, "none");
            assert.equal(validateCollectorArgs({ ...GOOD, encapsulation: "vxlan" }, "col").vni, 100);
        });

        it("keeps capture defaults for entries given as undefined (as a stack program passes unset config)", () => {
            const s = validateCollectorArgs({ ...GOOD, capture: { fileSizeMb: undefined, fileCount: 7 } }, "col");
            assert.deepEqual(s.capture, { enabled: true, directory: "/var/capture", fileSizeMb: 100, fileCount: 7 });
        });

        it("names settings under the composing component's prefix", () => {
            assert.throws(() => validateCollectorArgs({ ...GOOD, macAddress: "nope" }, "col", "collectors[0]."),
                (e: unknown) => e instanceof ConfigError && e.setting === "collectors[0].macAddress");
            assert.throws(() => validateCollectorArgs({ ...GOOD, capture: { directory: "rel" } }, "col", "collectors[1]."),
                (e: unknown) => e instanceof ConfigError && e.setting === "collectors[1].capture.directory");
            assert.throws(() => validateCollectorArgs({ ...GOOD, underlayPath: "internet" }, "col", "collectors[2]."),
                (e: unknown) => e instanceof ConfigError && e.setting === "collectors[2].underlayPath" && e.message.includes("collectors[2].allowMtuBelow1500"));
        });

        it("ids: \"suricata\" is kept; anything else is refused under the prefix", () => {
            assert.equal(validateCollectorArgs({ ...GOOD, ids: "suricata" }, "col").ids, "suricata");
            assert.equal(validateCollectorArgs({ ...GOOD, ids: undefined }, "col").ids, "none");
            assert.throws(() => validateCollectorArgs({ ...GOOD, ids: "zeek" as any }, "col", "collectors[0]."),
                (e: unknown) => e instanceof ConfigError && e.setting === "collectors[0].ids" && /"suricata", "none"/.test(e.message));
        });

        it("refuses a capture ring larger than 1 TB", () => {
            assert.throws(() => validateCollectorArgs({ ...GOOD, capture: { fileSizeMb: 10000, fileCount: 101 } }, "col"),
                (e: unknown) => e instanceof ConfigError && e.setting === "capture");
        });
    });
});
