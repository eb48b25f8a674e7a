/**
 * Rules for the credentials the stack hands to the BIG-IP (pure). Every message names the setting and says
 * what is allowed, and NEVER quotes the value or any part of it (these are secrets).
 */
import { check } from "./errors";

/**
 * The admin password travels to the device through AWS Secrets Manager and F5 Runtime Init, which puts it into the DO
 * declaration by rendering the declaration's JSON text with Mustache and parsing it back
 * (`JSON.parse(renderData(JSON.stringify(config), parameters))`, F5Networks/f5-bigip-runtime-init src/cli.ts at
 * 24610a9c; the `{{{ }}}` placeholder inserts the value unescaped): so the secret holds the password as the body of a
 * JSON string (`jsonStringBody`: `"` and `\` escaped), which that parse turns back into the password. Refused:
 * empty, control characters (a password on more than one line), non-ASCII (its handling on the device is unverified),
 * a leading/trailing space (easily lost by shells and config editors), and anything longer than 128 characters.
 */
export const PASSWORD_RULE = "1 to 128 printable ASCII characters (letters, digits, spaces and !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~), " +
    "not starting or ending with a space, on one line";

/** The password as the body of a JSON string (what the first boot's secret holds: see PASSWORD_RULE). */
export function jsonStringBody(value: string): string {
    return JSON.stringify(value).slice(1, -1);
}

/**
 * The part of the device's own password policy that can be checked without the device. F5, "BIG-IP System: Secure
 * Password Policy" (TMOS 14.0.0 manual, same text through 17.1): "Beginning with BIG-IP version 14.0.0, Secure Password
 * Policy is enabled by default" and "The new password must be more than 6 characters long and must pass basic
 * pam_cracklib checks including: cannot be a dictionary word … cannot be too simple". Of cracklib's checks
 * (cracklib/cracklib src/lib/fascist.c, FascistLookUser) the one needing neither the dictionary nor the old password
 * is `MINDIFF`: fewer than 5 different characters is "it does not contain enough DIFFERENT characters".
 * The dictionary check needs the device's word list and is left to the device.
 */
export const TMOS_MIN_LENGTH = 7;
/** cracklib's MINDIFF (src/lib/fascist.c). */
export const TMOS_MIN_DISTINCT = 5;
export const TMOS_PASSWORD_RULE = `at least ${TMOS_MIN_LENGTH} characters ("more than 6", F5's secure password policy, on by ` +
    `default from 14.0) with at least ${TMOS_MIN_DISTINCT} different characters (pam_cracklib); no dictionary word ` +
    "(pam_cracklib; only the device can check that)";

/** Whether `value` passes the offline part of the TMOS 14.0+ default policy (TMOS_PASSWORD_RULE). Pure. */
export function meetsTmosPolicy(value: string): boolean {
    return value.length >= TMOS_MIN_LENGTH && new Set(value).size >= TMOS_MIN_DISTINCT;
}

/**
 * Throws a ConfigError naming `setting` when the password breaks PASSWORD_RULE or, for a password this stack sets on a
 * BIG-IP it creates, the device's policy (TMOS_PASSWORD_RULE). The message never includes the value.
 */
export function checkPassword(value: unknown, setting: string): string {
    check(typeof value === "string", setting, `must be a string: ${PASSWORD_RULE}`);
    check(value.length >= 1 && value.length <= 128 && /^[\x20-\x7e]+$/.test(value) && !/^ | $/.test(value), setting,
        `is not accepted (value not shown): it must be ${PASSWORD_RULE}`);
    check(meetsTmosPolicy(value), setting, `TMOS 14.0+ refuses it (value not shown): it must have ${TMOS_PASSWORD_RULE}`);
    return value;
}

const PUBLIC_KEY_TYPES = ["ssh-rsa", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"] as const;

/** The key type string embedded at the start of an SSH wire-format key blob, or undefined. */
function embeddedType(blob: Buffer): string | undefined {
    if (blob.length < 4) return undefined;
    const len = blob.readUInt32BE(0);
    if (len < 1 || len > 64 || blob.length < 4 + len) return undefined;
    return blob.subarray(4, 4 + len).toString("latin1");
}

/**
 * Parses one OpenSSH public key line: `<type> <base64 blob>[ <comment>]`, exactly one line, nothing else. The blob
 * must be canonical base64 and start with the same type (catches pasted fragments and trailing garbage).
 */
export function parsePublicKey(text: unknown, types: readonly string[] = PUBLIC_KEY_TYPES): { type: string; blob: string } | undefined {
    if (typeof text !== "string") return undefined;
    const m = /^([a-z0-9-]+) ([A-Za-z0-9+/]+={0,2})(?: [\x20-\x7e]*)?$/.exec(text);
    if (!m || !types.includes(m[1]) || m[2].length % 4 !== 0) return undefined;
    const blob = Buffer.from(m[2], "base64");
    if (blob.toString("base64") !== m[2] || embeddedType(blob) !== m[1]) return undefined;
    return { type: m[1], blob: m[2] };
}

/** EC2 imports RSA and ED25519 key pairs only. */
export function checkSshPublicKey(text: unknown, setting: string): string {
    check(parsePublicKey(text, ["ssh-rsa", "ssh-ed25519"]) !== undefined, setting,
        "must be exactly one OpenSSH public key line, \"ssh-ed25519 AAAA… [comment]\" or \"ssh-rsa AAAA… [comment]\" " +
        "(EC2 imports only RSA and ED25519), with a valid base64 body and nothing after the comment (no second line)");
    return text as string;
}

/**
 * The password of a device we do not create (its current one, not held to our policy): REST takes it as it is, so only
 * non-empty and one line. `secret`: the message says the value is not shown (checked inside apply).
 */
export function checkExistingPassword(value: unknown, setting: string, secret = false): string {
    check(typeof value === "string" && value !== "" && !/[\r\n]/.test(value), setting,
        `must be non-empty and a single line${secret ? " (value not shown)" : ""}`);
    return value;
}
