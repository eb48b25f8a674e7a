/**
 * Read-only checks before the suite writes anything (issue 17.2). The suite's partition keeps names apart, not
 * traffic: its self IPs, routes and virtual addresses live in route domain 0 with the device's own. So it refuses
 * (a) a device in a device group of its own (a new partition's folder would be synced to the peer, and saved there if
 * the group saves on sync), and (b) a device that already uses or routes any of the suite's addresses.
 */
import { Session } from "../../bigip/rest/types";
import { contains, Net, parseAddr, parseNet } from "../../common/values";
import { ConfigError } from "../../common/errors";
import { listOrNone } from "./safety";

/** Every address the scenarios write lies in these (RFC 2544 benchmarking, RFC 3849 documentation). */
export const SUITE_IPV4 = "198.18.200.0/21";
export const SUITE_IPV6 = "2001:db8:c13::/48";
const SUITE_NETS = [parseNet(SUITE_IPV4)!, parseNet(SUITE_IPV6)!];

/** Device groups every BIG-IP has (14.1.2.1 standalone capture: device_trust_group, gtm; datasync-…-dg on some). */
const BUILT_IN_GROUP = /^\/Common\/(device_trust_group|gtm|datasync-.*-dg)$/;

const list = async (s: Session, path: string) => (await listOrNone(s, path)) ?? [];

/**
 * Whether a device's address or prefix (`10.0.0.1%2`, `10.0.2.5/24`, any route domain) meets one of the suite's blocks.
 * A default route (prefix 0) routes everything and is not a use.
 */
function meetsSuite(text: string): boolean {
    const a = parseAddr(text);
    const n: Net | undefined = parseNet(text) ?? (a && { ...a, prefix: a.family === 4 ? 32 : 128 });
    if (!n || n.prefix === 0) return false;
    return SUITE_NETS.some((x) => x.family === n.family && (n.prefix <= x.prefix ? contains(n, x) : contains(x, n)));
}

/** Throws a ConfigError naming what makes the device unsuitable; reads only. */
export async function preflight(s: Session): Promise<void> {
    const groups = (await list(s, "tm/cm/device-group")).filter((g) => !BUILT_IN_GROUP.test(String(g.fullPath ?? `/Common/${g.name}`)));
    if (groups.length) {
        const g = groups[0];
        throw new ConfigError("--host", `the device is in device group ${g.fullPath ?? g.name} (${g.type ?? "?"}): the suite's partition would be synced to the ` +
            "other members (and saved there if the group saves on sync); run it on a standalone lab device. Nothing was written");
    }
    const uses = [
        ...(await list(s, "tm/net/self")).map((o) => ({ what: `self IP ${o.fullPath}`, value: o.address })),
        ...(await list(s, "tm/net/route")).flatMap((o) => [{ what: `route ${o.fullPath}`, value: o.network }, { what: `route ${o.fullPath} gateway`, value: o.gw }]),
        ...(await list(s, "tm/ltm/virtual-address")).map((o) => ({ what: `virtual address ${o.fullPath}`, value: o.address })),
        ...(await list(s, "tm/ltm/node")).map((o) => ({ what: `node ${o.fullPath}`, value: o.address })),
        ...(await list(s, "tm/net/arp")).map((o) => ({ what: `ARP entry ${o.fullPath}`, value: o.ipAddress })),
    ];
    for (const u of uses) {
        const text = String(u.value ?? "");
        if (meetsSuite(text)) {
            throw new ConfigError("--host", `the device already uses ${text} (${u.what}), inside the suite's ${SUITE_IPV4} / ${SUITE_IPV6}: ` +
                "its test addresses would meet real ones. Nothing was written");
        }
    }
}
