import { KindSpec } from "./spec";
import { canon, canonOr } from "./canon";
import * as pulumi from "@pulumi/pulumi";
import { ObjectInputs, ObjectMapping, objectProvider } from "./provider";
import { BigIpResource, CommonArgs, pick, qualifyKnown } from "./common";
import { is } from "./validation";

/**
 * `ltm virtual`. `clonePools` is an inline array (no per-item add/remove): one entry per context at most,
 * so attaching means read-modify-write of the whole list.
 */
export const virtualSpec: KindSpec = {
    id: "virtual",
    path: "ltm/virtual",
    kind: "tm:ltm:virtual:virtualstate",
    label: "Virtual Server",
    tmsh: "ltm virtual",
    sync: { placement: "synced", evidence: "inference",
        source: "DSC 14.1.0 manual, https://techdocs.f5.com/en-us/bigip-14-1-0/big-ip-device-service-clustering-administration-14-1-0/managing-configuration-synchronization.html ('virtual IP addresses' sync)" },
    props: {
        addressStatus: { tmsh: "address-status", type: "string", defaultValue: "yes" },
        autoLasthop: { tmsh: "auto-lasthop", type: "string", defaultValue: "default" },
        clonePools: {
            tmsh: "clone-pools", type: "array", ref: ["pool"],
            items: { context: { tmsh: "context", type: "string", enum: ["clientside", "serverside"] }, nameReference: { tmsh: "", type: "object" } },
        },
        cmpEnabled: { tmsh: "cmp-enabled", type: "string", defaultValue: "yes" },
        connectionLimit: { tmsh: "connection-limit", type: "integer", defaultValue: 0 },
        creationTime: { tmsh: "creation-time", type: "string", readOnly: true },
        description: { tmsh: "description", type: "string" },
        destination: { tmsh: "destination", type: "string", value: "memberName" },
        disabled: { tmsh: "disabled", type: "boolean" },
        enabled: { tmsh: "enabled", type: "boolean", defaultValue: true },
        gtmScore: { tmsh: "gtm-score", type: "integer", defaultValue: 0 },
        ipProtocol: { tmsh: "ip-protocol", type: "string", defaultValue: "tcp" },
        lastModifiedTime: { tmsh: "last-modified-time", type: "string", readOnly: true },
        mask: { tmsh: "mask", type: "string", defaultValue: "255.255.255.255", value: "ip" },
        mirror: { tmsh: "mirror", type: "string", defaultValue: "disabled" },
        mobileAppTunnel: { tmsh: "mobile-app-tunnel", type: "string", defaultValue: "disabled" },
        nat64: { tmsh: "nat64", type: "string", defaultValue: "disabled" },
        pool: { tmsh: "pool", type: "string", ref: ["pool"], value: "fullPath" },
        rateLimit: { tmsh: "rate-limit", type: "string", defaultValue: "disabled" },
        rateLimitDstMask: { tmsh: "rate-limit-dst-mask", type: "integer", defaultValue: 0 },
        rateLimitMode: { tmsh: "rate-limit-mode", type: "string", defaultValue: "object" },
        rateLimitSrcMask: { tmsh: "rate-limit-src-mask", type: "integer", defaultValue: 0 },
        rules: { tmsh: "rules", type: "array", refPath: "ltm/rule", items: "string" },
        serviceDownImmediateAction: { tmsh: "service-down-immediate-action", type: "string", defaultValue: "none" },
        source: { tmsh: "source", type: "string", defaultValue: "0.0.0.0/0", value: "ipPrefix" },
        sourceAddressTranslation: { tmsh: "source-address-translation", type: "object", defaultValue: { type: "none" } },
        sourcePort: { tmsh: "source-port", type: "string", defaultValue: "preserve" },
        synCookieStatus: { tmsh: "syn-cookie-status", type: "string", defaultValue: "not-activated", readOnly: true },
        translateAddress: { tmsh: "translate-address", type: "string", defaultValue: "enabled" },
        translatePort: { tmsh: "translate-port", type: "string", defaultValue: "enabled" },
        vlans: { tmsh: "vlans", type: "array", refPath: "net/vlan", items: "string" },
        vlansDisabled: { tmsh: "vlans-disabled", type: "boolean", defaultValue: true },
        vlansEnabled: { tmsh: "vlans-enabled", type: "boolean" },
        vsIndex: { tmsh: "vs-index", type: "integer", readOnly: true },
    },
    subcollections: {
        profiles: {
            kind: "tm:ltm:virtual:profiles:profilesstate",
            tmsh: "profiles",
            props: { context: { tmsh: "context", type: "string", defaultValue: "all", enum: ["all", "clientside", "serverside"] } },
        },
    },
    extraReferences: ["policiesReference"],
};

export interface VirtualServerInputs extends ObjectInputs {
    /** `IP:port`. */
    destination: string;
    mask: string;
    ipProtocol: string;
    pool?: string;
    profiles: string[];
    snat: "automap" | "none";
    source: string;
    description?: string;
}

export const virtualServerMapping: ObjectMapping<VirtualServerInputs> = {
    spec: () => virtualSpec,
    // Never clonePools: ClonePoolAttachment owns those entries, and a PATCH without the key leaves them alone.
    fields: ["destination", "mask", "ipProtocol", "pool", "profiles", "snat", "source", "description"],
    replaceOn: [],
    readQuery: { expandSubcollections: "true" },
    toBody: (i, only) => pick({
        destination: qualifyKnown(i.destination, i.partition ?? "Common"),
        mask: i.mask,
        ipProtocol: i.ipProtocol,
        // "" removes the default pool, as F5's own tools send it (f5-ansible bigip_virtual_server, go-bigip for
        // terraform-provider-bigip #413); no source shows a device taking "none" here.
        pool: only?.includes("pool") && i.pool === undefined ? "" : i.pool,
        profiles: i.profiles.map((name) => ({ name })),
        sourceAddressTranslation: { type: i.snat },
        source: i.source,
        description: i.description ?? (only ? "" : undefined), // "" clears a removed one
    }, only && only.map((f) => (f === "snat" ? "sourceAddressTranslation" : f))),
    fromDevice: (o) => ({
        destination: canonOr(canon.memberName, String(o.destination)),
        mask: canonOr(canon.ip, o.mask),
        ipProtocol: o.ipProtocol,
        pool: o.pool === undefined ? undefined : canonOr(canon.fullPath, o.pool),
        profiles: (o.profilesReference?.items ?? []).map((p: any) => p.fullPath ?? `/${p.partition}/${p.name}`).sort(),
        snat: o.sourceAddressTranslation?.type === "automap" ? "automap" : "none",
        source: canonOr(canon.ipPrefix, o.source),
        description: o.description || undefined,
    }),
    validate(c) {
        c.rule("destination", is.ipPort, "must be IP:port, e.g. 10.0.2.10:80");
        c.rule("ipProtocol", (v) => is.oneOf(v, ["tcp", "udp", "sctp", "any"]), "must be tcp, udp, sctp or any", true);
        c.rule("snat", (v) => is.oneOf(v, ["automap", "none"]), "must be automap or none", true);
        c.rule("profiles", (v) => Array.isArray(v) && v.every((p) => is.name(p)), "must be a list of profile names", true);
    },
    normalize: (i) => ({
        ...i,
        destination: canonOr(canon.ipPort, i.destination),
        mask: canonOr(canon.ip, i.mask ?? "255.255.255.255"),
        ipProtocol: i.ipProtocol ?? "tcp",
        pool: qualifyKnown(i.pool),
        profiles: Array.isArray(i.profiles ?? ["tcp"]) ? (i.profiles ?? ["tcp"]).map((p) => qualifyKnown(p)!).sort() : i.profiles,
        snat: i.snat ?? "automap",
        source: canonOr(canon.ipPrefix, i.source ?? "0.0.0.0/0"),
    }),
};

export const virtualServerProvider = objectProvider(virtualServerMapping);

export interface VirtualServerArgs extends CommonArgs {
    /** `IP:port` the clients connect to, e.g. `10.0.2.10:80`. */
    readonly destination: pulumi.Input<string>;
    /** Defaults to `255.255.255.255`. */
    readonly mask?: pulumi.Input<string>;
    /** Defaults to `tcp`. */
    readonly ipProtocol?: pulumi.Input<string>;
    /** Default pool (name or full path). */
    readonly pool?: pulumi.Input<string>;
    /** Profiles, e.g. `["tcp", "http"]`. Defaults to `["tcp"]`. */
    readonly profiles?: pulumi.Input<pulumi.Input<string>[]>;
    /** Source address translation. Defaults to `automap`, so server replies return through the BIG-IP. */
    readonly snat?: pulumi.Input<"automap" | "none">;
    /** Source address filter. Defaults to `0.0.0.0/0`. */
    readonly source?: pulumi.Input<string>;
    readonly description?: pulumi.Input<string>;
}

/**
 * A virtual server (`ltm virtual`), enough for a demo HTTP application. Its clone pools are managed by
 * ClonePoolAttachment resources and are never touched here.
 */
export class VirtualServer extends BigIpResource {
    constructor(name: string, args: VirtualServerArgs, opts?: pulumi.CustomResourceOptions) {
        super("VirtualServer", name, { ...args }, [], opts);
    }
}
