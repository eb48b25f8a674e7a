/**
 * Where does a clone pool's copy actually go? A pure walk over the BIG-IP's objects as iControl REST returns
 * them, following what the device does with a cloned frame: the pool member's IP → the tunnel whose self IP
 * subnet holds it (L2 adjacency) → the static ARP entry for that IP (destination MAC) → the FDB record for that
 * MAC on the tunnel (else the tunnel's own remote address) → the tunnel's encapsulation (profile), key/VNI and
 * local address. A real BIG-IP clones silently nowhere when any link is wrong, so each link is reported.
 * Used by the data-plane proof (to build the sending side from the device state) and by `npm run doctor`.
 */
import { bareAddress, contains, parseAddr, parseNet } from "../common/values";

export type CloneLink = "pool" | "member" | "self-ip" | "arp" | "fdb" | "tunnel" | "profile";

export interface LinkResult {
    link: CloneLink;
    ok: boolean;
    detail: string;
    hint?: string;
}

/** The device objects the walk needs: items of each collection (pools and FDB tunnels with sub-collections expanded). */
export interface CloneDeviceState {
    pools: any[];
    selfIps: any[];
    arps: any[];
    fdbTunnels: any[];
    tunnels: any[];
    greProfiles: any[];
    vxlanProfiles: any[];
}

/** What the BIG-IP sends for one member: an Ethernet frame to `mac`, encapsulated from `localAddress` to `remoteAddress`. */
export interface CloneDelivery {
    member: string;
    memberIp: string;
    tunnel: string;
    mac: string;
    encapsulation: "gre" | "vxlan";
    /** GRE key or VXLAN VNI (0 = none). */
    key: number;
    /** VXLAN UDP destination port. */
    port?: number;
    localAddress: string;
    remoteAddress: string;
}

export interface MemberResolution {
    ok: boolean;
    member: string;
    links: LinkResult[];
    delivery?: CloneDelivery;
}

export const pathOf = (o: any): string => o?.fullPath ?? `/${o?.partition ?? "Common"}/${o?.name}`;
const q = (v: unknown): string => (typeof v === "string" && !v.startsWith("/") ? `/Common/${v}` : String(v));

/** `02:00:5e:10:00:0f` whatever the device's spelling (`2:0:5e:10:0:f`, upper case). */
export function canonicalMac(text: unknown): string | undefined {
    if (typeof text !== "string") return undefined;
    const parts = text.trim().toLowerCase().split(/[:-]/);
    if (parts.length !== 6 || !parts.every((p) => /^[0-9a-f]{1,2}$/.test(p))) return undefined;
    return parts.map((p) => p.padStart(2, "0")).join(":");
}

/** `10.254.0.2:0` → `10.254.0.2`; `2001:db8::2.0` → `2001:db8::2` (IPv6 members use a dot before the port). */
export function memberAddress(name: string, address?: string): string {
    if (address) return bareAddress(address);
    const m = /^(.*)([:.])(\d+)$/.exec(name.replace(/^\/[^/]+\//, ""));
    return m ? bareAddress(m[1]) : name;
}

function profileOf(dev: CloneDeviceState, path: string): { kind: "gre" | "vxlan"; obj: any } | undefined {
    const gre = dev.greProfiles.find((p) => pathOf(p) === path);
    if (gre) return { kind: "gre", obj: gre };
    const vx = dev.vxlanProfiles.find((p) => pathOf(p) === path);
    return vx ? { kind: "vxlan", obj: vx } : undefined;
}

/** A profile's effective value: its own, else its parent's (`defaultsFrom`), as the device inherits it. */
function inherited(dev: CloneDeviceState, p: any, key: string, depth = 0): unknown {
    if (p?.[key] !== undefined || depth > 5 || !p?.defaultsFrom) return p?.[key];
    const parent = [...dev.greProfiles, ...dev.vxlanProfiles].find((x) => pathOf(x) === q(p.defaultsFrom));
    return inherited(dev, parent, key, depth + 1);
}

function resolveMember(dev: CloneDeviceState, m: any): MemberResolution {
    const member = String(m.name);
    const ip = memberAddress(member, m.address);
    const addr = parseAddr(ip);
    const links: LinkResult[] = [];
    const fail = (l: LinkResult): MemberResolution => ({ ok: false, member, links: [...links, l] });
    if (!addr) return fail({ link: "member", ok: false, detail: `member ${member} has no address the walk understands` });
    const port = /[:.](\d+)$/.exec(member)?.[1];
    links.push({
        link: "member", ok: port === "0",
        detail: port === "0" ? `member ${member} (port 0: whole frames, any port)` : `member ${member} is on port ${port}: a clone member should be IP:0`,
        ...(port === "0" ? {} : { hint: `use ${ip}:0` }),
    });

    const self = dev.selfIps.find((s) => { const n = parseNet(s?.address); return n && contains(n, addr); });
    const tunnel = self && dev.tunnels.find((t) => pathOf(t) === q(self.vlan));
    if (!self || !tunnel) {
        return fail({
            link: "self-ip", ok: false,
            detail: self ? `${ip} is in self IP ${pathOf(self)} (${self.address}) on ${q(self.vlan)}, which is not a tunnel: the copy would not cross L3`
                : `${ip} is in no self IP's subnet: the BIG-IP has no L2 path to it, so clones go nowhere`,
            hint: "put a self IP of the overlay subnet on the clone tunnel (`net self … vlan <tunnel>`)",
        });
    }
    links.push({ link: "self-ip", ok: true, detail: `${ip} is L2-adjacent through self IP ${pathOf(self)} (${self.address}) on tunnel ${pathOf(tunnel)}` });

    const arp = dev.arps.find((a) => bareAddress(String(a?.ipAddress)) === ip);
    const mac = canonicalMac(arp?.macAddress);
    if (!arp || !mac) {
        return fail({ link: "arp", ok: false, detail: `no static ARP entry for ${ip}: the BIG-IP does not know the collector's MAC`, hint: `create net arp … ip-address ${ip} mac-address <the collector tunnel interface's MAC>` });
    }
    links.push({ link: "arp", ok: true, detail: `static ARP ${pathOf(arp)}: ${ip} → ${mac}` });

    const fdb = dev.fdbTunnels.find((f) => pathOf(f) === pathOf(tunnel));
    const records: any[] = fdb?.records ?? fdb?.recordsReference?.items ?? [];
    const record = records.find((r) => canonicalMac(r?.name) === mac);
    const tunnelRemote = typeof tunnel.remoteAddress === "string" && !/^any6?$/.test(tunnel.remoteAddress) ? bareAddress(tunnel.remoteAddress) : undefined;
    const endpoint = record ? bareAddress(String(record.endpoint)) : tunnelRemote;
    if (!endpoint) {
        return fail({ link: "fdb", ok: false, detail: `no FDB record for ${mac} on ${pathOf(tunnel)} and the tunnel has no remote address: the frame has no endpoint`, hint: `modify net fdb tunnel ${pathOf(tunnel)} records add { ${mac} { endpoint <collector underlay IP> } }` });
    }
    if (record && tunnelRemote && endpoint !== tunnelRemote) {
        return fail({ link: "fdb", ok: false, detail: `FDB record ${mac} on ${pathOf(tunnel)} points at ${endpoint}, but the tunnel's remote address is ${tunnelRemote}`, hint: "make the FDB endpoint the collector's underlay IP (the tunnel's remote address)" });
    }
    links.push({ link: "fdb", ok: true, detail: record ? `FDB ${pathOf(tunnel)}: ${mac} → endpoint ${endpoint}` : `no FDB record; point-to-point tunnel to ${endpoint} (Inference: a tunnel with a remote address needs none)` });

    const local = typeof tunnel.localAddress === "string" && !/^any6?$/.test(tunnel.localAddress) ? bareAddress(tunnel.localAddress) : undefined;
    if (!local) return fail({ link: "tunnel", ok: false, detail: `tunnel ${pathOf(tunnel)} has no local address: its outer packets have no source`, hint: "set local-address to the data self IP" });
    links.push({ link: "tunnel", ok: true, detail: `tunnel ${pathOf(tunnel)}: ${local} → ${endpoint}, key ${tunnel.key ?? 0}` });

    const profile = profileOf(dev, q(tunnel.profile));
    if (!profile) return fail({ link: "profile", ok: false, detail: `tunnel ${pathOf(tunnel)} uses profile ${tunnel.profile}, which is neither a GRE nor a VXLAN profile` });
    if (profile.kind === "gre" && inherited(dev, profile.obj, "encapsulation") !== "transparent-ethernet-bridging") {
        return fail({
            link: "profile", ok: false,
            detail: `GRE profile ${pathOf(profile.obj)} has encapsulation ${inherited(dev, profile.obj, "encapsulation") ?? "standard"}: it carries IP packets, not the Ethernet frames a clone is`,
            hint: "use a GRE profile with encapsulation transparent-ethernet-bridging",
        });
    }
    const vxPort = profile.kind === "vxlan" ? Number(inherited(dev, profile.obj, "port") ?? 4789) : undefined;
    links.push({ link: "profile", ok: true, detail: profile.kind === "gre" ? `GRE-TEB profile ${pathOf(profile.obj)}` : `VXLAN profile ${pathOf(profile.obj)}, UDP ${vxPort}` });
    return {
        ok: links.every((l) => l.ok),
        member,
        links,
        delivery: {
            member, memberIp: ip, tunnel: pathOf(tunnel), mac, encapsulation: profile.kind, key: Number(tunnel.key ?? 0),
            ...(vxPort !== undefined ? { port: vxPort } : {}), localAddress: local, remoteAddress: endpoint,
        },
    };
}

/** Every member of `pool` (full path), resolved; a missing or empty pool is one broken `pool` link. */
export function resolveClonePool(dev: CloneDeviceState, pool: string): MemberResolution[] {
    const p = dev.pools.find((x) => pathOf(x) === q(pool));
    const members: any[] = p?.members ?? p?.membersReference?.items ?? [];
    if (!p || members.length === 0) {
        return [{ ok: false, member: "(none)", links: [{ link: "pool", ok: false, detail: p ? `pool ${q(pool)} has no members` : `pool ${q(pool)} does not exist` }] }];
    }
    return members.map((m) => resolveMember(dev, m));
}
