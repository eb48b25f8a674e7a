/**
 * Issue 17.4: a report from a device becomes a test of the emulator started as that device's version. Every report in
 * test/conformance/reports/ is replayed; the mechanism itself is proven with a report made from a device that spells
 * MACs differently (it must be caught) and one made from the emulator itself (it must pass).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { withDeviceSession } from "../../components/bigip/rest";
import { reportMismatches } from "../../components/diagnose/conformance/compare";
import { runConformance } from "../../components/diagnose/conformance/run";
import { SCENARIOS } from "../../components/diagnose/conformance/scenarios";
import { ConformanceReport } from "../../components/diagnose/conformance/types";
import { EmulatorOptions, startEmulator } from "../emulator";
import { connOf } from "../bigip/objects/harness";

const REPORTS = path.join(__dirname, "reports");

/** The suite on a fresh emulator (with a default route, as every BIG-IP has), limited to the scenarios `ids`. */
async function emulatorReport(opts: EmulatorOptions, ids?: string[]): Promise<ConformanceReport> {
    const e = await startEmulator(opts);
    try {
        e.seed("route", { name: "default", network: "default", gw: "10.0.1.1" });
        const scenarios = ids ? SCENARIOS.filter((s) => ids.includes(s.id)) : SCENARIOS;
        return await withDeviceSession(connOf(e), "conformance", (s) => runConformance(s, { host: e.host, port: e.port }, { scenarios }));
    } finally { await e.close(); }
}

/** The emulator, started as the report's version, observes what the device did. */
async function replay(device: ConformanceReport): Promise<string[]> {
    const ran = device.results.filter((r) => r.observed !== undefined).map((r) => r.id);
    return reportMismatches(device, await emulatorReport({ version: device.device.version }, ran));
}

describe("conformance reports from devices, replayed against the emulator as that version", function () {
    this.timeout(120_000);

    it("the mechanism: a device that spells MACs padded is caught, scenario named; the emulator's own report passes", async () => {
        const padded = await emulatorReport({ version: "15.1.0", dialect: { unpaddedMacs: false } });
        assert.equal(padded.device.version, "15.1.0");
        assert.deepEqual(await replay(padded), ['arp-mac-unpadded: device "macAddress 02:0A:00:00:00:05" / emulator "macAddress 2:a:0:0:0:5"']);
        assert.deepEqual(await replay(await emulatorReport({ version: "15.1.0" })), []);
    });

    const files = fs.readdirSync(REPORTS).filter((f) => f.endsWith(".json"));
    it(`every stored report (${files.length} now) is a JSON conformance report`, () => {
        for (const f of files) {
            const r = JSON.parse(fs.readFileSync(path.join(REPORTS, f), "utf8")) as ConformanceReport;
            assert.ok(typeof r.device?.version === "string" && Array.isArray(r.results), f);
        }
    });
    for (const f of files) {
        it(`${f}: the emulator as ${f}'s version observes what that device did`, async () => {
            const r = JSON.parse(fs.readFileSync(path.join(REPORTS, f), "utf8")) as ConformanceReport;
            assert.deepEqual(await replay(r), []);
        });
    }
});
