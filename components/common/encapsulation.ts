/** The two L2 tunnel encapsulations the product supports, and the wire facts each one implies. */
import { check } from "./errors";

export const ENCAPSULATIONS = ["gre", "vxlan"] as const;
/** `gre` = GRE with transparent Ethernet bridging (gretap, IP protocol 47); `vxlan` = VXLAN over UDP 4789. */
export type Encapsulation = (typeof ENCAPSULATIONS)[number];

/** IANA VXLAN port. Linux and NetworkManager default to 8472, so it is always set explicitly. */
export const VXLAN_PORT = 4789;
/** IP protocol number of GRE, as AWS security group rules spell it. */
export const GRE_PROTOCOL = "47";

export function parseEncapsulation(value: unknown, setting: string): Encapsulation {
    check(typeof value === "string" && (ENCAPSULATIONS as readonly string[]).includes(value), setting,
        `${JSON.stringify(value)} is not a supported encapsulation (use one of: ${ENCAPSULATIONS.join(", ")})`);
    return value as Encapsulation;
}

export { checkVni } from "./values/numbers";
