/**
 * The capture filter cannot leave tcpdump's argument list (issue 14, security 1). Each filter goes through
 * `npm run remote-capture` (main) to the strict emulator; the `utilCmdArgs` the device received is then run the way
 * the device runs it (reference §1.13: util/bash runs `bash <utilCmdArgs>`, i.e. `bash -c '<command>'`) in a real
 * bash, with a fake `tcpdump` first on PATH that records its argv. An accepted filter must arrive as exactly one
 * argument after `--`, with no side effect (no file created in the working directory); a filter that cannot be
 * quoted safely is refused with exit 2 before anything is sent.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../stacks/remote-capture/cli";
import { ConfigError } from "../../components/common/errors";
import { remoteCaptureCommand } from "../../components/diagnose/remoteCapture";
import { runCli } from "../helpers/cli";
import { useEmulator } from "../bigip/objects/harness";

const PASSWORD = "admin-pw";
const ROUTE = { tunnel: "/Common/clone-ids1", pool: "/Common/clone-ids1-pool", collectorMac: "02:5e:10:0a:0b:0c", collectorOverlayIp: "10.254.0.2",
    bigipOverlay: "10.254.0.1/29", encapsulation: "gre", key: 0, mtu: 8963, requiredMtu: 9001, collector: "ids1", collectorIp: "10.1.1.20" };

/** Filters a pcap user writes: each must reach tcpdump whole, as one argument. */
const ORDINARY = ["tcp port 80", "len > 100", "tcp port 80 and (host 10.0.0.1 or host 10.0.0.2)", "not arp", "! arp", "tcp[13] & 2 != 0",
    "ip[2:2] > 576 && (udp || icmp)", "ether host 02:5e:10:0a:0b:0c"];

/** Filters that would reach the shell unquoted: passed through, still as one argument, with no effect on the shell. */
const HOSTILE_PASSED = ["tcp <(touch pwned)", "port 80; touch pwned", "> pwned", "port 80 | tee pwned", "port 80 & touch pwned",
    "port 80 && touch pwned || touch pwned", "-w pwned.pcap", "* ~ ?", "{a,b} [x] #comment", "port 80 )( touch pwned"];

/** Filters that cannot be quoted for bash inside util/bash's `-c '…'`: refused, exit 2, nothing sent. */
const HOSTILE_REFUSED: [string, string][] = [
    ["a single quote", "port 80' ; touch pwned ; '"],
    ["a double quote", "port 80\" ; touch pwned ; \""],
    ["a command substitution", "$(touch pwned)"],
    ["a variable", "port $HOME"],
    ["backticks", "`touch pwned`"],
    ["a backslash", "port 80 \\; touch pwned"],
    ["a newline", "port 80\ntouch pwned"],
    ["a tab", "port\t80"],
    ["non-ASCII", "host ünïcode"],
    ["a NUL", "port 80\u0000"],
];

describe("remote capture: the filter reaches tcpdump as one argument, in a real bash (fake tcpdump)", function () {
    this.timeout(60_000);
    const box = useEmulator();
    let dir: string;
    let file: string;
    let bin: string;
    let sandbox: string;

    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "rcap-shell-"));
        file = path.join(dir, "doctor.json");
        const { e } = box;
        fs.writeFileSync(file, JSON.stringify({ device: { host: e.host, port: e.port, username: "admin", tls: { fingerprint256: e.fingerprint256 } },
            tunnelSourceIp: "10.0.2.5", paths: [ROUTE], attachments: [] }));
        bin = path.join(dir, "bin");
        fs.mkdirSync(bin);
        // Records its argv (NUL-separated), atomically, then exits: what `timeout` started.
        fs.writeFileSync(path.join(bin, "tcpdump"), "#!/bin/bash\nprintf '%s\\0' \"$@\" > \"$ARGV_OUT.tmp\" && mv \"$ARGV_OUT.tmp\" \"$ARGV_OUT\"\n", { mode: 0o755 });
    });
    beforeEach(() => { sandbox = fs.mkdtempSync(path.join(dir, "cwd-")); });
    after(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

    /** What the device was sent for one capture with these options (exactly one util/bash run). */
    const sent = async (argv: string[]): Promise<string> => {
        const before = box.e.bashRuns().length;
        const r = await runCli(main, ["--expect", file, ...argv], { BIGIP_PASSWORD: PASSWORD }, [PASSWORD]);
        assert.equal(r.code, 0, r.out + r.err);
        const runs = box.e.bashRuns().slice(before);
        assert.equal(runs.length, 1, String(runs));
        return runs[0];
    };

    /** Runs `utilCmdArgs` as the device's bash would; returns tcpdump's argv and what appeared in the working directory. */
    const runAsDevice = async (script: string[]): Promise<{ argv: string[]; created: string[] }> => {
        const out = path.join(dir, `argv-${path.basename(sandbox)}`);
        const r = spawnSync("bash", script, { cwd: sandbox, encoding: "utf8", timeout: 10_000,
            env: { PATH: `${bin}:${process.env.PATH}`, ARGV_OUT: out, HOME: sandbox } });
        assert.equal(r.status, 0, `bash ${script.join(" ")}: ${r.stderr}`);
        // The capture is detached (`&`): wait for the fake tcpdump's record.
        for (let t0 = Date.now(); !fs.existsSync(out); await new Promise((res) => setTimeout(res, 20))) {
            if (Date.now() - t0 > 5_000) assert.fail(`tcpdump never ran for ${script.join(" ")}`);
        }
        const argv = fs.readFileSync(out, "utf8").split("\0").slice(0, -1);
        fs.rmSync(out);
        await new Promise((res) => setTimeout(res, 50)); // anything else the shell started has finished too
        return { argv, created: fs.readdirSync(sandbox) };
    };

    /** Both ways the device may split `-c '…'`: a shell parsing `bash <utilCmdArgs>`, or taking the quoted text as is. */
    const bothWays = (utilCmdArgs: string): string[][] => {
        const m = /^-c '([^']*)'$/.exec(utilCmdArgs);
        assert.ok(m, `utilCmdArgs is -c '…' with no single quote inside: ${utilCmdArgs}`);
        return [["-c", `bash ${utilCmdArgs}`], ["-c", m[1]]];
    };

    const BASE = ["-nn", "-i", "0.0", "-s", "0", "-c", "10000", "--remote-dest", "10.1.1.20"];

    for (const filter of [...ORDINARY, ...HOSTILE_PASSED]) {
        it(`${JSON.stringify(filter)}: one argument after --, nothing else happens`, async () => {
            const utilCmdArgs = await sent(["--filter", filter]);
            for (const script of bothWays(utilCmdArgs)) {
                const { argv, created } = await runAsDevice(script);
                assert.deepEqual(argv, [...BASE, "--", filter], utilCmdArgs);
                assert.deepEqual(created, [], `files created by ${utilCmdArgs}`);
            }
        });
    }

    it("the other options reach tcpdump as single arguments too (interface, snap length, count), bounded by timeout", async () => {
        const utilCmdArgs = await sent(["--interface", "/Common/external", "--snap-length", "128", "--count", "5", "--seconds", "7", "--filter", "udp port 53"]);
        assert.match(utilCmdArgs, /^-c 'timeout 7 tcpdump /);
        for (const script of bothWays(utilCmdArgs)) {
            const { argv, created } = await runAsDevice(script);
            assert.deepEqual(argv, ["-nn", "-i", "/Common/external", "-s", "128", "-c", "5", "--remote-dest", "10.1.1.20", "--", "udp port 53"]);
            assert.deepEqual(created, []);
        }
    });

    it("no filter: no -- and no empty argument", async () => {
        const { argv } = await runAsDevice(bothWays(await sent([]))[0]);
        assert.deepEqual(argv, BASE);
    });

    for (const [what, filter] of HOSTILE_REFUSED) {
        it(`refuses ${what}: exit 2 naming --filter, one line, nothing sent`, async () => {
            assert.throws(() => remoteCaptureCommand({ destination: "10.1.1.20", filter }), (e: unknown) => e instanceof ConfigError && e.setting === "filter");
            box.e.clearLog();
            const r = await runCli(main, ["--expect", file, "--filter", filter], { BIGIP_PASSWORD: PASSWORD }, [PASSWORD]);
            assert.equal(r.code, 2, r.out + r.err);
            assert.equal(r.out, "");
            assert.match(r.err, /^remote-capture: Invalid setting "--filter": /);
            assert.equal(r.err.trimEnd().split("\n").length, 1, r.err);
            assert.deepEqual(box.e.log, [], "nothing sent");
        });
    }
});
