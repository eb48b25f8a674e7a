/**
 * `npm run doctor -- --expect doctor.json [--host H] [--port N] [--username U] [--fingerprint FP | --ca-pem FILE |
 * --insecure] [--timeout S] [--json]`: a thin entry point over components/diagnose/doctor.ts. Reads the BIG-IP over
 * iControl REST (GETs only) and reports every link of every clone path the stack built.
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
import * as fs from "node:fs";
import { BigIpConnection, BigIpTls } from "../../components/bigip/rest/types";
import { ConfigError } from "../../components/common/errors";
import { diagnose, DoctorDeviceError, LoadedExpectation, parseDoctorExpectation, readDoctorDevice, renderDoctorReport } from "../../components/diagnose/doctor";
import { DoctorExpectation } from "../../components/diagnose/expect";

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

export interface DoctorOptions {
    expect?: string;
    host?: string;
    port?: number;
    username?: string;
    fingerprint?: string;
    caPemFile?: string;
    insecure: boolean;
    timeoutSec: number;
    json: boolean;
    help: boolean;
}

export function parseArgs(argv: string[]): DoctorOptions {
    const o: DoctorOptions = { insecure: false, timeoutSec: 30, json: false, help: false };
    for (let i = 0; i < argv.length; i++) {
        const raw = argv[i];
        const eq = raw.startsWith("--") ? raw.indexOf("=") : -1;
        const a = eq > 0 ? raw.slice(0, eq) : raw;
        const inline = eq > 0 ? raw.slice(eq + 1) : undefined;
        const value = (): string => {
            const v = inline ?? argv[++i];
            if (v === undefined || (inline === undefined && v.startsWith("--"))) throw new ConfigError(a, `needs a value\n${USAGE}`);
            return v;
        };
        const flag = () => { if (inline !== undefined) throw new ConfigError(a, "takes no value"); return true; };
        switch (a) {
            case "--expect": o.expect = value(); break;
            case "--host": o.host = value(); break;
            case "--port": {
                const v = value();
                const n = Number(v);
                if (!/^\d+$/.test(v) || n < 1 || n > 65535) throw new ConfigError(a, `must be a TCP port 1..65535, not ${JSON.stringify(v)}`);
                o.port = n;
                break;
            }
            case "--username": o.username = value(); break;
            case "--fingerprint": {
                const v = value();
                if (v.replace(/[^0-9a-f]/gi, "").length !== 64 || !/^[0-9a-f:]+$/i.test(v)) {
                    throw new ConfigError(a, "must be the device certificate's SHA-256 fingerprint, 32 hex bytes (AA:BB:…, as openssl x509 -fingerprint -sha256 prints it)");
                }
                o.fingerprint = v;
                break;
            }
            case "--ca-pem": o.caPemFile = value(); break;
            case "--insecure": o.insecure = flag(); break;
            case "--json": o.json = flag(); break;
            case "--timeout": {
                const v = value();
                const n = Number(v);
                if (!Number.isFinite(n) || n <= 0 || n > 3600) throw new ConfigError(a, `must be a number of seconds (0 < s ≤ 3600), not ${JSON.stringify(v)}`);
                o.timeoutSec = n;
                break;
            }
            case "--help": case "-h": o.help = flag(); break;
            case "--password":
                // Never echo what follows: it may be the password.
                throw new ConfigError("--password", "is not accepted: the password is read only from the environment variable BIGIP_PASSWORD "
                    + "(a command line shows in ps and in the shell history)");
            default:
                // Only option-looking arguments are echoed: a stray word may be a password typed in the wrong place.
                throw new ConfigError(a.startsWith("--") ? a : "(argument)", `is not an option\n${USAGE}`);
        }
    }
    if ([o.fingerprint !== undefined, o.caPemFile !== undefined, o.insecure].filter(Boolean).length > 1) {
        throw new ConfigError("--fingerprint/--ca-pem/--insecure", "give at most one TLS trust");
    }
    return o;
}

/** The expectation file, parsed and checked (ConfigError naming the file and field otherwise). */
function loadExpectation(file: string): LoadedExpectation {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new ConfigError("--expect", `cannot read ${file}: ${(e as Error).message}`);
    }
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch (e) {
        throw new ConfigError("--expect", `${file} is not JSON (${(e as Error).message}); write it with: pulumi stack output doctor --json > ${file}`);
    }
    try {
        return parseDoctorExpectation(json);
    } catch (e) {
        if (e instanceof ConfigError) throw new ConfigError(`${file}: ${e.setting}`, e.message.replace(/^Invalid setting "[^"]*": /, ""));
        throw e;
    }
}

/** The device and its trust: the options win over the file; no trust at all means system CAs and the host name. */
function deviceOf(o: DoctorOptions, exp: LoadedExpectation): DoctorExpectation["device"] {
    const d = exp.device ?? {};
    const host = o.host ?? d.host;
    if (typeof host !== "string" || !host || host === "[secret]") {
        throw new ConfigError("--host", host === "[secret]" ? "the file's device.host is \"[secret]\": give --host" : "no BIG-IP host: give --host or an expectation file with device.host");
    }
    const port = o.port ?? d.port ?? 443;
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ConfigError("device.port", `must be a TCP port, not ${JSON.stringify(port)} (or give --port)`);
    const username = o.username ?? d.username ?? "admin";
    if (typeof username !== "string" || !username || username === "[secret]") throw new ConfigError("--username", "no usable username in the file: give --username");
    let tls: BigIpTls | undefined;
    if (o.fingerprint) tls = { fingerprint256: o.fingerprint };
    else if (o.insecure) tls = { insecure: true };
    else if (o.caPemFile) {
        let pem: string;
        try { pem = fs.readFileSync(o.caPemFile, "utf8"); } catch (e) { throw new ConfigError("--ca-pem", `cannot read ${o.caPemFile}: ${(e as Error).message}`); }
        if (!pem.includes("-----BEGIN CERTIFICATE-----")) throw new ConfigError("--ca-pem", `${o.caPemFile} holds no PEM certificate`);
        tls = { caPem: pem };
    } else if (d.tls !== undefined) {
        if (d.tls === "[secret]") throw new ConfigError("device.tls", "is \"[secret]\": run `pulumi stack output doctor --json --show-secrets`, or give --fingerprint or --ca-pem");
        if (typeof d.tls !== "object" || d.tls === null) throw new ConfigError("device.tls", `must be { fingerprint256 } or { caPem }, not ${JSON.stringify(d.tls)}`);
        tls = d.tls;
    }
    return { host, port, username, ...(tls ? { tls } : {}) };
}

export async function main(argv: string[], out: (s: string) => void, err: (s: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<number> {
    const password = env.BIGIP_PASSWORD;
    // Belt and braces: nothing we print carries the password, and every line is scrubbed of it anyway.
    const scrub = (s: string) => (password && password.length >= 4 ? s.split(password).join("********") : s);
    const say = (s: string) => out(scrub(s));
    const complain = (s: string) => err(scrub(s));
    let o: DoctorOptions;
    let exp: DoctorExpectation;
    let conn: BigIpConnection;
    try {
        o = parseArgs(argv);
        if (o.help) { say(USAGE); return 0; }
        if (!o.expect) throw new ConfigError("--expect", `is required: pulumi stack output doctor --json > doctor.json; npm run doctor -- --expect doctor.json\n${USAGE}`);
        const loaded = loadExpectation(o.expect);
        const device = deviceOf(o, loaded);
        if (password === undefined || password === "") {
            throw new ConfigError("BIGIP_PASSWORD", `is not set: export BIGIP_PASSWORD with the password of ${device.username} on ${device.host} (it is never taken from the command line)`);
        }
        exp = { ...loaded, device };
        const ms = Math.round(o.timeoutSec * 1000);
        conn = {
            host: device.host, port: device.port, username: device.username, password, ...(device.tls ? { tls: device.tls } : {}),
            requestTimeoutMs: ms, readinessTimeoutMs: ms, readinessIntervalMs: Math.min(1000, ms),
            retry: { attempts: 3, baseDelayMs: 200, maxDelayMs: 1000 },
        };
    } catch (e) {
        if (e instanceof ConfigError) { complain(`doctor: ${e.message}\n`); return 2; }
        complain(`doctor failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
        return 1;
    }
    try {
        const state = await readDoctorDevice(conn, exp);
        const report = diagnose(state, exp);
        say(o.json ? `${JSON.stringify(report, null, 2)}\n` : renderDoctorReport(report));
        return report.ok ? 0 : 1;
    } catch (e) {
        if (e instanceof DoctorDeviceError) { complain(`doctor: ${e.message}\n`); return 3; }
        complain(`doctor failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
        return 1;
    }
}

if (require.main === module) {
    main(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s)).then((code) => { process.exitCode = code; });
}
