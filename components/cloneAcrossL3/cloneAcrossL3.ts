/**
 * CloneAcrossL3: the whole recipe in one component — two VPCs and their routing, a BIG-IP VE, a collector
 * with a gretap/VXLAN interface, and the BIG-IP objects that clone traffic to it across L3.
 */
import * as pulumi from "@pulumi/pulumi";
import { BigIpInstance } from "../bigip/instance/bigipInstance";
import { Collector } from "../collector/collector";
import { Encapsulation } from "../common/encapsulation";
import { Network } from "../network/network";
import { CloneAcrossL3Args } from "./args";
import { ClonePathResult, createClonePath } from "./clonePath";
import { ClonePlan, validateCloneAcrossL3Args } from "./validate";

/** What a user needs to reach and check the deployment. */
export interface TunnelDetails {
    encapsulation: Encapsulation;
    vni?: number;
    mtu: number;
    underlayPath: string;
    overlayCidr: string;
    bigipOverlayIp: string;
    collectorOverlayIp: string;
    collectorMac: string;
    collectorDevice: string;
    /** Device object base name of the tunnel chain on the BIG-IP. */
    bigipTunnelName: string;
}

export interface CloneAcrossL3Result {
    network: Network;
    bigip: BigIpInstance;
    collector: Collector;
    /** The BIG-IP configuration objects; absent when `configureBigip` is off. */
    clonePath?: ClonePathResult;
    tunnel: TunnelDetails;
}

/** @internal Builds the children under `parent` from an already validated plan. */
export function createCloneAcrossL3(name: string, args: CloneAcrossL3Args, plan: ClonePlan, parent: pulumi.Resource): CloneAcrossL3Result {
    const opts = { parent };
    const tags = args.tags;
    const network = new Network(`${name}-network`, { ...(args.network ?? {}), tags }, opts);
    const bigip = new BigIpInstance(`${name}-bigip`, {
        ...args.bigip,
        vpcId: network.bigipVpcId,
        managementSubnetId: network.managementSubnetId,
        externalSubnetId: plan.bigip.nics === "multi" ? network.externalSubnetId : undefined,
        internalSubnetId: plan.bigip.internalNic ? network.internalSubnetId : undefined,
        adminCidrs: args.adminCidrs,
        allowOpenAdmin: args.allowOpenAdmin,
        eipDependsOn: network.internetGateways,
        tags,
    }, opts);
    const c = plan.collector;
    const collector = new Collector(`${name}-collector`, {
        ...(args.collector ?? {}),
        vpcId: network.collectorVpcId,
        subnetId: network.collectorSubnetId,
        tunnelSourceIp: bigip.tunnelSourceIp,
        encapsulation: c.encapsulation,
        vni: c.vni,
        macAddress: c.macAddress,
        underlayPath: c.underlayPath,
        tunnelMtu: c.mtu.inner,
        allowMtuBelow1500: args.allowMtuBelow1500,
        adminCidrs: args.adminCidrs,
        allowOpenAdmin: args.allowOpenAdmin,
        overlayAddress: c.overlayAddress,
        keyName: bigip.keyName,
        tags,
    }, { parent, dependsOn: network.connectivityRoutes });

    const tunnel: TunnelDetails = {
        encapsulation: c.encapsulation,
        vni: c.vni,
        mtu: c.mtu.inner,
        underlayPath: c.underlayPath,
        overlayCidr: plan.overlay.cidr,
        bigipOverlayIp: plan.overlay.bigipIp,
        collectorOverlayIp: plan.overlay.collectorIp,
        collectorMac: c.macAddress,
        collectorDevice: c.deviceName,
        bigipTunnelName: `${name}-${c.encapsulation}`.slice(0, 50),
    };

    // The BIG-IP objects attach here: one clone path per collector, once onboarding has set the password.
    const clonePath = plan.configureBigip ? createClonePath(`${name}-clone`, {
        connection: {
            host: bigip.managementPublicIp,
            port: plan.bigip.managementPort,
            username: "admin",
            password: args.bigip.adminPassword,
            tls: args.bigipTls ?? bigip.certificateFingerprint.apply((fingerprint256) => ({ fingerprint256 })),
            readinessTimeoutMs: plan.bigip.readinessTimeoutMinutes * 60_000,
        },
        objectName: tunnel.bigipTunnelName,
        encapsulation: c.encapsulation,
        vni: c.vni,
        mtu: c.mtu.inner,
        localAddress: bigip.tunnelSourceIp,
        remoteAddress: collector.privateIp,
        selfAddress: `${plan.overlay.bigipIp}/${plan.overlay.prefix}`,
        collectorAddress: plan.overlay.collectorIp,
        collectorMac: c.macAddress,
        targets: args.cloneTargets,
    }, parent, [bigip]) : undefined;

    return { network, bigip, collector, clonePath, tunnel };
}

/**
 * Clone pool across L3: BIG-IP application traffic copied over a GRE-TEB or VXLAN tunnel to an IDS or
 * capture box in another VPC.
 */
export class CloneAcrossL3 extends pulumi.ComponentResource {
    declare readonly network: Network;
    declare readonly bigip: BigIpInstance;
    declare readonly collector: Collector;
    declare readonly clonePath?: ClonePathResult;
    declare readonly tunnel: TunnelDetails;
    /** `https://<management EIP>[:8443]`. */
    declare readonly managementUrl: pulumi.Output<string>;

    /**
     * @param name The _unique_ name of the component; children are named `<name>-network`, `<name>-bigip`, `<name>-collector`, `<name>-clone-*`.
     * @param args The deployment settings; validated as a whole before anything is registered.
     * @param opts Component options (`providers`, `protect`, `transformations` reach the children).
     */
    constructor(name: string, args: CloneAcrossL3Args, opts?: pulumi.ComponentResourceOptions) {
        const plan = validateCloneAcrossL3Args(args, name);
        super("clonel3:index:CloneAcrossL3", name, {}, opts);
        const r = createCloneAcrossL3(name, args, plan, this);
        Object.assign(this, r, { managementUrl: r.bigip.managementUrl });
        this.registerOutputs({
            managementUrl: r.bigip.managementUrl,
            tunnelSourceIp: r.bigip.tunnelSourceIp,
            collectorPrivateIp: r.collector.privateIp,
            tunnel: r.tunnel,
        });
    }
}
