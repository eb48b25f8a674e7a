import { KindSpec } from "./spec";

/**
 * `net fdb tunnel`: exists exactly while the same-named tunnel exists (never created or deleted itself).
 * We only ever add or remove single records through its `records` sub-collection.
 */
export const fdbTunnelSpec: KindSpec = {
    id: "fdbTunnel",
    path: "net/fdb/tunnel",
    kind: "tm:net:fdb:tunnel:tunnelstate",
    label: "FDB tunnel",
    tmsh: "net fdb tunnel",
    props: {},
    subcollections: {
        records: {
            kind: "tm:net:fdb:tunnel:records:recordsstate",
            tmsh: "records",
            rawNames: true,
            props: { endpoint: { tmsh: "endpoint", type: "string" } },
        },
    },
};
