/**
 * First boot of a created BIG-IP the way F5 ships it (issue 15, points 1–2): a pure renderer of the startup script,
 * the Runtime Init configuration and the DO declaration, with the management certificate's install (managementCert.ts).
 */
import { DoDeclaration, renderDoDeclaration } from "./doDeclaration";
import { RuntimeInitConfig, renderRuntimeInitConfig, renderRuntimeInitYaml } from "./runtimeInitConfig";
import { FirstBootSettings, validateFirstBootSettings } from "./settings";
import { renderStartupScript } from "./startupScript";

export * from "./pins";
export * from "./managementCert";
export * from "./settings";
export { ADMIN_PASS_PARAMETER, ADMIN_PASS_PLACEHOLDER, DEVICE_GROUP, DoDeclaration, HA_SELF_IP_SERVICES, renderDoDeclaration } from "./doDeclaration";
export { RUNTIME_INIT_CONFIG_PATH, RuntimeInitConfig, renderRuntimeInitConfig, renderRuntimeInitYaml } from "./runtimeInitConfig";
export { CONFIG_HEREDOC, INSTALLER_PATH, renderStartupScript } from "./startupScript";

/** Everything the first boot needs, rendered from validated settings. None of it contains a secret. */
export interface FirstBoot {
    /** The DO declaration (also inside the Runtime Init configuration). */
    readonly doDeclaration: DoDeclaration;
    /** The Runtime Init configuration object. */
    readonly runtimeInitConfig: RuntimeInitConfig;
    /** The same configuration as YAML, as written on the device. */
    readonly runtimeInitYaml: string;
    /** The bash user-data startup script. */
    readonly startupScript: string;
}

/** Validates the settings (throwing on the first bad field) and renders the first boot. */
export function renderFirstBoot(settings: FirstBootSettings): FirstBoot {
    const s = validateFirstBootSettings(settings);
    return {
        doDeclaration: renderDoDeclaration(s),
        runtimeInitConfig: renderRuntimeInitConfig(s),
        runtimeInitYaml: renderRuntimeInitYaml(s),
        startupScript: renderStartupScript(s),
    };
}
