/** What a healthy clone path looks like on the device: the stack's own view, exported for `npm run doctor`. */
import { BigIpTls } from "../bigip/rest/types";

export interface ClonePathExpectation {
    /** The collector's name in `collectors`. */
    collector: string;
    /** Full path of the tunnel (the chain's base object). */
    tunnel: string;
    /** Full path of the clone pool the collector is a member of. */
    pool: string;
    /** The collector's underlay IP: the tunnel's remote end and the FDB endpoint. */
    collectorIp: string;
    /** The collector tunnel interface's MAC: the static ARP entry and the FDB record. */
    collectorMac: string;
    /** The pool member's address (the collector's overlay IP). */
    collectorOverlayIp: string;
    /** The BIG-IP's self IP on the tunnel, with prefix. */
    bigipOverlay: string;
    encapsulation: "gre" | "vxlan";
    /** GRE key or VXLAN VNI. */
    key: number;
    /** Tunnel MTU. */
    mtu: number;
    /** Largest outer packet: mtu + encapsulation overhead; the tunnel source's VLAN must carry it. */
    requiredMtu: number;
}

export interface DoctorExpectation {
    /** Where the BIG-IP's iControl REST is, and the TLS trust to use (public: a fingerprint or CA). No password. */
    device: { host: string; port: number; username: string; tls?: BigIpTls };
    /** The self IP the tunnels leave from. */
    tunnelSourceIp: string;
    paths: ClonePathExpectation[];
    /** Every clone-pool attachment the stack made. */
    attachments: { virtualServer: string; context: "clientside" | "serverside"; pool: string }[];
    /**
     * The other unit of an HA pair (`existingBigip.peer`); absent for one BIG-IP (and in every output before 0.4.0).
     * Each unit has its own tunnel of the same name, from its own source, and its own overlay self IP; the pool and
     * the attachments are the same on both (config-sync).
     */
    peer?: PeerExpectation;
}

/** The second unit of an HA pair: where it is (no password), its tunnel source, and its overlay self IP per path. */
export interface PeerExpectation {
    device: { host: string; port: number; username: string; tls?: BigIpTls };
    /** Its own non-floating self IP its tunnels leave from. */
    tunnelSourceIp: string;
    /** Its self IP on each path's tunnel (the overlay's third host), by collector. */
    paths: { collector: string; bigipOverlay: string }[];
}
