/**
 * Address math on BIG-IP's spelling of addresses (pure): `10.0.2.5`, `10.0.2.5%1` (route domain 1),
 * `10.0.2.5/24`, `10.0.2.5%1/24`, route networks `default`, `default-inet6`, `default%1`, IPv4 and IPv6.
 */
import { isIP } from "net";

export interface Addr {
    readonly family: 4 | 6;
    readonly value: bigint;
    /** Route domain (`%N`), 0 when absent. */
    readonly rd: number;
}

export interface Net extends Addr {
    readonly prefix: number;
}

const bitsOf = (family: 4 | 6) => (family === 4 ? 32 : 128);

export function parseIp(text: string): { family: 4 | 6; value: bigint } | undefined {
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

/** `a.b.c.d` or `a.b.c.d%N` (no prefix); undefined when it is not an address. */
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

/** Dotted (IPv4) or compressed-free hex (IPv6) text of a value, without route domain. */
export function formatAddr(family: 4 | 6, value: bigint): string {
    if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join(".");
    return Array.from({ length: 8 }, (_, k) => ((value >> BigInt(112 - 16 * k)) & 0xffffn).toString(16)).join(":");
}

/** `10.0.2.0/24` for a self IP `10.0.2.5%1/24` (route domain dropped, host bits cleared). */
export function subnetText(n: Net): string {
    return n.prefix === 0 ? "default" : `${formatAddr(n.family, networkOf(n))}/${n.prefix}`;
}

/** The address part of `10.0.2.5%1/24` → `10.0.2.5`. */
export function bareAddress(text: string): string {
    return text.split("/")[0].replace(/%\d+$/, "");
}
