/**
 * Input checks for provider `check` methods. During preview, values not yet known arrive as Pulumi's
 * unknown placeholder (even in non-string fields), so every check skips them instead of failing.
 */
import { CheckFailure } from "@pulumi/pulumi/dynamic";
import { canon, isFingerprint256, isIntIn, isIpv4, isObjectReference, isUnicastMac } from "../../common/values";

/** The placeholder the engine sends for values unknown at preview time (sdk/nodejs/runtime/rpc.ts). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(v: unknown): boolean {
    return v === UNKNOWN;
}

/** True when `v` or anything inside it is still unknown. */
export function containsUnknown(v: unknown): boolean {
    if (v === UNKNOWN) return true;
    if (Array.isArray(v)) return v.some(containsUnknown);
    if (v && typeof v === "object") return Object.values(v).some(containsUnknown);
    return false;
}

/** Predicates over the value types (components/common/values), for `rule(...)`. */
export const is = {
    /** An IP address, with an optional route-domain suffix `%N`. */
    ip: (v: unknown): boolean => canon.ip(v) !== undefined,
    ipv4: (v: unknown): boolean => typeof v === "string" && isIpv4(v),
    /** `a.b.c.d[%N]/NN` (self IPs need the prefix). */
    ipWithPrefix: (v: unknown): boolean => canon.ipPrefix(v) !== undefined,
    /** `IP:port` (IPv4) or `IP.port` (IPv6), `%N` allowed, as BIG-IP names pool members and virtual destinations; port 0..65535. */
    ipPort: (v: unknown): boolean => canon.ipPort(v) !== undefined,
    /** Unicast MAC in colon form; the device's unpadded spelling (`2:0:5e:10:0:f`) is the same MAC. */
    mac: isUnicastMac,
    /** A bare object name or a full path `/Partition/name`. */
    name: isObjectReference,
    int: (v: unknown, min: number, max: number): boolean => isIntIn(v, min, max),
    oneOf: (v: unknown, values: readonly unknown[]): boolean => values.includes(v),
    /** A SHA-256 certificate fingerprint in colon form. */
    fingerprint256: isFingerprint256,
};

/**
 * Collects failures: `rule(property, ok, reason)` records one unless the value is unknown. Use
 * `rule.value(property)` to read nested values by dotted path.
 */
export function checker(inputs: Record<string, any>) {
    const failures: CheckFailure[] = [];
    const get = (path: string): unknown => path.split(".").reduce<any>((o, k) => (o == null ? undefined : o[k]), inputs);
    function rule(property: string, test: (v: any) => boolean, reason: string, optional = false): void {
        const v = get(property);
        if (containsUnknown(v)) return;
        if (optional && v === undefined) return;
        if (!test(v)) failures.push({ property, reason: `${reason} (got ${JSON.stringify(v)})` });
    }
    return { rule, failures, get };
}
