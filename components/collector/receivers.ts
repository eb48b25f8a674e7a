/**
 * Receiving devices for `tcpdump --remote-dest` streams from the BIG-IP (pure). Which source address the BIG-IP
 * uses (its data self IP or its management address) and whether it sends Ethernet-over-GRE (TEB) or IP-over-GRE
 * are not documented (reference §1.13: the article's prose says IP, its receiver is a gretap). So the collector
 * gets a device for every combination that the clone tunnel itself does not already cover; each one only
 * accepts GRE from its source. Linux's ip_gre hands TEB packets to gretap devices and IP packets to gre devices,
 * so the two kinds can share a source without stealing each other's traffic.
 */
import { Encapsulation } from "../common/encapsulation";

export interface Receiver {
    /** Device name (≤ 15 characters). */
    device: string;
    /** `gretap`: Ethernet frames inside (TEB); `gre`: IP packets inside. */
    mode: "gretap" | "gre";
    /** The BIG-IP address the stream comes from. */
    remote: string;
    /** Which of the BIG-IP's addresses that is. */
    source: "data" | "management";
    /** Which unit of an HA pair sends it: the first (or only) one, or its peer. */
    unit: "first" | "peer";
}

/** The HA pair's other unit, as a source of remote tcpdump streams: its own data self IP and management address. */
export interface PeerSources { dataIp: string; managementIp: string }

/**
 * The extra devices: IP-over-GRE from the data self IP (TEB from it lands on the gretap clone tunnel itself, unless
 * the clones use VXLAN), and both kinds from the management address when it is known and different. An HA pair's
 * peer gets the same set from its own addresses (`rcap-peer-ip`, `rcap-peer-teb`, `rcap-pmgmt`, `rcap-pmgmt-ip`).
 */
export function remoteCaptureReceivers(encapsulation: Encapsulation, dataIp: string, managementIp?: string, peer?: PeerSources): Receiver[] {
    const names = {
        first: { ip: "rcap-ip", teb: "rcap-teb", mgmt: "rcap-mgmt", mgmtIp: "rcap-mgmt-ip" },
        peer: { ip: "rcap-peer-ip", teb: "rcap-peer-teb", mgmt: "rcap-pmgmt", mgmtIp: "rcap-pmgmt-ip" },
    } as const;
    const of = (unit: "first" | "peer", data: string, mgmt?: string): Receiver[] => {
        const n = names[unit];
        const rs: Receiver[] = [{ device: n.ip, mode: "gre", remote: data, source: "data", unit }];
        if (encapsulation === "vxlan") rs.unshift({ device: n.teb, mode: "gretap", remote: data, source: "data", unit });
        if (mgmt !== undefined && mgmt !== data) {
            rs.push({ device: n.mgmt, mode: "gretap", remote: mgmt, source: "management", unit },
                { device: n.mgmtIp, mode: "gre", remote: mgmt, source: "management", unit });
        }
        return rs;
    };
    return [...of("first", dataIp, managementIp), ...(peer ? of("peer", peer.dataIp, peer.managementIp) : [])];
}

/** The settings file the clone-tunnel script reads for one receiver. */
export function renderReceiverEnv(r: Receiver, localIp: string, scriptPath: string): string {
    const form = r.mode === "gre" ? "IP" : "Ethernet";
    return [
        // The first unit's text is what earlier releases rendered (a change would replace a deployed collector).
        r.unit === "first" ? `# clone-l3: receiver ${r.device} for tcpdump --remote-dest from the BIG-IP ${r.source} address (${form} over GRE); read by ${scriptPath}`
            : `# clone-l3: remote tcpdump, ${form} over GRE from the BIG-IP HA peer's ${r.source === "data" ? "self IP" : "mgmt address"}`,
        `TUNNEL_MODE='${r.mode}'`, `TUNNEL_DEV='${r.device}'`, `LOCAL='${localIp}'`, `REMOTE='${r.remote}'`, "",
    ].join("\n");
}
