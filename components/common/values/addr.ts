/**
 * Addresses as BIG-IP spells them (pure): `10.0.2.5`, `10.0.2.5%1` (route domain 1), `10.0.2.5/24`,
 * `10.0.2.5%1/24`, `IP:port` / `IP.port` (pool members, virtual destinations), route networks `default`,
 * `default-inet6`, `default%1`; IPv4 and IPv6. Devices spell one value several ways (F5's own f5-cccl strips `%N`
 * before comparing, `f5_cccl/utils/route_domain.py`), so the canonical forms here are what every compare uses:
 * IPv4 dotted decimal; IPv6 RFC 5952 (lower case, longest zero run compressed); `%N` kept for N ≠ 0 and dropped
 * for `%0` (route domain 0 is the default one); `<IP>/<len>` with host bits kept (a self IP holds its own
 * address); `<IP>:<port>` for IPv4 and `<IP>.<port>` for IPv6 (reference §1.7), port without leading zeros.
 */
import { compress6, formatAddr, parseIp } from "./ip";

/** Largest route-domain id (tmsh `net route-domain` id range 0..65534). */
export const MAX_ROUTE_DOMAIN = 65534;

/** An address with its route domain. */
export interface ParsedIp { family: 4 | 6; value: bigint; rd: number }

/** `ip` or `ip%N` (no whitespace, no prefix); undefined when it is not one. */
export function parseIpRd(v: unknown): ParsedIp | undefined {
    if (typeof v !== "string") return undefined;
    const m = /^([0-9A-Fa-f:.]+)(?:%(\d{1,5}))?$/.exec(v);
    if (!m) return undefined;
    const ip = parseIp(m[1]);
    const rd = Number(m[2] ?? 0);
    return ip && rd <= MAX_ROUTE_DOMAIN ? { ...ip, rd } : undefined;
}

/** Canonical text of a parsed address (see the module comment). */
export function formatIp(p: ParsedIp): string {
    const text = p.family === 4 ? formatAddr(4, p.value) : compress6(formatAddr(6, p.value));
    return p.rd ? `${text}%${p.rd}` : text;
}

/** An IP address with an optional route domain, canonical; undefined when `v` is not one. */
export function canonIp(v: unknown): string | undefined {
    const p = parseIpRd(v);
    return p && formatIp(p);
}

/** `ip[%N]/len`, canonical; undefined when `v` is not one. */
export function canonIpPrefix(v: unknown): string | undefined {
    if (typeof v !== "string") return undefined;
    const m = /^([^/]+)\/(\d{1,3})$/.exec(v);
    const p = m ? parseIpRd(m[1]) : undefined;
    if (!p || Number(m![2]) > (p.family === 4 ? 32 : 128)) return undefined;
    return `${formatIp(p)}/${Number(m![2])}`;
}

/** `IP[%N]:port` (IPv4) or `IP[%N].port` (IPv6), as BIG-IP names pool members and virtual destinations; port 0..65535. */
export function canonIpPort(v: unknown): string | undefined {
    if (typeof v !== "string") return undefined;
    const m = /^(.+)([:.])(\d{1,5})$/.exec(v);
    const p = m ? parseIpRd(m[1]) : undefined;
    if (!p || Number(m![3]) > 65535 || (m![2] === ":") !== (p.family === 4)) return undefined;
    return `${formatIp(p)}${m![2]}${Number(m![3])}`;
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

/** An address as a number, with its route domain (`%N`, 0 when absent). */
export interface Addr {
    readonly family: 4 | 6;
    readonly value: bigint;
    /** Route domain (`%N`), 0 when absent. */
    readonly rd: number;
}

/** An address with a prefix length: a self IP's address or a route's network. */
export interface Net extends Addr {
    readonly prefix: number;
}

const bitsOf = (family: 4 | 6) => (family === 4 ? 32 : 128);

/** `a.b.c.d` or `a.b.c.d%N` (no prefix; surrounding whitespace ignored); undefined when it is not an address. */
export function parseAddr(text: unknown): Addr | undefined {
    if (typeof text !== "string") return undefined;
    const m = /^([^%/]+)(?:%(\d+))?$/.exec(text.trim());
    const ip = m && parseIp(m[1]);
    return ip ? { ...ip, rd: Number(m![2] ?? 0) } : undefined;
}

/** `addr[%N]/len` (a self IP's address or a route's network, host bits allowed), or `default[-inet6][%N]`. */
export function parseNet(text: unknown): Net | undefined {
    if (typeof text !== "string") return undefined;
    const d = /^default(-inet6)?(?:%(\d+))?$/.exec(text.trim());
    if (d) return { family: d[1] ? 6 : 4, value: 0n, prefix: 0, rd: Number(d[2] ?? 0) };
    const m = /^([^/]+)\/(\d{1,3})$/.exec(text.trim());
    const a = m && parseAddr(m[1]);
    if (!a || Number(m![2]) > bitsOf(a.family)) return undefined;
    return { ...a, prefix: Number(m![2]) };
}

function mask(family: 4 | 6, prefix: number): bigint {
    const bits = BigInt(bitsOf(family));
    return ((1n << bits) - 1n) ^ ((1n << (bits - BigInt(prefix))) - 1n);
}

/** The network address of `n` (host bits cleared). */
export function networkOf(n: Net): bigint {
    return n.value & mask(n.family, n.prefix);
}

/** Whether `n` has host bits set (`10.1.1.0/16` rather than `10.1.0.0/16`). */
export function hasHostBits(n: Net): boolean {
    return networkOf(n) !== n.value;
}

/** Whether `a` lies inside `n` (same family; route domains are not compared). */
export function contains(n: Net, a: Addr): boolean {
    return n.family === a.family && (a.value & mask(n.family, n.prefix)) === networkOf(n);
}

/** `10.0.2.0/24` for a self IP `10.0.2.5%1/24` (route domain dropped, host bits cleared). */
export function subnetText(n: Net): string {
    return n.prefix === 0 ? "default" : `${formatAddr(n.family, networkOf(n))}/${n.prefix}`;
}

/** The address part of `10.0.2.5%1/24` → `10.0.2.5`. */
export function bareAddress(text: string): string {
    return text.split("/")[0].replace(/%\d+$/, "");
}

/**
 * A route's network, canonical: the IPv4 default route is `default` as the device reports it (captured), and
 * `0.0.0.0/0` is the same route; `default%0` is `default`. Undefined when `v` is neither a prefix nor a default.
 */
export function canonRouteNetwork(v: unknown): string | undefined {
    if (typeof v !== "string") return undefined;
    const d = /^default(-inet6)?(?:%(\d+))?$/.exec(v);
    if (d) return `default${d[1] ?? ""}${d[2] && d[2] !== "0" ? `%${Number(d[2])}` : ""}`;
    const n = canonIpPrefix(v);
    if (n === undefined) return undefined;
    const m = /^(0\.0\.0\.0|::)(%\d+)?\/0$/.exec(n);
    return m ? `default${m[1] === "::" ? "-inet6" : ""}${m[2] ?? ""}` : n;
}
