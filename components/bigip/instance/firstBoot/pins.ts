/**
 * Pinned versions and published SHA-256 hashes of what the first boot downloads, each with its public source.
 * Facts only; nothing here is fetched at build time.
 */

/** A downloadable F5 package pinned by version, URL and SHA-256 (lower-case hex). */
export interface RuntimeInitPin {
    /** Package version, e.g. "2.0.3". */
    readonly version: string;
    /** HTTPS URL of the self-extracting installer. */
    readonly url: string;
    /** SHA-256 of the installer (64 lower-case hex digits). */
    readonly sha256: string;
}

/** A Declarative Onboarding package pinned for Runtime Init's `extension_packages` (`extensionVersion`/`extensionHash`). */
export interface DoPin {
    /** DO version, also the declaration's `schemaVersion`. */
    readonly version: string;
    /** SHA-256 of the DO RPM that Runtime Init checks (`extensionHash`). */
    readonly sha256: string;
}

/**
 * F5 BIG-IP Runtime Init 2.0.3.
 * - URL: F5Networks/f5-bigip-runtime-init README.md "Downloads" (commit 24610a9c77de04d48f72e6e8653eb65230260806,
 *   package.json version 2.0.3); also the default `INIT_URL` of F5Networks/terraform-aws-bigip-module variables.tf
 *   (commit 9a8fa5e3f76fdb999868c1876dbe5db1fd41d853).
 * - SHA-256: F5 publishes it as https://github.com/f5networks/f5-bigip-runtime-init/releases/download/2.0.3/f5-bigip-runtime-init-2.0.3-1.gz.run.sha256
 *   (same README table). That asset could not be fetched offline here; the value below is the default
 *   `RUNTIME_INIT_SHA256SUM` for this same URL in F5 DevCentral's f5devcentral/terraform-google-f5-bigip-ha
 *   modules/template/files/onboard.sh (commit 40223a1e2e67356df1d143a7cc599cfdefc4670b). Compare it with the
 *   published .sha256 before the first real deployment.
 */
export const RUNTIME_INIT_2_0_3: RuntimeInitPin = {
    version: "2.0.3",
    url: "https://cdn.f5.com/product/cloudsolutions/f5-bigip-runtime-init/v2.0.3/dist/f5-bigip-runtime-init-2.0.3-1.gz.run",
    sha256: "e38fabfee268d6b965a7c801ead7a5708e5766e349cfa6a19dd3add52018549a",
};

/**
 * Declarative Onboarding 1.44.0: the newest DO for which F5 publishes a hash next to Runtime Init 2.0.3 —
 * F5Networks/f5-bigip-runtime-init examples/runtime_configs/snippets/extension_packages_hashed.yaml and
 * examples/terraform/aws/startup-script.tpl (commit 24610a9c77de04d48f72e6e8653eb65230260806); Runtime Init
 * 2.0.3's own src/lib/bigip/toolchain/toolchain_metadata.json lists 1.44.0 as DO's `latest`. No public source found
 * here gives the hash of DO 1.45.0 (F5Networks/f5-declarative-onboarding v1.45.0, package 1.45.0-6), so 1.45.0 is
 * not pinned. The DO 1.45.0 schema used by the tests accepts `schemaVersion` 1.44.0 (its enum), and 1.45.0 only
 * added SNMP trap and device-certificate options (CHANGELOG.md) that this declaration does not use.
 */
export const DO_1_44_0: DoPin = {
    version: "1.44.0",
    sha256: "3b05d9bcafbcf0b5b625ff81d6bab5ad26ed90c0dd202ded51756af3598a97ec",
};
