/**
 * `npm run remote-capture` against the strict emulator, always through `main` (and once as the npm script): one
 * bounded capture to the chosen collector's underlay IP, what to watch on the collector, a dry run that sends
 * nothing, and the exit codes (2 usage/config before anything is sent, 3 the device refused the credentials).
 * The emulator records every util/bash run (`bashRuns()`).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../stacks/remote-capture/cli";
import { CliRun, runCli, runNpmScript } from "../helpers/cli";
import { useEmulator } from "../bigip/objects/harness";
import { Emulator, startEmulator } from "../emulator";

const ROOT = path.resolve(__dirname, "../..");
const PASSWORD = "admin-pw";

type Run = CliRun;

/** The command in-process; the password (and the wrong one the tests use) must never be printed. */
const capture = (argv: string[], env: NodeJS.ProcessEnv = { BIGIP_PASSWORD: PASSWORD }): Promise<Run> =>
    runCli(main, argv, env, [PASSWORD, "wrong-horse-battery"]);

const path0 = { tunnel: "/Common/clone-ids1", pool: "/Common/clone-ids1-pool", collectorMac: "02:5e:10:0a:0b:0c", collectorOverlayIp: "10.254.0.2",
    bigipOverlay: "10.254.0.1/29", encapsulation: "gre", key: 0, mtu: 8963, requiredMtu: 9001 };

describe("npm run remote-capture (emulator)", function () {
    this.timeout(60_000);
    const box = useEmulator();
    let dir: string;
    let file: string;
    /** The util/bash runs since the test began. */
    let runsBefore = 0;
    const newRuns = () => box.e.bashRuns().slice(runsBefore);
    beforeEach(() => { runsBefore = box.e.bashRuns().length; box.e.clearLog(); });

    before(() => {
        const { e } = box;
        const doctor = {
            device: { host: e.host, port: e.port, username: "admin", tls: { fingerprint256: e.fingerprint256 } },
            tunnelSourceIp: "10.0.2.5",
            paths: [
                { collector: "ids1", collectorIp: "10.1.1.20", ...path0 },
                { ...path0, collector: "ids2", tunnel: "/Common/clone-ids2", pool: "/Common/clone-ids2-pool", collectorIp: "10.1.1.21", collectorMac: "02:5e:10:00:00:02",
                    collectorOverlayIp: "10.254.0.10", bigipOverlay: "10.254.0.9/29", encapsulation: "vxlan", key: 100, mtu: 8951 },
            ],
            attachments: [],
        };
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "rcap-"));
        file = path.join(dir, "stack-output.json");
        fs.writeFileSync(file, JSON.stringify({ tunnelSourceIp: "10.0.2.5", doctor }, null, 2));
    });
    after(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

    it("starts exactly one bounded capture to the first collector with the filter, and says which devices on the collector to watch", async () => {
        const r = await capture(["--expect", file, "--seconds", "30", "--filter", "tcp port 80"]);
        assert.equal(r.code, 0, r.out + r.err);
        assert.equal(r.err, "");
        assert.deepEqual(newRuns(), [`-c 'timeout 30 tcpdump -nn -i 0.0 -s 0 -c 10000 --remote-dest 10.1.1.20 -- "tcp port 80" >/dev/null 2>&1 &'`]);
        // Besides the readiness GETs: one login, one util/bash POST, the logout.
        assert.deepEqual(box.e.log.filter((l) => l.path.startsWith("/mgmt/tm/") && l.method !== "GET").map((l) => `${l.method} ${l.path} ${l.status}`), ["POST /mgmt/tm/util/bash 200"]);
        assert.equal(box.e.log.filter((l) => l.method === "POST" && l.path === "/mgmt/shared/authn/login").length, 1);
        assert.equal(box.e.activeTokens(), 0, "logged out");
        assert.match(r.out, /^Remote capture started on BIG-IP 127\.0\.0\.1:\d+, streaming to collector ids1 \(10\.1\.1\.20\):\n {2}tcpdump -nn -i 0\.0 -s 0 -c 10000 --remote-dest 10\.1\.1\.20 -- "tcp port 80"\n/);
        assert.match(r.out, /stops by itself after 30 s or 10000 packets/);
        assert.match(r.out, /other collectors in the file: ids2 \(--collector NAME\)/);
        // One command per receiving device, IP over GRE from the data self IP first; never one tcpdump on `any`.
        const steps = [...r.out.matchAll(/^ {2}\d\. (sudo tcpdump -ni \S+(?: -e)?) /gm)].map((m) => m[1]);
        assert.deepEqual(steps, ["sudo tcpdump -ni rcap-ip", "sudo tcpdump -ni clone0 -e", "sudo tcpdump -ni rcap-mgmt-ip", "sudo tcpdump -ni rcap-mgmt -e"]);
        assert.match(r.out, /1\. sudo tcpdump -ni rcap-ip +IP over GRE from the data self IP 10\.0\.2\.5: try this first \(F5's article describes the stream as IP packets over GRE/);
        assert.match(r.out, /clone0 -e +Ethernet over GRE from the data self IP 10\.0\.2\.5: the clone tunnel itself \(or its deviceName\), so the clone pool's copies arrive here too/);
        assert.doesNotMatch(r.out, /-i any|proto gre/);
    });

    it("--collector selects another path: its collectorIp, the other options, and rcap-teb for a VXLAN collector", async () => {
        const r = await capture(["--expect", file, "--collector", "ids2", "--count", "500", "--interface", "/Common/external", "--snap-length=128", "--filter", "udp port 53"]);
        assert.equal(r.code, 0, r.out + r.err);
        assert.deepEqual(newRuns(), [`-c 'timeout 60 tcpdump -nn -i /Common/external -s 128 -c 500 --remote-dest 10.1.1.21 -- "udp port 53" >/dev/null 2>&1 &'`]);
        assert.match(r.out, /streaming to collector ids2 \(10\.1\.1\.21\)/);
        assert.doesNotMatch(r.out, /other collectors/);
        assert.match(r.out, /2\. sudo tcpdump -ni rcap-teb -e +Ethernet over GRE from the data self IP 10\.0\.2\.5: the VXLAN clones arrive on clone0, not here/);
        assert.doesNotMatch(r.out, /tcpdump -ni clone0/);
    });

    it("--dry-run prints the util/bash request and sends nothing (no password needed)", async () => {
        const r = await capture(["--expect", file, "--dry-run", "--filter", "tcp port 80"], {});
        assert.equal(r.code, 0, r.out + r.err);
        assert.deepEqual(box.e.log, [], "nothing sent");
        assert.deepEqual(newRuns(), []);
        assert.match(r.out, /^Dry run, nothing was sent\. This would start a remote capture on BIG-IP 127\.0\.0\.1:\d+, streaming to collector ids1/);
        assert.ok(r.out.includes(`request: POST https://127.0.0.1:${box.e.port}/mgmt/tm/util/bash {"command":"run","utilCmdArgs":"-c 'timeout 60 tcpdump -nn -i 0.0 -s 0 -c 10000 --remote-dest 10.1.1.20 -- \\"tcp port 80\\" >/dev/null 2>&1 &'"}`), r.out);
    });

    it("--json: one document with the request and the devices to watch", async () => {
        const r = await capture(["--expect", file, "--json", "--dry-run"]);
        const doc = JSON.parse(r.out);
        assert.equal(doc.started, false);
        assert.equal(doc.request.body.utilCmdArgs, "-c 'timeout 60 tcpdump -nn -i 0.0 -s 0 -c 10000 --remote-dest 10.1.1.20 >/dev/null 2>&1 &'");
        assert.deepEqual(doc.watch.map((w: any) => w.device), ["rcap-ip", "clone0", "rcap-mgmt-ip", "rcap-mgmt"]);
    });

    describe("--unit peer: the HA pair's other unit (issue 16)", () => {
        const PEER_PASSWORD = "peer-pw-only";
        let peer: Emulator;
        let pairFile: string;
        before(async () => {
            peer = await startEmulator({ users: { admin: PEER_PASSWORD } });
            const doc = JSON.parse(fs.readFileSync(file, "utf8"));
            doc.doctor.peer = {
                device: { host: peer.host, port: peer.port, username: "admin", tls: { fingerprint256: peer.fingerprint256 } },
                tunnelSourceIp: "10.0.2.6", paths: [{ collector: "ids1", bigipOverlay: "10.254.0.3/29" }, { collector: "ids2", bigipOverlay: "10.254.0.11/29" }],
            };
            pairFile = path.join(dir, "pair-output.json");
            fs.writeFileSync(pairFile, JSON.stringify(doc, null, 2));
        });
        after(async () => { await peer?.close(); });

        it("starts the capture on the peer with BIGIP_PEER_PASSWORD, nothing on the first unit; watch the peer's receivers", async () => {
            const r = await runCli(main, ["--expect", pairFile, "--unit", "peer", "--seconds", "20"],
                { BIGIP_PASSWORD: PASSWORD, BIGIP_PEER_PASSWORD: PEER_PASSWORD }, [PASSWORD, PEER_PASSWORD]);
            assert.equal(r.code, 0, r.out + r.err);
            assert.deepEqual(peer.bashRuns(), ["-c 'timeout 20 tcpdump -nn -i 0.0 -s 0 -c 10000 --remote-dest 10.1.1.20 >/dev/null 2>&1 &'"]);
            assert.deepEqual(newRuns(), [], "nothing on the first unit");
            assert.equal(peer.activeTokens(), 0, "logged out");
            assert.match(r.out, /^Remote capture started on BIG-IP 127\.0\.0\.1:\d+ \(the HA pair's peer\), streaming to collector ids1/);
            const steps = [...r.out.matchAll(/^ {2}\d\. (sudo tcpdump -ni \S+(?: -e)?) /gm)].map((m) => m[1]);
            assert.deepEqual(steps, ["sudo tcpdump -ni rcap-peer-ip", "sudo tcpdump -ni clone0 -e", "sudo tcpdump -ni rcap-pmgmt-ip", "sudo tcpdump -ni rcap-pmgmt -e"]);
            assert.match(r.out, /rcap-peer-ip +IP over GRE from the data self IP 10\.0\.2\.6:/);
        });

        it("without BIGIP_PEER_PASSWORD it logs in to the peer with BIGIP_PASSWORD (as the stack's peer password defaults to the first's)", async () => {
            const r = await runCli(main, ["--expect", pairFile, "--unit", "peer"], { BIGIP_PASSWORD: PASSWORD }, [PASSWORD]);
            assert.equal(r.code, 3, r.out + r.err);
            assert.match(r.err, /authentication|credentials|401/i);
        });

        it("--unit peer with a file that has no peer, or --unit other: exit 2 naming --unit, nothing sent", async () => {
            const none = await capture(["--expect", file, "--unit", "peer"]);
            assert.equal(none.code, 2);
            assert.match(none.err, /"--unit".*has no peer/);
            const bad = await capture(["--expect", pairFile, "--unit", "second"]);
            assert.equal(bad.code, 2);
            assert.match(bad.err, /"--unit": must be first or peer/);
            assert.deepEqual(newRuns(), []);
            assert.deepEqual(peer.bashRuns().length, 1, "only the first test's capture");
        });
    });

    describe("usage and configuration errors: exit 2 with one line, nothing sent", () => {
        const cases: [string, string[], NodeJS.ProcessEnv, RegExp][] = [
            ["a filter that would reach the shell", ["--filter", "port 80' ; reboot ; '"], { BIGIP_PASSWORD: PASSWORD }, /^remote-capture: Invalid setting "--filter": "port 80' ; reboot ; '" must be a pcap filter like "tcp port 80" of at most 1000 characters, printable ASCII except ' " ` \$ and \\ /],
            ["an unbounded time", ["--seconds", "0"], { BIGIP_PASSWORD: PASSWORD }, /^remote-capture: Invalid setting "--seconds": 0 must be an integer 1\.\.3600/],
            ["a count that is not a number", ["--count", "lots"], { BIGIP_PASSWORD: PASSWORD }, /^remote-capture: Invalid setting "--count": must be an integer, not "lots"/],
            ["a snap length out of range", ["--snap-length", "70000"], { BIGIP_PASSWORD: PASSWORD }, /^remote-capture: Invalid setting "--snap-length": 70000 must be an integer 0\.\.65535/],
            ["an unknown collector", ["--collector", "ids9"], { BIGIP_PASSWORD: PASSWORD }, /^remote-capture: Invalid setting "--collector": no collector "ids9" in .*stack-output\.json: the collectors are ids1, ids2/],
            ["no BIGIP_PASSWORD", [], {}, /^remote-capture: Invalid setting "BIGIP_PASSWORD": is not set: export BIGIP_PASSWORD with the password of admin on 127\.0\.0\.1/],
            ["the password on the command line", ["--password", "wrong-horse-battery"], { BIGIP_PASSWORD: PASSWORD }, /^remote-capture: Invalid setting "--password": is not accepted/],
        ];
        for (const [what, extra, env, text] of cases) {
            it(what, async () => {
                const r = await capture(["--expect", file, ...extra], env);
                assert.equal(r.code, 2, r.out + r.err);
                assert.equal(r.out, "");
                assert.match(r.err, text);
                assert.equal(r.err.trimEnd().split("\n").length, 1, r.err);
                assert.deepEqual(box.e.log, [], "nothing sent");
                assert.deepEqual(newRuns(), []);
            });
        }

        it("no --expect, and --help", async () => {
            const r = await capture([]);
            assert.equal(r.code, 2);
            assert.match(r.err, /"--expect": is required/);
            const h = await capture(["--help"]);
            assert.equal(h.code, 0);
            assert.match(h.out, /^usage: npm run remote-capture -- --expect FILE \[--collector NAME\]/);
        });
    });

    it("a wrong password: exit 3, authentication failed, no capture started", async () => {
        const r = await capture(["--expect", file], { BIGIP_PASSWORD: "wrong-horse-battery" });
        assert.equal(r.code, 3, r.out + r.err);
        assert.equal(r.out, "");
        assert.match(r.err, /^remote-capture: authentication failed: the BIG-IP at 127\.0\.0\.1:\d+ refused user admin with the password from BIGIP_PASSWORD/);
        assert.deepEqual(newRuns(), []);
        assert.equal(box.e.activeTokens(), 0);
    });

    it("util/bash refused by the device: exit 3, says the capture did not start, logged out", async () => {
        box.e.failNext({ method: "POST", path: /^\/mgmt\/tm\/util\/bash/ }, 403, "Authorization failed: user=admin resource=/mgmt/tm/util/bash");
        const r = await capture(["--expect", file]);
        assert.equal(r.code, 3, r.out + r.err);
        assert.match(r.err, /^remote-capture: the BIG-IP at 127\.0\.0\.1:\d+ did not start the capture: .*403 Authorization failed/);
        assert.deepEqual(newRuns(), []);
        assert.equal(box.e.activeTokens(), 0);
    });

    it("npm run remote-capture: the script wiring (a dry run as a user runs it)", async function () {
        this.timeout(120_000);
        // As a newcomer runs it (a dry run contacts no device).
        const { status, stdout, stderr } = await runNpmScript("remote-capture", ["--dry-run", "--expect", file, "--collector", "ids2"], ROOT, { BIGIP_PASSWORD: "" });
        assert.equal(status, 0, `${stdout}\n${stderr}`);
        assert.match(stdout, /^Dry run, nothing was sent\..*collector ids2 \(10\.1\.1\.21\)/);
        assert.ok(stdout.includes("--remote-dest 10.1.1.21"));
        assert.deepEqual(box.e.log, []);
    });
});
