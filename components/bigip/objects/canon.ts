/**
 * One canonical spelling per value type the BIG-IP layer compares, writes or puts into a URL. Devices spell
 * the same value several ways (`show net arp` prints `0:50:56:99:77:6`, The NOC Project
 * `sa/profiles/f5/BIGIP/get_arp.py`; addresses carry `%N` route-domain suffixes, and F5's own f5-cccl strips them
 * before comparing, `f5_cccl/utils/route_domain.py`), so validation, every provider's compare (fromDevice /
 * normalize) and URL building go through these functions and never compare raw device text.
 *
 * Each `canon.*` returns the canonical text, or undefined when the value is not of that type. `canonOr` keeps a
 * value it cannot parse (an unknown placeholder at preview, or input that validation will refuse) unchanged.
 *
 * Canonical forms:
 * - MAC: six lower-case two-digit hex octets joined by `:` (`02:00:5e:10:00:0f`).
 * - IP: IPv4 dotted decimal; IPv6 RFC 5952 (lower case, longest zero run compressed); `%N` kept for a route domain
 *   N ≠ 0 and dropped for `%0` (route domain 0 is the default one: `10.0.0.1%0` is `10.0.0.1`).
 * - Address with prefix: `<IP>/<len>`, the IP as above, host bits kept (a self IP holds its own address).
 * - Member / destination: `<IP>:<port>` for IPv4, `<IP>.<port>` for IPv6 (reference §1.7), port without leading zeros.
 * - Names and full paths: `/Partition/name`; a bare name is in the given partition (default Common).
 */
import { formatAddr, parseIp } from "./addr";

/** Largest route-domain id (tmsh `net route-domain` id range 0..65534). */
const MAX_RD = 65534;

export interface ParsedIp { family: 4 | 6; value: bigint; rd: number }

function compress6(full: string): string {
    const groups = full.split(":");
    let best = -1, bestLen = 1;
    for (let k = 0; k < 8;) {
        if (groups[k] !== "0") { k++; continue; }
        let j = k;
        while (j < 8 && groups[j] === "0") j++;
        if (j - k > bestLen) { best = k; bestLen = j - k; }
        k = j;
    }
    if (best < 0) return groups.join(":");
    return `${groups.slice(0, best).join(":")}::${groups.slice(best + bestLen).join(":")}`;
}

/** `ip` or `ip%N` (no whitespace, no prefix). */
export function parseIpRd(v: unknown): ParsedIp | undefined {
    if (typeof v !== "string") return undefined;
    const m = /^([0-9A-Fa-f:.]+)(?:%(\d{1,5}))?$/.exec(v);
    if (!m) return undefined;
    const ip = parseIp(m[1]);
    const rd = Number(m[2] ?? 0);
    return ip && rd <= MAX_RD ? { ...ip, rd } : undefined;
}

function formatIp(p: ParsedIp): string {
    const text = p.family === 4 ? formatAddr(4, p.value) : compress6(formatAddr(6, p.value));
    return p.rd ? `${text}%${p.rd}` : text;
}

export const canon = {
    /** `0:50:56:99:77:6`, `00-50-56-99-77-06` or `00:50:56:99:77:06` → `00:50:56:99:77:06`. */
    mac(v: unknown): string | undefined {
        if (typeof v !== "string" || !/^[0-9A-Fa-f]{1,2}([:-][0-9A-Fa-f]{1,2}){5}$/.test(v)) return undefined;
        return v.split(/[:-]/).map((o) => o.toLowerCase().padStart(2, "0")).join(":");
    },
    /** An IP address with an optional route domain. */
    ip(v: unknown): string | undefined {
        const p = parseIpRd(v);
        return p && formatIp(p);
    },
    /** `ip[%N]/len`. */
    ipPrefix(v: unknown): string | undefined {
        if (typeof v !== "string") return undefined;
        const m = /^([^/]+)\/(\d{1,3})$/.exec(v);
        const p = m ? parseIpRd(m[1]) : undefined;
        if (!p || Number(m![2]) > (p.family === 4 ? 32 : 128)) return undefined;
        return `${formatIp(p)}/${Number(m![2])}`;
    },
    /** `IP[%N]:port` (IPv4) or `IP[%N].port` (IPv6), as BIG-IP names pool members and virtual destinations. */
    ipPort(v: unknown): string | undefined {
        if (typeof v !== "string") return undefined;
        const m = /^(.+)([:.])(\d{1,5})$/.exec(v);
        const p = m ? parseIpRd(m[1]) : undefined;
        if (!p || Number(m![3]) > 65535 || (m![2] === ":") !== (p.family === 4)) return undefined;
        return `${formatIp(p)}${m![2]}${Number(m![3])}`;
    },
    /** A name or full path → `/Partition/name`. */
    fullPath(v: unknown, partition = "Common"): string | undefined {
        if (typeof v !== "string" || v === "") return undefined;
        return v.startsWith("/") ? v : `/${partition}/${v}`;
    },
    /** A member or destination name without its partition (`/Common/10.0.0.1:80` → `10.0.0.1:80`), canonical. */
    memberName(v: unknown): string | undefined {
        if (typeof v !== "string") return undefined;
        return canon.ipPort(v.replace(/^\/[^/]+\//, ""));
    },
};

/** Canonical form of `v` under `f`, or `v` itself when `f` cannot read it (unknown at preview, or invalid). */
export function canonOr<T>(f: (v: unknown) => string | undefined, v: T): T | string {
    return f(v) ?? v;
}

/** Whether two values are the same under `f` (falls back to text equality for unparseable values). */
export function sameAs(f: (v: unknown) => string | undefined, a: unknown, b: unknown): boolean {
    return canonOr(f, a) === canonOr(f, b);
}

/** The route domain of an address spelling (0 when none). */
export function routeDomainOf(v: unknown): number {
    return typeof v === "string" ? Number(/%(\d+)/.exec(v)?.[1] ?? 0) : 0;
}

/** The address part of `ip[%N]` without its route domain, canonical (f5-cccl `split_ip_with_route_domain`). */
export function withoutRouteDomain(v: unknown): string | undefined {
    const p = parseIpRd(v);
    return p && formatIp({ ...p, rd: 0 });
}

/** A sub-collection item path segment for a raw name (FDB record MAC): `%` → `%25`, as iControl REST URLs need. */
export function rawSegment(name: string): string {
    return name.replace(/%/g, "%25");
}
