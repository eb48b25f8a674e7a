/**
 * CRUD of every kind in KINDS under /mgmt/tm/<spec.path>: collections, objects, sub-collections and their
 * items. `syntaxOnly` runs just the REST-layer checks (a write queued in a transaction).
 */
import { encodeFullPath, KindSpec, qualify, splitFullPath } from "../../components/bigip/objects/spec";
import { KINDS } from "../../components/bigip/objects/registry";
import { DEFAULT_VIRTUAL_PROFILE } from "./builtins";
import { alreadyExists, configError, enterValidOption, folderNotFound, inUse, invalidValue, methodNotAllowed, notFound, notRegistered } from "./errors";
import { counterpart, Renderer } from "./render";
import { Item, Obj, Store } from "./store";
import { checkClonePools, checkItem, checkList, ClonePool, memberHost, normalizeDestination, parseClonePools, parseItem, Parent, SUB_LABEL } from "./subs";
import { asBody, checkFormats, checkProps, checkRefs, checkRequired, qualifyRefs, refTargets } from "./validate";
import { sameMac } from "./dialect";
import { assignVlan, checkRoute, checkSelfIpDelete, mergeItemProps, settleNet } from "./net";

export interface Resp { status: number; body?: unknown }

export interface Route { spec: KindSpec; obj?: string; sub?: string; item?: string }

const SPECS = Object.values(KINDS).sort((a, b) => b.path.length - a.path.length);

/** `~Common~name` or a bare name (meaning Common) → full path; `%25` decoded. */
export const segToPath = (seg: string) => {
    const s = decodeURIComponent(seg);
    return s.startsWith("~") ? s.replace(/~/g, "/") : `/Common/${s}`;
};

/** `ltm/pool/~Common~p/members/~Common~10.0.0.1:0` → kind, object, sub-collection, item. */
export function parseRoute(tmPath: string): Route | undefined {
    const path = tmPath.replace(/\/+$/, "");
    const spec = SPECS.find((s) => path === s.path || path.startsWith(`${s.path}/`));
    if (!spec) return undefined;
    const rest = path.slice(spec.path.length + 1);
    const [obj, sub, item, ...more] = rest ? rest.split("/") : [];
    if (more.length || obj === "" || sub === "" || item === "") return undefined;
    try {
        return { spec, obj: obj === undefined ? undefined : segToPath(obj), sub, item: item === undefined ? undefined : decodeURIComponent(item) };
    } catch {
        return undefined; // malformed %-escape: no such URI
    }
}

const nowIso = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
const OK: Resp = { status: 200 };

interface Write { props: Record<string, unknown>; subs: Record<string, Item[]> }

export class Config {
    constructor(private readonly store: Store, private readonly r: Renderer) {}

    handle(method: string, rt: Route, query: URLSearchParams, rawBody: unknown, syntaxOnly: boolean): Resp {
        const { spec } = rt;
        const expand = query.get("expandSubcollections") === "true";
        if (!rt.obj) {
            if (method === "GET") {
                const part = /^partition eq (\S+)$/.exec(query.get("$filter") ?? "")?.[1];
                // Listed by name, not by creation (the 14.1.2.1 net-route capture: Three_Route, generation 1376, before Two_Route).
                const objs = this.store.list(spec.id).filter((o) => !part || o.partition === part).sort((a, b) => (a.fullPath < b.fullPath ? -1 : 1));
                return { status: 200, body: this.r.collection(spec, objs, expand) };
            }
            if (method === "POST") return this.create(spec, asBody(rawBody), syntaxOnly);
            throw methodNotAllowed(method, `/mgmt/tm/${spec.path}`);
        }
        const o = this.store.get(spec.id, rt.obj);
        if (!rt.sub) {
            if (method === "POST") throw methodNotAllowed(method, `/mgmt/tm/${spec.path}/${encodeFullPath(rt.obj)}`);
            if (syntaxOnly && method === "DELETE") return OK;
            if (syntaxOnly && (method === "PATCH" || method === "PUT")) return this.update(spec, o, rt.obj, method, rawBody, true);
            if (!o) throw notFound(spec.label, rt.obj);
            if (method === "GET") return { status: 200, body: this.r.object(o, expand, true) };
            if (method === "DELETE") return this.remove(spec, o);
            if (method === "PATCH" || method === "PUT") return this.update(spec, o, rt.obj, method, rawBody, false);
            throw methodNotAllowed(method, `/mgmt/tm/${spec.path}/${encodeFullPath(rt.obj)}`);
        }
        const isSub = !!spec.subcollections?.[rt.sub];
        if (!isSub && !(spec.extraReferences ?? []).includes(`${rt.sub}Reference`)) throw notRegistered(`/mgmt/tm/${spec.path}/${rt.sub}`);
        if (!o && !syntaxOnly) throw notFound(spec.label, rt.obj);
        if (!isSub || (method === "GET" && !rt.item)) {
            if (method !== "GET") throw methodNotAllowed(method, `/mgmt/tm/${spec.path}/${rt.sub}`);
            return { status: 200, body: this.r.subCollection(o!, rt.sub) };
        }
        return this.itemRequest(method, spec, o, rt.obj, rt.sub, rt.item, rawBody, syntaxOnly);
    }

    // ---- objects ----

    private parseWrite(spec: KindSpec, body: Record<string, unknown>, parent: Parent, seed = false): Write {
        const itemPath = `/${spec.path}/${encodeFullPath(parent.fullPath)}`;
        const subNames = new Set(Object.keys(spec.subcollections ?? {}));
        const props = checkProps(itemPath, spec.props, body, subNames, seed);
        if (props.clonePools !== undefined) props.clonePools = parseClonePools(props.clonePools, itemPath);
        const subs: Record<string, Item[]> = {};
        for (const s of subNames) {
            if (!(s in body)) continue;
            const v = body[s];
            if (v !== null && !Array.isArray(v)) throw invalidValue(s, v);
            subs[s] = (v ?? []).map((x) => parseItem(parent, s, x));
        }
        return { props, subs };
    }

    /** Merges written values into `base` the way the device stores them (flag pairs, "none" = absent, full paths). */
    private settle(spec: KindSpec, base: Record<string, unknown>, w: Record<string, unknown>, partition: string): Record<string, unknown> {
        const out = { ...base };
        for (const [k, v] of Object.entries(w)) {
            const other = counterpart(spec, k);
            if (other) delete out[other];
            if (other && v === false) out[other] = true;
            else out[k] = v;
        }
        qualifyRefs(spec, out);
        settleNet(spec, out);
        if (typeof out.destination === "string" && w.destination !== undefined) out.destination = normalizeDestination(out.destination, partition);
        for (const [k, v] of Object.entries(out)) {
            if (v === undefined || v === null || (v === "none" && k === "allowService") || (Array.isArray(v) && v.length === 0)) delete out[k];
        }
        if (spec.props.defaultsFrom && out.defaultsFrom === undefined) {
            // The device parents a profile on its kind's root built-in (guessed).
            const root = this.store.list(spec.id).find((x) => x.builtin && x.props.defaultsFrom === undefined);
            if (root) out.defaultsFrom = root.fullPath;
        }
        return out;
    }

    /** mcpd checks of the written values (unwritten ones were checked when they were written). */
    private checkWritten(spec: KindSpec, o: Obj, written: Record<string, unknown>): void {
        const subset = Object.fromEntries(Object.keys(written).filter((k) => o.props[k] !== undefined).map((k) => [k, o.props[k]]));
        checkFormats(spec.id, subset);
        checkRefs(this.store, spec, o.fullPath, subset);
        checkRoute(this.store, spec, o, written);
        if (written.clonePools !== undefined) checkClonePools(this.store, spec.label, o.fullPath, o.partition, (o.props.clonePools ?? []) as ClonePool[]);
    }

    private checkSubs(o: Obj, subs: Record<string, Item[]>): void {
        const parent: Parent = { spec: KINDS[o.kind], fullPath: o.fullPath, partition: o.partition };
        for (const [s, items] of Object.entries(subs)) {
            items.forEach((i) => checkItem(this.store, parent, s, i));
            checkList(parent, s, items);
        }
    }

    /** Stores `o` at a new generation, with `subs` replacing its sub-collection lists. */
    private commit(o: Obj, subs: Record<string, Item[]>): Obj {
        const gen = (o.generation = this.store.bump());
        for (const [s, items] of Object.entries(subs)) o.subs[s] = items.map((i) => ({ ...i, generation: gen }));
        this.store.put(o);
        return o;
    }

    create(spec: KindSpec, body: Record<string, unknown>, syntaxOnly: boolean, seed = false): Resp {
        if (typeof body.name !== "string" || !/^\/?[A-Za-z0-9_.:%\-/]+$/.test(body.name)) throw invalidValue("name", body.name ?? null);
        const bodyPart = typeof body.partition === "string" ? body.partition.replace(/^\//, "") : undefined;
        const { partition, name } = splitFullPath(qualify(body.name, bodyPart ?? "Common"));
        if ((bodyPart !== undefined && bodyPart !== partition) || name.includes("/")) throw invalidValue("name", body.name);
        const fullPath = `/${partition}/${name}`;
        const w = this.parseWrite(spec, body, { spec, fullPath, partition }, seed);
        if (syntaxOnly) return OK;
        if (!this.store.folders.has(partition)) throw folderNotFound(partition);
        if (spec.id === "fdbTunnel" && !seed) throw enterValidOption();
        if (this.store.get(spec.id, fullPath)) throw alreadyExists(spec.label, fullPath, partition);
        const o: Obj = { kind: spec.id, name, partition, fullPath, generation: 0, builtin: false, props: this.settle(spec, {}, w.props, partition), subs: {} };
        for (const s of Object.keys(spec.subcollections ?? {})) o.subs[s] = [];
        if (spec.id === "virtual") w.subs.profiles ??= [parseItem({ spec, fullPath, partition }, "profiles", DEFAULT_VIRTUAL_PROFILE)];
        if (!seed) {
            checkRequired(spec, fullPath, o.props);
            this.checkWritten(spec, o, o.props);
            this.checkSubs(o, w.subs);
        } else {
            w.subs.members?.forEach((i) => (i.props.address ??= memberHost(i.name)));
        }
        // Device-assigned values.
        if (spec.id === "tunnel") o.props.ifIndex ??= (this.store.nextIfIndex += 16) - 16;
        assignVlan(this.store, spec, o);
        if (spec.id === "virtual") {
            o.props.vsIndex ??= this.store.nextVsIndex++;
            o.props.creationTime ??= nowIso();
            o.props.lastModifiedTime ??= o.props.creationTime;
        }
        this.commit(o, w.subs);
        if (spec.id === "tunnel") {
            this.store.put({ kind: "fdbTunnel", name, partition, fullPath, generation: o.generation, builtin: false, props: {}, subs: { records: [] } });
        }
        return { status: 200, body: this.r.object(o) };
    }

    /** Emulator.seed: foreign configuration, stored without reference checks; a tunnel's FDB object gets its records. */
    seed(spec: KindSpec, body: Record<string, unknown>): void {
        const fdb = spec.id === "fdbTunnel" && typeof body.name === "string" ? this.store.get("fdbTunnel", qualify(body.name)) : undefined;
        if (!fdb) {
            this.create(spec, structuredClone(body), false, true);
            return;
        }
        const w = this.parseWrite(spec, body, { spec, fullPath: fdb.fullPath, partition: fdb.partition }, true);
        this.commit(fdb, w.subs);
    }

    private update(spec: KindSpec, o: Obj | undefined, fullPath: string, method: string, rawBody: unknown, syntaxOnly: boolean): Resp {
        const body = asBody(rawBody);
        const { partition, name } = splitFullPath(fullPath);
        for (const [k, v] of Object.entries({ name, partition, fullPath })) {
            const given = k === "partition" && typeof body[k] === "string" ? (body[k] as string).replace(/^\//, "") : body[k];
            if (given !== undefined && given !== v && !(k === "name" && given === fullPath)) throw invalidValue(k, body[k]);
        }
        const w = this.parseWrite(spec, body, { spec, fullPath, partition });
        if (syntaxOnly) return OK;
        if (!o) throw notFound(spec.label, fullPath);
        if (o.builtin) throw configError(`${spec.label} (${fullPath}) is a system-supplied object and cannot be modified.`);
        for (const k of Object.keys(w.props)) {
            // Strict: the device (CCCL PR #260) rejects an immutable value in an update even when unchanged.
            if (spec.props[k].immutable) throw configError(`${spec.label} (${fullPath}): ${spec.props[k].tmsh} cannot be modified after creation.`);
        }
        const keep = Object.fromEntries(Object.entries(o.props).filter(([k]) => spec.props[k]?.readOnly || spec.props[k]?.immutable));
        const next: Obj = { ...o, props: this.settle(spec, method === "PUT" ? keep : o.props, w.props, partition), subs: { ...o.subs } };
        checkRequired(spec, fullPath, next.props);
        this.checkWritten(spec, next, w.props);
        this.checkSubs(next, w.subs);
        if (spec.id === "virtual") next.props.lastModifiedTime = nowIso();
        assignVlan(this.store, spec, next);
        return { status: 200, body: this.r.object(this.commit(next, w.subs)) };
    }

    private remove(spec: KindSpec, o: Obj): Resp {
        if (spec.id === "fdbTunnel") throw enterValidOption();
        if (o.builtin) throw configError(`${spec.label} (${o.fullPath}) is a system-supplied object and cannot be deleted.`);
        checkSelfIpDelete(this.store, spec, o);
        for (const other of this.store.all()) {
            const os = KINDS[other.kind];
            for (const [k, p] of Object.entries(os.props)) {
                if (!p.ref?.includes(spec.id) || (other.kind === o.kind && other.fullPath === o.fullPath)) continue;
                const v = other.props[k];
                const targets = k === "clonePools" ? ((v ?? []) as ClonePool[]).map((c) => c.name) : refTargets(k, p, v);
                if (targets.includes(o.fullPath)) throw inUse(spec.label, o.fullPath, os.label, other.fullPath);
            }
        }
        this.store.remove(spec.id, o.fullPath);
        if (spec.id === "tunnel") this.store.remove("fdbTunnel", o.fullPath);
        this.store.bump();
        return OK;
    }

    // ---- sub-collection items ----

    private itemRequest(method: string, spec: KindSpec, o: Obj | undefined, fullPath: string, sub: string, seg: string | undefined,
        rawBody: unknown, syntaxOnly: boolean): Resp {
        const parent: Parent = { spec, fullPath, partition: splitFullPath(fullPath).partition };
        const s = spec.subcollections![sub];
        const label = SUB_LABEL[sub] ?? sub;
        // `seg` is already %-decoded (parseRoute): decoding again would break a route domain's `%1`.
        const itemFp = seg === undefined ? undefined : s.rawNames ? seg : seg.startsWith("~") ? seg.replace(/~/g, "/") : `/Common/${seg}`;
        if (method === "POST" && seg === undefined) {
            const i = parseItem(parent, sub, asBody(rawBody));
            if (syntaxOnly) return OK;
            const obj = this.writable(spec, o!);
            checkItem(this.store, parent, sub, i);
            const same = (x: Item) => (sub === "records" ? sameMac(x.name, i.name) : x.fullPath.toLowerCase() === i.fullPath.toLowerCase());
            if (obj.subs[sub].some(same)) {
                throw alreadyExists(label, `${fullPath} ${i.fullPath}`, i.partition ?? parent.partition);
            }
            this.commit(obj, { [sub]: [...obj.subs[sub], i] });
            return { status: 200, body: this.r.item(obj, sub, obj.subs[sub][obj.subs[sub].length - 1]) };
        }
        if (itemFp === undefined || method === "POST") throw methodNotAllowed(method, `/mgmt/tm/${spec.path}/${sub}`);
        if (syntaxOnly && method !== "GET") {
            if (method !== "DELETE") checkProps(`/${spec.path}/${encodeFullPath(fullPath)}/${sub}/${seg}`, s.props, asBody(rawBody));
            return OK;
        }
        // Found by the name the device prints (an FDB record `2:0:5e:10:0:f` is not found as `02:00:5e:10:00:0f`).
        const idx = o!.subs[sub].findIndex((x) => [this.r.itemFullPath(o!, sub, x), ...(s.rawNames ? [] : [x.fullPath])]
            .some((n) => n.toLowerCase() === itemFp.toLowerCase()));
        if (idx < 0) throw notFound(label, `${fullPath} ${itemFp}`);
        const cur = o!.subs[sub][idx];
        if (method === "GET") return { status: 200, body: this.r.item(o!, sub, cur) };
        const obj = this.writable(spec, o!);
        const list = [...obj.subs[sub]];
        if (method === "DELETE") {
            list.splice(idx, 1);
            this.commit(obj, { [sub]: list });
            return OK;
        }
        if (method !== "PATCH" && method !== "PUT") throw methodNotAllowed(method, `/mgmt/tm/${spec.path}/${sub}`);
        const props = checkProps(`/${spec.path}/${encodeFullPath(fullPath)}/${sub}/${seg}`, s.props, asBody(rawBody));
        const next: Item = { ...cur, props: method === "PUT" ? { address: cur.props.address, ...props } : mergeItemProps(sub, cur.props, props) };
        checkItem(this.store, parent, sub, next);
        list[idx] = next;
        this.commit(obj, { [sub]: list });
        return { status: 200, body: this.r.item(obj, sub, obj.subs[sub][idx]) };
    }

    private writable(spec: KindSpec, o: Obj): Obj {
        if (o.builtin) throw configError(`${spec.label} (${o.fullPath}) is a system-supplied object and cannot be modified.`);
        return o;
    }
}
