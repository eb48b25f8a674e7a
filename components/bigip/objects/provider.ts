/**
 * The shared CRUD core of every single-object BIG-IP resource. A kind file supplies a mapping (which
 * inputs it manages, how they look on the wire and on the device); this file turns it into a Pulumi
 * dynamic provider with local diffs, adoption, drift detection and safe deletes.
 */
import * as dynamic from "@pulumi/pulumi/dynamic";
import { withDeviceSession } from "../rest";
import { BigIpConnection, BigIpError, isBigIpError, Session } from "../rest/types";
import { deviceKey, mayMoveDevice } from "./connection";
import { answerUrl, DeviceObject, parserFor } from "./answer";
import { KindSpec, collectionPath, objectPath, qualify } from "./spec";
import { FINGERPRINT256_FORM, isObjectName, isPartitionName, isPort } from "../../common/values";
import { checker, is } from "./validation";

/** Inputs every BIG-IP object resource has. */
export interface ObjectInputs {
    connection: BigIpConnection;
    /** Object name; partition-qualified on the device as `/<partition>/<name>`. */
    name: string;
    /** Defaults to `Common`. */
    partition?: string;
    /** Take over an object that already exists instead of failing (dynamic providers cannot `pulumi import`). */
    adopt?: boolean;
    /** Changed: the next `up` runs update, which re-applies every managed field (convergeObject). */
    providerVersion?: string;
}

export interface ObjectMapping<I extends ObjectInputs> {
    spec(i: I): KindSpec;
    /** Input fields the device holds for us. */
    readonly fields: readonly (keyof I & string)[];
    /** Fields that cannot change in place (name, partition and the device always replace). */
    readonly replaceOn: readonly (keyof I & string)[];
    /** REST body for `only` these fields (all managed fields when omitted). */
    toBody(i: I, only?: readonly string[]): Record<string, unknown>;
    /** The managed fields as the device reports them, from an answer already checked against the kind (answer.ts). */
    fromDevice(obj: DeviceObject, i: I): Partial<I>;
    /** Kind-specific input checks (`rule(...)` skips values unknown at preview). */
    validate(c: ReturnType<typeof checker>, i: I): void;
    /** Fills defaults and canonical forms (full paths), so state holds exactly what the device will hold. */
    normalize(i: I): I;
    /** Query for the read GET, e.g. expandSubcollections for pool members. */
    readonly readQuery?: Record<string, string>;
}

export function fullPathOf(i: ObjectInputs): string {
    return qualify(i.name, i.partition ?? "Common");
}

/** Canonical JSON for comparisons: key order and `undefined` members do not count as differences. */
export function canonical(v: unknown): string {
    return JSON.stringify(v, (_k, x) => (x && typeof x === "object" && !Array.isArray(x)
        ? Object.fromEntries(Object.keys(x).sort().filter((k) => x[k] !== undefined).map((k) => [k, x[k]])) : x)) ?? "undefined";
}

export function sameValue(a: unknown, b: unknown): boolean {
    return canonical(a) === canonical(b);
}

/** Checks common to every BIG-IP resource, then the kind's own. */
export function checkInputs<I extends ObjectInputs>(news: I, kindChecks: (c: ReturnType<typeof checker>) => void) {
    const c = checker(news as any);
    c.rule("connection.host", (v) => typeof v === "string" && v.length > 0, "the BIG-IP management host is required");
    c.rule("connection.port", (v) => isPort(v), "must be a TCP port", true);
    c.rule("connection.username", (v) => typeof v === "string" && v.length > 0, "a user name is required");
    c.rule("connection.tls", (v) => !(v?.insecure === true && (v.caPem || v.fingerprint256)), "give either insecure or a CA/fingerprint, not both", true);
    c.rule("connection.tls.fingerprint256", is.fingerprint256, `must be ${FINGERPRINT256_FORM}`, true);
    c.rule("name", isObjectName, "must be a BIG-IP object name (letters, digits, . _ - :)");
    c.rule("partition", isPartitionName, "must be a partition name", true);
    kindChecks(c);
    return { inputs: news, failures: c.failures };
}

/** Local diff (no REST calls): which managed fields changed, which of them force replacement. */
export function diffInputs(fields: readonly string[], replaceOn: readonly string[], olds: any, news: any): dynamic.DiffResult {
    const replaces: string[] = [];
    let changes = false;
    for (const f of ["name", "partition", ...fields]) {
        if (sameValue(olds[f] ?? (f === "partition" ? "Common" : undefined), news[f] ?? (f === "partition" ? "Common" : undefined))) continue;
        changes = true;
        if (f === "name" || f === "partition" || replaceOn.includes(f)) replaces.push(f);
    }
    if (mayMoveDevice(olds.connection, news.connection)) {
        replaces.push("connection");
    }
    // Credentials, TLS trust or timeouts changed: nothing to do on the device, but state must learn them.
    if (!sameValue(olds.connection, news.connection) || !sameValue(olds.adopt, news.adopt) || olds.providerVersion !== news.providerVersion) changes = true;
    // Names are unique on the device, so a replacement must remove the old object first.
    return { changes, replaces, deleteBeforeReplace: replaces.length > 0 };
}

/** Creates the object; on a name clash adopts it when asked, or recognises our own lost-answer create. */
export async function createObject<I extends ObjectInputs>(s: Session, m: ObjectMapping<I>, i: I): Promise<void> {
    const spec = m.spec(i);
    const fp = fullPathOf(i);
    const action = `creating ${spec.label} ${fp}`;
    try {
        await s.post(collectionPath(spec), { name: i.name, partition: i.partition ?? "Common", ...m.toBody(i) }, { action });
    } catch (e) {
        if (!(e instanceof BigIpError) || e.status !== 409) throw e;
        if (i.adopt) {
            await adoptObject(s, m, i);
            return;
        }
        // Our own earlier attempt in this call may have created it before its answer was lost. (A run that gave up
        // after such an attempt is kept in state by createFailure, so an unexplained clash is never taken as ours.)
        if (e.afterAmbiguousAttempt && (await matchesDevice(s, m, i))) return;
        throw new Error(`${spec.label} ${fp} already exists on ${deviceKey(i.connection)} and is not managed by this stack. `
            + `Choose another name, or set adopt: true to take it over (its settings will be changed to ours). Device said: ${e.deviceMessage}`);
    }
}

/**
 * A create that gave up after an attempt the device may have applied is reported to the engine as
 * created-but-failed (the host's ErrorResourceInitFailed: an error with `id` and `properties`), so the
 * resource stays in state and the next `up` converges it — rather than leaving an object no stack owns.
 */
export function createFailure(e: unknown, id: string, outs: object): unknown {
    if (!isBigIpError(e) || !e.afterAmbiguousAttempt) return e;
    return keptInState(e, "the device may have applied it, so the resource is kept in state and the next `pulumi up` converges it", id, outs);
}

/** `e` as created-but-failed (the host's ErrorResourceInitFailed: `id`, `properties`, `reasons`), `why` appended. */
export function keptInState(e: unknown, why: string, id: string, outs: object): Error {
    const reason = e instanceof Error ? e.message : String(e);
    return Object.assign(new Error(`${reason} — ${why}`), { id, properties: outs, reasons: [reason] });
}

/** Brings an existing object to `i` (or creates it when missing): for updates with nothing to PATCH, e.g. after a failed create. */
export async function convergeObject<I extends ObjectInputs>(s: Session, m: ObjectMapping<I>, i: I): Promise<void> {
    const dev = await readObject(s, m, i);
    if (!dev) return createObject(s, m, { ...i, adopt: false });
    const changed = adoptionChanges(m, i, dev);
    if (changed.length) await s.patch(objectPath(m.spec(i), fullPathOf(i)), m.toBody(i, changed), { action: `updating ${m.spec(i).label} ${fullPathOf(i)}` });
}

/** Fields where the device differs from `i`; fixed ones make adoption impossible (the object would have to be replaced). */
export function adoptionChanges<I extends ObjectInputs>(m: ObjectMapping<I>, i: I, dev: Partial<I>): string[] {
    const changed = m.fields.filter((f) => !sameValue(dev[f], i[f]));
    const fixed = changed.filter((f) => m.replaceOn.includes(f));
    if (fixed.length) {
        throw new Error(`Cannot adopt ${m.spec(i).label} ${fullPathOf(i)}: its ${fixed.map((f) => `${f} is ${JSON.stringify(dev[f])}`).join(", ")} `
            + `on the device, and that cannot change in place. Delete it on the device or match the setting. Nothing was changed.`);
    }
    return changed;
}

/** Takes over an existing object: PATCHes only the fields that differ (never fixed ones, which the device refuses). */
async function adoptObject<I extends ObjectInputs>(s: Session, m: ObjectMapping<I>, i: I): Promise<void> {
    const dev = await readObject(s, m, i);
    if (!dev) return createObject(s, m, { ...i, adopt: false });
    const changed = adoptionChanges(m, i, dev);
    if (changed.length) await s.patch(objectPath(m.spec(i), fullPathOf(i)), m.toBody(i, changed), { action: `adopting ${m.spec(i).label} ${fullPathOf(i)}` });
}

async function matchesDevice<I extends ObjectInputs>(s: Session, m: ObjectMapping<I>, i: I): Promise<boolean> {
    const dev = await readObject(s, m, i);
    return !!dev && m.fields.every((f) => sameValue(dev[f], i[f]));
}

/**
 * The object as the device returns it, with every sub-collection's items present: a GET without
 * `expandSubcollections=true`, or a version that ignores it, answers `<sub>Reference: {link, isSubcollection}` without
 * `items` (GENIE `test_get_net_fdbtunnel.py`; the 14.1.2.1 pool capture) — read as `[]` that is false drift, so
 * the sub-collection is fetched on its own. Every answer is checked against the kind's description where it enters
 * (answer.ts): a malformed one fails naming the URL and the field. Undefined when the object is gone.
 */
export async function getExpanded(s: Session, spec: KindSpec, fullPath: string, query?: Record<string, string>): Promise<DeviceObject | undefined> {
    const action = `reading ${spec.label} ${fullPath}`;
    const path = objectPath(spec, fullPath);
    const answer = await s.tryGet(path, { action, query });
    if (answer === undefined) return undefined;
    const obj = parserFor(spec).object(answer, answerUrl(path, query));
    if (query?.expandSubcollections !== "true") return obj;
    for (const sub of Object.keys(spec.subcollections ?? {})) {
        const ref = obj[`${sub}Reference`];
        if (ref === undefined || Array.isArray(ref.items)) continue;
        const list = await s.tryGet(`${path}/${sub}`, { action: `${action} (${sub})` });
        if (list === undefined) return undefined; // deleted between the two GETs
        obj[`${sub}Reference`] = { ...ref, items: parserFor(spec).subcollection(sub, list, answerUrl(`${path}/${sub}`)) };
    }
    return obj;
}

/** The managed fields as on the device, or undefined when the object is gone. */
export async function readObject<I extends ObjectInputs>(s: Session, m: ObjectMapping<I>, i: I): Promise<Partial<I> | undefined> {
    const obj = await getExpanded(s, m.spec(i), fullPathOf(i), m.readQuery);
    return obj === undefined ? undefined : m.fromDevice(obj, i);
}

/** Deletes; already gone counts as done, "in use" is explained. */
export async function deleteObject<I extends ObjectInputs>(s: Session, m: ObjectMapping<I>, i: I): Promise<void> {
    const spec = m.spec(i);
    const fp = fullPathOf(i);
    try {
        await s.delete(objectPath(spec, fp), { action: `deleting ${spec.label} ${fp}` });
    } catch (e) {
        if (e instanceof BigIpError && e.status === 400 && /in use|referenced|cannot be deleted/i.test(e.deviceMessage)) {
            throw new Error(`Cannot delete ${spec.label} ${fp}: another object on the device still refers to it. `
                + `Remove that reference first (or delete both in one \`pulumi destroy\`). Device said: ${e.deviceMessage}`);
        }
        throw e;
    }
}

/** Persists the running configuration (so it survives a reboot). */
export async function saveConfig(s: Session): Promise<void> {
    await s.post("tm/sys/config", { command: "save" }, { action: "saving the configuration (sys config save)" });
}

/** Outputs: the inputs plus the object's full path. Nothing the device generates is stored. */
function outsOf<I extends ObjectInputs>(i: I): I & { fullPath: string } {
    return { ...i, fullPath: fullPathOf(i) };
}

/** Builds the dynamic provider for a single-object kind. */
export function objectProvider<I extends ObjectInputs>(m: ObjectMapping<I>): dynamic.ResourceProvider<I, I & { fullPath: string }> {
    const label = (i: I) => `${m.spec(i).label} ${fullPathOf(i)}`;
    return {
        async check(_olds, news) {
            const result = checkInputs(news, (c) => m.validate(c, news));
            return result.failures.length ? result : { inputs: m.normalize(news), failures: [] };
        },
        async diff(_id, olds, news) {
            return diffInputs(m.fields, m.replaceOn, olds, news);
        },
        async create(i) {
            await withDeviceSession(i.connection, `creating ${label(i)}`, (s) => createObject(s, m, i)).catch((e) => {
                throw createFailure(e, fullPathOf(i), outsOf(i));
            });
            return { id: fullPathOf(i), outs: outsOf(i) };
        },
        async read(id, props) {
            const i = props as I;
            const dev = await withDeviceSession(i.connection, `reading ${label(i)}`, (s) => readObject(s, m, i), "read");
            if (!dev) return { id: "" }; // gone from the device: the engine drops it from state
            const now = outsOf({ ...i, ...dev });
            const { fullPath: _fp, ...inputs } = now;
            return { id, props: now, inputs: inputs as unknown as I & { fullPath: string } };
        },
        async update(_id, olds, news) {
            const changed = m.fields.filter((f) => !sameValue(olds[f], news[f]));
            await withDeviceSession(news.connection, `updating ${label(news)}`, (s) => (changed.length > 0
                ? s.patch(objectPath(m.spec(news), fullPathOf(news)), m.toBody(news, changed), { action: `updating ${label(news)} (${changed.join(", ")})` })
                // Nothing changed in our inputs, yet the engine asks for an update: a create that failed part-way, or new credentials.
                : convergeObject(s, m, news)));
            return { outs: outsOf(news) };
        },
        async delete(_id, props) {
            // Deletes must be saved too, or a reboot would bring the objects back; ConfigSave only covers changes it follows.
            await withDeviceSession(props.connection, `deleting ${label(props)}`, async (s) => {
                await deleteObject(s, m, props);
                await saveConfig(s);
            });
        },
    };
}
