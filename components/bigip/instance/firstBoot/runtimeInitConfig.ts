/**
 * The F5 BIG-IP Runtime Init configuration: read the admin password from AWS Secrets Manager, install the pinned DO
 * package (hash-checked by Runtime Init) and apply the DO declaration inline. Field names from Runtime Init's
 * schema (F5Networks/f5-bigip-runtime-init src/schema/base_schema.json at 24610a9c77de04d48f72e6e8653eb65230260806,
 * version 2.0.3) and F5's examples there (examples/runtime_configs/snippets/runtime_parameters_secret_aws.yaml,
 * extension_packages_hashed.yaml, examples/terraform/aws/startup-script.tpl).
 */
import { stringify } from "yaml";
import { ADMIN_PASS_PARAMETER, renderDoDeclaration } from "./doDeclaration";
import { certificateInstallCommands, MGMT_KEY_PARAMETER } from "./managementCert";
import { FirstBootSettings } from "./settings";

/** Where the startup script writes the configuration (F5's AWS example uses the same path). */
export const RUNTIME_INIT_CONFIG_PATH = "/config/cloud/runtime-init-conf.yaml";
/** Runtime Init's log file (its documented default, README "controls"). */
export const RUNTIME_INIT_LOG = "/var/log/cloud/bigIpRuntimeInit.log";

/** A Runtime Init configuration as plain JSON. */
export type RuntimeInitConfig = Record<string, unknown>;

/** A runtime parameter read from AWS Secrets Manager (F5's runtime_parameters_secret_aws.yaml). */
function secretParameter(name: string, secretId: string): Record<string, unknown> {
    return { name, type: "secret", secretProvider: { environment: "aws", type: "SecretsManager", version: "AWSCURRENT", secretId } };
}

/**
 * Renders the configuration object. It names the secrets, never contains their values. The log level stays `info`:
 * at `debug` Runtime Init logs commands that hold secrets (managementCert.ts).
 */
export function renderRuntimeInitConfig(s: FirstBootSettings): RuntimeInitConfig {
    const mc = s.managementCertificate;
    return {
        controls: { logLevel: "info", logFilename: RUNTIME_INIT_LOG },
        runtime_parameters: [
            secretParameter(ADMIN_PASS_PARAMETER, s.adminPasswordSecretId),
            ...(mc ? [secretParameter(MGMT_KEY_PARAMETER, mc.keySecretId)] : []),
        ],
        extension_packages: {
            install_operations: [
                {
                    extensionType: "do",
                    extensionVersion: s.declarativeOnboarding.version,
                    extensionHash: s.declarativeOnboarding.sha256,
                },
            ],
        },
        extension_services: {
            service_operations: [{ extensionType: "do", type: "inline", value: renderDoDeclaration(s) }],
        },
        // After DO: once the REST client sees this certificate, onboarding (the admin password) is done.
        post_onboard_enabled: mc ? [{ name: "install_management_certificate", type: "inline", commands: certificateInstallCommands(mc.certificatePem) }] : [],
    };
}

/** The configuration as the YAML file the startup script writes (F5's examples are YAML). */
export function renderRuntimeInitYaml(s: FirstBootSettings): string {
    return `---\n${stringify(renderRuntimeInitConfig(s), { lineWidth: 0 })}`;
}
