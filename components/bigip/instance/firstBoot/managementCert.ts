/**
 * Trust from the first byte (issue 15.3): the stack generates the BIG-IP's management (GUI/REST) certificate, so its
 * SHA-256 fingerprint is known before the device exists and the REST client pins it from its first connection. The
 * private key reaches the device only through AWS Secrets Manager: Runtime Init reads it as a secret runtime parameter
 * and its `post_onboard_enabled` inline command writes it, with the certificate, where httpd reads the device
 * certificate, then restarts httpd.
 *
 * Sources:
 * - Files: F5 manual "BIG-IP System: SSL Administration", chapter "Device Certificate Management" (14.1.0): the device
 *   certificate is /config/httpd/conf/ssl.crt/server.crt and its key /config/httpd/conf/ssl.key/server.key; httpd
 *   serves the Configuration utility and iControl REST on the management port.
 * - Runtime Init 2.0.3 renders runtime parameters into `post_onboard_enabled` commands and, when a command holds a
 *   Mustache tag, logs neither the command nor its output at the `info` level (F5Networks/f5-bigip-runtime-init
 *   src/cli.ts and src/lib/resolver/resolverClient.ts `resolveOnboardActions`, commit 24610a9c). The rendered
 *   commands go through `JSON.parse(renderData(JSON.stringify(...)))` (src/cli.ts), so the secret must be JSON-safe:
 *   it is stored base64-encoded (one line of `[A-Za-z0-9+/=]`).
 * - The schema (src/schema/base_schema.json) names the list `command`; Runtime Init's code and every F5 example read
 *   `commands` (resolverClient.ts, examples/runtime_configs/snippets/post_onboard_enabled_inline.yaml). The schema
 *   leaves the items open, so `commands` passes it; we follow the code.
 * Only a real boot can show that `tmsh restart sys service httpd` then serves the new certificate on 443/8443.
 */

/** Name of the Runtime Init runtime parameter that carries the base64 of the management key's PEM. */
export const MGMT_KEY_PARAMETER = "MGMT_TLS_KEY_B64";
/** Where httpd reads the device certificate and key (F5 manual, above). */
export const DEVICE_CERT_PATH = "/config/httpd/conf/ssl.crt/server.crt";
export const DEVICE_KEY_PATH = "/config/httpd/conf/ssl.key/server.key";

/** The management certificate the first boot installs. Only the certificate is here; the key is in Secrets Manager. */
export interface ManagementCertificate {
    /** The certificate, PEM (public). */
    readonly certificatePem: string;
    /** Name or ARN of the Secrets Manager secret holding `base64(private key PEM)` (see `managementKeySecretString`). */
    readonly keySecretId: string;
}

/** What the stack stores in the key's secret: the key's PEM as one base64 line (JSON- and shell-safe). */
export function managementKeySecretString(privateKeyPem: string): string {
    return Buffer.from(privateKeyPem, "utf8").toString("base64");
}

const PEM_CERT = /^-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\r?\n?$/;

/** True for one PEM certificate block and nothing else. */
export function isCertificatePem(pem: string): boolean {
    return PEM_CERT.test(pem);
}

/** Where httpd's files live (F5 manual, above); a parameter only so tests can run the commands in a scratch directory. */
export const HTTPD_CONF_DIR = "/config/httpd/conf";

/**
 * The two inline commands (each one line for /bin/sh) that install the certificate. Runtime Init runs them with
 * `child_process.exec`, whose error on a non-zero exit is `Command failed: <the whole command>`, and logs that message
 * (src/lib/utils.ts `runShellCommand`, src/cli.ts): so the one command that holds the secret can never fail — it only
 * writes the key's base64 to a file (umask 077) and exits 0 — and all the checking happens in the second, secret-free
 * command: decode the key, write the certificate (0644, as the factory file), check the key matches the certificate
 * (same public key; an encrypted key fails instead of asking for a passphrase), keep the factory files, move the new
 * ones in, restart httpd. On any failure the factory files are put back, the new ones removed, and it exits 1 so
 * Runtime Init reports it; its text holds paths and the public certificate only. (Residual: while the first command
 * runs, its text — the key — is in that shell's /proc/<pid>/cmdline, readable by local users of the device.)
 */
export function certificateInstallCommands(certificatePem: string, dir = HTTPD_CONF_DIR): [string, string] {
    const certB64 = Buffer.from(certificatePem, "utf8").toString("base64");
    const [key, crt] = [`${dir}/ssl.key/server.key`, `${dir}/ssl.crt/server.crt`];
    const [b64, newKey, newCrt] = [`${key}.clone-l3.b64`, `${key}.clone-l3`, `${crt}.clone-l3`];
    const writeSecret = `umask 077; printf '%s' '{{{ ${MGMT_KEY_PARAMETER} }}}' > ${b64} 2>/dev/null; exit 0`;
    const steps = [
        "umask 077",
        `base64 -d < ${b64} > ${newKey}`,
        `rm -f ${b64}`,
        `printf '%s' '${certB64}' | base64 -d > ${newCrt}`,
        `chmod 644 ${newCrt}`,
        `[ "$(openssl x509 -noout -pubkey -in ${newCrt})" = "$(openssl pkey -pubout -passin pass: -in ${newKey})" ]`,
        `cp -p ${key} ${key}.factory && cp -p ${crt} ${crt}.factory`,
        `mv -f ${newKey} ${key}`,
        `mv -f ${newCrt} ${crt}`,
        "tmsh restart sys service httpd",
    ];
    const undo = `{ [ -f ${key}.factory ] && cp -p ${key}.factory ${key}; [ -f ${crt}.factory ] && cp -p ${crt}.factory ${crt}; ` +
        `rm -f ${b64} ${newKey} ${newCrt}; echo 'clone-l3: management certificate not installed; the factory one stays' >&2; exit 1; }`;
    const install = `{ ${steps.join(" && ")}; } || ${undo}`;
    return [writeSecret, install];
}
