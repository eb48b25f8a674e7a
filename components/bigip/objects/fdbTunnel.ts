import * as pulumi from "@pulumi/pulumi";
import * as dynamic from "@pulumi/pulumi/dynamic";
import { withDeviceSession } from "../rest";
import { BigIpError, Session } from "../rest/types";
import { BigIpResource, CommonArgs, qualifyKnown } from "./common";
import { checkInputs, createFailure, diffInputs, ObjectInputs, saveConfig } from "./provider";
import { answerUrl, DeviceObject, parserFor } from "./answer";
import { KindSpec, objectPath } from "./spec";
import { is, isUnknown } from "./validation";
import { canon, canonOr, rawSegment } from "./canon";

/**
 * `net fdb tunnel`: exists exactly while the same-named tunnel exists (never created or deleted itself).
 * We only ever add or remove single records through its `records` sub-collection.
 */
export const fdbTunnelSpec: KindSpec = {
    id: "fdbTunnel",
    path: "net/fdb/tunnel",
    kind: "tm:net:fdb:tunnel:tunnelstate",
    label: "FDB tunnel",
    tmsh: "net fdb tunnel",
    sync: { placement: "perUnit", evidence: "sourced",
        source: "F5Networks/f5-ci-docs docs/tutorials/bigip-ha.rst: 'config sync does not populate FDB entries'" },
    props: {},
    subcollections: {
        records: {
            kind: "tm:net:fdb:tunnel:records:recordsstate",
            tmsh: "records",
            rawNames: true,
            itemName: "mac",
            props: { endpoint: { tmsh: "endpoint", type: "string", value: "ip" } },
        },
    },
};

export interface FdbRecordInputs extends ObjectInputs {
    /** Full path of the tunnel whose FDB gets the record. */
    tunnel: string;
    /** The record's MAC (the collector tunnel interface's MAC); also its name on the device. */
    name: string;
    /** The collector's underlay IP. */
    endpoint: string;
}

const recordsPath = (i: FdbRecordInputs) => `${objectPath(fdbTunnelSpec, i.tunnel)}/records`;
/** URL of a record by the name the device gave it (raw in the path, `%` escaped). */
const recordPathAs = (i: FdbRecordInputs, deviceName: string) => `${recordsPath(i)}/${rawSegment(deviceName)}`;
const recordId = (i: FdbRecordInputs) => `${i.tunnel}/records/${i.name}`;

export interface DeviceRecord { name: string; endpoint: string }

/**
 * The record for `mac` among a tunnel's records, whatever the device's spelling of its name (`2:0:5e:10:0:f` is
 * `02:00:5e:10:00:0f`), endpoint canonical; undefined when it, or its whole tunnel, is gone. One GET of the
 * records sub-collection: a GET by our own spelling of the name would miss a record the device spells its way.
 */
export async function findRecord(s: Session, tunnelFullPath: string, mac: string): Promise<DeviceRecord | undefined> {
    return pickRecord(await readRecords(s, tunnelFullPath), mac);
}

/** A tunnel's FDB records, checked against the kind's description (answer.ts); undefined when the tunnel is gone. */
export async function readRecords(s: Session, tunnelFullPath: string): Promise<DeviceObject[] | undefined> {
    const path = `${objectPath(fdbTunnelSpec, tunnelFullPath)}/records`;
    const answer = await s.tryGet(path, { action: `reading the FDB records of ${tunnelFullPath}` });
    return answer === undefined ? undefined : parserFor(fdbTunnelSpec).subcollection("records", answer, answerUrl(path));
}

/** The record for `mac` (any device spelling of it) among a tunnel's records (`readRecords`). */
export function pickRecord(records: readonly DeviceObject[] | undefined, mac: string): DeviceRecord | undefined {
    const want = canonOr(canon.mac, mac);
    const hit = (records ?? []).find((r) => canon.mac(r.name) === want);
    return hit && { name: hit.name, endpoint: canonOr(canon.ip, hit.endpoint) };
}

/** Reads our record; undefined when it, or its whole tunnel, is gone. */
async function readRecord(s: Session, i: FdbRecordInputs): Promise<DeviceRecord | undefined> {
    return findRecord(s, i.tunnel, i.name);
}

/** Adds exactly one record with POST …/records: never a PATCH of the record list, which would drop others' records. */
export async function createFdbRecord(s: Session, i: FdbRecordInputs): Promise<void> {
    try {
        await s.post(recordsPath(i), { name: i.name, endpoint: i.endpoint }, { action: `adding FDB record ${recordId(i)}` });
    } catch (e) {
        if (!(e instanceof BigIpError) || e.status !== 409) throw e;
        const existing = await readRecord(s, i);
        // Ours from an earlier attempt of this call whose answer was lost, or a record we were asked to adopt.
        if (existing?.endpoint === i.endpoint && (i.adopt || e.afterAmbiguousAttempt)) return;
        if (i.adopt) {
            await s.delete(recordPathAs(i, existing?.name ?? i.name), { action: `replacing adopted FDB record ${recordId(i)}` });
            await s.post(recordsPath(i), { name: i.name, endpoint: i.endpoint }, { action: `adding FDB record ${recordId(i)}` });
            return;
        }
        throw new Error(`FDB record ${recordId(i)} already exists (endpoint ${existing?.endpoint ?? "?"}) and is not managed by this stack; `
            + `set adopt: true to take it over. Device said: ${e.deviceMessage}`);
    }
}

/** Removes exactly our record; a missing record or tunnel means done. */
export async function deleteFdbRecord(s: Session, i: FdbRecordInputs): Promise<void> {
    const rec = await readRecord(s, i);
    if (rec) await s.delete(recordPathAs(i, rec.name), { action: `removing FDB record ${recordId(i)}` });
}

export const fdbRecordProvider: dynamic.ResourceProvider<FdbRecordInputs> = {
    async check(_olds, news) {
        const result = checkInputs({ ...news, name: "fdb" }, (c) => {
            c.rule("tunnel", (v) => is.name(v), "must name the tunnel");
            c.rule("endpoint", (v) => is.ip(v), "must be the collector's underlay IP");
            c.rule("tunnel", (v) => typeof v !== "string" || !v.includes("%"), "must be a tunnel name", true);
        });
        if (!isUnknown(news.name) && !is.mac(news.name)) {
            result.failures.push({ property: "macAddress", reason: `must be a unicast MAC like 02:00:5e:10:00:01 (got ${JSON.stringify(news.name)})` });
        }
        return result.failures.length ? result : { inputs: { ...news, name: canonOr(canon.mac, news.name), endpoint: canonOr(canon.ip, news.endpoint), tunnel: qualifyKnown(news.tunnel)! }, failures: [] };
    },
    async diff(_id, olds, news) {
        // The MAC is the record's name and the endpoint has no in-place update we rely on: both replace.
        return diffInputs(["tunnel", "endpoint"], ["tunnel", "endpoint"], olds, news);
    },
    async create(i) {
        await withDeviceSession(i.connection, `adding FDB record ${recordId(i)}`, (s) => createFdbRecord(s, i))
            .catch((e) => { throw createFailure(e, recordId(i), { ...i, fullPath: recordId(i) }); });
        return { id: recordId(i), outs: { ...i, fullPath: recordId(i) } };
    },
    async read(id, props) {
        const i = props as FdbRecordInputs;
        const rec = await withDeviceSession(i.connection, `reading FDB record ${recordId(i)}`, (s) => readRecord(s, i), "read");
        if (!rec) return { id: "" };
        const now = { ...i, endpoint: rec.endpoint };
        return { id, props: { ...now, fullPath: recordId(i) }, inputs: now };
    },
    async update(_id, _olds, news) {
        // Only credentials or a failed create bring us here (everything else replaces): make sure the record is there.
        await withDeviceSession(news.connection, `checking FDB record ${recordId(news)}`, async (s) => {
            if (!(await readRecord(s, news))) await createFdbRecord(s, { ...news, adopt: false });
        });
        return { outs: { ...news, fullPath: recordId(news) } };
    },
    async delete(_id, props) {
        await withDeviceSession(props.connection, `removing FDB record ${recordId(props)}`, async (s) => {
            await deleteFdbRecord(s, props);
            await saveConfig(s);
        });
    },
};

export interface FdbRecordArgs extends Omit<CommonArgs, "name" | "partition"> {
    /** The tunnel (name or full path). */
    readonly tunnel: pulumi.Input<string>;
    /** MAC of the collector's tunnel interface; the record's name. */
    readonly macAddress: pulumi.Input<string>;
    /** The collector's underlay IP (the VTEP / GRE endpoint). */
    readonly endpoint: pulumi.Input<string>;
}

/**
 * One record in a tunnel's forwarding database (`net fdb tunnel <t> records add { <mac> { endpoint <ip> } }`).
 * Other records on the same tunnel are never rewritten.
 */
export class FdbRecord extends BigIpResource {
    constructor(name: string, args: FdbRecordArgs, opts?: pulumi.CustomResourceOptions) {
        const { macAddress, ...rest } = args;
        super("FdbRecord", name, { ...rest, name: macAddress }, [], opts);
    }
}
