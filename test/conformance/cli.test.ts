/**
 * `npm run conformance` as a user runs it, against the emulator: refusals before anything is sent (no
 * --yes-write-to-this-device, no --host, a password on the command line), the report as text and as JSON, the exit codes
 * (0 agree, 4 a disagreement, 2 a foreign partition), the password never printed, and the npm script's wiring.
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { CONFORMANCE_EXIT, main } from "../../stacks/conformance/cli";
import { runCli, runNpmScript } from "../helpers/cli";
import { Emulator, startEmulator } from "../emulator";

const ROOT = path.resolve(__dirname, "../..");
const PASSWORD = "admin-pw";
const conformance = (argv: string[], env: NodeJS.ProcessEnv = { BIGIP_PASSWORD: PASSWORD }) => runCli(main, argv, env, [PASSWORD]);

describe("npm run conformance (command line)", function () {
    this.timeout(120_000);
    let e: Emulator;
    const device = () => ["--host", e.host, "--port", String(e.port), "--fingerprint", e.fingerprint256];
    before(async () => { e = await startEmulator(); e.seed("route", { name: "default", network: "default", gw: "10.0.1.1" }); });
    after(async () => { await e?.close(); });
    beforeEach(() => e.clearLog());

    it("without --yes-write-to-this-device: exit 2 naming it, nothing sent", async () => {
        const r = await conformance(device());
        assert.equal(r.code, 2);
        assert.match(r.err, /^conformance: Invalid setting "--yes-write-to-this-device": is required: the suite writes to 127\.0\.0\.1 \(in partition clone_l3_conformance only, removed after; never saved\)\n$/);
        assert.deepEqual(e.log, []);
    });

    it("without --host, or with a password on the command line, or a partition name that cannot be one: exit 2, nothing sent", async () => {
        assert.match((await conformance(["--yes-write-to-this-device"])).err, /"--host": is required/);
        const pw = await conformance([...device(), "--yes-write-to-this-device", "--password", PASSWORD]);
        assert.equal(pw.code, 2);
        assert.match(pw.err, /"--password": is not accepted/);
        assert.match((await conformance([...device(), "--yes-write-to-this-device", "--partition", "Common"])).err, /"--partition": "Common" must be a new partition name/);
        assert.deepEqual(e.log, []);
    });

    it("the report as text: a line per scenario, what was cleaned up; exit 0", async () => {
        const r = await conformance([...device(), "--yes-write-to-this-device"]);
        assert.equal(r.code, 0, r.out + r.err);
        assert.match(r.out, /^Conformance of the emulator's assumptions, checked on BIG-IP 127\.0\.0\.1:\d+ \(version 14\.1\.2\.1\), in partition clone_l3_conformance/);
        assert.match(r.out, /\n\d+ agree, 0 disagree, 0 errors, \d+ skipped\n/);
        assert.match(r.out, /\nagree {5}arp-mac-unpadded \[Inference, partition\]: .*\n {10}emulator assumes: macAddress 2:a:0:0:0:5\n {10}device did: {7}macAddress 2:a:0:0:0:5\n/);
        assert.match(r.out, /\nskipped {3}dg-pool-synced \[Inference, skipped\]: .*\n {10}not run: an HA pair/);
        assert.match(r.out, /Outside the partition: nothing changed \(listed before and after\)\.\nCleaned up: partition clone_l3_conformance and everything in it removed; the configuration was not saved\./);
        assert.match(r.err, /^agree {5}arp-mac-unpadded$/m, "progress on stderr");
    });

    it("--json: one document a user can attach; exit 4 when the device disagrees, with the exchanges", async () => {
        const other = await startEmulator({ dialect: { unpaddedMacs: false } });
        try {
            const r = await conformance(["--host", other.host, "--port", String(other.port), "--fingerprint", other.fingerprint256, "--yes-write-to-this-device", "--json"]);
            assert.equal(r.code, CONFORMANCE_EXIT.disagree, r.err);
            const report = JSON.parse(r.out);
            assert.equal(report.device.version, "14.1.2.1");
            const arp = report.results.find((x: any) => x.id === "arp-mac-unpadded");
            assert.equal(arp.verdict, "disagree");
            assert.ok(arp.exchanges.length >= 3);
            assert.deepEqual(report.leftovers, []);
            const text = await conformance(["--host", other.host, "--port", String(other.port), "--fingerprint", other.fingerprint256, "--yes-write-to-this-device"]);
            assert.match(text.out, /\nDISAGREE {2}arp-mac-unpadded/);
            assert.match(text.out, /Requests and answers of each disagreement or error \(credentials scrubbed\):\n-- arp-mac-unpadded\n {3}POST tm\/net\/vlan/);
        } finally { await other.close(); }
    });

    it("a foreign partition of that name: exit 2 naming --partition, nothing written", async () => {
        const other = await startEmulator({ folders: ["theirs"] });
        try {
            const r = await conformance(["--host", other.host, "--port", String(other.port), "--fingerprint", other.fingerprint256, "--yes-write-to-this-device", "--partition", "theirs"]);
            assert.equal(r.code, 2);
            assert.match(r.err, /"--partition": partition theirs exists and is not the suite's/);
            assert.deepEqual(other.log.filter((l) => l.method !== "GET" && l.path.startsWith("/mgmt/tm/")), []);
        } finally { await other.close(); }
    });

    it("npm run conformance -- --help: the script's wiring, as a newcomer runs it", async () => {
        const { status, stdout } = await runNpmScript("conformance", ["--help"], ROOT);
        assert.equal(status, 0);
        assert.match(stdout, /^usage: npm run conformance -- --host HOST --yes-write-to-this-device/);
    });
});
