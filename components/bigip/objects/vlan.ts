import { MAX_VLAN_MTU, MIN_VLAN_MTU } from "../../common/values";
import { KindSpec } from "./spec";
import * as pulumi from "@pulumi/pulumi";
import { ObjectInputs, ObjectMapping, objectProvider } from "./provider";
import { BigIpResource, CommonArgs, pick } from "./common";
import { is } from "./validation";

/**
 * `net vlan`. Properties, defaults and key order are those of real GETs: CiscoTestAutomation/genieparser
 * `src/genie/libs/parser/bigip/tests/test_get_net_vlan.py` @ a1e5cbf7 (14.1.2.1, four VLANs), ansible/ansible
 * `test/units/modules/network/f5/fixtures/load_vlan.json` @ 1cda9235 (12.1.0, without fwdMode/hardwareSyncookie/
 * synFlood*), F5Networks/f5-ansible-bigip `…/tests/modules/network/f5/fixtures/load_vlans.json` @ f90dbc6f (16.0.0,
 * `expandSubcollections=true`: the `interfaces` items). `ifIndex` is assigned by the device; so is `tag` when none is
 * given ("The system automatically assigns a tag number", F5Networks/f5-ansible `bigip_vlan` docs; the captures'
 * auto-tagged VLANs carry 4094 and 4093). Ranges: tag 1..4094, mtu 576..9198 (same docs).
 */
export const vlanSpec: KindSpec = {
    id: "vlan",
    path: "net/vlan",
    kind: "tm:net:vlan:vlanstate",
    label: "VLAN",
    tmsh: "net vlan",
    sync: { placement: "perUnit", evidence: "sourced",
        source: "'objects that are not synchronized' (F5 K article, copied at https://cordero.me/f5-big-ip-items-not-synced-during-configsynch-between-device-group-members/): 'VLANs'" },
    props: {
        autoLasthop: { tmsh: "auto-lasthop", type: "string", defaultValue: "default", enum: ["default", "enabled", "disabled"] },
        // bigip_vlan maps source/destination hashing to src-ip / dst-ip.
        cmpHash: { tmsh: "cmp-hash", type: "string", defaultValue: "default", enum: ["default", "src-ip", "dst-ip"] },
        dagRoundRobin: { tmsh: "dag-round-robin", type: "string", defaultValue: "disabled", enum: ["enabled", "disabled"] },
        dagTunnel: { tmsh: "dag-tunnel", type: "string", defaultValue: "outer", enum: ["inner", "outer"] },
        description: { tmsh: "description", type: "string" },
        failsafe: { tmsh: "failsafe", type: "string", defaultValue: "disabled", enum: ["enabled", "disabled"] },
        failsafeAction: { tmsh: "failsafe-action", type: "string", defaultValue: "failover-restart-tm" },
        failsafeTimeout: { tmsh: "failsafe-timeout", type: "integer", defaultValue: 90 },
        fwdMode: { tmsh: "fwd-mode", type: "string", defaultValue: "l3" },
        hardwareSyncookie: { tmsh: "hardware-syncookie", type: "string", defaultValue: "disabled", enum: ["enabled", "disabled"] },
        ifIndex: { tmsh: "if-index", type: "integer", readOnly: true },
        learning: { tmsh: "learning", type: "string", defaultValue: "enable-forward" },
        mtu: { tmsh: "mtu", type: "integer", defaultValue: 1500 },
        sflow: {
            tmsh: "sflow", type: "object",
            defaultValue: { pollInterval: 0, pollIntervalGlobal: "yes", samplingRate: 0, samplingRateGlobal: "yes" },
        },
        sourceChecking: { tmsh: "source-checking", type: "string", defaultValue: "disabled", enum: ["enabled", "disabled"] },
        synFloodRateLimit: { tmsh: "syn-flood-rate-limit", type: "integer", defaultValue: 1000 },
        syncacheThreshold: { tmsh: "syncache-threshold", type: "integer", defaultValue: 6000 },
        tag: { tmsh: "tag", type: "integer" },
    },
    subcollections: {
        // Items have no partition (`fullPath` "1.2") and are addressed by raw name (`…/interfaces/1.2`), 16.0.0 capture.
        interfaces: {
            kind: "tm:net:vlan:interfaces:interfacesstate",
            tmsh: "interfaces",
            rawNames: true,
            props: {
                tagMode: { tmsh: "tag-mode", type: "string", defaultValue: "none" },
                // Exactly one of the two is reported, as `true` (f5-sdk: "You cannot send both tagged and untagged").
                tagged: { tmsh: "tagged", type: "boolean" },
                untagged: { tmsh: "untagged", type: "boolean" },
            },
        },
    },
};

/** One interface (or trunk) of a VLAN, as this library holds it: untagged unless `tagged`. */
export interface VlanInterface {
    name: string;
    tagged: boolean;
}

export interface VlanInputs extends ObjectInputs {
    interfaces: VlanInterface[];
    /** Absent: the device picks one, and we do not manage it. */
    tag?: number;
    mtu: number;
    description?: string;
}

/** Interfaces in a canonical order (by name), each with an explicit tagged flag. */
function canonicalInterfaces(v: unknown): VlanInterface[] | unknown {
    if (!Array.isArray(v)) return v;
    return v.map((x) => (x && typeof x === "object" ? { name: (x as any).name, tagged: (x as any).tagged === true } : x))
        .sort((a: any, b: any) => String(a?.name).localeCompare(String(b?.name)));
}

export const vlanMapping: ObjectMapping<VlanInputs> = {
    spec: () => vlanSpec,
    fields: ["interfaces", "tag", "mtu", "description"],
    replaceOn: [],
    readQuery: { expandSubcollections: "true" },
    // We own this VLAN, so its interface list is sent whole, in the device's item form.
    toBody: (i, only) => pick({
        interfaces: i.interfaces.map((x) => (x.tagged ? { name: x.name, tagged: true } : { name: x.name, untagged: true })),
        tag: i.tag,
        mtu: i.mtu,
        description: i.description ?? (only ? "" : undefined), // "" clears a removed one
    }, only),
    fromDevice: (o, i) => ({
        interfaces: canonicalInterfaces((o.interfacesReference?.items ?? []).map((x: any) => ({ name: x.name, tagged: x.tagged === true }))) as VlanInterface[],
        // A tag we were not given is the device's choice, not drift.
        tag: i.tag === undefined ? undefined : o.tag,
        mtu: o.mtu,
        description: o.description || undefined,
    }),
    validate(c, i) {
        c.rule("interfaces", (v) => Array.isArray(v) && v.every((x) => x && typeof x === "object" && /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(x.name)
            && (x.tagged === undefined || typeof x.tagged === "boolean")),
        'must be a list like [{ name: "1.1" }] or [{ name: "1.1", tagged: true }] (interface or trunk names)');
        c.rule("interfaces", (v) => !Array.isArray(v) || new Set(v.map((x: any) => x?.name)).size === v.length, "must not name an interface twice");
        c.rule("tag", (v) => is.int(v, 1, 4094), "must be an 802.1Q tag 1..4094", true);
        c.rule("mtu", (v) => is.int(v, MIN_VLAN_MTU, MAX_VLAN_MTU), `must be ${MIN_VLAN_MTU}..${MAX_VLAN_MTU} (BIG-IP VLAN MTU range; AWS VPC jumbo frames are 9001)`, true);
        c.rule("description", (v) => typeof v === "string", "must be text", true);
        // A tagged interface with a tag the device picked (4094, 4093, …) would not match the switch port.
        c.rule("tag", (v) => v !== undefined || !Array.isArray(i.interfaces) || !i.interfaces.some((x: any) => x?.tagged === true),
            "is required when an interface is tagged: the switch port must carry the same 802.1Q tag");
    },
    normalize: (i) => ({ ...i, interfaces: canonicalInterfaces(i.interfaces) as VlanInterface[], mtu: i.mtu ?? 1500 }),
};

export const vlanProvider = objectProvider(vlanMapping);

export interface VlanArgs extends CommonArgs {
    /** Interfaces (e.g. `1.1`, the VE's first data NIC) or trunks; untagged unless `tagged: true`. The list is ours to manage. */
    readonly interfaces: pulumi.Input<{ name: string; tagged?: boolean }[]>;
    /** 802.1Q tag 1..4094. Required when an interface is tagged; otherwise the device picks one (which we then leave alone). */
    readonly tag?: pulumi.Input<number>;
    /** MTU 576..9198. Defaults to 1500 (the device default); a VPC ENI carries 9001. Changed in place. */
    readonly mtu?: pulumi.Input<number>;
    /** Free text shown in `tmsh list net vlan`. */
    readonly description?: pulumi.Input<string>;
}

/** A VLAN (`net vlan`): the data-plane L2 segment a self IP (and so the tunnel's outer packets) lives on. */
export class Vlan extends BigIpResource {
    constructor(name: string, args: VlanArgs, opts?: pulumi.CustomResourceOptions) {
        super("Vlan", name, { ...args }, [], opts);
    }
}
