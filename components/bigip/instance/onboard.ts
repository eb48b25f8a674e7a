/**
 * Pure rendering of the onboarding run over SSH: wait for mcpd, then set the admin password read from
 * stdin. The password never appears in the command text, only in the (secret) stdin.
 *
 * Not verifiable offline (no BIG-IP here): that `admin`'s login shell on the marketplace image is tmsh, that
 * sshd hands the exec request to tmsh, which accepts `run util bash -c '…'` with this quoting, and that
 * tmsh forwards the SSH channel's stdin to the bash child. These follow F5 docs/tutorials and the
 * f5-cloud-libs `wait_for_bigip` probe, but have to be confirmed on a real instance.
 */
import { canonFingerprint256 } from "../../common/values/fingerprint";

/** Seconds between readiness probes. */
export const POLL_SECONDS = 5;
/** Prefix of the stdout line carrying the management certificate's SHA-256 fingerprint. */
export const FINGERPRINT_MARKER = "fingerprint256=";

/** Characters f5-cloud-libs scripts/createUser.sh backslash-escapes before `tmsh modify auth user … password`. */
export const TMSH_ESCAPED: readonly string[] = ["!", "'", "\"", "%", "{", "}", ";", "/", "|", "#", " ", "\\"];

/** The password as tmsh must receive it (what the script computes in bash), for tests and documentation. */
export function tmshEscapePassword(password: string): string {
    return [...password].map((c) => (TMSH_ESCAPED.includes(c) ? `\\${c}` : c)).join("");
}

/** One bash word for a single character. */
function shellWord(c: string): string {
    return c === "'" ? `"'"` : `'${c}'`;
}

export interface OnboardScriptOptions {
    /** How long the script waits for mcpd (and retries setting the password) before failing. */
    readonly readinessTimeoutMinutes: number;
}

/**
 * The bash script (POSIX-style, bash for `${var//pat/rep}`). It (1) polls `tmsh show sys mcp-state field-fmt`
 * every 5 s until it reports `running`, (2) reads the password as one line from stdin, (3) sets it and
 * saves the config, retrying until the same deadline, (4) prints the SHA-256 fingerprint of the httpd
 * (GUI/REST) certificate so the REST client can pin it. That fingerprint is only as trustworthy as the SSH session:
 * the session authenticates US to the BIG-IP (our key), but authenticates the BIG-IP only when `sshHostKey` is set;
 * without it the pin is trust-on-first-use (see README "SSH host key").
 * tmsh re-parses its arguments, so the password is escaped exactly as F5's f5-cloud-libs scripts/createUser.sh
 * does (a backslash before each of !'"%{};/|#, space and backslash); characters that cannot pass that way are
 * refused up front (common/secrets.ts). Output never contains the password or any part of it: tmsh's own error
 * text is NOT echoed (it may quote the escaped or a truncated password, which masking of the exact value would miss).
 * Full REST readiness (`/mgmt/tm/sys/ready`) is the REST client's job later.
 */
export function renderOnboardScript(opts: OnboardScriptOptions): string {
    const seconds = Math.round(opts.readinessTimeoutMinutes * 60);
    return [
        "set -u",
        "set +x",
        `deadline=$(( $(date +%s) + ${seconds} ))`,
        "expired() { [ \"$(date +%s)\" -ge \"$deadline\" ]; }",
        "until tmsh show sys mcp-state field-fmt 2>/dev/null | grep -q running; do",
        `  if expired; then echo "onboard: mcpd not running after ${opts.readinessTimeoutMinutes} min" >&2; exit 1; fi`,
        `  sleep ${POLL_SECONDS}`,
        "done",
        "PW=''",
        "IFS= read -r PW || true",
        "if [ -z \"$PW\" ]; then echo 'onboard: no password on stdin' >&2; exit 1; fi",
        // createUser.sh's escaping, backslash first so the added backslashes are not doubled.
        "ESC=${PW//\\\\/\\\\\\\\}",
        `for c in ${TMSH_ESCAPED.filter((c) => c !== "\\").map(shellWord).join(" ")}; do ESC=\${ESC//"$c"/"\\\\$c"}; done`,
        "until tmsh modify auth user admin password \"$ESC\" >/dev/null 2>&1 && tmsh save sys config >/dev/null 2>&1; do",
        "  if expired; then echo 'onboard: setting the admin password failed until the deadline (tmsh output withheld: it may quote the password)' >&2; unset PW ESC; exit 1; fi",
        `  sleep ${POLL_SECONDS}`,
        "done",
        "unset PW ESC",
        "echo 'onboard: admin password set and config saved'",
        "certfile=$(tmsh list sys httpd ssl-certfile 2>/dev/null | awk '$1 == \"ssl-certfile\" { print $2 }')",
        "[ -r \"${certfile:-}\" ] || certfile=/etc/httpd/conf/ssl.crt/server.crt",
        "fp=$(openssl x509 -noout -fingerprint -sha256 -in \"$certfile\" 2>/dev/null | sed 's/^[^=]*=//')",
        `if [ -n "$fp" ]; then echo "${FINGERPRINT_MARKER}$fp"; else echo "onboard: cannot read the certificate $certfile" >&2; fi`,
        "",
    ].join("\n");
}

/**
 * The SSH `create` command for a tmsh login shell: tmsh runs bash, which decodes and evals the script.
 * Base64 keeps the script clear of tmsh's and bash's quoting rules (its alphabet needs no quoting).
 */
export function onboardCreateCommand(script: string): string {
    const b64 = Buffer.from(script, "utf8").toString("base64");
    return `run util bash -c 'eval "$(echo ${b64} | base64 -d)"'`;
}

/** The fingerprint from the command's stdout (colon-separated hex), or undefined when it is missing. */
export function parseFingerprint(stdout: string | undefined): string | undefined {
    const line = (stdout ?? "").split("\n").map((l) => l.trim()).find((l) => l.startsWith(FINGERPRINT_MARKER));
    const fp = line?.slice(FINGERPRINT_MARKER.length);
    return canonFingerprint256(fp);
}

/** What goes to the command's stdin: the password as one line (`read -r` needs the newline). */
export function onboardStdin(password: string): string {
    return `${password}\n`;
}
