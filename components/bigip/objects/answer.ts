/**
 * Typed device answers: each GET answer is checked where it enters, against its kind's description (spec.ts: every
 * property's JSON type, the value type of addresses, MACs, member names and full paths, sub-collections and their
 * items). A wrongly typed answer — members not a list, a tunnel collection that is an object, a member named
 * `"__proto__:0"` — fails with an error naming the URL and the field, before anything of it is compared, acted on or
 * stored. One parser per kind, derived from its description: a new kind gets its parser by being described.
 *
 * Only what the description names is checked; other keys a device adds are left alone (and never read).
 */
import { VALUE_TYPES } from "../../common/values/canon";
import { mgmtPath } from "../rest";
import { KindSpec, PropSpec, SubcollectionSpec } from "./spec";

/** A device answer that does not have the shape its kind describes. */
export class DeviceAnswerError extends Error {
    constructor(
        /** `GET /mgmt/tm/…?query` */
        readonly url: string,
        /** Dotted path of the offending field in the answer, e.g. `membersReference.items[0].name`. */
        readonly field: string,
        detail: string,
    ) {
        super(`The BIG-IP's answer to ${url} is malformed: ${field || "the answer"} ${detail}. Nothing from this answer was used or stored.`);
        this.name = "DeviceAnswerError";
    }
}

/** An answer object that passed its kind's checks. */
export type DeviceObject = Record<string, any>;

/** `GET /mgmt/<path>?<query>`, as errors name the request. */
export function answerUrl(path: string, query?: Record<string, string>): string {
    return `GET ${mgmtPath(path, query)}`;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A short, printable rendering of a device value for an error (device text is cut, never echoed whole). */
function shown(v: unknown): string {
    const text = v === undefined ? "undefined" : JSON.stringify(v) ?? String(v);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const JSON_TYPE: Record<string, (v: unknown) => boolean> = {
    string: (v) => typeof v === "string",
    integer: (v) => Number.isInteger(v),
    boolean: (v) => typeof v === "boolean",
    array: Array.isArray,
    object: isPlainObject,
};

/** What every object and item may carry besides its kind's properties. */
const META: Readonly<Record<string, PropSpec>> = {
    name: { tmsh: "name", type: "string" },
    partition: { tmsh: "partition", type: "string" },
    subPath: { tmsh: "sub-path", type: "string" },
    fullPath: { tmsh: "full-path", type: "string" },
    generation: { tmsh: "generation", type: "integer" },
    selfLink: { tmsh: "self-link", type: "string" },
};

type Fail = (field: string, detail: string) => never;

/** How far an answer is checked: `fail` throws for its URL; `values` false skips the value types (shapes and JSON types only). */
interface Ctx { readonly fail: Fail; readonly values: boolean }

function checkScalar(type: string, v: unknown, field: string, fail: Fail): void {
    const ok = JSON_TYPE[type] ?? ((x: unknown) => typeof x === "string" || Array.isArray(x));
    if (!ok(v)) fail(field, `must be ${type === "integer" ? "an integer" : type === "array" ? "a list" : type === "stringOrArray" ? "a string or a list" : `a ${type}`}, not ${shown(v)}`);
}

function checkProp(p: PropSpec, v: unknown, field: string, ctx: Ctx): void {
    checkScalar(p.type, v, field, ctx.fail);
    if (ctx.values && p.value && typeof v === "string" && !VALUE_TYPES[p.value].test(v)) ctx.fail(field, `is ${shown(v)}, not ${VALUE_TYPES[p.value].form}`);
    if (p.items !== undefined && Array.isArray(v)) {
        v.forEach((e, k) => (typeof p.items === "string" ? checkScalar(p.items, e, `${field}[${k}]`, ctx.fail) : checkFields(p.items!, e, `${field}[${k}]`, ctx, ["name"])));
    }
}

/** Checks `obj` is an object whose described fields (and meta keys) have their types; `required` ones must be there. */
function checkFields(props: Readonly<Record<string, PropSpec>>, obj: unknown, at: string, ctx: Ctx, required: readonly string[] = []): void {
    if (!isPlainObject(obj)) ctx.fail(at, `must be an object, not ${shown(obj)}`);
    const field = (k: string) => (at ? `${at}.${k}` : k);
    for (const k of required) if (obj[k] === undefined) ctx.fail(field(k), "is missing");
    for (const [k, p] of [...Object.entries(META), ...Object.entries(props)]) {
        if (Object.prototype.hasOwnProperty.call(obj, k) && obj[k] !== undefined) checkProp(p, obj[k], field(k), ctx);
    }
}

function checkKind(want: string, obj: Record<string, unknown>, at: string, fail: Fail): void {
    if (obj.kind !== undefined && obj.kind !== want) fail(at ? `${at}.kind` : "kind", `is ${shown(obj.kind)}, not ${want} (the answer is not of the kind asked for)`);
}

function checkItem(sub: SubcollectionSpec, item: unknown, at: string, ctx: Ctx): void {
    const nameType: PropSpec = { tmsh: "name", type: "string", ...(sub.itemName ? { value: sub.itemName } : {}) };
    checkFields({ ...sub.props, name: nameType }, item, at, ctx, ["name"]);
    checkKind(sub.kind, item as Record<string, unknown>, at, ctx.fail);
}

function checkList(body: unknown, at: string, fail: Fail, each: (item: unknown, at: string) => void): unknown[] {
    if (!isPlainObject(body)) fail(at, `must be an object, not ${shown(body)}`);
    const items = body.items;
    const field = at ? `${at}.items` : "items";
    if (items === undefined) return [];
    if (!Array.isArray(items)) fail(field, `must be a list, not ${shown(items)}`);
    items.forEach((item, k) => each(item, `${field}[${k}]`));
    return items;
}

/** What a reader checks of an answer besides its shape. */
export interface ReadOptions {
    /**
     * Check just these properties (and sub-collections), besides the meta keys: those a caller reads of an object it does
     * not own, e.g. a user's virtual server's `clonePools`.
     */
    readonly only?: readonly string[];
    /**
     * Check the value types (default true). False for readers of every object of a kind, others' included (the doctor),
     * whose objects may hold what ours never do (a member named after a node, `web1:80`): shapes and JSON types only.
     */
    readonly values?: boolean;
}

/** The parsers of one kind: its objects, its collections, and each sub-collection's items. */
export interface KindParser {
    /** One object (`GET …/<kind>/~P~name`, expanded or not). */
    object(body: unknown, url: string, opts?: ReadOptions): DeviceObject;
    /** A collection of objects (`GET …/<kind>`): its items, `[]` when it has none. */
    collection(body: unknown, url: string, opts?: ReadOptions): DeviceObject[];
    /** A sub-collection's items (`GET …/~P~name/<sub>`), `[]` when it has none. */
    subcollection(sub: string, body: unknown, url: string, opts?: ReadOptions): DeviceObject[];
}

function ctxFor(url: string, opts?: ReadOptions): Ctx {
    return { fail: (field, detail) => { throw new DeviceAnswerError(url, field, detail); }, values: opts?.values ?? true };
}

function checkObject(spec: KindSpec, body: unknown, at: string, ctx: Ctx, only?: readonly string[]): void {
    checkFields(only ? Object.fromEntries(Object.entries(spec.props).filter(([k]) => only.includes(k))) : spec.props, body, at, ctx);
    const obj = body as Record<string, unknown>;
    checkKind(spec.kind, obj, at, ctx.fail);
    for (const [name, sub] of Object.entries(spec.subcollections ?? {})) {
        const key = `${name}Reference`;
        if (obj[key] === undefined || (only && !only.includes(name))) continue;
        checkList(obj[key], at ? `${at}.${key}` : key, ctx.fail, (item, where) => checkItem(sub, item, where, ctx));
    }
}

/** The parser of a kind, derived from its description. */
export function parserFor(spec: KindSpec): KindParser {
    return {
        object(body, url, opts) {
            checkObject(spec, body, "", ctxFor(url, opts), opts?.only);
            return body as DeviceObject;
        },
        collection(body, url, opts) {
            const ctx = ctxFor(url, opts);
            return checkList(body, "", ctx.fail, (item, where) => checkObject(spec, item, where, ctx, opts?.only)) as DeviceObject[];
        },
        subcollection(sub, body, url, opts) {
            const s = spec.subcollections?.[sub];
            if (!s) throw new Error(`${spec.label} has no sub-collection ${sub}`);
            const ctx = ctxFor(url, opts);
            return checkList(body, "", ctx.fail, (item, where) => checkItem(s, item, where, ctx)) as DeviceObject[];
        },
    };
}
