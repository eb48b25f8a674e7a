/**
 * One canonical spelling per value type the BIG-IP layer compares, writes or puts into a URL. The value types live on
 * the bottom floor (components/common/values: canon.ts, addr.ts, mac.ts, names.ts) and are re-exported here. Devices spell
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
export { canon, canonOr, sameAs } from "../../common/values/canon";
export type { ParsedIp } from "../../common/values/addr";
export { parseIpRd, routeDomainOf, withoutRouteDomain } from "../../common/values/addr";

/** A sub-collection item path segment for a raw name (FDB record MAC): `%` → `%25`, as iControl REST URLs need. */
export function rawSegment(name: string): string {
    return name.replace(/%/g, "%25");
}
