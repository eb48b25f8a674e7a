/** The device's own walk from our member (resolveClonePool), compared with what the collector expects. */
import { ClonePathExpectation, DoctorExpectation } from "../expect";
import { canonicalMac, CloneDelivery, memberAddress, resolveClonePool } from "../resolve";
import { DoctorDeviceState, DoctorPathCheck } from "./types";
import { bare, encName, q, VXLAN_PORT } from "./util";

const deliveryText = (d: { encapsulation: "gre" | "vxlan"; mac: string; localAddress: string; remoteAddress: string; key: number; tunnel: string; port?: number }) =>
    `${encName(d.encapsulation)} frames to ${d.mac}, ${d.localAddress} → ${d.remoteAddress}${d.encapsulation === "vxlan" ? ` UDP ${d.port ?? VXLAN_PORT}, VNI` : ", key"} ${d.key}, through ${d.tunnel}`;

/** The device's own walk (resolveClonePool, as the data-plane proof uses it) from our member, compared with the expectation. */
export function walkCheck(dev: DoctorDeviceState, exp: DoctorExpectation, p: ClonePathExpectation): { check: DoctorPathCheck; delivery?: CloneDelivery } {
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
