/**
 * `npm run doctor` against the strict emulator: two clone paths built by the component's own providers (TunnelChain,
 * Pool, ClonePoolAttachment, rehydrated as the provider host runs them) on a seeded underlay (VLAN, self IP, route)
 * and a seeded virtual. Healthy → exit 0 with every link ✓; then each link is broken behind the stack's back (REST,
 * another session), the report must put ✗ on exactly that link and exit 1, and after restoring it is healthy again.
 * Usage errors exit 2, an unreachable / untrusted / wrongly authenticated device 3. Always through `main`.
 */
import { endHostRun } from "../bigip/objects/engine";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { tunnelChainProvider } from "../../components/bigip/objects/tunnelChain";
import { poolProvider } from "../../components/bigip/objects/pool";
import { clonePoolAttachmentProvider } from "../../components/bigip/objects/clonePoolAttachment";
import { closeSessions, resetReadiness, Session } from "../../components/bigip/rest";
import { DoctorExpectation } from "../../components/diagnose/expect";
import { DoctorReport } from "../../components/diagnose/doctor";
import { main } from "../../stacks/doctor/cli";
import { CliRun, runCli, runNpmScript } from "../helpers/cli";
import { behindOurBack, engineFor, useEmulator } from "../bigip/objects/harness";

const ROOT = path.resolve(__dirname, "../..");
const PASSWORD = "admin-pw";
const MAC1 = "02:5e:10:0a:0b:0c";
const MAC2 = "02:5e:10:00:00:02";

type Run = CliRun;

/** The doctor in-process; the password (and the wrong one the tests use) must never be printed. */
const doctor = (argv: string[], env: NodeJS.ProcessEnv = { BIGIP_PASSWORD: PASSWORD }): Promise<Run> =>
    runCli(main, argv, env, [PASSWORD, "wrong-horse-battery"]);

/** The labels of the ✗ lines, in report order (`static ARP`, `/Common/app_vs clientside`, …). */
const crosses = (text: string) => [...text.matchAll(/^ +✗ (.+?) {2,}/gm)].map((m) => m[1]);

describe("npm run doctor on a device (emulator, the component's providers)", function () {
    this.timeout(60_000);
    const box = useEmulator();
    let dir: string;
    let expectFile: string;
    let exp: DoctorExpectation;
    const args = () => ["--expect", expectFile];

    before(async () => {
        const { e, c } = box;
        // The underlay and the user's application, as another admin (or the stack's Vlan/SelfIp/Route) left them.
        e.seed("vlan", { name: "external", mtu: 9001, interfaces: [{ name: "1.1", untagged: true }] });
        e.seed("selfIp", { name: "external-self", address: "10.0.2.5/24", vlan: "/Common/external" });
        e.seed("route", { name: "to-collectors", network: "10.1.0.0/16", gw: "10.0.2.1" });
        e.seed("pool", { name: "app_pool" });
        e.seed("virtual", { name: "app_vs", destination: "/Common/10.0.2.200:443", pool: "/Common/app_pool" });

        const chain = await engineFor(tunnelChainProvider);
        await chain.up({ connection: c, name: "clone-ids1", encapsulation: "gre", key: 0, mtu: 8963, localAddress: "10.0.2.5", remoteAddress: "10.1.1.20",
            selfAddress: "10.254.0.1/29", collectorAddress: "10.254.0.2", collectorMac: MAC1.toUpperCase() });
        const chain2 = await engineFor(tunnelChainProvider);
        await chain2.up({ connection: c, name: "clone-ids2", encapsulation: "vxlan", key: 100, mtu: 8951, localAddress: "10.0.2.5", remoteAddress: "10.1.1.21",
            selfAddress: "10.254.0.9/29", collectorAddress: "10.254.0.10", collectorMac: MAC2 });
        for (const [name, member] of [["clone-ids1-pool", "10.254.0.2:0"], ["clone-ids2-pool", "10.254.0.10:0"]]) {
            await (await engineFor(poolProvider)).up({ connection: c, name, members: [member], monitor: "" });
        }
        for (const [pool, context] of [["clone-ids1-pool", "clientside"], ["clone-ids2-pool", "serverside"]]) {
            await (await engineFor(clonePoolAttachmentProvider)).up({ connection: c, virtualServer: "app_vs", pool, context });
        }

        // What the stack exports (components/cloneAcrossL3: doctorExpectation), inside the whole `pulumi stack output --json`.
        exp = {
            device: { host: e.host, port: e.port, username: "admin", tls: { fingerprint256: e.fingerprint256 } },
            tunnelSourceIp: "10.0.2.5",
            paths: [
                { collector: "ids1", tunnel: "/Common/clone-ids1", pool: "/Common/clone-ids1-pool", collectorIp: "10.1.1.20", collectorMac: MAC1,
                    collectorOverlayIp: "10.254.0.2", bigipOverlay: "10.254.0.1/29", encapsulation: "gre", key: 0, mtu: 8963, requiredMtu: 9001 },
                { collector: "ids2", tunnel: "/Common/clone-ids2", pool: "/Common/clone-ids2-pool", collectorIp: "10.1.1.21", collectorMac: MAC2,
                    collectorOverlayIp: "10.254.0.10", bigipOverlay: "10.254.0.9/29", encapsulation: "vxlan", key: 100, mtu: 8951, requiredMtu: 9001 },
            ],
            attachments: [
                { virtualServer: "/Common/app_vs", context: "clientside", pool: "/Common/clone-ids1-pool" },
                { virtualServer: "/Common/app_vs", context: "serverside", pool: "/Common/clone-ids2-pool" },
            ],
        };
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "doctor-"));
        expectFile = path.join(dir, "stack-output.json");
        fs.writeFileSync(expectFile, JSON.stringify({ managementUrl: `https://${e.host}:${e.port}`, tunnelSourceIp: "10.0.2.5", doctor: exp }, null, 2));
        await endHostRun(true); await closeSessions(); // the providers' run is over: its shared session logs out
    });
    after(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

    it("a healthy deployment: exit 0, every link ✓ on both paths and both attachments, counters printed, in one read-only session", async () => {
        box.e.clearLog();
        const r = await doctor(args());
        assert.equal(r.code, 0, r.out + r.err);
        assert.equal(r.err, "");
        assert.deepEqual(crosses(r.out), []);
        assert.match(r.out, /^Clone-path doctor: BIG-IP 127\.0\.0\.1:\d+ \(TMOS 14\.1\.2\.1\), tunnel source 10\.0\.2\.5; read only/);
        assert.equal((r.out.match(/^ +✓ /gm) ?? []).length, 2 * 14 + 2 + 1);
        for (const l of ["source self IP", "source VLAN", "VLAN MTU", "route", "path MTU", "tunnel profile", "tunnel", "tunnel self IP", "static ARP", "FDB record", "pool member", "monitor", "member state", "walk"]) {
            assert.equal((r.out.match(new RegExp(`^ {4}✓ ${l} {2,}\\S`, "gm")) ?? []).length, 2, l);
        }
        assert.match(r.out, /✓ walk +the device sends 10\.254\.0\.2:0's copies as GRE-TEB frames to 02:5e:10:0a:0b:0c, 10\.0\.2\.5 → 10\.1\.1\.20, key 0/);
        assert.match(r.out, /✓ walk +the device sends 10\.254\.0\.10:0's copies as VXLAN frames to 02:5e:10:00:00:02, 10\.0\.2\.5 → 10\.1\.1\.21 UDP 4789, VNI 100/);
        assert.match(r.out, /✓ \/Common\/app_vs serverside {2}→ \/Common\/clone-ids2-pool/);
        assert.match(r.out, /\n {4}freeErr 0 {2}freeOk 0 {2}nhopErr 0 {2}nhopOk 0 {2}pktErr 0 {2}pktOk 0/);
        assert.match(r.out, /\? config saved +not checkable over iControl REST/);
        assert.match(r.out, /\nResult: HEALTHY: every link of 2 clone paths holds \(31 ✓, 0 ⚠, 0 ✗, 1 \? \(not checkable\)\)\.\n$/);
        // Read only, one session: every /mgmt/tm request is a GET but the path-MTU pings through util/bash, one login, logged out.
        assert.deepEqual(box.e.log.filter((l) => l.path.startsWith("/mgmt/tm/") && l.method !== "GET").map((l) => `${l.method} ${l.path}`), ["POST /mgmt/tm/util/bash", "POST /mgmt/tm/util/bash"]);
        assert.deepEqual(box.e.bashRuns().slice(-2).map((c) => /^-c 'ping -c 3 -W 2 -M do -s 8973 -I 10\.0\.2\.5 10\.1\.1\.2[01] 2>&1'$/.test(c)), [true, true]);
        assert.equal(box.e.log.filter((l) => l.method === "POST" && l.path === "/mgmt/shared/authn/login").length, 1);
        assert.equal(box.e.activeTokens(), 0);
    });

    it("--json: the report as one document; a file holding only the doctor output works as well", async () => {
        const bare = path.join(dir, "doctor.json");
        fs.writeFileSync(bare, JSON.stringify(exp));
        const r = await doctor(["--expect", bare, "--json"]);
        assert.equal(r.code, 0, r.err);
        const report: DoctorReport = JSON.parse(r.out);
        assert.equal(report.ok, true);
        assert.deepEqual(report.paths.map((p) => [p.collector, p.ok, p.delivery?.remoteAddress]), [["ids1", true, "10.1.1.20"], ["ids2", true, "10.1.1.21"]]);
        assert.equal(report.configSaved.status, "unknown");
    });

    interface Break { what: string; links: string[]; text: RegExp; change: (s: Session) => Promise<unknown>; restore: (s: Session) => Promise<unknown> }
    const A1 = "tm/net/arp/~Common~clone-ids1-arp";
    const T1 = "tm/net/tunnels/tunnel/~Common~clone-ids1";
    const P1 = "tm/ltm/pool/~Common~clone-ids1-pool";
    const arp1 = { name: "clone-ids1-arp", partition: "Common", ipAddress: "10.254.0.2", macAddress: MAC1 };
    const self1 = { name: "clone-ids1-self", partition: "Common", address: "10.254.0.1/29", vlan: "/Common/clone-ids1", trafficGroup: "/Common/traffic-group-local-only" };
    const route = { name: "to-collectors", partition: "Common", network: "10.1.0.0/16", gw: "10.0.2.1" };
    const bothClones = [{ name: "/Common/clone-ids1-pool", context: "clientside" }, { name: "/Common/clone-ids2-pool", context: "serverside" }];
    const breaks: Break[] = [
        { what: "ARP MAC changed", links: ["static ARP", "walk"], text: /✗ static ARP +static ARP \/Common\/clone-ids1-arp: 10\.254\.0\.2 → (02:5e:10:0a:0b:0d|2:5e:10:a:b:d), but the collector's tunnel interface has MAC 02:5e:10:0a:0b:0c/,
            change: (s) => s.patch(A1, { macAddress: "02:5e:10:0a:0b:0d" }), restore: (s) => s.patch(A1, { macAddress: MAC1 }) },
        { what: "ARP entry deleted", links: ["static ARP", "walk"], text: /✗ static ARP +there is no static ARP entry for 10\.254\.0\.2/,
            change: (s) => s.delete(A1), restore: (s) => s.post("tm/net/arp", arp1) },
        { what: "FDB endpoint wrong", links: ["FDB record", "walk"], text: /✗ FDB record +FDB record 02:5e:10:0a:0b:0c on \/Common\/clone-ids1 points at 10\.1\.1\.99/,
            change: (s) => s.patch("tm/net/fdb/tunnel/~Common~clone-ids1", { records: [{ name: MAC1, endpoint: "10.1.1.99" }] }),
            restore: (s) => s.patch("tm/net/fdb/tunnel/~Common~clone-ids1", { records: [{ name: MAC1, endpoint: "10.1.1.20" }] }) },
        { what: "tunnel remote address wrong", links: ["tunnel", "walk"], text: /✗ tunnel +tunnel \/Common\/clone-ids1: remote address is 10\.1\.1\.99, but the collector's underlay IP is 10\.1\.1\.20/,
            // The FDB record still points at the collector (✓), so the device's walk sees record and tunnel disagree.
            change: (s) => s.patch(T1, { remoteAddress: "10.1.1.99" }), restore: (s) => s.patch(T1, { remoteAddress: "10.1.1.20" }) },
        { what: "tunnel key wrong", links: ["tunnel", "walk"], text: /✗ tunnel +tunnel \/Common\/clone-ids1: GRE key is 7, but the collector's tunnel interface uses 0/,
            change: (s) => s.patch(T1, { key: 7 }), restore: (s) => s.patch(T1, { key: 0 }) },
        { what: "VXLAN VNI wrong", links: ["tunnel", "walk"], text: /✗ tunnel +tunnel \/Common\/clone-ids2: VNI \(key\) is 101/,
            change: (s) => s.patch("tm/net/tunnels/tunnel/~Common~clone-ids2", { key: 101 }), restore: (s) => s.patch("tm/net/tunnels/tunnel/~Common~clone-ids2", { key: 100 }) },
        { what: "GRE profile encapsulation standard", links: ["tunnel profile", "walk"], text: /✗ tunnel profile +GRE profile \/Common\/clone-ids1-profile has encapsulation standard: it carries IP packets/,
            change: (s) => s.patch("tm/net/tunnels/gre/~Common~clone-ids1-profile", { encapsulation: "standard" }),
            restore: (s) => s.patch("tm/net/tunnels/gre/~Common~clone-ids1-profile", { encapsulation: "transparent-ethernet-bridging" }) },
        { what: "VXLAN profile on Linux's port 8472", links: ["tunnel profile", "walk"], text: /✗ tunnel profile +VXLAN profile \/Common\/clone-ids2-profile has UDP port 8472, but the collector's vxlan interface listens on 4789/,
            change: (s) => s.patch("tm/net/tunnels/vxlan/~Common~clone-ids2-profile", { port: 8472 }),
            restore: (s) => s.patch("tm/net/tunnels/vxlan/~Common~clone-ids2-profile", { port: 4789 }) },
        { what: "tunnel self IP removed", links: ["tunnel self IP", "walk"], text: /✗ tunnel self IP +there is no self IP on tunnel \/Common\/clone-ids1: the BIG-IP has no L2 path to 10\.254\.0\.2/,
            change: (s) => s.delete("tm/net/self/~Common~clone-ids1-self"), restore: (s) => s.post("tm/net/self", self1) },
        { what: "member port not 0", links: ["pool member", "walk"], text: /✗ pool member +member 10\.254\.0\.2:80 of pool \/Common\/clone-ids1-pool is on port 80: a clone member should be 10\.254\.0\.2:0/,
            change: (s) => s.patch(P1, { members: [{ name: "10.254.0.2:80", address: "10.254.0.2" }] }),
            restore: (s) => s.patch(P1, { members: [{ name: "10.254.0.2:0", address: "10.254.0.2" }] }) },
        { what: "a monitor on the pool", links: ["monitor"], text: /✗ monitor +pool \/Common\/clone-ids1-pool has monitor \/Common\/gateway_icmp: a monitor that cannot reach the collector/,
            change: (s) => s.patch(P1, { monitor: "/Common/gateway_icmp" }), restore: (s) => s.patch(P1, { monitor: "" }) },
        { what: "member disabled", links: ["member state"], text: /✗ member state +member 10\.254\.0\.2:0 is disabled \(session user-disabled/,
            change: (s) => s.patch(`${P1}/members/~Common~10.254.0.2:0`, { session: "user-disabled" }),
            restore: (s) => s.patch(`${P1}/members/~Common~10.254.0.2:0`, { session: "user-enabled" }) },
        { what: "attachment removed", links: ["/Common/app_vs clientside"], text: /✗ \/Common\/app_vs clientside {2}\/Common\/app_vs has no clientside clone pool: nothing of its clientside traffic is copied to \/Common\/clone-ids1-pool/,
            change: (s) => s.patch("tm/ltm/virtual/~Common~app_vs", { clonePools: [bothClones[1]] }),
            restore: (s) => s.patch("tm/ltm/virtual/~Common~app_vs", { clonePools: bothClones }) },
        { what: "VLAN MTU lowered", links: ["VLAN MTU", "VLAN MTU"], text: /✗ VLAN MTU +VLAN \/Common\/external has MTU 1500, but the tunnel's outer packets are up to 9001 bytes/,
            change: (s) => s.patch("tm/net/vlan/~Common~external", { mtu: 1500 }), restore: (s) => s.patch("tm/net/vlan/~Common~external", { mtu: 9001 }) },
        { what: "route removed", links: ["route", "route"], text: /✗ route +10\.1\.1\.20 is not reachable from this BIG-IP: .*\n +fix: add `net route <name> network <the remote network, e\.g\. the collector VPC CIDR> gw 10\.0\.2\.1`/,
            change: (s) => s.delete("tm/net/route/~Common~to-collectors"), restore: (s) => s.post("tm/net/route", route) },
    ];

    for (const b of breaks) {
        it(`${b.what}: ✗ on ${[...new Set(b.links)].join(", ")} and nothing else, exit 1; healthy again once restored`, async () => {
            await behindOurBack(box.e, b.change);
            let r: Run;
            try {
                r = await doctor(args());
            } finally {
                await behindOurBack(box.e, b.restore);
            }
            assert.equal(r.code, 1, r.out + r.err);
            assert.deepEqual(crosses(r.out), b.links, r.out);
            assert.match(r.out, b.text);
            assert.match(r.out, /\nResult: BROKEN: /);
            const again = await doctor(args());
            assert.equal(again.code, 0, `not restored:\n${again.out}`);
        });
    }

    it("clone-stats error counters: printed, ⚠ (a warning, not a failure), exit 0", async () => {
        box.e.setCloneStats({ pktOk: 1200, nhopErr: 3, rslctMacErr: 1 });
        let r: Run;
        try {
            r = await doctor(args());
        } finally {
            box.e.setCloneStats({ pktOk: 0, nhopErr: 0, rslctMacErr: 0 });
        }
        assert.equal(r.code, 0, r.out);
        assert.match(r.out, /\n {4}freeErr 0 {2}freeOk 0 {2}nhopErr 3 {2}nhopOk 0 {2}pktErr 0 {2}pktOk 1200 .* rslctMacErr 1 /);
        assert.match(r.out, /\n {2}⚠ clone counters +error counters above 0: nhopErr 3, rslctMacErr 1 \(device-wide, since boot or the last reset\)\n {6}note: /);
        assert.match(r.out, /Result: HEALTHY: .*1 ⚠/);
        assert.throws(() => box.e.setCloneStats({ bogusErr: 1 } as any), /bogusErr is not a clone-stats counter/);
    });

    describe("usage and configuration errors: exit 2, nothing sent to the device", () => {
        const cases: [string, string[], NodeJS.ProcessEnv, RegExp][] = [
            ["no BIGIP_PASSWORD", [], {}, /doctor: Invalid setting "BIGIP_PASSWORD": is not set: export BIGIP_PASSWORD with the password of admin on 127\.0\.0\.1/],
            ["an empty BIGIP_PASSWORD", [], { BIGIP_PASSWORD: "" }, /"BIGIP_PASSWORD": is not set/],
            ["the password on the command line", ["--password", "wrong-horse-battery"], { BIGIP_PASSWORD: PASSWORD }, /"--password": is not accepted: the password is read only from the environment variable BIGIP_PASSWORD/],
            ["--password=…", ["--password=wrong-horse-battery"], { BIGIP_PASSWORD: PASSWORD }, /"--password": is not accepted/],
            ["an unknown option", ["--frobnicate"], { BIGIP_PASSWORD: PASSWORD }, /^doctor: unknown option --frobnicate \(npm run doctor -- --help lists the options\)\n$/],
            ["a stray word (perhaps a password) is not echoed", ["wrong-horse-battery"], { BIGIP_PASSWORD: PASSWORD }, /^doctor: unexpected argument \(not shown: /],
            ["a bad port", ["--port", "99999"], { BIGIP_PASSWORD: PASSWORD }, /"--port": must be a TCP port 1\.\.65535/],
            ["a bad fingerprint", ["--fingerprint", "AA:BB"], { BIGIP_PASSWORD: PASSWORD }, /"--fingerprint": must be the device certificate's SHA-256 fingerprint/],
            ["two TLS trusts", ["--insecure", "--fingerprint", "AA:".repeat(31) + "AA"], { BIGIP_PASSWORD: PASSWORD }, /give at most one TLS trust/],
            ["an unreadable CA file", ["--ca-pem", "/nonexistent/ca.pem"], { BIGIP_PASSWORD: PASSWORD }, /"--ca-pem": cannot read \/nonexistent\/ca\.pem/],
        ];
        for (const [what, extra, env, text] of cases) {
            it(what, async () => {
                box.e.clearLog();
                const r = await doctor([...args(), ...extra], env);
                assert.equal(r.code, 2, r.out + r.err);
                assert.equal(r.out, "");
                assert.match(r.err, text);
                assert.equal(r.err.trimEnd().split("\n").length, 1, r.err);
                assert.equal(box.e.log.length, 0, "nothing was sent");
            });
        }

        it("no --expect, an unreadable file, a file that is not JSON, an invalid expectation, no host", async () => {
            const notJson = path.join(dir, "not.json");
            fs.writeFileSync(notJson, "Current stack is dev:\n");
            const invalid = path.join(dir, "invalid.json");
            fs.writeFileSync(invalid, JSON.stringify({ doctor: { ...exp, paths: [{ ...exp.paths[0], collectorMac: "nope" }] } }));
            const noHost = path.join(dir, "nohost.json");
            fs.writeFileSync(noHost, JSON.stringify({ ...exp, device: undefined }));
            for (const [argv, text] of [
                [[], /"--expect": is required: pulumi stack output doctor --json > doctor\.json/],
                [["--expect", path.join(dir, "missing.json")], /"--expect": cannot read .*missing\.json/],
                [["--expect", notJson], /not\.json is not JSON .*pulumi stack output doctor --json >/],
                [["--expect", invalid], /invalid\.json: doctor\.paths\[0\]\.collectorMac": must be a MAC address/],
                [["--expect", noHost], /"--host": no BIG-IP host: give --host/],
            ] as [string[], RegExp][]) {
                const r = await doctor(argv);
                assert.equal(r.code, 2, `${argv.join(" ")}: ${r.err}`);
                assert.match(r.err, text);
            }
        });

        it("--help prints the usage and exits 0", async () => {
            const r = await doctor(["--help"]);
            assert.equal(r.code, 0);
            assert.match(r.out, /^usage: npm run doctor -- --expect FILE/);
        });
    });

    describe("the device cannot be reached, trusted or logged in to: exit 3, saying which", () => {
        it("a wrong password: authentication failed", async () => {
            const r = await doctor(args(), { BIGIP_PASSWORD: "wrong-horse-battery" });
            assert.equal(r.code, 3, r.out + r.err);
            assert.equal(r.out, "");
            assert.match(r.err, /^doctor: authentication failed: the BIG-IP at 127\.0\.0\.1:\d+ refused user admin with the password from BIGIP_PASSWORD/);
            assert.equal(box.e.activeTokens(), 0);
        });

        it("a wrong username: authentication failed", async () => {
            const r = await doctor([...args(), "--username", "nobody"]);
            assert.equal(r.code, 3);
            assert.match(r.err, /authentication failed: .* refused user nobody/);
        });

        it("nothing listening on the port: cannot reach (within --timeout)", async () => {
            const port = await new Promise<number>((resolve) => {
                const srv = net.createServer().listen(0, "127.0.0.1", () => {
                    const p = (srv.address() as net.AddressInfo).port;
                    srv.close(() => resolve(p));
                });
            });
            const t0 = Date.now();
            const r = await doctor([...args(), "--port", String(port), "--timeout", "1"]);
            assert.equal(r.code, 3, r.out + r.err);
            assert.match(r.err, new RegExp(`^doctor: cannot reach the BIG-IP at 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
            assert.ok(Date.now() - t0 < 5_000);
        });

        it("a certificate that does not match the pinned fingerprint: not trusted, and no credentials sent", async () => {
            box.e.clearLog();
            const r = await doctor([...args(), "--fingerprint", "AB:".repeat(31) + "AB"]);
            assert.equal(r.code, 3, r.out + r.err);
            assert.match(r.err, /^doctor: the BIG-IP at 127\.0\.0\.1:\d+ was not trusted \(nothing was sent to it\): .*certificate fingerprint mismatch/);
            assert.equal(box.e.log.length, 0);
        });

        it("a device that answers but is not ready (booting): not ready, after --timeout", async () => {
            resetReadiness(); // this process saw it ready before
            box.e.boot({ notReadyMs: 1500 });
            const r = await doctor([...args(), "--timeout", "0.5"]);
            assert.equal(r.code, 3, r.out + r.err);
            assert.match(r.err, /^doctor: the BIG-IP at 127\.0\.0\.1:\d+ answers but is not ready: .*did not become ready within 0\.5 s .*last state: /);
        });

        it("a failing read after login: says which read", async () => {
            box.e.failNext({ method: "GET", path: /^\/mgmt\/tm\/net\/vlan/ }, 403, "Authorization failed: user=admin resource=/mgmt/tm/net/vlan");
            const r = await doctor(args());
            assert.equal(r.code, 3, r.out + r.err);
            assert.match(r.err, /^doctor: reading the BIG-IP at 127\.0\.0\.1:\d+ failed: reading the VLANs failed: 403 Authorization failed/);
            assert.equal(box.e.activeTokens(), 0, "logged out all the same");
        });

        it("the options override the file's device: --host/--port/--fingerprint reach the device the file does not name", async () => {
            const elsewhere = path.join(dir, "elsewhere.json");
            fs.writeFileSync(elsewhere, JSON.stringify({ ...exp, device: { host: "192.0.2.1", port: 1, username: "admin", tls: { fingerprint256: "AA:BB" } } }));
            const r = await doctor(["--expect", elsewhere, "--host", box.e.host, "--port", String(box.e.port), "--fingerprint", box.e.fingerprint256]);
            assert.equal(r.code, 0, r.err);
            assert.match(r.out, new RegExp(`BIG-IP 127\\.0\\.0\\.1:${box.e.port} `));
        });
    });

    it("npm run doctor: the script, as a user runs it (exit code and report)", async function () {
        this.timeout(120_000);
        // Asynchronously: the emulator answers from this very process.
        const { status, stdout, stderr } = await runNpmScript("doctor", ["--expect", expectFile], ROOT, { BIGIP_PASSWORD: PASSWORD });
        assert.equal(status, 0, `${stdout}\n${stderr}`);
        assert.match(stdout, /Result: HEALTHY: every link of 2 clone paths holds/);
        assert.ok(!stdout.includes(PASSWORD) && !stderr.includes(PASSWORD));
    });
});
