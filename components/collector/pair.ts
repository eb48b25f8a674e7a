/**
 * The collector end for a BIG-IP HA pair (pure). Both units clone to the same pool member (the collector's overlay
 * address: the pool is synced), each through its own tunnel from its own non-floating data self IP, each with a
 * static ARP entry and FDB record pointing at the same collector MAC. So the collector keeps ONE device (TUNNEL_DEV:
 * one MAC, one overlay address; tcpdump, Suricata and the capture unit read it as before) that accepts either unit:
 *
 * - vxlan: Linux allows one vxlan device per VNI and UDP port ("A VXLAN device with the specified VNI already
 *   exists") and decapsulates for it whatever the outer source. So the device clone-tunnel makes as before (remote =
 *   the first unit, its all-zeros FDB entry) gets a second all-zeros entry to the peer: one ExecStartPost line,
 *   `bridge fdb append 00:00:00:00:00:00 dev <device> dst <peer>`, in a drop-in for the device's tunnel unit.
 * - gre: Linux hands a GRE packet to the gretap whose `remote` is its source, so one gretap per unit, both isolated
 *   ports (no forwarding from one unit to the other) of a bridge named like the device, which carries the MAC, the
 *   MTU and the overlay address; frames to the bridge's MAC are delivered to the bridge device itself. That is
 *   scripts/clone-tunnel-pair.sh (it makes each port with clone-tunnel), run by a drop-in that replaces the tunnel
 *   unit's ExecStart/ExecStop for that device only (the remote-capture receivers keep the template's command).
 *
 * A collector without a peer gets none of this: its cloud-config stays byte-for-byte what it was. Both additions
 * are small because EC2 user data is capped at 16 KB and the single-unit cloud-config already uses most of it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Encapsulation } from "../common/encapsulation";

/** The GRE pair script (gre only). */
export const PAIR_SCRIPT_PATH = "/usr/local/sbin/clone-tunnel-pair";
/** iproute2's bridge tool (package iproute on CentOS Stream / RHEL). */
export const BRIDGE = "/usr/sbin/bridge";

/** The drop-in for `clone-tunnel@<device>.service` only (receivers keep the template's command). */
export function pairDropInPath(device: string): string {
    return `/etc/systemd/system/clone-tunnel@${device}.service.d/ha-pair.conf`;
}

/** The gretap ports the gre pair script makes under the bridge, for the first unit (REMOTE) and the peer (PEER_REMOTE). */
export function pairPortNames(device: string): [string, string] {
    const stem = device.slice(0, 12);
    return [`${stem}-a`, `${stem}-b`];
}

/** The gre pair script exactly as shipped (read at render time so the tested file is the deployed file). */
export function cloneTunnelPairScript(): string {
    return fs.readFileSync(path.join(__dirname, "scripts", "clone-tunnel-pair.sh"), "utf8");
}

/** The drop-in for the device's tunnel unit: one more FDB entry (vxlan), or the pair script instead of clone-tunnel (gre). */
export function renderPairDropIn(encapsulation: Encapsulation, device: string, peer: string, envDir: string): string {
    const head = `# clone-l3: ${device} also receives the clone tunnel from the BIG-IP HA peer ${peer}.\n[Service]\n`;
    if (encapsulation === "vxlan") return `${head}ExecStartPost=${BRIDGE} fdb append 00:00:00:00:00:00 dev ${device} dst ${peer}\n`;
    const env = `${envDir}/${device}.env`;
    return `${head}ExecStart=\nExecStart=${PAIR_SCRIPT_PATH} up ${env}\nExecStop=\nExecStop=${PAIR_SCRIPT_PATH} down ${env}\n`;
}
