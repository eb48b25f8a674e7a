/**
 * The bash user-data startup script, the way F5's own templates boot BIG-IP on AWS
 * (F5Networks/f5-bigip-runtime-init examples/terraform/aws/startup-script.tpl at 24610a9c77de04d48f72e6e8653eb65230260806;
 * F5Networks/terraform-aws-bigip-module templates/f5_onboard.tmpl at 9a8fa5e3f76fdb999868c1876dbe5db1fd41d853):
 * run once, set the restjavad/provisioning db values before mcpd starts, write the Runtime Init configuration,
 * download the installer, check its SHA-256 (as f5devcentral/terraform-google-f5-bigip-ha
 * modules/template/files/onboard.sh does with `sha256sum --check`), install it with `--cloud aws` and run it.
 * The script contains no secret, so it is fine that EC2 user data is readable by whoever may describe the instance.
 */
import { RUNTIME_INIT_CONFIG_PATH, renderRuntimeInitYaml } from "./runtimeInitConfig";
import { FirstBootSettings } from "./settings";

/** The heredoc delimiter around the configuration (quoted: bash expands nothing inside). */
export const CONFIG_HEREDOC = "CLONE_L3_RUNTIME_INIT_CONF";
/** Where the installer is downloaded (F5's AWS example uses the same path). */
export const INSTALLER_PATH = "/var/config/rest/downloads/f5-bigip-runtime-init.gz.run";
/** The startup script's own log. */
export const STARTUP_LOG = "/var/log/cloud/startup-script.log";

/** Renders the startup script. Throws if the configuration could end the heredoc early. */
export function renderStartupScript(s: FirstBootSettings): string {
    const yaml = renderRuntimeInitYaml(s);
    if (yaml.split("\n").some((l) => l.trim() === CONFIG_HEREDOC)) {
        throw new Error(`firstBoot: the Runtime Init configuration contains the heredoc delimiter ${CONFIG_HEREDOC}`);
    }
    const ri = s.runtimeInit;
    return [
        "#!/bin/bash",
        `# clone-l3 first boot: F5 BIG-IP Runtime Init ${ri.version} + Declarative Onboarding ${s.declarativeOnboarding.version}`,
        "mkdir -p /var/log/cloud /config/cloud /var/config/rest/downloads",
        `LOG_FILE=${STARTUP_LOG}`,
        "if [[ -f $LOG_FILE ]]; then echo 'startup script: already ran once, exiting'; exit 0; fi",
        "touch \"$LOG_FILE\"",
        "exec >>\"$LOG_FILE\" 2>&1",
        "",
        "# Before mcpd starts (F5's AWS startup script sets the same db values)",
        "/usr/bin/setdb provision.extramb 1000 || true",
        "/usr/bin/setdb provision.restjavad.extramb 1384 || /usr/bin/setdb restjavad.useextramb true || true",
        "/usr/bin/setdb iapplxrpm.timeout 300 || true",
        "/usr/bin/setdb icrd.timeout 180 || true",
        "/usr/bin/setdb restjavad.timeout 180 || true",
        "/usr/bin/setdb restnoded.timeout 180 || true",
        "",
        `cat > ${RUNTIME_INIT_CONFIG_PATH} << '${CONFIG_HEREDOC}'`,
        yaml.replace(/\n$/, ""),
        CONFIG_HEREDOC,
        `chmod 600 ${RUNTIME_INIT_CONFIG_PATH}`,
        "",
        `RI_URL='${ri.url}'`,
        `RI_SHA256='${ri.sha256}'`,
        "for i in {1..30}; do",
        `  curl -fsS --retry 1 --connect-timeout 5 -L "$RI_URL" -o ${INSTALLER_PATH} && break`,
        "  sleep 10",
        "done",
        `if ! echo "$RI_SHA256  ${INSTALLER_PATH}" | sha256sum --check --status; then`,
        "  echo \"startup script: SHA-256 of $RI_URL is not $RI_SHA256; not installing\"",
        `  rm -f ${INSTALLER_PATH}`,
        "  exit 1",
        "fi",
        `bash ${INSTALLER_PATH} -- '--cloud aws' || { echo 'startup script: Runtime Init install failed'; exit 1; }`,
        // --skip-telemetry: no report to F5's TEEM service (Runtime Init src/cli.ts option), as DO's autoPhonehome is off.
        `f5-bigip-runtime-init --config-file ${RUNTIME_INIT_CONFIG_PATH} --skip-telemetry`,
        "",
    ].join("\n");
}
