/**
 * IPv4 CIDRs as users write them (pure): parsing with errors that name the setting, subnet carving, overlap and
 * containment, the reserved blocks no peer can live in, and the size of a list's union.
 */
import { check, ConfigError } from "../errors";
import { intToIp, ipToInt } from "./ip";

/** An IPv4 block. */
export interface Cidr {
    /** Network address as an unsigned 32-bit integer (host bits cleared). */
    network: number;
    prefix: number;
}

/** Parses `a.b.c.d/n`; with `setting`, throws a ConfigError naming it instead of returning undefined. */
export function parseCidr(text: string, setting: string): Cidr;
export function parseCidr(text: string): Cidr | undefined;
export function parseCidr(text: string, setting?: string): Cidr | undefined {
    const fail = (detail: string) => {
        if (setting) throw new ConfigError(setting, `"${text}" ${detail}`);
        return undefined;
    };
    if (typeof text !== "string") return fail("is not a CIDR string");
    if (/\s/.test(text)) return fail("contains whitespace: it must be an IPv4 CIDR like 10.0.0.0/16 with no spaces, tabs or newlines (the value is used exactly as written, never trimmed)");
    const [addr, len, ...rest] = text.split("/");
    const ip = ipToInt(addr ?? "");
    if (ip === undefined || len === undefined || rest.length || !/^\d{1,2}$/.test(len) || Number(len) > 32) {
        return fail("is not an IPv4 CIDR like 10.0.0.0/16");
    }
    const prefix = Number(len);
    const network = ip - (ip % 2 ** (32 - prefix));
    if (network !== ip) return fail(`has host bits set (did you mean ${intToIp(network)}/${prefix}?)`);
    return { network, prefix };
}

/** `a.b.c.d/n` text of a block. */
export function formatCidr(c: Cidr): string {
    return `${intToIp(c.network)}/${c.prefix}`;
}

/** Number of addresses in the block. */
export function cidrSize(c: Cidr): number {
    return 2 ** (32 - c.prefix);
}

/** Whether two blocks share an address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
    return a.network < b.network + cidrSize(b) && b.network < a.network + cidrSize(a);
}

/** True when `inner` (a CIDR or a single address) lies wholly inside `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr | number): boolean {
    const c = typeof inner === "number" ? { network: inner, prefix: 32 } : inner;
    return c.network >= outer.network && c.network + cidrSize(c) <= outer.network + cidrSize(outer);
}

/** The `index`-th subnet of size `/newPrefix` inside `parent` (like Terraform's cidrsubnet). */
export function subnetOf(parent: Cidr, newPrefix: number, index: number): Cidr {
    if (newPrefix < parent.prefix || newPrefix > 32) throw new RangeError(`/${newPrefix} does not fit in /${parent.prefix}`);
    const count = 2 ** (newPrefix - parent.prefix);
    if (!Number.isInteger(index) || index < 0 || index >= count) {
        throw new RangeError(`subnet index ${index} out of range for /${newPrefix} in ${formatCidr(parent)} (${count} subnets)`);
    }
    return { network: parent.network + index * 2 ** (32 - newPrefix), prefix: newPrefix };
}

/** The `n`-th address of the block (1 = first host); throws when it falls outside or on broadcast. */
export function hostIp(c: Cidr, n: number): string {
    const size = cidrSize(c);
    if (!Number.isInteger(n) || n < 1 || (size > 2 && n >= size - 1) || n >= size) {
        throw new RangeError(`host ${n} is outside ${formatCidr(c)}`);
    }
    return intToIp(c.network + n);
}

/** Special-purpose IPv4 blocks (RFC 6890) that can never be a real peer, overlay or admin source. */
export const RESERVED_BLOCKS: readonly [string, string][] = [
    ["0.0.0.0/8", "\"this network\" (0.0.0.0/8)"],
    ["127.0.0.0/8", "loopback (127.0.0.0/8)"],
    ["169.254.0.0/16", "link-local (169.254.0.0/16)"],
    ["224.0.0.0/4", "multicast (224.0.0.0/4)"],
    ["240.0.0.0/4", "reserved/broadcast (240.0.0.0/4)"],
];

/** The reserved block `c` lies in (or overlaps, with `overlap`), described; undefined when none. */
export function reservedBlock(c: Cidr, overlap = false): string | undefined {
    for (const [text, what] of RESERVED_BLOCKS) {
        const r = parseCidr(text)!;
        if (overlap ? cidrsOverlap(r, c) : cidrContains(r, c)) return what;
    }
    return undefined;
}

/** Addresses covered by the union of `cidrs` (overlaps counted once). */
export function unionSize(cidrs: readonly Cidr[]): number {
    const ranges = cidrs.map((c) => [c.network, c.network + cidrSize(c)] as const).sort((a, b) => a[0] - b[0]);
    let total = 0;
    let end = -1;
    for (const [s, e] of ranges) {
        if (e <= end) continue;
        total += e - Math.max(s, end);
        end = e;
    }
    return total;
}

/** An interface address in CIDR form, `a.b.c.d/1..32` (host bits allowed, unlike a network CIDR). */
export function checkInterfaceAddress(text: unknown, setting: string): string {
    const [addr, len, ...rest] = typeof text === "string" ? text.split("/") : [];
    const ok = addr !== undefined && ipToInt(addr) !== undefined && len !== undefined && rest.length === 0 &&
        /^\d{1,2}$/.test(len) && Number(len) >= 1 && Number(len) <= 32;
    check(ok, setting, `${JSON.stringify(text)} is not an interface address like 10.99.0.2/24`);
    return text as string;
}
