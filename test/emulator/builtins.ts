/**
 * What a fresh 14.1.2.1 ships with. Modelled built-ins are exactly the captured ones (GRE and VXLAN
 * profiles, http-tunnel and socks-tunnel with their FDB tunnels), with the captured generation/ifIndex,
 * so a fresh emulator's collection GETs equal the captures. Only values that differ from the spec
 * defaults are stored; rendering fills in the rest.
 */
import { KindId } from "../../components/bigip/objects/spec";
import { Obj, Store } from "./store";

function builtin(kind: KindId, name: string, props: Record<string, unknown> = {}, subs: Obj["subs"] = {}): Obj {
    return { kind, name, partition: "Common", fullPath: `/Common/${name}`, generation: 1, builtin: true, props, subs };
}

const vxlanChild = (name: string, props: Record<string, unknown>) =>
    builtin("vxlanProfile", name, { defaultsFrom: "/Common/vxlan", ...props });

const builtinTunnel = (name: string, description: string, ifIndex: number) =>
    builtin("tunnel", name, { description, ifIndex, profile: "/Common/tcp-forward" });

export function installBuiltins(store: Store): void {
    [
        builtin("greProfile", "gre"),
        builtin("greProfile", "nvgre", { defaultsFrom: "/Common/gre", encapsulation: "nvgre" }),
        builtin("vxlanProfile", "vxlan"),
        vxlanChild("vxlan-gpe", { encapsulationType: "vxlan-gpe", floodingType: "multipoint", port: 4790 }),
        vxlanChild("vxlan-multipoint", { floodingType: "multipoint" }),
        vxlanChild("vxlan-ovsdb", { floodingType: "replicator" }),
        vxlanChild("vxlan-ovsdb-multipoint", { floodingType: "multipoint" }),
        vxlanChild("vxlan-ovsdb-no-flooding", { floodingType: "none" }),
        builtinTunnel("http-tunnel", "Tunnel for http-explicit profile", 112),
        builtinTunnel("socks-tunnel", "Tunnel for socks profile", 128),
        builtin("fdbTunnel", "http-tunnel", {}, { records: [] }),
        builtin("fdbTunnel", "socks-tunnel", {}, { records: [] }),
    ].forEach((o) => store.put(o));
}

/**
 * Objects every device has but that we do not model as kinds; references to them are accepted.
 * `at` is the collection they live in (for `*Reference` links); `for` lists the `<kind>.<prop>` that may name them.
 */
interface Foreign { fullPath: string; at: string; for: readonly string[] }

const MONITOR_PROPS = ["pool.monitor", "pool.members.monitor"];
const TG_PROPS = ["tunnel.trafficGroup", "selfIp.trafficGroup"];

export const FOREIGN: readonly Foreign[] = [
    { fullPath: "/Common/tcp-forward", at: "net/tunnels/tcp-forward", for: ["tunnel.profile"] },
    { fullPath: "/Common/tcp", at: "ltm/profile/tcp", for: ["virtual.profiles"] },
    { fullPath: "/Common/http", at: "ltm/profile/http", for: ["virtual.profiles"] },
    { fullPath: "/Common/clientssl", at: "ltm/profile/client-ssl", for: ["virtual.profiles"] },
    { fullPath: "/Common/serverssl", at: "ltm/profile/server-ssl", for: ["virtual.profiles"] },
    { fullPath: "/Common/fastL4", at: "ltm/profile/fastl4", for: ["virtual.profiles"] },
    { fullPath: "/Common/gateway_icmp", at: "ltm/monitor/gateway-icmp", for: MONITOR_PROPS },
    { fullPath: "/Common/tcp", at: "ltm/monitor/tcp", for: MONITOR_PROPS },
    { fullPath: "/Common/http", at: "ltm/monitor/http", for: MONITOR_PROPS },
    { fullPath: "/Common/icmp", at: "ltm/monitor/icmp", for: MONITOR_PROPS },
    { fullPath: "/Common/traffic-group-local-only", at: "cm/traffic-group", for: TG_PROPS },
    { fullPath: "/Common/traffic-group-1", at: "cm/traffic-group", for: TG_PROPS },
];

/** The foreign built-in that `<kind>.<prop>` may reference by `fullPath`, if any. */
export function foreign(where: string, fullPath: string): Foreign | undefined {
    return FOREIGN.find((f) => f.fullPath === fullPath && f.for.includes(where));
}

/** A virtual created without profiles gets fastL4, as tmsh does (guessed for REST). */
export const DEFAULT_VIRTUAL_PROFILE = "/Common/fastL4";
