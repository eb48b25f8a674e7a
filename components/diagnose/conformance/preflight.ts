/**
 * Read-only checks before the suite writes anything (issue 17.2). The suite's partition keeps names apart, not
 * traffic: its self IPs, routes and virtual addresses live in route domain 0 with the device's own. So it refuses
 * (a) a device in a device group of its own (a new partition's folder would be synced to the peer, and saved there if
 * the group saves on sync), and (b) a device that already uses or routes any of the suite's addresses.
 */
import { isBigIpError, Session } from "../../bigip/rest/types";
import { parseCollection } from "../../bigip/rest/parsers";
import { Cidr, cidrsOverlap, ipToInt, parseCidr } from "../../common/values";
import { ConfigError } from "../../common/errors";

/** Every address the scenarios write lies in these (RFC 2544 benchmarking, RFC 3849 documentation). */
export const SUITE_IPV4 = "198.18.200.0/21";
export const SUITE_IPV6_PREFIX = "2001:db8:c13:";

/** Device groups every BIG-IP has (14.1.2.1 standalone capture: device_trust_group, gtm; datasync-…-dg on some). */
const BUILT_IN_GROUP = /^\/Common\/(device_trust_group|gtm|datasync-.*-dg)$/;

async function list(s: Session, path: string): Promise<any[]> {
    try {
        return parseCollection(await s.get(path));
    } catch (e) {
        if (isBigIpError(e) && e.status === 404) return [];
        throw e;
    }
}

/** `10.0.0.1%2/24` → the block it is in (a bare address is a /32); undefined for IPv6 or `default`. */
function v4(text: string): Cidr | undefined {
    const [addr, len = "32", ...rest] = text.replace(/%\d+/, "").split("/");
    const ip = ipToInt(addr ?? "");
    if (ip === undefined || rest.length || !/^\d{1,2}$/.test(len) || Number(len) > 32) return undefined;
    const prefix = Number(len);
    return { network: ip - (ip % 2 ** (32 - prefix)), prefix };
}

/** Throws a ConfigError naming what makes the device unsuitable; reads only. */
export async function preflight(s: Session): Promise<void> {
    const groups = (await list(s, "tm/cm/device-group")).filter((g) => !BUILT_IN_GROUP.test(String(g.fullPath ?? `/Common/${g.name}`)));
    if (groups.length) {
        const g = groups[0];
        throw new ConfigError("--host", `the device is in device group ${g.fullPath ?? g.name} (${g.type ?? "?"}): the suite's partition would be synced to the ` +
            "other members (and saved there if the group saves on sync); run it on a standalone lab device. Nothing was written");
    }
    const suite = parseCidr(SUITE_IPV4)!;
    const uses = [
        ...(await list(s, "tm/net/self")).map((o) => ({ what: `self IP ${o.fullPath}`, value: o.address })),
        ...(await list(s, "tm/net/route")).flatMap((o) => [{ what: `route ${o.fullPath}`, value: o.network }, { what: `route ${o.fullPath} gateway`, value: o.gw }]),
        ...(await list(s, "tm/ltm/virtual-address")).map((o) => ({ what: `virtual address ${o.fullPath}`, value: o.address })),
        ...(await list(s, "tm/ltm/node")).map((o) => ({ what: `node ${o.fullPath}`, value: o.address })),
        ...(await list(s, "tm/net/arp")).map((o) => ({ what: `ARP entry ${o.fullPath}`, value: o.ipAddress })),
    ];
    for (const u of uses) {
        const text = String(u.value ?? "");
        const c = v4(text);
        if ((c && cidrsOverlap(c, suite)) || text.toLowerCase().startsWith(SUITE_IPV6_PREFIX)) {
            throw new ConfigError("--host", `the device already uses ${text} (${u.what}), inside the suite's ${SUITE_IPV4} / ${SUITE_IPV6_PREFIX}:/48: ` +
                "its test addresses would meet real ones. Nothing was written");
        }
    }
}
