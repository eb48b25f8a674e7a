import { KindSpec } from "./spec";

/** `net arp`: a static ARP entry. `ipAddress` is immutable (the MAC may be PATCHed). */
export const arpSpec: KindSpec = {
    id: "arp",
    path: "net/arp",
    kind: "tm:net:arp:arpstate",
    label: "Static ARP entry",
    tmsh: "net arp",
    props: {
        description: { tmsh: "description", type: "string" },
        ipAddress: { tmsh: "ip-address", type: "string", immutable: true },
        macAddress: { tmsh: "mac-address", type: "string" },
    },
};
