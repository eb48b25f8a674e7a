/**
 * One canonical spelling per value type, and the value types a device answer's fields are read as. Devices spell the
 * same value several ways (see addr.ts and mac.ts), so validation, every provider's compare and URL building go
 * through these functions and never compare raw device text.
 *
 * Each `canon.*` returns the canonical text, or undefined when the value is not of that type. `canonOr` keeps a
 * value it cannot parse (an unknown placeholder at preview, or input that validation will refuse) unchanged.
 */
import { canonIp, canonIpPort, canonIpPrefix, canonRouteNetwork } from "./addr";
import { canonMac } from "./mac";
import { canonFullPath, canonMemberName } from "./names";

/** The canonical form of each value type (a function per type: canonical text, or undefined when `v` is not one). */
export const canon = {
    /** `0:50:56:99:77:6`, `00-50-56-99-77-06` or `00:50:56:99:77:06` → `00:50:56:99:77:06`. */
    mac: canonMac,
    /** An IP address with an optional route domain. */
    ip: canonIp,
    /** `ip[%N]/len`. */
    ipPrefix: canonIpPrefix,
    /** `IP[%N]:port` (IPv4) or `IP[%N].port` (IPv6), as BIG-IP names pool members and virtual destinations. */
    ipPort: canonIpPort,
    /** A name or full path → `/Partition/name`. */
    fullPath: canonFullPath,
    /** A member or destination name without its partition (`/Common/10.0.0.1:80` → `10.0.0.1:80`), canonical. */
    memberName: canonMemberName,
};

/** Canonical form of `v` under `f`, or `v` itself when `f` cannot read it (unknown at preview, or invalid). */
export function canonOr<T>(f: (v: unknown) => string | undefined, v: T): T | string {
    return f(v) ?? v;
}

/** Whether two values are the same under `f` (falls back to text equality for unparseable values). */
export function sameAs(f: (v: unknown) => string | undefined, a: unknown, b: unknown): boolean {
    return canonOr(f, a) === canonOr(f, b);
}

/** A value type a device answer's field is read as: how to recognise one, and what it looks like (for errors). */
export interface ValueType {
    readonly test: (v: unknown) => boolean;
    readonly form: string;
}

/** A full path as a device reports it: `/Partition/name` or `/Partition/sub/name`, no whitespace or control characters. */
const DEVICE_FULL_PATH = /^(\/[^/\s\u0000-\u001f]+){2,3}$/;

/** The value types of device answers, by the id a kind description (bigip/objects/spec.ts `PropSpec.value`) names. */
export const VALUE_TYPES = {
    ip: { test: (v) => canonIp(v) !== undefined, form: "an IP address (optionally with a route domain %N), e.g. 10.0.2.5" },
    /** A tunnel end: an address, or `any` / `any6` (the device's value for an unset one, captured). */
    tunnelEnd: { test: (v) => v === "any" || v === "any6" || canonIp(v) !== undefined, form: "an IP address, any or any6" },
    ipPrefix: { test: (v) => canonIpPrefix(v) !== undefined, form: "an address with prefix length, e.g. 10.0.2.5/24" },
    memberName: { test: (v) => canonMemberName(v) !== undefined, form: "IP:port (IPv6: IP.port), optionally after /Partition/, e.g. 10.254.0.2:0" },
    mac: { test: (v) => canonMac(v) !== undefined, form: "a MAC address, e.g. 02:00:5e:10:00:01" },
    fullPath: { test: (v) => typeof v === "string" && DEVICE_FULL_PATH.test(v), form: "a full path /Partition/name" },
    routeNetwork: { test: (v) => canonRouteNetwork(v) !== undefined, form: "default, default-inet6 or a network with prefix, e.g. 10.1.0.0/16" },
} satisfies Record<string, ValueType>;

/** The id of a device-answer value type. */
export type ValueTypeId = keyof typeof VALUE_TYPES;
