/**
 * Validation of the source CIDRs security group rules admit: `adminCidrs` (management and SSH, on the BIG-IP and the
 * collectors) and the BIG-IP's `clientCidrs` (its virtual servers). Both follow the same rules.
 */
import { check } from "./errors";
import { cidrSize, formatCidr, parseCidr, reservedBlock, unionSize } from "./values/cidr";

/**
 * Largest address space (the union of the list) accepted without the allow flag: a /8. More than that is not a
 * list of admin workstations, it is "most of the internet", however it is split ("0.0.0.0/1" + "128.0.0.0/1").
 */
export const MAX_ADMIN_ADDRESSES = 2 ** 24;

/** What a list of source CIDRs opens, for the messages of `validateSourceCidrs`. */
export interface SourceCidrsPurpose {
    /** Why at least one is needed: "the addresses allowed to reach management and SSH". */
    readonly required: string;
    /** Whose connections come from these addresses: "an admin connection". */
    readonly source: string;
    /** What a wide list opens: "management and SSH". */
    readonly opens: string;
    /** What to list instead: "your own addresses". */
    readonly instead: string;
}

const ADMIN: SourceCidrsPurpose = {
    required: "the addresses allowed to reach management and SSH",
    source: "an admin connection",
    opens: "management and SSH",
    instead: "your own addresses",
};

/**
 * Returns the CIDRs after checking them: non-empty, each a valid IPv4 CIDR written exactly (no whitespace), none
 * inside a reserved/non-routable block (0.0.0.0/8, loopback, link-local, multicast, 240/4), no duplicates, and —
 * judged on the UNION of the list, not per entry — no more than a /8 worth of addresses unless the caller explicitly
 * allowed it (`allowOpen`; `allowOpenSetting` is the name of that allow flag, for the error message).
 */
export function validateSourceCidrs(cidrs: readonly string[] | undefined, allowOpen: boolean | undefined, setting: string,
    allowOpenSetting: string, purpose: SourceCidrsPurpose): string[] {
    check(Array.isArray(cidrs) && cidrs.length > 0, setting, `at least one CIDR is required (${purpose.required})`);
    const parsed = cidrs.map((c, i) => {
        check(typeof c === "string", `${setting}[${i}]`, `${JSON.stringify(c)} must be an IPv4 CIDR string like 203.0.113.10/32`);
        const p = parseCidr(c, `${setting}[${i}]`);
        const reserved = p.prefix === 0 ? undefined : reservedBlock(p);
        check(reserved === undefined, `${setting}[${i}]`,
            `"${c}" is in the ${reserved} range, which can never be the source of ${purpose.source}; give your public address(es)`);
        return p;
    });
    const dup = cidrs.find((c, i) => cidrs.indexOf(c) !== i);
    check(dup === undefined, setting, `CIDR ${JSON.stringify(dup)} is listed twice`);
    const covered = unionSize(parsed);
    const widest = parsed.reduce((a, b) => (cidrSize(b) > cidrSize(a) ? b : a));
    check(covered <= MAX_ADMIN_ADDRESSES || allowOpen === true, setting,
        `together these CIDRs cover ${covered} addresses (widest ${formatCidr(widest)}), more than a /8: that opens ${purpose.opens} ` +
        `to ${covered >= 2 ** 32 ? "the whole internet" : "a large part of the internet"}; list ${purpose.instead} (at most a /8 in total), ` +
        `or set ${allowOpenSetting}: true if you really mean it`);
    return [...cidrs];
}

/** `validateSourceCidrs` for the CIDRs allowed to reach management and SSH (`adminCidrs`, opened by `allowOpenAdmin`). */
export function validateAdminCidrs(cidrs: readonly string[] | undefined, allowOpen: boolean | undefined, setting: string, allowOpenSetting: string): string[] {
    return validateSourceCidrs(cidrs, allowOpen, setting, allowOpenSetting, ADMIN);
}

/**
 * `validateSourceCidrs` for the CIDRs allowed to reach the BIG-IP's virtual servers (`clientCidrs`, opened by
 * `allowOpenClients`). With a single NIC those rules sit on the management interface, and the messages say so.
 */
export function validateClientCidrs(cidrs: readonly string[] | undefined, allowOpen: boolean | undefined, setting: string,
    allowOpenSetting: string, ports: readonly number[], singleNic: boolean): string[] {
    const where = singleNic ? " on the management interface (single NIC: the virtual servers' rules sit there, beside GUI/REST and SSH)" : "";
    const list = ports.map((p) => `tcp/${p}`).join(", ");
    return validateSourceCidrs(cidrs, allowOpen, setting, allowOpenSetting, {
        required: "the addresses allowed to reach the virtual servers",
        source: "a client connection",
        opens: `the virtual servers' ports (${list})${where}`,
        instead: "your clients' addresses",
    });
}
