/**
 * Validation of the whole component, before any resource is registered, into one plan that the children are
 * built from (they do not validate again): each part's validator runs with its setting prefix, then the checks
 * that span parts (overlays vs VPCs, MTU from the real path and the BIG-IP VLAN, pools and targets).
 */
import * as pulumi from "@pulumi/pulumi";
import { BigIpInstancePlan, validateBigIpInstanceArgs } from "../bigip/instance/validate";
import { clusterNeeds } from "../bigip/instance/cluster";
import { BigIpTls } from "../bigip/rest/types";
import { validateAdminCidrs } from "../common/adminCidrs";
import { check } from "../common/errors";
import { Encapsulation, parseEncapsulation } from "../common/encapsulation";
import { checkFingerprint256, checkPort, checkVni, isIpv4 } from "../common/values";
import { checkExistingPassword } from "../common/secrets";
import { DEFAULT_DATA_VLAN_MTU, TunnelMtu, tunnelMtu } from "../network/mtu";
import { NetworkPlan, checkRegion, configuredAwsRegion, validateNetworkArgs } from "../network/validate";
import { SINGLE_NIC_MANAGEMENT_PORTS } from "../bigip/instance/validate";
import { checkTags } from "../common/tags";
import { CloneAcrossL3Args, ExistingBigIpArgs } from "./args";
import { checkKnownKeys } from "./keys";
import { checkHaPeer, checkPairCollectors, ExistingBigIpPeerPlan } from "./pair";
import { CollectorPlan, planCollectors } from "./collectors";
import { AttachmentPlan, CLONE_POOL_MODES, ClonePoolMode, DemoPlan, PoolPlan, planDemo, planPools, planTargets } from "./targets";

export { DEFAULT_OVERLAY_CIDR } from "./collectors";

export interface ExistingBigIpPlan {
    host: pulumi.Input<string>;
    port: number;
    username: string;
    tls: BigIpTls;
    tunnelSourceIp: string;
    readinessTimeoutMinutes: number;
    /** The pair's other unit (existingBigip.peer). */
    peer?: ExistingBigIpPeerPlan;
}

/** A BIG-IP this stack creates; `ha`: and a second unit clustered with it (bigip.ha). */
export type BigIpSidePlan = { kind: "create"; plan: BigIpInstancePlan; ha: boolean } | { kind: "existing"; existing: ExistingBigIpPlan };

export interface ClonePlan {
    network: NetworkPlan;
    bigip: BigIpSidePlan;
    adminCidrs: string[];
    encapsulation: Encapsulation;
    /** Set for vxlan only. */
    vni?: number;
    /** MTU of the BIG-IP data VLAN (created, or expected on an existing BIG-IP). */
    dataVlanMtu: number;
    mtu: TunnelMtu;
    collectors: CollectorPlan[];
    clonePools: ClonePoolMode;
    pools: PoolPlan[];
    targets: AttachmentPlan[];
    demo?: DemoPlan;
    configureBigip: boolean;
    /** Accepted settings with a limit the user should know of (the component logs them). */
    warnings: string[];
}

/** What a demo on a created pair does not do. */
export const HA_DEMO_WARNING = "demo with bigip.ha: the demo's virtual address is an ENI address of the first unit, so the demo URL " +
    "answers only while that unit is active (moving addresses on failover is F5's Cloud Failover Extension's job, which this stack " +
    "does not install). Both units' clone paths are built either way.";

/** Stands in for ids that only exist once the network is created (validators trust non-string Inputs). */
const fromNetwork = pulumi.output("(from the network)");

/** The one TLS trust rule: a CA, a pinned fingerprint, or an explicit insecure — exactly one. */
export function checkTls(tls: unknown, setting: string): BigIpTls {
    check(typeof tls === "object" && tls !== null, setting, "is required: { caPem }, { fingerprint256 } or { insecure: true }");
    const t = tls as BigIpTls;
    const given = [t.caPem !== undefined, t.fingerprint256 !== undefined, t.insecure !== undefined].filter(Boolean).length;
    check(given === 1, setting, "give exactly one of caPem, fingerprint256 or insecure: true");
    if (t.caPem !== undefined) check(typeof t.caPem === "string" && t.caPem.includes("-----BEGIN CERTIFICATE-----"), `${setting}.caPem`, "must be a PEM certificate");
    if (t.fingerprint256 !== undefined) checkFingerprint256(t.fingerprint256, `${setting}.fingerprint256`);
    if (t.insecure !== undefined) check(t.insecure === true, `${setting}.insecure`, "must be true when given (omit it to verify TLS)");
    if (t.pinnedAtFirstBoot !== undefined) {
        check(typeof t.pinnedAtFirstBoot === "boolean", `${setting}.pinnedAtFirstBoot`, "must be true or false");
        check(!t.pinnedAtFirstBoot || t.fingerprint256 !== undefined, `${setting}.pinnedAtFirstBoot`, "needs fingerprint256 (the certificate the first boot installs)");
    }
    return { ...t };
}

function checkExistingBigip(e: ExistingBigIpArgs): ExistingBigIpPlan {
    const s = (k: string) => `existingBigip.${k}`;
    check(typeof e === "object" && e !== null, "existingBigip", "must be { host, password, tls, tunnelSourceIp }");
    check(e.host !== undefined && e.host !== null && (typeof e.host !== "string" || /^[A-Za-z0-9.:-]+$/.test(e.host)), s("host"),
        `${JSON.stringify(e.host)} must be the management host name or IP`);
    const port = checkPort(e.port ?? 443, s("port"));
    const username = e.username ?? "admin";
    check(typeof username === "string" && /^[A-Za-z0-9_.@-]{1,64}$/.test(username), s("username"), `${JSON.stringify(username)} is not a BIG-IP user name`);
    check(e.password !== undefined && e.password !== null, s("password"), "is required (it is stored as a secret)");
    if (typeof e.password === "string") checkExistingPassword(e.password, s("password"));
    check(typeof e.tunnelSourceIp === "string" && isIpv4(e.tunnelSourceIp) && e.tunnelSourceIp.trim() === e.tunnelSourceIp, s("tunnelSourceIp"),
        `${JSON.stringify(e.tunnelSourceIp)} must be the IPv4 self IP on a data VLAN that sources the tunnels`);
    const minutes = e.readinessTimeoutMinutes ?? 20;
    check(Number.isInteger(minutes) && minutes >= 1 && minutes <= 180, s("readinessTimeoutMinutes"), `${JSON.stringify(minutes)} is not 1..180`);
    const peer = e.peer === undefined ? undefined : checkHaPeer(e.peer, { host: e.host, port, username, tunnelSourceIp: e.tunnelSourceIp }, checkTls);
    return { host: e.host, port, username, tls: checkTls(e.tls, s("tls")), tunnelSourceIp: e.tunnelSourceIp, readinessTimeoutMinutes: minutes, peer };
}

function bigipSide(args: CloneAcrossL3Args, network: NetworkPlan, virtualAddressCount: number): BigIpSidePlan {
    check((args.bigip === undefined) !== (args.existingBigip === undefined), args.bigip === undefined ? "bigip" : "existingBigip",
        args.bigip === undefined ? "is required (or existingBigip, to use a BIG-IP you already run)" : "cannot be combined with bigip: give one of them");
    const byo = args.network?.existing?.bigip;
    if (args.existingBigip !== undefined) {
        check(byo !== undefined, "network.existing.bigip",
            "is required with existingBigip: the VPC of the BIG-IP's tunnel source ({ vpcId, cidr, routeTableIds }), so the collector VPC can be joined to it");
        check(args.bigipTls === undefined, "bigipTls", "does not apply to existingBigip; use existingBigip.tls");
        return { kind: "existing", existing: checkExistingBigip(args.existingBigip) };
    }
    check(typeof args.bigip === "object" && args.bigip !== null, "bigip", "BIG-IP settings are required (at least keyName or sshPublicKey)");
    if (args.bigipTls !== undefined) checkTls(args.bigipTls, "bigipTls");
    const multi = (args.bigip.nics ?? "multi") === "multi";
    check(!byo || byo.managementSubnetId !== undefined, "network.existing.bigip.managementSubnetId", "is required when this stack creates the BIG-IP");
    check(!byo || !multi || byo.externalSubnetId !== undefined, "network.existing.bigip.externalSubnetId",
        "is required with bigip.nics \"multi\" (the external ENI is the tunnel source); or use nics \"single\"");
    // Single-NIC has no internal ENI: an internal subnet would be created or given for nothing.
    check(multi || network.subnets?.internal === undefined, "network.createInternalSubnet", "needs bigip.nics \"multi\" (single-NIC has no internal ENI)");
    check(multi || byo?.internalSubnetId === undefined, "network.existing.bigip.internalSubnetId", "needs bigip.nics \"multi\" (single-NIC has no internal ENI)");
    check((args.bigip as { virtualAddressCount?: unknown }).virtualAddressCount === undefined, "bigip.virtualAddressCount", "is set by the component (demo)");
    const { ha = false, ...instance } = args.bigip;
    check(typeof ha === "boolean", "bigip.ha", "must be true or false");
    const needs = clusterNeeds((k) => `bigip.${k}`);
    check(!ha || multi, "bigip.ha", needs.multi);
    check(!ha || args.bigip.adminPassword !== undefined, "bigip.ha", needs.password);
    check(!ha || args.bigipTls === undefined, "bigipTls", "does not apply with bigip.ha: each unit's generated management certificate is pinned");
    const plan = validateBigIpInstanceArgs({
        ...instance,
        vpcId: fromNetwork,
        managementSubnetId: fromNetwork,
        externalSubnetId: multi ? fromNetwork : undefined,
        internalSubnetId: network.subnets?.internal !== undefined || byo?.internalSubnetId !== undefined ? fromNetwork : undefined,
        adminCidrs: args.adminCidrs,
        allowOpenAdmin: args.allowOpenAdmin,
        virtualAddressCount,
    }, "bigip");
    return { kind: "create", plan, ha };
}

export function validateCloneAcrossL3Args(args: CloneAcrossL3Args, name: string): ClonePlan {
    check(typeof args === "object" && args !== null, "args", "CloneAcrossL3 arguments are required");
    checkKnownKeys(args);
    const encapsulation = parseEncapsulation(args.encapsulation ?? "gre", "encapsulation");
    const vni = encapsulation === "vxlan" ? checkVni(args.vni ?? 100, "vni") : undefined;
    check(encapsulation === "vxlan" || args.vni === undefined, "vni", "only applies to vxlan encapsulation");

    // Settings the component hands to several children are checked here, under the names the user wrote.
    check(args.allowOpenAdmin === undefined || typeof args.allowOpenAdmin === "boolean", "allowOpenAdmin", "must be true or false");
    const adminCidrs = validateAdminCidrs(args.adminCidrs, args.allowOpenAdmin, "adminCidrs", "allowOpenAdmin");
    const dup = adminCidrs.find((c, i) => adminCidrs.indexOf(c) !== i);
    check(dup === undefined, "adminCidrs", `CIDR ${JSON.stringify(dup)} is listed twice`);

    checkTags(args.tags, "tags");
    // The zone must be in the deployment region: the explicit `region`, else the provider's aws:region.
    const region = args.region !== undefined ? checkRegion(args.region, "region") : configuredAwsRegion();
    if (args.region === undefined && region !== undefined) checkRegion(region, "aws:region");
    const network = validateNetworkArgs(args.network ?? {}, "network", region);
    check(args.allowMtuBelow1500 === undefined || typeof args.allowMtuBelow1500 === "boolean", "allowMtuBelow1500", "must be true or false");
    const dataVlanMtu = args.bigipDataMtu ?? DEFAULT_DATA_VLAN_MTU;
    const mtu = tunnelMtu({
        path: network.underlayPath,
        encapsulation,
        linkMtu: dataVlanMtu,
        linkSetting: "bigipDataMtu",
        override: args.tunnelMtu,
        allowBelow1500: args.allowMtuBelow1500,
        setting: args.tunnelMtu !== undefined ? "tunnelMtu" : args.bigipDataMtu !== undefined ? "bigipDataMtu" : "network.underlayPath",
        allowSetting: "allowMtuBelow1500",
    });

    const wantsDemo = args.demo !== undefined && args.demo !== false;
    const bigip = bigipSide(args, network, wantsDemo ? 1 : 0);
    const canConfigure = bigip.kind === "existing" || bigip.plan.onboard;
    check(args.configureBigip === undefined || typeof args.configureBigip === "boolean", "configureBigip", "must be true or false");
    check(args.configureBigip !== true || canConfigure, "configureBigip",
        "needs bigip.adminPassword (the BIG-IP's first boot sets it; REST configuration logs in with it)");
    const configureBigip = args.configureBigip ?? canConfigure;

    const collectors = planCollectors(args, {
        componentName: name, encapsulation, vni, underlayPath: network.underlayPath, mtu, allowMtuBelow1500: args.allowMtuBelow1500,
        tunnelSourceIp: bigip.kind === "existing" ? bigip.existing.tunnelSourceIp : fromNetwork,
        vpcCidrs: [["network.bigipVpcCidr", network.bigipVpcCidr], ["network.collectorVpcCidr", network.collectorVpcCidr]],
        adminCidrs, allowOpenAdmin: args.allowOpenAdmin, placeholder: fromNetwork,
    });
    if (bigip.kind === "existing" ? bigip.existing.peer !== undefined : bigip.ha) checkPairCollectors(collectors);
    const clonePools = args.clonePools ?? "perCollector";
    check((CLONE_POOL_MODES as readonly string[]).includes(clonePools), "clonePools", `${JSON.stringify(clonePools)} must be one of: ${CLONE_POOL_MODES.join(", ")}`);
    const pools = planPools(clonePools, name, collectors);
    const targets = planTargets(args, clonePools, pools, name, configureBigip);
    const demo = planDemo(args.demo, pools, { configureBigip, createdBigip: bigip.kind === "create" });
    // Single-NIC: the demo's port is opened on the data SG, which sits on the management ENI.
    check(!demo || bigip.kind !== "create" || bigip.plan.nics !== "single" || !SINGLE_NIC_MANAGEMENT_PORTS.includes(demo.port), "demo.port",
        `${demo?.port} is a management port in single-NIC mode (GUI/REST 8443, SSH 22); pick another port (default 80) or bigip.nics "multi"`);
    const warnings = demo && bigip.kind === "create" && bigip.ha ? [HA_DEMO_WARNING] : [];
    return { network, bigip, adminCidrs, encapsulation, vni, dataVlanMtu, mtu, collectors, clonePools, pools, targets, demo, configureBigip, warnings };
}
