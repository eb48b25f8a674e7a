/**
 * `npm run remote-capture -- --expect FILE [--collector NAME] [--seconds N] [--count N] [--filter EXPR]
 * [--interface IF] [--snap-length N] [--unit first|peer] [--dry-run] [--json]` + the device options of stacks/cli/device.ts: a thin
 * entry point over components/diagnose/remoteCapture.ts (remoteCaptureCommand, startRemoteCapture). Starts one
 * bounded `tcpdump --remote-dest <collector>` on the BIG-IP through iControl REST `/mgmt/tm/util/bash`, then says
 * which devices on the collector receive the stream (watch.ts).
 *
 * The destination is the named collector's `collectorIp` in the expectation's `paths` (default: the first). The
 * password comes only from BIGIP_PASSWORD; `--dry-run` prints the request it would send, contacts nothing and
 * needs no password. `--unit peer`: the HA pair's other unit (the file's `peer`: its device, its tunnel source), its
 * password from BIGIP_PEER_PASSWORD, else BIGIP_PASSWORD, as the doctor's. Exit codes: 0 started (or printed); 1 unexpected failure; 2 usage or configuration error
 * (an option remoteCaptureCommand refuses, an unknown collector, no password, …); 3 the device could not be
 * reached, was not trusted, refused the credentials, was not ready, or did not run the command.
 */
import { ConfigError } from "../../components/common/errors";
import { DoctorDeviceError, LoadedExpectation, openDeviceSession } from "../../components/diagnose/doctor";
import { ClonePathExpectation } from "../../components/diagnose/expect";
import { FILTER_RULE, REMOTE_CAPTURE_DEFAULTS, remoteCaptureCommand, RemoteCaptureOptions, startRemoteCapture } from "../../components/diagnose/remoteCapture";
import { DeviceOptions, deviceConnection, deviceFailure, deviceOf, EXIT, expectRequired, failFastIfRefused, loadExpectation, parseDeviceArgs, peerPasswordEnv, scrubbed,
    setupFailure } from "../cli/device";
import { watchSteps } from "./watch";

const USAGE = `usage: npm run remote-capture -- --expect FILE [--collector NAME] [--seconds N] [--count N] [--filter EXPR]
                                [--interface IF] [--snap-length N] [--unit first|peer] [--dry-run] [--json]
                                [--host HOST] [--port PORT] [--username USER]
                                [--fingerprint SHA256 | --ca-pem FILE | --insecure] [--timeout SECONDS]
  --expect FILE      pulumi stack output doctor --json > FILE (or the whole pulumi stack output --json)
  --collector NAME   send to this collector's underlay IP (default: the first in the file)
  --seconds N        stop after N seconds, 1..3600 (default ${REMOTE_CAPTURE_DEFAULTS.seconds})
  --count N          stop after N packets, 1..1000000 (default ${REMOTE_CAPTURE_DEFAULTS.count})
  --filter EXPR      pcap filter, e.g. "tcp port 80 and (host 10.0.2.10 or host 10.0.2.11)": ${FILTER_RULE}
  --interface IF     BIG-IP interface or VLAN to capture on (default ${REMOTE_CAPTURE_DEFAULTS.interface}: every TMM interface)
  --snap-length N    bytes per packet, 0 (whole packet)..65535 (default ${REMOTE_CAPTURE_DEFAULTS.snapLength})
  --unit first|peer  which unit of an HA pair captures: the file's device (default), or its peer
                     (the peer's password: BIGIP_PEER_PASSWORD, else BIGIP_PASSWORD)
  --dry-run          print the request that would start the capture; contact nothing (no password needed)
  --json             the result as JSON
  --host, --port, --username, --fingerprint, --ca-pem, --insecure
                     override the device and TLS trust the file names
  --timeout          seconds to wait for the device (default 30)
  The password is read from the environment variable BIGIP_PASSWORD only.
Exit codes: 0 started (or printed), 1 failed, 2 usage/config error, 3 device unreachable/untrusted/authentication failed.
`;

export interface RemoteCaptureCliOptions extends DeviceOptions {
    expect?: string;
    collector?: string;
    seconds?: number;
    count?: number;
    filter?: string;
    interface?: string;
    snapLength?: number;
    /** Which unit of an HA pair runs the capture. Default "first". */
    unit: "first" | "peer";
    dryRun: boolean;
    json: boolean;
}

/** remoteCaptureCommand's setting → the option that gives it. */
const OPTION: Record<string, string> = { seconds: "--seconds", count: "--count", filter: "--filter", interface: "--interface", snapLength: "--snap-length" };

export function parseArgs(argv: string[]): RemoteCaptureCliOptions {
    const c: Partial<RemoteCaptureCliOptions> = {};
    let dryRun = false;
    let json = false;
    let unit: "first" | "peer" = "first";
    const int = (name: string, v: string): number => {
        if (!/^-?\d+$/.test(v)) throw new ConfigError(name, `must be an integer, not ${JSON.stringify(v)}`);
        return Number(v);
    };
    const device = parseDeviceArgs(argv, "remote-capture", (a) => {
        switch (a.name) {
            case "--expect": c.expect = a.value(); return true;
            case "--collector": c.collector = a.value(); return true;
            case "--seconds": c.seconds = int(a.name, a.value()); return true;
            case "--count": c.count = int(a.name, a.value()); return true;
            case "--snap-length": c.snapLength = int(a.name, a.value()); return true;
            case "--filter": c.filter = a.value(); return true;
            case "--interface": c.interface = a.value(); return true;
            case "--unit": {
                const v = a.value();
                if (v !== "first" && v !== "peer") throw new ConfigError("--unit", `must be first or peer, not ${JSON.stringify(v)}`);
                unit = v;
                return true;
            }
            case "--dry-run": dryRun = a.flag(); return true;
            case "--json": json = a.flag(); return true;
            default: return false;
        }
    });
    return { ...device, ...c, unit, dryRun, json };
}

/** The path whose collector receives the stream: `--collector NAME`, else the first; ConfigError naming the choices. */
export function pickCollector(exp: LoadedExpectation, name: string | undefined, file: string): ClonePathExpectation {
    if (name === undefined) return exp.paths[0];
    const p = exp.paths.find((x) => x.collector === name);
    if (!p) throw new ConfigError("--collector", `no collector ${JSON.stringify(name)} in ${file}: the collectors are ${exp.paths.map((x) => x.collector).join(", ")}`);
    return p;
}

/** The capture's options, checked by remoteCaptureCommand; a refusal is a ConfigError naming the option. */
function captureOf(o: RemoteCaptureCliOptions, p: ClonePathExpectation, file: string) {
    const capture: RemoteCaptureOptions = {
        destination: p.collectorIp,
        ...(o.interface !== undefined ? { interface: o.interface } : {}), ...(o.seconds !== undefined ? { seconds: o.seconds } : {}),
        ...(o.count !== undefined ? { count: o.count } : {}), ...(o.filter !== undefined ? { filter: o.filter } : {}),
        ...(o.snapLength !== undefined ? { snapLength: o.snapLength } : {}),
    };
    try {
        return { capture, command: remoteCaptureCommand(capture) };
    } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        const option = e.setting === "destination" ? `${file}: collectorIp of ${p.collector}` : OPTION[e.setting] ?? e.setting;
        throw new ConfigError(option, e.message.replace(/^Invalid setting "[^"]*": /, ""));
    }
}

export async function main(argv: string[], out: (s: string) => void, err: (s: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<number> {
    const { say, complain } = scrubbed(env, out, err);
    let o: RemoteCaptureCliOptions;
    let plan: ReturnType<typeof planOf>;
    try {
        o = parseArgs(argv);
        if (o.help) { say(USAGE); return EXIT.ok; }
        if (!o.expect) throw expectRequired("remote-capture");
        plan = planOf(o, o.expect, env);
    } catch (e) {
        return setupFailure("remote-capture", e, complain);
    }
    if (!plan.conn) {
        say(render(plan, false, o.json));
        return EXIT.ok;
    }
    try {
        await failFastIfRefused(plan.conn);
        const s = await openDeviceSession(plan.conn, `starting a remote capture to ${plan.path.collectorIp}`);
        try {
            await startRemoteCapture(s, plan.capture);
        } catch (e) {
            const where = `${plan.conn.host}:${plan.conn.port ?? 443}`;
            throw new DoctorDeviceError("run", `the BIG-IP at ${where} did not start the capture: ${(e instanceof Error ? e.message : String(e)).replace(`BIG-IP ${where}: `, "")}`);
        } finally {
            await s.close();
        }
    } catch (e) {
        return deviceFailure("remote-capture", e, complain);
    }
    say(render(plan, true, o.json));
    return EXIT.ok;
}

/** Everything checked before the device is contacted; `conn` only when the capture is to be started. */
function planOf(o: RemoteCaptureCliOptions, file: string, env: NodeJS.ProcessEnv) {
    const loaded = loadExpectation(file);
    const path = pickCollector(loaded, o.collector, file);
    const { capture, command } = captureOf(o, path, file);
    // The peer: the file's peer device (options over it) and its own tunnel source, its password as the doctor reads it.
    if (o.unit === "peer" && !loaded.peer) {
        throw new ConfigError("--unit", `${file} has no peer: it is not an HA pair's (existingBigip.peer, or bigipHa)`);
    }
    const unit = o.unit === "peer" ? { ...loaded, device: loaded.peer!.device } : loaded;
    const password = o.unit === "peer" ? peerPasswordEnv(env).env : env;
    const connected = o.dryRun ? { device: deviceOf(o, unit), conn: undefined } : deviceConnection(o, unit, password);
    const others = o.collector === undefined ? loaded.paths.slice(1).map((p) => p.collector) : [];
    return { ...connected, path, capture, command, others, unit: o.unit, tunnelSourceIp: o.unit === "peer" ? loaded.peer!.tunnelSourceIp : loaded.tunnelSourceIp };
}

function render(plan: ReturnType<typeof planOf>, started: boolean, json: boolean): string {
    const { device, path: p, command, others } = plan;
    const where = `${device.host}:${device.port}${plan.unit === "peer" ? " (the HA pair's peer)" : ""}`;
    const seconds = plan.capture.seconds ?? REMOTE_CAPTURE_DEFAULTS.seconds;
    const count = plan.capture.count ?? REMOTE_CAPTURE_DEFAULTS.count;
    const request = { method: "POST", path: "/mgmt/tm/util/bash", body: { command: "run", utilCmdArgs: command.utilCmdArgs } };
    const watch = watchSteps(p, plan.tunnelSourceIp, plan.unit);
    if (json) {
        return `${JSON.stringify({ device: `${device.host}:${device.port}`, unit: plan.unit, collector: p.collector, collectorIp: p.collectorIp, dryRun: !started, started,
            tcpdump: command.tcpdump, seconds, count, request, watch }, null, 2)}\n`;
    }
    const lines = [
        started ? `Remote capture started on BIG-IP ${where}, streaming to collector ${p.collector} (${p.collectorIp}):`
            : `Dry run, nothing was sent. This would start a remote capture on BIG-IP ${where}, streaming to collector ${p.collector} (${p.collectorIp}):`,
        `  ${command.tcpdump}`,
        `  bounded: it stops by itself after ${seconds} s or ${count} packets, whichever comes first`,
        started ? "  detached through POST /mgmt/tm/util/bash, which returned at once"
            : `  request: ${request.method} https://${where}${request.path} ${JSON.stringify(request.body)}`,
        ...(others.length ? [`  other collectors in the file: ${others.join(", ")} (--collector NAME)`] : []),
        "",
        `Watch it on collector ${p.collector} (ssh: pulumi stack output collectorsSsh). Which form the BIG-IP sends is not`,
        "documented; each receiving device takes one form, so try them in this order:",
        ...watch.map((w, i) => `  ${i + 1}. ${w.command.padEnd(34)} ${w.form} from ${w.from}: ${w.note}`),
        started ? `The capture runs for up to ${seconds} s from now; to see it from its first packet, start tcpdump on the collector first and run this again.`
            : "Start tcpdump on the collector first, then run this without --dry-run.",
    ];
    return `${lines.join("\n")}\n`;
}

if (require.main === module) {
    main(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s)).then((code) => { process.exitCode = code; });
}
