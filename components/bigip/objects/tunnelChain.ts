/**
 * TunnelChain: the L2 path to one collector — tunnel profile, tunnel, self IP, static ARP and FDB record —
 * created, changed and deleted in single iControl transactions, so a failure part-way leaves the device as
 * it was. The one exception: the FDB record is only ever added to a tunnel that already exists (a POST right
 * after the commit that created the tunnel), as F5's own code does — no source shows mcpd accepting a record
 * for a tunnel created in the same transaction. Built from the same per-kind mappings as the stand-alone resources.
 */
import * as pulumi from "@pulumi/pulumi";
import * as dynamic from "@pulumi/pulumi/dynamic";
import { withDeviceSession } from "../rest";
import { isBigIpError, Session } from "../rest/types";
import { staticArpMapping } from "./arp";
import { BigIpResource, CommonArgs } from "./common";
import { createFdbRecord, DeviceRecord, fdbTunnelSpec, findRecord, pickRecord, readRecords } from "./fdbTunnel";
import { canon, canonOr, rawSegment, sameAs } from "./canon";
import { MAX_TUNNEL_MTU, MAX_VNI } from "../../common/values";
import { DeviceObject } from "./answer";
import { adoptionChanges, checkInputs, getExpanded, createFailure, diffInputs, fullPathOf, keptInState, ObjectInputs, ObjectMapping, sameValue, saveConfig } from "./provider";
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

/** Queues the POST of one chain member (`tx`: a transaction's session). */
function postMember(tx: Session, { m, i }: Member): Promise<unknown> {
    const spec = m.spec(i);
    return tx.post(collectionPath(spec), { name: i.name, partition: i.partition, ...m.toBody(i) }, { action: `creating ${spec.label} ${fullPathOf(i)}` });
}

/** Queues the POST of our FDB record collectorMac → remoteAddress (only to a tunnel that exists before the transaction). */
function postRecord(tx: Session, c: TunnelChainInputs): Promise<unknown> {
    return tx.post(recordsPath(c), { name: c.collectorMac, endpoint: c.remoteAddress }, { action: `adding FDB record ${c.collectorMac}` });
}

/**
 * Adds our FDB record once the transaction that created the tunnel has committed (a 409 after a lost answer is
 * ours). Creating, a failure keeps the chain in state as created-but-failed, so the next `up` adds the record.
 */
async function addRecordAfterCommit(s: Session, c: TunnelChainInputs, creating: boolean): Promise<void> {
    try {
        await createFdbRecord(s, { connection: c.connection, name: c.collectorMac, tunnel: fullPathOf(c), endpoint: c.remoteAddress });
    } catch (e) {
        if (!creating) throw e;
        throw keptInState(e, "the tunnel chain exists without its FDB record, so it is kept in state and the next `pulumi up` adds the record",
            fullPathOf(c), { ...c, fullPath: fullPathOf(c) });
    }
}

/** The chain's members as on the device, our FDB record, and the tunnel's whole records answer (for other MACs). */
type Observed = { members: (Record<string, unknown> | undefined)[]; record?: DeviceRecord; records?: DeviceObject[] };

/** `withRecords`: read the FDB records (ours, or an old one to remove); by default when the chain has one. */
async function observe(s: Session, c: TunnelChainInputs, withRecords = c.fdbRecord): Promise<Observed> {
    const members: Observed["members"] = [];
    for (const { m, i } of chainMembers(c)) {
        const obj = await getExpanded(s, m.spec(i), fullPathOf(i), m.readQuery);
        members.push(obj === undefined ? undefined : m.fromDevice(obj, i));
    }
    const records = withRecords ? await readRecords(s, fullPathOf(c)) : undefined;
    return { members, record: c.fdbRecord ? pickRecord(records, c.collectorMac) : undefined, records };
}

function converged(c: TunnelChainInputs, o: Observed): boolean {
    return chainMembers(c).every(({ m, i }, k) => o.members[k] !== undefined && m.fields.every((f: string) => sameValue(o.members[k]![f], i[f])))
        && (!c.fdbRecord || (o.record !== undefined && sameAs(canon.ip, o.record.endpoint, c.remoteAddress)));
}

/** The clash error of a create: `seen` shows one of the chain's names taken on the device. Undefined when none is. */
function clashError(c: TunnelChainInputs, seen: Observed): Error | undefined {
    const clash = chainMembers(c).find((_x, k) => seen.members[k] !== undefined);
    return clash && new Error(`${clash.m.spec(clash.i).label} ${fullPathOf(clash.i)} already exists on the device and is not managed by this stack. `
        + "Choose another name, or set adopt: true to take the existing objects over. Nothing was changed.");
}

/**
 * Creates the chain with no read first: one transaction of POSTs, which the device applies all or nothing. When
 * the commit is refused, the chain is read to say why: a name already taken (someone else's object, refused even if
 * identical) or the device's own reason. A commit whose answer was lost is settled by `verify` (the chain as wanted);
 * a re-run refused after such a commit is ours when the device holds exactly the chain.
 */
async function createChain(s: Session, c: TunnelChainInputs): Promise<void> {
    if (c.adopt) return converge(s, c, true);
    const members = { ...c, fdbRecord: false };
    try {
        await s.transaction(`creating tunnel chain ${fullPathOf(c)}`, async (tx) => {
            for (const member of chainMembers(c)) await postMember(tx, member);
        }, { verify: async () => converged(members, await observe(s, members)) });
    } catch (e) {
        if (!isBigIpError(e) || e.transient) throw e;
        // The read only explains; when it fails, the device's own refusal is the error.
        const seen = await observe(s, members).catch(() => undefined);
        // An earlier commit of ours may have landed: the chain as wanted is ours; anything else keeps the flag, so
        // the resource stays in state (createFailure) and the next `up` converges it rather than call it foreign.
        if (!e.afterAmbiguousAttempt) throw (seen && clashError(c, seen)) ?? e;
        if (!(seen && converged(members, seen))) throw e;
    }
    if (c.fdbRecord) await addRecordAfterCommit(s, c, true);
}

/**
 * Brings the device to the chain's desired state in one transaction: POST what is missing, PATCH what
 * differs. On create (with `adopt`), objects that already exist are taken over. `was`: the chain as it was applied
 * (update), whose FDB record goes when the MAC changed or the record was switched off.
 */
async function converge(s: Session, c: TunnelChainInputs, creating: boolean, was?: TunnelChainInputs): Promise<void> {
    const before = await observe(s, c, c.fdbRecord || !!was?.fdbRecord);
    // The record we added under the old MAC (MAC changed, or fdbRecord switched off) goes too, if it still points where
    // we pointed it; left behind it would be stale.
    const oldMac = was?.fdbRecord && (!c.fdbRecord || !sameAs(canon.mac, was.collectorMac, c.collectorMac)) ? was.collectorMac : undefined;
    const old = oldMac ? pickRecord(before.records, oldMac) : undefined;
    const drop = !!old && sameAs(canon.ip, old.endpoint, was!.remoteAddress);
    const members = chainMembers(c);
    if (converged(c, before) && !drop) return;
    // A tunnel this transaction creates gets our record only after the commit (and has no old record to drop).
    const recordLater = c.fdbRecord && before.members[1] === undefined;
    const inTx = recordLater ? { ...c, fdbRecord: false } : c;
    await s.transaction(`${creating ? "creating" : "updating"} tunnel chain ${fullPathOf(c)}`, async (tx) => {
        for (const [k, member] of members.entries()) {
            const { m, i } = member;
            const have = before.members[k];
            if (have === undefined) {
                await postMember(tx, member);
            } else {
                const changed = adoptionChanges(m, i, have);
                if (changed.length) await tx.patch(objectPath(m.spec(i), fullPathOf(i)), m.toBody(i, changed), { action: `updating ${m.spec(i).label} ${fullPathOf(i)}` });
            }
        }
        if (drop) await tx.delete(`${recordsPath(c)}/${rawSegment(old!.name)}`, { action: `removing FDB record ${oldMac}` });
        if (inTx.fdbRecord && !(before.record && sameAs(canon.ip, before.record.endpoint, c.remoteAddress))) {
            if (before.record) await tx.delete(`${recordsPath(c)}/${rawSegment(before.record.name)}`);
            await postRecord(tx, c);
        }
    }, { verify: async () => converged(inTx, await observe(s, inTx)) && !(drop && (await findRecord(s, fullPathOf(c), oldMac!))) });
    if (recordLater) await addRecordAfterCommit(s, c, creating);
}

const gone = async (s: Session, chain: TunnelChainInputs) => (await observe(s, chain)).members.every((x) => x === undefined);

/**
 * One transaction deleting the FDB record named `record` (when given), then `members` (given in reverse order): the
 * record goes while its tunnel still exists (*Inference*: no source shows such a transaction either way).
 */
function deleteMembers(s: Session, chain: TunnelChainInputs, members: Member[], record?: string): Promise<void> {
    return s.transaction(`deleting tunnel chain ${fullPathOf(chain)}`, async (tx) => {
        if (record !== undefined) await tx.delete(`${recordsPath(chain)}/${rawSegment(record)}`, { action: `removing FDB record ${record}` });
        for (const { m, i } of members) await tx.delete(objectPath(m.spec(i), fullPathOf(i)), { action: `deleting ${m.spec(i).label} ${fullPathOf(i)}` });
    }, { verify: () => gone(s, chain) });
}

/**
 * Deletes the chain in one transaction, in reverse order, with no read first (the record by the name we gave it).
 * When the device refuses that (a member already gone, or spelled otherwise), it deletes whatever of the chain is
 * still there, as read; then saves.
 */
async function remove(s: Session, chain: TunnelChainInputs): Promise<void> {
    try {
        await deleteMembers(s, chain, chainMembers(chain).reverse(), chain.fdbRecord ? chain.collectorMac : undefined);
    } catch (e) {
        // Only "not found" (a member already gone: deleted by hand, or by an earlier run that lost its answer) is worth
        // a second, read-based attempt; any other refusal is reported as it is.
        if (!isBigIpError(e) || e.transient || !(e.status === 404 || /not found|does not exist/i.test(e.deviceMessage))) throw e;
        const seen = await observe(s, chain);
        const present = chainMembers(chain).filter((_x, k) => seen.members[k] !== undefined).reverse();
        if (present.length) await deleteMembers(s, chain, present, seen.record?.name);
    }
    // Saved even when nothing was left: an earlier attempt whose answer was lost may have deleted it all, unsaved.
    await saveConfig(s);
}

const FIELDS = ["encapsulation", "key", "localAddress", "remoteAddress", "mtu", "selfAddress", "collectorAddress", "collectorMac", "fdbRecord"];

export const tunnelChainProvider: dynamic.ResourceProvider<TunnelChainInputs> = {
    async check(_olds, news) {
        const result = checkInputs(news, (c) => {
            c.rule("encapsulation", (v) => is.oneOf(v, ["gre", "vxlan"]), "must be gre or vxlan");
            c.rule("key", (v) => is.int(v, 0, MAX_VNI), "must be a GRE key / VXLAN VNI", true);
            c.rule("localAddress", is.ip, "must be the BIG-IP's underlay self IP");
            c.rule("remoteAddress", is.ip, "must be the collector's underlay IP");
            c.rule("mtu", (v) => is.int(v, 0, MAX_TUNNEL_MTU), "must be the tunnel MTU (0 = automatic)", true);
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
        // Names, addresses fixed on the device (ARP IP, self IP address) and the profile kind replace the chain; a new
        // collector MAC is changed in place (the ARP entry's MAC is PATCHed, the FDB record swapped, in one transaction).
        return diffInputs(FIELDS, ["encapsulation", "selfAddress", "collectorAddress"], olds, news);
    },
    async create(c) {
        await withDeviceSession(c.connection, `creating tunnel chain ${fullPathOf(c)}`, (s) => createChain(s, c))
            .catch((e) => { throw createFailure(e, fullPathOf(c), { ...c, fullPath: fullPathOf(c) }); });
        return { id: fullPathOf(c), outs: { ...c, fullPath: fullPathOf(c) } };
    },
    async read(id, props) {
        const c = props as TunnelChainInputs;
        const o = await withDeviceSession(c.connection, `reading tunnel chain ${fullPathOf(c)}`, (s) => observe(s, c), "read");
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
        await withDeviceSession(news.connection, `updating tunnel chain ${fullPathOf(news)}`, (s) => converge(s, news, false, olds));
        return { outs: { ...news, fullPath: fullPathOf(news) } };
    },
    async delete(_id, props) {
        await withDeviceSession(props.connection, `deleting tunnel chain ${fullPathOf(props)}`, (s) => remove(s, props));
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
        super("TunnelChain", name, { ...args }, [], opts);
    }
}
