/**
 * CloneAcrossL3: the whole recipe in one component — two VPCs and their routing, a BIG-IP VE (or yours), one
 * or more collectors with a gretap/VXLAN interface (or yours), the BIG-IP objects that clone traffic to them
 * across L3, and optionally a demo application to clone from.
 */
import * as pulumi from "@pulumi/pulumi";
import { BigIpInstance } from "../bigip/instance/bigipInstance";
import { BigIpConnectionArgs } from "../bigip/objects/connection";
import { BigIpTls } from "../bigip/rest/types";
import { DoctorExpectation } from "../diagnose/expect";
import { Collector } from "../collector/collector";
import { renderCollectorCommands } from "../collector/commands";
import { Encapsulation } from "../common/encapsulation";
import { createDemoServer, DemoServer } from "../demo/demoServer";
import { hostIp, parseCidr } from "../common/values";
import { collectorDestinations, createBigIpSide, managementUrlOf, subnetCidr } from "./bigipSide";
import { Network } from "../network/network";
import { CloneAcrossL3Args } from "./args";
import { BigIpConfigInputs, BigIpConfigResult, DataVlan, createBigIpConfig } from "./bigipConfig";
import { CollectorPlan } from "./collectors";
import { ClonePlan, validateCloneAcrossL3Args } from "./validate";

/** What a user needs to reach and check one collector's tunnel. */
export interface TunnelDetails {
    /** The collector's name (`collectors[i].name`). */
    collector: string;
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
    /** Full path of the clone pool this collector is a member of. */
    clonePool: string;
}

export interface CloneAcrossL3Result {
    network: Network;
    /** The BIG-IP VE; absent with `existingBigip`. The first unit of a pair with `bigip.ha`. */
    bigip?: BigIpInstance;
    /** The second unit of a created HA pair (`bigip.ha`). */
    bigipPeer?: BigIpInstance;
    /** The collectors this stack creates, by name (existing ones have none). */
    collectors: Record<string, Collector>;
    /** The BIG-IP objects; absent when `configureBigip` is off. */
    bigipConfig?: BigIpConfigResult;
    demoServer?: DemoServer;
    tunnels: TunnelDetails[];
    /** The BIG-IP management URL (the first unit's, on a pair). */
    managementUrl: pulumi.Output<string>;
    /** The other unit's management URL, on an HA pair (created or existing). */
    peerManagementUrl?: pulumi.Output<string>;
    /** The self IP the tunnels leave from. */
    tunnelSourceIp: pulumi.Output<string>;
    /** `http://<EIP>/` of the demo virtual; absent without `demo`. */
    demoUrl?: pulumi.Output<string>;
    /** For each existing collector, by name: the commands to run on it (script, env file, unit). */
    collectorCommands: Record<string, pulumi.Output<string>>;
    /** What a healthy clone path looks like on the device, for `npm run doctor` (no secrets). */
    doctor: pulumi.Output<DoctorExpectation>;
}

/**
 * The stack's own view of every clone path, resolved (addresses known after deploy). With an HA pair (`peer`), the
 * optional `peer`: the other unit's device (no password), its tunnel source and its overlay self IP on each path.
 */
function doctorExpectation(name: string, plan: ClonePlan, connection: BigIpConnectionArgs, tunnelSourceIp: pulumi.Output<string>,
    collectorIps: pulumi.Output<string>[], peer?: BigIpConfigInputs["peer"]): pulumi.Output<DoctorExpectation> {
    const qualify = (v: string) => (v.startsWith("/") ? v : `/Common/${v}`);
    const targets = plan.targets.map((t) => pulumi.all([t.virtualServer]).apply(([vs]) => ({ virtualServer: qualify(vs), context: t.context, pool: `/Common/${t.pool.objectName}` })));
    const device = (c: BigIpConnectionArgs) => pulumi.all([c.host, c.port ?? 443, c.username ?? "admin", c.tls])
        .apply(([host, port, username, tls]) => ({ host, port, username, ...(tls ? { tls: tls as BigIpTls } : {}) }));
    const peerOf = peer ? pulumi.all([device(peer.connection), peer.tunnelSourceIp]).apply(([d, source]) => ({
        device: d, tunnelSourceIp: source,
        paths: plan.collectors.map((c) => ({ collector: c.name, bigipOverlay: `${c.overlay.peerBigipIp}/${c.overlay.prefix}` })),
    })) : undefined;
    return pulumi.all([device(connection), tunnelSourceIp, pulumi.all(collectorIps), pulumi.all(targets), peerOf])
        .apply(([d, source, ips, attachments, p]) => ({
            device: d,
            tunnelSourceIp: source,
            paths: plan.collectors.map((c, i) => ({
                collector: c.name, tunnel: `/Common/${c.resourceName}`, pool: tunnelDetails(plan, c).clonePool, collectorIp: ips[i], collectorMac: c.macAddress,
                collectorOverlayIp: c.overlay.collectorIp, bigipOverlay: `${c.overlay.bigipIp}/${c.overlay.prefix}`, encapsulation: plan.encapsulation,
                key: plan.encapsulation === "vxlan" ? plan.vni! : 0, mtu: plan.mtu.inner, requiredMtu: plan.mtu.inner + plan.mtu.overhead,
            })),
            attachments: [
                ...attachments,
                ...(plan.demo ? plan.demo.clones.map((d) => ({ virtualServer: `/Common/${name}-demo-vs`, context: d.context, pool: `/Common/${d.pool.objectName}` })) : []),
            ],
            ...(p ? { peer: p } : {}),
        }));
}

function tunnelDetails(plan: ClonePlan, c: CollectorPlan): TunnelDetails {
    const pool = plan.pools.find((p) => p.members.includes(c))!;
    return {
        collector: c.name,
        encapsulation: plan.encapsulation,
        vni: plan.vni,
        mtu: plan.mtu.inner,
        underlayPath: plan.network.underlayPath,
        overlayCidr: c.overlay.cidr,
        bigipOverlayIp: c.overlay.bigipIp,
        collectorOverlayIp: c.overlay.collectorIp,
        collectorMac: c.macAddress,
        collectorDevice: c.deviceName,
        bigipTunnelName: c.resourceName,
        clonePool: `/Common/${pool.objectName}`,
    };
}

/** `10.0.2.5` in `10.0.2.0/24` → `10.0.2.5/24`: the self IP takes the subnet's real prefix. */
function withPrefix(ip: pulumi.Input<string>, cidr: pulumi.Output<string>): pulumi.Output<string> {
    return pulumi.all([ip, cidr]).apply(([a, c]) => `${a}/${c.split("/")[1]}`);
}

/** @internal Builds the children under `parent` from an already validated plan. */
export function createCloneAcrossL3(name: string, args: CloneAcrossL3Args, plan: ClonePlan, parent: pulumi.Resource): CloneAcrossL3Result {
    const opts = { parent };
    const tags = args.tags;
    const network = new Network(`${name}-network`, { ...(args.network ?? {}), tags }, opts, plan.network);

    const { bigip, bigipPeer, connection, tunnelSourceIp, peer, peerManagementUrl } = createBigIpSide(name, args, plan, network, parent);

    const collectors: Record<string, Collector> = {};
    const collectorIps = plan.collectors.map((c) => {
        if (c.existing) return pulumi.output(c.existing.underlayIp);
        const { name: _n, existing: _e, overlayCidr: _o, ...own } = args.collectors?.[plan.collectors.indexOf(c)] ?? {};
        const collector = new Collector(c.resourceName, {
            ...own,
            vpcId: network.collectorVpcId,
            subnetId: network.collectorSubnetId,
            tunnelSourceIp,
            // An existing HA pair: the collector takes the tunnel from both units (one MAC, one overlay address).
            ...(peer ? { peerTunnelSourceIp: peer.tunnelSourceIp } : {}),
            ...(bigipPeer ? { peerBigipManagementIp: bigipPeer.managementPrivateIp } : {}),
            encapsulation: plan.encapsulation,
            vni: plan.vni,
            underlayPath: plan.network.underlayPath,
            tunnelMtu: plan.mtu.inner,
            allowMtuBelow1500: args.allowMtuBelow1500,
            adminCidrs: args.adminCidrs,
            allowOpenAdmin: args.allowOpenAdmin,
            overlayAddress: `${c.overlay.collectorIp}/${c.overlay.prefix}`,
            keyName: own.keyName ?? bigip?.keyName,
            // Remote tcpdump streams may come from the management address (an existing BIG-IP's is not known here).
            bigipManagementIp: bigip?.managementPrivateIp,
            tags,
        }, { parent, dependsOn: network.connectivityRoutes }, c.settings);
        collectors[c.name] = collector;
        return collector.privateIp;
    });

    const collectorCommands = Object.fromEntries(plan.collectors.filter((c) => c.existing).map((c) => [c.name,
        pulumi.all([tunnelSourceIp, peer?.tunnelSourceIp]).apply(([remoteIp, peerRemoteIp]) => renderCollectorCommands({
            encapsulation: plan.encapsulation, deviceName: c.deviceName, localIp: c.existing!.underlayIp, remoteIp,
            macAddress: c.macAddress, mtu: plan.mtu.inner, vni: plan.vni, overlayAddress: `${c.overlay.collectorIp}/${c.overlay.prefix}`,
            ...(peerRemoteIp !== undefined ? { peerRemoteIp } : {}),
        }, `${c.setting}.`))]));

    // The data subnet of a VE we create: where its data self IP, its gateway and the demo server live.
    const multi = bigip !== undefined && plan.bigip.kind === "create" && plan.bigip.plan.nics === "multi";
    const dataSubnetId = multi ? network.externalSubnetId! : network.managementSubnetId;
    const demoServer = plan.demo && bigip ? createDemoServer(`${name}-demo`, {
        vpcId: network.bigipVpcId, subnetId: dataSubnetId!, bigipSelfIp: tunnelSourceIp, instanceType: plan.demo.instanceType,
        architecture: plan.demo.architecture, amiId: plan.demo.amiId, port: plan.demo.port, tags,
    }, parent) : undefined;

    let bigipConfig: BigIpConfigResult | undefined;
    if (plan.configureBigip) {
        const dataVlans: DataVlan[] = [];
        let routes: { destinations: pulumi.Input<string>[]; gateway: pulumi.Input<string> } | undefined;
        // A pair's units declare their VLANs, self IPs and routes at first boot (cluster.ts); one VE gets them over REST.
        if (multi && !bigipPeer) {
            const externalCidr = subnetCidr(plan.network.subnets?.external, network.externalSubnetId!, parent);
            dataVlans.push({ name: "external", interfaceName: "1.1", selfAddress: withPrefix(bigip!.externalPrivateIp!, externalCidr) });
            if (bigip!.internalPrivateIp !== undefined) {
                const internalCidr = subnetCidr(plan.network.subnets?.internal, network.internalSubnetId!, parent);
                dataVlans.push({ name: "internal", interfaceName: "1.2", selfAddress: withPrefix(bigip!.internalPrivateIp, internalCidr) });
            }
            routes = { destinations: collectorDestinations(plan), gateway: externalCidr.apply((c) => hostIp(parseCidr(c)!, 1)) };
        }
        bigipConfig = createBigIpConfig(name, plan, {
            connection, tunnelSourceIp, dataVlans, routes, collectorIps,
            singleNicVlan: bigip !== undefined && !multi,
            demo: demoServer && bigip ? { serverIp: demoServer.privateIp, virtualAddress: bigip.virtualAddresses.apply((a) => a[0]) } : undefined,
            dependsOn: [bigip, bigipPeer].filter((u): u is BigIpInstance => u !== undefined),
            peer,
        }, parent);
    }

    const managementUrl = bigip ? bigip.managementUrl : managementUrlOf(connection);
    const demoUrl = plan.demo && bigip ? pulumi.interpolate`http://${bigip.virtualPublicIps.apply((a) => a[0])}${plan.demo.port === 80 ? "" : `:${plan.demo.port}`}/` : undefined;
    return {
        network, bigip, bigipPeer, peerManagementUrl, collectors, bigipConfig, demoServer, managementUrl, tunnelSourceIp, demoUrl, collectorCommands,
        tunnels: plan.collectors.map((c) => tunnelDetails(plan, c)),
        doctor: doctorExpectation(name, plan, connection, tunnelSourceIp, collectorIps, peer),
    };
}

/**
 * Clone pool across L3: BIG-IP application traffic copied over a GRE-TEB or VXLAN tunnel to IDS or capture
 * boxes in another VPC.
 */
export class CloneAcrossL3 extends pulumi.ComponentResource {
    declare readonly network: Network;
    declare readonly bigip?: BigIpInstance;
    declare readonly bigipPeer?: BigIpInstance;
    declare readonly collectors: Record<string, Collector>;
    declare readonly bigipConfig?: BigIpConfigResult;
    declare readonly demoServer?: DemoServer;
    declare readonly tunnels: TunnelDetails[];
    declare readonly managementUrl: pulumi.Output<string>;
    declare readonly peerManagementUrl?: pulumi.Output<string>;
    declare readonly tunnelSourceIp: pulumi.Output<string>;
    declare readonly demoUrl?: pulumi.Output<string>;
    declare readonly collectorCommands: Record<string, pulumi.Output<string>>;
    /** What a healthy clone path looks like on the device, for `npm run doctor` (no secrets). */
    declare readonly doctor: pulumi.Output<DoctorExpectation>;

    /**
     * @param name The _unique_ name of the component; children are named `<name>-network`, `<name>-bigip`, `<name>-<collector>`, ….
     * @param args The deployment settings; validated as a whole before anything is registered, then built from that plan.
     * @param opts Component options (`providers`, `protect`, `transformations` reach the children).
     */
    constructor(name: string, args: CloneAcrossL3Args, opts?: pulumi.ComponentResourceOptions) {
        const plan = validateCloneAcrossL3Args(args, name);
        super("clonel3:index:CloneAcrossL3", name, {}, opts);
        for (const w of plan.warnings) pulumi.log.warn(w, this);
        const r = createCloneAcrossL3(name, args, plan, this);
        Object.assign(this, r);
        // Every output the class declares, registered from the same result that fills them (so the two cannot
        // drift; test/cloneAcrossL3/outputs.test.ts compares the class's members with what reaches the engine).
        // Child resources go to the engine as resource references, absent optional ones are left out.
        this.registerOutputs({ ...r });
    }
}
