/**
 * `npm run doctor`: is this clone path healthy? A real BIG-IP clones SILENTLY nowhere when any link is wrong, so
 * every link of every clone path the stack built is checked against the device, read over iControl REST (GETs
 * only, one session), and reported with ✓ / ✗ and what to change:
 *   tunnel source  a self IP on a VLAN whose MTU carries the outer packets, a route to the collector (checkUnderlay);
 *   tunnel         profile (GRE with transparent-ethernet-bridging, or VXLAN on UDP 4789), tunnel endpoints and key;
 *   overlay        the self IP on the tunnel, the static ARP entry (collector MAC), the FDB record (underlay IP);
 *   clone pool     member IP:0, no monitor that could mark it down, member enabled;
 *   walk           what the device actually does with a copy (resolveClonePool), compared with what the collector expects;
 * then each clone-pool attachment on its virtual, the device-wide clone counters (error counters are a warning),
 * and why "configuration saved" cannot be checked.
 *
 * Three parts: `diagnose` (pure, over already-read device objects), `readDoctorDevice` (the reader) and
 * `renderDoctorReport` (text). The expectation is the stack output `doctor` (components/diagnose/expect.ts).
 */
import { bareAddress, parseAddr, parseNet } from "../bigip/objects/addr";
import { checkUnderlay, UnderlayLink } from "../bigip/objects/underlay";
import { encodeFullPath } from "../bigip/objects/spec";
import { openSession, OpenSession, parseStats, parseVersion } from "../bigip/rest";
import { BigIpConnection, BigIpTls, isBigIpError, Session } from "../bigip/rest/types";
import { ConfigError } from "../common/errors";
import { ClonePathExpectation, DoctorExpectation } from "./expect";
import { readCloneDeviceState } from "./read";
import { canonicalMac, CloneDelivery, CloneDeviceState, memberAddress, pathOf, resolveClonePool } from "./resolve";

/** ✓ holds, ⚠ worth a look but not broken, ✗ broken, ? could not be checked. */
export type CheckStatus = "ok" | "warn" | "fail" | "unknown";

export type DoctorLink =
    | "source-self-ip" | "source-vlan" | "vlan-mtu" | "route"
    | "profile" | "tunnel"
    | "tunnel-self-ip" | "arp" | "fdb"
    | "member" | "monitor" | "member-state"
    | "walk" | "attachment" | "clone-stats" | "config-saved";

export type DoctorSection = "tunnel source" | "tunnel" | "overlay" | "clone pool" | "walk";

export interface DoctorCheck {
    link: DoctorLink;
    /** Short name shown in front of the line (`static ARP`). */
    label: string;
    status: CheckStatus;
    /** What was found, in a network engineer's words. */
    detail: string;
    /** What to change when the link is broken (or worth a look). */
    hint?: string;
}

export interface DoctorPathCheck extends DoctorCheck {
    section: DoctorSection;
}

export interface DoctorPathReport {
    collector: string;
    pool: string;
    tunnel: string;
    encapsulation: "gre" | "vxlan";
    key: number;
    mtu: number;
    ok: boolean;
    checks: DoctorPathCheck[];
    /** What the device does with the member's copies, when the walk got that far. */
    delivery?: CloneDelivery;
}

export interface DoctorReport {
    /** `host:port` of the BIG-IP. */
    device: string;
    /** TMOS version, when the device told. */
    version?: string;
    tunnelSourceIp: string;
    /** No link is broken (warnings and "not checkable" do not count). */
    ok: boolean;
    counts: Record<CheckStatus, number>;
    paths: DoctorPathReport[];
    attachments: DoctorCheck[];
    cloneStats: DoctorCheck & { counters?: Record<string, number> };
    configSaved: DoctorCheck;
}

/** What the doctor reads: the walk's collections, the underlay's, the expected virtuals and the clone counters. */
export interface DoctorDeviceState extends CloneDeviceState {
    vlans: any[];
    routes: any[];
    /** The virtual servers the expectation names, as GET returned them (missing ones are left out). */
    virtuals: any[];
    /** The answer of GET net/clone-stats; undefined when the device did not give one (see cloneStatsError). */
    cloneStats?: any;
    cloneStatsError?: string;
    version?: string;
}

const TEB = "transparent-ethernet-bridging";
/** The UDP port the collector's vxlan interface listens on (collector cloud-init: `dstport 4789`). */
const VXLAN_PORT = 4789;

const q = (v: unknown): string => (typeof v === "string" && !v.startsWith("/") ? `/Common/${v}` : String(v));
const bare = (v: unknown): string => (typeof v === "string" ? bareAddress(v.trim()) : String(v));
const encName = (e: "gre" | "vxlan") => (e === "gre" ? "GRE-TEB" : "VXLAN");
/** `10.254.0.2:0`, `2001:db8::2.0` (IPv6 members use a dot before the port). */
const memberName = (ip: string, port = 0) => `${ip}${ip.includes(":") ? "." : ":"}${port}`;
const portOf = (name: string): string | undefined => /[:.](\d+)$/.exec(name)?.[1];

/** A profile's effective value: its own, else its parent's (`defaultsFrom`), as the device inherits it. */
function effective(dev: CloneDeviceState, p: any, key: string, depth = 0): unknown {
    if (p?.[key] !== undefined || depth > 5 || !p?.defaultsFrom) return p?.[key];
    const parent = [...dev.greProfiles, ...dev.vxlanProfiles].find((x) => pathOf(x) === q(p.defaultsFrom));
    return effective(dev, parent, key, depth + 1);
}

/** A monitor expression as written on a pool or member, or undefined when it is none (`""`, `none`, `/Common/none`). */
function monitorOf(v: unknown): string | undefined {
    const t = typeof v === "string" ? v.trim() : "";
    return t === "" || t === "none" || t === "/Common/none" ? undefined : t;
}

// ---------------------------------------------------------------------------------------------------------------
// One clone path

const UNDERLAY: [UnderlayLink, DoctorLink, string, string][] = [
    ["self-ip", "source-self-ip", "source self IP", ""],
    ["vlan", "source-vlan", "source VLAN", "the tunnel source is not a self IP, so there is no VLAN to check"],
    ["vlan-mtu", "vlan-mtu", "VLAN MTU", "the tunnel source is not a self IP on a VLAN, so there is no MTU to check"],
    ["route", "route", "route", ""],
];

function underlayChecks(dev: DoctorDeviceState, exp: DoctorExpectation, p: ClonePathExpectation): DoctorPathCheck[] {
    const r = checkUnderlay({ selfIps: dev.selfIps, vlans: dev.vlans, routes: dev.routes },
        { localAddress: exp.tunnelSourceIp, remoteAddress: p.collectorIp, requiredMtu: p.requiredMtu });
    return UNDERLAY.map(([u, link, label, skipped]) => {
        const c = r.checks.find((x) => x.link === u);
        return c ? { section: "tunnel source", link, label, status: c.ok ? "ok" : "fail", detail: c.detail, ...(c.hint ? { hint: c.hint } : {}) }
            : { section: "tunnel source", link, label, status: "unknown", detail: `not checked: ${skipped}` };
    });
}

function profileCheck(dev: DoctorDeviceState, p: ClonePathExpectation, tunnel: any): DoctorPathCheck {
    const c = { section: "tunnel" as const, link: "profile" as const, label: "tunnel profile" };
    if (!tunnel) return { ...c, status: "unknown", detail: `not checked: there is no tunnel ${p.tunnel} to read the profile from` };
    const path = q(tunnel.profile);
    const gre = dev.greProfiles.find((x) => pathOf(x) === path);
    const vx = gre ? undefined : dev.vxlanProfiles.find((x) => pathOf(x) === path);
    if (!gre && !vx) {
        return { ...c, status: "fail", detail: `tunnel ${p.tunnel} uses profile ${path}, which is neither a GRE nor a VXLAN profile: it carries no Ethernet frames to the collector`,
            hint: `the profile of a tunnel is fixed when it is created: recreate ${p.tunnel} with a ${encName(p.encapsulation)} profile` };
    }
    const kind = gre ? "gre" : "vxlan";
    if (kind !== p.encapsulation) {
        return { ...c, status: "fail", detail: `tunnel ${p.tunnel} uses ${kind === "gre" ? "GRE" : "VXLAN"} profile ${path}, but the collector decapsulates ${encName(p.encapsulation)}`,
            hint: `the profile of a tunnel is fixed when it is created: recreate ${p.tunnel} with a ${encName(p.encapsulation)} profile` };
    }
    if (gre) {
        const enc = String(effective(dev, gre, "encapsulation") ?? "standard");
        if (enc !== TEB) {
            return { ...c, status: "fail",
                detail: `GRE profile ${path} has encapsulation ${enc}: it carries IP packets, not the Ethernet frames a clone is (the collector's gretap interface expects ${TEB})`,
                hint: `modify net tunnels gre ${path} encapsulation ${TEB}` };
        }
        return { ...c, status: "ok", detail: `GRE profile ${path}, encapsulation ${TEB}` };
    }
    const port = Number(effective(dev, vx, "port") ?? VXLAN_PORT);
    const type = String(effective(dev, vx, "encapsulationType") ?? "vxlan");
    const wrong = [
        ...(port !== VXLAN_PORT ? [`UDP port ${port}, but the collector's vxlan interface listens on ${VXLAN_PORT}`] : []),
        ...(type !== "vxlan" ? [`encapsulation type ${type}, but the collector speaks plain vxlan`] : []),
    ];
    if (wrong.length) {
        return { ...c, status: "fail", detail: `VXLAN profile ${path} has ${wrong.join("; ")}`,
            hint: `modify net tunnels vxlan ${path}${port !== VXLAN_PORT ? ` port ${VXLAN_PORT}` : ""}${type !== "vxlan" ? " encapsulation-type vxlan" : ""}` };
    }
    return { ...c, status: "ok", detail: `VXLAN profile ${path}, UDP ${port}` };
}

function tunnelCheck(exp: DoctorExpectation, p: ClonePathExpectation, tunnel: any): DoctorPathCheck {
    const c = { section: "tunnel" as const, link: "tunnel" as const, label: "tunnel" };
    if (!tunnel) {
        return { ...c, status: "fail", detail: `there is no tunnel ${p.tunnel}: nothing carries the copies to the collector`,
            hint: `create net tunnels tunnel ${p.tunnel} { profile <a ${encName(p.encapsulation)} profile> local-address ${bare(exp.tunnelSourceIp)} remote-address ${bare(p.collectorIp)} key ${p.key} mtu ${p.mtu} }` };
    }
    const local = bare(tunnel.localAddress ?? "any6");
    const remote = bare(tunnel.remoteAddress ?? "any6");
    const key = Number(tunnel.key ?? 0);
    const mtu = Number(tunnel.mtu ?? 0);
    const wrong: string[] = [];
    const fix: string[] = [];
    const want = (what: string, have: unknown, expected: unknown, why: string, tmsh: string) => {
        if (String(have) === String(expected)) return;
        wrong.push(`${what} is ${have}, but ${why} ${expected}`);
        fix.push(tmsh);
    };
    want("local address", local, bare(exp.tunnelSourceIp), "the tunnel source is", `local-address ${bare(exp.tunnelSourceIp)}`);
    want("remote address", remote, bare(p.collectorIp), "the collector's underlay IP is", `remote-address ${bare(p.collectorIp)}`);
    want(p.encapsulation === "vxlan" ? "VNI (key)" : "GRE key", key, p.key, "the collector's tunnel interface uses", `key ${p.key}`);
    want("MTU", mtu, p.mtu, "the collector's interface and the underlay budget are for", `mtu ${p.mtu}`);
    if (tunnel.mode === "inbound") {
        wrong.push("mode is inbound: it receives only and never sends a copy");
        fix.push("mode bidirectional");
    }
    if (wrong.length) {
        return { ...c, status: "fail", detail: `tunnel ${p.tunnel}: ${wrong.join("; ")}`, hint: `modify net tunnels tunnel ${p.tunnel} ${fix.join(" ")}` };
    }
    return { ...c, status: "ok", detail: `tunnel ${p.tunnel}: ${local} → ${remote}, ${p.encapsulation === "vxlan" ? "VNI" : "key"} ${key}, MTU ${mtu}` };
}

function tunnelSelfCheck(dev: DoctorDeviceState, p: ClonePathExpectation): DoctorPathCheck {
    const c = { section: "overlay" as const, link: "tunnel-self-ip" as const, label: "tunnel self IP" };
    const want = parseNet(p.bigipOverlay);
    const addr = bare(p.bigipOverlay);
    const same = (s: any) => bare(s?.address) === addr && parseNet(s?.address)?.prefix === want?.prefix;
    const mine = dev.selfIps.find((s) => q(s.vlan) === p.tunnel && same(s));
    if (mine) return { ...c, status: "ok", detail: `self IP ${pathOf(mine)} ${mine.address} on tunnel ${p.tunnel}: ${bare(p.collectorOverlayIp)} is L2-adjacent` };
    const elsewhere = dev.selfIps.find((s) => bare(s?.address) === addr);
    const onTunnel = dev.selfIps.filter((s) => q(s.vlan) === p.tunnel);
    const create = `create net self <name> address ${p.bigipOverlay} vlan ${p.tunnel} allow-service none`;
    if (elsewhere) {
        return { ...c, status: "fail", detail: `${addr} is self IP ${pathOf(elsewhere)} (${elsewhere.address}) on ${q(elsewhere.vlan)}, not on tunnel ${p.tunnel}: the copies would not enter the tunnel`,
            hint: `delete net self ${pathOf(elsewhere)}, then ${create}` };
    }
    if (onTunnel.length) {
        return { ...c, status: "fail", detail: `the self IP on tunnel ${p.tunnel} is ${onTunnel.map((s) => `${pathOf(s)} ${s.address}`).join(", ")}, not ${p.bigipOverlay}`,
            hint: `a self IP's address is fixed: delete it, then ${create}` };
    }
    return { ...c, status: "fail", detail: `there is no self IP on tunnel ${p.tunnel}: the BIG-IP has no L2 path to ${bare(p.collectorOverlayIp)}, so clones go nowhere`, hint: create };
}

function arpCheck(dev: DoctorDeviceState, p: ClonePathExpectation): DoctorPathCheck {
    const c = { section: "overlay" as const, link: "arp" as const, label: "static ARP" };
    const ip = bare(p.collectorOverlayIp);
    const mac = canonicalMac(p.collectorMac)!;
    const arp = dev.arps.find((a) => bare(a?.ipAddress) === ip);
    if (!arp) {
        return { ...c, status: "fail", detail: `there is no static ARP entry for ${ip}: the BIG-IP does not know the collector's MAC, so clones go nowhere`,
            hint: `create net arp <name> ip-address ${ip} mac-address ${mac}` };
    }
    const have = canonicalMac(arp.macAddress);
    if (have !== mac) {
        return { ...c, status: "fail", detail: `static ARP ${pathOf(arp)}: ${ip} → ${arp.macAddress}, but the collector's tunnel interface has MAC ${mac}: the copies go to a MAC nobody has`,
            hint: `modify net arp ${pathOf(arp)} mac-address ${mac}` };
    }
    return { ...c, status: "ok", detail: `static ARP ${pathOf(arp)}: ${ip} → ${arp.macAddress}${arp.macAddress !== mac ? ` (= ${mac})` : ""}` };
}

function fdbCheck(dev: DoctorDeviceState, p: ClonePathExpectation, tunnel: any): DoctorPathCheck {
    const c = { section: "overlay" as const, link: "fdb" as const, label: "FDB record" };
    const mac = canonicalMac(p.collectorMac)!;
    const ip = bare(p.collectorIp);
    const fdb = dev.fdbTunnels.find((f) => pathOf(f) === p.tunnel);
    if (!fdb) {
        return tunnel ? { ...c, status: "fail", detail: `there is no FDB tunnel ${p.tunnel} (the device creates one with each tunnel)` }
            : { ...c, status: "unknown", detail: `not checked: FDB records live on the tunnel ${p.tunnel}, which does not exist` };
    }
    const records: any[] = fdb.records ?? fdb.recordsReference?.items ?? [];
    const record = records.find((r) => canonicalMac(r?.name) === mac);
    if (!record) {
        return { ...c, status: "fail",
            detail: `there is no FDB record for ${mac} on ${p.tunnel}${records.length ? ` (records: ${records.map((r) => `${r.name} → ${r.endpoint}`).join(", ")})` : ""}: the stack built one; `
                + "without it the frame goes to the tunnel's remote address (enough for a point-to-point tunnel is an Inference, not confirmed)",
            hint: `modify net fdb tunnel ${p.tunnel} records add { ${mac} { endpoint ${ip} } }` };
    }
    if (bare(record.endpoint) !== ip) {
        return { ...c, status: "fail", detail: `FDB record ${record.name} on ${p.tunnel} points at ${record.endpoint}, but the collector's underlay IP is ${ip}: the copies are sent to the wrong host`,
            hint: `modify net fdb tunnel ${p.tunnel} records modify { ${record.name} { endpoint ${ip} } }` };
    }
    return { ...c, status: "ok", detail: `FDB ${p.tunnel}: ${record.name} → endpoint ${record.endpoint}` };
}

function poolChecks(dev: DoctorDeviceState, p: ClonePathExpectation): { checks: DoctorPathCheck[] } {
    const ip = bare(p.collectorOverlayIp);
    const want = memberName(ip);
    const sec = "clone pool" as const;
    const pool = dev.pools.find((x) => pathOf(x) === q(p.pool));
    const skip = (link: DoctorLink, label: string, why: string): DoctorPathCheck => ({ section: sec, link, label, status: "unknown", detail: `not checked: ${why}` });
    if (!pool) {
        return { checks: [
            { section: sec, link: "member", label: "pool member", status: "fail", detail: `there is no pool ${q(p.pool)}: nothing to clone to`,
                hint: `create ltm pool ${q(p.pool)} members add { ${want} { address ${ip} } }` },
            skip("monitor", "monitor", "no pool"), skip("member-state", "member state", "no pool"),
        ] };
    }
    const members: any[] = pool.members ?? pool.membersReference?.items ?? [];
    const m = members.find((x) => memberAddress(String(x?.name), x?.address) === ip);
    const checks: DoctorPathCheck[] = [];
    if (!m) {
        const names = members.map((x) => String(x.name).replace(/^\/[^/]+\//, ""));
        checks.push({ section: sec, link: "member", label: "pool member", status: "fail",
            detail: `pool ${q(p.pool)} has no member for ${ip}${names.length ? ` (members: ${names.join(", ")})` : " (it has no members)"}: nothing is cloned to this collector`,
            hint: `modify ltm pool ${q(p.pool)} members add { ${want} { address ${ip} } }` });
    } else {
        const port = portOf(String(m.name));
        const shown = String(m.name).replace(/^\/[^/]+\//, "");
        checks.push(port === "0"
            ? { section: sec, link: "member", label: "pool member", status: "ok", detail: `pool ${q(p.pool)} has member ${shown} (port 0: whole frames, any port)` }
            : { section: sec, link: "member", label: "pool member", status: "fail",
                detail: `member ${shown} of pool ${q(p.pool)} is on port ${port}: a clone member should be ${want}, whatever port the traffic uses`,
                hint: `modify ltm pool ${q(p.pool)} members replace-all-with { ${want} { address ${ip} } }` });
    }

    // A member's `monitor` is "default" (it inherits the pool's), none, or its own (f5-ansible bigip_pool_member).
    const shown = m ? String(m.name).replace(/^\/[^/]+\//, "") : "";
    const poolMon = monitorOf(pool.monitor);
    const own = m ? String(m.monitor ?? "default").trim() : "default";
    const memberMon = own === "default" ? undefined : monitorOf(own);
    const applies = memberMon ?? (own === "default" ? poolMon : undefined);
    const monHint = [
        ...(poolMon ? [`modify ltm pool ${q(p.pool)} monitor none`] : []),
        ...(memberMon ? [`modify ltm pool ${q(p.pool)} members modify { ${shown} { monitor none } }`] : []),
    ].join("; ");
    checks.push(applies
        ? { section: sec, link: "monitor", label: "monitor", status: "fail",
            detail: `${memberMon ? `member ${shown} has monitor ${memberMon}` : `pool ${q(p.pool)} has monitor ${poolMon}`}: `
                + "a monitor that cannot reach the collector through the tunnel marks it down, and cloning to a down member stops without a word",
            hint: monHint }
        : { section: sec, link: "monitor", label: "monitor", status: "ok",
            detail: poolMon ? `pool ${q(p.pool)} has monitor ${poolMon}, but the member's own monitor is none` : "no monitor on the pool or the member" });

    // Enabled: session user-enabled or monitor-enabled; disabled: session user-disabled (forced offline: with state
    // user-down); state down: a monitor marked it down (f5-ansible bigip_pool_member, ApiParameters.state). That a clone
    // pool skips such a member as any pool does is presumed (reference §5), not verified on a device.
    const skipped = "a clone pool presumably skips it as any pool skips such a member, so it gets no copies";
    if (!m) {
        checks.push(skip("member-state", "member state", `pool ${q(p.pool)} has no member for ${ip}`));
    } else if (m.session === "user-disabled") {
        checks.push({ section: sec, link: "member-state", label: "member state", status: "fail",
            detail: `member ${shown} is ${m.state === "user-down" ? "forced offline" : "disabled"} (session ${m.session}, state ${m.state}): ${skipped}`,
            hint: `modify ltm pool ${q(p.pool)} members modify { ${shown} { session user-enabled state user-up } }` });
    } else if (m.state === "down" || m.state === "user-down") {
        checks.push({ section: sec, link: "member-state", label: "member state", status: "fail",
            detail: `member ${shown} is down (state ${m.state}, session ${m.session}): ${skipped}`,
            hint: m.state === "down" ? "a monitor marked it down: remove the monitor (see monitor)" : `modify ltm pool ${q(p.pool)} members modify { ${shown} { state user-up } }` });
    } else {
        checks.push({ section: sec, link: "member-state", label: "member state", status: "ok",
            detail: `member enabled (session ${m.session ?? "not reported"}, state ${m.state ?? "not reported"})` });
    }
    return { checks };
}

const deliveryText = (d: { encapsulation: "gre" | "vxlan"; mac: string; localAddress: string; remoteAddress: string; key: number; tunnel: string; port?: number }) =>
    `${encName(d.encapsulation)} frames to ${d.mac}, ${d.localAddress} → ${d.remoteAddress}${d.encapsulation === "vxlan" ? ` UDP ${d.port ?? VXLAN_PORT}, VNI` : ", key"} ${d.key}, through ${d.tunnel}`;

/** The device's own walk (resolveClonePool, as the data-plane proof uses it) from our member, compared with the expectation. */
function walkCheck(dev: DoctorDeviceState, exp: DoctorExpectation, p: ClonePathExpectation): { check: DoctorPathCheck; delivery?: CloneDelivery } {
    const c = { section: "walk" as const, link: "walk" as const, label: "walk" };
    const ip = bare(p.collectorOverlayIp);
    const results = resolveClonePool(dev, q(p.pool));
    const r = results.find((x) => x.member !== "(none)" && memberAddress(x.member) === ip);
    const shown = r?.member.replace(/^\/[^/]+\//, "");
    if (!r) {
        // The pool line carries the ✗; there is nothing of ours to walk.
        const why = results[0]?.member === "(none)" ? results[0].links[0].detail : `pool ${q(p.pool)} has no member for ${ip}`;
        return { check: { ...c, status: "unknown", detail: `not walked: ${why}` } };
    }
    if (!r.ok || !r.delivery) {
        const broken = r.links.find((l) => !l.ok)!;
        return { delivery: r.delivery, check: { ...c, status: "fail", detail: `the device's own walk from ${shown} breaks at ${broken.link}: ${broken.detail}`, ...(broken.hint ? { hint: broken.hint } : {}) } };
    }
    const d = r.delivery;
    const expected = { encapsulation: p.encapsulation, mac: canonicalMac(p.collectorMac)!, localAddress: bare(exp.tunnelSourceIp), remoteAddress: bare(p.collectorIp), key: p.key, tunnel: p.tunnel,
        ...(p.encapsulation === "vxlan" ? { port: VXLAN_PORT } : {}) };
    const differs = (Object.keys(expected) as (keyof typeof expected)[]).filter((k) => String(d[k]) !== String(expected[k]));
    if (differs.length) {
        return { delivery: d, check: { ...c, status: "fail",
            detail: `the device sends ${shown}'s copies as ${deliveryText(d)}; the collector expects ${deliveryText(expected)} (differs in ${differs.join(", ")})`,
            hint: "the ✗ links above say what to change" } };
    }
    return { delivery: d, check: { ...c, status: "ok", detail: `the device sends ${shown}'s copies as ${deliveryText(d)}: what the collector expects` } };
}

function diagnosePath(dev: DoctorDeviceState, exp: DoctorExpectation, p: ClonePathExpectation): DoctorPathReport {
    const tunnel = dev.tunnels.find((t) => pathOf(t) === q(p.tunnel));
    const pool = poolChecks(dev, p);
    const walk = walkCheck(dev, exp, p);
    const checks: DoctorPathCheck[] = [
        ...underlayChecks(dev, exp, p),
        profileCheck(dev, p, tunnel),
        tunnelCheck(exp, p, tunnel),
        tunnelSelfCheck(dev, p),
        arpCheck(dev, p),
        fdbCheck(dev, p, tunnel),
        ...pool.checks,
        walk.check,
    ];
    return {
        collector: p.collector, pool: q(p.pool), tunnel: q(p.tunnel), encapsulation: p.encapsulation, key: p.key, mtu: p.mtu,
        ok: checks.every((x) => x.status !== "fail"), checks, ...(walk.delivery ? { delivery: walk.delivery } : {}),
    };
}

// ---------------------------------------------------------------------------------------------------------------
// Attachments, counters, save

/** A virtual's clonePools entry as REST returns it (`{name, partition, subPath?, context}`) → the pool's full path. */
function clonePoolPath(e: any): string {
    const name = String(e?.name ?? "");
    if (name.startsWith("/")) return name;
    return `/${e?.partition ?? "Common"}/${e?.subPath ? `${e.subPath}/` : ""}${name}`;
}

function attachmentChecks(dev: DoctorDeviceState, exp: DoctorExpectation): DoctorCheck[] {
    return exp.attachments.map((a) => {
        const vsPath = q(a.virtualServer);
        const pool = q(a.pool);
        const label = `${vsPath} ${a.context}`;
        const add = `modify ltm virtual ${vsPath} clone-pools add { ${pool} { context ${a.context} } }`;
        const vs = dev.virtuals.find((v) => pathOf(v) === vsPath);
        if (!vs) {
            return { link: "attachment", label, status: "fail", detail: `there is no virtual server ${vsPath}: no traffic of it is copied to ${pool}`,
                hint: `the stack attached ${pool} to ${vsPath} (${a.context}): create the virtual server again, or drop that clone target from the stack` };
        }
        // A clone pool without a context is clientside (emulator README: guessed, no capture has one).
        const entries = ((vs.clonePools ?? []) as any[]).map((e) => ({ pool: clonePoolPath(e), context: e?.context ?? "clientside" }));
        const holder = entries.find((e) => e.context === a.context);
        if (holder?.pool === pool) return { link: "attachment", label, status: "ok", detail: `→ ${pool}: its ${a.context} traffic is copied to this clone pool` };
        if (holder) {
            return { link: "attachment", label, status: "fail", detail: `${vsPath}'s ${a.context} clone pool is ${holder.pool}, not ${pool} (one clone pool per context): this collector gets none of it`,
                hint: `modify ltm virtual ${vsPath} clone-pools replace-all-with { ${[...entries.filter((e) => e !== holder).map((e) => `${e.pool} { context ${e.context} }`), `${pool} { context ${a.context} }`].join(" ")} } (only if taking over from ${holder.pool} is intended)` };
        }
        return { link: "attachment", label, status: "fail", detail: `${vsPath} has no ${a.context} clone pool: nothing of its ${a.context} traffic is copied to ${pool}`, hint: add };
    });
}

function cloneStatsCheck(dev: DoctorDeviceState): DoctorReport["cloneStats"] {
    const c = { link: "clone-stats" as const, label: "clone counters" };
    if (dev.cloneStats === undefined) return { ...c, status: "unknown", detail: `not available: ${dev.cloneStatsError ?? "GET net/clone-stats gave no answer"}` };
    const counters: Record<string, number> = {};
    for (const e of parseStats(dev.cloneStats)) {
        for (const [k, v] of Object.entries(e.values)) if (typeof v === "number") counters[k] = (counters[k] ?? 0) + v;
    }
    if (!Object.keys(counters).length) return { ...c, status: "unknown", detail: "GET net/clone-stats answered without counters" };
    const errors = Object.entries(counters).filter(([k, v]) => /Err$/.test(k) && v > 0);
    if (errors.length) {
        return { ...c, counters, status: "warn",
            detail: `error counters above 0: ${errors.map(([k, v]) => `${k} ${v}`).join(", ")} (device-wide, since boot or the last reset)`,
            hint: "run the doctor again: counters still rising mean copies are failing now. No public F5 source documents what each counter counts" };
    }
    const idle = counters.pktOk === 0 ? "; pktOk 0: nothing cloned since the counters started (no traffic on the attached virtuals yet?)" : "";
    return { ...c, counters, status: "ok", detail: `no error counter above 0${idle}` };
}

/** Why "saved" is not checked: see the module comment of stacks/doctor/cli.ts and the report in the README. */
export const CONFIG_SAVED_NOT_CHECKABLE = "not checkable over iControl REST: no public F5 source documents a field or endpoint that tells whether the "
    + "running configuration differs from the saved one (F5's TMOS manual, \"The BIG-IP System Configuration State\", describes only running vs "
    + "stored configuration and `save sys config`; F5's own Ansible bigip_config saves unconditionally and always reports a change). "
    + "The stack saves after each change it makes";

function configSavedCheck(): DoctorCheck {
    return { link: "config-saved", label: "config saved", status: "unknown", detail: CONFIG_SAVED_NOT_CHECKABLE,
        hint: "to be sure a reboot keeps the clone path: tmsh save sys config (or POST /mgmt/tm/sys/config {\"command\":\"save\"})" };
}

/** Checks every link of every expected clone path against the device objects; pure, never throws on odd device data. */
export function diagnose(dev: DoctorDeviceState, exp: DoctorExpectation): DoctorReport {
    const paths = exp.paths.map((p) => diagnosePath(dev, exp, p));
    const attachments = attachmentChecks(dev, exp);
    const cloneStats = cloneStatsCheck(dev);
    const configSaved = configSavedCheck();
    const counts: Record<CheckStatus, number> = { ok: 0, warn: 0, fail: 0, unknown: 0 };
    for (const c of [...paths.flatMap((p) => p.checks), ...attachments, cloneStats, configSaved]) counts[c.status]++;
    return {
        device: `${exp.device.host}:${exp.device.port ?? 443}`, ...(dev.version ? { version: dev.version } : {}), tunnelSourceIp: exp.tunnelSourceIp,
        ok: counts.fail === 0, counts, paths, attachments, cloneStats, configSaved,
    };
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering

export const SYMBOL: Record<CheckStatus, string> = { ok: "✓", warn: "⚠", fail: "✗", unknown: "?" };
const LABEL_WIDTH = 16;

function line(c: DoctorCheck, indent: string): string {
    // At least two spaces between label and detail, so a label is always found the same way.
    const head = `${indent}${SYMBOL[c.status]} ${c.label.padEnd(LABEL_WIDTH - 1)}  ${c.detail}`;
    return c.hint && c.status !== "ok" ? `${head}\n${indent}    ${c.status === "fail" ? "fix" : "note"}: ${c.hint}` : head;
}

/** The report as text: one line per link (✓ ⚠ ✗ ?), a `fix:` line under each that is not ✓, and a verdict. */
export function renderDoctorReport(r: DoctorReport): string {
    const out: string[] = [];
    out.push(`Clone-path doctor: BIG-IP ${r.device}${r.version ? ` (TMOS ${r.version})` : ""}, tunnel source ${r.tunnelSourceIp}; read only (GET requests)`);
    for (const p of r.paths) {
        out.push("", `Collector ${p.collector}: pool ${p.pool} → tunnel ${p.tunnel} (${encName(p.encapsulation)}, ${p.encapsulation === "vxlan" ? "VNI" : "key"} ${p.key}, MTU ${p.mtu})`);
        let section: string | undefined;
        for (const c of p.checks) {
            if (c.section !== section) { section = c.section; out.push(`  ${section}`); }
            out.push(line(c, "    "));
        }
    }
    out.push("", "Clone-pool attachments");
    if (!r.attachments.length) out.push("  (the stack attached no clone pool)");
    for (const c of r.attachments) out.push(line(c, "  "));
    out.push("", "Clone statistics (GET /mgmt/tm/net/clone-stats: device-wide, since boot or the last reset)");
    if (r.cloneStats.counters) out.push(`    ${Object.entries(r.cloneStats.counters).map(([k, v]) => `${k} ${v}`).join("  ")}`);
    out.push(line(r.cloneStats, "  "));
    out.push("", "Configuration saved");
    out.push(line(r.configSaved, "  "));
    const broken = [
        ...r.paths.flatMap((p) => p.checks.filter((c) => c.status === "fail").map((c) => `${p.collector} ${c.label}`)),
        ...r.attachments.filter((c) => c.status === "fail").map((c) => `attachment ${c.label}`),
    ];
    const tally = `${r.counts.ok} ✓, ${r.counts.warn} ⚠, ${r.counts.fail} ✗, ${r.counts.unknown} ? (not checkable)`;
    out.push("");
    if (r.ok) {
        out.push(`Result: HEALTHY: every link of ${r.paths.length} clone path${r.paths.length === 1 ? "" : "s"} holds (${tally}).`);
    } else {
        out.push(`Result: BROKEN: ${broken.join("; ")} (${tally}).`);
        out.push("A BIG-IP clones silently nowhere while any of these is broken. Drift in objects the stack built: `pulumi refresh` then `pulumi up` converges them back.");
    }
    return `${out.join("\n")}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the device

/** Reads what `diagnose` needs over one session: GETs only (collections, the expected virtuals, clone-stats, version). */
export async function readDoctorState(s: Session, exp: DoctorExpectation): Promise<DoctorDeviceState> {
    const clone = await readCloneDeviceState(s);
    const items = async (path: string, what: string) => ((await s.get(path, { action: `reading ${what}` }))?.items ?? []) as any[];
    const vlans = await items("tm/net/vlan", "the VLANs");
    const routes = await items("tm/net/route", "the routes");
    const virtuals: any[] = [];
    for (const vs of [...new Set(exp.attachments.map((a) => q(a.virtualServer)))]) {
        const v = await s.tryGet(`tm/ltm/virtual/${encodeFullPath(vs)}`, { action: `reading virtual server ${vs}` });
        if (v) virtuals.push(v);
    }
    let cloneStats: any;
    let cloneStatsError: string | undefined;
    try {
        cloneStats = await s.get("tm/net/clone-stats", { action: "reading the clone statistics" });
    } catch (e) {
        if (!isBigIpError(e) || e.transient || e.status === undefined || e.status >= 500) throw e;
        cloneStatsError = `GET /mgmt/tm/net/clone-stats answered ${e.status} ${e.deviceMessage}`;
    }
    let version: string | undefined;
    try {
        version = parseVersion(await s.get("tm/sys/version", { action: "reading the version" }));
    } catch (e) {
        if (!isBigIpError(e) || e.status === undefined || e.status >= 500) throw e;
    }
    return { ...clone, vlans, routes, virtuals, cloneStats, ...(cloneStatsError ? { cloneStatsError } : {}), ...(version ? { version } : {}) };
}

export type DeviceFailure = "unreachable" | "tls" | "auth" | "not-ready" | "read";

/** The device could not be read: which way, in words that say what to check. */
export class DoctorDeviceError extends Error {
    constructor(readonly failure: DeviceFailure, message: string) {
        super(message);
        this.name = "DoctorDeviceError";
    }
}

const TRANSPORT = /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|timed out|no answer within|socket hang up/i;

function openFailure(where: string, user: string, e: unknown): DoctorDeviceError {
    const msg = (e instanceof Error ? e.message : String(e)).replace(`BIG-IP ${where}: `, "");
    if (isBigIpError(e)) {
        if (e.status === 401) return new DoctorDeviceError("auth", `authentication failed: the BIG-IP at ${where} refused user ${user} with the password from BIGIP_PASSWORD (${msg})`);
        if (/maximum active login tokens/i.test(e.deviceMessage)) return new DoctorDeviceError("auth", `cannot log in to the BIG-IP at ${where}: ${msg}`);
        if (e.status === undefined && /certificate/i.test(e.deviceMessage)) {
            return new DoctorDeviceError("tls", `the BIG-IP at ${where} was not trusted (nothing was sent to it): ${msg}`);
        }
        if (/did not become ready/.test(msg)) {
            return TRANSPORT.test(e.deviceMessage) ? new DoctorDeviceError("unreachable", `cannot reach the BIG-IP at ${where}: ${msg}`)
                : new DoctorDeviceError("not-ready", `the BIG-IP at ${where} answers but is not ready: ${msg}`);
        }
        if (e.status === undefined) return new DoctorDeviceError("unreachable", `cannot reach the BIG-IP at ${where}: ${msg}`);
    }
    return new DoctorDeviceError("unreachable", `cannot open a session with the BIG-IP at ${where}: ${msg}`);
}

/**
 * One session: readiness, login, the GETs of readDoctorState, logout. Throws DoctorDeviceError saying whether the
 * device could not be reached, was not trusted, refused the credentials, was not ready, or failed a read.
 */
export async function readDoctorDevice(conn: BigIpConnection, exp: DoctorExpectation): Promise<DoctorDeviceState> {
    const where = `${conn.host}:${conn.port ?? 443}`;
    let s: OpenSession;
    try {
        s = await openSession(conn, "reading the clone paths (doctor, read only)");
    } catch (e) {
        throw openFailure(where, conn.username, e);
    }
    try {
        return await readDoctorState(s, exp);
    } catch (e) {
        throw new DoctorDeviceError("read", `reading the BIG-IP at ${where} failed: ${(e instanceof Error ? e.message : String(e)).replace(`BIG-IP ${where}: `, "")}`);
    } finally {
        await s.close();
    }
}

// ---------------------------------------------------------------------------------------------------------------
// The expectation file

/** An expectation as read from a file: the device part may be missing (the command line can give it). */
export type LoadedExpectation = Omit<DoctorExpectation, "device"> & { device?: Partial<DoctorExpectation["device"]> & { tls?: BigIpTls | string } };

const SECRET_HINT = "(pulumi shows secrets as \"[secret]\": run `pulumi stack output doctor --json --show-secrets`, or give the value on the command line)";

/**
 * `pulumi stack output doctor --json`, or the whole `pulumi stack output --json` (which has a `doctor` key), checked
 * field by field: a ConfigError names the first field that is not what the doctor needs.
 */
export function parseDoctorExpectation(json: unknown): LoadedExpectation {
    const root = json && typeof json === "object" && !Array.isArray(json) && "doctor" in json && !("paths" in json) ? (json as any).doctor : json;
    const at = root === json ? "" : "doctor.";
    const fail = (field: string, detail: string): never => { throw new ConfigError(`${at}${field}`, detail); };
    const secret = (v: unknown) => v === "[secret]";
    const str = (v: unknown, field: string, what: string): string => {
        if (secret(v)) fail(field, `is "[secret]" ${SECRET_HINT}`);
        if (typeof v !== "string" || !v.trim()) fail(field, `must be ${what}, not ${JSON.stringify(v)}`);
        return v as string;
    };
    const ip = (v: unknown, field: string): string => {
        const s = str(v, field, "an IP address");
        if (!parseAddr(bare(s))) fail(field, `must be an IP address, not ${JSON.stringify(v)}`);
        return s;
    };
    const int = (v: unknown, field: string, min: number): number => {
        if (!Number.isInteger(v) || (v as number) < min) fail(field, `must be an integer ≥ ${min}, not ${JSON.stringify(v)}`);
        return v as number;
    };
    const fullPath = (v: unknown, field: string): string => str(v, field, "a BIG-IP object name or full path (/Common/name)");
    if (secret(root)) fail("(the whole file)", `is "[secret]" ${SECRET_HINT}`);
    if (!root || typeof root !== "object" || Array.isArray(root)) fail("(the whole file)", "must be the JSON object `pulumi stack output doctor --json` prints");
    const r = root as any;
    if (r.device !== undefined && (typeof r.device !== "object" || r.device === null)) fail("device", `must be an object { host, port, username, tls }, not ${JSON.stringify(r.device)}`);
    const tunnelSourceIp = ip(r.tunnelSourceIp, "tunnelSourceIp");
    if (!Array.isArray(r.paths) || r.paths.length === 0) fail("paths", "must list at least one clone path");
    const paths: ClonePathExpectation[] = (r.paths as any[]).map((p, i) => {
        const f = (k: string) => `paths[${i}].${k}`;
        if (!p || typeof p !== "object") fail(`paths[${i}]`, "must be an object");
        const encapsulation = p.encapsulation;
        if (encapsulation !== "gre" && encapsulation !== "vxlan") fail(f("encapsulation"), `must be gre or vxlan, not ${JSON.stringify(encapsulation)}`);
        const mac = str(p.collectorMac, f("collectorMac"), "a MAC address");
        if (!canonicalMac(mac)) fail(f("collectorMac"), `must be a MAC address like 02:5e:10:00:00:01, not ${JSON.stringify(mac)}`);
        const overlay = str(p.bigipOverlay, f("bigipOverlay"), "an address with prefix, e.g. 10.254.0.1/29");
        if (!parseNet(overlay) || !overlay.includes("/")) fail(f("bigipOverlay"), `must be an address with prefix, e.g. 10.254.0.1/29, not ${JSON.stringify(overlay)}`);
        return {
            collector: str(p.collector, f("collector"), "the collector's name"),
            tunnel: q(fullPath(p.tunnel, f("tunnel"))), pool: q(fullPath(p.pool, f("pool"))),
            collectorIp: ip(p.collectorIp, f("collectorIp")), collectorMac: mac, collectorOverlayIp: ip(p.collectorOverlayIp, f("collectorOverlayIp")),
            bigipOverlay: overlay, encapsulation, key: int(p.key, f("key"), 0), mtu: int(p.mtu, f("mtu"), 0), requiredMtu: int(p.requiredMtu, f("requiredMtu"), 1),
        };
    });
    if (r.attachments !== undefined && !Array.isArray(r.attachments)) fail("attachments", "must be a list of { virtualServer, context, pool }");
    const attachments = ((r.attachments ?? []) as any[]).map((a, i) => {
        const f = (k: string) => `attachments[${i}].${k}`;
        if (!a || typeof a !== "object") fail(`attachments[${i}]`, "must be an object { virtualServer, context, pool }");
        if (a.context !== "clientside" && a.context !== "serverside") fail(f("context"), `must be clientside or serverside, not ${JSON.stringify(a.context)}`);
        return { virtualServer: q(fullPath(a.virtualServer, f("virtualServer"))), context: a.context as "clientside" | "serverside", pool: q(fullPath(a.pool, f("pool"))) };
    });
    return { ...(r.device ? { device: r.device } : {}), tunnelSourceIp, paths, attachments };
}
