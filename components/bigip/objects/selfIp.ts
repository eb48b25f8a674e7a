import { KindSpec } from "./spec";

/** `net self`. On a tunnel, `vlan` holds the tunnel's full path. `allowService` absent on GET means none. */
export const selfIpSpec: KindSpec = {
    id: "selfIp",
    path: "net/self",
    kind: "tm:net:self:selfstate",
    label: "Self IP",
    tmsh: "net self",
    props: {
        address: { tmsh: "address", type: "string" },
        addressSource: { tmsh: "address-source", type: "string", default: "from-user", readOnly: true },
        allowService: { tmsh: "allow-service", type: "stringOrArray" },
        description: { tmsh: "description", type: "string" },
        floating: { tmsh: "floating", type: "string", default: "disabled", enum: ["enabled", "disabled"] },
        inheritedTrafficGroup: { tmsh: "inherited-traffic-group", type: "string", default: "false", readOnly: true },
        trafficGroup: { tmsh: "traffic-group", type: "string", default: "/Common/traffic-group-local-only", refPath: "cm/traffic-group" },
        unit: { tmsh: "unit", type: "integer", default: 0, readOnly: true },
        vlan: { tmsh: "vlan", type: "string", ref: ["tunnel"], refPath: "net/vlan" },
    },
};
