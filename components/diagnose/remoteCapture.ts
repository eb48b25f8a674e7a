/**
 * A bounded `tcpdump --remote-dest` on the BIG-IP (TMOS 13.1+), started through iControl REST `/mgmt/tm/util/bash`:
 * the BIG-IP streams what it captures over GRE to the collector, where the receiving interfaces decode it. The
 * command is validated here (no shell metacharacters can reach bash), limited in time (`timeout`) and in packets
 * (`-c`), and detached so the REST call returns at once (the call is synchronous; its REST-side timeout is unknown).
 */
import { Session } from "../bigip/rest/types";
import { check } from "../common/errors";
import { isIpv4 } from "../network/cidr";

export interface RemoteCaptureOptions {
    /** The collector's underlay IPv4 address: where the GRE stream goes. */
    readonly destination: string;
    /** BIG-IP capture interface: `0.0` (every TMM interface, the default) or a VLAN/interface name. */
    readonly interface?: string;
    /** Stop after this many seconds, 1..3600. Default 60. */
    readonly seconds?: number;
    /** Stop after this many packets, 1..1 000 000. Default 10 000. */
    readonly count?: number;
    /** pcap filter, e.g. `tcp port 80 and host 10.0.2.10`; letters, digits, spaces and `. : / ( ) ! < > = -` only. Default none. */
    readonly filter?: string;
    /** Bytes captured per packet, 0 (whole packet) ..65535. Default 0. */
    readonly snapLength?: number;
}

export const REMOTE_CAPTURE_DEFAULTS = { interface: "0.0", seconds: 60, count: 10_000, snapLength: 0 };

const int = (v: unknown, min: number, max: number, setting: string): number => {
    check(Number.isInteger(v) && (v as number) >= min && (v as number) <= max, setting, `${JSON.stringify(v)} must be an integer ${min}..${max}`);
    return v as number;
};

/** The tcpdump command line and the util/bash arguments that run it bounded and detached (pure, validated). */
export function remoteCaptureCommand(o: RemoteCaptureOptions): { tcpdump: string; utilCmdArgs: string } {
    check(typeof o.destination === "string" && isIpv4(o.destination) && o.destination.trim() === o.destination, "destination",
        `${JSON.stringify(o.destination)} must be the collector's underlay IPv4 address`);
    const iface = o.interface ?? REMOTE_CAPTURE_DEFAULTS.interface;
    check(typeof iface === "string" && /^\/?[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/.test(iface), "interface",
        `${JSON.stringify(iface)} must be a BIG-IP interface or VLAN name like 0.0, 1.1 or /Common/external`);
    const seconds = int(o.seconds ?? REMOTE_CAPTURE_DEFAULTS.seconds, 1, 3600, "seconds");
    const count = int(o.count ?? REMOTE_CAPTURE_DEFAULTS.count, 1, 1_000_000, "count");
    const snap = int(o.snapLength ?? REMOTE_CAPTURE_DEFAULTS.snapLength, 0, 65535, "snapLength");
    const filter = o.filter ?? "";
    // The command goes through bash -c '…': anything that could end the quote or start another command is refused.
    check(typeof filter === "string" && /^[A-Za-z0-9 .:/()!<>=-]*$/.test(filter) && filter.length <= 500, "filter",
        `${JSON.stringify(filter)} may only hold letters, digits, spaces and . : / ( ) ! < > = - (a pcap filter like "tcp port 80")`);
    const tcpdump = ["tcpdump", "-nn", "-i", iface, "-s", String(snap), "-c", String(count), "--remote-dest", o.destination, ...(filter.trim() ? [filter.trim()] : [])].join(" ");
    return { tcpdump, utilCmdArgs: `-c 'timeout ${seconds} ${tcpdump} >/dev/null 2>&1 &'` };
}

/** Starts the capture; returns at once (the capture ends by itself after `seconds` or `count` packets). */
export async function startRemoteCapture(s: Session, o: RemoteCaptureOptions): Promise<{ tcpdump: string; utilCmdArgs: string }> {
    const cmd = remoteCaptureCommand(o);
    const r = await s.post("tm/util/bash", { command: "run", utilCmdArgs: cmd.utilCmdArgs }, { action: `starting a remote capture to ${o.destination}` });
    if (r?.kind !== "tm:util:bash:runstate") throw new Error(`the BIG-IP did not run the capture: unexpected answer ${JSON.stringify(r).slice(0, 200)}`);
    return cmd;
}
