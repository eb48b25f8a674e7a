/**
 * Opening an iControl REST session for a command line (the doctor, or any command that talks to the device): a
 * failure is a DoctorDeviceError that says whether the device could not be reached, was not trusted, refused the
 * credentials or was not ready.
 */
import { openSession, OpenSession, redact } from "../../bigip/rest";
import { BigIpConnection, isBigIpError } from "../../bigip/rest/types";

/** `read`: a GET of the doctor failed; `run`: the device did not run a command (remote capture). */
export type DeviceFailure = "unreachable" | "tls" | "auth" | "not-ready" | "read" | "run";

/**
 * The device could not be read: which way, in words that say what to check. Its message is scrubbed of credentials
 * (the REST layer's redact: by shape, and by the value of every password, Basic credential and token this process
 * sent), whatever error text it wraps — a device or proxy echoing our request cannot make a command print them.
 */
export class DoctorDeviceError extends Error {
    constructor(readonly failure: DeviceFailure, message: string) {
        super(redact(message));
        this.name = "DoctorDeviceError";
    }
}

const TRANSPORT = /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|timed out|no answer within|socket hang up/i;

function openFailure(where: string, user: string, e: unknown, passwordFrom: string): DoctorDeviceError {
    const msg = (e instanceof Error ? e.message : String(e)).replace(`BIG-IP ${where}: `, "");
    if (isBigIpError(e)) {
        if (e.status === 401) return new DoctorDeviceError("auth", `authentication failed: the BIG-IP at ${where} refused user ${user} with the password from ${passwordFrom} (${msg})`);
        if (/maximum active login tokens/i.test(e.deviceMessage)) return new DoctorDeviceError("auth", `cannot log in to the BIG-IP at ${where}: ${msg}`);
        if (e.status !== undefined && e.status >= 300 && e.status < 400) {
            return new DoctorDeviceError("unreachable", `cannot reach the BIG-IP at ${where}: ${msg}`); // the message says why: a redirect
        }
        if (e.status === undefined && /the most this client reads from a device/.test(e.deviceMessage)) {
            return new DoctorDeviceError("read", `the BIG-IP at ${where} sent an answer too long to read: ${msg}`);
        }
        if (e.status === undefined && /certificate/i.test(e.deviceMessage)) {
            return new DoctorDeviceError("tls", `the BIG-IP at ${where} was not trusted (nothing was sent to it): ${msg}`);
        }
        if (/did not become ready/.test(msg)) {
            return TRANSPORT.test(e.deviceMessage) ? new DoctorDeviceError("unreachable", `cannot reach the BIG-IP at ${where}: ${msg}`)
                : new DoctorDeviceError("not-ready", `the BIG-IP at ${where} answers but is not ready: ${msg}`);
        }
        if (e.status === undefined) return new DoctorDeviceError("unreachable", `cannot reach the BIG-IP at ${where}: ${msg}`);
    }
    return new DoctorDeviceError("unreachable", `cannot open a session with the BIG-IP at ${where}: ${msg}`);
}

/**
 * One session (readiness, login) for `purpose`; its failure as a DoctorDeviceError (an authentication failure names
 * `passwordFrom`, the environment variable the password came from). Close it with `close()`.
 */
export async function openDeviceSession(conn: BigIpConnection, purpose: string, passwordFrom = "BIGIP_PASSWORD"): Promise<OpenSession> {
    try {
        return await openSession(conn, purpose);
    } catch (e) {
        throw openFailure(`${conn.host}:${conn.port ?? 443}`, conn.username, e, passwordFrom);
    }
}
