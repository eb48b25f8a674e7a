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

/**
 * The one inline command (a single line for /bin/sh) that installs the certificate: writes both files beside the
 * current ones with umask 077, checks the key matches the certificate (same public key), only then moves them over
 * the device certificate and key, and restarts httpd. A key that does not match leaves the factory certificate in
 * place and fails Runtime Init (the REST client then reports that the pinned certificate never appeared).
 */
export function certificateInstallCommand(certificatePem: string): string {
    const certB64 = Buffer.from(certificatePem, "utf8").toString("base64");
    const key = `${DEVICE_KEY_PATH}.clone-l3`;
    const crt = `${DEVICE_CERT_PATH}.clone-l3`;
    const steps = [
        "umask 077",
        `printf '%s' '{{{ ${MGMT_KEY_PARAMETER} }}}' | base64 -d > ${key}`,
        `printf '%s' '${certB64}' | base64 -d > ${crt}`,
        `[ "$(openssl x509 -noout -pubkey -in ${crt})" = "$(openssl pkey -pubout -in ${key})" ]`,
        `mv -f ${key} ${DEVICE_KEY_PATH}`,
        `mv -f ${crt} ${DEVICE_CERT_PATH}`,
        "tmsh restart sys service httpd",
    ];
    // On any failure: no half-installed files, and a non-zero status so Runtime Init reports it.
    return `{ ${steps.join(" && ")}; } || { rm -f ${key} ${crt}; echo 'clone-l3: management certificate not installed' >&2; exit 1; }`;
}
