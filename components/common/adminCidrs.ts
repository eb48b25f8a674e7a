/** Validation of the CIDRs allowed to reach management/SSH ports, shared by the BIG-IP and the collector. */
import { check } from "./errors";
import { parseCidr } from "../network/cidr";

/**
 * Returns the CIDRs after checking them: non-empty, each a valid IPv4 CIDR, and no `0.0.0.0/0` unless the
 * caller explicitly allowed it (`allowOpenSetting` is the name of that allow flag, for the error message).
 */
export function validateAdminCidrs(cidrs: readonly string[] | undefined, allowOpen: boolean | undefined, setting: string, allowOpenSetting: string): string[] {
    check(Array.isArray(cidrs) && cidrs.length > 0, setting, "at least one CIDR is required (the addresses allowed to reach management and SSH)");
    cidrs.forEach((c, i) => parseCidr(c, `${setting}[${i}]`));
    const open = cidrs.filter((c) => parseCidr(c)!.prefix === 0);
    check(open.length === 0 || allowOpen === true, setting, `"${open[0]}" opens management to the whole internet; set ${allowOpenSetting}: true if you really mean it`);
    return [...cidrs];
}
