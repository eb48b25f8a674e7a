/**
 * Section 5, data plane: frames cloned into VXLAN and received by the collector's own tunnel device (its cloud-init
 * unit's ExecStart, as test/dataplane renders it), in network namespaces (dataplane.sh). A UDP generator offers
 * frames of one size for a few seconds; the zero-loss rate is found by halving from the maximum offered rate.
 * Fragmentation: the IP FragCreates / ReasmReqds counters of the BIG-IP, router and collector namespaces.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { collectorSide, NET } from "../dataplane/device";

export interface DataPlaneRow {
    frameBytes: number; ipBytes: number; secondsPerTrial: number;
    /** Highest rate the generator offered (one process, as fast as it can). */
    maxOfferedFps: number;
    /** Highest rate at which every offered frame arrived on the collector's tunnel device. */
    zeroLossFps: number;
    /** The first trial, at the generator's maximum, lost nothing: the path is faster than the generator. */
    generatorBound: boolean;
    /** Frames offered and received over all trials. */
    offered: number; received: number;
    trials: number; fragments: number; seconds: number;
}

const SCRIPT = path.join(__dirname, "dataplane.sh");
/** Sends UDP datagrams of `size` bytes at `rate`/s (0: as fast as it can) for `secs`; prints how many were sent. */
const GEN = `import socket,sys,time
d,p,size,rate,secs=sys.argv[1],int(sys.argv[2]),int(sys.argv[3]),float(sys.argv[4]),float(sys.argv[5])
s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);b=b'x'*size;n=0;t0=time.perf_counter();end=t0+secs
while True:
    now=time.perf_counter()
    if now>=end: break
    due=int((now-t0)*rate)+1 if rate>0 else n+64
    while n<due:
        try: s.sendto(b,(d,p)); n+=1
        except OSError: break
print(n)`;

function sh(args: string[], env?: Record<string, string>): string {
    const r = spawnSync(args[0], args.slice(1), { encoding: "utf8", timeout: 60_000, env: env ? { ...process.env, ...env } : process.env });
    if (r.status !== 0) throw new Error(`${args.join(" ").slice(0, 200)} failed: ${r.stderr || r.error?.message}`);
    return r.stdout;
}

/** Why the rig cannot run here, or undefined. */
export function dataPlaneUnavailable(): string | undefined {
    if (process.getuid?.() !== 0) return "needs root (network namespaces)";
    const missing = ["ip", "tc", "nft", "ethtool", "python3"].filter((t) => spawnSync("sh", ["-c", `command -v ${t}`]).status !== 0);
    return missing.length ? `missing ${missing.join(", ")}` : undefined;
}

export async function dataPlane(secondsPerTrial: number, halvings: number, frames = [64, 1518]): Promise<DataPlaneRow[]> {
    const col = collectorSide("vxlan");
    const ns = `bench${process.pid}`;
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "bench-dp-"));
    for (const f of col.files) {
        const p = path.join(root, f.path);
        fs.mkdirSync(path.dirname(p), { recursive: true });
        fs.writeFileSync(p, f.content, { mode: f.mode });
    }
    const up = col.execStart.split(" ").map((w) => (col.files.some((f) => f.path === w) ? path.join(root, w) : w)).join(" ");
    const env = {
        NS: ns, TUN_LOCAL: NET.dataIp, TUN_REMOTE: NET.collectorIp, TUN_KEY: String(col.settings.vni), TUN_PORT: "4789",
        TUN_MTU: String(col.settings.mtu.inner), CLONE_MAC: col.settings.macAddress, DATA_CIDR: `${NET.dataIp}/${NET.dataPrefix}`, DATA_GW: NET.dataGw,
        COLLECTOR_CIDR: `${NET.collectorIp}/${NET.collectorPrefix}`, COLLECTOR_GW: NET.collectorGw, COLLECTOR_UP: up, UNDERLAY_MTU: String(NET.underlayMtu),
    };
    const inNs = (n: string, ...cmd: string[]) => sh(["ip", "netns", "exec", `${ns}-${n}`, ...cmd]);
    const stat = (n: string, dev: string, what: string) => Number(inNs(n, "cat", `/sys/class/net/${dev}/statistics/${what}`).trim());
    const snmp = (n: string, key: string) => {
        const lines = inNs(n, "cat", "/proc/net/snmp").split("\n").filter((l) => l.startsWith("Ip:"));
        const [names, values] = lines.map((l) => l.split(/\s+/));
        return Number(values[names.indexOf(key)]);
    };
    const frags = () => snmp("big", "FragCreates") + snmp("rtr", "FragCreates") + snmp("col", "ReasmReqds") + snmp("col", "FragCreates");
    const received = () => stat("col", col.settings.deviceName, "rx_packets");
    try {
        sh(["sh", SCRIPT, "up"], env);
        const rows: DataPlaneRow[] = [];
        for (const frame of frames) {
            const t0 = Date.now();
            const size = frame - 4 - 14 - 20 - 8;
            const f0 = frags();
            let offered = 0, got = 0;
            const trial = async (rate: number) => {
                const r0 = received();
                const sent = Number(inNs("gen", "python3", "-c", GEN, "203.0.113.99", "9", String(size), String(rate), String(secondsPerTrial)).trim());
                await new Promise((r) => setTimeout(r, 300));
                const t = { sent, got: received() - r0 };
                offered += t.sent;
                got += t.got;
                return t;
            };
            const first = await trial(0);
            const maxOfferedFps = first.sent / secondsPerTrial;
            let best = first.got === first.sent ? maxOfferedFps : 0, lo = 0, hi = maxOfferedFps, trials = 1;
            if (!best) {
                for (let i = 0; i < halvings; i++, trials++) {
                    const mid = (lo + hi) / 2;
                    const t = await trial(mid);
                    if (t.got >= t.sent && t.sent > 0) { best = t.sent / secondsPerTrial; lo = mid; } else hi = mid;
                }
            }
            rows.push({ frameBytes: frame, ipBytes: frame - 18, secondsPerTrial, maxOfferedFps, zeroLossFps: best, generatorBound: first.got === first.sent,
                offered, received: got, trials, fragments: frags() - f0, seconds: (Date.now() - t0) / 1000 });
        }
        return rows;
    } finally {
        spawnSync("sh", [SCRIPT, "down"], { env: { ...process.env, NS: ns } });
        fs.rmSync(root, { recursive: true, force: true });
    }
}
