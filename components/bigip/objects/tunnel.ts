import { MAX_BIGIP_TUNNEL_MTU, MAX_TUNNEL_KEY } from "../../common/values";
import { KindSpec } from "./spec";
import { canon, canonOr } from "./canon";
import * as pulumi from "@pulumi/pulumi";
import { ObjectInputs, ObjectMapping, objectProvider } from "./provider";
import { BigIpResource, CommonArgs, pick, qualifyKnown } from "./common";
import { is } from "./validation";

/** `net tunnels tunnel`. The device creates a same-named `net fdb tunnel` with it; `profile` is fixed at creation. */
export const tunnelSpec: KindSpec = {
    id: "tunnel",
    path: "net/tunnels/tunnel",
    kind: "tm:net:tunnels:tunnel:tunnelstate",
    label: "Tunnel",
    tmsh: "net tunnels tunnel",
    sync: { placement: "perUnit", evidence: "sourced", copiedWhen: "tunnelSyncEnabled",
        source: "F5 techdocs (VXLAN tunnels on HA pairs) quoted in f5devcentral/f5-cis-docs user_guides/k8s-ha/README.md: synced unless iptunnel.configsync disable" },
    props: {
        autoLasthop: { tmsh: "auto-lasthop", type: "string", defaultValue: "default", enum: ["default", "enabled", "disabled"] },
        description: { tmsh: "description", type: "string" },
        idleTimeout: { tmsh: "idle-timeout", type: "integer", defaultValue: 300 },
        ifIndex: { tmsh: "if-index", type: "integer", readOnly: true },
        key: { tmsh: "key", type: "integer", defaultValue: 0 },
        localAddress: { tmsh: "local-address", type: "string", defaultValue: "any6", value: "tunnelEnd" },
        mode: { tmsh: "mode", type: "string", defaultValue: "bidirectional", enum: ["bidirectional", "inbound", "outbound"] },
        mtu: { tmsh: "mtu", type: "integer", defaultValue: 0 },
        profile: { tmsh: "profile", type: "string", ref: ["greProfile", "vxlanProfile"], immutable: true, value: "fullPath" },
        remoteAddress: { tmsh: "remote-address", type: "string", defaultValue: "any6", value: "tunnelEnd" },
        secondaryAddress: { tmsh: "secondary-address", type: "string", defaultValue: "any6", value: "tunnelEnd" },
        tos: { tmsh: "tos", type: "string", defaultValue: "preserve" },
        trafficGroup: { tmsh: "traffic-group", type: "string", immutable: true, refPath: "cm/traffic-group" },
        transparent: { tmsh: "transparent", type: "string", defaultValue: "disabled", enum: ["enabled", "disabled"] },
        usePmtu: { tmsh: "use-pmtu", type: "string", defaultValue: "enabled", enum: ["enabled", "disabled"] },
    },
};

export interface TunnelInputs extends ObjectInputs {
    profile: string;
    localAddress: string;
    remoteAddress: string;
    key: number;
    mtu: number;
    tos: string;
    description?: string;
}

export const tunnelMapping: ObjectMapping<TunnelInputs> = {
    spec: () => tunnelSpec,
    fields: ["profile", "localAddress", "remoteAddress", "key", "mtu", "tos", "description"],
    replaceOn: ["profile"],
    toBody: (i, only) => pick({
        profile: i.profile, localAddress: i.localAddress, remoteAddress: i.remoteAddress,
        key: i.key, mtu: i.mtu, tos: i.tos, description: i.description ?? (only ? "" : undefined), // "" clears a removed one
    }, only),
    fromDevice: (o) => ({
        profile: canonOr(canon.fullPath, o.profile), localAddress: canonOr(canon.ip, o.localAddress), remoteAddress: canonOr(canon.ip, o.remoteAddress),
        key: o.key, mtu: Number(o.mtu), tos: String(o.tos), description: o.description || undefined,
    }),
    validate(c) {
        c.rule("profile", (v) => is.name(v), "must name a tunnel profile");
        c.rule("localAddress", (v) => is.ip(v), "must be the BIG-IP self IP the tunnel is sourced from");
        c.rule("remoteAddress", (v) => is.ip(v), "must be the collector's IP address");
        c.rule("key", (v) => is.int(v, 0, MAX_TUNNEL_KEY), `must be an integer 0..${MAX_TUNNEL_KEY} (GRE key or VXLAN VNI)`, true);
        c.rule("mtu", (v) => is.int(v, 0, MAX_BIGIP_TUNNEL_MTU), `must be 0 (automatic) or an MTU up to ${MAX_BIGIP_TUNNEL_MTU}`, true);
        c.rule("tos", (v) => v === "preserve" || is.int(Number(v), 0, 255), "must be preserve or 0..255", true);
    },
    normalize: (i) => ({ ...i, profile: qualifyKnown(i.profile, i.partition ?? "Common")!, localAddress: canonOr(canon.ip, i.localAddress), remoteAddress: canonOr(canon.ip, i.remoteAddress), key: i.key ?? 0, mtu: i.mtu ?? 0, tos: String(i.tos ?? "preserve") }),
};

export const tunnelProvider = objectProvider(tunnelMapping);

export interface TunnelArgs extends CommonArgs {
    /** Tunnel profile (name or full path). Fixed at creation: changing it replaces the tunnel. */
    readonly profile: pulumi.Input<string>;
    /** The BIG-IP's underlay (data) self IP: the outer source address. */
    readonly localAddress: pulumi.Input<string>;
    /** The collector's underlay IP: the outer destination address. */
    readonly remoteAddress: pulumi.Input<string>;
    /** GRE key or VXLAN VNI. Defaults to 0 (for VXLAN, set the collector's VNI). */
    readonly key?: pulumi.Input<number>;
    /** Tunnel MTU; 0 (default) lets the device derive it. Set it to the path budget (underlay − 38 GRE / − 50 VXLAN). */
    readonly mtu?: pulumi.Input<number>;
    /** Outer TOS: `preserve` (default) or 0..255. */
    readonly tos?: pulumi.Input<string>;
    readonly description?: pulumi.Input<string>;
}

/** A point-to-point tunnel (`net tunnels tunnel`) from the BIG-IP data self IP to one collector. */
export class Tunnel extends BigIpResource {
    constructor(name: string, args: TunnelArgs, opts?: pulumi.CustomResourceOptions) {
        super("Tunnel", name, { ...args }, [], opts);
    }
}
