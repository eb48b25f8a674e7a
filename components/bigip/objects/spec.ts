/**
 * The one description of each BIG-IP object kind. The REST client, the dynamic providers, the parsers of device
 * answers (answer.ts), the test emulator and the tmsh rendering all read these, so a property is named, typed and
 * constrained once.
 */
import type { ValueTypeId } from "../../common/values/canon";

export type KindId =
    | "greProfile" | "vxlanProfile" | "tunnel" | "selfIp" | "arp" | "fdbTunnel" | "pool" | "virtual" | "vlan" | "route";

export type PropType = "string" | "integer" | "boolean" | "array" | "object" | "stringOrArray";

export interface PropSpec {
    /** tmsh attribute name (`local-address`). */
    readonly tmsh: string;
    readonly type: PropType;
    /** The value is the full path of an object of one of these kinds (or of a built-in `refPaths` entry). */
    readonly ref?: readonly KindId[];
    /** Where a referenced object of a kind we do not model lives (e.g. `ltm/monitor/http`), for `*Reference` links. */
    readonly refPath?: string;
    /** Cannot change after creation: a diff replaces, the device answers 400. */
    readonly immutable?: boolean;
    /**
     * What the device reports when the property was never set (absent = the device omits it). Not named
     * `default`: Pulumi's closure serializer mistakes such a property for a module's default export.
     */
    readonly defaultValue?: unknown;
    /** Set by the device only; a write is rejected as an unexpected json pair. */
    readonly readOnly?: boolean;
    /** Allowed string values (the device rejects others). */
    readonly enum?: readonly string[];
    /**
     * The value type of a string value (components/common/values `VALUE_TYPES`): an answer holding anything else is
     * refused where it enters (answer.ts), so it never reaches a compare or state.
     */
    readonly value?: ValueTypeId;
    /** The elements of an `array` (or the list form of `stringOrArray`): a scalar type, or named objects with these properties. */
    readonly items?: PropType | Readonly<Record<string, PropSpec>>;
}

export interface SubcollectionSpec {
    /** `kind` of each item, e.g. `tm:ltm:pool:members:membersstate`. */
    readonly kind: string;
    readonly tmsh: string;
    /** Item properties besides name/partition/fullPath. */
    readonly props: Readonly<Record<string, PropSpec>>;
    /** Items are addressed by raw name (`records/02:00:…`) rather than `~Partition~name`. */
    readonly rawNames?: boolean;
    /** The value type of each item's `name` (a member's `IP:port`, a record's MAC); any string when absent. */
    readonly itemName?: ValueTypeId;
}

/**
 * What config-sync does with objects of a kind in a sync-failover device group (issue 16; research and sources in
 * test/emulator/README.md, "Device group").
 * - `perUnit`: never copied by config-sync, so created on each unit through its own connection — for tunnels (and,
 *   *Inference*, their profiles) only while `sys db iptunnel.configsync` is `disable` on both units (`copiedWhen`
 *   `tunnelSyncEnabled`), for routes only in the `/LOCAL_ONLY` folder (device-group none; `copiedWhen`
 *   `outsideLocalOnly`).
 * - `synced`: written once (on one unit), copied to the peer by config-sync.
 * Objects in `/LOCAL_ONLY` are never copied, whatever their kind.
 */
export interface KindSync {
    readonly placement: "perUnit" | "synced";
    /** `sourced`: an F5 text (or a text quoting one) says so; `inference`: our reading, listed in the emulator README. */
    readonly evidence: "sourced" | "inference";
    /** Short citation: URL, or repository + path. */
    readonly source: string;
    /** A `perUnit` kind that config-sync copies after all in this case. */
    readonly copiedWhen?: "tunnelSyncEnabled" | "outsideLocalOnly";
}

/** The folder F5 puts per-unit routes in (`device-group none`, `traffic-group-local-only`). */
export const LOCAL_ONLY = "LOCAL_ONLY";

export interface KindSpec {
    readonly id: KindId;
    /** Collection path below `/mgmt/tm/`. */
    readonly path: string;
    /** `kind` of one object as the device returns it. */
    readonly kind: string;
    /** How the device names the kind in its messages ("The requested Pool (/Common/p) was not found."). */
    readonly label: string;
    /** tmsh module path (`net tunnels tunnel`). */
    readonly tmsh: string;
    readonly props: Readonly<Record<string, PropSpec>>;
    /** Writable inline-array sub-collections (sent whole in POST/PATCH, listed under `<name>Reference`). */
    readonly subcollections?: Readonly<Record<string, SubcollectionSpec>>;
    /** Read-only references the device adds to every object (e.g. `policiesReference`), by property name. */
    readonly extraReferences?: readonly string[];
    /** Where objects of this kind live on an HA pair: what config-sync copies (KindSync). */
    readonly sync: KindSync;
}

/**
 * Whether config-sync from a unit copies an object of `spec` in `partition` to its peer; `tunnelSync`: the syncing
 * unit's `sys db iptunnel.configsync` is not `disable`.
 */
export function copiedByConfigSync(spec: KindSpec, partition: string, tunnelSync: boolean): boolean {
    if (partition === LOCAL_ONLY) return false;
    if (spec.sync.placement === "synced") return true;
    if (spec.sync.copiedWhen === "tunnelSyncEnabled") return tunnelSync;
    return spec.sync.copiedWhen === "outsideLocalOnly";
}

/** `/Common/name` → `~Common~name` (and `%` → `%25` for route domains), as iControl REST URLs need. */
export function encodeFullPath(fullPath: string): string {
    return fullPath.replace(/%/g, "%25").replace(/\//g, "~");
}

/** Splits `/Partition/name` (or a bare name, meaning Common). */
export function splitFullPath(fullPath: string): { partition: string; name: string } {
    const m = /^\/([^/]+)\/(.+)$/.exec(fullPath);
    return m ? { partition: m[1], name: m[2] } : { partition: "Common", name: fullPath };
}

/** Normalises a name given by a user to its partition-qualified form. */
export function qualify(nameOrPath: string, partition = "Common"): string {
    return nameOrPath.startsWith("/") ? nameOrPath : `/${partition}/${nameOrPath}`;
}

/** REST path (below /mgmt/) of one object of `spec`. */
export function objectPath(spec: KindSpec, fullPath: string): string {
    return `tm/${spec.path}/${encodeFullPath(fullPath)}`;
}

/** REST path of a kind's collection. */
export function collectionPath(spec: KindSpec): string {
    return `tm/${spec.path}`;
}
