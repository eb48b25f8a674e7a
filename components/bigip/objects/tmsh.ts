/**
 * Renders REST bodies as the equivalent tmsh commands, from the same kind descriptions the providers and
 * the emulator use — so an offline plan can show a network engineer exactly what will change on the box.
 */
import { KindSpec, PropSpec, SubcollectionSpec } from "./spec";

/** Quotes a tmsh word when it has spaces, braces or quotes. */
export function tmshWord(v: unknown): string {
    const s = String(v);
    if (s === "") return '""';
    return /[\s{}"';#]/.test(s) ? `"${s.replace(/(["\\])/g, "\\$1")}"` : s;
}

function itemsBlock(items: Record<string, unknown>[], props: Readonly<Record<string, PropSpec>>): string {
    const inner = items.map((it) => {
        // Boolean item flags are bare words in tmsh (`1.1 { tagged }`); false ones are left out.
        const attrs = Object.entries(it).filter(([k, v]) => k !== "name" && k !== "partition" && !(props[k]?.type === "boolean" && v !== true))
            .map(([k, v]) => (props[k]?.type === "boolean" ? props[k].tmsh : `${props[k]?.tmsh ?? k} ${tmshWord(v)}`));
        const name = it.partition && !String(it.name).startsWith("/") ? `/${it.partition}/${it.name}` : it.name;
        return `${tmshWord(name)} {${attrs.length ? ` ${attrs.join(" ")} ` : " "}}`;
    });
    return `{ ${inner.join(" ")} }`;
}

/** One `attr value` pair; `modify` uses replace-all-with for lists, as tmsh needs to replace a whole list. */
function attribute(spec: KindSpec, key: string, value: unknown, verb: "create" | "modify"): string {
    const sub: SubcollectionSpec | undefined = spec.subcollections?.[key];
    const prop: PropSpec | undefined = spec.props[key];
    const name = sub?.tmsh ?? prop?.tmsh ?? key;
    if (key === "allowService") {
        if (value === "all") return "allow-service all";
        const list = value as string[];
        if (list.length === 0) return "allow-service none";
        if (list.length === 1 && list[0] === "default") return "allow-service default";
        return `allow-service ${verb === "modify" ? "replace-all-with " : ""}{ ${list.join(" ")} }`;
    }
    if (Array.isArray(value)) {
        const objects = value.length > 0 && typeof value[0] === "object";
        const block = objects ? itemsBlock(value as Record<string, unknown>[], sub?.props ?? {}) : `{ ${value.map(tmshWord).join(" ")} }`;
        if (value.length === 0) return `${name} none`;
        return `${name} ${verb === "modify" ? "replace-all-with " : ""}${block}`;
    }
    if (value && typeof value === "object") {
        return `${name} { ${Object.entries(value).map(([k, v]) => `${k} ${tmshWord(v)}`).join(" ")} }`;
    }
    if (value === "" && prop?.refPath) return `${name} none`;
    return `${name} ${tmshWord(value)}`;
}

/** `create <module> <path> { attrs }`; name/partition come from the full path. */
export function tmshCreate(spec: KindSpec, fullPath: string, body: Record<string, unknown>): string {
    const attrs = Object.entries(body).filter(([k, v]) => k !== "name" && k !== "partition" && v !== undefined)
        .map(([k, v]) => attribute(spec, k, v, "create"));
    return `create ${spec.tmsh} ${fullPath} { ${attrs.join(" ")} }`.replace("{  }", "{ }");
}

export function tmshModify(spec: KindSpec, fullPath: string, body: Record<string, unknown>): string {
    const attrs = Object.entries(body).filter(([, v]) => v !== undefined).map(([k, v]) => attribute(spec, k, v, "modify"));
    return `modify ${spec.tmsh} ${fullPath} { ${attrs.join(" ")} }`;
}

export function tmshDelete(spec: KindSpec, fullPath: string): string {
    return `delete ${spec.tmsh} ${fullPath}`;
}

/** One FDB record added to / removed from a tunnel's forwarding database. */
export function tmshFdbRecord(tunnelFullPath: string, mac: string, endpoint: string | undefined): string {
    return endpoint === undefined
        ? `modify net fdb tunnel ${tunnelFullPath} records delete { ${mac} }`
        : `modify net fdb tunnel ${tunnelFullPath} records add { ${mac} { endpoint ${endpoint} } }`;
}

export const TMSH_SAVE = "save sys config";
