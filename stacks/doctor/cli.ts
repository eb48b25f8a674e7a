/**
 * `npm run doctor -- --expect doctor.json [--host H] [--port N] [--username U] [--fingerprint FP | --ca-pem FILE |
 * --insecure] [--timeout S] [--json]`: a thin entry point over components/diagnose/doctor/ (readDoctorDevice,
 * diagnose, renderDoctorReport) and stacks/cli/device.ts (the expectation file, the device options, the password,
 * the exit codes). Reads the BIG-IP over iControl REST (GETs, and don't-fragment pings from the tunnel source to each
 * collector through util/bash: components/diagnose/doctor/pathMtu.ts) and reports every link of every clone path the
 * stack built.
 *
 * The expectation is `pulumi stack output doctor --json` (or the whole `pulumi stack output --json`); it names the
 * device and its TLS trust, which the options override (or give, for a hand-written expectation without `device`).
 * The password comes only from the environment variable BIGIP_PASSWORD, never from the command line, and is never
 * printed (every line written is scrubbed of it as well).
 *
 * An HA pair (the expectation's `peer`, from `existingBigip.peer`): both units are read, each on its own session and
 * against its own tunnel source and overlay self IPs, with its failover status and sys db iptunnel.configsync; every
 * line names its unit. The peer's password comes from BIGIP_PEER_PASSWORD, else BIGIP_PASSWORD (as the stack's
 * `existingBigip.peer.password` defaults to the first unit's); --peer-host/--peer-port/--peer-username and
 * --peer-fingerprint/--peer-ca-pem/--peer-insecure override the file's `peer.device` as the plain options do `device`.
 * A unit that cannot be read is reported as such, the other unit is still checked, and the exit code is 3.
 *
 * Exit codes: 0 every link holds (warnings allowed); 1 a link is broken (or the doctor itself failed unexpectedly,
 * which the message says); 2 usage or configuration error (missing password, bad option, unreadable or invalid
 * expectation); 3 the device could not be reached, was not trusted, refused the credentials, was not ready, or a
 * read failed (the message says which).
 */
import { diagnose, DoctorDeviceError, doctorPair, LoadedExpectation, planPathProbes, readDoctorDevice, renderDoctorPairReport, renderDoctorReport, unitExpectation } from "../../components/diagnose/doctor";
import { DoctorExpectation } from "../../components/diagnose/expect";
import { BigIpConnection } from "../../components/bigip/rest/types";
import { ConfigError } from "../../components/common/errors";
import { DeviceOptions, deviceConnection, deviceFailure, EXIT, expectRequired, failFastIfRefused, loadExpectation, parseDeviceArgs, peerPasswordEnv, scrubbed,
    setupFailure } from "../cli/device";

const USAGE = `usage: npm run doctor -- --expect FILE [--host HOST] [--port PORT] [--username USER]
                        [--fingerprint SHA256 | --ca-pem FILE | --insecure] [--timeout SECONDS] [--json]
  --expect FILE    pulumi stack output doctor --json > FILE (or the whole pulumi stack output --json)
  --host, --port, --username, --fingerprint, --ca-pem, --insecure
                   override the device and TLS trust the file names
  --peer-host, --peer-port, --peer-username, --peer-fingerprint, --peer-ca-pem, --peer-insecure
                   the same for the HA pair's other unit (the file's peer.device)
  --timeout        seconds to wait for the device (default 30)
  --json           the report as JSON
  The password is read from the environment variable BIGIP_PASSWORD only (the peer's: BIGIP_PEER_PASSWORD, else BIGIP_PASSWORD).
Exit codes: 0 healthy, 1 a link is broken, 2 usage/config error, 3 device unreachable/untrusted/authentication failed.
`;

export interface DoctorOptions extends DeviceOptions {
    expect?: string;
    json: boolean;
    /** The --peer-* options, as the device options of the other unit (checked the same way). */
    peer: DeviceOptions;
}

const PEER_OPTIONS = ["--peer-host", "--peer-port", "--peer-username", "--peer-fingerprint", "--peer-ca-pem", "--peer-insecure"];

export function parseArgs(argv: string[]): DoctorOptions {
    let expect: string | undefined;
    let json = false;
    const peerArgv: string[] = [];
    const device = parseDeviceArgs(argv, "doctor", (a) => {
        if (a.name === "--expect") expect = a.value();
        else if (a.name === "--json") json = a.flag();
        else if (a.name === "--peer-insecure") { a.flag(); peerArgv.push("--insecure"); }
        else if (PEER_OPTIONS.includes(a.name)) peerArgv.push(a.name.replace("--peer-", "--"), a.value());
        else return false;
        return true;
    });
    const peer = peerOption(() => parseDeviceArgs(peerArgv, "doctor", () => false));
    return { ...device, ...(expect !== undefined ? { expect } : {}), json, peer: { ...peer, timeoutSec: device.timeoutSec } };
}

/** A ConfigError about the peer's device names the peer's option or field (`--peer-port`, `peer.device.tls`). */
function peerOption<T>(f: () => T): T {
    try {
        return f();
    } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        const setting = e.setting.replace(/^--/, "--peer-").replace(/^device\./, "peer.device.");
        throw new ConfigError(setting, e.message.replace(/^Invalid setting "[^"]*": /, "").replace(/--(host|port|username|fingerprint|ca-pem|insecure)\b/g, "--peer-$1")
            .replace(/BIGIP_PASSWORD/g, "BIGIP_PEER_PASSWORD (or BIGIP_PASSWORD)"));
    }
}

/** The peer's connection: the file's `peer.device` with the --peer-* options over it, its password from the environment. */
function peerConnection(o: DoctorOptions, loaded: LoadedExpectation, env: NodeJS.ProcessEnv): { device: DoctorExpectation["device"]; conn: BigIpConnection; passwordFrom: string } {
    const password = peerPasswordEnv(env);
    const c = peerOption(() => deviceConnection(o.peer, { ...loaded, device: loaded.peer!.device }, password.env));
    return { ...c, passwordFrom: password.from };
}

export async function main(argv: string[], out: (s: string) => void, err: (s: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<number> {
    // Belt and braces: nothing we print carries a password, and every line is scrubbed of both anyway.
    const { say, complain } = scrubbed(env, out, err);
    let o: DoctorOptions;
    let exp: DoctorExpectation;
    let conn: BigIpConnection;
    let peer: ReturnType<typeof peerConnection> | undefined;
    try {
        o = parseArgs(argv);
        if (o.help) { say(USAGE); return 0; }
        if (!o.expect) throw expectRequired("doctor");
        const loaded = loadExpectation(o.expect);
        const connected = deviceConnection(o, loaded, env);
        peer = loaded.peer ? peerConnection(o, loaded, env) : undefined;
        const { peer: _p, ...one } = loaded;
        exp = { ...one, device: connected.device, ...(peer ? { peer: { ...loaded.peer!, device: peer.device } } : {}) };
        conn = connected.conn;
        // An address or size that cannot be a ping argument: exit 2, nothing sent (each unit probes from its own source).
        planPathProbes(unitExpectation(exp, 0));
        if (peer) planPathProbes(unitExpectation(exp, 1));
    } catch (e) {
        return setupFailure("doctor", e, complain);
    }
    if (peer) return pairMain(o, exp, [{ conn }, { conn: peer.conn, passwordFrom: peer.passwordFrom }], say, complain);
    try {
        await failFastIfRefused(conn);
        const state = await readDoctorDevice(conn, exp);
        const report = diagnose(state, exp);
        say(o.json ? `${JSON.stringify(report, null, 2)}\n` : renderDoctorReport(report));
        return report.ok ? 0 : 1;
    } catch (e) {
        return deviceFailure("doctor", e, complain);
    }
}

/** Both units: the report even when one could not be read (exit 3 then), 1 for a broken link, 0 healthy. */
async function pairMain(o: DoctorOptions, exp: DoctorExpectation, units: Parameters<typeof doctorPair>[0], say: (s: string) => void, complain: (s: string) => void): Promise<number> {
    try {
        // The peer's refusal names the peer's options.
        const before = (c: BigIpConnection) => failFastIfRefused(c).catch((e) => {
            throw c === units[1].conn && e instanceof DoctorDeviceError ? new DoctorDeviceError(e.failure, e.message.replace("--host/--port", "--peer-host/--peer-port")) : e;
        });
        const report = await doctorPair(units, exp, before);
        say(o.json ? `${JSON.stringify(report, null, 2)}\n` : renderDoctorPairReport(report));
        for (const u of report.units) if (u.error) complain(`doctor: ${u.tag}: ${u.error.message}\n`);
        return report.units.some((u) => u.error) ? EXIT.device : report.ok ? 0 : 1;
    } catch (e) {
        return deviceFailure("doctor", e, complain);
    }
}

if (require.main === module) {
    main(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s)).then((code) => { process.exitCode = code; });
}
