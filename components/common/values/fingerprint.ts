/**
 * TLS certificate fingerprints (pure): the SHA-256 fingerprint a BIG-IP's certificate is pinned by, as
 * `openssl x509 -noout -fingerprint -sha256` prints it — 32 colon-separated hex pairs.
 */
import { check } from "../errors";

const FINGERPRINT256 = /^([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$/;

/** What a SHA-256 fingerprint looks like, for error messages. */
export const FINGERPRINT256_FORM = "a SHA-256 fingerprint: 32 colon-separated hex pairs (openssl x509 -noout -fingerprint -sha256)";

/** Whether `v` is a SHA-256 fingerprint in colon form (either case). */
export function isFingerprint256(v: unknown): v is string {
    return typeof v === "string" && FINGERPRINT256.test(v);
}

/** `v` when it is a SHA-256 fingerprint; otherwise a ConfigError naming `setting`. */
export function checkFingerprint256(v: unknown, setting: string): string {
    check(isFingerprint256(v), setting, `must be ${FINGERPRINT256_FORM}`);
    return v;
}

/** One spelling for comparing fingerprints: upper-case hex, colons kept; undefined when `v` is not one. */
export function canonFingerprint256(v: unknown): string | undefined {
    return isFingerprint256(v) ? v.toUpperCase() : undefined;
}
