/**
 * The collector cloud-config: structure (parsed back), the env file as the script will source it, and the
 * real `cloud-init schema -c` gate on every variant (plain -c: --annotate exits 0 on broken YAML).
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { ConfigError } from "../../components/common/errors";
import {
    CANARY_HEADER, CANARY_SID, CAPTURE_UNIT_PATH, CollectorCloudInitOptions, SCRIPT_PATH, SURICATA_DROPIN_PATH, SURICATA_RULES_PATH,
    TUNNEL_UNIT_PATH, USER_DATA_LIMIT, cloneTunnelScript, renderCollectorCloudConfig, renderCollectorUserData, validateCollectorCloudInit,
} from "../../components/collector/cloudInit";

const SCRIPT_FILE = path.resolve(__dirname, "../../components/collector/scripts/clone-tunnel.sh");
const CAPTURE = { enabled: true, directory: "/var/capture", fileSizeMb: 100, fileCount: 20 };
const BASE: CollectorCloudInitOptions = {
    encapsulation: "gre", deviceName: "clone0", localIp: "10.20.1.10", remoteIp: "10.10.2.5",
    macAddress: "0E:11:22:33:44:55", mtu: 8963, capture: CAPTURE,
};

const VARIANTS: Record<string, CollectorCloudInitOptions> = {
    "gre, capture on, no overlay": BASE,
    "gre, capture off, overlay": { ...BASE, overlayAddress: "10.99.0.2/24", capture: { ...CAPTURE, enabled: false } },
    "vxlan, capture on, overlay": { ...BASE, encapsulation: "vxlan", vni: 4242, mtu: 8450, overlayAddress: "10.99.0.2/30",
        capture: { enabled: true, directory: "/data/capture/pcap", fileSizeMb: 10, fileCount: 5 } },
    "vxlan, capture off, no overlay": { ...BASE, encapsulation: "vxlan", vni: 1, deviceName: "vx-clone.1", capture: { ...CAPTURE, enabled: false } },
    "gre, capture on, Suricata": { ...BASE, ids: "suricata" },
    "vxlan, capture off, Suricata on a renamed device": { ...BASE, encapsulation: "vxlan", vni: 7, deviceName: "vx7", ids: "suricata",
        capture: { ...CAPTURE, enabled: false } },
};

let tmp: string;
function schema(text: string, file = "user-data.yaml"): { status: number | null; out: string } {
    const f = path.join(tmp, file);
    fs.writeFileSync(f, text);
    const r = spawnSync("cloud-init", ["schema", "-c", f], { encoding: "utf8", timeout: 60_000 });
    if (r.error) throw r.error;
    return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

/** What the script will see after sourcing the env file (through dash, as on the guest). */
function sourceEnv(env: string): Record<string, string> {
    const f = path.join(tmp, "probe.env");
    fs.writeFileSync(f, env);
    const names = ["TUNNEL_MODE", "TUNNEL_DEV", "LOCAL", "REMOTE", "TUNNEL_MAC", "TUNNEL_MTU", "VXLAN_VNI", "VXLAN_PORT", "OVERLAY_ADDRESS", "CAPTURE_DIR"];
    const r = spawnSync("dash", ["-c", `. "$1"; for n in ${names.join(" ")}; do eval "printf '%s=%s\\n' $n \\"\\\${$n-<unset>}\\""; done`, "sh", f], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    return Object.fromEntries(r.stdout.trim().split("\n").map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
}

describe("collector cloud-config", () => {
    before(() => {
        const r = spawnSync("cloud-init", ["--version"], { encoding: "utf8" });
        if (r.error || r.status !== 0) {
            throw new Error("`cloud-init` is not on PATH: install Debian's cloud-init " +
                "(apt-get install -y --no-install-recommends cloud-init); CI installs it and these tests need its schema check");
        }
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "collector-cloudinit-"));
    });
    after(() => { if (tmp) fs.rmSync(tmp, { recursive: true, force: true }); });

    for (const [label, o] of Object.entries(VARIANTS)) {
        describe(label, () => {
            const text = renderCollectorCloudConfig(o);
            const doc = parse(text, { version: "1.1" });
            const file = (p: string) => doc.write_files.find((f: any) => f.path === p);
            const envFile = `/etc/clone-tunnel/${o.deviceName}.env`;
            const vxlan = o.encapsulation === "vxlan";
            const suricata = o.ids === "suricata";

            it("passes the real `cloud-init schema -c`", () => {
                const r = schema(text);
                assert.equal(r.status, 0, r.out);
                assert.match(r.out, /Valid cloud-config/);
            });

            it(`starts with #cloud-config, stays under the 16 KB user-data limit, and installs tcpdump${suricata ? ", EPEL's release package and ethtool" : ""}`, () => {
                assert.ok(text.startsWith("#cloud-config\n"));
                assert.ok(Buffer.byteLength(text) < USER_DATA_LIMIT, `${Buffer.byteLength(text)} bytes`);
                assert.deepEqual(doc.packages, ["tcpdump", ...(suricata ? ["epel-release", "dnf-plugins-core", "ethtool"] : [])]);
            });

            it("ships the script file byte for byte, executable, plus the env and unit files as strings '0644'", () => {
                assert.equal(file(SCRIPT_PATH).content, fs.readFileSync(SCRIPT_FILE, "utf8"));
                assert.equal(file(SCRIPT_PATH).permissions, "0755");
                for (const p of [envFile, TUNNEL_UNIT_PATH]) assert.equal(file(p).permissions, "0644", p);
                assert.equal(Boolean(file(CAPTURE_UNIT_PATH)), o.capture.enabled);
                if (o.capture.enabled) assert.equal(file(CAPTURE_UNIT_PATH).permissions, "0644");
            });

            it("writes an env file that sources to the right values", () => {
                const env = sourceEnv(file(envFile).content);
                assert.equal(env.TUNNEL_MODE, vxlan ? "vxlan" : "gretap");
                assert.equal(env.TUNNEL_DEV, o.deviceName);
                assert.equal(env.LOCAL, o.localIp);
                assert.equal(env.REMOTE, o.remoteIp);
                assert.equal(env.TUNNEL_MAC, o.macAddress.toLowerCase());
                assert.equal(env.TUNNEL_MTU, String(o.mtu));
                assert.equal(env.VXLAN_VNI, vxlan ? String(o.vni) : "<unset>");
                assert.equal(env.VXLAN_PORT, vxlan ? "4789" : "<unset>");
                assert.equal(env.OVERLAY_ADDRESS, o.overlayAddress ?? "<unset>");
                assert.equal(env.CAPTURE_DIR, o.capture.enabled ? o.capture.directory : "<unset>");
            });

            it(vxlan ? "the shipped script passes dstport for vxlan" : "the shipped script uses ttl 255 for gretap", () => {
                const script = file(SCRIPT_PATH).content as string;
                if (vxlan) assert.match(script, /type vxlan id "\$VXLAN_VNI" local "\$LOCAL" remote "\$REMOTE" dstport "\$VXLAN_PORT"/);
                else assert.match(script, /type "\$TUNNEL_MODE" local "\$LOCAL" remote "\$REMOTE" ttl 255/);
                assert.match(script, /VXLAN_PORT=\$\{VXLAN_PORT:-4789\}/);
            });

            it("installs a reboot-proof oneshot unit for the tunnel", () => {
                const unit = file(TUNNEL_UNIT_PATH).content as string;
                for (const line of ["Type=oneshot", "RemainAfterExit=yes", "After=network-online.target", "Wants=network-online.target",
                    `ExecStart=${SCRIPT_PATH} up /etc/clone-tunnel/%i.env`, `ExecStop=${SCRIPT_PATH} down /etc/clone-tunnel/%i.env`,
                    "WantedBy=multi-user.target"]) {
                    assert.ok(unit.split("\n").includes(line), `missing "${line}" in\n${unit}`);
                }
            });

            if (o.capture.enabled) {
                it("captures into a bounded ring buffer after the tunnel is up", () => {
                    const unit = (file(CAPTURE_UNIT_PATH).content as string).split("\n");
                    const c = o.capture;
                    assert.ok(unit.includes(`ExecStart=/usr/sbin/tcpdump -i %i -n -s 0 -U -w ${c.directory}/%i.pcap -C ${c.fileSizeMb} -W ${c.fileCount} -Z tcpdump`), unit.join("\n"));
                    for (const line of ["Requires=clone-tunnel@%i.service", "After=clone-tunnel@%i.service", "Restart=on-failure"]) {
                        assert.ok(unit.includes(line), line);
                    }
                });
            }

            it(`runcmd: capture directory, daemon-reload, then enable the tunnel, then the capture${suricata ? ", then install and start Suricata" : ""}`, () => {
                const expected = [
                    ...(o.capture.enabled ? [["install", "-d", "-o", "tcpdump", "-g", "tcpdump", "-m", "0750", o.capture.directory]] : []),
                    ["systemctl", "daemon-reload"],
                    ["systemctl", "enable", "--now", `clone-tunnel@${o.deviceName}.service`],
                    ...(o.capture.enabled ? [["systemctl", "enable", "--now", `clone-capture@${o.deviceName}.service`]] : []),
                    ...(suricata ? [["dnf", "config-manager", "--set-enabled", "crb"], ["dnf", "install", "-y", "suricata"],
                        ["systemctl", "daemon-reload"], ["systemctl", "enable", "--now", "suricata.service"]] : []),
                ];
                assert.deepEqual(doc.runcmd, expected);
            });

            if (suricata) {
                it("Suricata: a drop-in makes it read the tunnel device over AF_PACKET, with our rules, once the tunnel unit is up", () => {
                    assert.equal(file(SURICATA_DROPIN_PATH).permissions, "0644");
                    const unit = (file(SURICATA_DROPIN_PATH).content as string).split("\n");
                    for (const line of [`Requires=clone-tunnel@${o.deviceName}.service`, `After=clone-tunnel@${o.deviceName}.service`,
                        `ExecStartPre=-/usr/sbin/ethtool -K ${o.deviceName} gro off`, "ExecStart="]) {
                        assert.ok(unit.includes(line), `missing "${line}" in\n${unit.join("\n")}`);
                    }
                    // The drop-in empties the package's ExecStart, then gives exactly one.
                    const starts = unit.filter((l) => l.startsWith("ExecStart=/"));
                    assert.equal(starts.length, 1);
                    assert.deepEqual(starts[0].split(" "), ["ExecStart=/usr/sbin/suricata", "-c", "/etc/suricata/suricata.yaml",
                        "--pidfile", "/var/run/suricata.pid", `--af-packet=${o.deviceName}`, "-s", SURICATA_RULES_PATH, "--user", "suricata"]);
                });

                it(`Suricata: a local rule alerts on any HTTP request with the ${CANARY_HEADER} header`, () => {
                    assert.equal(file(SURICATA_RULES_PATH).permissions, "0644");
                    const rules = (file(SURICATA_RULES_PATH).content as string).split("\n").filter((l) => l && !l.startsWith("#"));
                    assert.equal(rules.length, 1);
                    const rule = rules[0];
                    assert.match(rule, /^alert http any any -> any any \(.*\)$/);
                    // Suricata's own syntax: `keyword:value;` or `keyword;` options, the sticky buffer before its content.
                    const opts = rule.slice(rule.indexOf("(") + 1, -1).split(/;\s*/).filter(Boolean);
                    assert.deepEqual(opts.map((x) => x.split(":")[0]),
                        ["msg", "flow", "http.header", "content", "nocase", "classtype", "sid", "rev"]);
                    assert.ok(opts.includes(`content:"${CANARY_HEADER}|3a|"`), rule);
                    assert.ok(opts.includes(`sid:${CANARY_SID}`) && CANARY_SID >= 1_000_000 && CANARY_SID < 2_000_000, "a sid in the local range");
                });
            } else {
                it("installs no IDS", () => {
                    assert.doesNotMatch(text, /suricata|epel/i);
                });
            }

            it("holds nothing that looks like a secret", () => {
                assert.doesNotMatch(text, /password|passwd|secret|token|PRIVATE KEY|AKIA[0-9A-Z]{16}|aws_access_key|BEGIN [A-Z]+/i);
            });
        });
    }

    it("the gate works: cloud-init rejects permissions written as a YAML integer", () => {
        const broken = renderCollectorCloudConfig(BASE).replace('permissions: "0755"', "permissions: 0755");
        assert.notEqual(broken, renderCollectorCloudConfig(BASE), "the negative control must actually change the text");
        const r = schema(broken, "broken.yaml");
        assert.notEqual(r.status, 0, r.out);
        assert.match(r.out, /permissions/);
    });

    it("the gate works: cloud-init rejects a file without the #cloud-config header", () => {
        const r = schema(renderCollectorCloudConfig(BASE).replace(/^#cloud-config\n/, ""), "noheader.yaml");
        assert.notEqual(r.status, 0, r.out);
    });

    it("the largest valid inputs still fit in EC2 user data", () => {
        const big = renderCollectorCloudConfig({ ...BASE, encapsulation: "vxlan", vni: 16777215, deviceName: "abcdefghijklmno",
            overlayAddress: "255.255.255.254/31", capture: { enabled: true, directory: `/var/capture/${"d".repeat(187)}`, fileSizeMb: 10000, fileCount: 1000 },
            ids: "suricata" });
        assert.ok(Buffer.byteLength(big) < USER_DATA_LIMIT, `${Buffer.byteLength(big)} bytes`);
    });

    it("renderCollectorUserData also returns the script and env file alone", () => {
        const r = renderCollectorUserData(BASE);
        assert.equal(r.script, cloneTunnelScript());
        assert.equal(r.script, fs.readFileSync(SCRIPT_FILE, "utf8"));
        assert.ok(r.cloudConfig.includes("TUNNEL_MAC='0e:11:22:33:44:55'"));
        assert.ok(r.env.includes("REMOTE='10.10.2.5'"));
    });

    describe("validation names the setting under the prefix", () => {
        const cases: [string, Partial<CollectorCloudInitOptions>, string][] = [
            ["reserved device name", { deviceName: "gretap0" }, "c.deviceName"],
            ["device name over 15 characters", { deviceName: "abcdefghijklmnop" }, "c.deviceName"],
            ["device name with a slash", { deviceName: "a/b" }, "c.deviceName"],
            ["bad local IP", { localIp: "10.0.0.256" }, "c.localIp"],
            ["bad remote IP", { remoteIp: "bigip.example" }, "c.remoteIp"],
            ["multicast MAC", { macAddress: "01:00:5e:00:00:01" }, "c.macAddress"],
            ["MTU too small", { mtu: 575 }, "c.mtu"],
            ["MTU too large", { mtu: 9002 }, "c.mtu"],
            ["fractional MTU", { mtu: 1500.5 }, "c.mtu"],
            ["vxlan without a VNI", { encapsulation: "vxlan" }, "c.vni"],
            ["VNI with gre", { vni: 5 }, "c.vni"],
            ["unknown encapsulation", { encapsulation: "ipip" as any }, "c.encapsulation"],
            ["overlay without prefix", { overlayAddress: "10.99.0.2" }, "c.overlayAddress"],
            ["relative capture directory", { capture: { ...CAPTURE, directory: "var/capture" } }, "c.capture.directory"],
            ["capture directory /", { capture: { ...CAPTURE, directory: "/" } }, "c.capture.directory"],
            ["capture directory with ..", { capture: { ...CAPTURE, directory: "/var/../etc" } }, "c.capture.directory"],
            ["capture directory with a space", { capture: { ...CAPTURE, directory: "/var/my capture" } }, "c.capture.directory"],
            ["file size 0", { capture: { ...CAPTURE, fileSizeMb: 0 } }, "c.capture.fileSizeMb"],
            ["file size 10001", { capture: { ...CAPTURE, fileSizeMb: 10001 } }, "c.capture.fileSizeMb"],
            ["file count 0", { capture: { ...CAPTURE, fileCount: 0 } }, "c.capture.fileCount"],
            ["file count 1001", { capture: { ...CAPTURE, fileCount: 1001 } }, "c.capture.fileCount"],
            ["unknown IDS", { ids: "snort" as any }, "c.ids"],
        ];
        for (const [label, patch, setting] of cases) {
            it(label, () => {
                assert.throws(() => validateCollectorCloudInit({ ...BASE, ...patch }, "c."),
                    (e: unknown) => e instanceof ConfigError && e.setting === setting);
                assert.throws(() => renderCollectorCloudConfig({ ...BASE, ...patch }), ConfigError, "the renderer validates too");
            });
        }
        it("accepts and normalizes the valid base", () => {
            assert.equal(validateCollectorCloudInit(BASE, "c.").macAddress, "0e:11:22:33:44:55");
        });
    });
});
