import { KindSpec } from "./spec";

/** `net tunnels gre`: a GRE profile. The clone recipe needs encapsulation transparent-ethernet-bridging (no built-in one exists). */
export const greProfileSpec: KindSpec = {
    id: "greProfile",
    path: "net/tunnels/gre",
    kind: "tm:net:tunnels:gre:grestate",
    label: "GRE Profile",
    tmsh: "net tunnels gre",
    sync: { placement: "perUnit", evidence: "inference", copiedWhen: "tunnelSyncEnabled",
        source: "f5devcentral/f5-cis-docs user_guides/k8s-ha/README.md creates it on each device (no F5 text on profile sync)" },
    props: {
        defaultsFrom: { tmsh: "defaults-from", type: "string", ref: ["greProfile"], value: "fullPath" },
        description: { tmsh: "description", type: "string" },
        encapsulation: { tmsh: "encapsulation", type: "string", defaultValue: "standard", enum: ["standard", "nvgre", "transparent-ethernet-bridging"] },
        floodingType: { tmsh: "flooding-type", type: "string", defaultValue: "none", enum: ["none", "multipoint"] },
        rxCsum: { tmsh: "rx-csum", type: "string", defaultValue: "disabled", enum: ["enabled", "disabled"] },
        txCsum: { tmsh: "tx-csum", type: "string", defaultValue: "disabled", enum: ["enabled", "disabled"] },
    },
};
