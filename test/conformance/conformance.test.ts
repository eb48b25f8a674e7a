/**
 * Issue 17: the conformance suite against the emulator, as CI runs it. Every scenario agrees (that is the emulator's
 * claim), and the safety rules hold: its own partition, created and removed; a foreign partition refused with nothing
 * written; nothing outside the partition changed; an interrupt or a failure mid-run leaves the device as before; the
 * configuration never saved. A device that spells differently is reported as a disagreement with its raw exchanges.
 */
import * as assert from "node:assert/strict";
import { withDeviceSession } from "../../components/bigip/rest";
import { ConfigError } from "../../components/common/errors";
import { runConformance } from "../../components/diagnose/conformance/run";
import { PARTITION_MARKER } from "../../components/diagnose/conformance/safety";
import { SCENARIOS } from "../../components/diagnose/conformance/scenarios";
import { ConformanceReport } from "../../components/diagnose/conformance/types";
import { Scenario } from "../../components/diagnose/conformance/types";
import { Emulator, EmulatorOptions, startEmulator } from "../emulator";
import { startPair } from "../emulator/deviceGroup";
import { connOf } from "../bigip/objects/harness";

/** A device as a user has one: a default route, a VLAN, a self IP, a pool and a virtual of its own in /Common. */
function ownConfiguration(e: Emulator): void {
    e.seed("vlan", { name: "external", tag: 4094, mtu: 9001, interfaces: [{ name: "1.1", untagged: true }] });
    e.seed("selfIp", { name: "external-self", address: "10.0.2.10/24", vlan: "/Common/external" });
    e.seed("route", { name: "default", network: "default", gw: "10.0.2.1" });
    e.seed("pool", { name: "app_pool", members: [{ name: "10.0.2.50:80", address: "10.0.2.50" }] });
    e.seed("virtual", { name: "app_vs", destination: "/Common/10.0.2.100:443", pool: "/Common/app_pool" });
}

async function device(opts: EmulatorOptions = {}): Promise<{ e: Emulator; before: Record<string, unknown> }> {
    const e = await startEmulator(opts);
    ownConfiguration(e);
    return { e, before: e.snapshot() };
}

const run = (e: Emulator, opts: Parameters<typeof runConformance>[2] = {}) =>
    withDeviceSession(connOf(e), "conformance", (s) => runConformance(s, { host: e.host, port: e.port }, opts));

/** The device is as it was: every object (generations aside), no partition left, never saved. */
function asBefore(e: Emulator, before: Record<string, unknown>, savedGeneration: number): void {
    const strip = (snap: Record<string, unknown>) => JSON.stringify(Object.keys(snap).sort().map((k) => [k, snap[k]]));
    assert.equal(strip(e.snapshot()), strip(before));
    assert.deepEqual([...e.store.folders].sort(), ["Common"]);
    assert.equal(e.savedGeneration, savedGeneration, "the configuration was never saved");
    assert.ok(!e.log.some((l) => /sys\/config/.test(l.path)), "no sys config request");
}

describe("npm run conformance: the suite against the emulator (issue 17)", function () {
    this.timeout(120_000);

    for (const version of ["14.1.2.1", "16.1.0"]) {
        describe(`the emulator started as ${version}`, () => {
            let e: Emulator;
            let initial: Record<string, unknown>;
            let saved: number;
            let report: ConformanceReport;
            before(async () => {
                ({ e, before: initial } = await device({ version }));
                saved = e.savedGeneration;
                report = await run(e);
            });
            after(async () => { await e?.close(); });

            it("every scenario that runs on one device agrees; the others say why they are skipped", () => {
                const wrong = report.results.filter((r) => r.verdict !== "agree" && r.verdict !== "skipped");
                assert.deepEqual(wrong.map((r) => `${r.id}: ${r.observed ?? r.note}`), []);
                assert.deepEqual(report.results.map((r) => r.id), SCENARIOS.map((s) => s.id));
                for (const r of report.results.filter((x) => x.verdict === "skipped")) assert.ok(r.note && r.scope === "skipped", r.id);
                assert.ok(report.results.filter((r) => r.verdict === "agree").length >= 20);
            });

            it("the report names the device's version; nothing outside the partition changed; nothing left", () => {
                assert.equal(report.device.version, version);
                assert.deepEqual(report.outsideChanges, []);
                assert.deepEqual(report.leftovers, []);
                assert.equal(report.interrupted, false);
            });

            it("writes went to the suite's partition only, which is gone; the device is as before and unsaved", () => {
                const writes = e.log.filter((l) => l.method !== "GET" && l.path.startsWith("/mgmt/tm/") && !l.path.startsWith("/mgmt/tm/transaction")
                    && l.path !== "/mgmt/tm/util/bash");
                assert.ok(writes.length > 20);
                for (const w of writes) {
                    const body = JSON.stringify(w.body ?? "");
                    assert.ok(w.path.includes("clone_l3_conformance") || body.includes("clone_l3_conformance"), `${w.method} ${w.path} ${body}`);
                }
                // util/bash: tmsh on the suite's own objects only, and the ping from its own self IP.
                for (const run of e.bashRuns()) {
                    assert.ok(/^-c 'ping -c 1 -W 1 -M do -s 64 -I 198\.18\.200\.\d+ 198\.18\.200\.\d+ 2>&1'$/.test(run)
                        || (/^-c 'tmsh modify ltm virtual \/clone_l3_conformance\//.test(run) && !/\/Common\//.test(run)), run);
                }
                // No observation carries the run's random name prefix (a report must compare with another run's).
                for (const r of report.results) assert.ok(!String(r.observed ?? "").includes(report.runId), `${r.id}: ${r.observed}`);
                asBefore(e, initial, saved);
            });
        });
    }

    it("a partition that exists and is not the suite's: refused naming --partition, nothing written", async () => {
        const { e, before } = await device({ folders: ["clone_l3_conformance"] });
        try {
            e.clearLog();
            await assert.rejects(run(e), (x: unknown) => x instanceof ConfigError && x.setting === "--partition" && /exists and is not the suite's/.test(x.message));
            assert.deepEqual(e.log.filter((l) => l.method !== "GET" && l.path.startsWith("/mgmt/tm/")), []);
            assert.deepEqual(e.snapshot(), before);
        } finally { await e.close(); }
    });

    it("the suite's own partition left by an earlier run: what is in it is removed first, and the run goes on", async () => {
        const { e, before } = await device();
        try {
            await withDeviceSession(connOf(e), "leftover", async (s) => {
                await s.post("tm/auth/partition", { name: "clone_l3_conformance", description: PARTITION_MARKER });
                await s.post("tm/net/vlan", { name: "old-run-vlan", partition: "clone_l3_conformance" });
            });
            const report = await run(e, { scenarios: SCENARIOS.slice(0, 2) });
            assert.deepEqual(report.results.map((r) => r.verdict), ["agree", "agree"]);
            assert.deepEqual(report.leftovers, []);
            asBefore(e, before, e.savedGeneration);
        } finally { await e.close(); }
    });

    it("interrupted mid-run: stops after the scenario in flight, cleans up, and says so", async () => {
        const { e, before } = await device();
        try {
            const saved = e.savedGeneration;
            const ac = new AbortController();
            let seen = 0;
            const report = await run(e, { signal: ac.signal, onResult: () => { if (++seen === 3) ac.abort(); } });
            assert.equal(report.interrupted, true);
            assert.equal(report.results.length, 3);
            assert.deepEqual(report.leftovers, []);
            asBefore(e, before, saved);
        } finally { await e.close(); }
    });

    it("a failure mid-run: the scenario is an error with its exchanges, the others run, the device is as before", async () => {
        const { e, before } = await device();
        try {
            const saved = e.savedGeneration;
            e.failNext({ method: "POST", path: /^\/mgmt\/tm\/net\/tunnels\/tunnel$/ }, 400, "01070734:3: Configuration error: injected by the test");
            const report = await run(e);
            const failed = report.results.filter((r) => r.verdict === "error");
            assert.deepEqual(failed.map((r) => r.id), ["fdb-record-name-written"]);
            assert.match(failed[0].note!, /injected by the test/);
            assert.ok(failed[0].exchanges!.some((x) => x.status === 400 && /injected/.test(String(x.answer))));
            assert.ok(report.results.filter((r) => r.verdict === "agree").length >= 19);
            assert.deepEqual(report.leftovers, []);
            asBefore(e, before, saved);
        } finally { await e.close(); }
    });

    it("a crash of the program mid-run (the loop throws): cleanup still runs before the error goes on", async () => {
        const { e, before } = await device();
        try {
            const saved = e.savedGeneration;
            await assert.rejects(run(e, { onResult: (r) => { if (r.id === "vlan-auto-tag") throw new Error("crash"); } }), /crash/);
            asBefore(e, before, saved);
        } finally { await e.close(); }
    });

    it("a device in a device group of its own: refused before anything is written (its partition would be synced)", async () => {
        const pair = await startPair({ autoSync: true });
        try {
            const e = pair.units[0];
            const snap = e.snapshot();
            await assert.rejects(run(e), (x: unknown) => x instanceof ConfigError && x.setting === "--host"
                && /device group \/Common\/failoverGroup \(sync-failover\).*run it on a standalone lab device\. Nothing was written/.test(x.message));
            assert.deepEqual(e.log.filter((l) => l.method !== "GET" && l.path.startsWith("/mgmt/tm/")), []);
            assert.deepEqual(e.snapshot(), snap);
        } finally { await pair.close(); }
    });

    for (const [what, seed, named] of [
        ["a self IP", (e: Emulator) => e.seed("selfIp", { name: "lab-self", address: "198.18.201.1/24", vlan: "/Common/external" }), "198.18.201.1/24 (self IP /Common/lab-self)"],
        ["a route", (e: Emulator) => e.seed("route", { name: "lab-net", network: "198.18.0.0/15", gw: "10.0.2.1" }), "198.18.0.0/15 (route /Common/lab-net)"],
        // Any spelling of the suite's IPv6 block counts (compared as addresses, not text).
        ["an IPv6 self IP", (e: Emulator) => e.seed("selfIp", { name: "lab-v6", address: "2001:0db8:0c13:0000:0000:0000:0000:0009/64", vlan: "/Common/external" }),
            "2001:0db8:0c13:0000:0000:0000:0000:0009/64 (self IP /Common/lab-v6)"],
    ] as [string, (e: Emulator) => void, string][]) {
        it(`a device that already uses the suite's addresses (${what}): refused naming it, nothing written`, async () => {
            const { e } = await device();
            try {
                seed(e);
                e.clearLog();
                await assert.rejects(run(e), (x: unknown) => x instanceof ConfigError && x.message.includes(`the device already uses ${named}`));
                assert.deepEqual(e.log.filter((l) => l.method !== "GET" && l.path.startsWith("/mgmt/tm/")), []);
            } finally { await e.close(); }
        });
    }

    it("a disagreement's exchanges: no password, none of the device's own objects (only the suite's, and a count)", async () => {
        const { e } = await device();
        try {
            // A scenario that writes the password into a description and lists every VLAN, and disagrees.
            const nosy: Scenario = {
                id: "nosy", behaviour: "test only", evidence: "Inference", source: "test", scope: "partition", assumes: "never",
                async run(ctx) {
                    await ctx.s.post("tm/net/vlan", { name: ctx.name("nosy"), partition: ctx.partition, description: "admin-pw" });
                    ctx.created(`tm/net/vlan/~${ctx.partition}~${ctx.name("nosy")}`);
                    const all = await ctx.s.get("tm/net/vlan");
                    return { observed: `${all.items.length} VLANs` };
                },
            };
            const report = await run(e, { scenarios: [nosy] });
            const [r] = report.results;
            assert.equal(r.verdict, "disagree");
            const text = JSON.stringify(report);
            assert.ok(!text.includes("admin-pw"), "the password is scrubbed");
            assert.ok(!text.includes("/Common/external"), "the device's own VLAN is left out");
            const list = r.exchanges!.find((x) => x.method === "GET" && x.path === "tm/net/vlan")!.answer as any;
            assert.equal(list.itemsLeftOut, 1);
            assert.deepEqual(list.items.map((i: any) => i.partition), ["clone_l3_conformance"]);
            assert.deepEqual(report.leftovers, []);
        } finally { await e.close(); }
    });

    it("a device that spells differently: a disagreement, with the raw request and answer", async () => {
        const { e } = await device({ dialect: { unpaddedMacs: false } });
        try {
            const report = await run(e, { scenarios: SCENARIOS.filter((s) => s.id === "arp-mac-unpadded") });
            const [r] = report.results;
            assert.equal(r.verdict, "disagree");
            assert.equal(r.observed, "macAddress 02:0A:00:00:00:05");
            assert.ok(r.exchanges!.some((x) => x.method === "GET" && /net\/arp/.test(x.path) && JSON.stringify(x.answer).includes("02:0A:00:00:00:05")));
        } finally { await e.close(); }
    });
});
