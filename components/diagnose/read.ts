/** Reads, over one iControl REST session, every collection the clone-path walk (resolve.ts) needs: GETs only. */
import { Session } from "../bigip/rest/types";
import { CloneDeviceState } from "./resolve";

const COLLECTIONS: Record<keyof CloneDeviceState, { path: string; expand?: boolean; what: string }> = {
    pools: { path: "tm/ltm/pool", expand: true, what: "the pools" },
    selfIps: { path: "tm/net/self", what: "the self IPs" },
    arps: { path: "tm/net/arp", what: "the static ARP entries" },
    fdbTunnels: { path: "tm/net/fdb/tunnel", expand: true, what: "the tunnel FDB records" },
    tunnels: { path: "tm/net/tunnels/tunnel", what: "the tunnels" },
    greProfiles: { path: "tm/net/tunnels/gre", what: "the GRE profiles" },
    vxlanProfiles: { path: "tm/net/tunnels/vxlan", what: "the VXLAN profiles" },
};

export async function readCloneDeviceState(s: Session): Promise<CloneDeviceState> {
    const out = {} as CloneDeviceState;
    for (const [key, c] of Object.entries(COLLECTIONS) as [keyof CloneDeviceState, (typeof COLLECTIONS)[keyof CloneDeviceState]][]) {
        const body = await s.get(c.path, { action: `reading ${c.what}`, query: c.expand ? { expandSubcollections: "true" } : undefined });
        out[key] = (body?.items ?? []) as any[];
    }
    return out;
}
