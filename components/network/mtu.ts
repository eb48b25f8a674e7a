/**
 * Tunnel MTU math (pure). The clone tunnel carries whole Ethernet frames, so the inner MTU is the underlay
 * path's IP MTU minus the encapsulation overhead; anything below 1500 means full-size cloned frames cannot
 * be carried without fragmenting the outer packet, which is refused unless the user opts in.
 */
import { check } from "../common/errors";
import { Encapsulation } from "../common/encapsulation";
import { MAX_VLAN_MTU, MIN_TUNNEL_MTU, MIN_VLAN_MTU } from "../common/values/numbers";

export const UNDERLAY_PATHS = ["same-vpc", "peering", "peering-inter-region", "transit-gateway", "internet"] as const;
/** How the BIG-IP reaches the collector; it decides the largest outer packet AWS will carry. */
export type UnderlayPath = (typeof UNDERLAY_PATHS)[number];

/** Largest IP packet each path carries (AWS EC2 network MTU and Transit Gateway quotas). */
export const UNDERLAY_MTU: Readonly<Record<UnderlayPath, number>> = {
    "same-vpc": 9001,
    "peering": 9001,
    "peering-inter-region": 8500,
    "transit-gateway": 8500,
    "internet": 1500,
};

/**
 * Bytes each encapsulation adds on top of the inner L3 MTU. GRE-TEB: 20 outer IPv4 + 4 GRE (no key, no
 * checksum) + 14 inner Ethernet. VXLAN: 20 outer IPv4 + 8 UDP + 8 VXLAN + 14 inner Ethernet.
 */
export const ENCAP_OVERHEAD: Readonly<Record<Encapsulation, number>> = { gre: 38, vxlan: 50 };

/** BIG-IP `net vlan mtu` range and the smallest useful tunnel MTU: value types, components/common/values/numbers.ts. */
export { MIN_VLAN_MTU, MAX_VLAN_MTU, MIN_TUNNEL_MTU } from "../common/values/numbers";
/**
 * Default MTU of the data VLANs this library creates: AWS's jumbo MTU inside a VPC and over intra-region
 * peering, so a full 1500-byte frame fits in the tunnel with room to spare. F5's templates set 1500, and no
 * public F5 source states that VE on AWS passes jumbo frames (*Inference* that it does; see README).
 */
export const DEFAULT_DATA_VLAN_MTU = 9001;
/** The inner MTU a standard Ethernet segment needs. */
export const STANDARD_MTU = 1500;

export function parseUnderlayPath(value: unknown, setting: string): UnderlayPath {
    check(typeof value === "string" && (UNDERLAY_PATHS as readonly string[]).includes(value), setting,
        `${JSON.stringify(value)} is not a known underlay path (use one of: ${UNDERLAY_PATHS.join(", ")})`);
    return value as UnderlayPath;
}

export interface TunnelMtuOptions {
    /** How the BIG-IP reaches the collector. */
    path: UnderlayPath;
    /** Decides the overhead (ENCAP_OVERHEAD). */
    encapsulation: Encapsulation;
    /**
     * MTU of the BIG-IP VLAN the outer packets leave on; the underlay is then min(path MTU, this). Default: the
     * path MTU alone.
     */
    linkMtu?: number;
    /** Setting named when `linkMtu` is what limits the budget. Default "linkMtu". */
    linkSetting?: string;
    /** Explicit inner MTU; must fit the path (576..underlay − overhead). */
    override?: number;
    /** Accept an inner MTU below 1500 (full-size frames then need outer fragmentation). Default false. */
    allowBelow1500?: boolean;
    /** Setting named in errors. Default "tunnelMtu". */
    setting?: string;
    /** Name of the allow flag, quoted in the below-1500 error. Default "allowBelow1500". */
    allowSetting?: string;
}

export interface TunnelMtu {
    /** IP MTU of the underlay path. */
    underlay: number;
    /** Encapsulation overhead in bytes. */
    overhead: number;
    /** MTU to set on the tunnel device (the inner L3 MTU). */
    inner: number;
}

export function tunnelMtu(opts: TunnelMtuOptions): TunnelMtu {
    const setting = opts.setting ?? "tunnelMtu";
    const allowSetting = opts.allowSetting ?? "allowBelow1500";
    const pathMtu = UNDERLAY_MTU[opts.path];
    const overhead = ENCAP_OVERHEAD[opts.encapsulation];
    check(pathMtu !== undefined, setting, `unknown underlay path ${JSON.stringify(opts.path)}`);
    const linkSetting = opts.linkSetting ?? "linkMtu";
    if (opts.linkMtu !== undefined) {
        check(Number.isInteger(opts.linkMtu) && opts.linkMtu >= MIN_VLAN_MTU && opts.linkMtu <= MAX_VLAN_MTU, linkSetting,
            `${JSON.stringify(opts.linkMtu)} must be an integer ${MIN_VLAN_MTU}..${MAX_VLAN_MTU} (the BIG-IP VLAN MTU range)`);
    }
    const underlay = Math.min(pathMtu, opts.linkMtu ?? pathMtu);
    const limit = opts.linkMtu !== undefined && opts.linkMtu < pathMtu ? `BIG-IP data VLAN MTU ${opts.linkMtu} (${linkSetting})` : `path "${opts.path}" MTU ${pathMtu}`;
    check(overhead !== undefined, setting, `unknown encapsulation ${JSON.stringify(opts.encapsulation)}`);
    const max = underlay - overhead;
    if (opts.override !== undefined) {
        const o = opts.override;
        check(Number.isInteger(o) && o >= MIN_TUNNEL_MTU && o <= max, setting,
            `${JSON.stringify(o)} must be an integer ${MIN_TUNNEL_MTU}..${max} (${limit} minus ${opts.encapsulation} overhead ${overhead})`);
    }
    const inner = opts.override ?? max;
    check(inner >= STANDARD_MTU || opts.allowBelow1500 === true, setting,
        `tunnel MTU ${inner} is below ${STANDARD_MTU} (${limit} minus ${opts.encapsulation} overhead ${overhead} = ${max}), ` +
        `so full-size cloned frames would need fragmentation; use a jumbo-capable path or set ${allowSetting}: true`);
    return { underlay, overhead, inner };
}
