/**
 * mcpd's data-plane rules for VLANs, self IPs and routes: device-assigned VLAN values, the interface flag pair, the
 * default-route spelling, and the gateway reachability a route needs (a self IP subnet holding its gateway). Every
 * rule names its source; the guessed parts are listed in README.md.
 */
import { BlockList, isIP } from "net";
import { KindSpec } from "../../components/bigip/objects/spec";
import { configError, invalidValue, mcpdError } from "./errors";
import { Obj, Store } from "./store";

/**
 * Values the device assigns to a new VLAN: `ifIndex` from the one series tunnels use too (the 14.1.2.1 captures:
 * tunnels 112, 128; VLANs 144, 160, 176, 192), and — when none was given — the highest free `tag` counting down from
 * 4094 (the captures' untagged VLANs carry 4094 and 4093; bigip_vlan: "The system automatically assigns a tag number").
 */
export function assignVlan(store: Store, spec: KindSpec, o: Obj): void {
    if (spec.id !== "vlan") return;
    o.props.ifIndex ??= (store.nextIfIndex += 16) - 16;
    if (o.props.tag === undefined) {
        const used = new Set(store.list("vlan").filter((v) => v.fullPath !== o.fullPath).map((v) => v.props.tag));
        let tag = 4094;
        while (used.has(tag) && tag > 1) tag--;
        o.props.tag = tag;
    }
}

/**
 * A VLAN interface item is stored with exactly one of `tagged` / `untagged` set to true, as GETs report it (16.0.0
 * capture). Neither given means untagged, as `tmsh … interfaces add { 1.1 }` (guessed for REST); both true is
 * refused (f5-sdk: "You cannot send both tagged and untagged attributes"; the text is guessed).
 */
export function normalizeInterface(props: Record<string, unknown>): Record<string, unknown> {
    if (props.tagged === true && props.untagged === true) throw invalidValue("tagged", true);
    const tagged = props.tagged === true || props.untagged === false;
    const { tagged: _t, untagged: _u, ...rest } = props;
    return { ...rest, ...(tagged ? { tagged: true } : { untagged: true }) };
}

/** A PATCH of one item: for interfaces a written flag replaces the other one. */
export function mergeItemProps(sub: string, cur: Record<string, unknown>, written: Record<string, unknown>): Record<string, unknown> {
    if (sub !== "interfaces") return { ...cur, ...written };
    const flagWritten = written.tagged !== undefined || written.untagged !== undefined;
    const base = flagWritten ? Object.fromEntries(Object.entries(cur).filter(([k]) => k !== "tagged" && k !== "untagged")) : cur;
    return normalizeInterface({ ...base, ...written });
}

/** The IPv4 default route reads back as `default` (14.1.2.1 capture; bigip_static_route accepts both spellings). */
export function settleNet(spec: KindSpec, props: Record<string, unknown>): void {
    if (spec.id === "route" && props.network === "0.0.0.0/0") props.network = "default";
}

function splitRd(addr: string): { ip: string; rd: number } {
    const m = /^([^%]+)(?:%(\d+))?$/.exec(addr);
    return { ip: m?.[1] ?? addr, rd: Number(m?.[2] ?? 0) };
}

/** Self IPs whose subnet holds `gw` (same route domain). */
function selfIpsHolding(store: Store, gw: string): Obj[] {
    const g = splitRd(gw);
    const family = isIP(g.ip);
    if (!family) return [];
    return store.list("selfIp").filter((s) => {
        if (typeof s.props.address !== "string") return false;
        const [addr, len] = s.props.address.split("/");
        const a = splitRd(addr);
        if (a.rd !== g.rd || isIP(a.ip) !== family) return false;
        const b = new BlockList();
        b.addSubnet(a.ip, Number(len), family === 4 ? "ipv4" : "ipv6");
        return b.check(g.ip, family === 4 ? "ipv4" : "ipv6");
    });
}

/**
 * mcpd refuses a route whose gateway no self IP subnet holds. Text from a real answer (F5Networks/
 * f5-declarative-onboarding#266, 14.x): `01070712:3: Cannot create static route: 0.0.0.0%2/0 gw 128.233.210.1%2 on
 * interface  in rd2 - netlink error: 101 (Network is unreachable)`; sapcc/octavia-f5-provider-driver#154: "BigIP doesn't
 * allow to set arbitrary route gateways for networks, which are missing selfip cidr for that route". The same text for a
 * changed gateway and the `rd0` spelling are guessed.
 */
export function checkRoute(store: Store, spec: KindSpec, o: Obj, written: Record<string, unknown>): void {
    if (spec.id !== "route" || typeof o.props.gw !== "string" || written.gw === undefined) return;
    if (selfIpsHolding(store, o.props.gw).length > 0) return;
    const rd = splitRd(o.props.gw).rd;
    throw mcpdError(400, `01070712:3: Cannot create static route: ${String(o.props.network)} gw ${o.props.gw} on interface  in rd${rd} - netlink error: 101 (Network is unreachable)`);
}

/**
 * A self IP cannot go while a route's gateway is reachable only through its subnet (K93641063; the F5 ACI
 * ServiceCenter docs quote "Cannot delete IP because it would leave a route unreachable", and an OpenStack cleanup
 * script matches "because it would leave a route unreachable."). The message code and prefix are guessed.
 */
export function checkSelfIpDelete(store: Store, spec: KindSpec, o: Obj): void {
    if (spec.id !== "selfIp") return;
    for (const r of store.list("route")) {
        const gw = r.props.gw;
        if (typeof gw !== "string") continue;
        const holders = selfIpsHolding(store, gw);
        if (holders.some((s) => s.fullPath === o.fullPath) && holders.length === 1) {
            throw configError("Cannot delete IP because it would leave a route unreachable.");
        }
    }
}
