/**
 * Where a `tcpdump --remote-dest` stream shows up on the collector (pure). Which BIG-IP address the stream leaves
 * from (data self IP or management address) and whether it carries IP packets or Ethernet frames inside GRE is not
 * documented, so the collector has one receiving device per combination (components/collector/receivers.ts), and
 * Ethernet over GRE from the data self IP lands on the gretap clone tunnel itself. Each device is watched on its
 * own: tcpdump on the underlay (`proto gre`) would show the outer packets, not the capture inside them.
 */
import { remoteCaptureReceivers } from "../../components/collector/receivers";
import { bareAddress } from "../../components/bigip/objects/addr";
import { ClonePathExpectation } from "../../components/diagnose/expect";

/** The collector's clone tunnel device (components/collector: `deviceName`, default clone0). */
export const CLONE_DEVICE = "clone0";
const MGMT = "the BIG-IP management address";

export interface WatchStep {
    /** The receiving device on the collector. */
    device: string;
    /** What is inside the GRE packets it takes. */
    form: "IP over GRE" | "Ethernet over GRE";
    /** The BIG-IP address it takes GRE from. */
    from: string;
    /** What to run on the collector. */
    command: string;
    /** Why in this place of the order, and what else arrives there. */
    note: string;
}

/**
 * The collector's receiving devices for a capture sent to this path's collector, in the order to try them: IP
 * over GRE from the data self IP first (F5's article describes the stream as IP packets over GRE, and that device
 * carries nothing else), then Ethernet over GRE from it, then the two from the management address. `unit` "peer": the
 * devices for an HA pair's other unit, whose stream leaves from its own addresses (`tunnelSourceIp` is then its own).
 */
export function watchSteps(p: ClonePathExpectation, tunnelSourceIp: string, unit: "first" | "peer" = "first"): WatchStep[] {
    const data = bareAddress(tunnelSourceIp.trim());
    const all = unit === "first" ? remoteCaptureReceivers(p.encapsulation, data, MGMT)
        : remoteCaptureReceivers(p.encapsulation, "(first unit)", undefined, { dataIp: data, managementIp: MGMT });
    const receivers = all.filter((r) => r.unit === unit)
        .map((r) => ({ device: r.device, form: r.mode === "gre" ? "IP over GRE" as const : "Ethernet over GRE" as const, source: r.source }));
    if (p.encapsulation === "gre") receivers.push({ device: CLONE_DEVICE, form: "Ethernet over GRE", source: "data" });
    const rank = (r: { form: string; source: string }) => (r.source === "data" ? 0 : 2) + (r.form === "IP over GRE" ? 0 : 1);
    const mgmt = unit === "first" ? MGMT : `the HA peer's management address`;
    return receivers.sort((a, b) => rank(a) - rank(b)).map((r) => {
        const from = r.source === "data" ? `the data self IP ${data}` : mgmt;
        const note = r.source === "management"
            ? unit === "first" ? "only on a collector that knows that address (bigipManagementIp; the stack gives it when it creates the BIG-IP)"
                : "only on a collector that knows that address (peerBigipManagementIp; the stack gives it when it creates the pair)"
            : r.device !== CLONE_DEVICE && unit === "peer" ? `${r.form === "IP over GRE" ? "try this first; " : ""}only on the collector of a pair the stack creates (bigipHa)`
            : r.form === "IP over GRE" ? "try this first (F5's article describes the stream as IP packets over GRE, and nothing else arrives here)"
                : r.device === CLONE_DEVICE ? unit === "first" ? "the clone tunnel itself (or its deviceName), so the clone pool's copies arrive here too"
                    : `the clone tunnel's bridge (the peer's port is ${CLONE_DEVICE}-b), so the clone pool's copies arrive here too`
                    : `the VXLAN clones arrive on ${CLONE_DEVICE}, not here`;
        return { device: r.device, form: r.form, from, command: `sudo tcpdump -ni ${r.device}${r.form === "Ethernet over GRE" ? " -e" : ""}`, note };
    });
}
