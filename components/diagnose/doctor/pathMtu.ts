/**
 * Jumbo frames, proven on the user's own path: from the tunnel source (the BIG-IP's data self IP, the tunnel's
 * localAddress) to each collector's underlay IP (remoteAddress), do packets of the tunnel's outer size pass with
 * don't-fragment set? Measured with the BIG-IP's ping through POST /mgmt/tm/util/bash:
 *   -c 'ping -c 3 -W 2 -M do -s <outer − 28> -I <self IP> <collector IP> 2>&1'
 * and, when that gets no echo and the outer size is above 1500, once more at 1500 bytes, to tell "the path carries
 * standard frames only" from "no answer at all".
 *
 * No user text reaches the command: the two addresses must be dotted-quad IPv4 (components/common/values, no
 * whitespace, no route domain) and the size an integer 576..9198 (a BIG-IP VLAN's MTU range); every other word is
 * fixed here. A value that is not of its type is a ConfigError before anything is sent (planPathProbes).
 *
 * *Inference*: TMOS's bash has Linux iputils ping, with `-M do` (don't fragment) and `-I <address>` (source
 * address) as iputils documents them; no F5 source confirms the flags on TMOS. Output shapes follow iputils
 * (ping/ping_output.c, ping/ping.c @ 9900265d: `N packets transmitted, M received[, +E errors], …`,
 * `From <ip> icmp_seq=N Frag needed and DF set (mtu = M)`, `local error: message too long, mtu=M`).
 */
import { check } from "../../common/errors";
import { isIntIn, isIpv4, MAX_VLAN_MTU, MIN_VLAN_MTU, parseAddr } from "../../common/values";
import { isBigIpError, Session } from "../../bigip/rest/types";
import { DoctorExpectation } from "../expect";

/** The standard Ethernet MTU: the second probe's outer size. */
export const STANDARD_MTU = 1500;
/** IPv4 header + ICMP echo header: ping's `-s` is the outer size minus these. */
const ICMP_OVERHEAD = 28;

/** The util/bash arguments of one don't-fragment probe (pure; ConfigError naming `setting` for a value not of its type). */
export function pingCommand(source: string, destination: string, outerSize: number, setting = "path probe"): string {
    check(typeof source === "string" && isIpv4(source), `${setting}.source`, `${JSON.stringify(source)} is not an IPv4 address: it cannot be a ping source`);
    check(typeof destination === "string" && isIpv4(destination), `${setting}.destination`, `${JSON.stringify(destination)} is not an IPv4 address: it cannot be pinged`);
    check(isIntIn(outerSize, MIN_VLAN_MTU, MAX_VLAN_MTU), `${setting}.size`,
        `${JSON.stringify(outerSize)} must be an outer packet size ${MIN_VLAN_MTU}..${MAX_VLAN_MTU} (a BIG-IP VLAN's MTU range)`);
    return `-c 'ping -c 3 -W 2 -M do -s ${outerSize - ICMP_OVERHEAD} -I ${source} ${destination} 2>&1'`;
}

/** What one probe printed, read: echoes received, and the MTU an error named (ICMP frag-needed or a local error). */
export interface PingResult { transmitted: number; received: number; mtu?: number }

/** iputils ping's output → counts; undefined when it has no statistics line (ping missing, an option refused, …). */
export function parsePing(output: string): PingResult | undefined {
    const stats = /^(\d+) packets transmitted, (\d+) received/m.exec(output);
    if (!stats) return undefined;
    const mtu = /Frag needed and DF set \(mtu = (\d+)\)/.exec(output)?.[1] ?? /message too long, mtu=(\d+)/.exec(output)?.[1];
    return { transmitted: Number(stats[1]), received: Number(stats[2]), ...(mtu ? { mtu: Number(mtu) } : {}) };
}

/** One path's probes, planned: the commands to run, or why it is not probed. */
export type PathProbePlan =
    | { collector: string; outer: number; full: string; standard?: string }
    | { collector: string; skipped: string };

/**
 * The probes of every path, validated before anything is sent: a ConfigError for an address or size that is not
 * of its type. IPv6 and route domains other than 0 are not probed (the reason is reported instead).
 */
export function planPathProbes(exp: DoctorExpectation): PathProbePlan[] {
    return exp.paths.map((p, i) => {
        const src = exp.tunnelSourceIp;
        const dst = p.collectorIp;
        const a = parseAddr(src);
        const b = parseAddr(dst);
        if (a && b && (a.rd !== 0 || b.rd !== 0)) {
            return { collector: p.collector, skipped: "the tunnel runs in a route domain other than 0, which the host's ping does not see" };
        }
        if (a && b && (a.family === 6 || b.family === 6)) return { collector: p.collector, skipped: "IPv6 tunnel endpoints are not probed (IPv4 only)" };
        // `%0` is route domain 0 spelled out; anything else not a bare dotted quad is refused by pingCommand.
        const s = typeof src === "string" ? src.replace(/%0$/, "") : src;
        const d = typeof dst === "string" ? dst.replace(/%0$/, "") : dst;
        const full = pingCommand(s, d, p.requiredMtu, `paths[${i}]`);
        return { collector: p.collector, outer: p.requiredMtu, full, ...(p.requiredMtu > STANDARD_MTU ? { standard: pingCommand(s, d, STANDARD_MTU, `paths[${i}]`) } : {}) };
    });
}

/** What the probes of one path found. */
export type PathProbe =
    | { outer: number; full: PingResult; standard?: PingResult }
    | { skipped: string }
    | { failed: string };

async function runPing(s: Session, utilCmdArgs: string): Promise<PingResult | string> {
    const r = await s.post("tm/util/bash", { command: "run", utilCmdArgs }, { action: "probing the path MTU (ping, don't fragment)" });
    const out = typeof r?.commandResult === "string" ? r.commandResult : "";
    return parsePing(out) ?? `the device's ping printed no statistics: ${JSON.stringify(out.split("\n")[0].slice(0, 200))}`;
}

/**
 * Runs the planned probes over `s` (POST util/bash; nothing else). A device error (e.g. a user without the role
 * util/bash needs) makes that path "not measured"; a transport failure is thrown, as any read failure.
 */
export async function probePaths(s: Session, exp: DoctorExpectation): Promise<Record<string, PathProbe>> {
    const out: Record<string, PathProbe> = {};
    for (const plan of planPathProbes(exp)) {
        if ("skipped" in plan) { out[plan.collector] = { skipped: plan.skipped }; continue; }
        try {
            const full = await runPing(s, plan.full);
            if (typeof full === "string") { out[plan.collector] = { failed: full }; continue; }
            const standard = full.received === 0 && plan.standard ? await runPing(s, plan.standard) : undefined;
            if (typeof standard === "string") { out[plan.collector] = { failed: standard }; continue; }
            out[plan.collector] = { outer: plan.outer, full, ...(standard ? { standard } : {}) };
        } catch (e) {
            if (!isBigIpError(e) || e.status === undefined || e.transient) throw e;
            out[plan.collector] = { failed: `POST /mgmt/tm/util/bash answered ${e.status} ${e.deviceMessage}` };
        }
    }
    return out;
}
