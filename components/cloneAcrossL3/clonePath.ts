/**
 * The BIG-IP half of the recipe for one collector: the atomic tunnel chain (profile, tunnel, self IP,
 * ARP, FDB), the clone pool, its attachments to virtual servers, and a config save that follows them.
 * Usable alone against any existing BIG-IP.
 */
import * as pulumi from "@pulumi/pulumi";
import { BigIpConnectionArgs } from "../bigip/objects/connection";
import { ClonePoolAttachment, CloneContext } from "../bigip/objects/clonePoolAttachment";
import { ConfigSave } from "../bigip/objects/configSave";
import { Pool } from "../bigip/objects/pool";
import { TunnelChain } from "../bigip/objects/tunnelChain";
import { Encapsulation } from "../common/encapsulation";

export interface CloneTarget {
    /** Existing virtual server (name or full path) whose traffic is copied. */
    readonly virtualServer: pulumi.Input<string>;
    /** `clientside` (what the client sent) or `serverside` (after the full proxy). */
    readonly context: CloneContext;
    /** Replace another pool that already holds this context. Default false. */
    readonly takeOver?: boolean;
}

export interface ClonePathArgs {
    /** The BIG-IP to configure. */
    readonly connection: BigIpConnectionArgs;
    /** Device object base name (≤ 50 characters): tunnel `<n>`, `<n>-profile`, `<n>-self`, `<n>-arp`, pool `<n>-pool`. */
    readonly objectName: string;
    readonly encapsulation: Encapsulation;
    /** VXLAN VNI (the tunnel key); ignored for GRE. */
    readonly vni?: number;
    /** Tunnel MTU from the path budget. */
    readonly mtu: number;
    /** BIG-IP underlay self IP (tunnel source). */
    readonly localAddress: pulumi.Input<string>;
    /** Collector underlay IP. */
    readonly remoteAddress: pulumi.Input<string>;
    /** BIG-IP overlay self IP with prefix, e.g. 10.254.0.1/29. */
    readonly selfAddress: string;
    /** Collector overlay IP (the clone pool member, port 0). */
    readonly collectorAddress: string;
    /** Collector tunnel interface MAC. */
    readonly collectorMac: string;
    /** Virtual servers to clone from. Default none (attach later, or use tcpdump --remote-dest). */
    readonly targets?: readonly CloneTarget[];
}

export interface ClonePathResult {
    chain: TunnelChain;
    pool: Pool;
    attachments: ClonePoolAttachment[];
    save: ConfigSave;
}

/** Builds the BIG-IP objects for one collector under `parent`; `dependsOn` e.g. the onboarding command. */
export function createClonePath(name: string, args: ClonePathArgs, parent: pulumi.Resource, dependsOn: pulumi.Input<pulumi.Resource>[] = []): ClonePathResult {
    const opts = { parent, dependsOn };
    const connection = args.connection;
    const chain = new TunnelChain(`${name}-tunnel`, {
        connection,
        name: args.objectName,
        encapsulation: args.encapsulation,
        key: args.encapsulation === "vxlan" ? args.vni : 0,
        localAddress: args.localAddress,
        remoteAddress: args.remoteAddress,
        mtu: args.mtu,
        selfAddress: args.selfAddress,
        collectorAddress: args.collectorAddress,
        collectorMac: args.collectorMac,
    }, opts);
    // The member is only L2-reachable once the chain exists, and no monitor: a failing one would silently stop cloning.
    const pool = new Pool(`${name}-pool`, {
        connection,
        name: `${args.objectName}-pool`,
        members: [`${args.collectorAddress}:0`],
        description: `clone target ${args.collectorAddress} via ${args.objectName}`,
    }, { parent, dependsOn: [chain] });
    const attachments = (args.targets ?? []).map((t, i) => new ClonePoolAttachment(`${name}-clone-${i}`, {
        connection,
        virtualServer: t.virtualServer,
        pool: pool.fullPath,
        context: t.context,
        takeOver: t.takeOver,
    }, { parent }));
    // Every input that shapes the device objects: any change to them means a new save after the updates.
    const triggers: pulumi.Input<unknown>[] = [
        args.objectName, args.encapsulation, args.vni ?? 0, args.mtu, args.localAddress, args.remoteAddress,
        args.selfAddress, args.collectorAddress, args.collectorMac,
        ...(args.targets ?? []).map((t) => pulumi.all([t.virtualServer, t.context, t.takeOver ?? false]).apply((v) => v.join("|"))),
    ];
    const save = new ConfigSave(`${name}-save`, { connection, triggers }, { parent, dependsOn: [chain, pool, ...attachments] });
    return { chain, pool, attachments, save };
}
