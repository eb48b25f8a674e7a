/**
 * IPv4 address and CIDR math. Their one home is the bottom floor (components/common/values); this module only
 * re-exports them for the network floor's callers.
 */
export { ipToInt, intToIp, isIpv4 } from "../common/values/ip";
export type { Cidr } from "../common/values/cidr";
export {
    parseCidr, formatCidr, cidrSize, cidrsOverlap, cidrContains, subnetOf, hostIp, RESERVED_BLOCKS, reservedBlock, unionSize,
} from "../common/values/cidr";
