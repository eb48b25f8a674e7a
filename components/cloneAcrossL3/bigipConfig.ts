/**
 * The BIG-IP half of the recipe, from a validated plan: the data VLAN, self IP and route the tunnels leave
 * by (multi-NIC VE we create), a read-only underlay check before any tunnel, one atomic tunnel chain per
 * collector, the clone pools, their attachments, the demo pool and virtual, and a config save after all. On an existing
 * HA pair (pair.ts) the checks and chains are made on each unit, the pools and attachments on the first one only.
 */
import * as pulumi from "@pulumi/pulumi";
import { BigIpConnectionArgs } from "../bigip/objects/connection";
import { ClonePoolAttachment } from "../bigip/objects/clonePoolAttachment";
import { ConfigSave } from "../bigip/objects/configSave";
import { Pool } from "../bigip/objects/pool";
import { Route } from "../bigip/objects/route";
import { SelfIp } from "../bigip/objects/selfIp";
import { TunnelChain } from "../bigip/objects/tunnelChain";
import { UnderlayCheck } from "../bigip/objects/underlayCheck";
import { Vlan } from "../bigip/objects/vlan";
import { VirtualServer } from "../bigip/objects/virtual";
import { ClonePlan } from "./validate";

/** A data VLAN of a multi-NIC VE we create: on interface `1.<n>`, with the ENI's address as its self IP. */
export interface DataVlan {
    /** `external` on 1.1, `internal` on 1.2 (F5's own templates use these names and interfaces). */
    name: "external" | "internal";
    interfaceName: string;
    /** The ENI's private IP with its subnet's prefix length, e.g. `10.0.2.5/24`. */
    selfAddress: pulumi.Input<string>;
}

export interface BigIpConfigInputs {
    connection: BigIpConnectionArgs;
    /** The self IP the tunnels leave from. */
    tunnelSourceIp: pulumi.Input<string>;
    /** VLANs + self IPs to create (multi-NIC VE we create). Empty for an existing BIG-IP or a single-NIC VE. */
    dataVlans: DataVlan[];
    /** Single-NIC VE we create: the VLAN its 1NIC auto-configuration made (`internal` on `1.0`) gets the data MTU. */
    singleNicVlan: boolean;
    /** Routes to create on the BIG-IP: destination CIDRs via `gateway` (the external subnet's first host). */
    routes?: { destinations: pulumi.Input<string>[]; gateway: pulumi.Input<string> };
    /** Each collector's underlay IP, in plan order. */
    collectorIps: pulumi.Input<string>[];
    /** The demo web server and the virtual address (plan.demo only). */
    demo?: { serverIp: pulumi.Input<string>; virtualAddress: pulumi.Input<string> };
    /** Everything the device objects wait for (the instance and its onboarding), so destroy removes them first. */
    dependsOn: pulumi.Input<pulumi.Resource>[];
    /** The other unit of an existing HA pair (pair.ts): its own connection and tunnel source. */
    peer?: { connection: BigIpConnectionArgs; tunnelSourceIp: pulumi.Input<string> };
}

export interface BigIpConfigResult {
    vlans: Vlan[];
    selfIps: SelfIp[];
    routes: Route[];
    checks: UnderlayCheck[];
    chains: TunnelChain[];
    /** The HA peer's underlay checks and tunnel chains (one per collector), when there is a peer. */
    peerChecks: UnderlayCheck[];
    peerChains: TunnelChain[];
    pools: Pool[];
    attachments: ClonePoolAttachment[];
    demoPool?: Pool;
    demoVirtual?: VirtualServer;
    save: ConfigSave;
    /** The HA peer's own save (its per-unit objects), when there is a peer. */
    peerSave?: ConfigSave;
}

/** Builds the BIG-IP objects under `parent`, in dependency order. */
export function createBigIpConfig(name: string, plan: ClonePlan, x: BigIpConfigInputs, parent: pulumi.Resource): BigIpConfigResult {
    const connection = x.connection;
    const after = (deps: pulumi.Input<pulumi.Resource>[]) => ({ parent, dependsOn: deps });

    const vlans: Vlan[] = [];
    const selfIps: SelfIp[] = [];
    for (const v of x.dataVlans) {
        const vlan = new Vlan(`${name}-vlan-${v.name}`, {
            connection, name: v.name, interfaces: [{ name: v.interfaceName }], mtu: plan.dataVlanMtu,
            description: `clone-l3 ${name}: data VLAN on ENI ${v.interfaceName}`,
        }, after(x.dependsOn));
        vlans.push(vlan);
        // Port lockdown none: nothing needs to reach the BIG-IP itself on its data address (clones only leave it).
        selfIps.push(new SelfIp(`${name}-self-${v.name}`, {
            connection, name: `${name}-${v.name}-self`, address: v.selfAddress, vlan: vlan.fullPath, allowService: "none",
            description: `clone-l3 ${name}: ENI address on ${v.name}`,
        }, after([vlan])));
    }
    if (x.singleNicVlan) {
        // Not created here, only its MTU raised; it stays on the device when the stack goes (as it came with the VE).
        vlans.push(new Vlan(`${name}-vlan-internal`, {
            connection, name: "internal", interfaces: [{ name: "1.0" }], mtu: plan.dataVlanMtu, adopt: true,
        }, { parent, dependsOn: x.dependsOn, retainOnDelete: true }));
    }
    const routes = x.routes === undefined ? [] : x.routes.destinations.map((network, i) => new Route(`${name}-route-${i}`, {
        connection, name: `${name}-to-collectors-${i}`, network, gw: x.routes!.gateway,
        description: `clone-l3 ${name}: tunnel underlay to the collectors`,
    }, after(selfIps)));
    const underlayReady = [...x.dependsOn, ...vlans, ...selfIps, ...routes];

    const requiredMtu = plan.mtu.inner + plan.mtu.overhead;
    const haPair = x.peer !== undefined;
    // Per-unit objects: a read-only check per collector and unit, then one atomic tunnel chain per collector and unit (on an
    // HA pair each unit gets its own, from its own self IP, with its own overlay address: config-sync copies none of them).
    // Every chain waits for every check, so a unit that fails its check (or cannot be reached) leaves the other untouched.
    interface Unit { conn: BigIpConnectionArgs; source: pulumi.Input<string>; suffix: "" | "-peer"; deps: pulumi.Input<pulumi.Resource>[] }
    const units: Unit[] = [{ conn: connection, source: x.tunnelSourceIp, suffix: "", deps: underlayReady },
        ...(x.peer ? [{ conn: x.peer.connection, source: x.peer.tunnelSourceIp, suffix: "-peer" as const, deps: x.dependsOn }] : [])];
    const checksOf = units.map((u) => plan.collectors.map((c, i) => new UnderlayCheck(`${c.resourceName}${u.suffix}-underlay`, {
        connection: u.conn, localAddress: u.source, remoteAddress: x.collectorIps[i], requiredMtu, ...(haPair ? { haPair: true } : {}),
    }, after(u.deps))));
    const allChecks = checksOf.flat();
    const chainsOfUnit = units.map((u) => plan.collectors.map((c, i) => new TunnelChain(`${c.resourceName}${u.suffix}-tunnel`, {
        connection: u.conn,
        name: c.resourceName,
        encapsulation: plan.encapsulation,
        key: plan.encapsulation === "vxlan" ? plan.vni : 0,
        localAddress: u.source,
        remoteAddress: x.collectorIps[i],
        mtu: plan.mtu.inner,
        selfAddress: `${u.suffix ? c.overlay.peerBigipIp : c.overlay.bigipIp}/${c.overlay.prefix}`,
        collectorAddress: c.overlay.collectorIp,
        collectorMac: c.macAddress,
    }, after(x.peer ? allChecks : [checksOf[0][i]]))));
    const [checks, chains] = [checksOf[0], chainsOfUnit[0]];
    const peer = { checks: checksOf[1] ?? [], chains: chainsOfUnit[1] ?? [] };
    /** A collector's chains: on the first unit, and on the peer when there is one. */
    const chainsOf = (c: ClonePlan["collectors"][number]): TunnelChain[] => {
        const i = plan.collectors.indexOf(c);
        return peer.chains[i] ? [chains[i], peer.chains[i]] : [chains[i]];
    };

    // Members are only L2-reachable once their chains exist, and no monitor: a failing one would silently stop cloning.
    const pools = plan.pools.map((p) => new Pool(p.objectName, {
        connection,
        name: p.objectName,
        members: p.members.map((c) => `${c.overlay.collectorIp}:0`),
        description: `clone-l3 clone pool: ${p.members.map((c) => c.name).join(", ")}`,
    }, after(p.members.flatMap(chainsOf))));
    const poolOf = (key: string) => pools[plan.pools.findIndex((p) => p.key === key)];

    // Explicit dependencies (the pool input already implies them): destroy detaches before the pool goes.
    const attachments = plan.targets.map((t) => new ClonePoolAttachment(t.resourceName, {
        connection, virtualServer: t.virtualServer, pool: poolOf(t.pool.key).fullPath, context: t.context, takeOver: t.takeOver,
        ...(t.allowListPatch ? { allowListPatch: true } : {}),
    }, after([poolOf(t.pool.key)])));

    let demoPool: Pool | undefined;
    let demoVirtual: VirtualServer | undefined;
    if (plan.demo && x.demo) {
        const d = plan.demo;
        demoPool = new Pool(`${name}-demo-pool`, {
            connection, name: `${name}-demo-pool`, members: [pulumi.interpolate`${x.demo.serverIp}:${d.port}`], monitor: "http",
            description: "clone-l3 demo web server",
        }, after(underlayReady));
        demoVirtual = new VirtualServer(`${name}-demo-vs`, {
            connection, name: `${name}-demo-vs`, destination: pulumi.interpolate`${x.demo.virtualAddress}:${d.port}`,
            pool: demoPool.fullPath, profiles: ["tcp", "http"], snat: "automap", description: "clone-l3 demo: cloned clientside and serverside",
        }, after(underlayReady));
        for (const c of d.clones) {
            attachments.push(new ClonePoolAttachment(`${name}-demo-clone-${c.context}`, {
                connection, virtualServer: demoVirtual.fullPath, pool: poolOf(c.pool.key).fullPath, context: c.context,
            }, after([demoVirtual, poolOf(c.pool.key)])));
        }
    }

    // Every input that shapes the device objects: any change to them means a new save after the updates.
    const triggers: pulumi.Input<unknown>[] = [
        plan.encapsulation, plan.vni ?? 0, plan.mtu.inner, plan.dataVlanMtu, x.tunnelSourceIp, ...x.collectorIps,
        ...plan.collectors.flatMap((c) => [c.resourceName, c.overlay.cidr, c.macAddress]),
        ...plan.pools.map((p) => `${p.objectName}=${p.members.map((c) => c.name).join(",")}`),
        ...plan.targets.map((t) => pulumi.all([t.virtualServer, t.context, t.takeOver, t.pool.key]).apply((v) => v.join("|"))),
        ...x.dataVlans.map((v) => v.selfAddress),
        ...(x.demo ? [x.demo.serverIp, x.demo.virtualAddress] : []),
    ];
    const save = new ConfigSave(`${name}-save`, { connection, triggers },
        after([...vlans, ...selfIps, ...routes, ...chains, ...pools, ...attachments, ...(demoVirtual ? [demoVirtual] : [])]));
    // The peer saves its own per-unit objects (a save is per device), after the synced ones were written to the first unit,
    // so that with autoSync they are usually there by then; a device group's saveOnAutoSync covers the rest (README).
    const peerSave = x.peer ? new ConfigSave(`${name}-peer-save`, {
        connection: x.peer.connection, triggers: [...triggers, x.peer.tunnelSourceIp],
    }, after([...peer.chains, ...pools, ...attachments, ...(demoVirtual ? [demoVirtual] : [])])) : undefined;
    return {
        vlans, selfIps, routes, checks, chains, peerChecks: peer.checks, peerChains: peer.chains, pools, attachments, demoPool, demoVirtual, save,
        ...(peerSave ? { peerSave } : {}),
    };
}
