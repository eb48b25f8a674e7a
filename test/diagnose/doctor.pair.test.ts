/**
 * Issue 16: `npm run doctor` on an existing HA pair. The clone path is built on the emulator's device group by the
 * component's own registered resources through the real provider host (as test/cloneAcrossL3/pair.test.ts does), the
 * expectation is the component's own `doctor` output (with its new optional `peer`), pointed at the emulators. Through
 * the library entry (doctorPair + renderDoctorPairReport), then once through the CLI: healthy → every link ✓ on both
 * units and the active one named; a pool missing on the standby → the config-sync finding; iptunnel.configsync enable
 * on one unit → named; after a failover the other unit is active; the peer unreachable → named, the first still checked.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ConfigError } from "../../components/common/errors";
import { closeSessions, resetReadiness } from "../../components/bigip/rest";
import { DoctorExpectation } from "../../components/diagnose/expect";
import { doctorPair, DoctorPairReport, parseDoctorExpectation, renderDoctorPairReport } from "../../components/diagnose/doctor";
import { main } from "../../stacks/doctor/cli";
import { failFastIfRefused } from "../../stacks/cli/device";
import { Pair, startPair } from "../emulator/deviceGroup";
import { Emulator } from "../emulator";
import { behindOurBack, connOf } from "../bigip/objects/harness";
import { endHostRun } from "../bigip/objects/engine";
import { promiseOf } from "../helpers/mocks";
import { runCli } from "../helpers/cli";
import { Built, FINGERPRINT, NAME, build, byoBigip, captureRegistrationErrors, dynamicResources } from "../cloneAcrossL3/fixture";
import { engines, realisticMocks, up } from "../cloneAcrossL3/onDevice";

const PEER = { host: "192.0.2.11", tls: { fingerprint256: FINGERPRINT }, tunnelSourceIp: "10.0.2.6" };
const POOL = `/Common/${NAME}-collector-pool`;

/** The ✗ lines: `unit (role) label`, in report order. */
const crosses = (text: string) => [...text.matchAll(/^ +✗ (\S+ \(\S+\)) +(.+?) {2,}/gm)].map((m) => `${m[1]} ${m[2]}`);

describe("npm run doctor on an HA pair (emulated device group, the component's providers)", function () {
    this.timeout(120_000);
    captureRegistrationErrors();
    let pair: Pair;
    let b: Built;
    let stackDoctor: DoctorExpectation;
    let exp: DoctorExpectation;
    const device = (e: Emulator) => ({ host: e.host, port: e.port, username: "admin", tls: { fingerprint256: e.fingerprint256 } });
    const run = async (): Promise<{ r: DoctorPairReport; text: string }> => {
        const r = await doctorPair([{ conn: connOf(pair.units[0]) }, { conn: connOf(pair.units[1], { readinessTimeoutMs: 1000 }) }], exp, (c) => failFastIfRefused(c));
        return { r, text: renderDoctorPairReport(r) };
    };

    before(async () => {
        const m = await realisticMocks();
        b = await build(m, byoBigip({ peer: PEER as any }, { tunnelMtu: 1500, cloneTargets: [{ virtualServer: "app_vs", context: "clientside" }] }));
        pair = await startPair({ autoSync: true });
        resetReadiness();
        for (const [u, source] of [[0, "10.0.2.5"], [1, "10.0.2.6"]] as const) {
            const e = pair.units[u];
            e.seed("vlan", { name: "data", mtu: 9001, interfaces: [{ name: "1.1", untagged: true }] });
            e.seed("selfIp", { name: "data-self", address: `${source}/24`, vlan: "/Common/data", trafficGroup: "/Common/traffic-group-local-only" });
        }
        // Synced kinds (the route outside /LOCAL_ONLY too): on the first unit, copied to the peer by config-sync.
        pair.units[0].seed("route", { name: "to-collectors", network: "10.1.0.0/16", gw: "10.0.2.1" });
        pair.units[0].seed("pool", { name: "app_pool" });
        pair.units[0].seed("virtual", { name: "app_vs", destination: "/Common/10.0.2.200:443", pool: "/Common/app_pool" });
        pair.configSync(0);
        for (const e of pair.units) await behindOurBack(e, (s) => s.put("tm/sys/db/iptunnel.configsync", { value: "disable" }));
        await up(engines((r) => pair.units[r.inputs.connection.host === PEER.host ? 1 : 0], b, dynamicResources(b.m)));
        await endHostRun(true); await closeSessions();
        stackDoctor = await promiseOf(b.c.doctor);
        exp = { ...stackDoctor, device: device(pair.units[0]), peer: { ...stackDoctor.peer!, device: device(pair.units[1]) } };
    });
    after(async () => { await pair?.close(); });

    it("the stack's doctor output carries the peer: its device (no password), its tunnel source, its overlay self IP per path", () => {
        assert.deepEqual(stackDoctor.peer, {
            device: { host: PEER.host, port: 443, username: "admin", tls: PEER.tls }, tunnelSourceIp: "10.0.2.6",
            paths: [{ collector: "collector", bigipOverlay: "10.254.0.3/29" }],
        });
        assert.equal(stackDoctor.paths[0].bigipOverlay, "10.254.0.1/29");
        assert.ok(!JSON.stringify(stackDoctor).includes("Pa55word"));
        // As a file: read back the same; one without `peer` (0.2.0/0.3.0) is still read, as one BIG-IP.
        assert.deepEqual(parseDoctorExpectation(JSON.parse(JSON.stringify({ doctor: stackDoctor }))).peer, stackDoctor.peer);
        const { peer: _p, ...old } = stackDoctor;
        assert.equal("peer" in parseDoctorExpectation(JSON.parse(JSON.stringify(old))), false);
        assert.throws(() => parseDoctorExpectation({ ...stackDoctor, peer: { ...stackDoctor.peer, paths: [] } }),
            (e: unknown) => e instanceof ConfigError && /"peer\.paths": has no entry for collector "collector"/.test(e.message));
        assert.throws(() => parseDoctorExpectation({ ...stackDoctor, peer: { ...stackDoctor.peer, tunnelSourceIp: "10.0.2" } }), /"peer\.tunnelSourceIp": must be an IP address/);
    });

    it("healthy: every link ✓ on both units, each against its own tunnel source and overlay self IP; bigip1 named active", async () => {
        const { r, text } = await run();
        assert.equal(r.ok, true, text);
        assert.equal(r.active, "bigip1");
        assert.deepEqual(r.units.map((u) => [u.tag, u.failover.status, u.tunnelSync.status]), [["bigip1 (active)", "ok", "ok"], ["bigip2 (standby)", "ok", "ok"]]);
        assert.deepEqual(crosses(text), []);
        assert.match(text, /^ {2}✓ pair +active unit +bigip1 \(active\) is active: its clone path clones now; bigip2 \(standby\)$/m);
        // Every check line names its unit; each link appears once per unit.
        const checks = text.split("\n").filter((l) => /^ +[✓⚠✗?] /.test(l));
        assert.ok(checks.every((l) => /^ +[✓⚠✗?] (bigip1 \(active\) |bigip2 \(standby\)|pair)/.test(l)), checks.join("\n"));
        for (const [unit, source, self] of [["bigip1 \\(active\\) ", "10.0.2.5", "10.254.0.1/29"], ["bigip2 \\(standby\\)", "10.0.2.6", "10.254.0.3/29"]]) {
            for (const l of ["source self IP", "path MTU", "tunnel profile", "tunnel", "tunnel self IP", "static ARP", "FDB record", "pool member", "walk", "tunnel sync"]) {
                assert.equal((text.match(new RegExp(`^ +✓ ${unit} +${l} {2,}\\S`, "gm")) ?? []).length, 1, `${unit} ${l}`);
            }
            assert.match(text, new RegExp(`✓ ${unit} +tunnel {2,}tunnel /Common/${NAME}-collector: ${source.replace(/\./g, "\\.")} → `));
            assert.match(text, new RegExp(`✓ ${unit} +tunnel self IP {2,}self IP \\S+ ${self} on tunnel`));
        }
        assert.match(text, /✓ bigip2 \(standby\) +\/Common\/app_vs clientside {2}→ \/Common\/l3-collector-pool/);
        assert.match(text, /\nResult: HEALTHY: every link of 1 clone path holds on both units; bigip1 is active \(/);
    });

    it("the pool missing on the standby: ✗ there only, as config-sync not done, with the sync command as the fix", async () => {
        await behindOurBack(pair.units[1], async (s) => {
            await s.patch("tm/ltm/virtual/~Common~app_vs", { clonePools: [] });
            await s.delete(`tm/ltm/pool/${POOL.replace(/\//g, "~")}`);
        });
        let got: Awaited<ReturnType<typeof run>>;
        try {
            got = await run();
        } finally {
            pair.configSync(0);
        }
        const { r, text } = got;
        assert.equal(r.ok, false);
        assert.deepEqual(crosses(text), ["bigip2 (standby) pool member", "bigip2 (standby) /Common/app_vs clientside"], text);
        assert.match(text, /✗ bigip2 \(standby\) +pool member {2,}there is no pool \/Common\/l3-collector-pool: nothing to clone to — but it holds on bigip1 \(active\): config-sync has not copied/);
        assert.match(text, /\n {8}fix: on bigip1 \(127\.0\.0\.1:\d+\): tmsh run cm config-sync to-group <device group>/);
        assert.match(text, /Result: BROKEN: bigip2 \(standby\) collector pool member; bigip2 \(standby\) attachment \/Common\/app_vs clientside; bigip1 is active/);
        assert.equal((await run()).r.ok, true, "healthy again after the sync");
    });

    it("iptunnel.configsync enable on one unit: ✗ tunnel sync on that unit, named, with the fix", async () => {
        await behindOurBack(pair.units[1], (s) => s.put("tm/sys/db/iptunnel.configsync", { value: "enable" }));
        let got: Awaited<ReturnType<typeof run>>;
        try {
            got = await run();
        } finally {
            await behindOurBack(pair.units[1], (s) => s.put("tm/sys/db/iptunnel.configsync", { value: "disable" }));
        }
        assert.deepEqual(crosses(got.text), ["bigip2 (standby) tunnel sync"], got.text);
        assert.match(got.text, /✗ bigip2 \(standby\) +tunnel sync {2,}sys db iptunnel\.configsync is "enable": .*\n +fix: on bigip2 \(standby\): tmsh modify sys db iptunnel\.configsync value disable/);
        assert.match(got.text, /✓ bigip1 \(active\) +tunnel sync {2,}sys db iptunnel\.configsync disable/);
    });

    it("after a failover the other unit is reported active, and both still hold the clone path", async () => {
        pair.failover();
        let got: Awaited<ReturnType<typeof run>>;
        try {
            got = await run();
        } finally {
            pair.failover();
        }
        assert.equal(got.r.ok, true, got.text);
        assert.equal(got.r.active, "bigip2");
        assert.match(got.text, /✓ bigip2 \(active\) +failover {2,}cm\/failover-status ACTIVE \(active for \/Common\/traffic-group-1\)/);
        assert.match(got.text, /✓ bigip1 \(standby\) +failover {2,}cm\/failover-status STANDBY/);
        assert.match(got.text, /Result: HEALTHY: .*; bigip2 is active/);
    });

    it("both units ACTIVE, or neither: a warning saying so", async () => {
        pair.units[1].setFailoverStatus("ACTIVE");
        let got: Awaited<ReturnType<typeof run>>;
        try {
            got = await run();
        } finally {
            pair.units[1].setFailoverStatus("STANDBY");
        }
        assert.equal(got.r.active, undefined);
        assert.match(got.text, /⚠ pair +active unit +bigip1 and bigip2 both report ACTIVE/);
        pair.units[0].setFailoverStatus("STANDBY");
        try {
            got = await run();
        } finally {
            pair.units[0].setFailoverStatus("ACTIVE");
        }
        assert.match(got.text, /⚠ pair +active unit +neither unit reports ACTIVE: nothing is cloned until one is/);
        assert.match(got.text, /Result: HEALTHY: .*; no single active unit \(.* 1 ⚠/);
    });

    it("one CLI run: the expectation file with the peer, both units, exit 0; a wrong peer password names BIGIP_PEER_PASSWORD, bigip1 still checked, exit 3", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doctor-pair-"));
        try {
            const file = path.join(dir, "stack-output.json");
            fs.writeFileSync(file, JSON.stringify({ doctor: exp }));
            const ok = await runCli(main, ["--expect", file], { BIGIP_PASSWORD: "admin-pw" }, ["admin-pw"]);
            assert.equal(ok.code, 0, ok.out + ok.err);
            assert.match(ok.out, /^Clone-path doctor on an HA pair/);
            assert.match(ok.out, /Result: HEALTHY: every link of 1 clone path holds on both units; bigip1 is active/);
            const bad = await runCli(main, ["--expect", file], { BIGIP_PASSWORD: "admin-pw", BIGIP_PEER_PASSWORD: "wrong-horse-battery" }, ["admin-pw", "wrong-horse-battery"]);
            assert.equal(bad.code, 3, bad.out + bad.err);
            assert.match(bad.out, /✗ bigip2 \(unreachable\) +device {2,}authentication failed: .* refused user admin with the password from BIGIP_PEER_PASSWORD/);
            assert.match(bad.out, /✓ bigip1 \(active\) +tunnel self IP/);
            assert.match(bad.err, /^doctor: bigip2 \(unreachable\): authentication failed/);
            // --peer-* override the file's peer.device (as the plain options do device), checked the same way.
            const elsewhere = path.join(dir, "elsewhere.json");
            fs.writeFileSync(elsewhere, JSON.stringify({ doctor: { ...exp, peer: { ...exp.peer, device: { host: "192.0.2.1", port: 1, username: "admin", tls: { fingerprint256: "AA:BB" } } } } }));
            const u1 = pair.units[1];
            const over = await runCli(main, ["--expect", elsewhere, "--peer-host", u1.host, "--peer-port", String(u1.port), "--peer-fingerprint", u1.fingerprint256], { BIGIP_PASSWORD: "admin-pw" });
            assert.equal(over.code, 0, over.out + over.err);
            const usage = await runCli(main, ["--expect", elsewhere, "--peer-port", "99999"], { BIGIP_PASSWORD: "admin-pw" });
            assert.equal(usage.code, 2);
            assert.match(usage.err, /"--peer-port": must be a TCP port 1\.\.65535/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("the peer unreachable (its emulator closed): its lines say so, bigip1 is still checked, not healthy", async () => {
        await pair.units[1].close();
        const { r, text } = await run();
        assert.equal(r.ok, false);
        assert.equal(r.units[1].error?.failure, "unreachable");
        assert.equal(r.units[0].report?.ok, true);
        assert.match(text, /✗ bigip2 \(unreachable\) +device {2,}cannot reach the BIG-IP at 127\.0\.0\.1:\d+: connection refused/);
        assert.match(text, /\? bigip2 \(unreachable\) +not checked {2,}the unit could not be read/);
        assert.match(text, /✓ bigip1 \(active\) +static ARP/);
        assert.match(text, /⚠ pair +active unit|✓ pair +active unit +bigip1 \(active\) is active/);
        assert.match(text, /Result: BROKEN: bigip2 \(unreachable\) not read; bigip1 is active/);
    });
});
