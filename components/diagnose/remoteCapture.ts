/**
 * A bounded `tcpdump --remote-dest` on the BIG-IP (TMOS 13.1+), started through iControl REST `/mgmt/tm/util/bash`:
 * the BIG-IP streams what it captures over GRE to the collector, where the receiving interfaces decode it. Limited
 * in time (`timeout`) and in packets (`-c`), and detached so the REST call returns at once (the call is synchronous;
 * its REST-side timeout is unknown).
 *
 * How the command stays a command (reference §1.13: util/bash runs `bash <utilCmdArgs>`, utilCmdArgs `-c '<shell>'`):
 * the shell text holds no single quote at all, so however the device splits `-c '…'` it gets the same text; inside
 * it, every argument of tcpdump is one shell word — plain when it holds only letters, digits and `. _ / : -`
 * (interface, numbers, address), else in double quotes, which leave only `$ \` \\ "` special in bash: a word holding
 * one of those (or `'`, a control character, non-ASCII) is refused, never escaped. The filter is one argument after
 * `--`, so no filter can be an option (`-w FILE`) either; tcpdump joins its expression arguments with spaces anyway.
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
    /**
     * pcap filter, e.g. `tcp port 80 and (host 10.0.2.10 or host 10.0.2.11)`: up to 1000 printable ASCII characters
     * except `'` `"` `` ` `` `$` `\`; it reaches tcpdump as one argument. Default none.
     */
    readonly filter?: string;
    /** Bytes captured per packet, 0 (whole packet) ..65535. Default 0. */
    readonly snapLength?: number;
}

export const REMOTE_CAPTURE_DEFAULTS = { interface: "0.0", seconds: 60, count: 10_000, snapLength: 0 };

/** What a filter may hold, in words (the error and the usage say it the same way). */
export const FILTER_RULE = "printable ASCII except ' \" ` $ and \\ (it reaches tcpdump as one argument)";

/** Characters bash leaves alone inside double quotes: printable ASCII but `" $ \` \\` (and `'`, which would end `-c '…'`). */
const QUOTABLE = /^[\x20-\x7e]*$/;
const UNQUOTABLE = /["$`\\']/;

/**
 * One argument as one bash word inside util/bash's `-c '…'`: as is when it holds only `[A-Za-z0-9._/:-]`, else
 * double-quoted. Throws for anything double quotes cannot hold: callers validate user input first (with an error
 * naming the setting); this is the guarantee.
 */
export function shellWord(arg: string): string {
    if (/^[A-Za-z0-9._/:-]+$/.test(arg)) return arg;
    if (!QUOTABLE.test(arg) || UNQUOTABLE.test(arg)) throw new Error(`internal: ${JSON.stringify(arg)} cannot be one shell word inside util/bash`);
    return `"${arg}"`;
}

const int = (v: unknown, min: number, max: number, setting: string): number => {
    check(Number.isInteger(v) && (v as number) >= min && (v as number) <= max, setting, `${JSON.stringify(v)} must be an integer ${min}..${max}`);
    return v as number;
};

/** The tcpdump command line and the util/bash arguments that run it bounded and detached (pure, validated). */
export function remoteCaptureCommand(o: RemoteCaptureOptions): { tcpdump: string; utilCmdArgs: string } {
    check(typeof o.destination === "string" && /^\d{1,3}(\.\d{1,3}){3}$/.test(o.destination) && isIpv4(o.destination), "destination",
        `${JSON.stringify(o.destination)} must be the collector's underlay IPv4 address`);
    const iface = o.interface ?? REMOTE_CAPTURE_DEFAULTS.interface;
    check(typeof iface === "string" && /^\/?[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/.test(iface), "interface",
        `${JSON.stringify(iface)} must be a BIG-IP interface or VLAN name like 0.0, 1.1 or /Common/external`);
    const seconds = int(o.seconds ?? REMOTE_CAPTURE_DEFAULTS.seconds, 1, 3600, "seconds");
    const count = int(o.count ?? REMOTE_CAPTURE_DEFAULTS.count, 1, 1_000_000, "count");
    const snap = int(o.snapLength ?? REMOTE_CAPTURE_DEFAULTS.snapLength, 0, 65535, "snapLength");
    const filter = o.filter ?? "";
    check(typeof filter === "string" && filter.length <= 1000, "filter", `must be a pcap filter of at most 1000 characters, not ${typeof filter === "string" ? `${filter.length}` : typeof filter}`);
    check(QUOTABLE.test(filter) && !UNQUOTABLE.test(filter), "filter", `${JSON.stringify(filter)} must be a pcap filter like "tcp port 80" of at most 1000 characters, ${FILTER_RULE}`);
    const expression = filter.trim();
    const argv = ["-nn", "-i", iface, "-s", String(snap), "-c", String(count), "--remote-dest", o.destination, ...(expression ? ["--", expression] : [])];
    const tcpdump = ["tcpdump", ...argv].map(shellWord).join(" ");
    return { tcpdump, utilCmdArgs: `-c 'timeout ${seconds} ${tcpdump} >/dev/null 2>&1 &'` };
}

/** Starts the capture; returns at once (the capture ends by itself after `seconds` or `count` packets). */
export async function startRemoteCapture(s: Session, o: RemoteCaptureOptions): Promise<{ tcpdump: string; utilCmdArgs: string }> {
    const cmd = remoteCaptureCommand(o);
    const r = await s.post("tm/util/bash", { command: "run", utilCmdArgs: cmd.utilCmdArgs }, { action: `starting a remote capture to ${o.destination}` });
    if (r?.kind !== "tm:util:bash:runstate") throw new Error(`the BIG-IP did not run the capture: unexpected answer ${JSON.stringify(r).slice(0, 200)}`);
    return cmd;
}
