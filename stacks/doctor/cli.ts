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
 * Exit codes: 0 every link holds (warnings allowed); 1 a link is broken (or the doctor itself failed unexpectedly,
 * which the message says); 2 usage or configuration error (missing password, bad option, unreadable or invalid
 * expectation); 3 the device could not be reached, was not trusted, refused the credentials, was not ready, or a
 * read failed (the message says which).
 */
import { diagnose, planPathProbes, readDoctorDevice, renderDoctorReport } from "../../components/diagnose/doctor";
import { DoctorExpectation } from "../../components/diagnose/expect";
import { BigIpConnection } from "../../components/bigip/rest/types";
import { DeviceOptions, deviceConnection, deviceFailure, expectRequired, failFastIfRefused, loadExpectation, parseDeviceArgs, scrubbed, setupFailure } from "../cli/device";

const USAGE = `usage: npm run doctor -- --expect FILE [--host HOST] [--port PORT] [--username USER]
                        [--fingerprint SHA256 | --ca-pem FILE | --insecure] [--timeout SECONDS] [--json]
  --expect FILE    pulumi stack output doctor --json > FILE (or the whole pulumi stack output --json)
  --host, --port, --username, --fingerprint, --ca-pem, --insecure
                   override the device and TLS trust the file names
  --timeout        seconds to wait for the device (default 30)
  --json           the report as JSON
  The password is read from the environment variable BIGIP_PASSWORD only.
Exit codes: 0 healthy, 1 a link is broken, 2 usage/config error, 3 device unreachable/untrusted/authentication failed.
`;

export interface DoctorOptions extends DeviceOptions {
    expect?: string;
    json: boolean;
}

export function parseArgs(argv: string[]): DoctorOptions {
    let expect: string | undefined;
    let json = false;
    const device = parseDeviceArgs(argv, "doctor", (a) => {
        if (a.name === "--expect") expect = a.value();
        else if (a.name === "--json") json = a.flag();
        else return false;
        return true;
    });
    return { ...device, ...(expect !== undefined ? { expect } : {}), json };
}

export async function main(argv: string[], out: (s: string) => void, err: (s: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<number> {
    // Belt and braces: nothing we print carries the password, and every line is scrubbed of it anyway.
    const { say, complain } = scrubbed(env, out, err);
    let o: DoctorOptions;
    let exp: DoctorExpectation;
    let conn: BigIpConnection;
    try {
        o = parseArgs(argv);
        if (o.help) { say(USAGE); return 0; }
        if (!o.expect) throw expectRequired("doctor");
        const loaded = loadExpectation(o.expect);
        const connected = deviceConnection(o, loaded, env);
        exp = { ...loaded, device: connected.device };
        conn = connected.conn;
        planPathProbes(exp); // an address or size that cannot be a ping argument: exit 2, nothing sent
    } catch (e) {
        return setupFailure("doctor", e, complain);
    }
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

if (require.main === module) {
    main(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s)).then((code) => { process.exitCode = code; });
}
