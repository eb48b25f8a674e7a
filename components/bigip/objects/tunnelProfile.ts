/** TunnelProfile: the GRE (transparent Ethernet bridging) or VXLAN profile that carries cloned frames. */
import * as pulumi from "@pulumi/pulumi";
import { greProfileSpec } from "./greProfile";
import { vxlanProfileSpec } from "./vxlanProfile";
import { ObjectInputs, ObjectMapping, objectProvider } from "./provider";
import { BigIpResource, CommonArgs, pick } from "./common";
import { isPort } from "../../common/values";
import { is } from "./validation";

export interface TunnelProfileInputs extends ObjectInputs {
    encapsulation: "gre" | "vxlan";
    /** VXLAN UDP port (4789). */
    port?: number;
    /** `none` for point-to-point clone tunnels; `multipoint` when FDB entries choose the endpoint. */
    floodingType: string;
    description?: string;
}

export const tunnelProfileMapping: ObjectMapping<TunnelProfileInputs> = {
    spec: (i) => (i.encapsulation === "vxlan" ? vxlanProfileSpec : greProfileSpec),
    fields: ["encapsulation", "port", "floodingType", "description"],
    replaceOn: ["encapsulation"],
    toBody: (i, only) => {
        const body = i.encapsulation === "vxlan"
            ? { defaultsFrom: "/Common/vxlan", encapsulationType: "vxlan", port: i.port, floodingType: i.floodingType, description: i.description ?? (only ? "" : undefined) }
            : { defaultsFrom: "/Common/gre", encapsulation: "transparent-ethernet-bridging", floodingType: i.floodingType, description: i.description ?? (only ? "" : undefined) };
        // `encapsulation` is the resource's kind switch; only the create body carries the device's own fields for it.
        return pick(body, only && [...only, ...(only.includes("encapsulation") ? ["encapsulationType"] : [])]);
    },
    fromDevice: (o) => ({
        encapsulation: o.kind === vxlanProfileSpec.kind ? "vxlan" : o.encapsulation === "transparent-ethernet-bridging" ? "gre" : o.encapsulation,
        port: o.kind === vxlanProfileSpec.kind ? o.port : undefined,
        floodingType: o.floodingType,
        description: o.description || undefined,
    }),
    validate(c) {
        c.rule("encapsulation", (v) => is.oneOf(v, ["gre", "vxlan"]), "must be gre or vxlan");
        c.rule("port", (v) => isPort(v), "must be a UDP port", true);
        c.rule("floodingType", (v) => is.oneOf(v, ["none", "multipoint"]), "must be none or multipoint", true);
    },
    normalize: (i) => ({
        ...i,
        floodingType: i.floodingType ?? "none",
        port: i.encapsulation === "vxlan" ? i.port ?? 4789 : undefined,
    }),
};

export const tunnelProfileProvider = objectProvider(tunnelProfileMapping);

export interface TunnelProfileArgs extends CommonArgs {
    /** `gre` (GRE with transparent-ethernet-bridging, parent /Common/gre) or `vxlan` (parent /Common/vxlan). Changing it replaces the profile. */
    readonly encapsulation: pulumi.Input<"gre" | "vxlan">;
    /** VXLAN UDP port. Defaults to 4789 (the Linux default 8472 would not match a collector set up by us). */
    readonly port?: pulumi.Input<number>;
    /** Defaults to `none`: one collector per tunnel needs no flooding. */
    readonly floodingType?: pulumi.Input<"none" | "multipoint">;
    readonly description?: pulumi.Input<string>;
}

/** A GRE-TEB or VXLAN tunnel profile (`net tunnels gre|vxlan`). */
export class TunnelProfile extends BigIpResource {
    constructor(name: string, args: TunnelProfileArgs, opts?: pulumi.CustomResourceOptions) {
        super("TunnelProfile", name, { ...args }, [], opts);
    }
}
