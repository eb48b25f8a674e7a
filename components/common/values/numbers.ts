/**
 * Numeric value types (pure): ports, MTUs, VXLAN VNIs and GRE keys — their ranges, and the checks user input and
 * device answers share.
 */
import { check } from "../errors";

/** Whether `v` is an integer in `min..max`. */
export function isIntIn(v: unknown, min: number, max: number): v is number {
    return Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
}

/** Largest TCP/UDP port. */
export const MAX_PORT = 65535;

/** A TCP/UDP port, 1..65535 (0 too with `allowZero`: a clone pool member's "any port"). */
export function isPort(v: unknown, allowZero = false): v is number {
    return isIntIn(v, allowZero ? 0 : 1, MAX_PORT);
}

/** `v` when it is a TCP port 1..65535; otherwise a ConfigError naming `setting`. */
export function checkPort(v: unknown, setting: string): number {
    check(isPort(v), setting, `${JSON.stringify(v)} is not a TCP port`);
    return v;
}

/** BIG-IP `net vlan mtu` range (F5's bigip_vlan module and Declarative Onboarding schema: 576..9198, default 1500). */
export const MIN_VLAN_MTU = 576;
export const MAX_VLAN_MTU = 9198;
/** IPv4's minimum reassembly size; a smaller tunnel MTU is never useful. */
export const MIN_TUNNEL_MTU = 576;
/** Largest MTU any AWS path carries (a collector's tunnel device never needs more). */
export const MAX_TUNNEL_MTU = 9001;
/** Largest `net tunnels tunnel mtu` (0 = derived by the device). */
export const MAX_BIGIP_TUNNEL_MTU = 65515;

/** VXLAN network identifiers are 24 bits. */
export const MAX_VNI = 16777215;
/** GRE keys (and the BIG-IP tunnel `key`, which holds a VNI for VXLAN) are 32 bits. */
export const MAX_TUNNEL_KEY = 4294967295;

/** VXLAN network identifier range (24 bits). 0 is legal on the wire but reserved here to catch unset values. */
export function checkVni(vni: unknown, setting: string): number {
    check(isIntIn(vni, 1, MAX_VNI), setting, `${JSON.stringify(vni)} is not a VNI (an integer 1..${MAX_VNI})`);
    return vni;
}
