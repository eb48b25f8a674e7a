/**
 * TunnelChain: the L2 path to one collector — tunnel profile, tunnel, self IP, static ARP and FDB record —
 * created, changed and deleted in single iControl transactions, so a failure part-way leaves the device as
 * it was. Built from the same per-kind mappings as the stand-alone resources.
 */
import * as pulumi from "@pulumi/pulumi";
import * as dynamic from "@pulumi/pulumi/dynamic";
import { withSession } from "../rest";
import { Session } from "../rest/types";
import { staticArpMapping } from "./arp";
import { BigIpResource, CommonArgs } from "./common";
import { DeviceRecord, fdbTunnelSpec, findRecord } from "./fdbTunnel";
import { canon, canonOr, rawSegment, sameAs } from "./canon";
import { adoptionChanges, checkInputs, getExpanded, createFailure, diffInputs, fullPathOf, ObjectInputs, ObjectMapping, sameValue, saveConfig } from "./provider";
import { selfIpMapping } from "./selfIp";
import { collectionPath, objectPath } from "./spec";
import { tunnelMapping } from "./tunnel";
import { tunnelProfileMapping } from "./tunnelProfile";
import { is } from "./validation";

export interface TunnelChainInputs extends ObjectInputs {
    encapsulation: "gre" | "vxlan";
    /** GRE key or VXLAN VNI. */
    key: number;
    localAddress: string;
    remoteAddress: string;
    mtu: number;
    /** BIG-IP overlay address with prefix, e.g. 10.254.0.1/29. */
    selfAddress: string;
    /** Collector overlay IP (the clone pool member). */
    collectorAddress: string;
    /** Collector tunnel interface MAC. */
    collectorMac: string;
    /** Add an FDB record collectorMac → remoteAddress (needed for multipoint/VXLAN flooding setups; harmless otherwise). */
    fdbRecord: boolean;
}

interface Member { m: ObjectMapping<any>; i: any }

/** The chain's objects in creation order, as the per-kind mappings see them. Names derive from the chain's name. */
export function chainMembers(c: TunnelChainInputs): Member[] {
    const base = { connection: c.connection, partition: c.partition ?? "Common", adopt: c.adopt };
    const p = `/${base.partition}/`;
    const members: Member[] = [
        { m: tunnelProfileMapping, i: { ...base, name: `${c.name}-profile`, encapsulation: c.encapsulation } },
        { m: tunnelMapping, i: { ...base, name: c.name, profile: `${p}${c.name}-profile`, localAddress: c.localAddress, remoteAddress: c.remoteAddress, key: c.key, mtu: c.mtu } },
        { m: selfIpMapping, i: { ...base, name: `${c.name}-self`, address: c.selfAddress, vlan: `${p}${c.name}` } },
        { m: staticArpMapping, i: { ...base, name: `${c.name}-arp`, ipAddress: c.collectorAddress, macAddress: c.collectorMac } },
    ];
    return members.map(({ m, i }) => ({ m, i: m.normalize(i) }));
}

const recordsPath = (c: TunnelChainInputs) => `${objectPath(fdbTunnelSpec, fullPathOf(c))}/records`;

type Observed = { members: (Record<string, unknown> | undefined)[]; record?: DeviceRecord };

async function observe(s: Session, c: TunnelChainInputs): Promise<Observed> {
    const members: Observed["members"] = [];
    for (const { m, i } of chainMembers(c)) {
        const obj = await getExpanded(s, m.spec(i), fullPathOf(i), m.readQuery);
        members.push(obj === undefined ? undefined : m.fromDevice(obj, i));
    }
    const record = c.fdbRecord ? await findRecord(s, fullPathOf(c), c.collectorMac) : undefined;
    return { members, record };
}

function converged(c: TunnelChainInputs, o: Observed): boolean {
    return chainMembers(c).every(({ m, i }, k) => o.members[k] !== undefined && m.fields.every((f: string) => sameValue(o.members[k]![f], i[f])))
        && (!c.fdbRecord || (o.record !== undefined && sameAs(canon.ip, o.record.endpoint, c.remoteAddress)));
}

/**
 * Brings the device to the chain's desired state in one transaction: POST what is missing, PATCH what
 * differs. On create, objects that already exist are refused unless `adopt`.
 */
async function converge(s: Session, c: TunnelChainInputs, creating: boolean, was?: TunnelChainInputs): Promise<void> {
    const before = await observe(s, c);
    // fdbRecord switched off: the record we added goes too (if it still points where we pointed it), or it goes stale.
    const old = was?.fdbRecord && !c.fdbRecord ? await findRecord(s, fullPathOf(c), c.collectorMac) : undefined;
    const drop = !!old && sameAs(canon.ip, old.endpoint, was!.remoteAddress);
    const record = `${recordsPath(c)}/${rawSegment(old?.name ?? c.collectorMac)}`;
    const members = chainMembers(c);
    // On create, anything already there is someone else's — even if identical — unless we were asked to adopt it.
    if (creating && !c.adopt) {
        const clash = members.find((_x, k) => before.members[k] !== undefined);
        if (clash) {
            throw new Error(`${clash.m.spec(clash.i).label} ${fullPathOf(clash.i)} already exists on the device and is not managed by this stack. `
                + "Choose another name, or set adopt: true to take the existing objects over. Nothing was changed.");
        }
    }
    if (converged(c, before) && !drop) return;
    await s.transaction(`${creating ? "creating" : "updating"} tunnel chain ${fullPathOf(c)}`, async (tx) => {
        for (const [k, { m, i }] of members.entries()) {
            const spec = m.spec(i);
            const have = before.members[k];
            if (have === undefined) {
                await tx.post(collectionPath(spec), { name: i.name, partition: i.partition, ...m.toBody(i) }, { action: `creating ${spec.label} ${fullPathOf(i)}` });
            } else {
                const changed = adoptionChanges(m, i, have);
                if (changed.length) await tx.patch(objectPath(spec, fullPathOf(i)), m.toBody(i, changed), { action: `updating ${spec.label} ${fullPathOf(i)}` });
            }
        }
        if (c.fdbRecord && !(before.record && sameAs(canon.ip, before.record.endpoint, c.remoteAddress))) {
            if (before.record) await tx.delete(`${recordsPath(c)}/${rawSegment(before.record.name)}`);
            await tx.post(recordsPath(c), { name: c.collectorMac, endpoint: c.remoteAddress }, { action: `adding FDB record ${c.collectorMac}` });
        }
        if (drop) await tx.delete(record, { action: `removing FDB record ${c.collectorMac}` });
    }, { verify: async () => converged(c, await observe(s, c)) && !(drop && (await findRecord(s, fullPathOf(c), c.collectorMac))) });
}

/** Deletes whatever of the chain still exists, in reverse order, in one transaction. */
async function remove(s: Session, chain: TunnelChainInputs): Promise<void> {
    const seen = await observe(s, chain);
    const present = chainMembers(chain).filter((_x, k) => seen.members[k] !== undefined).reverse();
    if (present.length) {
        await s.transaction(`deleting tunnel chain ${fullPathOf(chain)}`, async (tx) => {
            if (seen.record) await tx.delete(`${recordsPath(chain)}/${rawSegment(seen.record.name)}`);
            for (const { m, i } of present) await tx.delete(objectPath(m.spec(i), fullPathOf(i)), { action: `deleting ${m.spec(i).label} ${fullPathOf(i)}` });
        }, { verify: async () => (await observe(s, chain)).members.every((x) => x === undefined) });
    }
    // Saved even when nothing was left: an earlier attempt whose answer was lost may have deleted it all, unsaved.
    await saveConfig(s);
}

const FIELDS = ["encapsulation", "key", "localAddress", "remoteAddress", "mtu", "selfAddress", "collectorAddress", "collectorMac", "fdbRecord"];

export const tunnelChainProvider: dynamic.ResourceProvider<TunnelChainInputs> = {
    async check(_olds, news) {
        const result = checkInputs(news, (c) => {
            c.rule("encapsulation", (v) => is.oneOf(v, ["gre", "vxlan"]), "must be gre or vxlan");
            c.rule("key", (v) => is.int(v, 0, 16777215), "must be a GRE key / VXLAN VNI", true);
            c.rule("localAddress", is.ip, "must be the BIG-IP's underlay self IP");
            c.rule("remoteAddress", is.ip, "must be the collector's underlay IP");
            c.rule("mtu", (v) => is.int(v, 0, 9001), "must be the tunnel MTU (0 = automatic)", true);
            c.rule("selfAddress", is.ipWithPrefix, "must be the BIG-IP overlay address with prefix, e.g. 10.254.0.1/29");
            c.rule("collectorAddress", is.ip, "must be the collector's overlay IP");
            c.rule("collectorMac", is.mac, "must be the collector tunnel interface's unicast MAC");
            c.rule("name", (v) => typeof v === "string" && v.length <= 50, "must leave room for the -profile/-self/-arp suffixes (≤ 50 characters)");
        });
        if (result.failures.length) return result;
        return {
            inputs: {
                ...news, key: news.key ?? 0, mtu: news.mtu ?? 0, fdbRecord: news.fdbRecord ?? true,
                // Canonical spellings (canon.ts), so state holds what the mappings read back from any device spelling.
                localAddress: canonOr(canon.ip, news.localAddress), remoteAddress: canonOr(canon.ip, news.remoteAddress),
                selfAddress: canonOr(canon.ipPrefix, news.selfAddress), collectorAddress: canonOr(canon.ip, news.collectorAddress),
                collectorMac: canonOr(canon.mac, news.collectorMac),
            },
            failures: [],
        };
    },
    async diff(_id, olds, news) {
        // Names, addresses fixed on the device (ARP IP, self IP address) and the profile kind replace the chain.
        return diffInputs(FIELDS, ["encapsulation", "selfAddress", "collectorAddress", "collectorMac"], olds, news);
    },
    async create(c) {
        await withSession(c.connection, `creating tunnel chain ${fullPathOf(c)}`, (s) => converge(s, c, true))
            .catch((e) => { throw createFailure(e, fullPathOf(c), { ...c, fullPath: fullPathOf(c) }); });
        return { id: fullPathOf(c), outs: { ...c, fullPath: fullPathOf(c) } };
    },
    async read(id, props) {
        const c = props as TunnelChainInputs;
        const o = await withSession(c.connection, `reading tunnel chain ${fullPathOf(c)}`, (s) => observe(s, c));
        if (o.members.every((x) => x === undefined)) return { id: "" };
        const [, tunnel, self, arp] = o.members as any[];
        const now: TunnelChainInputs = {
            ...c,
            // A missing member shows up as a changed field, so the next `up` converges it back.
            ...(tunnel ? { localAddress: tunnel.localAddress, remoteAddress: tunnel.remoteAddress, key: tunnel.key, mtu: tunnel.mtu } : { localAddress: "(missing)" }),
            ...(self ? { selfAddress: self.address } : {}),
            // The ARP entry's IP too: left out, an IP changed behind our back could never be planned (it replaces the chain)
            // and every `up` would fail adopting the entry ("Cannot adopt Static ARP entry… ipAddress is …").
            ...(arp ? { collectorAddress: arp.ipAddress, collectorMac: arp.macAddress } : {}),
            ...(c.fdbRecord && !(o.record && sameAs(canon.ip, o.record.endpoint, c.remoteAddress)) ? { fdbRecord: false } : {}),
        };
        // Drift none of those fields can show (a missing self IP or ARP entry, a profile, tunnel or self IP setting
        // changed on the device) is flagged the same way, so the next `up` runs update and converges every member back.
        if (tunnel && !converged({ ...now, fdbRecord: false }, o)) now.localAddress = "(drifted)";
        return { id, props: { ...now, fullPath: fullPathOf(c) }, inputs: now };
    },
    async update(_id, olds, news) {
        await withSession(news.connection, `updating tunnel chain ${fullPathOf(news)}`, (s) => converge(s, news, false, olds));
        return { outs: { ...news, fullPath: fullPathOf(news) } };
    },
    async delete(_id, props) {
        await withSession(props.connection, `deleting tunnel chain ${fullPathOf(props)}`, (s) => remove(s, props));
    },
};

export interface TunnelChainArgs extends CommonArgs {
    /** `gre` (GRE-TEB) or `vxlan`. Changing it replaces the chain. */
    readonly encapsulation: pulumi.Input<"gre" | "vxlan">;
    /** GRE key or VXLAN VNI (must match the collector). Defaults to 0. */
    readonly key?: pulumi.Input<number>;
    /** The BIG-IP's underlay self IP (tunnel source). */
    readonly localAddress: pulumi.Input<string>;
    /** The collector's underlay IP. */
    readonly remoteAddress: pulumi.Input<string>;
    /** Tunnel MTU from the path budget; 0 = automatic. */
    readonly mtu?: pulumi.Input<number>;
    /** BIG-IP overlay self IP with prefix, e.g. `10.254.0.1/29`. */
    readonly selfAddress: pulumi.Input<string>;
    /** Collector overlay IP: the clone pool member address. */
    readonly collectorAddress: pulumi.Input<string>;
    /** MAC of the collector's tunnel interface (static ARP and FDB). */
    readonly collectorMac: pulumi.Input<string>;
    /** Add the FDB record collectorMac → remoteAddress. Default true. */
    readonly fdbRecord?: pulumi.Input<boolean>;
}

/** The whole L2 tunnel to one collector, applied atomically. Objects: `<name>-profile`, `<name>`, `<name>-self`, `<name>-arp`. */
export class TunnelChain extends BigIpResource {
    constructor(name: string, args: TunnelChainArgs, opts?: pulumi.CustomResourceOptions) {
        super(tunnelChainProvider, "TunnelChain", name, { ...args }, [], opts);
    }
}
