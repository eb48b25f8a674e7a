/**
 * MAC addresses (pure): a stable derived MAC for a collector's tunnel device, a user's MAC checked and written in
 * one form, and the device's spellings (`show net arp` prints `0:50:56:99:77:6`, The NOC Project
 * `sa/profiles/f5/BIGIP/get_arp.py`) read back to the same form: six lower-case two-digit hex octets joined by `:`.
 */
import { createHash } from "node:crypto";
import { check } from "../errors";

/**
 * A stable MAC for a seed: the first 6 bytes of sha256(seed), with the locally-administered bit set and the
 * multicast bit cleared, so it never collides with a vendor-assigned address and survives re-creation of
 * the device (the BIG-IP side can pin it in a static FDB/ARP entry).
 */
export function deriveMac(seed: string): string {
    const bytes = createHash("sha256").update(seed, "utf8").digest().subarray(0, 6);
    bytes[0] = (bytes[0] | 0x02) & 0xfe;
    return formatMac(bytes);
}

const MAC = /^[0-9a-f]{2}([:-])[0-9a-f]{2}(\1[0-9a-f]{2}){4}$/i;

/** Accepts `aa:bb:cc:dd:ee:ff` or `AA-BB-CC-DD-EE-FF`; returns lowercase colon form; rejects non-unicast. */
export function normalizeMac(text: unknown, setting: string): string {
    check(typeof text === "string" && MAC.test(text.trim()), setting,
        `${JSON.stringify(text)} is not a MAC address like 02:00:5e:10:00:01`);
    const bytes = text.trim().split(/[:-]/).map((h) => parseInt(h, 16));
    const mac = formatMac(bytes);
    check(mac !== "ff:ff:ff:ff:ff:ff", setting, `${mac} is the broadcast address; a device needs a unicast MAC`);
    check((bytes[0] & 0x01) === 0, setting, `${mac} is a multicast address (low bit of the first octet set); a device needs a unicast MAC`);
    check(bytes.some((b) => b !== 0), setting, `${mac} is all zeros, which Linux rejects as a device address`);
    return mac;
}

/** `0:50:56:99:77:6`, `00-50-56-99-77-06` or `00:50:56:99:77:06` → `00:50:56:99:77:06`; undefined when `v` is not a MAC. */
export function canonMac(v: unknown): string | undefined {
    if (typeof v !== "string" || !/^[0-9A-Fa-f]{1,2}([:-][0-9A-Fa-f]{1,2}){5}$/.test(v)) return undefined;
    return v.split(/[:-]/).map((o) => o.toLowerCase().padStart(2, "0")).join(":");
}

/** A unicast MAC in colon form, the device's unpadded spelling (`2:0:5e:10:0:f`) included; dashes are not. */
export function isUnicastMac(v: unknown): boolean {
    const m = typeof v === "string" && !v.includes("-") ? canonMac(v) : undefined;
    return m !== undefined && (parseInt(m.slice(0, 2), 16) & 1) === 0;
}

function formatMac(bytes: ArrayLike<number>): string {
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(":");
}
