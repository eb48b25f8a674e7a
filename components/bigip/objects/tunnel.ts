import { KindSpec } from "./spec";

/** `net tunnels tunnel`. The device creates a same-named `net fdb tunnel` with it; `profile` is fixed at creation. */
export const tunnelSpec: KindSpec = {
    id: "tunnel",
    path: "net/tunnels/tunnel",
    kind: "tm:net:tunnels:tunnel:tunnelstate",
    label: "Tunnel",
    tmsh: "net tunnels tunnel",
    props: {
        autoLasthop: { tmsh: "auto-lasthop", type: "string", default: "default", enum: ["default", "enabled", "disabled"] },
        description: { tmsh: "description", type: "string" },
        idleTimeout: { tmsh: "idle-timeout", type: "integer", default: 300 },
        ifIndex: { tmsh: "if-index", type: "integer", readOnly: true },
        key: { tmsh: "key", type: "integer", default: 0 },
        localAddress: { tmsh: "local-address", type: "string", default: "any6" },
        mode: { tmsh: "mode", type: "string", default: "bidirectional", enum: ["bidirectional", "inbound", "outbound"] },
        mtu: { tmsh: "mtu", type: "integer", default: 0 },
        profile: { tmsh: "profile", type: "string", ref: ["greProfile", "vxlanProfile"], immutable: true },
        remoteAddress: { tmsh: "remote-address", type: "string", default: "any6" },
        secondaryAddress: { tmsh: "secondary-address", type: "string", default: "any6" },
        tos: { tmsh: "tos", type: "string", default: "preserve" },
        trafficGroup: { tmsh: "traffic-group", type: "string", immutable: true, refPath: "cm/traffic-group" },
        transparent: { tmsh: "transparent", type: "string", default: "disabled", enum: ["enabled", "disabled"] },
        usePmtu: { tmsh: "use-pmtu", type: "string", default: "enabled", enum: ["enabled", "disabled"] },
    },
};
