import { KindSpec } from "./spec";
import { canon, canonOr } from "./canon";
import * as pulumi from "@pulumi/pulumi";
import { ObjectInputs, ObjectMapping, objectProvider } from "./provider";
import { BigIpResource, CommonArgs, pick } from "./common";
import { is } from "./validation";

/** `net arp`: a static ARP entry. `ipAddress` is immutable (the MAC may be PATCHed). */
export const arpSpec: KindSpec = {
    id: "arp",
    path: "net/arp",
    kind: "tm:net:arp:arpstate",
    label: "Static ARP entry",
    tmsh: "net arp",
    sync: { placement: "perUnit", evidence: "sourced",
        source: "'objects that are not synchronized' (F5 K article, copied at https://cordero.me/f5-big-ip-items-not-synced-during-configsynch-between-device-group-members/): 'Static ARP entries'" },
    props: {
        description: { tmsh: "description", type: "string" },
        ipAddress: { tmsh: "ip-address", type: "string", immutable: true, value: "ip" },
        macAddress: { tmsh: "mac-address", type: "string", value: "mac" },
    },
};

export interface StaticArpInputs extends ObjectInputs {
    ipAddress: string;
    macAddress: string;
    description?: string;
}

export const staticArpMapping: ObjectMapping<StaticArpInputs> = {
    spec: () => arpSpec,
    fields: ["ipAddress", "macAddress", "description"],
    replaceOn: ["ipAddress"],
    toBody: (i, only) => pick({ ipAddress: i.ipAddress, macAddress: i.macAddress, description: i.description ?? (only ? "" : undefined) }, only),
    fromDevice: (o) => ({ ipAddress: canonOr(canon.ip, o.ipAddress), macAddress: canonOr(canon.mac, o.macAddress), description: o.description || undefined }),
    validate(c) {
        c.rule("ipAddress", (v) => is.ip(v), "must be the collector's overlay IP address");
        c.rule("macAddress", (v) => is.mac(v), "must be a unicast MAC like 02:00:5e:10:00:01 (the collector tunnel interface's MAC)");
    },
    normalize: (i) => ({ ...i, ipAddress: canonOr(canon.ip, i.ipAddress), macAddress: canonOr(canon.mac, i.macAddress) }),
};

export const staticArpProvider = objectProvider(staticArpMapping);

export interface StaticArpArgs extends CommonArgs {
    /** The collector's overlay IP. Immutable on the device: changing it replaces the entry. */
    readonly ipAddress: pulumi.Input<string>;
    /** The MAC of the collector's tunnel interface. Changed in place. */
    readonly macAddress: pulumi.Input<string>;
    readonly description?: pulumi.Input<string>;
}

/** A static ARP entry (`net arp`): the clone pool member's IP resolves to the collector's tunnel MAC. */
export class StaticArp extends BigIpResource {
    constructor(name: string, args: StaticArpArgs, opts?: pulumi.CustomResourceOptions) {
        super("StaticArp", name, { ...args }, [], opts);
    }
}
