/**
 * One resource of every provider type, with its inputs unset and set: the table the wire test and the upgrade test
 * (state written by an earlier release) share, and the underlay those inputs need on the emulator.
 */
import { BigIpConnection } from "../../components/bigip/rest";
import { KindId } from "../../components/bigip/objects/spec";
import { Emulator } from "../emulator";

export interface Row {
    type: string;
    title?: string;
    seed?(e: Emulator): void;
    base(c: BigIpConnection): Record<string, unknown>;
    /** Every optional input, set. */
    optional: Record<string, unknown>;
    /** The device object whose description another admin clears (kind and full path). */
    cleared?: { kind: KindId; fullPath: string };
}

export const MAC = "02:00:5e:10:00:07";
const gre = (name: string) => ({ name, defaultsFrom: "/Common/gre", encapsulation: "transparent-ethernet-bridging" });
const common = { partition: "Common", adopt: false, providerVersion: "2" };

export function underlay(e: Emulator): void {
    e.seed("greProfile", gre("w-tp"));
    e.seed("tunnel", { name: "w-tun", profile: "/Common/w-tp", localAddress: "10.0.2.5", remoteAddress: "10.1.1.20" });
    e.seed("vlan", { name: "w-ext", interfaces: [{ name: "1.1", untagged: true }], mtu: 9001 });
    e.seed("selfIp", { name: "w-ext-self", address: "10.0.2.5/24", vlan: "/Common/w-ext" });
    e.seed("route", { name: "w-rt", network: "10.1.0.0/16", gw: "10.0.2.1" });
    e.seed("pool", { name: "w-app", members: [{ name: "10.0.3.10:80" }] });
    e.seed("virtual", { name: "w-app-vs", destination: "/Common/10.0.2.10:80", pool: "/Common/w-app" });
}

export const ROWS: Row[] = [
    { type: "TunnelProfile", title: "TunnelProfile (gre)", base: (c) => ({ connection: c, name: "w-gre", encapsulation: "gre" }),
        optional: { ...common, floodingType: "multipoint", description: "d" }, cleared: { kind: "greProfile", fullPath: "/Common/w-gre" } },
    { type: "TunnelProfile", title: "TunnelProfile (vxlan)", base: (c) => ({ connection: c, name: "w-vx", encapsulation: "vxlan" }),
        optional: { ...common, port: 8472, description: "d" }, cleared: { kind: "vxlanProfile", fullPath: "/Common/w-vx" } },
    { type: "Tunnel", base: (c) => ({ connection: c, name: "w-t", profile: "w-tp", localAddress: "10.0.2.5", remoteAddress: "10.1.1.30" }),
        optional: { ...common, key: 5, mtu: 1400, tos: "preserve", description: "d" }, cleared: { kind: "tunnel", fullPath: "/Common/w-t" } },
    { type: "SelfIp", base: (c) => ({ connection: c, name: "w-s", address: "10.254.7.1/29", vlan: "w-tun" }),
        optional: { ...common, allowService: "none", trafficGroup: "traffic-group-local-only", description: "d" }, cleared: { kind: "selfIp", fullPath: "/Common/w-s" } },
    { type: "StaticArp", base: (c) => ({ connection: c, name: "w-a", ipAddress: "10.254.7.2", macAddress: MAC }),
        optional: { ...common, description: "d" }, cleared: { kind: "arp", fullPath: "/Common/w-a" } },
    { type: "FdbRecord", base: (c) => ({ connection: c, name: MAC, tunnel: "w-tun", endpoint: "10.1.1.20" }), optional: { adopt: false, providerVersion: "2" } },
    { type: "Pool", base: (c) => ({ connection: c, name: "w-p", members: ["10.254.7.2:0"] }),
        optional: { ...common, monitor: "gateway_icmp", loadBalancingMode: "round-robin", description: "d" }, cleared: { kind: "pool", fullPath: "/Common/w-p" } },
    { type: "VirtualServer", base: (c) => ({ connection: c, name: "w-v", destination: "10.0.2.11:80" }),
        optional: { ...common, pool: "w-app", profiles: ["tcp"], snat: "automap", source: "0.0.0.0/0", mask: "255.255.255.255", ipProtocol: "tcp", description: "d" },
        cleared: { kind: "virtual", fullPath: "/Common/w-v" } },
    { type: "Vlan", base: (c) => ({ connection: c, name: "w-vl", interfaces: [{ name: "1.2" }] }),
        optional: { ...common, tag: 42, mtu: 9001, description: "d" }, cleared: { kind: "vlan", fullPath: "/Common/w-vl" } },
    { type: "Route", base: (c) => ({ connection: c, name: "w-r", network: "10.9.0.0/16", gw: "10.0.2.1" }),
        optional: { ...common, mtu: 1500, description: "d" }, cleared: { kind: "route", fullPath: "/Common/w-r" } },
    { type: "TunnelChain", base: (c) => ({ connection: c, name: "w-ch", encapsulation: "gre", localAddress: "10.0.2.5", remoteAddress: "10.1.1.40",
        selfAddress: "10.254.8.1/29", collectorAddress: "10.254.8.2", collectorMac: "02:00:5e:10:00:08" }),
    optional: { ...common, key: 9, mtu: 1400, fdbRecord: false } },
    { type: "ClonePoolAttachment", base: (c) => ({ connection: c, virtualServer: "w-app-vs", pool: "w-app", context: "clientside" }),
        optional: { providerVersion: "2", takeOver: false, allowListPatch: true } },
    { type: "ConfigSave", base: (c) => ({ connection: c, name: "w-save", triggers: [] }), optional: { triggers: ["a", 1, true, { b: "c" }] } },
    { type: "UnderlayCheck", base: (c) => ({ connection: c, name: "w-u", localAddress: "10.0.2.5", remoteAddress: "10.1.1.20", requiredMtu: 1550 }),
        optional: {} },
];
