/**
 * Issue 15, point 9: the doctor measures, from the tunnel source to each collector, whether the tunnel's outer size
 * passes with don't-fragment set (ping through util/bash), and tells "standard frames only" from "no answer". The
 * emulator answers the ping from a per-test path setting (test/emulator/ping.ts, a test-only knob). The command
 * holds no user text: hostile expectation values are refused before anything is sent.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ConfigError } from "../../components/common/errors";
import { diagnose, parsePing, pingCommand, planPathProbes, readDoctorDevice } from "../../components/diagnose/doctor";
import { DoctorExpectation } from "../../components/diagnose/expect";
import { main } from "../../stacks/doctor/cli";
import { runCli } from "../helpers/cli";
import { useEmulator } from "../bigip/objects/harness";

const path1 = { collector: "ids1", tunnel: "/Common/clone-ids1", pool: "/Common/clone-ids1-pool", collectorIp: "10.1.1.20", collectorMac: "02:5e:10:0a:0b:0c",
    collectorOverlayIp: "10.254.0.2", bigipOverlay: "10.254.0.1/29", encapsulation: "gre" as const, key: 0, mtu: 8963, requiredMtu: 9001 };
const expectation = (host: string, port: number, over: Partial<typeof path1>[] = [{}], src = "10.0.2.5"): DoctorExpectation => ({
    device: { host, port, username: "admin" }, tunnelSourceIp: src,
    paths: over.map((o, i) => ({ ...path1, collector: `ids${i + 1}`, collectorIp: `10.1.1.${20 + i}`, ...o })), attachments: [],
});
const mtuLine = (r: ReturnType<typeof diagnose>, collector: string) => r.paths.find((p) => p.collector === collector)!.checks.find((c) => c.link === "path-mtu")!;

describe("path MTU probe: the command (pure)", () => {
    it("renders only validated numbers and addresses into fixed words", () => {
        assert.equal(pingCommand("10.0.2.5", "10.1.1.20", 9001), "-c 'ping -c 3 -W 2 -M do -s 8973 -I 10.0.2.5 10.1.1.20 2>&1'");
        assert.equal(pingCommand("10.0.2.5", "10.1.1.20", 1500), "-c 'ping -c 3 -W 2 -M do -s 1472 -I 10.0.2.5 10.1.1.20 2>&1'");
    });

    const hostile: [string, Partial<typeof path1>, string?][] = [
        ["a command after the collector IP", { collectorIp: "10.1.1.20; reboot" }],
        ["a quote closing -c '…'", { collectorIp: "10.1.1.20' && reboot '" }],
        ["a newline", { collectorIp: "10.1.1.20\nreboot" }],
        ["a leading space (refused, not trimmed)", { collectorIp: " 10.1.1.20" }],
        ["a host name", { collectorIp: "collector.example" }],
        ["an option as an address", { collectorIp: "-f" }],
        ["command substitution", { collectorIp: "$(reboot)" }],
        ["leading zeros (octal to some tools)", { collectorIp: "010.1.1.20" }],
        ["a size that is a string", { requiredMtu: "9001; reboot" as unknown as number }],
        ["a fractional size", { requiredMtu: 9000.5 }],
        ["a size beyond a VLAN's MTU", { requiredMtu: 70000 }],
        ["a size below a VLAN's MTU", { requiredMtu: 100 }],
        ["a hostile tunnel source", {}, "10.0.2.5 -f"],
    ];
    for (const [what, over, src] of hostile) {
        it(`refuses ${what} with a ConfigError before anything is sent`, () => {
            assert.throws(() => planPathProbes(expectation("127.0.0.1", 1, [over], src)), (e: unknown) => e instanceof ConfigError && /paths\[0\]\.(source|destination|size)/.test(e.message));
        });
    }

    it("does not probe IPv6 or a route domain other than 0 (says why), and accepts %0", () => {
        const plans = planPathProbes(expectation("127.0.0.1", 1, [{ collectorIp: "2001:db8::20" }, { collectorIp: "10.1.1.21%2" }, { collectorIp: "10.1.1.22%0" }]));
        assert.match((plans[0] as any).skipped, /IPv6/);
        assert.match((plans[1] as any).skipped, /route domain/);
        assert.equal((plans[2] as any).full, "-c 'ping -c 3 -W 2 -M do -s 8973 -I 10.0.2.5 10.1.1.22 2>&1'");
    });

    it("reads iputils output: received counts, frag-needed and local-error MTUs; no statistics line is no result", () => {
        assert.deepEqual(parsePing("3 packets transmitted, 3 received, 0% packet loss, time 2002ms\n"), { transmitted: 3, received: 3 });
        assert.deepEqual(parsePing("From 10.1.1.20 icmp_seq=1 Frag needed and DF set (mtu = 1500)\n\n3 packets transmitted, 0 received, +3 errors, 100% packet loss, time 2002ms\n"),
            { transmitted: 3, received: 0, mtu: 1500 });
        assert.deepEqual(parsePing("ping: local error: message too long, mtu=1500\n3 packets transmitted, 0 received, +3 errors, 100% packet loss\n"), { transmitted: 3, received: 0, mtu: 1500 });
        assert.equal(parsePing("ping: invalid option -- 'M'\n"), undefined);
    });
});

describe("path MTU probe: the doctor against the emulator", function () {
    this.timeout(30_000);
    const box = useEmulator();
    const exp3 = () => expectation(box.e.host, box.e.port, [{}, {}, {}]);

    it("full size passes (✓), 1500 only (✗ with the fix), no echo at all (⚠): probes sent as planned, nothing else", async () => {
        box.e.setPath("10.0.2.5", "10.1.1.21", { mtu: 1500 });
        box.e.setPath("10.0.2.5", "10.1.1.22", "unreachable");
        const before = box.e.bashRuns().length;
        const state = await readDoctorDevice(box.c, exp3());
        const r = diagnose(state, exp3());
        const ok = mtuLine(r, "ids1");
        assert.equal(ok.status, "ok");
        assert.match(ok.detail, /9001-byte packets with don't-fragment set pass from 10\.0\.2\.5 to 10\.1\.1\.20 \(3\/3 echoes\): full-size clones fit \(tunnel MTU 8963\)/);
        const std = mtuLine(r, "ids2");
        assert.equal(std.status, "fail");
        assert.match(std.detail, /carries 1500-byte packets but not the tunnel's 9001-byte outer packets: cloned frames larger than 1462 bytes are dropped/);
        assert.match(std.hint!, /VPC path .*BIG-IP data VLAN MTU \(bigipDataMtu\).*tunnel MTU \(tunnelMtu\) to 1462/);
        const none = mtuLine(r, "ids3");
        assert.equal(none.status, "warn");
        assert.match(none.detail, /no echo from 10\.1\.1\.22 to pings of 9001 or 1500 bytes from 10\.0\.2\.5: the collector is unreachable/);
        assert.deepEqual(box.e.bashRuns().slice(before), [
            "-c 'ping -c 3 -W 2 -M do -s 8973 -I 10.0.2.5 10.1.1.20 2>&1'",
            "-c 'ping -c 3 -W 2 -M do -s 8973 -I 10.0.2.5 10.1.1.21 2>&1'",
            "-c 'ping -c 3 -W 2 -M do -s 1472 -I 10.0.2.5 10.1.1.21 2>&1'",
            "-c 'ping -c 3 -W 2 -M do -s 8973 -I 10.0.2.5 10.1.1.22 2>&1'",
            "-c 'ping -c 3 -W 2 -M do -s 1472 -I 10.0.2.5 10.1.1.22 2>&1'",
        ]);
    });

    it("an ICMP frag-needed names the path's MTU, and the fix fits under it", async () => {
        box.e.setPath("10.0.2.5", "10.1.1.20", { mtu: 8500, fragNeeded: true });
        const exp = expectation(box.e.host, box.e.port);
        const r = diagnose(await readDoctorDevice(box.c, exp), exp);
        const c = mtuLine(r, "ids1");
        assert.equal(c.status, "fail");
        assert.match(c.detail, /\(the device was told: fragmentation needed, MTU 8500\): cloned frames larger than 8462 bytes are dropped/);
        box.e.setPath("10.0.2.5", "10.1.1.20", { mtu: 9001 });
    });

    it("npm run doctor with a hostile collector IP in the file: exit 2 naming it, and not one request reaches the device", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pmtu-"));
        try {
            const file = path.join(dir, "doctor.json");
            fs.writeFileSync(file, JSON.stringify({ ...expectation(box.e.host, box.e.port, [{ collectorIp: " 10.1.1.20" }]), device: { host: box.e.host, port: box.e.port, username: "admin", tls: { fingerprint256: box.e.fingerprint256 } } }));
            box.e.clearLog();
            const r = await runCli(main, ["--expect", file], { BIGIP_PASSWORD: "admin-pw" }, ["admin-pw"]);
            assert.equal(r.code, 2, r.out + r.err);
            assert.match(r.err, /paths\[0\]\.destination.*is not an IPv4 address/);
            assert.deepEqual(box.e.log, []);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
