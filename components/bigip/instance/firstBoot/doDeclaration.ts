/**
 * The Declarative Onboarding declaration of the first boot. Class and field names follow DO's schema
 * (F5Networks/f5-declarative-onboarding src/schema/latest/*.schema.json at 4ef431d8cc7958edea35cedd16ff1a84d00eb72b)
 * and the shape of F5's own AWS example (F5Networks/f5-bigip-runtime-init examples/terraform/aws/startup-script.tpl at
 * 24610a9c77de04d48f72e6e8653eb65230260806): a `Device` with a `Common` `Tenant` holding `System`, `DNS`, `NTP`,
 * `Provision`, `User`, `VLAN` and `SelfIp`.
 */
import { FirstBootCluster, FirstBootDataPlane, FirstBootSettings } from "./settings";

/** Name of the Runtime Init runtime parameter that carries the admin password (F5's examples use ADMIN_PASS). */
export const ADMIN_PASS_PARAMETER = "ADMIN_PASS";
/** The Mustache placeholder Runtime Init replaces with the secret on the device (triple braces: no HTML escaping). */
export const ADMIN_PASS_PLACEHOLDER = `{{{ ${ADMIN_PASS_PARAMETER} }}}`;

/**
 * Ports a clustered unit's sync self IP serves: config sync (tcp 4353) and network failover heartbeats (udp 1026), as in
 * F5's AWS failover templates; their ASM sync ports (tcp 6123-6128) are left out because the first boot provisions LTM only.
 */
export const HA_SELF_IP_SERVICES: readonly string[] = ["tcp:4353", "udp:1026"];
/** DO object names of the device group pieces (F5's failover templates use the same). */
export const DEVICE_GROUP = "failoverGroup";

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
    if (s.dataPlane) addDataPlane(common, s.dataPlane, "none");
    if (s.cluster) addCluster(common, s, s.cluster);
    return {
        schemaVersion: s.declarativeOnboarding.version,
        class: "Device",
        async: true,
        label: "clone-l3 first boot",
        Common: common,
    };
}

function addDataPlane(common: Record<string, unknown>, dp: FirstBootDataPlane, allowService: "none" | string[]): void {
    common[dp.vlanName] = {
        class: "VLAN",
        mtu: dp.mtu,
        interfaces: [{ name: dp.interfaceName, tagged: false }],
    };
    common[dp.selfIpName] = {
        class: "SelfIp",
        address: dp.selfIpCidr,
        vlan: dp.vlanName,
        allowService,
        trafficGroup: "traffic-group-local-only",
    };
}

/** The device group, as F5's AWS failover templates declare it on each unit (settings.ts FirstBootCluster). */
function addCluster(common: Record<string, unknown>, s: FirstBootSettings, c: FirstBootCluster): void {
    // Tunnels are per unit (each from its own self IP): config sync must not copy them (F5 techdocs quoted in
    // f5devcentral/f5-cis-docs user_guides/k8s-ha/README.md, objects/tunnel.ts); UnderlayCheck refuses a pair without it.
    common.dbVariables = { class: "DbVariables", "iptunnel.configsync": "disable" };
    c.dataPlanes.forEach((dp, i) => addDataPlane(common, dp, i === 0 ? [...HA_SELF_IP_SERVICES] : "none"));
    for (const r of c.routes) common[r.name] = { class: "Route", network: r.network, gw: r.gateway, localOnly: true };
    const syncAddress = `/Common/${c.dataPlanes[0].selfIpName}/address`;
    common.configSync = { class: "ConfigSync", configsyncIp: syncAddress };
    common.failoverAddress = { class: "FailoverUnicast", address: syncAddress };
    common[DEVICE_GROUP] = {
        class: "DeviceGroup",
        type: "sync-failover",
        members: [...c.members],
        owner: `/Common/${DEVICE_GROUP}/members/0`,
        autoSync: true,
        // F5's templates leave it false; here the peer's own save may run before autoSync has copied the clone pools
        // (bigipConfig.ts peer-save), so each sync is saved too, and a rebooted peer keeps what was synced to it.
        saveOnAutoSync: true,
        networkFailover: true,
        fullLoadOnSync: false,
        asmSync: false,
    };
    common.trust = {
        class: "DeviceTrust",
        localUsername: s.adminUser,
        localPassword: ADMIN_PASS_PLACEHOLDER,
        // The owner names itself (DO then adds no trust); the other unit adds the owner to its trust domain.
        remoteHost: c.ownerManagementIp ?? `/Common/${DEVICE_GROUP}/members/0`,
        remoteUsername: s.adminUser,
        remotePassword: ADMIN_PASS_PLACEHOLDER,
    };
}
