/**
 * What every command that talks to the BIG-IP shares (npm run doctor, npm run remote-capture):
 *   - the expectation file: `pulumi stack output doctor --json` (or the whole `pulumi stack output --json`);
 *   - the device and TLS options (--host/--port/--username/--fingerprint/--ca-pem/--insecure/--timeout), which
 *     win over the file's `device` (or give it, for a hand-written expectation without one);
 *   - the password, from the environment variable BIGIP_PASSWORD only: `--password` is refused without echoing
 *     what follows it, and every line a command prints is scrubbed of the password;
 *   - the exit codes: 2 usage or configuration error, 3 the device could not be reached, was not trusted, refused
 *     the credentials or was not ready (DoctorDeviceError), 1 anything unexpected (with the stack).
 */
import * as fs from "node:fs";
import * as net from "node:net";
import { afterFirstBootTls, BigIpConnection, BigIpTls } from "../../components/bigip/rest/types";
import { ConfigError } from "../../components/common/errors";
import { DoctorDeviceError, LoadedExpectation, parseDoctorExpectation } from "../../components/diagnose/doctor";
import { DoctorExpectation } from "../../components/diagnose/expect";
import { Arg, EXIT, UsageError, walkOptions } from "./args";

export { EXIT };

export interface DeviceOptions {
    host?: string;
    port?: number;
    username?: string;
    fingerprint?: string;
    caPemFile?: string;
    insecure: boolean;
    timeoutSec: number;
    help: boolean;
}

export type { Arg };

/**
 * Parses argv (stacks/cli/args.ts conventions): the device options and --help here, every other option through
 * `own` (true when it took it). `--password` is refused without echoing what follows. UsageError or ConfigError on
 * the first problem, in argv order; `command` names the command in the hint (`npm run <command> -- --help`).
 */
export function parseDeviceArgs(argv: string[], command: string, own: (a: Arg) => boolean): DeviceOptions {
    const o: DeviceOptions = { insecure: false, timeoutSec: 30, help: false };
    const { help } = walkOptions(argv, command, (a) => {
        switch (a.name) {
            case "--host": o.host = a.value(); return true;
            case "--port": {
                const v = a.value();
                const n = Number(v);
                if (!/^\d+$/.test(v) || n < 1 || n > 65535) throw new ConfigError(a.name, `must be a TCP port 1..65535, not ${JSON.stringify(v)}`);
                o.port = n;
                return true;
            }
            case "--username": o.username = a.value(); return true;
            case "--fingerprint": {
                const v = a.value();
                if (v.replace(/[^0-9a-f]/gi, "").length !== 64 || !/^[0-9a-f:]+$/i.test(v)) {
                    throw new ConfigError(a.name, "must be the device certificate's SHA-256 fingerprint, 32 hex bytes (AA:BB:…, as openssl x509 -fingerprint -sha256 prints it)");
                }
                o.fingerprint = v;
                return true;
            }
            case "--ca-pem": o.caPemFile = a.value(); return true;
            case "--insecure": o.insecure = a.flag(); return true;
            case "--timeout": {
                const v = a.value();
                const n = Number(v);
                if (!Number.isFinite(n) || n <= 0 || n > 3600) throw new ConfigError(a.name, `must be a number of seconds (0 < s ≤ 3600), not ${JSON.stringify(v)}`);
                o.timeoutSec = n;
                return true;
            }
            case "--password":
                // Never echo what follows: it may be the password.
                throw new ConfigError("--password", "is not accepted: the password is read only from the environment variable BIGIP_PASSWORD "
                    + "(a command line shows in ps and in the shell history)");
            default: return own(a);
        }
    });
    o.help = help;
    if ([o.fingerprint !== undefined, o.caPemFile !== undefined, o.insecure].filter(Boolean).length > 1) {
        throw new ConfigError("--fingerprint/--ca-pem/--insecure", "give at most one TLS trust");
    }
    return o;
}

/**
 * A file name to suggest in `pulumi stack output doctor --json > NAME` that does not exist yet in the working
 * directory: a suggestion must never overwrite a file (the one given by mistake may be README.md).
 */
export function freshExpectationName(exists: (p: string) => boolean = fs.existsSync): string {
    for (let i = 0; ; i++) {
        const name = i === 0 ? "doctor.json" : `doctor-${i}.json`;
        if (!exists(name)) return name;
    }
}

/** `--expect` is missing: how to write the file and give it, in one line. */
export function expectRequired(command: string): ConfigError {
    const name = freshExpectationName();
    return new ConfigError("--expect", `is required: pulumi stack output doctor --json > ${name}; npm run ${command} -- --expect ${name}`);
}

/** The expectation file, parsed and checked (ConfigError naming the file and field otherwise). */
export function loadExpectation(file: string): LoadedExpectation {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new ConfigError("--expect", `cannot read ${file}: ${(e as Error).message.split("\n")[0]}`);
    }
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch (e) {
        const name = freshExpectationName();
        throw new ConfigError("--expect", `${file} is not JSON (${(e as Error).message.split("\n")[0]}): give the file \`pulumi stack output doctor --json > ${name}\` writes`);
    }
    try {
        return parseDoctorExpectation(json);
    } catch (e) {
        if (e instanceof ConfigError) throw new ConfigError(`${file}: ${e.setting}`, e.message.replace(/^Invalid setting "[^"]*": /, ""));
        throw e;
    }
}

/** The device and its trust: the options win over the file; no trust at all means system CAs and the host name. */
export function deviceOf(o: DeviceOptions, exp: LoadedExpectation): DoctorExpectation["device"] {
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
        // A deployed stack's device finished its first boot: another certificate is a mismatch now, not a boot to wait for.
        tls = afterFirstBootTls(d.tls);
    }
    return { host, port, username, ...(tls ? { tls } : {}) };
}

/**
 * The device (deviceOf), the password from BIGIP_PASSWORD (ConfigError when it is not set) and the connection,
 * waiting up to --timeout for the device.
 */
export function deviceConnection(o: DeviceOptions, loaded: LoadedExpectation, env: NodeJS.ProcessEnv): { device: DoctorExpectation["device"]; conn: BigIpConnection } {
    const device = deviceOf(o, loaded);
    const password = env.BIGIP_PASSWORD;
    if (password === undefined || password === "") {
        throw new ConfigError("BIGIP_PASSWORD", `is not set: export BIGIP_PASSWORD with the password of ${device.username} on ${device.host} (it is never taken from the command line)`);
    }
    const ms = Math.round(o.timeoutSec * 1000);
    const conn: BigIpConnection = {
        host: device.host, port: device.port, username: device.username, password, ...(device.tls ? { tls: device.tls } : {}),
        requestTimeoutMs: ms, readinessTimeoutMs: ms, readinessIntervalMs: Math.min(1000, ms),
        retry: { attempts: 3, baseDelayMs: 200, maxDelayMs: 1000 },
    };
    return { device, conn };
}

/**
 * Fails fast when nothing listens on the device's port: a TCP connection refused `attempts` times, `gapMs` apart (a
 * service restarting gets that long), is a DoctorDeviceError at once, where readiness would poll until --timeout.
 * Only a refusal counts: a timeout, an unreachable host or an accepted connection is left to the session. Nothing
 * is sent on the connection.
 */
export async function failFastIfRefused(conn: BigIpConnection, attempts = 3, gapMs = 400): Promise<void> {
    const port = conn.port ?? 443;
    const refused = () => new Promise<boolean>((resolve) => {
        const s = net.connect({ host: conn.host, port });
        const done = (r: boolean) => { s.destroy(); resolve(r); };
        s.setTimeout(Math.min(conn.requestTimeoutMs ?? 3000, 3000), () => done(false));
        s.once("connect", () => done(false));
        s.once("error", (e: NodeJS.ErrnoException) => done(e.code === "ECONNREFUSED"));
    });
    for (let i = 1; i <= attempts; i++) {
        if (!(await refused())) return;
        if (i < attempts) await new Promise((r) => setTimeout(r, gapMs));
    }
    throw new DoctorDeviceError("unreachable", `cannot reach the BIG-IP at ${conn.host}:${port}: connection refused (ECONNREFUSED): nothing listens on port ${port} `
        + `(tried ${attempts} times over ${((attempts - 1) * gapMs / 1000).toFixed(1)} s; check --host/--port, or the device's management address)`);
}

/**
 * Where an HA pair's other unit's password is read: BIGIP_PEER_PASSWORD, else BIGIP_PASSWORD (as the stack's
 * `existingBigip.peer.password` defaults to the first unit's). `env` is then what deviceConnection reads it from.
 */
export function peerPasswordEnv(env: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; from: "BIGIP_PEER_PASSWORD" | "BIGIP_PASSWORD" } {
    const from = env.BIGIP_PEER_PASSWORD ? "BIGIP_PEER_PASSWORD" : "BIGIP_PASSWORD";
    return { env: { BIGIP_PASSWORD: env[from] }, from };
}

/** Output that never carries a password: every line is scrubbed of BIGIP_PASSWORD and BIGIP_PEER_PASSWORD (belt and braces). */
export function scrubbed(env: NodeJS.ProcessEnv, out: (s: string) => void, err: (s: string) => void): { say: (s: string) => void; complain: (s: string) => void } {
    const passwords = [env.BIGIP_PASSWORD, env.BIGIP_PEER_PASSWORD].filter((p): p is string => p !== undefined && p.length >= 4);
    const scrub = (s: string) => passwords.reduce((t, p) => t.split(p).join("********"), s);
    return { say: (s) => out(scrub(s)), complain: (s) => err(scrub(s)) };
}

/** A failure before the device is contacted: UsageError/ConfigError → exit 2 with its message; anything else → 1 with the stack. */
export function setupFailure(command: string, e: unknown, complain: (s: string) => void): number {
    if (e instanceof ConfigError || e instanceof UsageError) { complain(`${command}: ${e.message}\n`); return EXIT.usage; }
    complain(`${command} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    return EXIT.failed;
}

/** A failure talking to the device: DoctorDeviceError → exit 3 with its message; anything else → 1 with the stack. */
export function deviceFailure(command: string, e: unknown, complain: (s: string) => void): number {
    if (e instanceof DoctorDeviceError) { complain(`${command}: ${e.message}\n`); return EXIT.device; }
    complain(`${command} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    return EXIT.failed;
}
