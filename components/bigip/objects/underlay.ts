/**
 * Can this BIG-IP carry a tunnel from `localAddress` to `remoteAddress`? A pure decision over the device's own
 * objects exactly as `GET net/self`, `net/vlan` and `net/route` return them (items of the collections). Four links,
 * each reported with what was found and, when broken, what to do about it:
 *   self-ip   the local address is one of the device's self IPs (outer packets need an address it owns);
 *   vlan      that self IP sits on a VLAN, not on a tunnel (outer packets must leave on a real segment);
 *   vlan-mtu  the VLAN's MTU carries the outer packets (tunnel MTU + encapsulation overhead, given by the caller);
 *   route     the remote address is in a data self IP's subnet or covered by a route (longest prefix wins).
 * Addresses are compared without their route-domain suffix (`%N`); route domains are otherwise not modelled.
 */
import { Addr, bareAddress, contains, formatAddr, Net, networkOf, parseAddr, parseNet, subnetText } from "./addr";

export type UnderlayLink = "self-ip" | "vlan" | "vlan-mtu" | "route";

export interface UnderlayCheckResult {
    link: UnderlayLink;
    ok: boolean;
    /** What was found, in a network engineer's words. */
    detail: string;
    /** What to change when the link is broken. */
    hint?: string;
}

export interface UnderlayReport {
    /** All four links were checked and hold. */
    ok: boolean;
    /** In link order; a link whose precondition failed (no self IP ⇒ no VLAN to check) is left out. */
    checks: UnderlayCheckResult[];
    /** Full path of the self IP that owns localAddress. */
    selfIp?: string;
    /** Full path of the VLAN that self IP sits on. */
    vlan?: string;
    vlanMtu?: number;
}

export interface UnderlayDevice {
    selfIps: any[];
    vlans: any[];
    routes: any[];
}

export interface UnderlayWant {
    localAddress: string;
    remoteAddress: string;
    /** Largest outer packet: tunnel MTU + encapsulation overhead (38 GRE-TEB, 50 VXLAN). */
    requiredMtu: number;
}

const pathOf = (o: any): string => String(o?.fullPath ?? `/${o?.partition ?? "Common"}/${o?.name}`);
const qualified = (v: unknown): string => (typeof v === "string" && !v.startsWith("/") ? `/Common/${v}` : String(v));

interface DataSelf { path: string; address: string; net: Net; vlan: any }

/** Self IPs that sit on one of the VLANs (data self IPs), with their parsed address. */
function dataSelfIps(dev: UnderlayDevice, vlans: Map<string, any>): DataSelf[] {
    return dev.selfIps.flatMap((s) => {
        const net = parseNet(s?.address);
        const vlan = vlans.get(qualified(s?.vlan));
        return net && vlan ? [{ path: pathOf(s), address: String(s.address), net, vlan }] : [];
    });
}

function checkSelfIp(dev: UnderlayDevice, local: Addr | undefined, want: UnderlayWant, data: DataSelf[]): { check: UnderlayCheckResult; self?: any } {
    const text = bareAddress(String(want.localAddress));
    if (!local) return { check: { link: "self-ip", ok: false, detail: `the tunnel's local address "${want.localAddress}" is not an IP address` } };
    const self = dev.selfIps.find((s) => {
        const n = parseNet(s?.address);
        return n && n.family === local.family && n.value === local.value;
    });
    if (self) return { self, check: { link: "self-ip", ok: true, detail: `${text} is self IP ${pathOf(self)} (${self.address})` } };
    const home = data.find((d) => contains(d.net, local));
    const create = home
        ? `create \`net self <name> address ${text}/${home.net.prefix} vlan ${pathOf(home.vlan)}\``
        : `create \`net self <name> address ${text}/<prefix> vlan <the VLAN whose subnet holds ${text}>\``;
    const choices = data.map((d) => `${bareAddress(d.address)} (VLAN ${pathOf(d.vlan)})`);
    return {
        check: {
            link: "self-ip", ok: false,
            detail: `${text} is not a self IP on this BIG-IP; the tunnel would source packets from an address the device does not own`,
            hint: `${create} or set tunnelSourceIp to ${choices.length ? `one of: ${choices.join(", ")}` : "a data self IP (this BIG-IP has none on a VLAN yet)"}`,
        },
    };
}

function checkVlan(self: any, vlans: Map<string, any>, data: DataSelf[]): { check: UnderlayCheckResult; vlan?: any } {
    const where = qualified(self.vlan);
    const vlan = vlans.get(where);
    if (vlan) return { vlan, check: { link: "vlan", ok: true, detail: `self IP ${pathOf(self)} sits on VLAN ${where}` } };
    const choices = data.map((d) => `${bareAddress(d.address)} (VLAN ${pathOf(d.vlan)})`);
    return {
        check: {
            link: "vlan", ok: false,
            detail: `self IP ${pathOf(self)} (${self.address}) sits on ${where}, which is not a VLAN (a tunnel?): the tunnel's outer packets would have no physical segment to leave on`,
            hint: `source the tunnel from a self IP on a VLAN${choices.length ? `: ${choices.join(", ")}` : "; create one with `net self <name> address <ip>/<prefix> vlan <vlan>`"}`,
        },
    };
}

function checkMtu(vlan: any, requiredMtu: number): { check: UnderlayCheckResult; mtu: number } {
    const mtu = Number(vlan.mtu ?? 1500); // the device default when not reported (captures always report it)
    const where = pathOf(vlan);
    if (mtu >= requiredMtu) {
        return { mtu, check: { link: "vlan-mtu", ok: true, detail: `VLAN ${where} has MTU ${mtu}, enough for the tunnel's ${requiredMtu}-byte outer packets` } };
    }
    return {
        mtu,
        check: {
            link: "vlan-mtu", ok: false,
            detail: `VLAN ${where} has MTU ${mtu}, but the tunnel's outer packets are up to ${requiredMtu} bytes (tunnel MTU + encapsulation overhead): larger ones would be fragmented or dropped`,
            hint: `raise it with \`modify net vlan ${where} mtu ${requiredMtu}\` (the NIC and the path must carry it too; an AWS VPC carries 9001), or lower the tunnel MTU by ${requiredMtu - mtu} bytes`,
        },
    };
}

interface Path { prefix: number; describe: string }

function checkRoute(dev: UnderlayDevice, remote: Addr | undefined, want: UnderlayWant, data: DataSelf[], localNet?: Net): UnderlayCheckResult {
    const text = bareAddress(String(want.remoteAddress));
    if (!remote) return { link: "route", ok: false, detail: `the tunnel's remote address "${want.remoteAddress}" is not an IP address` };
    const paths: Path[] = [];
    for (const d of data) {
        if (contains(d.net, remote)) {
            paths.push({ prefix: d.net.prefix, describe: `is directly connected (inside ${subnetText(d.net)} of self IP ${d.path} on VLAN ${pathOf(d.vlan)})` });
        }
    }
    const routes = dev.routes.map((r) => ({ r, net: parseNet(r?.network) }));
    for (const { r, net } of routes) {
        if (!net || !contains(net, remote)) continue;
        const via = r.gw !== undefined ? `gw ${r.gw}` : r.tmInterface !== undefined ? `interface ${r.tmInterface}` : r.pool !== undefined ? `pool ${r.pool}` : "no next hop";
        const what = net.prefix === 0 ? "the default route" : `route`;
        paths.push({ prefix: net.prefix - 0.5, describe: `is reachable via ${what} ${pathOf(r)} (${r.network}, ${via})` }); // connected wins a tie
    }
    if (paths.length) {
        const best = paths.reduce((a, b) => (b.prefix > a.prefix ? b : a));
        return { link: "route", ok: true, detail: `${text} ${best.describe}` };
    }
    const known = routes.filter(({ net }) => net).map(({ r }) => `${r.network}${r.gw !== undefined ? ` via ${r.gw}` : ""}`);
    const firstHost = localNet && localNet.family === remote.family && localNet.prefix < (localNet.family === 4 ? 31 : 127);
    const gw = firstHost ? formatAddr(localNet!.family, networkOf(localNet!) + 1n) : "<a next hop inside a data self IP subnet>";
    const note = firstHost ? " (in AWS a subnet's router is its first host)" : "";
    return {
        link: "route", ok: false,
        detail: `${text} is not reachable from this BIG-IP: it is in no self IP subnet on a VLAN, and no route covers it${known.length ? ` (routes: ${known.join(", ")})` : " (there are no routes)"}`,
        hint: `add \`net route <name> network <the remote network, e.g. the collector VPC CIDR> gw ${gw}\`${note}, or a default route through that next hop`,
    };
}

/** Decides whether the tunnel's underlay holds; never throws on odd device data (it reports it). */
export function checkUnderlay(dev: UnderlayDevice, want: UnderlayWant): UnderlayReport {
    const vlans = new Map<string, any>((dev.vlans ?? []).map((v) => [pathOf(v), v]));
    const device = { selfIps: dev.selfIps ?? [], vlans: dev.vlans ?? [], routes: dev.routes ?? [] };
    const data = dataSelfIps(device, vlans);
    const local = parseAddr(bareAddress(String(want.localAddress)));
    const remote = parseAddr(bareAddress(String(want.remoteAddress)));
    const report: UnderlayReport = { ok: false, checks: [] };

    const a = checkSelfIp(device, local, want, data);
    report.checks.push(a.check);
    let localNet: Net | undefined;
    if (a.self) {
        report.selfIp = pathOf(a.self);
        const b = checkVlan(a.self, vlans, data);
        report.checks.push(b.check);
        if (b.vlan) {
            report.vlan = pathOf(b.vlan);
            localNet = parseNet(a.self.address);
            const c = checkMtu(b.vlan, want.requiredMtu);
            report.vlanMtu = c.mtu;
            report.checks.push(c.check);
        }
    }
    report.checks.push(checkRoute(device, remote, want, data, localNet));
    report.ok = report.checks.length === 4 && report.checks.every((c) => c.ok);
    return report;
}

/** The broken links as lines for an error message: `- vlan-mtu: <detail>. Fix: <hint>`. */
export function describeUnderlayProblems(report: UnderlayReport): string {
    return report.checks.filter((c) => !c.ok).map((c) => `- ${c.link}: ${c.detail}.${c.hint ? ` Fix: ${c.hint}.` : ""}`).join("\n");
}

