/** Every modelled kind, by id: the emulator serves exactly these, the tmsh renderer knows exactly these. */
import { KindId, KindSpec, KindSync } from "./spec";
import { greProfileSpec } from "./greProfile";
import { vxlanProfileSpec } from "./vxlanProfile";
import { tunnelSpec } from "./tunnel";
import { selfIpSpec } from "./selfIp";
import { arpSpec } from "./arp";
import { fdbTunnelSpec } from "./fdbTunnel";
import { poolSpec } from "./pool";
import { virtualSpec } from "./virtual";
import { vlanSpec } from "./vlan";
import { routeSpec } from "./route";

export const KINDS: Readonly<Record<KindId, KindSpec>> = {
    greProfile: greProfileSpec,
    vxlanProfile: vxlanProfileSpec,
    tunnel: tunnelSpec,
    selfIp: selfIpSpec,
    arp: arpSpec,
    fdbTunnel: fdbTunnelSpec,
    pool: poolSpec,
    virtual: virtualSpec,
    vlan: vlanSpec,
    route: routeSpec,
};

/** Where objects of `kind` live on an HA pair (spec.ts `KindSync`). */
export function placementOf(kind: KindId): KindSync {
    return KINDS[kind].sync;
}

/** Every kind with its placement, in registry order. */
export const PLACEMENTS: readonly (KindSync & { readonly kind: KindId })[] =
    (Object.keys(KINDS) as KindId[]).map((kind) => ({ kind, ...KINDS[kind].sync }));
