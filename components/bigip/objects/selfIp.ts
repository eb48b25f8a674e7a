import { KindSpec } from "./spec";
import { canon, canonOr } from "./canon";
import * as pulumi from "@pulumi/pulumi";
import { ObjectInputs, ObjectMapping, objectProvider } from "./provider";
import { BigIpResource, CommonArgs, pick, qualifyKnown } from "./common";
import { is } from "./validation";

/**
 * `net self`. `vlan` holds the full path of a VLAN (a data self IP) or of a tunnel (an overlay self IP); its
 * `vlanReference` links wherever that object lives (`net/vlan/…`, 14.1.2.1 capture; `net/tunnels/tunnel/…`, a 12.1.2
 * curl transcript). `allowService` absent on GET means none.
 */
export const selfIpSpec: KindSpec = {
    id: "selfIp",
    path: "net/self",
    kind: "tm:net:self:selfstate",
    label: "Self IP",
    tmsh: "net self",
    sync: { placement: "perUnit", evidence: "sourced",
        source: "'objects that are not synchronized' (F5 K article, copied at https://cordero.me/f5-big-ip-items-not-synced-during-configsynch-between-device-group-members/): 'Non-floating self IP addresses'" },
    props: {
        address: { tmsh: "address", type: "string", value: "ipPrefix" },
        addressSource: { tmsh: "address-source", type: "string", defaultValue: "from-user", readOnly: true },
        allowService: { tmsh: "allow-service", type: "stringOrArray", items: "string" },
        description: { tmsh: "description", type: "string" },
        floating: { tmsh: "floating", type: "string", defaultValue: "disabled", enum: ["enabled", "disabled"] },
        inheritedTrafficGroup: { tmsh: "inherited-traffic-group", type: "string", defaultValue: "false", readOnly: true },
        trafficGroup: { tmsh: "traffic-group", type: "string", defaultValue: "/Common/traffic-group-local-only", refPath: "cm/traffic-group", value: "fullPath" },
        unit: { tmsh: "unit", type: "integer", defaultValue: 0, readOnly: true },
        vlan: { tmsh: "vlan", type: "string", ref: ["vlan", "tunnel"], value: "fullPath" },
    },
};

export type AllowService = "none" | "all" | "default" | string[];

export interface SelfIpInputs extends ObjectInputs {
    address: string;
    vlan: string;
    allowService: AllowService;
    trafficGroup: string;
    description?: string;
}

/** The device spells "none" as an absent key, "all" as a string, the rest as lists. */
function allowServiceFromDevice(v: unknown): AllowService {
    if (v === undefined || (Array.isArray(v) && v.length === 0)) return "none";
    if (v === "all") return "all";
    if (Array.isArray(v) && v.length === 1 && v[0] === "default") return "default";
    return v as string[];
}

function allowServiceToDevice(v: AllowService): unknown {
    return v === "none" ? [] : v === "default" ? ["default"] : v;
}

export const selfIpMapping: ObjectMapping<SelfIpInputs> = {
    spec: () => selfIpSpec,
    fields: ["address", "vlan", "allowService", "trafficGroup", "description"],
    replaceOn: ["address", "vlan"],
    toBody: (i, only) => pick({
        address: i.address, vlan: i.vlan,
        // On create "none" is simply not sending the key: a new self IP allows nothing.
        allowService: !only && i.allowService === "none" ? undefined : allowServiceToDevice(i.allowService),
        trafficGroup: i.trafficGroup, description: i.description ?? (only ? "" : undefined), // "" clears a removed one
    }, only),
    fromDevice: (o) => ({
        address: canonOr(canon.ipPrefix, o.address), vlan: canonOr(canon.fullPath, o.vlan), allowService: allowServiceFromDevice(o.allowService),
        trafficGroup: o.trafficGroup, description: o.description || undefined,
    }),
    validate(c) {
        c.rule("address", (v) => is.ipWithPrefix(v), "must be an address with prefix length, e.g. 10.254.0.1/29");
        c.rule("vlan", (v) => is.name(v), "must name the tunnel (or VLAN) the self IP lives on");
        c.rule("allowService", (v) => is.oneOf(v, ["none", "all", "default"]) || (Array.isArray(v) && v.every((x) => /^[a-z0-9]+:\d+$/.test(x))),
            'must be "none", "all", "default" or a list like ["tcp:22", "gre:0"]', true);
    },
    normalize: (i) => ({
        ...i,
        address: canonOr(canon.ipPrefix, i.address),
        vlan: qualifyKnown(i.vlan, i.partition ?? "Common")!,
        allowService: i.allowService ?? "none",
        trafficGroup: qualifyKnown(i.trafficGroup ?? "traffic-group-local-only")!,
    }),
};

export const selfIpProvider = objectProvider(selfIpMapping);

export interface SelfIpArgs extends CommonArgs {
    /** Address with prefix length: `10.254.0.1/29` (overlay) or `10.0.2.5/24` (data). Changing it replaces the self IP. */
    readonly address: pulumi.Input<string>;
    /** The tunnel (overlay self IP) or VLAN (data self IP) name or full path. Changing it replaces the self IP. */
    readonly vlan: pulumi.Input<string>;
    /** Port lockdown. Defaults to `none`: the overlay only carries clones, nothing should reach the BIG-IP through it. */
    readonly allowService?: pulumi.Input<AllowService>;
    /** Defaults to `/Common/traffic-group-local-only` (non-floating). */
    readonly trafficGroup?: pulumi.Input<string>;
    /** Free text shown in `tmsh list net self`. */
    readonly description?: pulumi.Input<string>;
}

/**
 * A self IP (`net self`): on the clone tunnel it makes the collector's overlay address L2-adjacent; on a VLAN it is
 * the data address the tunnel's outer packets come from.
 */
export class SelfIp extends BigIpResource {
    constructor(name: string, args: SelfIpArgs, opts?: pulumi.CustomResourceOptions) {
        super("SelfIp", name, { ...args }, [], opts);
    }
}
