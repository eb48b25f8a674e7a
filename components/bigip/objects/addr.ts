/**
 * Address math on BIG-IP's spelling of addresses (`10.0.2.5%1/24`, `default`, IPv4 and IPv6). The one home of these
 * value types is components/common/values; re-exported here for the BIG-IP floor.
 */
export { formatAddr, parseIp } from "../../common/values/ip";
export type { Addr, Net } from "../../common/values/addr";
export {
    parseAddr, parseNet, networkOf, hasHostBits, contains, subnetText, bareAddress,
} from "../../common/values/addr";
