/**
 * Runs the real collector script (the file cloud-init ships) under dash, so bashisms fail. The namespace
 * tests need root and `ip netns` (CI runs as root) and fail loudly without them rather than skip.
 * Only documentation addresses (192.0.2.0/24, 198.51.100.0/24) are used.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { deriveMac } from "../../components/collector/mac";
import { RESERVED_DEVICE_NAMES } from "../../components/collector/cloudInit";

const SCRIPT = path.resolve(__dirname, "../../components/collector/scripts/clone-tunnel.sh");
const BIGIP_IP = "192.0.2.1";
const COLLECTOR_IP = "192.0.2.2";
const MAC = deriveMac("script-test/clone0");

interface Result { status: number | null; stdout: string; stderr: string }

function run(cmd: string[], env: Record<string, string> = {}, cwd?: string): Result {
    const r = spawnSync(cmd[0], cmd.slice(1), {
        // A clean environment, so nothing from the test runner leaks into the script's settings.
        env: { PATH: process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin", ...env }, cwd, encoding: "utf8", timeout: 20_000,
    });
    if (r.error) throw r.error;
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function must(cmd: string[]): string {
    const r = run(cmd);
    assert.equal(r.status, 0, `${cmd.join(" ")} failed: ${r.stderr}`);
    return r.stdout;
}

/** The script under dash, optionally inside a namespace. */
function script(args: string[], env: Record<string, string>, ns?: string, cwd?: string): Result {
    return run([...(ns ? ["ip", "netns", "exec", ns] : []), "dash", SCRIPT, ...args], env, cwd);
}

function expectConfigError(r: Result, ...parts: string[]): void {
    assert.equal(r.status, 2, `expected exit 2, got ${r.status}; stderr: ${r.stderr}`);
    for (const p of parts) assert.ok(r.stderr.includes(p), `stderr should mention "${p}": ${r.stderr}`);
}

describe("clone-tunnel.sh", () => {
    it("is a POSIX sh script: #!/bin/sh, executable, and dash parses it", () => {
        const text = fs.readFileSync(SCRIPT, "utf8");
        assert.ok(text.startsWith("#!/bin/sh\n"));
        assert.ok((fs.statSync(SCRIPT).mode & 0o111) !== 0, "the script should be executable");
        assert.equal(run(["dash", "-n", SCRIPT]).status, 0);
        // dash would reject most bashisms at run time; these are the ones that can hide in untaken branches.
        assert.doesNotMatch(text, /\[\[|<<<|\$\{[A-Za-z_]+\/\/|^\s*(function|source|local|declare)\s/m, "bash-only syntax");
    });

    describe("configuration errors exit 2 before touching anything", () => {
        for (const dev of RESERVED_DEVICE_NAMES) {
            it(`refuses the kernel's fallback name ${dev}`, () => {
                expectConfigError(script(["up"], { TUNNEL_DEV: dev, REMOTE: BIGIP_IP }), "reserved", dev);
            });
        }
        it("refuses names longer than 15 characters and odd characters", () => {
            expectConfigError(script(["up"], { TUNNEL_DEV: "a234567890123456", REMOTE: BIGIP_IP }), "15");
            expectConfigError(script(["down"], { TUNNEL_DEV: "bad/name" }), "TUNNEL_DEV");
        });
        it("requires REMOTE", () => {
            expectConfigError(script(["up"], { TUNNEL_MODE: "vxlan", VXLAN_VNI: "7" }), "REMOTE");
            expectConfigError(script([], { REMOTE: "192.0.2.300" }), "REMOTE");
        });
        it("requires a VNI for vxlan, a known mode and action, and a readable settings file", () => {
            expectConfigError(script(["up"], { TUNNEL_MODE: "vxlan", REMOTE: BIGIP_IP }), "VXLAN_VNI");
            expectConfigError(script(["up"], { TUNNEL_MODE: "vxlan", REMOTE: BIGIP_IP, VXLAN_VNI: "16777216" }), "VXLAN_VNI");
            expectConfigError(script(["up"], { TUNNEL_MODE: "ipip", REMOTE: BIGIP_IP }), "TUNNEL_MODE");
            expectConfigError(script(["up"], { TUNNEL_MODE: "gre", REMOTE: BIGIP_IP, TUNNEL_MAC: MAC }), "TUNNEL_MAC does not apply to TUNNEL_MODE=gre");
            expectConfigError(script(["sideways"], {}), "usage");
            expectConfigError(script(["up", "/nonexistent/clone0.env"], {}), "/nonexistent/clone0.env");
        });
    });

    describe("with stub ip and firewall-cmd (command lines, firewalld)", () => {
        let dir: string;
        beforeEach(() => {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "clone-tunnel-stub-"));
            // `ip link show` says "absent"; everything else succeeds. Both stubs log their argv.
            fs.writeFileSync(path.join(dir, "ip"), `#!/bin/sh\necho "$*" >>"${dir}/ip.log"\n[ "$1 $2" != "link show" ]\n`, { mode: 0o755 });
            fs.writeFileSync(path.join(dir, "firewall-cmd"),
                `#!/bin/sh\necho "$*" >>"${dir}/fw.log"\n[ "$1" != --state ] || exit "\${FW_STATE:-0}"\n`, { mode: 0o755 });
        });
        afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
        const env = (extra: Record<string, string>) => ({ PATH: `${dir}:/usr/bin:/bin`, LOCAL: COLLECTOR_IP, REMOTE: BIGIP_IP, ...extra });
        const log = (f: string) => (fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), "utf8").trim().split("\n") : []);

        it("creates a gretap with ttl 255 by default and opens GRE in firewalld (runtime and permanent)", () => {
            const r = script([], env({ TUNNEL_MAC: MAC, TUNNEL_MTU: "8963" }));
            assert.equal(r.status, 0, r.stderr);
            assert.deepEqual(log("ip.log"), [
                "link show dev clone0",
                `link add clone0 type gretap local ${COLLECTOR_IP} remote ${BIGIP_IP} ttl 255`,
                `link set dev clone0 address ${MAC}`,
                "link set dev clone0 mtu 8963",
                "link set dev clone0 up",
            ]);
            assert.deepEqual(log("fw.log"), ["--state", "--add-protocol=gre", "--permanent --add-protocol=gre"]);
            assert.match(r.stdout, /clone0 is up \(gretap/);
        });

        it("passes dstport 4789 for vxlan and opens 4789/udp", () => {
            const r = script(["up"], env({ TUNNEL_MODE: "vxlan", VXLAN_VNI: "100", TUNNEL_DEV: "vx1" }));
            assert.equal(r.status, 0, r.stderr);
            assert.ok(log("ip.log").includes(`link add vx1 type vxlan id 100 local ${COLLECTOR_IP} remote ${BIGIP_IP} dstport 4789`));
            assert.deepEqual(log("fw.log"), ["--state", "--add-port=4789/udp", "--permanent --add-port=4789/udp"]);
        });

        it("creates an IP-over-GRE device (for remote tcpdump streams of IP packets) with ttl 255, and opens GRE", () => {
            const r = script(["up"], env({ TUNNEL_MODE: "gre", TUNNEL_DEV: "rcap-ip" }));
            assert.equal(r.status, 0, r.stderr);
            assert.deepEqual(log("ip.log"), ["link show dev rcap-ip", `link add rcap-ip type gre local ${COLLECTOR_IP} remote ${BIGIP_IP} ttl 255`, "link set dev rcap-ip up"]);
            assert.deepEqual(log("fw.log"), ["--state", "--add-protocol=gre", "--permanent --add-protocol=gre"]);
        });

        it("leaves firewalld alone when it is not running", () => {
            const r = script(["up"], env({ FW_STATE: "252" }));
            assert.equal(r.status, 0, r.stderr);
            assert.deepEqual(log("fw.log"), ["--state"]);
        });
    });

    describe("in network namespaces (needs root)", () => {
        const nsBigip = `clt-a-${process.pid}`;
        const nsCollector = `clt-b-${process.pid}`;
        let tmp: string;

        const linkJson = (dev: string): any[] => JSON.parse(must(["ip", "-n", nsCollector, "-d", "-j", "link", "show"]))
            .filter((l: any) => l.ifname === dev);
        const up = (extra: Record<string, string> = {}) => script(["up"], {
            TUNNEL_MODE: "vxlan", LOCAL: COLLECTOR_IP, REMOTE: BIGIP_IP, VXLAN_VNI: "4242", TUNNEL_MAC: MAC, TUNNEL_MTU: "1450", ...extra,
        }, nsCollector);

        before(function () {
            assert.equal(process.getuid?.(), 0,
                "clone-tunnel namespace tests must run as root (they create network namespaces); CI runs them as root");
            assert.equal(run(["ip", "netns", "list"]).status, 0, "`ip netns` is required (iproute2)");
            assert.equal(run(["dash", "-c", "exit 0"]).status, 0, "dash is required (Debian's /bin/sh)");
            for (const ns of [nsBigip, nsCollector]) { run(["ip", "netns", "del", ns]); must(["ip", "netns", "add", ns]); }
            must(["ip", "-n", nsBigip, "link", "add", "veth-b", "type", "veth", "peer", "name", "veth-c", "netns", nsCollector]);
            must(["ip", "-n", nsBigip, "addr", "add", `${BIGIP_IP}/24`, "dev", "veth-b"]);
            must(["ip", "-n", nsCollector, "addr", "add", `${COLLECTOR_IP}/24`, "dev", "veth-c"]);
            for (const [ns, dev] of [[nsBigip, "veth-b"], [nsCollector, "veth-c"], [nsBigip, "lo"], [nsCollector, "lo"]]) {
                must(["ip", "-n", ns, "link", "set", dev, "up"]);
            }
            tmp = fs.mkdtempSync(path.join(os.tmpdir(), "clone-tunnel-ns-"));
        });

        after(() => {
            for (const ns of [nsBigip, nsCollector]) run(["ip", "netns", "del", ns]);
            if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
        });

        it("creates the vxlan device with the MAC, MTU, VNI, dstport 4789, endpoints and overlay address", () => {
            const r = up({ OVERLAY_ADDRESS: "198.51.100.2/24" });
            assert.equal(r.status, 0, r.stderr);
            const [link] = linkJson("clone0");
            assert.ok(link, "clone0 should exist");
            assert.equal(link.address, MAC);
            assert.equal(link.mtu, 1450);
            assert.ok(link.flags.includes("UP"));
            assert.equal(link.linkinfo.info_kind, "vxlan");
            assert.equal(link.linkinfo.info_data.id, 4242);
            assert.equal(link.linkinfo.info_data.port, 4789);
            assert.equal(link.linkinfo.info_data.local, COLLECTOR_IP);
            assert.equal(link.linkinfo.info_data.remote, BIGIP_IP);
            const [addr] = JSON.parse(must(["ip", "-n", nsCollector, "-j", "addr", "show", "dev", "clone0"]));
            assert.ok(addr.addr_info.some((a: any) => a.local === "198.51.100.2" && a.prefixlen === 24));
        });

        it("is idempotent: a second up replaces the device with the new settings", () => {
            assert.equal(up().status, 0);
            const r = up({ TUNNEL_MTU: "8950", VXLAN_VNI: "77" });
            assert.equal(r.status, 0, r.stderr);
            assert.match(r.stdout, /removed existing clone0/);
            const links = linkJson("clone0");
            assert.equal(links.length, 1);
            assert.equal(links[0].mtu, 8950);
            assert.equal(links[0].linkinfo.info_data.id, 77);
            assert.equal(links[0].address, MAC);
        });

        it("derives LOCAL from the route to REMOTE when it is not set", () => {
            const r = up({ LOCAL: "" });
            assert.equal(r.status, 0, r.stderr);
            assert.equal(linkJson("clone0")[0].linkinfo.info_data.local, COLLECTOR_IP);
            assert.match(r.stdout, new RegExp(`using ${COLLECTOR_IP.replace(/\./g, "\\.")}`));
        });

        it("reads a settings file given by a bare relative name, and runs via its #! line", () => {
            fs.writeFileSync(path.join(tmp, "vx2.env"),
                `TUNNEL_MODE='vxlan'\nTUNNEL_DEV='vx2'\nLOCAL='${COLLECTOR_IP}'\nREMOTE='${BIGIP_IP}'\nVXLAN_VNI='9'\nVXLAN_PORT='4789'\nTUNNEL_MTU='1400'\n`);
            const r = run(["ip", "netns", "exec", nsCollector, SCRIPT, "up", "vx2.env"], {}, tmp);
            assert.equal(r.status, 0, r.stderr);
            const [link] = linkJson("vx2");
            assert.equal(link.linkinfo.info_data.id, 9);
            assert.equal(link.mtu, 1400);
            assert.equal(run(["ip", "netns", "exec", nsCollector, SCRIPT, "down", "vx2.env"], {}, tmp).status, 0);
            assert.equal(linkJson("vx2").length, 0);
        });

        it("a failed up exits 1 and leaves no half-configured device", () => {
            const r = up({ TUNNEL_DEV: "clone9", TUNNEL_MAC: "01:00:5e:00:00:01" });
            assert.equal(r.status, 1, r.stderr);
            assert.equal(linkJson("clone9").length, 0);
        });

        it("down deletes the device, and is a no-op when it is absent", () => {
            assert.equal(up().status, 0);
            const r = script(["down"], {}, nsCollector);
            assert.equal(r.status, 0, r.stderr);
            assert.equal(linkJson("clone0").length, 0);
            const again = script(["down"], {}, nsCollector);
            assert.equal(again.status, 0, again.stderr);
            assert.match(again.stdout, /not present/);
        });
    });
});
