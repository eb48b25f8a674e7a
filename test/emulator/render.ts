/**
 * GET shapes, built from the kind descriptions. Key order follows the captures: meta keys, then scalar
 * properties in spec order (alphabetical, but for a route's `tmInterface`, which a capture shows before `mtu`),
 * then array-valued ones (self IP `allowService`, virtual `rules`,
 * `vlans` come last on 14.1.2.1), each `<prop>Reference` right after its property, then the
 * sub-collection and extra references alphabetically (`policiesReference`, `profilesReference`).
 */
import { encodeFullPath, KindSpec, PropSpec, splitFullPath } from "../../components/bigip/objects/spec";
import { KINDS } from "../../components/bigip/objects/registry";
import { Item, Obj, Store } from "./store";
import { monitorNames, refTargets, resolveRef } from "./validate";
import { Dialect, dialectFor, dropDefaultRd, unpadMac } from "./dialect";

type Json = Record<string, unknown>;

const isArrayProp = (p: PropSpec) => p.type === "array" || p.type === "stringOrArray";

/** The other half of a tmsh flag pair (`enabled`/`disabled`, `vlansEnabled`/`vlansDisabled`), if the kind has it. */
export function counterpart(spec: KindSpec, key: string): string | undefined {
    const other = key.endsWith("nabled") ? key.replace(/([eE])nabled$/, (_, e) => (e === "e" ? "d" : "D") + "isabled")
        : key.endsWith("isabled") ? key.replace(/([dD])isabled$/, (_, d) => (d === "d" ? "e" : "E") + "nabled") : undefined;
    return other && spec.props[other]?.type === "boolean" && spec.props[key]?.type === "boolean" ? other : undefined;
}

/** Values printed as addresses, with `%N` where the route domain is not the default one. */
const ADDRESS_AT = new Set([
    "arp.ipAddress", "selfIp.address", "tunnel.localAddress", "tunnel.remoteAddress", "route.gw", "route.network",
    "virtual.destination", "virtual.source", "pool.members.name", "pool.members.address", "fdbTunnel.records.endpoint",
]);

/** Sub-collection items whose `nameReference` links the named object: virtual profiles, VLAN interfaces (16.0.0 capture). */
const ITEM_NAME_AT: Record<string, string> = { profiles: "ltm/profile", interfaces: "net/interface" };

/** `tm:ltm:pool:poolstate` → `tm:ltm:pool:poolcollectionstate`. */
export const collectionKind = (itemKind: string) => itemKind.replace(/state$/, "collectionstate");

export class Renderer {
    constructor(private readonly store: Store, private readonly version: string, readonly dialect: Dialect = dialectFor(version)) {}

    /** A stored value as the device prints it (dialect.ts): MACs unpadded, `%0` dropped. */
    spell(where: string, v: unknown): unknown {
        if (this.dialect.unpaddedMacs && where === "arp.macAddress") return unpadMac(v);
        if (this.dialect.recordNames === "unpadded" && where === "fdbTunnel.records.name") return unpadMac(v);
        if (this.dialect.routeDomainSuffixes && ADDRESS_AT.has(where)) return dropDefaultRd(v);
        return v;
    }

    /** The name the device gives a sub-collection item (an FDB record's MAC, unpadded; a member's `%0` dropped). */
    itemName(o: Obj, sub: string, i: Item): string {
        return String(this.spell(`${o.kind}.${sub}.name`, i.name));
    }

    itemFullPath(o: Obj, sub: string, i: Item): string {
        return String(this.spell(`${o.kind}.${sub}.name`, i.fullPath));
    }

    /**
     * A selfLink. The answer to a `?expandSubcollections=true` GET echoes the query in its own selfLink (16.0.0 capture
     * of `net/vlan`; F5's 11.5.0 API model of one VLAN), not in the items' links.
     */
    link(path: string, expanded = false): string {
        return `https://localhost/mgmt/tm/${path}?${expanded ? "expandSubcollections=true&" : ""}ver=${this.version}`;
    }

    objectPath(o: Obj): string {
        return `${KINDS[o.kind].path}/${encodeFullPath(o.fullPath)}`;
    }

    /** What the device reports for `key`: the set value, else (profiles) the parent's, else the spec default. */
    effective(o: Obj, key: string, seen = new Set<Obj>()): unknown {
        const spec = KINDS[o.kind];
        const p = spec.props[key];
        if (o.props[key] !== undefined) return o.props[key];
        const other = counterpart(spec, key);
        if (other && o.props[other] !== undefined) return undefined;
        if (!p || p.defaultValue === undefined) return undefined;
        const parentPath = o.props.defaultsFrom;
        const parent = typeof parentPath === "string" ? this.store.get(o.kind, parentPath) : undefined;
        if (parent && !seen.has(parent)) return this.effective(parent, key, seen.add(o));
        return structuredClone(p.defaultValue);
    }

    /**
     * A property's static `refPath` (a kind we do not model) decides the link; otherwise it links where the target
     * lives: a self IP's `vlanReference` is `net/vlan/…` on a VLAN (14.1.2.1 capture) and `net/tunnels/tunnel/…` on a
     * tunnel (12.1.2 transcript), as is a route's `tmInterfaceReference`. A missing target links the first kind.
     */
    private refLink(where: string, p: PropSpec, target: string): Json {
        const at = p.refPath ?? resolveRef(this.store, where, p, target) ?? KINDS[p.ref![0]].path;
        return { link: this.link(`${at}/${encodeFullPath(target)}`) };
    }

    /** Writes `key` (and its Reference) into `out`. */
    private putProp(out: Json, o: Obj, key: string, p: PropSpec): void {
        const v = this.effective(o, key);
        if (v === undefined || v === null) return;
        const where = `${o.kind}.${key}`;
        if (key === "clonePools" && Array.isArray(v)) {
            // AS3 issue #17 shape: short name, partition, context, nameReference.
            out[key] = v.map((c: any) => {
                const { name, partition } = splitFullPath(c.name);
                return { name, partition, context: c.context, nameReference: this.refLink(where, p, c.name) };
            });
            return;
        }
        if (key === "monitor" && typeof v === "string") {
            // Real GETs show a single monitor with a trailing space ("/Common/http "); the captured rule has none.
            out[key] = monitorNames(v).length === 1 && !/\s/.test(v) ? `${v} ` : v;
            return; // no monitorReference on real pools (capture)
        }
        out[key] = this.spell(where, v);
        const targets = refTargets(key, p, v);
        if (targets.length === 0) return;
        out[`${key}Reference`] = Array.isArray(v) ? targets.map((t) => this.refLink(where, p, t)) : this.refLink(where, p, targets[0]);
    }

    object(o: Obj, expand = false, top = false): Json {
        const spec = KINDS[o.kind];
        const out: Json = {
            kind: spec.kind, name: o.name, partition: o.partition, fullPath: o.fullPath,
            generation: o.generation, selfLink: this.link(this.objectPath(o), expand && top),
        };
        const props = Object.entries(spec.props);
        for (const [k, p] of props.filter(([, p]) => !isArrayProp(p))) this.putProp(out, o, k, p);
        for (const [k, p] of props.filter(([, p]) => isArrayProp(p))) this.putProp(out, o, k, p);
        const refs = [
            ...Object.keys(spec.subcollections ?? {}).map((s) => `${s}Reference`),
            ...(spec.extraReferences ?? []),
        ].sort();
        for (const r of refs) {
            const sub = r.replace(/Reference$/, "");
            const s = spec.subcollections?.[sub];
            const link = this.link(`${this.objectPath(o)}/${sub}`);
            if (expand && s && this.dialect.expandSubcollections) {
                const items = (o.subs[sub] ?? []).map((i) => this.item(o, sub, i));
                out[r] = this.dialect.expandedShape === "kind"
                    ? { kind: collectionKind(s.kind), selfLink: link, isSubcollection: true, items }
                    : { link, isSubcollection: true, items };
            } else {
                out[r] = { link, isSubcollection: true };
            }
        }
        return out;
    }

    collection(spec: KindSpec, objs: Obj[], expand = false): Json {
        return { kind: collectionKind(spec.kind), selfLink: this.link(spec.path, expand), items: objs.map((o) => this.object(o, expand)) };
    }

    itemPath(o: Obj, sub: string, i: Item): string {
        const raw = KINDS[o.kind].subcollections?.[sub]?.rawNames;
        return `${this.objectPath(o)}/${sub}/${raw ? this.itemName(o, sub, i) : encodeFullPath(this.itemFullPath(o, sub, i))}`;
    }

    item(o: Obj, sub: string, i: Item): Json {
        const s = KINDS[o.kind].subcollections![sub];
        const out: Json = { kind: s.kind, name: this.itemName(o, sub, i) };
        if (i.partition) out.partition = i.partition;
        out.fullPath = this.itemFullPath(o, sub, i);
        out.generation = i.generation;
        out.selfLink = this.link(this.itemPath(o, sub, i));
        for (const [k, p] of Object.entries(s.props)) {
            const v = i.props[k] !== undefined ? i.props[k] : structuredClone(p.defaultValue);
            if (v !== undefined) out[k] = this.spell(`${o.kind}.${sub}.${k}`, v);
        }
        const nameAt = ITEM_NAME_AT[sub];
        if (nameAt) out.nameReference = this.refLink(`${o.kind}.${sub}`, { tmsh: "", type: "string", refPath: nameAt }, i.fullPath);
        return out;
    }

    /** GET of `<object>/<sub>`: a sub-collection, or an (always empty) extra reference such as `policies`. */
    subCollection(o: Obj, sub: string): Json {
        const s = KINDS[o.kind].subcollections?.[sub];
        const kind = s ? collectionKind(s.kind) : `${KINDS[o.kind].kind.replace(/:[^:]+state$/, "")}:${sub}:${sub}collectionstate`;
        return { kind, selfLink: this.link(`${this.objectPath(o)}/${sub}`), items: (o.subs[sub] ?? []).map((i) => this.item(o, sub, i)) };
    }
}
