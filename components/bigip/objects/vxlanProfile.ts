import { KindSpec } from "./spec";

/** `net tunnels vxlan`: a VXLAN profile (UDP port; Linux defaults to 8472, the recipe uses IANA 4789). */
export const vxlanProfileSpec: KindSpec = {
    id: "vxlanProfile",
    path: "net/tunnels/vxlan",
    kind: "tm:net:tunnels:vxlan:vxlanstate",
    label: "VXLAN Profile",
    tmsh: "net tunnels vxlan",
    sync: { placement: "perUnit", evidence: "inference", copiedWhen: "tunnelSyncEnabled",
        source: "f5devcentral/f5-cis-docs user_guides/k8s-ha/README.md creates it on each device (no F5 text on profile sync)" },
    props: {
        defaultsFrom: { tmsh: "defaults-from", type: "string", ref: ["vxlanProfile"], value: "fullPath" },
        description: { tmsh: "description", type: "string" },
        encapsulationType: { tmsh: "encapsulation-type", type: "string", defaultValue: "vxlan", enum: ["vxlan", "vxlan-gpe"] },
        floodingType: { tmsh: "flooding-type", type: "string", defaultValue: "multicast", enum: ["none", "multicast", "multipoint", "replicator"] },
        port: { tmsh: "port", type: "integer", defaultValue: 4789 },
    },
};
