/**
 * Write validation in two stages, like the device: `syntax` (what the REST layer checks even when a
 * command is only queued in a transaction: known keys, read-only keys, JSON types, enums) and
 * `semantics` (what mcpd checks when the change is applied: formats, required values, references).
 */
import { isIP } from "net";
import { KindId, KindSpec, PropSpec, qualify } from "../../components/bigip/objects/spec";
import { KINDS } from "../../components/bigip/objects/registry";
import { foreign } from "./builtins";
import { configError, invalidValue, missingRef, mcpdError, unexpectedPair } from "./errors";
import { Store } from "./store";

/** Keys every REST object carries; a client may echo them back in a write (they must then agree). */
export const META_KEYS = new Set(["name", "partition", "fullPath", "kind", "generation", "selfLink"]);

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** JSON type and enum of one value. Integers may come as digit strings (OSE sends `"mtu":"0"`; the device accepts it). */
export function checkType(key: string, p: PropSpec, v: unknown): unknown {
    if (v === null) {
        // `allowService: null` (TF/GOB) means none; `records: null` clears (SDK `update(records=None)`).
        if (p.type === "array" || p.type === "stringOrArray") return null;
        throw invalidValue(key, v);
    }
    let out = v;
    switch (p.type) {
        case "string": if (typeof v !== "string") throw invalidValue(key, v); break;
        case "integer":
            if (typeof v === "string" && /^-?\d+$/.test(v)) out = Number(v);
            if (!Number.isSafeInteger(out)) throw invalidValue(key, v);
            break;
        case "boolean": if (typeof v !== "boolean") throw invalidValue(key, v); break;
        case "array": if (!Array.isArray(v)) throw invalidValue(key, v); break;
        case "object": if (!isPlainObject(v)) throw invalidValue(key, v); break;
        case "stringOrArray":
            if (typeof v !== "string" && !(Array.isArray(v) && v.every((x) => typeof x === "string"))) throw invalidValue(key, v);
            break;
    }
    if (p.enum && !p.enum.includes(out as string)) throw invalidValue(key, v);
    return out;
}

/**
 * Keys of a write body against `props`: unknown or read-only ⇒ "unexpected json pair". Meta keys and `extra`
 * keys (sub-collections) are skipped; `allowReadOnly` is for seeds. Returns the type-checked property values.
 */
export function checkProps(itemPath: string, props: Readonly<Record<string, PropSpec>>, body: Record<string, unknown>,
    extra: ReadonlySet<string> = new Set(), allowReadOnly = false): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(body)) {
        if (META_KEYS.has(k) || extra.has(k)) continue;
        const p = Object.prototype.hasOwnProperty.call(props, k) ? props[k] : undefined;
        if (!p || (p.readOnly && !allowReadOnly)) throw unexpectedPair(itemPath, k, v);
        out[k] = checkType(k, p, v);
    }
    return out;
}

export function asBody(v: unknown): Record<string, unknown> {
    if (!isPlainObject(v)) throw mcpdError(400, "Found invalid JSON body in the request.", 1);
    return v;
}

// ---- formats (mcpd) ----

const stripRd = (s: string) => s.replace(/%\d+$/, "");
export const isAddr = (s: string) => isIP(stripRd(s)) !== 0;
export const isMac = (s: string) => /^([0-9a-f]{1,2}:){5}[0-9a-f]{1,2}$/i.test(s);
const isCidr = (s: string) => {
    const m = /^(.+)\/(\d+)$/.exec(s);
    return !!m && isAddr(m[1]) && Number(m[2]) <= (isIP(stripRd(m[1])) === 4 ? 32 : 128);
};
const allOnes = (s: string) => stripRd(s.split("/")[0]) === "255.255.255.255";

const FORMATS: Record<string, (v: any) => boolean> = {
    "selfIp.address": isCidr, // the prefix is required (reference §1.4)
    "selfIp.allowService": (v) => v === null || v === "all" || v === "none" || v === "default" ||
        (Array.isArray(v) && v.every((s) => s === "default" || /^[a-z0-9-]+:\d+$/.test(s))),
    "arp.ipAddress": isAddr,
    "arp.macAddress": isMac,
    "tunnel.localAddress": (v) => v === "any" || v === "any6" || isAddr(v),
    "tunnel.remoteAddress": (v) => v === "any" || v === "any6" || isAddr(v),
    "tunnel.secondaryAddress": (v) => v === "any" || v === "any6" || isAddr(v),
    "tunnel.mtu": (v) => v >= 0 && v <= 65515,
    "tunnel.tos": (v) => v === "preserve" || (/^\d+$/.test(v) && Number(v) <= 255),
    "vxlanProfile.port": (v) => v >= 1 && v <= 65535,
    "virtual.source": isCidr,
    "virtual.mask": (v) => v === "any" || v === "any6" || isAddr(v),
    "pool.members.address": isAddr,
    "fdbTunnel.records.endpoint": isAddr,
    // Ranges from the bigip_vlan docs (tag 1..4094, MTU 576..9198); the refusal text is guessed.
    "vlan.tag": (v) => v >= 1 && v <= 4094,
    "vlan.mtu": (v) => v >= 576 && v <= 9198,
    "route.network": (v) => /^default(-inet6)?(%\d+)?$/.test(v) || isCidr(v),
    "route.gw": isAddr,
};

/** Format of each set value; `where` is `<kind>` or `<kind>.<sub>`. */
export function checkFormats(where: string, props: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(props)) {
        const f = FORMATS[`${where}.${k}`];
        if (v === undefined || !f) continue;
        if (typeof v === "string" && (k === "address" || k === "ipAddress") && allOnes(v)) {
            throw mcpdError(400, `01020060:3: IP Address ${stripRd(v.split("/")[0])} is invalid, must not be all ones.`);
        }
        if (!f(v)) throw invalidValue(k, v);
    }
}

/** Values a device refuses to create an object without (guessed: TF and the SDK mark these required). */
const REQUIRED: Partial<Record<KindId, readonly string[]>> = {
    tunnel: ["profile"], selfIp: ["address", "vlan"], arp: ["ipAddress", "macAddress"], virtual: ["destination"],
    route: ["network"], // f5-sdk: required_creation_parameters partition, name, network
};

export function checkRequired(spec: KindSpec, fullPath: string, props: Record<string, unknown>): void {
    for (const k of REQUIRED[spec.id] ?? []) {
        if (props[k] === undefined) throw configError(`${spec.label} (${fullPath}) requires a value for ${spec.props[k].tmsh}.`);
    }
}

// ---- references ----

/** `/Common/a and /Common/b`, `min 1 of { a b }` → qualified monitor names. */
export function monitorNames(expr: string): string[] {
    return expr.split(/\s+/).filter((t) => t && !["and", "min", "of", "{", "}"].includes(t) && !/^\d+$/.test(t)).map((t) => qualify(t));
}

/** Qualifies bare names in ref-valued props (the device stores full paths). */
export function qualifyRefs(spec: KindSpec, props: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(props)) {
        const p = spec.props[k];
        if (!p || !(p.ref || p.refPath) || v === null || v === undefined) continue;
        if (spec.id === "virtual" && k === "pool" && v === "") {
            // `"pool": ""` removes a virtual's default pool; its GET then has no `pool` key (F5 tools send it:
            // f5-ansible bigip_virtual_server `Difference.pool` + integration test issue-00521.yaml, go-bigip
            // `VirtualServer.Pool` without omitempty for terraform-provider-bigip #413; 12.x GETs of pool-less
            // virtuals in f5-ansible `load_ltm_virtual_1.json`). "none" stays a name (*Inference*, README).
            props[k] = undefined;
        } else if (k === "monitor" && typeof v === "string") {
            props[k] = v.trim() === "" || v.trim() === "none" ? undefined : v.trim().split(/\s+/).map((t) => (/^[A-Za-z_]/.test(t) && !["and", "min", "of"].includes(t) ? qualify(t) : t)).join(" ");
        } else if (typeof v === "string") props[k] = qualify(v);
        else if (Array.isArray(v) && v.every((x) => typeof x === "string")) props[k] = v.map((x) => qualify(x as string));
    }
}

/** Where a reference from `<where>.<prop>` to `target` points (collection path below /mgmt/tm/), if it exists. */
export function resolveRef(store: Store, where: string, p: PropSpec, target: string): string | undefined {
    for (const k of p.ref ?? []) if (store.get(k, target)) return KINDS[k].path;
    return foreign(`${where}`, target)?.at;
}

/** Full paths a property value references (clonePools items are checked in subs.ts). */
export function refTargets(key: string, p: PropSpec, v: unknown): string[] {
    if (!(p.ref || p.refPath) || v === undefined || v === null) return [];
    if (key === "monitor" && typeof v === "string") return monitorNames(v);
    if (typeof v === "string") return [v];
    if (Array.isArray(v)) return v.filter((x): x is string => typeof x === "string");
    return [];
}

/** Every reference of `props` must point at an existing object (or a foreign built-in). */
export function checkRefs(store: Store, spec: KindSpec, fullPath: string, props: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(props)) {
        const p = spec.props[k];
        if (!p) continue;
        for (const t of refTargets(k, p, v)) {
            if (t === fullPath && p.ref?.includes(spec.id)) throw missingRef(t, spec.label, fullPath, k);
            if (!resolveRef(store, `${spec.id}.${k}`, p, t)) throw missingRef(t, spec.label, fullPath, k);
        }
    }
}
