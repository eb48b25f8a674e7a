/**
 * `npm run conformance -- --host H [--port P] [--partition NAME] [--json] --yes-write-to-this-device` + the TLS options
 * of stacks/cli/device.ts: a thin entry point over components/diagnose/conformance (runConformance). Runs every scenario
 * the emulator's README describes against the given BIG-IP, inside a partition of its own, and prints what the emulator
 * assumes, what the device did and whether they agree. The password comes only from BIGIP_PASSWORD.
 *
 * Exit codes: 0 every scenario run agrees; 4 a scenario disagrees or failed (the report says which); 5 the device was
 * left changed (an object outside the partition differs, or cleanup left something); 1 unexpected failure; 2 usage or
 * configuration error (or a device the suite refuses), nothing written; 3 the device could not be reached, was not trusted or refused the credentials.
 * Ctrl-C (or SIGTERM, SIGHUP) stops after the scenario in flight and cleans up; a repeated signal does not interrupt the cleanup.
 */
import { ConfigError } from "../../components/common/errors";
import { DoctorDeviceError, LoadedExpectation, openDeviceSession } from "../../components/diagnose/doctor";
import { DEFAULT_PARTITION, checkPartitionName } from "../../components/diagnose/conformance/safety";
import { runConformance } from "../../components/diagnose/conformance/run";
import { renderConformanceReport } from "../../components/diagnose/conformance/render";
import { DeviceOptions, EXIT, deviceConnection, deviceFailure, failFastIfRefused, parseDeviceArgs, scrubbed, setupFailure } from "../cli/device";

export const CONFORMANCE_EXIT = { ...EXIT, disagree: 4, leftChanged: 5 } as const;

const USAGE = `usage: npm run conformance -- --host HOST --yes-write-to-this-device [--port PORT] [--username USER]
                             [--partition NAME] [--json] [--fingerprint SHA256 | --ca-pem FILE | --insecure] [--timeout SECONDS]
  --host HOST                   the BIG-IP to check (its management address)
  --yes-write-to-this-device    required: the suite creates a partition (default ${DEFAULT_PARTITION}), writes test objects
                                in it only (disabled virtual servers, VLANs without interfaces, 198.18.0.0/15 addresses),
                                removes it all at the end, and never saves the configuration
  --partition NAME              the suite's partition; refused if it exists and is not the suite's
  --json                        the report as JSON (attach it to an issue)
  --port, --username, --fingerprint, --ca-pem, --insecure, --timeout   as for npm run doctor
  The password is read from the environment variable BIGIP_PASSWORD only.
Exit codes: 0 all agree, 4 a disagreement or error, 5 the device was left changed, 1 failed, 2 usage, 3 device unreachable/untrusted/authentication failed.
`;

export interface ConformanceCliOptions extends DeviceOptions {
    partition: string;
    json: boolean;
    yes: boolean;
}

export function parseArgs(argv: string[]): ConformanceCliOptions {
    let partition = DEFAULT_PARTITION;
    let json = false;
    let yes = false;
    const device = parseDeviceArgs(argv, "conformance", (a) => {
        switch (a.name) {
            case "--partition": partition = checkPartitionName(a.value()); return true;
            case "--json": json = a.flag(); return true;
            case "--yes-write-to-this-device": yes = a.flag(); return true;
            default: return false;
        }
    });
    return { ...device, partition, json, yes };
}

/** No expectation file here: the device comes from the options alone. */
const NO_FILE = {} as LoadedExpectation;

export async function main(argv: string[], out: (s: string) => void, err: (s: string) => void, env: NodeJS.ProcessEnv = process.env,
    signal?: AbortSignal): Promise<number> {
    const { say, complain } = scrubbed(env, out, err);
    let o: ConformanceCliOptions;
    let conn: ReturnType<typeof deviceConnection>;
    try {
        o = parseArgs(argv);
        if (o.help) { say(USAGE); return EXIT.ok; }
        if (o.host === undefined) throw new ConfigError("--host", "is required: the BIG-IP to check");
        if (!o.yes) {
            throw new ConfigError("--yes-write-to-this-device", `is required: the suite writes to ${o.host} (in partition ${o.partition} only, removed after; never saved)`);
        }
        conn = deviceConnection(o, NO_FILE, env);
    } catch (e) {
        return setupFailure("conformance", e, complain);
    }
    let report;
    try {
        await failFastIfRefused(conn.conn);
        const s = await openDeviceSession(conn.conn, "checking the emulator's assumptions");
        try {
            report = await runConformance(s, { host: conn.device.host, port: conn.device.port }, { partition: o.partition, ...(signal ? { signal } : {}),
                onResult: o.json ? undefined : (r) => complain(`${r.verdict.padEnd(9)} ${r.id}\n`) });
        } finally {
            await s.close();
        }
    } catch (e) {
        if (e instanceof ConfigError) { complain(`conformance: ${e.message}\n`); return EXIT.usage; }
        if (e instanceof DoctorDeviceError) return deviceFailure("conformance", e, complain);
        return deviceFailure("conformance", e, complain);
    }
    say(o.json ? `${JSON.stringify(report, null, 2)}\n` : renderConformanceReport(report));
    if (report.outsideChanges.length || report.leftovers.length) return CONFORMANCE_EXIT.leftChanged;
    return report.results.some((r) => r.verdict === "disagree" || r.verdict === "error") ? CONFORMANCE_EXIT.disagree : EXIT.ok;
}

if (require.main === module) {
    const ac = new AbortController();
    // Ctrl-C, a closed terminal or a cancelled job: finish the scenario in flight, then clean up; a repeated signal
    // does not cut the cleanup short.
    const stop = (signal: string) => {
        process.stderr.write(ac.signal.aborted ? `conformance: ${signal} again: still cleaning up, please wait\n`
            : `conformance: ${signal}: finishing the scenario in flight, then cleaning up\n`);
        ac.abort();
    };
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => stop(signal));
    main(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s), process.env, ac.signal)
        .then((code) => { process.exitCode = code; });
}
