/**
 * The commands printed for a collector the user already runs, executed as printed — with `sudo`, `install`
 * and `systemctl` standing in under a scratch root, and systemctl running the installed unit's ExecStart —
 * inside a network namespace: the tunnel device must come up with the MAC, MTU and VNI the BIG-IP side uses.
 * VXLAN, because this kernel has no GRE (the gretap path is the same script, proven in QEMU elsewhere).
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { renderCollectorCommands } from "../../components/collector/commands";
import { ConfigError } from "../../components/common/errors";

const LOCAL = "198.51.100.20";
const REMOTE = "198.51.100.1";
const MAC = "02:aa:bb:cc:dd:ee";
const NS = `clone-l3-cmds-${process.pid}`;

const SHIMS: Record<string, string> = {
    // Runs the command as it is (the test runs as root); everything else is in the other stand-ins.
    sudo: "#!/bin/sh\nexec \"$@\"\n",
    // The real install, with the destination (last argument) moved under $ROOT.
    install: "#!/bin/sh\nn=$#; i=0; for a; do i=$((i+1)); if [ $i -lt $n ]; then set -- \"$@\" \"$a\"; else set -- \"$@\" \"$ROOT$a\"; fi; done; shift $n; exec /usr/bin/install \"$@\"\n",
    // daemon-reload: nothing; enable --now / restart: the unit's ExecStart (`<script> up <env>`), paths under $ROOT.
    systemctl: `#!/bin/sh
echo "systemctl $*" >> "$ROOT/systemctl.log"
[ "$1" = daemon-reload ] && exit 0
for a; do case "$a" in *.service) unit=$a;; esac; done
inst=\${unit#*@}; inst=\${inst%.service}
line=$(sed -n 's/^ExecStart=//p' "$ROOT/etc/systemd/system/\${unit%%@*}@.service" | sed "s/%i/$inst/g")
set -- $line
exec "$ROOT$1" "$2" "$ROOT$3"
`,
};

function sh(cmd: string[], env: Record<string, string> = {}, input?: string) {
    const r = spawnSync(cmd[0], cmd.slice(1), { env: { ...process.env, ...env }, input, encoding: "utf8", timeout: 30_000 });
    if (r.error) throw r.error;
    return r;
}

function must(cmd: string[]): void {
    const r = sh(cmd);
    assert.equal(r.status, 0, `${cmd.join(" ")}: ${r.stderr}`);
}

describe("commands for an existing collector", () => {
    const text = renderCollectorCommands({
        encapsulation: "vxlan", vni: 4242, deviceName: "clone0", localIp: LOCAL, remoteIp: REMOTE, macAddress: "02-AA-BB-CC-DD-EE", mtu: 8951,
        overlayAddress: "10.254.0.2/29",
    });

    it("validates like the cloud-init path, naming the setting", () => {
        assert.throws(() => renderCollectorCommands({ encapsulation: "gre", deviceName: "gretap0", localIp: LOCAL, remoteIp: REMOTE, macAddress: MAC, mtu: 1500 }, "collectors[1]."),
            (e: unknown) => e instanceof ConfigError && e.setting === "collectors[1].deviceName");
    });

    it("is POSIX sh that dash parses", () => {
        assert.equal(sh(["dash", "-n"], {}, text).status, 0);
    });

    describe("run as printed, in a network namespace", () => {
        let root: string;
        before(() => {
            assert.equal(process.getuid?.(), 0, "needs root for ip netns (CI runs as root)");
            root = fs.mkdtempSync(path.join(os.tmpdir(), "clone-l3-cmds-"));
            const bin = path.join(root, "bin");
            fs.mkdirSync(bin);
            for (const [name, body] of Object.entries(SHIMS)) fs.writeFileSync(path.join(bin, name), body, { mode: 0o755 });
            sh(["ip", "netns", "del", NS]);
            must(["ip", "netns", "add", NS]);
            must(["ip", "-n", NS, "link", "add", "veth0", "type", "veth", "peer", "name", "veth1"]);
            must(["ip", "-n", NS, "addr", "add", `${LOCAL}/24`, "dev", "veth0"]);
            for (const d of ["veth0", "veth1", "lo"]) must(["ip", "-n", NS, "link", "set", d, "up"]);
        });
        after(() => {
            sh(["ip", "netns", "del", NS]);
            if (root) fs.rmSync(root, { recursive: true, force: true });
        });

        it("installs the script, env file and unit, and brings up the VXLAN device with the MAC, MTU, VNI and port 4789", () => {
            const r = sh(["ip", "netns", "exec", NS, "dash", "-c", text], { PATH: `${path.join(root, "bin")}:${process.env.PATH}`, ROOT: root });
            assert.equal(r.status, 0, `the commands failed:\n${r.stdout}\n${r.stderr}`);
            assert.equal(fs.statSync(path.join(root, "usr/local/sbin/clone-tunnel")).mode & 0o777, 0o755);
            const env = fs.readFileSync(path.join(root, "etc/clone-tunnel/clone0.env"), "utf8");
            for (const l of [`LOCAL='${LOCAL}'`, `REMOTE='${REMOTE}'`, `TUNNEL_MAC='${MAC}'`, "VXLAN_VNI='4242'", "VXLAN_PORT='4789'"]) assert.ok(env.includes(l), l);
            assert.match(fs.readFileSync(path.join(root, "systemctl.log"), "utf8"), /enable --now clone-tunnel@clone0\.service/);
            const link = sh(["ip", "-n", NS, "-d", "link", "show", "clone0"]).stdout;
            assert.match(link, new RegExp(`link/ether ${MAC} `));
            assert.match(link, / mtu 8951 /);
            assert.match(link, /vxlan id 4242 remote 198\.51\.100\.1 local 198\.51\.100\.20 .*dstport 4789/);
            assert.match(sh(["ip", "-n", NS, "addr", "show", "clone0"]).stdout, /inet 10\.254\.0\.2\/29/);
        });

        it("is harmless to run again (the device is recreated, not duplicated)", () => {
            const r = sh(["ip", "netns", "exec", NS, "dash", "-c", text], { PATH: `${path.join(root, "bin")}:${process.env.PATH}`, ROOT: root });
            assert.equal(r.status, 0, r.stderr);
            assert.equal(sh(["ip", "-n", NS, "-o", "link", "show", "type", "vxlan"]).stdout.trim().split("\n").length, 1);
        });
    });
});
