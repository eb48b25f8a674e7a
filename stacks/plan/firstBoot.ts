/**
 * The plan's view of a created BIG-IP's first boot (issue 15.2): its user data is the startup script, which carries the
 * Runtime Init configuration, which carries the DO declaration. Each is shown on its own, read back from the script the
 * program registered (not rendered a second time), so the plan shows exactly what EC2 would receive.
 */
import { parse } from "yaml";
import { ADMIN_PASS_PARAMETER, CONFIG_HEREDOC, MGMT_KEY_PARAMETER } from "../../components/bigip/instance/firstBoot";

export interface FirstBootView {
    /** The bash startup script, whole (EC2 user data). */
    readonly startupScript: string;
    /** The Runtime Init configuration as the script writes it (YAML). */
    readonly runtimeInitYaml: string;
    /** The DO declaration Runtime Init applies, as JSON. */
    readonly doDeclaration: string;
}

/** Whether an instance's user data is a BIG-IP first-boot script (firstBoot/startupScript.ts). */
export function isFirstBootScript(userData: string): boolean {
    return userData.startsWith("#!/bin/bash\n") && userData.includes(`<< '${CONFIG_HEREDOC}'\n`);
}

/** Splits a first-boot script into its three documents; throws if the script does not have the rendered shape. */
export function firstBootView(script: string): FirstBootView {
    const lines = script.split("\n");
    const start = lines.findIndex((l) => l.endsWith(`<< '${CONFIG_HEREDOC}'`));
    const end = lines.indexOf(CONFIG_HEREDOC, start + 1);
    if (start < 0 || end < 0) throw new Error("the first-boot script has no Runtime Init configuration");
    const runtimeInitYaml = `${lines.slice(start + 1, end).join("\n")}\n`;
    const config = parse(runtimeInitYaml) as any;
    const value = config?.extension_services?.service_operations?.find((o: any) => o?.extensionType === "do")?.value;
    if (!value) throw new Error("the Runtime Init configuration applies no DO declaration");
    return { startupScript: script, runtimeInitYaml, doDeclaration: JSON.stringify(value, null, 2) };
}

/** The plan's text for one BIG-IP's first boot. */
export function renderFirstBoot(name: string, v: FirstBootView): string[] {
    return [
        "", `== First boot of ${name}: startup script (EC2 user data, no secret in it) ==`, v.startupScript.trimEnd(),
        "", `== First boot of ${name}: F5 BIG-IP Runtime Init configuration (inside the script) ==`,
        `# {{{ ${ADMIN_PASS_PARAMETER} }}} and {{{ ${MGMT_KEY_PARAMETER} }}} are [secret]: Runtime Init reads them from AWS Secrets Manager on the device.`,
        v.runtimeInitYaml.trimEnd(),
        "", `== First boot of ${name}: Declarative Onboarding declaration (inside the configuration) ==`, v.doDeclaration,
    ];
}
