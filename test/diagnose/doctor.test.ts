/**
 * diagnose() on synthetic device objects, shaped as iControl REST returns them (14.1.2.1 captures: route-domain
 * `%0` suffixes, MACs the way the device may spell them, a single monitor with a trailing space), and
 * renderDoctorReport / parseDoctorExpectation. The same links on a real provider-built device: doctor.device.test.ts.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { diagnose, DoctorDeviceState, DoctorReport, parseDoctorExpectation, renderDoctorReport } from "../../components/diagnose/doctor";
import { DoctorExpectation } from "../../components/diagnose/expect";
import { ConfigError } from "../../components/common/errors";

const FIXTURES = path.resolve(__dirname, "../../../shared/fixtures/bigip");
const cloneStatsFixture = () => JSON.parse(fs.readFileSync(path.join(FIXTURES, "net-clone-stats.14.1.2.1.json"), "utf8"));

const MAC = "02:5e:10:0a:0b:0c";
const obj = (name: string, props: Record<string, unknown> = {}) => ({ name, partition: "Common", fullPath: `/Common/${name}`, ...props });

export function expectation(): DoctorExpectation {
    return {
        device: { host: "192.0.2.10", port: 443, username: "admin", tls: { fingerprint256: "AA:BB" } },
        tunnelSourceIp: "10.0.2.5",
        paths: [
            { collector: "ids1", tunnel: "/Common/clone-ids1", pool: "/Common/clone-ids1-pool", collectorIp: "10.1.1.20", collectorMac: MAC,
                collectorOverlayIp: "10.254.0.2", bigipOverlay: "10.254.0.1/29", encapsulation: "gre", key: 0, mtu: 8963, requiredMtu: 9001 },
            { collector: "ids2", tunnel: "/Common/clone-ids2", pool: "/Common/clone-ids2-pool", collectorIp: "10.1.1.21", collectorMac: "02:5e:10:00:00:02",
                collectorOverlayIp: "10.254.0.10", bigipOverlay: "10.254.0.9/29", encapsulation: "vxlan", key: 100, mtu: 8951, requiredMtu: 9001 },
        ],
        attachments: [
            { virtualServer: "/Common/app_vs", context: "clientside", pool: "/Common/clone-ids1-pool" },
            { virtualServer: "/Common/app_vs", context: "serverside", pool: "/Common/clone-ids2-pool" },
        ],
    };
}

/** A healthy device as GETs return it, with the spellings a device may use: `%0`, unpadded upper-case MACs. */
export function healthy(): DoctorDeviceState {
    return {
        selfIps: [
            obj("external-self", { address: "10.0.2.5%0/24", vlan: "/Common/external" }),
            obj("clone-ids1-self", { address: "10.254.0.1%0/29", vlan: "/Common/clone-ids1" }),
            obj("clone-ids2-self", { address: "10.254.0.9/29", vlan: "/Common/clone-ids2" }),
        ],
        vlans: [obj("external", { mtu: 9001 })],
        routes: [obj("to-collectors", { network: "10.1.0.0%0/16", gw: "10.0.2.1%0" })],
        tunnels: [
            obj("clone-ids1", { profile: "/Common/clone-ids1-profile", localAddress: "10.0.2.5%0", remoteAddress: "10.1.1.20%0", key: 0, mtu: 8963, mode: "bidirectional" }),
            obj("clone-ids2", { profile: "/Common/clone-ids2-profile", localAddress: "10.0.2.5", remoteAddress: "10.1.1.21", key: 100, mtu: 8951 }),
        ],
        greProfiles: [obj("gre", { encapsulation: "standard" }), obj("clone-ids1-profile", { defaultsFrom: "/Common/gre", encapsulation: "transparent-ethernet-bridging" })],
        // Our profile inherits the port from the built-in parent.
        vxlanProfiles: [obj("vxlan", { port: 4789, encapsulationType: "vxlan" }), obj("clone-ids2-profile", { defaultsFrom: "/Common/vxlan", floodingType: "none" })],
        arps: [
            obj("clone-ids1-arp", { ipAddress: "10.254.0.2%0", macAddress: "2:5E:10:A:B:C" }),
            obj("clone-ids2-arp", { ipAddress: "10.254.0.10", macAddress: "02:5e:10:00:00:02" }),
        ],
        fdbTunnels: [
            obj("clone-ids1", { recordsReference: { isSubcollection: true, items: [{ name: "02:5E:10:0A:0B:0C", endpoint: "10.1.1.20%0" }] } }),
            obj("clone-ids2", { records: [{ name: "2:5e:10:0:0:2", endpoint: "10.1.1.21" }] }),
        ],
        pools: [
            obj("clone-ids1-pool", { membersReference: { items: [{ name: "10.254.0.2%0:0", address: "10.254.0.2%0", monitor: "default", session: "user-enabled", state: "unchecked" }] } }),
            obj("clone-ids2-pool", { monitor: "", members: [{ name: "/Common/10.254.0.10:0", address: "10.254.0.10", session: "monitor-enabled", state: "up" }] }),
        ],
        virtuals: [obj("app_vs", { clonePools: [
            { name: "clone-ids1-pool", partition: "Common", context: "clientside" },
            { name: "clone-ids2-pool", partition: "Common", context: "serverside" },
        ] })],
        cloneStats: cloneStatsFixture(),
        version: "14.1.2.1",
    };
}

const checkOf = (r: DoctorReport, collector: string, link: string) => r.paths.find((p) => p.collector === collector)!.checks.find((c) => c.link === link)!;
const failing = (r: DoctorReport) => [
    ...r.paths.flatMap((p) => p.checks.filter((c) => c.status === "fail").map((c) => `${p.collector}:${c.link}`)),
    ...r.attachments.filter((c) => c.status === "fail").map((c) => `attachment:${c.label}`),
];

/** Breaks the healthy device with `change` and returns the report. */
function broken(change: (d: DoctorDeviceState) => void): DoctorReport {
    const d = healthy();
    change(d);
    return diagnose(d, expectation());
}

describe("doctor: diagnose() on device objects", () => {
    it("a healthy device: every link ✓ on both paths (GRE-TEB and VXLAN), despite %0 suffixes and unpadded upper-case MACs", () => {
        const r = diagnose(healthy(), expectation());
        assert.deepEqual(failing(r), []);
        assert.equal(r.ok, true);
        for (const p of r.paths) {
            assert.deepEqual(p.checks.filter((c) => c.status !== "ok").map((c) => c.link), [], p.collector);
            assert.deepEqual(p.checks.map((c) => c.link), ["source-self-ip", "source-vlan", "vlan-mtu", "route", "profile", "tunnel", "tunnel-self-ip", "arp", "fdb", "member", "monitor", "member-state", "walk"]);
        }
        assert.deepEqual(r.paths[0].delivery, { member: "10.254.0.2%0:0", memberIp: "10.254.0.2", tunnel: "/Common/clone-ids1", mac: MAC, encapsulation: "gre", key: 0, localAddress: "10.0.2.5", remoteAddress: "10.1.1.20" });
        assert.equal(r.paths[1].delivery!.port, 4789);
        assert.match(checkOf(r, "ids1", "arp").detail, /10\.254\.0\.2 → 2:5E:10:A:B:C \(= 02:5e:10:0a:0b:0c\)/);
        assert.deepEqual(r.attachments.map((c) => c.status), ["ok", "ok"]);
        assert.equal(r.cloneStats.status, "ok");
        assert.equal(r.cloneStats.counters!.pktOk, 0);
        assert.equal(r.configSaved.status, "unknown");
        assert.deepEqual(r.counts, { ok: 2 * 13 + 2 + 1, warn: 0, fail: 0, unknown: 1 });
    });

    const cases: [string, (d: DoctorDeviceState) => void, string[], RegExp][] = [
        ["ARP MAC changed", (d) => { d.arps[0].macAddress = "02:5e:10:0a:0b:0d"; }, ["ids1:arp", "ids1:walk"], /collector's tunnel interface has MAC 02:5e:10:0a:0b:0c/],
        ["ARP deleted", (d) => { d.arps.shift(); }, ["ids1:arp", "ids1:walk"], /no static ARP entry for 10\.254\.0\.2/],
        ["FDB endpoint wrong", (d) => { d.fdbTunnels[0].recordsReference.items[0].endpoint = "10.1.1.99"; }, ["ids1:fdb", "ids1:walk"], /points at 10\.1\.1\.99/],
        ["FDB record missing", (d) => { d.fdbTunnels[0].recordsReference.items = []; }, ["ids1:fdb"], /no FDB record for 02:5e:10:0a:0b:0c/],
        ["tunnel remote wrong", (d) => { d.tunnels[0].remoteAddress = "10.1.1.99"; }, ["ids1:tunnel", "ids1:walk"], /remote address is 10\.1\.1\.99, but the collector's underlay IP is 10\.1\.1\.20/],
        ["tunnel key wrong", (d) => { d.tunnels[0].key = 7; }, ["ids1:tunnel", "ids1:walk"], /GRE key is 7/],
        ["VNI wrong", (d) => { d.tunnels[1].key = 101; }, ["ids2:tunnel", "ids2:walk"], /VNI \(key\) is 101/],
        ["tunnel local wrong", (d) => { d.tunnels[0].localAddress = "10.0.2.6"; }, ["ids1:tunnel", "ids1:walk"], /local address is 10\.0\.2\.6/],
        ["tunnel MTU wrong", (d) => { d.tunnels[0].mtu = 1400; }, ["ids1:tunnel"], /MTU is 1400/],
        ["tunnel inbound only", (d) => { d.tunnels[0].mode = "inbound"; }, ["ids1:tunnel"], /mode is inbound/],
        ["tunnel deleted", (d) => { d.tunnels.shift(); d.fdbTunnels.shift(); }, ["ids1:tunnel", "ids1:walk"], /there is no tunnel \/Common\/clone-ids1/],
        ["GRE profile standard", (d) => { d.greProfiles[1].encapsulation = "standard"; }, ["ids1:profile", "ids1:walk"], /encapsulation standard: it carries IP packets/],
        ["GRE profile inherits standard", (d) => { delete d.greProfiles[1].encapsulation; }, ["ids1:profile", "ids1:walk"], /encapsulation standard/],
        ["VXLAN port 8472", (d) => { d.vxlanProfiles[1].port = 8472; }, ["ids2:profile", "ids2:walk"], /UDP port 8472, but the collector's vxlan interface listens on 4789/],
        ["tunnel self IP removed", (d) => { d.selfIps.splice(1, 1); }, ["ids1:tunnel-self-ip", "ids1:walk"], /no self IP on tunnel \/Common\/clone-ids1/],
        ["tunnel self IP on the wrong VLAN", (d) => { d.selfIps[1].vlan = "/Common/external"; }, ["ids1:tunnel-self-ip", "ids1:walk"], /on \/Common\/external, not on tunnel/],
        ["member port not 0", (d) => { d.pools[0].membersReference.items[0].name = "10.254.0.2:80"; }, ["ids1:member", "ids1:walk"], /is on port 80: a clone member should be 10\.254\.0\.2:0/],
        ["member gone", (d) => { d.pools[0].membersReference.items = []; }, ["ids1:member"], /has no member for 10\.254\.0\.2/],
        ["pool gone", (d) => { d.pools.shift(); }, ["ids1:member"], /there is no pool \/Common\/clone-ids1-pool/],
        ["a monitor on the pool (trailing space, as devices read it back)", (d) => { d.pools[0].monitor = "/Common/gateway_icmp "; }, ["ids1:monitor"], /pool \/Common\/clone-ids1-pool has monitor \/Common\/gateway_icmp: a monitor/],
        ["a monitor on the member", (d) => { d.pools[1].members[0].monitor = "/Common/icmp"; }, ["ids2:monitor"], /member 10\.254\.0\.10:0 has monitor \/Common\/icmp/],
        ["member disabled", (d) => { Object.assign(d.pools[0].membersReference.items[0], { session: "user-disabled", state: "user-up" }); }, ["ids1:member-state"], /is disabled/],
        ["member forced offline", (d) => { Object.assign(d.pools[0].membersReference.items[0], { session: "user-disabled", state: "user-down" }); }, ["ids1:member-state"], /forced offline/],
        ["member marked down", (d) => { Object.assign(d.pools[1].members[0], { state: "down" }); }, ["ids2:member-state"], /is down/],
        ["attachment removed", (d) => { d.virtuals[0].clonePools.shift(); }, ["attachment:/Common/app_vs clientside"], /has no clientside clone pool/],
        ["attachment taken by another pool", (d) => { d.virtuals[0].clonePools[1].name = "other-pool"; }, ["attachment:/Common/app_vs serverside"], /clone pool is \/Common\/other-pool, not \/Common\/clone-ids2-pool/],
        ["virtual gone", (d) => { d.virtuals = []; }, ["attachment:/Common/app_vs clientside", "attachment:/Common/app_vs serverside"], /no virtual server \/Common\/app_vs/],
        ["VLAN MTU lowered", (d) => { d.vlans[0].mtu = 1500; }, ["ids1:vlan-mtu", "ids2:vlan-mtu"], /VLAN \/Common\/external has MTU 1500, but the tunnel's outer packets are up to 9001 bytes/],
        ["route removed", (d) => { d.routes = []; }, ["ids1:route", "ids2:route"], /10\.1\.1\.20 is not reachable from this BIG-IP/],
        ["tunnel source self IP gone", (d) => { d.selfIps.shift(); }, ["ids1:source-self-ip", "ids2:source-self-ip"], /10\.0\.2\.5 is not a self IP/],
    ];
    for (const [what, change, links, text] of cases) {
        it(`${what}: ✗ exactly on ${links.join(", ")}`, () => {
            const r = broken(change);
            assert.deepEqual(failing(r).sort(), [...links].sort());
            assert.equal(r.ok, false);
            const first = links[0].split(":");
            const c = first[0] === "attachment" ? r.attachments.find((x) => x.label === first[1])! : checkOf(r, first[0], first[1]);
            assert.match(c.detail, text);
            assert.ok(c.hint || first[1] === "walk", `${links[0]} has a fix hint`);
        });
    }

    it("checks that depend on a missing object say so (?) instead of failing twice", () => {
        const r = broken((d) => { d.tunnels.shift(); d.fdbTunnels.shift(); });
        assert.equal(checkOf(r, "ids1", "profile").status, "unknown");
        assert.equal(checkOf(r, "ids1", "fdb").status, "unknown");
        const s = broken((d) => { d.selfIps.shift(); });
        assert.deepEqual(s.paths[0].checks.filter((c) => c.section === "tunnel source").map((c) => c.status), ["fail", "unknown", "unknown", "ok"]);
        const p = broken((d) => { d.pools.shift(); });
        assert.deepEqual(["monitor", "member-state", "walk"].map((l) => checkOf(p, "ids1", l).status), ["unknown", "unknown", "unknown"]);
    });

    it("a member whose own monitor is none is not affected by the pool's monitor", () => {
        const r = broken((d) => { d.pools[0].monitor = "/Common/gateway_icmp "; d.pools[0].membersReference.items[0].monitor = "/Common/none"; });
        assert.equal(checkOf(r, "ids1", "monitor").status, "ok");
        assert.match(checkOf(r, "ids1", "monitor").detail, /the member's own monitor is none/);
    });

    it("an extra self IP elsewhere in the overlay subnet shows up in the walk, not only in the links", () => {
        // Another tunnel's self IP listed first that also holds 10.254.0.2: the device's walk takes it.
        const r = broken((d) => {
            d.tunnels.push(obj("rogue", { profile: "/Common/clone-ids1-profile", localAddress: "10.0.2.5", remoteAddress: "10.1.1.66" }));
            d.selfIps.unshift(obj("rogue-self", { address: "10.254.0.1/28", vlan: "/Common/rogue" }));
        });
        assert.equal(checkOf(r, "ids1", "walk").status, "fail");
    });

    it("clone-stats error counters are a warning (⚠), not a failure; missing stats are not checkable (?)", () => {
        const r = broken((d) => { d.cloneStats.entries["https://localhost/mgmt/tm/net/clone-stats/0"].nestedStats.entries.nhopErr.value = 3; });
        assert.equal(r.ok, true);
        assert.equal(r.cloneStats.status, "warn");
        assert.match(r.cloneStats.detail, /error counters above 0: nhopErr 3/);
        assert.match(renderDoctorReport(r), /\n {2}⚠ clone counters {3}error counters above 0: nhopErr 3/);
        assert.match(renderDoctorReport(r), /Result: HEALTHY/);
        const n = broken((d) => { d.cloneStats = undefined; d.cloneStatsError = "GET /mgmt/tm/net/clone-stats answered 404 not found"; });
        assert.equal(n.cloneStats.status, "unknown");
        assert.equal(n.ok, true);
    });

    it("renders one line per link with ✓/✗, a fix under each ✗, the counters, why saving is not checkable, and the verdict", () => {
        const ok = renderDoctorReport(diagnose(healthy(), expectation()));
        assert.match(ok, /^Clone-path doctor: BIG-IP 192\.0\.2\.10:443 \(TMOS 14\.1\.2\.1\), tunnel source 10\.0\.2\.5; read only/);
        assert.match(ok, /\nCollector ids1: pool \/Common\/clone-ids1-pool → tunnel \/Common\/clone-ids1 \(GRE-TEB, key 0, MTU 8963\)\n {2}tunnel source\n {4}✓ source self IP {3}10\.0\.2\.5 is self IP/);
        assert.match(ok, /\n {4}✓ static ARP {7}static ARP \/Common\/clone-ids1-arp: 10\.254\.0\.2 → /);
        assert.match(ok, /\n {2}✓ \/Common\/app_vs clientside {2}→ \/Common\/clone-ids1-pool: its clientside traffic is copied to this clone pool\n/);
        assert.match(ok, /\n {4}freeErr 0 {2}freeOk 0 {2}nhopErr 0/);
        assert.match(ok, /\n {2}\? config saved {5}not checkable over iControl REST: .*\n {6}note: to be sure a reboot keeps the clone path: tmsh save sys config/);
        assert.match(ok, /\nResult: HEALTHY: every link of 2 clone paths holds \(29 ✓, 0 ⚠, 0 ✗, 1 \? \(not checkable\)\)\.\n$/);
        assert.doesNotMatch(ok, /^ *(✗|⚠)|fix:/m);
        const bad = renderDoctorReport(broken((d) => { d.arps[0].macAddress = "02:00:00:00:00:99"; }));
        assert.match(bad, /\n {4}✗ static ARP {7}static ARP \/Common\/clone-ids1-arp: 10\.254\.0\.2 → 02:00:00:00:00:99, but .*\n {8}fix: modify net arp \/Common\/clone-ids1-arp mac-address 02:5e:10:0a:0b:0c\n/);
        assert.match(bad, /\nResult: BROKEN: ids1 static ARP; ids1 walk \(27 ✓, 0 ⚠, 2 ✗, 1 \?/);
    });
});

describe("doctor: the expectation file", () => {
    const good = () => JSON.parse(JSON.stringify(expectation()));

    it("takes the doctor output alone or the whole stack output (its `doctor` key), qualifying names", () => {
        const alone = parseDoctorExpectation(good());
        assert.deepEqual(alone, expectation());
        const whole = parseDoctorExpectation({ managementUrl: "https://x", doctor: { ...good(), attachments: [{ virtualServer: "app_vs", context: "clientside", pool: "p" }] } });
        assert.deepEqual(whole.attachments, [{ virtualServer: "/Common/app_vs", context: "clientside", pool: "/Common/p" }]);
        const { device: _d, ...noDevice } = good();
        assert.equal(parseDoctorExpectation(noDevice).device, undefined);
    });

    const bad: [string, (e: any) => void, RegExp][] = [
        ["no paths", (e) => { e.paths = []; }, /"paths": must list at least one clone path/],
        ["a bad MAC", (e) => { e.paths[0].collectorMac = "02:5e:10"; }, /"paths\[0\]\.collectorMac": must be a MAC address/],
        ["a bad encapsulation", (e) => { e.paths[1].encapsulation = "geneve"; }, /"paths\[1\]\.encapsulation": must be gre or vxlan/],
        ["a bad IP", (e) => { e.tunnelSourceIp = "10.0.2"; }, /"tunnelSourceIp": must be an IP address/],
        ["an overlay without prefix", (e) => { e.paths[0].bigipOverlay = "10.254.0.1"; }, /"paths\[0\]\.bigipOverlay": must be an address with prefix/],
        ["a bad context", (e) => { e.attachments[0].context = "both"; }, /"attachments\[0\]\.context": must be clientside or serverside/],
        ["a secret shown as [secret]", (e) => { e.paths[0].collectorIp = "[secret]"; }, /"paths\[0\]\.collectorIp": is "\[secret\]" .*--show-secrets/],
        ["a negative key", (e) => { e.paths[0].key = -1; }, /"paths\[0\]\.key": must be an integer ≥ 0/],
    ];
    for (const [what, change, text] of bad) {
        it(`refuses ${what}, naming the field`, () => {
            const e = good();
            change(e);
            assert.throws(() => parseDoctorExpectation(e), (x: unknown) => x instanceof ConfigError && text.test(x.message));
        });
    }

    it("a doctor output pulumi hid as [secret] says how to show it", () => {
        assert.throws(() => parseDoctorExpectation({ doctor: "[secret]" }), /"doctor\.\(the whole file\)": is "\[secret\]" .*--show-secrets/);
    });

    it("names the field under doctor. when the whole stack output was given", () => {
        const e = good();
        e.paths[0].mtu = "8963";
        assert.throws(() => parseDoctorExpectation({ doctor: e }), /"doctor\.paths\[0\]\.mtu": must be an integer/);
    });
});
