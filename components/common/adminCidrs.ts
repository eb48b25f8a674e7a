/** Validation of the CIDRs allowed to reach management/SSH ports, shared by the BIG-IP and the collector. */
import { check } from "./errors";
import { cidrSize, formatCidr, parseCidr, reservedBlock, unionSize } from "./values/cidr";

/**
 * Largest address space (the union of the list) accepted without the allow flag: a /8. More than that is not a
 * list of admin workstations, it is "most of the internet", however it is split ("0.0.0.0/1" + "128.0.0.0/1").
 */
export const MAX_ADMIN_ADDRESSES = 2 ** 24;

/**
 * Returns the CIDRs after checking them: non-empty, each a valid IPv4 CIDR written exactly (no whitespace),
 * none inside a reserved/non-routable block (0.0.0.0/8, loopback, link-local, multicast, 240/4), no duplicates,
 * and — judged on the UNION of the list, not per entry — no more than a /8 worth of addresses unless the caller
 * explicitly allowed open management (`allowOpenSetting` is the name of that allow flag, for the error message).
 */
export function validateAdminCidrs(cidrs: readonly string[] | undefined, allowOpen: boolean | undefined, setting: string, allowOpenSetting: string): string[] {
    check(Array.isArray(cidrs) && cidrs.length > 0, setting, "at least one CIDR is required (the addresses allowed to reach management and SSH)");
    const parsed = cidrs.map((c, i) => {
        check(typeof c === "string", `${setting}[${i}]`, `${JSON.stringify(c)} must be an IPv4 CIDR string like 203.0.113.10/32`);
        const p = parseCidr(c, `${setting}[${i}]`);
        const reserved = p.prefix === 0 ? undefined : reservedBlock(p);
        check(reserved === undefined, `${setting}[${i}]`,
            `"${c}" is in the ${reserved} range, which can never be the source of an admin connection; give your public address(es)`);
        return p;
    });
    const dup = cidrs.find((c, i) => cidrs.indexOf(c) !== i);
    check(dup === undefined, setting, `CIDR ${JSON.stringify(dup)} is listed twice`);
    const covered = unionSize(parsed);
    const widest = parsed.reduce((a, b) => (cidrSize(b) > cidrSize(a) ? b : a));
    check(covered <= MAX_ADMIN_ADDRESSES || allowOpen === true, setting,
        `together these CIDRs cover ${covered} addresses (widest ${formatCidr(widest)}), more than a /8: that opens management ` +
        `and SSH to ${covered >= 2 ** 32 ? "the whole internet" : "a large part of the internet"}; list your own addresses (at most a /8 in total), ` +
        `or set ${allowOpenSetting}: true if you really mean it`);
    return [...cidrs];
}
