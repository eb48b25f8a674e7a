/**
 * Validation of the whole component, before any resource is registered: each part's own validator runs
 * with its setting prefix, then the checks that span parts (overlay vs VPCs, MTU from the real path).
 */
import * as pulumi from "@pulumi/pulumi";
import { BigIpInstancePlan, validateBigIpInstanceArgs } from "../bigip/instance/validate";
import { CollectorSettings, validateCollectorArgs } from "../collector/validate";
import { validateAdminCidrs } from "../common/adminCidrs";
import { check } from "../common/errors";
import { checkVni, parseEncapsulation } from "../common/encapsulation";
import { cidrsOverlap, formatCidr, hostIp, parseCidr } from "../network/cidr";
import { tunnelMtu } from "../network/mtu";
import { NetworkPlan, validateNetworkArgs } from "../network/validate";
import { CloneAcrossL3Args } from "./args";

export const DEFAULT_OVERLAY_CIDR = "10.254.0.0/29";

export interface ClonePlan {
    network: NetworkPlan;
    bigip: BigIpInstancePlan;
    collector: CollectorSettings;
    overlay: { cidr: string; prefix: number; bigipIp: string; collectorIp: string };
    configureBigip: boolean;
}

/** Stands in for ids that only exist once the network is created (validators trust non-string Inputs). */
const fromNetwork = pulumi.output("(from the network)");

export function validateCloneAcrossL3Args(args: CloneAcrossL3Args, name: string): ClonePlan {
    check(typeof args === "object" && args !== null, "args", "CloneAcrossL3 arguments are required");
    const encapsulation = parseEncapsulation(args.encapsulation ?? "gre", "encapsulation");
    const vni = encapsulation === "vxlan" ? checkVni(args.vni ?? 100, "vni") : undefined;
    check(encapsulation === "vxlan" || args.vni === undefined, "vni", "only applies to vxlan encapsulation");

    // Settings the component hands to both instances are checked here, under the names the user wrote
    // (the part validators would report them as bigip.adminCidrs / collector.tunnelMtu).
    check(args.allowOpenAdmin === undefined || typeof args.allowOpenAdmin === "boolean", "allowOpenAdmin", "must be true or false");
    const adminCidrs = validateAdminCidrs(args.adminCidrs, args.allowOpenAdmin, "adminCidrs", "allowOpenAdmin");
    const dup = adminCidrs.find((c, i) => adminCidrs.indexOf(c) !== i);
    check(dup === undefined, "adminCidrs", `CIDR ${JSON.stringify(dup)} is listed twice`);

    const network = validateNetworkArgs(args.network ?? {}, "network");
    check(args.allowMtuBelow1500 === undefined || typeof args.allowMtuBelow1500 === "boolean", "allowMtuBelow1500", "must be true or false");
    tunnelMtu({
        path: network.underlayPath,
        encapsulation,
        override: args.tunnelMtu,
        allowBelow1500: args.allowMtuBelow1500,
        setting: args.tunnelMtu !== undefined ? "tunnelMtu" : "network.underlayPath",
        allowSetting: "allowMtuBelow1500",
    });

    check(typeof args.bigip === "object" && args.bigip !== null, "bigip", "BIG-IP settings are required (at least keyName or sshPublicKey)");
    const multi = (args.bigip.nics ?? "multi") === "multi";
    const byo = args.network?.existing?.bigip;
    check(!byo || !multi || byo.externalSubnetId !== undefined, "network.existing.bigip.externalSubnetId",
        "is required with bigip.nics \"multi\" (the external ENI is the tunnel source); or use nics \"single\"");
    // Single-NIC has no internal ENI: an internal subnet would be created or given for nothing.
    check(multi || network.subnets?.internal === undefined, "network.createInternalSubnet", "needs bigip.nics \"multi\" (single-NIC has no internal ENI)");
    check(multi || byo?.internalSubnetId === undefined, "network.existing.bigip.internalSubnetId", "needs bigip.nics \"multi\" (single-NIC has no internal ENI)");
    const bigip = validateBigIpInstanceArgs({
        ...args.bigip,
        vpcId: fromNetwork,
        managementSubnetId: fromNetwork,
        externalSubnetId: multi && (!byo || byo.externalSubnetId !== undefined) ? fromNetwork : undefined,
        internalSubnetId: network.subnets?.internal !== undefined || byo?.internalSubnetId !== undefined ? fromNetwork : undefined,
        adminCidrs: args.adminCidrs,
        allowOpenAdmin: args.allowOpenAdmin,
    }, "bigip");

    const overlayText = args.overlayCidr ?? DEFAULT_OVERLAY_CIDR;
    const overlay = parseCidr(overlayText, "overlayCidr");
    check(overlay.prefix >= 24 && overlay.prefix <= 30, "overlayCidr", `"${overlayText}" should be a small subnet between /24 and /30 (it holds the BIG-IP and the collector)`);
    for (const [setting, cidr] of [["network.bigipVpcCidr", network.bigipVpcCidr], ["network.collectorVpcCidr", network.collectorVpcCidr]] as const) {
        check(!cidrsOverlap(overlay, parseCidr(cidr)!), "overlayCidr", `"${overlayText}" overlaps ${setting} ${cidr}; the overlay must be outside both VPCs`);
    }

    const collector = validateCollectorArgs({
        ...(args.collector ?? {}),
        vpcId: fromNetwork,
        subnetId: fromNetwork,
        tunnelSourceIp: fromNetwork,
        encapsulation,
        vni,
        underlayPath: network.underlayPath,
        tunnelMtu: args.tunnelMtu,
        allowMtuBelow1500: args.allowMtuBelow1500,
        adminCidrs: args.adminCidrs,
        allowOpenAdmin: args.allowOpenAdmin,
        overlayAddress: `${hostIp(overlay, 2)}/${overlay.prefix}`,
    }, `${name}-collector`, "collector.");

    const canConfigure = bigip.onboard;
    check(args.configureBigip === undefined || typeof args.configureBigip === "boolean", "configureBigip", "must be true or false");
    check(args.configureBigip !== true || canConfigure, "configureBigip",
        "needs bigip.adminPassword and bigip.sshPrivateKey (the BIG-IP must be onboarded before REST configuration)");
    const configureBigip = args.configureBigip ?? canConfigure;
    checkCloneTargets(args.cloneTargets, configureBigip);
    return {
        network,
        bigip,
        collector,
        overlay: { cidr: formatCidr(overlay), prefix: overlay.prefix, bigipIp: hostIp(overlay, 1), collectorIp: hostIp(overlay, 2) },
        configureBigip,
    };
}

/** Clone targets become attachments over REST: refuse ones the device would reject, or that would be silently dropped. */
function checkCloneTargets(targets: CloneAcrossL3Args["cloneTargets"], configureBigip: boolean): void {
    if (targets === undefined) return;
    check(Array.isArray(targets), "cloneTargets", "must be a list of { virtualServer, context }");
    check(targets.length === 0 || configureBigip, "cloneTargets",
        "needs configureBigip (the clone pool is attached over iControl REST, which also needs bigip.adminPassword and bigip.sshPrivateKey)");
    const seen = new Set<string>();
    targets.forEach((t, i) => {
        const s = `cloneTargets[${i}]`;
        check(typeof t === "object" && t !== null, s, "must be { virtualServer, context }");
        check(t.virtualServer !== undefined && t.virtualServer !== null && (typeof t.virtualServer !== "string" || t.virtualServer.trim() !== ""),
            `${s}.virtualServer`, "is required (the name or full path of an existing virtual server)");
        check(t.context === "clientside" || t.context === "serverside", `${s}.context`, `${JSON.stringify(t.context)} must be clientside or serverside`);
        check(t.takeOver === undefined || typeof t.takeOver === "boolean", `${s}.takeOver`, "must be true or false");
        if (typeof t.virtualServer === "string") {
            const key = `${t.virtualServer.startsWith("/") ? t.virtualServer : `/Common/${t.virtualServer}`} ${t.context}`;
            // A virtual has one clone pool per context: two attachments of ours would fight over it.
            check(!seen.has(key), s, `${t.virtualServer} ${t.context} is listed twice (a virtual server takes one clone pool per context)`);
            seen.add(key);
        }
    });
}
