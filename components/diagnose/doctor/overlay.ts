/** The overlay: the self IP on the tunnel, the static ARP entry (collector MAC) and the FDB record (underlay IP). */
import { parseNet } from "../../common/values";
import { ClonePathExpectation } from "../expect";
import { canonicalMac, pathOf } from "../resolve";
import { DoctorDeviceState, DoctorPathCheck } from "./types";
import { bare, q } from "./util";

export function tunnelSelfCheck(dev: DoctorDeviceState, p: ClonePathExpectation): DoctorPathCheck {
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

export function arpCheck(dev: DoctorDeviceState, p: ClonePathExpectation): DoctorPathCheck {
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

export function fdbCheck(dev: DoctorDeviceState, p: ClonePathExpectation, tunnel: any): DoctorPathCheck {
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
