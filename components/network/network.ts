/**
 * Network: the BIG-IP VPC and the collector VPC (created, or brought by the user) plus the connectivity
 * (VPC peering or a Transit Gateway) and the routes the GRE/VXLAN tunnel's outer packets need.
 */
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { tagsFor } from "../common/tags";
import {
    Connectivity, ExistingBigIpVpc, ExistingCollectorVpc, NetworkPlan, NetworkUnderlayPath, SubnetCidrs, validateNetworkArgs, configuredAwsRegion,
} from "./validate";

export type { Connectivity, NetworkUnderlayPath } from "./validate";
export { validateNetworkArgs } from "./validate";

export interface NetworkArgs {
    /** IPv4 CIDR of the BIG-IP VPC (/16../28). Defaults to "10.0.0.0/16". Not allowed with `existing.bigip`. */
    readonly bigipVpcCidr?: string;
    /** IPv4 CIDR of the collector VPC, disjoint from the BIG-IP VPC. Defaults to "10.1.0.0/16". Not allowed with `existing.collector`. */
    readonly collectorVpcCidr?: string;
    /** Zone for every created subnet. Defaults to the first available zone of the region (in bring-your-own mode: the management subnet's zone). */
    readonly availabilityZone?: string;
    /** Subnet CIDR overrides. Defaults: /24s at index 1 (management), 2 (external), 3 (internal) of the BIG-IP VPC and index 1 of the collector VPC. */
    readonly subnets?: SubnetCidrs;
    /** Also create the BIG-IP internal subnet. Defaults to false. */
    readonly createInternalSubnet?: boolean;
    /**
     * How the VPCs reach each other. Defaults to "peering" (same account and region). "transitGateway" creates
     * a TGW with one attachment per VPC. "none" (only with both VPCs in `existing`) means you already route between them.
     */
    readonly connectivity?: Connectivity;
    /** Underlay path reported in `underlayPath`; settable only with connectivity "none". Defaults to "peering" / "transit-gateway" from `connectivity`. */
    readonly underlayPath?: NetworkUnderlayPath;
    /**
     * Bring-your-own VPCs, either or both: for a VPC given here no VPC/subnet/gateway/route table is created, only
     * the connectivity and routes in its given tables. Defaults to none (create both).
     */
    readonly existing?: { readonly bigip?: ExistingBigIpVpc; readonly collector?: ExistingCollectorVpc };
    /** Tags for every AWS resource (a `Name` tag is always added). Defaults to none. */
    readonly tags?: Record<string, string>;
}

export interface NetworkOutputs {
    readonly bigipVpcId: pulumi.Output<string>;
    readonly bigipVpcCidr: string;
    /** Absent when the BIG-IP VPC is brought without a management subnet (an existing BIG-IP). */
    readonly managementSubnetId?: pulumi.Output<string>;
    /** Absent when neither created nor given. */
    readonly externalSubnetId?: pulumi.Output<string>;
    readonly internalSubnetId?: pulumi.Output<string>;
    readonly collectorVpcId: pulumi.Output<string>;
    readonly collectorVpcCidr: string;
    readonly collectorSubnetId: pulumi.Output<string>;
    readonly availabilityZone: pulumi.Output<string>;
    readonly underlayPath: NetworkUnderlayPath;
    readonly peeringConnectionId?: pulumi.Output<string>;
    readonly transitGatewayId?: pulumi.Output<string>;
    readonly internetGatewayIds: pulumi.Output<string>[];
    /** The created Internet gateways (empty in bring-your-own mode), for `dependsOn` of EIPs. */
    readonly internetGateways: aws.ec2.InternetGateway[];
    /** Routes between the VPCs, for `dependsOn` of anything that sends tunnel traffic. */
    readonly connectivityRoutes: aws.ec2.Route[];
}

interface Side {
    vpcId: pulumi.Output<string>;
    cidr: string;
    routeTableIds: pulumi.Input<string>[];
    /** The subnet a TGW attachment uses on this side (validation ensures there is one when a TGW is built). */
    attachSubnetId?: pulumi.Output<string>;
}

type Sides = { bigip: Side; collector: Side };

interface SideParts {
    side: Side;
    /** BIG-IP side only. */
    managementSubnetId?: pulumi.Output<string>;
    externalSubnetId?: pulumi.Output<string>;
    internalSubnetId?: pulumi.Output<string>;
    /** Collector side only. */
    collectorSubnetId?: pulumi.Output<string>;
    internetGateway?: aws.ec2.InternetGateway;
}

/** One VPC with its subnets, an Internet gateway and one route table (default route to the IGW). */
function createSide(name: string, role: "bigip" | "collector", cidr: string, subnets: [string, string][], az: pulumi.Output<string>,
    args: NetworkArgs, parent: pulumi.Resource) {
    const tags = (n: string) => tagsFor(n, args.tags);
    const vpc = new aws.ec2.Vpc(`${name}-${role}-vpc`, {
        cidrBlock: cidr, enableDnsSupport: true, enableDnsHostnames: true, tags: tags(`${name}-${role}-vpc`),
    }, { parent });
    // Public addresses only come from EIPs, never from auto-assignment.
    const created = subnets.map(([subnetRole, block]) => [subnetRole, new aws.ec2.Subnet(`${name}-${subnetRole}`, {
        vpcId: vpc.id, cidrBlock: block, availabilityZone: az, mapPublicIpOnLaunch: false, tags: tags(`${name}-${subnetRole}`),
    }, { parent })] as const);
    // An IGW per VPC: the BIG-IP management EIP and the collector's EIP / package installs need one.
    const igw = new aws.ec2.InternetGateway(`${name}-${role}-igw`, { vpcId: vpc.id, tags: tags(`${name}-${role}-igw`) }, { parent });
    // Separate Route resources only (mixing with inline `routes` makes the two fight over the table).
    const rt = new aws.ec2.RouteTable(`${name}-${role}-rt`, { vpcId: vpc.id, tags: tags(`${name}-${role}-rt`) }, { parent });
    new aws.ec2.Route(`${name}-${role}-default`, { routeTableId: rt.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id }, { parent });
    for (const [subnetRole, sn] of created) {
        new aws.ec2.RouteTableAssociation(`${name}-${subnetRole}-rta`, { routeTableId: rt.id, subnetId: sn.id }, { parent });
    }
    return { vpc, subnets: Object.fromEntries(created.map(([r, sn]) => [r, sn.id])) as Record<string, pulumi.Output<string>>, igw, rt };
}

function bigipSide(name: string, args: NetworkArgs, plan: NetworkPlan, az: pulumi.Output<string>, parent: pulumi.Resource): SideParts {
    const e = args.existing?.bigip;
    if (e !== undefined) {
        const out = (v: pulumi.Input<string> | undefined) => (v === undefined ? undefined : pulumi.output(v));
        const managementSubnetId = out(e.managementSubnetId);
        const externalSubnetId = out(e.externalSubnetId);
        return {
            side: { vpcId: pulumi.output(e.vpcId), cidr: plan.bigipVpcCidr, routeTableIds: e.routeTableIds ?? [], attachSubnetId: externalSubnetId ?? managementSubnetId },
            managementSubnetId, externalSubnetId, internalSubnetId: out(e.internalSubnetId),
        };
    }
    const sn = plan.subnets!;
    const list: [string, string][] = [["mgmt", sn.management!], ["external", sn.external!]];
    if (sn.internal !== undefined) list.push(["internal", sn.internal]);
    const c = createSide(name, "bigip", plan.bigipVpcCidr, list, az, args, parent);
    return {
        side: { vpcId: c.vpc.id, cidr: plan.bigipVpcCidr, routeTableIds: [c.rt.id], attachSubnetId: c.subnets.external },
        managementSubnetId: c.subnets.mgmt, externalSubnetId: c.subnets.external, internalSubnetId: c.subnets.internal, internetGateway: c.igw,
    };
}

function collectorSide(name: string, args: NetworkArgs, plan: NetworkPlan, az: pulumi.Output<string>, parent: pulumi.Resource): SideParts {
    const e = args.existing?.collector;
    if (e !== undefined) {
        const subnetId = pulumi.output(e.subnetId);
        return { side: { vpcId: pulumi.output(e.vpcId), cidr: plan.collectorVpcCidr, routeTableIds: e.routeTableIds ?? [], attachSubnetId: subnetId }, collectorSubnetId: subnetId };
    }
    const c = createSide(name, "collector", plan.collectorVpcCidr, [["collector", plan.subnets!.collector!]], az, args, parent);
    return {
        side: { vpcId: c.vpc.id, cidr: plan.collectorVpcCidr, routeTableIds: [c.rt.id], attachSubnetId: c.subnets.collector },
        collectorSubnetId: c.subnets.collector, internetGateway: c.igw,
    };
}

/** The zone for created subnets: the one asked for, else the first available; with both VPCs brought, the management subnet's (or collector subnet's). */
function zone(args: NetworkArgs, plan: NetworkPlan, parent: pulumi.Resource): pulumi.Output<string> {
    if (args.availabilityZone !== undefined) return pulumi.output(args.availabilityZone);
    if (plan.mode === "existing") {
        const e = args.existing!;
        return aws.ec2.getSubnetOutput({ id: e.bigip!.managementSubnetId ?? e.collector!.subnetId }, { parent }).availabilityZone;
    }
    return aws.getAvailabilityZonesOutput({ state: "available" }, { parent }).names.apply((n) => n[0]);
}

/** A route in every table of each side to the other side's CIDR, via `target`. */
function routeBothWays(name: string, sides: Sides, target: Partial<aws.ec2.RouteArgs>, opts: pulumi.CustomResourceOptions): aws.ec2.Route[] {
    const routes: aws.ec2.Route[] = [];
    const pairs: [string, Side, Side][] = [["bigip", sides.bigip, sides.collector], ["collector", sides.collector, sides.bigip]];
    for (const [role, from, to] of pairs) {
        from.routeTableIds.forEach((routeTableId, i) => {
            const other = role === "bigip" ? "collector" : "bigip";
            routes.push(new aws.ec2.Route(`${name}-${role}-rt${i}-to-${other}`, {
                routeTableId, destinationCidrBlock: to.cidr, ...target,
            }, opts));
        });
    }
    return routes;
}

/** @internal Builds the network's children under `parent`; `args` must already be validated into `plan`. */
export function createNetwork(name: string, args: NetworkArgs, plan: NetworkPlan, parent: pulumi.Resource): NetworkOutputs {
    const az = zone(args, plan, parent);
    const big = bigipSide(name, args, plan, az, parent);
    const col = collectorSide(name, args, plan, az, parent);
    const sides: Sides = { bigip: big.side, collector: col.side };
    const internetGateways = [big.internetGateway, col.internetGateway].filter((g): g is aws.ec2.InternetGateway => g !== undefined);
    let peeringConnectionId: pulumi.Output<string> | undefined;
    let transitGatewayId: pulumi.Output<string> | undefined;
    let connectivityRoutes: aws.ec2.Route[] = [];

    if (plan.connectivity === "peering") {
        // autoAccept works only for the same account and region, which is the only peering this component makes.
        const peering = new aws.ec2.VpcPeeringConnection(`${name}-peering`, {
            vpcId: sides.bigip.vpcId, peerVpcId: sides.collector.vpcId, autoAccept: true, tags: tagsFor(`${name}-peering`, args.tags),
        }, { parent });
        peeringConnectionId = peering.id;
        connectivityRoutes = routeBothWays(name, sides, { vpcPeeringConnectionId: peering.id }, { parent });
    } else if (plan.connectivity === "transitGateway") {
        const tgw = new aws.ec2transitgateway.TransitGateway(`${name}-tgw`, {
            description: `${name}: BIG-IP VPC <-> collector VPC (L2 tunnel underlay)`,
            defaultRouteTableAssociation: "enable",
            defaultRouteTablePropagation: "enable",
            tags: tagsFor(`${name}-tgw`, args.tags),
        }, { parent });
        const attach = (role: string, side: Side) => new aws.ec2transitgateway.VpcAttachment(`${name}-${role}-tgw-attachment`, {
            transitGatewayId: tgw.id, vpcId: side.vpcId, subnetIds: [side.attachSubnetId!], tags: tagsFor(`${name}-${role}-tgw-attachment`, args.tags),
        }, { parent });
        const attachments = [attach("bigip", sides.bigip), attach("collector", sides.collector)];
        transitGatewayId = tgw.id;
        // AWS rejects a route to a TGW that is not yet attached to the route table's VPC.
        connectivityRoutes = routeBothWays(name, sides, { transitGatewayId: tgw.id }, { parent, dependsOn: attachments });
    }

    return {
        bigipVpcId: sides.bigip.vpcId,
        bigipVpcCidr: plan.bigipVpcCidr,
        managementSubnetId: big.managementSubnetId,
        externalSubnetId: big.externalSubnetId,
        internalSubnetId: big.internalSubnetId,
        collectorVpcId: sides.collector.vpcId,
        collectorVpcCidr: plan.collectorVpcCidr,
        collectorSubnetId: col.collectorSubnetId!,
        availabilityZone: az,
        underlayPath: plan.underlayPath,
        peeringConnectionId,
        transitGatewayId,
        internetGatewayIds: internetGateways.map((g) => g.id),
        internetGateways,
        connectivityRoutes,
    };
}

/** The two VPCs (created or existing) and the connectivity between them. */
export class Network extends pulumi.ComponentResource implements NetworkOutputs {
    declare readonly bigipVpcId: pulumi.Output<string>;
    declare readonly bigipVpcCidr: string;
    declare readonly managementSubnetId?: pulumi.Output<string>;
    declare readonly externalSubnetId?: pulumi.Output<string>;
    declare readonly internalSubnetId?: pulumi.Output<string>;
    declare readonly collectorVpcId: pulumi.Output<string>;
    declare readonly collectorVpcCidr: string;
    declare readonly collectorSubnetId: pulumi.Output<string>;
    declare readonly availabilityZone: pulumi.Output<string>;
    declare readonly underlayPath: NetworkUnderlayPath;
    declare readonly peeringConnectionId?: pulumi.Output<string>;
    declare readonly transitGatewayId?: pulumi.Output<string>;
    declare readonly internetGatewayIds: pulumi.Output<string>[];
    declare readonly internetGateways: aws.ec2.InternetGateway[];
    declare readonly connectivityRoutes: aws.ec2.Route[];

    /**
     * @param name The _unique_ name of the component; children are named `${name}-<role>`.
     * @param args The network settings; validated before anything is registered.
     * @param opts Component options.
     */
    constructor(name: string, args: NetworkArgs = {}, opts?: pulumi.ComponentResourceOptions, /** @internal already validated by a composing component */ plan?: NetworkPlan) {
        // Validate first: a bad config throws a ConfigError with nothing registered.
        plan ??= validateNetworkArgs(args, undefined, configuredAwsRegion());
        super("clonel3:network:Network", name, {}, opts);
        const out = createNetwork(name, args, plan, this);
        Object.assign(this, out);
        this.registerOutputs({
            bigipVpcId: out.bigipVpcId, bigipVpcCidr: out.bigipVpcCidr, managementSubnetId: out.managementSubnetId,
            externalSubnetId: out.externalSubnetId, internalSubnetId: out.internalSubnetId,
            collectorVpcId: out.collectorVpcId, collectorVpcCidr: out.collectorVpcCidr, collectorSubnetId: out.collectorSubnetId,
            availabilityZone: out.availabilityZone, underlayPath: out.underlayPath,
            peeringConnectionId: out.peeringConnectionId, transitGatewayId: out.transitGatewayId,
            internetGatewayIds: out.internetGatewayIds,
        });
    }
}
