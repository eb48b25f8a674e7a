/**
 * IP addresses (pure): IPv4 as written by a user (dotted quad ↔ 32-bit integer) and IPv4/IPv6 as big integers, the
 * form the BIG-IP address math works on. Route-domain spellings (`%N`) are in addr.ts. Bottom floor: imports nothing
 * of the project but the error type.
 */
import { isIP } from "node:net";
import { check } from "../errors";

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * Parses dotted-quad IPv4 text; undefined when it is not one. Never trims: callers keep the raw string (as a
 * duplicate key, in an SG rule, in an env file), so " 10.0.0.1" or "10.0.0.1\n" must be refused, not repaired.
 * Leading zeros are refused too (`010.0.0.1` means octal to some tools).
 */
export function ipToInt(text: string): number | undefined {
    if (typeof text !== "string") return undefined;
    const m = IPV4.exec(text);
    if (!m) return undefined;
    const octets = m.slice(1).map(Number);
    if (octets.some((o) => o > 255) || m.slice(1).some((o) => o.length > 1 && o.startsWith("0"))) return undefined;
    return octets.reduce((acc, o) => acc * 256 + o, 0);
}

/** Dotted-quad text of an unsigned 32-bit integer. */
export function intToIp(n: number): string {
    return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
}

/** Whether `text` is exactly a dotted-quad IPv4 address (no whitespace, no leading zeros). */
export function isIpv4(text: string): boolean {
    return ipToInt(text) !== undefined;
}

/** `text` when it is an IPv4 address; otherwise a ConfigError naming `setting`. */
export function checkIpv4(text: unknown, setting: string): string {
    check(typeof text === "string" && isIpv4(text), setting, `${JSON.stringify(text)} is not an IPv4 address`);
    return text;
}

/** An IPv4 or IPv6 address as a number. */
export interface IpNumber { family: 4 | 6; value: bigint }

/** IPv4 or IPv6 text (Node's `isIP` rules; IPv6 may end in a dotted quad) as a number; undefined when it is neither. */
export function parseIp(text: string): IpNumber | undefined {
    const family = isIP(text);
    if (family === 4) return { family, value: text.split(".").reduce((acc, o) => (acc << 8n) + BigInt(o), 0n) };
    if (family !== 6) return undefined;
    let t = text;
    const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(t);
    if (v4) {
        const n = parseIp(v4[1])!.value;
        t = `${t.slice(0, -v4[1].length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
    }
    const [head, tail] = t.includes("::") ? t.split("::") : [t, undefined];
    const h = head ? head.split(":") : [];
    const tl = tail ? tail.split(":") : [];
    const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - tl.length).fill("0"), ...tl];
    return { family, value: groups.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g, 16)), 0n) };
}

/** Dotted (IPv4) or uncompressed hex (IPv6) text of a value, without route domain. */
export function formatAddr(family: 4 | 6, value: bigint): string {
    if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join(".");
    return Array.from({ length: 8 }, (_, k) => ((value >> BigInt(112 - 16 * k)) & 0xffffn).toString(16)).join(":");
}

/** RFC 5952 compression of uncompressed IPv6 text (`formatAddr(6, …)`): the longest run of two or more zero groups becomes `::`. */
export function compress6(full: string): string {
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
