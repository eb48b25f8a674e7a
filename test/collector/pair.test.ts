/**
 * The collector end for a BIG-IP HA pair (components/collector/pair.ts): without a peer the cloud-config is
 * byte-for-byte the snapshot of the render before pairs existed (an existing collector must not be replaced); with
 * one, the env file names the peer, the device's tunnel unit gets a drop-in (vxlan: one more FDB entry; gre: the
 * pair script), the security group admits the peer's /32, and the GRE pair script (run under dash with a stub `ip`,
 * the real clone-tunnel beside it) makes a bridge of two isolated gretap ports. The kernels' behaviour is proved
 * in test/dataplane/pair.test.ts.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { ConfigError } from "../../components/common/errors";
import { CollectorCloudInitOptions, TUNNEL_UNIT_PATH, renderCollectorUserData, validateCollectorCloudInit } from "../../components/collector/cloudInit";
import { Collector, CollectorFullArgs } from "../../components/collector/collector";
import { PAIR_SCRIPT_PATH, pairDropInPath, pairPortNames } from "../../components/collector/pair";
import { validateCollectorArgs } from "../../components/collector/validate";
import { Mocked, promiseOf, settle, useMocks } from "../helpers/mocks";
import { INGRESS } from "../helpers/types";

const SCRIPTS = path.resolve(__dirname, "../../components/collector/scripts");
const SNAPSHOTS = path.join(__dirname, "snapshots");
const CAPTURE = { enabled: true, directory: "/var/capture", fileSizeMb: 100, fileCount: 20 };
const BASE: CollectorCloudInitOptions = {
    encapsulation: "gre", deviceName: "clone0", localIp: "10.20.1.10", remoteIp: "10.10.2.5", macAddress: "0e:11:22:33:44:55", mtu: 8963, capture: CAPTURE,
};
/** Rendered by the code before HA pairs (commit 38b99ef) and stored; the render without a peer must never differ. */
const SNAPSHOT_VARIANTS: Record<string, CollectorCloudInitOptions> = {
    "gre-default": { ...BASE, remoteCapture: true },
    "vxlan-suricata-mgmt": { ...BASE, encapsulation: "vxlan", vni: 4242, mtu: 8951, overlayAddress: "10.254.0.2/29", ids: "suricata", remoteCapture: true,
        bigipManagementIp: "10.10.0.5" },
};
const PEER = "10.10.3.7";

const files = (cloudConfig: string): Record<string, { content: string; permissions: string }> =>
    Object.fromEntries((parse(cloudConfig, { version: "1.1" }).write_files as any[]).map((f) => [f.path, f]));

describe("collector for a BIG-IP HA pair", () => {
    describe("without a peer: the cloud-config is today's, byte for byte", () => {
        for (const [name, o] of Object.entries(SNAPSHOT_VARIANTS)) {
            it(`${name}: equals test/collector/snapshots/single-unit-${name}.yaml`, () => {
                const want = fs.readFileSync(path.join(SNAPSHOTS, `single-unit-${name}.yaml`), "utf8");
                const got = renderCollectorUserData(o).cloudConfig;
                assert.ok(got === want, "the single-unit cloud-config changed: an existing collector would be replaced (userDataReplaceOnChange)");
                assert.doesNotMatch(got, /PEER_REMOTE|clone-tunnel-pair|ha-pair/);
            });
        }
    });

    describe("with a peer", () => {
        it("gre: the env file names the peer after REMOTE; the pair script and a drop-in replacing ExecStart/ExecStop for the device only", () => {
            const r = renderCollectorUserData({ ...BASE, overlayAddress: "10.254.0.2/29", peerRemoteIp: PEER });
            assert.match(r.env, new RegExp(`^REMOTE='10\\.10\\.2\\.5'\\nPEER_REMOTE='${PEER.replace(/\./g, "\\.")}'\\n`, "m"));
            const f = files(r.cloudConfig);
            assert.equal(f[PAIR_SCRIPT_PATH].content, fs.readFileSync(path.join(SCRIPTS, "clone-tunnel-pair.sh"), "utf8"));
            assert.equal(f[PAIR_SCRIPT_PATH].permissions, "0755");
            assert.equal(f[pairDropInPath("clone0")].content, [
                `# clone-l3: clone0 also receives the clone tunnel from the BIG-IP HA peer ${PEER}.`, "[Service]",
                "ExecStart=", `ExecStart=${PAIR_SCRIPT_PATH} up /etc/clone-tunnel/clone0.env`,
                "ExecStop=", `ExecStop=${PAIR_SCRIPT_PATH} down /etc/clone-tunnel/clone0.env`, "",
            ].join("\n"));
            assert.equal(pairDropInPath("clone0"), "/etc/systemd/system/clone-tunnel@clone0.service.d/ha-pair.conf");
            // The template unit (also the remote-capture receivers') is untouched.
            assert.equal(f[TUNNEL_UNIT_PATH].content, files(renderCollectorUserData(BASE).cloudConfig)[TUNNEL_UNIT_PATH].content);
        });

        it("vxlan: no pair script, a drop-in adding the peer's all-zeros FDB entry after clone-tunnel made the device", () => {
            const r = renderCollectorUserData({ ...SNAPSHOT_VARIANTS["vxlan-suricata-mgmt"], peerRemoteIp: PEER });
            const f = files(r.cloudConfig);
            assert.equal(f[PAIR_SCRIPT_PATH], undefined);
            assert.equal(f[pairDropInPath("clone0")].content,
                `# clone-l3: clone0 also receives the clone tunnel from the BIG-IP HA peer ${PEER}.\n[Service]\n` +
                `ExecStartPost=/usr/sbin/bridge fdb append 00:00:00:00:00:00 dev clone0 dst ${PEER}\n`);
            assert.match(r.env, new RegExp(`PEER_REMOTE='${PEER}'`));
        });

        it("only adds files: everything else in the cloud-config is the single unit's (an existing pair's collector is kept)", () => {
            for (const o of Object.values(SNAPSHOT_VARIANTS)) {
                const one = parse(renderCollectorUserData(o).cloudConfig, { version: "1.1" });
                const two = parse(renderCollectorUserData({ ...o, peerRemoteIp: PEER }).cloudConfig, { version: "1.1" });
                assert.deepEqual(two.runcmd, one.runcmd);
                assert.deepEqual(two.packages, one.packages);
                const added = (two.write_files as any[]).filter((w) => !(one.write_files as any[]).some((x) => x.path === w.path)).map((w) => w.path);
                assert.deepEqual(added, o.encapsulation === "gre" ? [PAIR_SCRIPT_PATH, pairDropInPath("clone0")] : [pairDropInPath("clone0")]);
            }
        });

        it("a created pair (the peer's management address known): the peer's streams get the first unit's receivers; refused without a peer", () => {
            const r = renderCollectorUserData({ ...BASE, remoteCapture: true, bigipManagementIp: "10.10.1.5", peerRemoteIp: PEER, peerBigipManagementIp: "10.10.1.6" });
            const doc = parse(r.cloudConfig, { version: "1.1" });
            const files = doc.write_files as any[];
            const peerDevices = ["rcap-peer-ip", "rcap-pmgmt", "rcap-pmgmt-ip"];
            assert.deepEqual(doc.runcmd.filter((c: string[]) => c[1] === "enable" && peerDevices.some((d) => c[3] === `clone-tunnel@${d}.service`)).length, 3);
            const env = (d: string) => files.find((f) => f.path === `/etc/clone-tunnel/${d}.env`)?.content as string;
            assert.match(env("rcap-pmgmt"), /TUNNEL_MODE='gretap'\nTUNNEL_DEV='rcap-pmgmt'\nLOCAL='[\d.]+'\nREMOTE='10\.10\.1\.6'/);
            assert.match(env("rcap-pmgmt-ip"), /TUNNEL_MODE='gre'\n.*\n.*\nREMOTE='10\.10\.1\.6'/);
            assert.match(env("rcap-peer-ip"), new RegExp(`REMOTE='${PEER.replace(/\./g, "\\.")}'`));
            assert.match(env("rcap-mgmt"), /REMOTE='10\.10\.1\.5'/, "the first unit's receivers are unchanged");
            assert.throws(() => validateCollectorCloudInit({ ...BASE, peerBigipManagementIp: "10.10.1.6" }, "c."), (e: ConfigError) => e.setting === "c.peerBigipManagementIp");
        });

        it("fits EC2's 16 KB even with Suricata, the management receivers and long names", () => {
            for (const encapsulation of ["gre", "vxlan"] as const) {
                const r = renderCollectorUserData({
                    ...BASE, encapsulation, ...(encapsulation === "vxlan" ? { vni: 16777215 } : {}), deviceName: "clone-device-15", ids: "suricata",
                    remoteCapture: true, bigipManagementIp: "100.100.100.100", peerRemoteIp: "100.100.100.101", peerBigipManagementIp: "100.100.100.103",
                    overlayAddress: "100.100.100.102/29",
                    capture: { ...CAPTURE, directory: "/var/capture/a-rather-long-directory-name" },
                });
                assert.ok(Buffer.byteLength(r.cloudConfig) < 16384 - 512, `${encapsulation}: ${Buffer.byteLength(r.cloudConfig)} bytes`);
            }
        });

        it("refuses a peer that is not an IPv4 address or is the first unit's address, naming the setting", () => {
            assert.throws(() => validateCollectorCloudInit({ ...BASE, peerRemoteIp: "10.10.3.256" }, "c."), (e: ConfigError) => e.setting === "c.peerRemoteIp");
            assert.throws(() => validateCollectorCloudInit({ ...BASE, peerRemoteIp: BASE.remoteIp }, "c."),
                (e: ConfigError) => e.setting === "c.peerRemoteIp" && /different addresses/.test(e.message));
            const args: CollectorFullArgs = { vpcId: "vpc-0abc", subnetId: "subnet-0abc", tunnelSourceIp: "10.0.2.10", adminCidrs: ["203.0.113.0/24"] };
            assert.throws(() => validateCollectorArgs({ ...args, peerTunnelSourceIp: "nope" }, "col", "collectors[0]."),
                (e: ConfigError) => e.setting === "collectors[0].peerTunnelSourceIp");
            assert.throws(() => validateCollectorArgs({ ...args, peerTunnelSourceIp: "10.0.2.10" }, "col"),
                (e: ConfigError) => e.setting === "peerTunnelSourceIp" && /own data self IP/.test(e.message));
        });
    });

    describe("the Collector component with peerTunnelSourceIp", () => {
        let m: Mocked;
        beforeEach(async () => { m = await useMocks(); });
        const ARGS: CollectorFullArgs = { vpcId: "vpc-0abc", subnetId: "subnet-0abc", tunnelSourceIp: "10.0.2.10", adminCidrs: ["203.0.113.0/24"] };

        for (const [encapsulation, proto] of [["gre", { ipProtocol: "47" }], ["vxlan", { ipProtocol: "udp", fromPort: 4789, toPort: 4789 }]] as const) {
            it(`${encapsulation}: admits the tunnel and the doctor's ICMP echo from both units' /32s, and renders the peer into the cloud-config`, async () => {
                const c = new Collector("col", { ...ARGS, encapsulation, peerTunnelSourceIp: PEER });
                await settle(c.userData, c.instanceId);
                const pick = (n: string, keys: string[]) => Object.fromEntries(keys.map((k) => [k, m.named(n).inputs[k]]));
                const tunnelKeys = ["ipProtocol", "fromPort", "toPort", "cidrIpv4"];
                assert.deepEqual(pick("col-tunnel-in", tunnelKeys), { fromPort: undefined, toPort: undefined, ...proto, cidrIpv4: "10.0.2.10/32" });
                assert.deepEqual(pick("col-tunnel-in-peer", tunnelKeys), { fromPort: undefined, toPort: undefined, ...proto, cidrIpv4: `${PEER}/32` });
                assert.deepEqual(pick("col-ping-in-peer", ["ipProtocol", "fromPort", "toPort", "cidrIpv4"]), { ipProtocol: "icmp", fromPort: 8, toPort: 0, cidrIpv4: `${PEER}/32` });
                assert.equal(m.named("col-tunnel-in-peer").type, INGRESS);
                assert.match(await promiseOf(c.userData), new RegExp(`PEER_REMOTE='${PEER}'`));
            });
        }

        it("without it: no peer rules, and no peer in the cloud-config", async () => {
            const c = new Collector("col", ARGS);
            await settle(c.userData, c.instanceId);
            assert.deepEqual(m.ofType(INGRESS).map((r) => r.name).filter((n) => n.includes("peer")), []);
            assert.doesNotMatch(await promiseOf(c.userData), /PEER_REMOTE/);
        });
    });

    describe("clone-tunnel-pair.sh (gre), under dash with a stub ip and the real clone-tunnel beside it", () => {
        let dir: string;
        const [A, B] = pairPortNames("clone0");
        beforeEach(() => {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "clone-tunnel-pair-"));
            fs.mkdirSync(path.join(dir, "bin"));
            for (const s of ["clone-tunnel", "clone-tunnel-pair"]) fs.copyFileSync(path.join(SCRIPTS, `${s}.sh`), path.join(dir, "bin", s));
            for (const s of ["clone-tunnel", "clone-tunnel-pair"]) fs.chmodSync(path.join(dir, "bin", s), 0o755);
            // `ip link show` says "absent"; FAIL_ON makes the matching command fail; every call is logged.
            fs.writeFileSync(path.join(dir, "ip"), `#!/bin/sh\necho "$*" >>"${dir}/ip.log"\n[ "$1 $2" != "link show" ] || exit 1\n` +
                `[ -z "\${FAIL_ON:-}" ] || case "$*" in *"$FAIL_ON"*) exit 1 ;; esac\n`, { mode: 0o755 });
            fs.writeFileSync(path.join(dir, "clone0.env"), renderCollectorUserData({ ...BASE, overlayAddress: "10.254.0.2/29", peerRemoteIp: PEER }).env);
        });
        afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
        const pair = (action: string, extra: Record<string, string> = {}) => spawnSync("dash", [path.join(dir, "bin", "clone-tunnel-pair"), action, path.join(dir, "clone0.env")],
            { env: { PATH: `${dir}:/usr/bin:/bin`, ...extra }, encoding: "utf8", timeout: 20_000 });
        const log = () => fs.readFileSync(path.join(dir, "ip.log"), "utf8").trim().split("\n").filter((l) => !l.startsWith("link show"));

        it("is POSIX sh that dash parses", () => {
            assert.equal(spawnSync("dash", ["-n", path.join(SCRIPTS, "clone-tunnel-pair.sh")]).status, 0);
            assert.ok((fs.statSync(path.join(SCRIPTS, "clone-tunnel-pair.sh")).mode & 0o111) !== 0, "executable");
        });

        it("up: one gretap per unit (no MAC, no address), then the bridge with the MAC, isolated ports, the MTU and the overlay address", () => {
            const r = pair("up");
            assert.equal(r.status, 0, r.stderr);
            assert.deepEqual(log(), [
                `link add ${A} type gretap local 10.20.1.10 remote 10.10.2.5 ttl 255`, `link set dev ${A} mtu 8963`, `link set dev ${A} up`,
                `link add ${B} type gretap local 10.20.1.10 remote ${PEER} ttl 255`, `link set dev ${B} mtu 8963`, `link set dev ${B} up`,
                "link add clone0 type bridge stp_state 0", "link set dev clone0 address 0e:11:22:33:44:55",
                `link set dev ${A} master clone0`, `link set dev ${A} type bridge_slave isolated on`,
                `link set dev ${B} master clone0`, `link set dev ${B} type bridge_slave isolated on`,
                "link set dev clone0 mtu 8963", "addr add 10.254.0.2/29 dev clone0", "link set dev clone0 up",
            ]);
        });

        it("a failed up exits 1 and removes the bridge and both ports", () => {
            const r = pair("up", { FAIL_ON: "bridge_slave" });
            assert.equal(r.status, 1, r.stderr);
            assert.deepEqual(log().slice(-3), ["link del clone0", `link del ${A}`, `link del ${B}`]);
        });

        it("refuses an env file without a peer or with the first unit as peer (exit 2, nothing created)", () => {
            fs.writeFileSync(path.join(dir, "clone0.env"), renderCollectorUserData(BASE).env);
            const r = pair("up");
            assert.equal(r.status, 2);
            assert.match(r.stderr, /PEER_REMOTE/);
            assert.ok(!fs.existsSync(path.join(dir, "ip.log")) || log().every((l) => !l.startsWith("link add")));
        });
    });
});
