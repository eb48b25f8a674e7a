/**
 * Plain settings of a BIG-IP's first boot and their validation. There is deliberately no password here: only the
 * name or ARN of the AWS Secrets Manager secret that holds it, which Runtime Init reads on the device.
 */
import { isIpv4 } from "../../../common/values";
import { isCertificatePem, ManagementCertificate } from "./managementCert";
import { DoPin, RuntimeInitPin } from "./pins";

/** The data-plane VLAN and self IP the first boot creates (DO classes `VLAN` and `SelfIp`). */
export interface FirstBootDataPlane {
    /** VLAN name, e.g. "external". */
    readonly vlanName: string;
    /** TMM interface, e.g. "1.1" (untagged). */
    readonly interfaceName: string;
    /** VLAN MTU, 576..9198 (DO network.schema.json `VLAN.mtu`). */
    readonly mtu: number;
    /** Self IP object name, e.g. "external-self". */
    readonly selfIpName: string;
    /** Self IP address with the subnet's prefix, e.g. "10.0.2.10/24". */
    readonly selfIpCidr: string;
}

/** A route the first boot puts on this unit only (DO `Route` with `localOnly`: the LOCAL_ONLY partition, never synced). */
export interface FirstBootRoute {
    /** Object name. */
    readonly name: string;
    /** Destination CIDR. */
    readonly network: string;
    /** Next-hop IPv4 address (the data subnet's router). */
    readonly gateway: string;
}

/**
 * Membership of a two-unit sync-failover device group, clustered by the first boot the way F5's own AWS failover
 * templates do it (F5Networks/f5-aws-cloudformation-v2 examples/failover/bigip-configurations/
 * runtime-init-conf-*-instance0{1,2}.yaml): DO `DeviceTrust`, `DeviceGroup` (owner = the first member, autoSync),
 * `ConfigSync` and `FailoverUnicast` on the first data self IP, each unit's VLANs and self IPs in
 * traffic-group-local-only, its routes local-only, and `sys db iptunnel.configsync disable` (tunnels stay per unit).
 */
export interface FirstBootCluster {
    /** This unit's data VLANs and own self IPs; the first carries config sync and failover heartbeats. */
    readonly dataPlanes: readonly FirstBootDataPlane[];
    /** Routes on this unit only. */
    readonly routes: readonly FirstBootRoute[];
    /** Hostnames of both units, the device group's owner first (DO `DeviceGroup.members`, owner `members/0`). */
    readonly members: readonly [string, string];
    /** Management IP of the owner, which the other unit establishes trust with (DO `DeviceTrust.remoteHost`). Absent on the owner. */
    readonly ownerManagementIp?: string;
}

/** Everything the first boot renders from; all plain values. */
export interface FirstBootSettings {
    /** Device hostname (an FQDN-style name; DO `System.hostname`, format hostname). */
    readonly hostname: string;
    /** Admin user name (DO `User`, regular, role admin on all partitions). */
    readonly adminUser: string;
    /** Name or ARN of the Secrets Manager secret holding the admin password (plain string secret). */
    readonly adminPasswordSecretId: string;
    /**
     * OpenSSH public key installed for the admin user (DO `User.keys`). Defaults to none: an existing EC2 key pair
     * (`keyName`) reaches `admin` through EC2 as on every BIG-IP VE image.
     */
    readonly sshPublicKey?: string;
    /** DNS name servers (IPv4/IPv6). */
    readonly dnsServers: readonly string[];
    /** NTP servers (IPs or hostnames). */
    readonly ntpServers: readonly string[];
    /** Timezone, e.g. "UTC". */
    readonly timezone: string;
    /** Module provisioning levels, e.g. { ltm: "nominal" }. */
    readonly provisioning: Readonly<Record<string, "dedicated" | "nominal" | "minimum" | "none">>;
    /** The management certificate to install after onboarding (managementCert.ts). Defaults to none (the factory one stays). */
    readonly managementCertificate?: ManagementCertificate;
    /** Data VLAN and self IP to create at first boot (a single BIG-IP). Defaults to none. */
    readonly dataPlane?: FirstBootDataPlane;
    /** Join a two-unit device group at first boot (an HA pair). Not with `dataPlane` (it holds this unit's VLANs). Defaults to none. */
    readonly cluster?: FirstBootCluster;
    /** Runtime Init installer pin. */
    readonly runtimeInit: RuntimeInitPin;
    /** Declarative Onboarding pin. */
    readonly declarativeOnboarding: DoPin;
}

const SHA256 = /^[0-9a-f]{64}$/;
const VERSION = /^\d+\.\d+\.\d+$/;
const NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const SSH_KEY = /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/]+={0,3}( [^\r\n]*)?$/;
const SECRET_ID = /^[A-Za-z0-9/_+=.@:-]{1,2048}$/;

function fail(field: string, what: string): never {
    throw new Error(`firstBoot.${field}: ${what}`);
}

function isIpv4Cidr(v: string): boolean {
    const [ip, prefix, ...rest] = v.split("/");
    return !rest.length && isIpv4(ip ?? "") && /^\d+$/.test(prefix ?? "") && Number(prefix) <= 32;
}

function checkDataPlane(dp: FirstBootDataPlane, field: string): void {
    if (!NAME.test(dp.vlanName)) fail(`${field}.vlanName`, "must be an object name");
    if (!/^\d+\.\d+$/.test(dp.interfaceName)) fail(`${field}.interfaceName`, "must be a TMM interface such as 1.1");
    if (!Number.isInteger(dp.mtu) || dp.mtu < 576 || dp.mtu > 9198) fail(`${field}.mtu`, "must be an integer 576..9198");
    if (!NAME.test(dp.selfIpName)) fail(`${field}.selfIpName`, "must be an object name");
    if (!isIpv4Cidr(dp.selfIpCidr)) fail(`${field}.selfIpCidr`, "must be IPv4/prefix");
}

function checkCluster(s: FirstBootSettings, c: FirstBootCluster): void {
    if (s.dataPlane) fail("cluster", "cannot be combined with dataPlane (cluster.dataPlanes holds the unit's VLANs)");
    if (c.dataPlanes.length === 0) fail("cluster.dataPlanes", "must hold at least the VLAN that carries config sync");
    c.dataPlanes.forEach((dp, i) => checkDataPlane(dp, `cluster.dataPlanes[${i}]`));
    c.routes.forEach((r, i) => {
        if (!NAME.test(r.name)) fail(`cluster.routes[${i}].name`, "must be an object name");
        if (!isIpv4Cidr(r.network)) fail(`cluster.routes[${i}].network`, "must be IPv4/prefix");
        if (!isIpv4(r.gateway)) fail(`cluster.routes[${i}].gateway`, "must be an IPv4 address");
    });
    const [owner, other] = c.members;
    if (!HOSTNAME.test(owner) || !HOSTNAME.test(other) || owner === other) fail("cluster.members", "must be the two units' different hostnames");
    if (s.hostname !== owner && s.hostname !== other) fail("cluster.members", `must include this unit's hostname ${s.hostname}`);
    const isOwner = s.hostname === owner;
    if (isOwner !== (c.ownerManagementIp === undefined)) {
        fail("cluster.ownerManagementIp", isOwner ? "applies to the other unit only (the owner trusts itself)" : "is required on the unit that joins the owner");
    }
    if (c.ownerManagementIp !== undefined && !isIpv4(c.ownerManagementIp)) fail("cluster.ownerManagementIp", "must be an IPv4 address");
}

/** Checks the settings; throws an Error naming the first bad field. Returns the settings unchanged. */
export function validateFirstBootSettings(s: FirstBootSettings): FirstBootSettings {
    if (!HOSTNAME.test(s.hostname)) fail("hostname", "must be a DNS hostname");
    if (!NAME.test(s.adminUser) || s.adminUser === "root") fail("adminUser", "must be a user name (letter first, [A-Za-z0-9_.-], not root)");
    if (!SECRET_ID.test(s.adminPasswordSecretId)) fail("adminPasswordSecretId", "must be a Secrets Manager secret name or ARN");
    if (s.sshPublicKey !== undefined && !SSH_KEY.test(s.sshPublicKey)) fail("sshPublicKey", "must be one OpenSSH public key line");
    if (s.dnsServers.length === 0 || !s.dnsServers.every((ip) => isIpv4(ip))) fail("dnsServers", "must be one or more IPv4 addresses");
    if (s.ntpServers.length === 0 || !s.ntpServers.every((h) => isIpv4(h) || HOSTNAME.test(h))) fail("ntpServers", "must be one or more IPv4 addresses or hostnames");
    if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(s.timezone)) fail("timezone", "must be a tz database name such as UTC or America/New_York");
    if (Object.keys(s.provisioning).length === 0) fail("provisioning", "must provision at least one module");
    const mc = s.managementCertificate;
    if (mc) {
        if (!isCertificatePem(mc.certificatePem)) fail("managementCertificate.certificatePem", "must be one PEM certificate");
        if (!SECRET_ID.test(mc.keySecretId)) fail("managementCertificate.keySecretId", "must be a Secrets Manager secret name or ARN");
    }
    if (s.dataPlane) checkDataPlane(s.dataPlane, "dataPlane");
    if (s.cluster) checkCluster(s, s.cluster);
    if (!VERSION.test(s.runtimeInit.version)) fail("runtimeInit.version", "must be x.y.z");
    if (!/^https:\/\/[^\s'"\\$`]+$/.test(s.runtimeInit.url)) fail("runtimeInit.url", "must be an https URL without quotes or shell characters");
    if (!SHA256.test(s.runtimeInit.sha256)) fail("runtimeInit.sha256", "must be 64 lower-case hex digits");
    if (!VERSION.test(s.declarativeOnboarding.version)) fail("declarativeOnboarding.version", "must be x.y.z");
    if (!SHA256.test(s.declarativeOnboarding.sha256)) fail("declarativeOnboarding.sha256", "must be 64 lower-case hex digits");
    return s;
}
