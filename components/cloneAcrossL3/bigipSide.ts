/**
 * The BIG-IP side of the recipe, from a validated plan: the VE this stack creates (or two, clustered, with `bigip.ha`),
 * or the connection to one the user runs (and its peer); how REST reaches each unit, and where their tunnels leave from.
 */
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { BigIpInstance } from "../bigip/instance/bigipInstance";
import { BigIpClusterArgs, createHaRules } from "../bigip/instance/cluster";
import { BigIpConnectionArgs } from "../bigip/objects/connection";
import { checkExistingPassword } from "../common/secrets";
import { cidrContains, formatCidr, parseCidr } from "../common/values";
import { Network } from "../network/network";
import { CloneAcrossL3Args } from "./args";
import { BigIpConfigInputs } from "./bigipConfig";
import { ClonePlan } from "./validate";

export interface BigIpSide {
    /** The VE this stack creates (the first unit of a pair). */
    bigip?: BigIpInstance;
    /** The second unit, with `bigip.ha`. */
    bigipPeer?: BigIpInstance;
    connection: BigIpConnectionArgs;
    tunnelSourceIp: pulumi.Output<string>;
    /** The pair's other unit (created or existing): its connection and tunnel source. */
    peer?: BigIpConfigInputs["peer"];
    /** `https://host[:port]` of the other unit. */
    peerManagementUrl?: pulumi.Output<string>;
}

/** The subnet's CIDR: known from the plan when this stack creates it, else looked up. */
export function subnetCidr(planned: string | undefined, id: pulumi.Input<string>, parent: pulumi.Resource): pulumi.Output<string> {
    return planned !== undefined ? pulumi.output(planned) : aws.ec2.getSubnetOutput({ id }, { parent }).cidrBlock;
}

/** What a created BIG-IP routes via its external subnet's router: the collector VPC and any existing collector outside it. */
export function collectorDestinations(plan: ClonePlan): string[] {
    const vpc = parseCidr(plan.network.collectorVpcCidr)!;
    const outside = plan.collectors.filter((c) => c.existing && !cidrContains(vpc, parseCidr(`${c.existing.underlayIp}/32`)!));
    return [formatCidr(vpc), ...outside.map((c) => `${c.existing!.underlayIp}/32`)];
}

const urlOf = (host: pulumi.Input<string>, port: number) => pulumi.interpolate`https://${host}${port === 443 ? "" : `:${port}`}`;

/** A created VE (two with `ha`): how REST reaches each unit, pinned to the certificate each one's first boot installs. */
function createdSide(name: string, args: CloneAcrossL3Args, plan: ClonePlan, network: Network, parent: pulumi.Resource): BigIpSide {
    if (plan.bigip.kind !== "create") throw new Error("unreachable");
    const b = plan.bigip.plan;
    const { ha: _ha, ...instanceArgs } = args.bigip!;
    const units = [`${name}-bigip`, `${name}-bigip-peer`] as const;
    const cluster: BigIpClusterArgs | undefined = plan.bigip.ha ? {
        units,
        externalSubnetCidr: subnetCidr(plan.network.subnets?.external, network.externalSubnetId!, parent),
        ...(b.internalNic ? { internalSubnetCidr: subnetCidr(plan.network.subnets?.internal, network.internalSubnetId!, parent) } : {}),
        dataMtu: plan.dataVlanMtu,
        routeDestinations: collectorDestinations(plan),
    } : undefined;
    const unit = (unitName: string, virtualAddressCount: number, unitCluster?: BigIpClusterArgs) => new BigIpInstance(unitName, {
        ...instanceArgs,
        vpcId: network.bigipVpcId,
        managementSubnetId: network.managementSubnetId!,
        externalSubnetId: b.nics === "multi" ? network.externalSubnetId : undefined,
        internalSubnetId: b.internalNic ? network.internalSubnetId : undefined,
        adminCidrs: args.adminCidrs,
        allowOpenAdmin: args.allowOpenAdmin,
        eipDependsOn: network.internetGateways,
        virtualAddressCount,
        ...(unitCluster ? { cluster: unitCluster } : {}),
        tags: args.tags,
    }, { parent }, { ...b, virtualAddressCount });
    const connectionOf = (instance: BigIpInstance, tls?: CloneAcrossL3Args["bigipTls"]): BigIpConnectionArgs => ({
        host: instance.managementPublicIp,
        port: b.managementPort,
        username: "admin",
        password: args.bigip!.adminPassword,
        // The certificate the stack generated, pinned from the first connection; until the first boot installs it,
        // the device's factory certificate means "still booting" (nothing is sent to it).
        tls: tls ?? instance.certificateFingerprint.apply((fingerprint256) => ({ fingerprint256, pinnedAtFirstBoot: true })),
        readinessTimeoutMs: b.readinessTimeoutMinutes * 60_000,
    });
    const bigip = unit(units[0], b.virtualAddressCount, cluster);
    const side: BigIpSide = { bigip, connection: connectionOf(bigip, args.bigipTls), tunnelSourceIp: bigip.tunnelSourceIp };
    if (!cluster) return side;
    // The second unit joins the first (the device group's owner), whose management address its first boot trusts.
    const bigipPeer = unit(units[1], 0, { ...cluster, ownerManagementIp: bigip.managementPrivateIp });
    createHaRules(name, [
        { name: units[0], managementSecurityGroupId: bigip.managementSecurityGroupId, dataSecurityGroupId: bigip.dataSecurityGroupId, managementPort: b.managementPort },
        { name: units[1], managementSecurityGroupId: bigipPeer.managementSecurityGroupId, dataSecurityGroupId: bigipPeer.dataSecurityGroupId, managementPort: b.managementPort },
    ], parent);
    return {
        ...side, bigipPeer,
        peer: { connection: connectionOf(bigipPeer), tunnelSourceIp: bigipPeer.tunnelSourceIp },
        peerManagementUrl: bigipPeer.managementUrl,
    };
}

/** An existing BIG-IP (and its peer): the connections from the user's settings, passwords checked inside apply. */
function existingSide(args: CloneAcrossL3Args, plan: ClonePlan): BigIpSide {
    if (plan.bigip.kind !== "existing") throw new Error("unreachable");
    const e = plan.bigip.existing;
    // A secret password is only seen inside apply: check it there too.
    const checked = (value: pulumi.Input<string>, setting: string) => pulumi.output(value).apply((p) => checkExistingPassword(p, setting, true));
    const password = checked(args.existingBigip!.password, "existingBigip.password");
    const side: BigIpSide = {
        connection: { host: e.host, port: e.port, username: e.username, password, tls: e.tls, readinessTimeoutMs: e.readinessTimeoutMinutes * 60_000 },
        tunnelSourceIp: pulumi.output(e.tunnelSourceIp),
    };
    if (!e.peer) return side;
    const p = e.peer;
    const given = args.existingBigip!.peer!.password;
    const peerPassword = given === undefined ? password : checked(given, "existingBigip.peer.password");
    return {
        ...side,
        peer: {
            connection: { host: p.host, port: p.port, username: p.username, password: peerPassword, tls: p.tls, readinessTimeoutMs: e.readinessTimeoutMinutes * 60_000 },
            tunnelSourceIp: pulumi.output(p.tunnelSourceIp),
        },
        peerManagementUrl: urlOf(p.host, p.port),
    };
}

/** @internal The BIG-IP side under `parent`, from the validated plan. */
export function createBigIpSide(name: string, args: CloneAcrossL3Args, plan: ClonePlan, network: Network, parent: pulumi.Resource): BigIpSide {
    return plan.bigip.kind === "create" ? createdSide(name, args, plan, network, parent) : existingSide(args, plan);
}

/** `https://host[:port]` of a unit reached at `connection`. */
export function managementUrlOf(connection: BigIpConnectionArgs): pulumi.Output<string> {
    return urlOf(connection.host, (connection.port as number | undefined) ?? 443);
}
