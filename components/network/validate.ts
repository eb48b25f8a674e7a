/**
 * Pure validation of `NetworkArgs`: runs before any resource is registered and resolves every default
 * (CIDRs, carved subnets, connectivity, underlay path) into a `NetworkPlan` the component just executes.
 */
import * as pulumi from "@pulumi/pulumi";
import { check } from "../common/errors";
import { Cidr, cidrContains, cidrsOverlap, formatCidr, parseCidr, subnetOf } from "../common/values";
import { parseUnderlayPath, UnderlayPath } from "./mtu";
import type { NetworkArgs } from "./network";

/** How the tunnel's outer packets travel between the two VPCs (drives the tunnel MTU); see ./mtu. */
export type NetworkUnderlayPath = UnderlayPath;

export const CONNECTIVITIES = ["peering", "transitGateway", "none"] as const;
export type Connectivity = (typeof CONNECTIVITIES)[number];

export const DEFAULT_BIGIP_VPC_CIDR = "10.0.0.0/16";
export const DEFAULT_COLLECTOR_VPC_CIDR = "10.1.0.0/16";

/** AWS accepts VPC and subnet IPv4 blocks between /16 and /28. */
const MIN_PREFIX = 16;
const MAX_PREFIX = 28;

/** A VPC and subnets the user already has (bring-your-own). */
export interface ExistingBigIpVpc {
    /** Id of the VPC (`vpc-…`). */
    readonly vpcId: pulumi.Input<string>;
    /** The VPC's IPv4 CIDR (plain: it is validated and becomes a route destination). */
    readonly cidr: string;
    /** Subnet of the BIG-IP management ENI. Required when the BIG-IP is created here; not used with an existing BIG-IP. */
    readonly managementSubnetId?: pulumi.Input<string>;
    /** Subnet of the BIG-IP external (data) ENI; with connectivity "transitGateway" the TGW attachment goes in it (else in `managementSubnetId`). */
    readonly externalSubnetId?: pulumi.Input<string>;
    /** Subnet of an optional BIG-IP internal ENI. Default none. */
    readonly internalSubnetId?: pulumi.Input<string>;
    /** Route tables that get the route to the collector VPC (every table used by the BIG-IP subnets). */
    readonly routeTableIds: pulumi.Input<string>[];
}

export interface ExistingCollectorVpc {
    /** Id of the VPC (`vpc-…`). */
    readonly vpcId: pulumi.Input<string>;
    /** The VPC's IPv4 CIDR (plain: it is validated and becomes a route destination). */
    readonly cidr: string;
    /** Subnet of the collectors' network interfaces (and of the TGW attachment with "transitGateway"). */
    readonly subnetId: pulumi.Input<string>;
    /** Route tables that get the route to the BIG-IP VPC. */
    readonly routeTableIds: pulumi.Input<string>[];
}

export interface SubnetCidrs {
    /** BIG-IP management subnet. Default: /24 index 1 of the BIG-IP VPC. */
    readonly management?: string;
    /** BIG-IP external (data, tunnel source) subnet. Default: /24 index 2 of the BIG-IP VPC. */
    readonly external?: string;
    /** BIG-IP internal subnet (only with `createInternalSubnet`). Default: /24 index 3 of the BIG-IP VPC. */
    readonly internal?: string;
    /** Collector subnet. Default: /24 index 1 of the collector VPC. */
    readonly collector?: string;
}

/** The settings of `NetworkArgs` that validation looks at (ids stay opaque inputs). */
export type NetworkSettings = Omit<NetworkArgs, "tags">;

/** Subnets to create: the BIG-IP ones when the BIG-IP VPC is created, the collector one when that VPC is. */
export interface CreatedSubnets {
    management?: string;
    external?: string;
    internal?: string;
    collector?: string;
}

/** Whether each VPC is created here or brought by the user. */
export type SideMode = "create" | "existing";

/** Everything the component needs, defaults resolved. `subnets` is absent when both VPCs are brought. */
export interface NetworkPlan {
    /** "create": both VPCs created; "existing": both brought; "mixed": one of each (see `sides`). */
    mode: "create" | "existing" | "mixed";
    sides: { bigip: SideMode; collector: SideMode };
    bigipVpcCidr: string;
    collectorVpcCidr: string;
    subnets?: CreatedSubnets;
    connectivity: Connectivity;
    underlayPath: NetworkUnderlayPath;
}

/** `prefix` "network" (or "network.") turns `bigipVpcCidr` into `network.bigipVpcCidr` in errors. */
export function settingName(prefix: string | undefined, key: string): string {
    if (!prefix) return key;
    return prefix.endsWith(".") ? prefix + key : `${prefix}.${key}`;
}

function checkBlock(text: unknown, setting: string, what: string): Cidr {
    check(typeof text === "string", setting, `must be an IPv4 CIDR string (got ${JSON.stringify(text)})`);
    const c = parseCidr(text, setting);
    check(c.prefix >= MIN_PREFIX && c.prefix <= MAX_PREFIX, setting, `"${text}": AWS ${what} blocks must be between /${MIN_PREFIX} and /${MAX_PREFIX}`);
    return c;
}

/** Default subnets are /24s; a VPC too small for the carve gets the largest size that still fits. */
function carve(vpc: Cidr, index: number, bitsNeeded: number, setting: string): string {
    const prefix = Math.max(24, vpc.prefix + bitsNeeded);
    check(prefix <= MAX_PREFIX, setting, `the VPC ${formatCidr(vpc)} is too small to carve a default subnet; set it explicitly`);
    return formatCidr(subnetOf(vpc, prefix, index));
}

function checkSubnets(vpc: Cidr, vpcSetting: string, entries: [string, string][]): void {
    const parsed = entries.map(([setting, text]) => [setting, checkBlock(text, setting, "subnet")] as const);
    parsed.forEach(([setting, c], i) => {
        check(cidrContains(vpc, c), setting, `"${entries[i][1]}" is not inside ${vpcSetting} ${formatCidr(vpc)}`);
        parsed.slice(0, i).forEach(([other, o]) => {
            check(!cidrsOverlap(o, c), setting, `"${entries[i][1]}" overlaps ${other} ${formatCidr(o)}`);
        });
    });
}

function checkIdList(ids: unknown, setting: string, required: boolean): void {
    check(ids === undefined || Array.isArray(ids), setting, "must be a list of route table ids");
    const list = (ids ?? []) as unknown[];
    check(!required || list.length > 0, setting,
        "at least one route table id is required: the routes to the other VPC go there (use connectivity \"none\" if you route yourself)");
    list.forEach((id, i) => check(typeof id !== "string" || id.trim() !== "", `${setting}[${i}]`, "route table id is empty"));
}

function checkId(id: unknown, setting: string): void {
    check(id !== undefined && id !== null && (typeof id !== "string" || id.trim() !== ""), setting, "is required");
}

function checkExisting(e: NetworkSettings["existing"], s: (k: string) => string, needRoutes: boolean): void {
    check(typeof e === "object" && e !== null, s("existing"), "must be an object with bigip and/or collector");
    check(e.bigip !== undefined || e.collector !== undefined, s("existing"), "needs bigip, collector or both (the VPCs you bring)");
    if (e.bigip !== undefined) {
        check(typeof e.bigip === "object" && e.bigip !== null, s("existing.bigip"), "must be an object { vpcId, cidr, routeTableIds, … }");
        checkId(e.bigip.vpcId, s("existing.bigip.vpcId"));
        if (e.bigip.managementSubnetId !== undefined) checkId(e.bigip.managementSubnetId, s("existing.bigip.managementSubnetId"));
        checkIdList(e.bigip.routeTableIds, s("existing.bigip.routeTableIds"), needRoutes);
    }
    if (e.collector !== undefined) {
        check(typeof e.collector === "object" && e.collector !== null, s("existing.collector"), "must be an object { vpcId, cidr, subnetId, routeTableIds }");
        checkId(e.collector.vpcId, s("existing.collector.vpcId"));
        checkId(e.collector.subnetId, s("existing.collector.subnetId"));
        checkIdList(e.collector.routeTableIds, s("existing.collector.routeTableIds"), needRoutes);
    }
}

/** The provider's region from stack config (`aws:region`), if set: read-only, registers nothing. */
export function configuredAwsRegion(): string | undefined {
    return new pulumi.Config("aws").get("region");
}

const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

/** An AWS region code like us-east-1; `setting` is where it came from (aws:region). */
export function checkRegion(region: unknown, setting: string): string {
    check(typeof region === "string" && REGION.test(region), setting, `${JSON.stringify(region)} is not an AWS region code like us-east-1`);
    return region;
}

/**
 * An availability zone NAME of `region` (when known): the region code plus one letter (us-east-1a), or a Local
 * Zone (us-east-1-bos-1a). Zone ids (use1-az1) are not names. Without a region only the shape is checked.
 */
export function checkAvailabilityZone(zone: unknown, setting: string, region?: string): string {
    const shape = /^([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2})(?:[a-z]|-[a-z0-9]+-\d+[a-z])$/;
    const m = typeof zone === "string" ? shape.exec(zone) : null;
    check(m !== null, setting, `${JSON.stringify(zone)} is not an availability zone name like ${region ?? "us-east-1"}a (a zone id like use1-az1 is not a name)`);
    check(region === undefined || m[1] === region, setting,
        `"${zone}" is not in the deployment region ${region} (aws:region); use a zone of ${region}, e.g. ${region}a`);
    return zone as string;
}

/**
 * Validates `NetworkArgs` and resolves defaults. Throws a ConfigError naming the setting (with `prefix`)
 * on the first problem. Pure: registers nothing.
 */
export function validateNetworkArgs(args: NetworkSettings, prefix?: string, region?: string): NetworkPlan {
    const s = (k: string) => settingName(prefix, k);
    check(typeof args === "object" && args !== null, s("network"), "arguments are required");

    const connectivity = args.connectivity ?? "peering";
    check((CONNECTIVITIES as readonly string[]).includes(connectivity), s("connectivity"),
        `${JSON.stringify(connectivity)} is not supported (use one of: ${CONNECTIVITIES.join(", ")})`);
    const existing = args.existing;

    let underlayPath: NetworkUnderlayPath = connectivity === "transitGateway" ? "transit-gateway" : "peering";
    if (args.underlayPath !== undefined) {
        parseUnderlayPath(args.underlayPath, s("underlayPath"));
        // With peering/TGW the component itself decides the path; an override could only contradict it.
        check(connectivity === "none" || args.underlayPath === underlayPath, s("underlayPath"),
            `is derived from connectivity "${connectivity}" (${underlayPath}); override it only with connectivity "none"`);
        underlayPath = args.underlayPath;
    }
    if (args.availabilityZone !== undefined) checkAvailabilityZone(args.availabilityZone, s("availabilityZone"), region);

    if (existing !== undefined) checkExisting(existing, s, connectivity !== "none");
    const bringBigip = existing?.bigip !== undefined;
    const bringCollector = existing?.collector !== undefined;
    check(connectivity !== "none" || (bringBigip && bringCollector), s("connectivity"),
        "\"none\" needs both VPCs brought in existing (you route between them yourself)");
    // Bring-your-own: the creation settings of a brought side would be silently ignored, so refuse them.
    if (bringBigip) {
        check(args.bigipVpcCidr === undefined, s("bigipVpcCidr"), "cannot be combined with existing.bigip (the CIDR comes from existing.bigip.cidr)");
        for (const k of ["management", "external", "internal"] as const) {
            check(args.subnets?.[k] === undefined, s(`subnets.${k}`), "cannot be combined with existing.bigip (pass its subnet ids there)");
        }
        check(!args.createInternalSubnet, s("createInternalSubnet"), "cannot be combined with existing.bigip (pass existing.bigip.internalSubnetId)");
    }
    if (bringCollector) {
        check(args.collectorVpcCidr === undefined, s("collectorVpcCidr"), "cannot be combined with existing.collector (the CIDR comes from existing.collector.cidr)");
        check(args.subnets?.collector === undefined, s("subnets.collector"), "cannot be combined with existing.collector (pass existing.collector.subnetId)");
    }
    const bigipSetting = bringBigip ? s("existing.bigip.cidr") : s("bigipVpcCidr");
    const collectorSetting = bringCollector ? s("existing.collector.cidr") : s("collectorVpcCidr");
    const bigipText = bringBigip ? existing!.bigip!.cidr : args.bigipVpcCidr ?? DEFAULT_BIGIP_VPC_CIDR;
    const collectorText = bringCollector ? existing!.collector!.cidr : args.collectorVpcCidr ?? DEFAULT_COLLECTOR_VPC_CIDR;
    const bigip = checkBlock(bigipText, bigipSetting, "VPC");
    const collector = checkBlock(collectorText, collectorSetting, "VPC");
    check(!cidrsOverlap(bigip, collector), collectorSetting,
        `"${collectorText}" overlaps ${bigipSetting} "${bigipText}" (peered/attached VPCs need disjoint CIDRs)`);
    check(connectivity !== "transitGateway" || !bringBigip || existing!.bigip!.externalSubnetId !== undefined || existing!.bigip!.managementSubnetId !== undefined,
        s("existing.bigip.externalSubnetId"), "is needed with connectivity \"transitGateway\" (the TGW attachment goes in it; managementSubnetId also works)");
    const sides = { bigip: bringBigip ? "existing" : "create", collector: bringCollector ? "existing" : "create" } as const;
    const mode = bringBigip && bringCollector ? "existing" : !bringBigip && !bringCollector ? "create" : "mixed";
    const base = { mode, sides, bigipVpcCidr: formatCidr(bigip), collectorVpcCidr: formatCidr(collector), connectivity, underlayPath } as const;
    if (mode === "existing") return { ...base };

    const sub = args.subnets ?? {};
    check(typeof sub === "object" && sub !== null, s("subnets"), "must be an object");
    const internalWanted = args.createInternalSubnet === true;
    check(sub.internal === undefined || internalWanted, s("subnets.internal"), "is set but createInternalSubnet is not true");
    const subnets: CreatedSubnets = {};
    if (!bringBigip) {
        subnets.management = sub.management ?? carve(bigip, 1, 2, s("subnets.management"));
        subnets.external = sub.external ?? carve(bigip, 2, 2, s("subnets.external"));
        if (internalWanted) subnets.internal = sub.internal ?? carve(bigip, 3, 2, s("subnets.internal"));
        const bigipEntries: [string, string][] = [[s("subnets.management"), subnets.management], [s("subnets.external"), subnets.external]];
        if (subnets.internal !== undefined) bigipEntries.push([s("subnets.internal"), subnets.internal]);
        checkSubnets(bigip, s("bigipVpcCidr"), bigipEntries);
    }
    if (!bringCollector) {
        subnets.collector = sub.collector ?? carve(collector, 1, 1, s("subnets.collector"));
        checkSubnets(collector, s("collectorVpcCidr"), [[s("subnets.collector"), subnets.collector]]);
    }
    return { ...base, subnets };
}
