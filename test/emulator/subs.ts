/**
 * Values with structure: sub-collection items (pool members, virtual profiles, FDB records), the virtual's
 * inline `clonePools` array and its `destination`.
 */
import { encodeFullPath, KindSpec, qualify, splitFullPath } from "../../components/bigip/objects/spec";
import { foreign } from "./builtins";
import { alreadyExists, configError, invalidValue, missingRef, notFound, unexpectedPair } from "./errors";
import { Item, Store } from "./store";
import { asBody, checkFormats, checkProps, isAddr, isMac } from "./validate";
import { normalizeInterface } from "./net";

/** How the device names sub-collection items in its messages (guessed). */
export const SUB_LABEL: Record<string, string> = { members: "Pool Member", profiles: "Profile", records: "FDB tunnel record", interfaces: "VLAN interface" };

export interface Parent { spec: KindSpec; fullPath: string; partition: string }

const itemBase = (p: Parent, sub: string) => `/${p.spec.path}/${encodeFullPath(p.fullPath)}/${sub}`;

/** Syntax stage of one item: names it and checks its keys. Members and profiles may be given as bare names. */
export function parseItem(parent: Parent, sub: string, raw: unknown): Item {
    const s = parent.spec.subcollections![sub];
    const body = typeof raw === "string" && !s.rawNames ? { name: raw } : asBody(raw);
    if (typeof body.name !== "string" || body.name === "") throw invalidValue("name", body.name ?? null);
    let name = body.name, partition: string | undefined, fullPath = body.name;
    if (!s.rawNames) {
        const part = typeof body.partition === "string" ? body.partition.replace(/^\//, "") : parent.partition;
        fullPath = qualify(body.name, part);
        ({ partition, name } = splitFullPath(fullPath));
    }
    const path = `${itemBase(parent, sub)}/${s.rawNames ? name : encodeFullPath(fullPath)}`;
    const props = checkProps(path, s.props, body);
    return { name, partition, fullPath, generation: 0, props: sub === "interfaces" ? normalizeInterface(props) : props };
}

/** Semantic stage of one item (mcpd): formats and what the name must refer to. */
export function checkItem(store: Store, parent: Parent, sub: string, i: Item): void {
    checkFormats(`${parent.spec.id}.${sub}`, i.props);
    if (sub === "records" && !isMac(i.name)) throw invalidValue("name", i.name);
    if (sub === "profiles" && !foreign("virtual.profiles", i.fullPath)) {
        throw missingRef(i.fullPath, parent.spec.label, parent.fullPath, "profiles");
    }
    if (sub === "members") {
        const m = /^(.+?)([:.])(\d+)$/.exec(i.name);
        const host = m?.[1] ?? "";
        const bad = !m || Number(m[3]) > 65535 || (isAddr(host) ? memberHost(i.name) === undefined : m[2] !== ":");
        if (bad) throw invalidValue("name", i.name);
        if (!isAddr(host)) {
            if (i.props.address === undefined) throw notFound("Node", `/${i.partition}/${host}`);
        } else if (i.props.address === undefined) {
            i.props.address = host;
        } else if (i.props.address !== host) {
            throw configError(`${SUB_LABEL.members} (${parent.fullPath} ${i.fullPath}) address ${i.props.address} does not match its name.`);
        }
    }
}

/** The address in a member name: `IP:port` for IPv4, `IP.port` for IPv6 (reference §1.7); undefined for node names. */
export function memberHost(name: string): string | undefined {
    const m = /^(.+?)([:.])(\d+)$/.exec(name);
    return m && isAddr(m[1]) && (m[2] === ".") === m[1].includes(":") ? m[1] : undefined;
}

/** A whole list (inline write): no two items with the same name. */
export function checkList(parent: Parent, sub: string, items: Item[]): void {
    const seen = new Set<string>();
    for (const i of items) {
        const k = i.fullPath.toLowerCase();
        if (seen.has(k)) throw alreadyExists(SUB_LABEL[sub] ?? sub, `${parent.fullPath} ${i.fullPath}`, i.partition ?? parent.partition);
        seen.add(k);
    }
}

export interface ClonePool { name: string; context: string }

const CLONE_KEYS = new Set(["name", "partition", "context", "nameReference"]);

/** Syntax stage of `clonePools`: `[{name: "/Common/p" | "p", partition?, context}]` → stored `{name: fullPath, context}`. */
export function parseClonePools(v: unknown, itemPath: string): ClonePool[] {
    if (v === null) return [];
    return (v as unknown[]).map((raw) => {
        const c = asBody(raw);
        for (const [k, x] of Object.entries(c)) if (!CLONE_KEYS.has(k)) throw unexpectedPair(itemPath, k, x);
        if (typeof c.name !== "string" || c.name === "") throw invalidValue("clonePools", v);
        const context = c.context ?? "clientside"; // tmsh's default context (guessed for REST)
        if (context !== "clientside" && context !== "serverside") throw invalidValue("context", context);
        const part = typeof c.partition === "string" ? c.partition.replace(/^\//, "") : "Common";
        return { name: qualify(c.name, part), context };
    });
}

/** mcpd: one clone pool per context (ANS, AS3), pools exist, pools in /Common or the virtual's partition (ANS). */
export function checkClonePools(store: Store, label: string, fullPath: string, partition: string, list: ClonePool[]): void {
    for (const ctx of ["clientside", "serverside"]) {
        const n = list.filter((c) => c.context === ctx).length;
        if (n > 1) throw configError(`${label} (${fullPath}) can have only one ${ctx} clone pool; ${n} were given.`);
    }
    for (const c of list) {
        if (!store.get("pool", c.name)) throw missingRef(c.name, label, fullPath, "clonePools");
        const p = splitFullPath(c.name).partition;
        if (p !== "Common" && p !== partition) throw configError(`${label} (${fullPath}) cannot use clone pool ${c.name} from partition ${p}.`);
    }
}

/** `1.1.1.2:80` → `/Common/1.1.1.2:80` (IPv6: `addr.port`), as the device stores destinations. */
export function normalizeDestination(v: string, partition: string): string {
    const m = /^(?:\/([^/]+)\/)?(.+?)([:.])(\d+)$/.exec(v);
    if (!m || !isAddr(m[2]) || Number(m[4]) > 65535 || (m[3] === ".") !== m[2].includes(":")) throw invalidValue("destination", v);
    return `/${m[1] ?? partition}/${m[2]}${m[3]}${m[4]}`;
}
