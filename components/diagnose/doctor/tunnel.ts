/** The tunnel source (the underlay, by checkUnderlay) and the tunnel itself: its profile, endpoints, key and MTU. */
import { checkUnderlay, UnderlayLink } from "../../bigip/objects/underlay";
import { ClonePathExpectation, DoctorExpectation } from "../expect";
import { pathOf } from "../resolve";
import { DoctorDeviceState, DoctorLink, DoctorPathCheck } from "./types";
import { bare, effective, encName, q, TEB, VXLAN_PORT } from "./util";

const UNDERLAY: [UnderlayLink, DoctorLink, string, string][] = [
    ["self-ip", "source-self-ip", "source self IP", ""],
    ["vlan", "source-vlan", "source VLAN", "the tunnel source is not a self IP, so there is no VLAN to check"],
    ["vlan-mtu", "vlan-mtu", "VLAN MTU", "the tunnel source is not a self IP on a VLAN, so there is no MTU to check"],
    ["route", "route", "route", ""],
];

export function underlayChecks(dev: DoctorDeviceState, exp: DoctorExpectation, p: ClonePathExpectation): DoctorPathCheck[] {
    const r = checkUnderlay({ selfIps: dev.selfIps, vlans: dev.vlans, routes: dev.routes },
        { localAddress: exp.tunnelSourceIp, remoteAddress: p.collectorIp, requiredMtu: p.requiredMtu });
    return UNDERLAY.map(([u, link, label, skipped]) => {
        const c = r.checks.find((x) => x.link === u);
        return c ? { section: "tunnel source", link, label, status: c.ok ? "ok" : "fail", detail: c.detail, ...(c.hint ? { hint: c.hint } : {}) }
            : { section: "tunnel source", link, label, status: "unknown", detail: `not checked: ${skipped}` };
    });
}

export function profileCheck(dev: DoctorDeviceState, p: ClonePathExpectation, tunnel: any): DoctorPathCheck {
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

export function tunnelCheck(exp: DoctorExpectation, p: ClonePathExpectation, tunnel: any): DoctorPathCheck {
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
