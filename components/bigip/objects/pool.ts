import { KindSpec } from "./spec";

/** `ltm pool`. Clone-pool members are `IP:0`; a monitor is optional (a failing one silently stops cloning). */
export const poolSpec: KindSpec = {
    id: "pool",
    path: "ltm/pool",
    kind: "tm:ltm:pool:poolstate",
    label: "Pool",
    tmsh: "ltm pool",
    props: {
        allowNat: { tmsh: "allow-nat", type: "string", default: "yes" },
        allowSnat: { tmsh: "allow-snat", type: "string", default: "yes" },
        description: { tmsh: "description", type: "string" },
        ignorePersistedWeight: { tmsh: "ignore-persisted-weight", type: "string", default: "disabled" },
        ipTosToClient: { tmsh: "ip-tos-to-client", type: "string", default: "pass-through" },
        ipTosToServer: { tmsh: "ip-tos-to-server", type: "string", default: "pass-through" },
        linkQosToClient: { tmsh: "link-qos-to-client", type: "string", default: "pass-through" },
        linkQosToServer: { tmsh: "link-qos-to-server", type: "string", default: "pass-through" },
        loadBalancingMode: { tmsh: "load-balancing-mode", type: "string", default: "round-robin" },
        minActiveMembers: { tmsh: "min-active-members", type: "integer", default: 0 },
        minUpMembers: { tmsh: "min-up-members", type: "integer", default: 0 },
        minUpMembersAction: { tmsh: "min-up-members-action", type: "string", default: "failover" },
        minUpMembersChecking: { tmsh: "min-up-members-checking", type: "string", default: "disabled" },
        monitor: { tmsh: "monitor", type: "string", refPath: "ltm/monitor" },
        queueDepthLimit: { tmsh: "queue-depth-limit", type: "integer", default: 0 },
        queueOnConnectionLimit: { tmsh: "queue-on-connection-limit", type: "string", default: "disabled" },
        queueTimeLimit: { tmsh: "queue-time-limit", type: "integer", default: 0 },
        reselectTries: { tmsh: "reselect-tries", type: "integer", default: 0 },
        serviceDownAction: { tmsh: "service-down-action", type: "string", default: "none" },
        slowRampTime: { tmsh: "slow-ramp-time", type: "integer", default: 10 },
    },
    subcollections: {
        members: {
            kind: "tm:ltm:pool:members:membersstate",
            tmsh: "members",
            props: {
                address: { tmsh: "address", type: "string" },
                description: { tmsh: "description", type: "string" },
                monitor: { tmsh: "monitor", type: "string", default: "default" },
                session: { tmsh: "session", type: "string", default: "user-enabled" },
                state: { tmsh: "state", type: "string", default: "unchecked" },
            },
        },
    },
};
