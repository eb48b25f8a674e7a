/**
 * The don't-fragment ping the doctor runs through POST /mgmt/tm/util/bash (components/diagnose/doctor/pathMtu.ts),
 * answered with iputils ping's output:
 *   -c 'ping -c <n> -W <s> -M do -s <size> -I <self IP> <collector IP> 2>&1'
 * Only that exact form is modelled; anything else is not ours (undefined), as before.
 *
 * Output shapes (sourced): iputils ping/ping_output.c and ping/ping.c @ 9900265d — `PING <dst> (<dst>) from <src> :
 * <size>(<size+28>) bytes of data.`, `<size+8> bytes from <dst>: icmp_seq=<n> ttl=<ttl> time=<t> ms`,
 * `From <ip> icmp_seq=<n> Frag needed and DF set (mtu = <m>)`, `--- <dst> ping statistics ---`,
 * `<n> packets transmitted, <m> received[, +<e> errors], <p>% packet loss, time <t>ms`, `rtt min/avg/max/mdev = …`;
 * the same lines in a Linux transcript of `ping -M do -s 1500` (wiki.jokeru.ro "df-mtu").
 *
 * TEST-ONLY knob, not device behaviour: what the path between a self IP and a collector carries is set per test
 * (`setPath(self, collector, { mtu, fragNeeded? } | "unreachable")`); the default is a path carrying 9001 bytes
 * (AWS inside a VPC, README "The MTU"). *Inference*: the VLAN's own MTU and whether the source is a self IP are
 * not consulted; a too-big packet either vanishes (`fragNeeded` false, as over a path that drops silently) or
 * draws an ICMP frag-needed from the collector's side (`fragNeeded` true); times are fixed.
 */
export type PathSetting = { mtu: number; fragNeeded?: boolean } | "unreachable";

/** The default path: every pair of addresses carries 9001-byte packets. */
export const DEFAULT_PATH: PathSetting = { mtu: 9001 };

const PING = /^-c 'ping -c (\d) -W (\d) -M do -s (\d{1,4}) -I (\d{1,3}(?:\.\d{1,3}){3}) (\d{1,3}(?:\.\d{1,3}){3}) 2>&1'$/;

/** The paths the tests set, keyed `self>collector`. */
export class Paths {
    private readonly paths = new Map<string, PathSetting>();

    set(self: string, collector: string, p: PathSetting): void {
        if (p !== "unreachable" && (!Number.isInteger(p.mtu) || p.mtu < 68 || p.mtu > 65535)) throw new Error(`setPath: mtu must be an integer 68..65535, not ${p.mtu}`);
        this.paths.set(`${self}>${collector}`, p);
    }

    get(self: string, collector: string): PathSetting {
        return this.paths.get(`${self}>${collector}`) ?? DEFAULT_PATH;
    }

    /** The printed output of a modelled ping, or undefined when `utilCmdArgs` is not one. */
    run(utilCmdArgs: string): string | undefined {
        const m = PING.exec(utilCmdArgs);
        if (!m) return undefined;
        const [count, size, src, dst] = [Number(m[1]), Number(m[3]), m[4], m[5]];
        const outer = size + 28;
        const path = this.get(src, dst);
        const out = [`PING ${dst} (${dst}) from ${src} : ${size}(${outer}) bytes of data.`];
        const seqs = Array.from({ length: count }, (_, i) => i + 1);
        const time = `time ${(count - 1) * 1000 + 2}ms`;
        if (path !== "unreachable" && outer <= path.mtu) {
            for (const n of seqs) out.push(`${size + 8} bytes from ${dst}: icmp_seq=${n} ttl=64 time=0.412 ms`);
            out.push("", `--- ${dst} ping statistics ---`, `${count} packets transmitted, ${count} received, 0% packet loss, ${time}`,
                "rtt min/avg/max/mdev = 0.412/0.412/0.412/0.000 ms");
        } else if (path !== "unreachable" && path.fragNeeded) {
            for (const n of seqs) out.push(`From ${dst} icmp_seq=${n} Frag needed and DF set (mtu = ${path.mtu})`);
            out.push("", `--- ${dst} ping statistics ---`, `${count} packets transmitted, 0 received, +${count} errors, 100% packet loss, ${time}`);
        } else {
            out.push("", `--- ${dst} ping statistics ---`, `${count} packets transmitted, 0 received, 100% packet loss, ${time}`);
        }
        return `${out.join("\n")}\n`;
    }
}
