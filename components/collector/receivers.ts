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
}

/**
 * The extra devices: IP-over-GRE from the data self IP (TEB from it lands on the gretap clone tunnel itself, unless
 * the clones use VXLAN), and both kinds from the management address when it is known and different.
 */
export function remoteCaptureReceivers(encapsulation: Encapsulation, dataIp: string, managementIp?: string): Receiver[] {
    const rs: Receiver[] = [{ device: "rcap-ip", mode: "gre", remote: dataIp, source: "data" }];
    if (encapsulation === "vxlan") rs.unshift({ device: "rcap-teb", mode: "gretap", remote: dataIp, source: "data" });
    if (managementIp !== undefined && managementIp !== dataIp) {
        rs.push({ device: "rcap-mgmt", mode: "gretap", remote: managementIp, source: "management" },
            { device: "rcap-mgmt-ip", mode: "gre", remote: managementIp, source: "management" });
    }
    return rs;
}

/** The settings file the clone-tunnel script reads for one receiver. */
export function renderReceiverEnv(r: Receiver, localIp: string, scriptPath: string): string {
    return [
        `# clone-l3: receiver ${r.device} for tcpdump --remote-dest from the BIG-IP ${r.source} address (${r.mode === "gre" ? "IP" : "Ethernet"} over GRE); read by ${scriptPath}`,
        `TUNNEL_MODE='${r.mode}'`, `TUNNEL_DEV='${r.device}'`, `LOCAL='${localIp}'`, `REMOTE='${r.remote}'`, "",
    ].join("\n");
}
