import { KindSpec } from "./spec";
import { canon, canonOr } from "./canon";
import * as pulumi from "@pulumi/pulumi";
import { ObjectInputs, ObjectMapping, objectProvider } from "./provider";
import { BigIpResource, CommonArgs, pick } from "./common";
import { canonRouteNetwork, hasHostBits, MAX_VLAN_MTU, parseNet } from "../../common/values";
import { is, isUnknown } from "./validation";

/**
 * `net route` (a static route). Shapes from real GETs: CiscoTestAutomation/genieparser
 * `src/genie/libs/parser/bigip/tests/test_get_net_route.py` @ a1e5cbf7 (14.1.2.1: description, gw, mtu 0, network
 * `default` or a CIDR), F5Networks/f5-ansible `…/fixtures/load_net_route_use_pool.json` @ dfbf3b32 (12.1.0: pool and
 * poolReference after network), and a 12.1.2 curl transcript of an Azure IPsec setup (public source, repository not
 * identified: tmInterface and tmInterfaceReference, linking where the tunnel lives, come before mtu) — so the key
 * order below is the device's, not alphabetical. `network` cannot change: f5-sdk lists it among the route's
 * read-only attributes after creation, and bigip_static_route says "This value cannot be changed once it is set"
 * ("Delete and recreate the static route").
 */
export const routeSpec: KindSpec = {
    id: "route",
    path: "net/route",
    kind: "tm:net:route:routestate",
    label: "Route",
    tmsh: "net route",
    sync: { placement: "perUnit", evidence: "inference", copiedWhen: "outsideLocalOnly",
        source: "/LOCAL_ONLY (device-group none): F5Networks/f5-declarative-onboarding Route.localOnly, F5Networks/f5-cloud-libs scripts/aws/1nicSetup.sh" },
    props: {
        description: { tmsh: "description", type: "string" },
        gw: { tmsh: "gw", type: "string", value: "ip" },
        tmInterface: { tmsh: "interface", type: "string", ref: ["vlan", "tunnel"], value: "fullPath" },
        mtu: { tmsh: "mtu", type: "integer", defaultValue: 0 },
        network: { tmsh: "network", type: "string", immutable: true, value: "routeNetwork" },
        pool: { tmsh: "pool", type: "string", ref: ["pool"], value: "fullPath" },
    },
};

export interface RouteInputs extends ObjectInputs {
    /** `default` or a CIDR with the host bits clear. */
    network: string;
    gw: string;
    mtu: number;
    description?: string;
}

/** The device reports the IPv4 default route as `default` (captured); `0.0.0.0/0` is the same route (common/values). */
function canonicalNetwork(v: string): string {
    return isUnknown(v) ? v : canonOr(canonRouteNetwork, v);
}

export const routeMapping: ObjectMapping<RouteInputs> = {
    spec: () => routeSpec,
    fields: ["network", "gw", "mtu", "description"],
    replaceOn: ["network"],
    toBody: (i, only) => pick({
        network: i.network, gw: i.gw, mtu: i.mtu,
        description: i.description ?? (only ? "" : undefined), // "" clears a removed one
    }, only),
    fromDevice: (o) => ({ network: canonicalNetwork(o.network), gw: canonOr(canon.ip, o.gw), mtu: o.mtu, description: o.description || undefined }),
    validate(c) {
        c.rule("network", (v) => {
            const n = parseNet(canonicalNetwork(v));
            return !!n && !hasHostBits(n);
        }, 'must be "default" or a network in CIDR form with the host bits clear, e.g. 10.1.0.0/16');
        c.rule("gw", (v) => is.ip(v), "must be the next-hop IP address (inside one of the BIG-IP's self IP subnets, e.g. the VPC router 10.0.2.1)");
        // 0 = use the egress VLAN's MTU (the device default, captured); the ceiling is the largest VLAN MTU (Inference).
        c.rule("mtu", (v) => is.int(v, 0, MAX_VLAN_MTU), `must be 0 (the VLAN's MTU) or an MTU up to ${MAX_VLAN_MTU}`, true);
        c.rule("description", (v) => typeof v === "string", "must be text", true);
    },
    normalize: (i) => ({ ...i, network: canonicalNetwork(i.network), gw: canonOr(canon.ip, i.gw), mtu: i.mtu ?? 0 }),
};

export const routeProvider = objectProvider(routeMapping);

export interface RouteArgs extends CommonArgs {
    /** Destination: a CIDR such as `10.1.0.0/16`, or `default`. Fixed on the device: changing it replaces the route. */
    readonly network: pulumi.Input<string>;
    /** Next hop; must lie in a self IP subnet of the BIG-IP (the device refuses an unreachable gateway). */
    readonly gw: pulumi.Input<string>;
    /** Path MTU for this route. Defaults to 0: the egress VLAN's MTU. */
    readonly mtu?: pulumi.Input<number>;
    /** Free text shown in `tmsh list net route`. */
    readonly description?: pulumi.Input<string>;
}

/** A static route (`net route`), e.g. towards the collector VPC through the VPC router. */
export class Route extends BigIpResource {
    constructor(name: string, args: RouteArgs, opts?: pulumi.CustomResourceOptions) {
        super("Route", name, { ...args }, [], opts);
    }
}
