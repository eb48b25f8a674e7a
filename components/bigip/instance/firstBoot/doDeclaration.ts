/**
 * The Declarative Onboarding declaration of the first boot. Class and field names follow DO's schema
 * (F5Networks/f5-declarative-onboarding src/schema/latest/*.schema.json at 4ef431d8cc7958edea35cedd16ff1a84d00eb72b)
 * and the shape of F5's own AWS example (F5Networks/f5-bigip-runtime-init examples/terraform/aws/startup-script.tpl at
 * 24610a9c77de04d48f72e6e8653eb65230260806): a `Device` with a `Common` `Tenant` holding `System`, `DNS`, `NTP`,
 * `Provision`, `User`, `VLAN` and `SelfIp`.
 */
import { FirstBootSettings } from "./settings";

/** Name of the Runtime Init runtime parameter that carries the admin password (F5's examples use ADMIN_PASS). */
export const ADMIN_PASS_PARAMETER = "ADMIN_PASS";
/** The Mustache placeholder Runtime Init replaces with the secret on the device (triple braces: no HTML escaping). */
export const ADMIN_PASS_PLACEHOLDER = `{{{ ${ADMIN_PASS_PARAMETER} }}}`;

/** A DO declaration as plain JSON. */
export type DoDeclaration = Record<string, unknown>;

/**
 * Renders the DO declaration. The admin password is the placeholder only: Runtime Init substitutes the secret on
 * the device, so the password is in no rendered text.
 */
export function renderDoDeclaration(s: FirstBootSettings): DoDeclaration {
    const common: Record<string, unknown> = {
        class: "Tenant",
        system: {
            class: "System",
            hostname: s.hostname,
            autoPhonehome: false,
        },
        dns: { class: "DNS", nameServers: [...s.dnsServers] },
        ntp: { class: "NTP", servers: [...s.ntpServers], timezone: s.timezone },
        provisioning: { class: "Provision", ...s.provisioning },
        [s.adminUser]: {
            class: "User",
            userType: "regular",
            password: ADMIN_PASS_PLACEHOLDER,
            partitionAccess: { "all-partitions": { role: "admin" } },
            shell: "bash",
            ...(s.sshPublicKey !== undefined ? { keys: [s.sshPublicKey] } : {}),
        },
    };
    const dp = s.dataPlane;
    if (dp) {
        common[dp.vlanName] = {
            class: "VLAN",
            mtu: dp.mtu,
            interfaces: [{ name: dp.interfaceName, tagged: false }],
        };
        common[dp.selfIpName] = {
            class: "SelfIp",
            address: dp.selfIpCidr,
            vlan: dp.vlanName,
            allowService: "none",
            trafficGroup: "traffic-group-local-only",
        };
    }
    return {
        schemaVersion: s.declarativeOnboarding.version,
        class: "Device",
        async: true,
        label: "clone-l3 first boot",
        Common: common,
    };
}
