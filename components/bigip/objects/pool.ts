import { DeviceObject } from "./answer";
import { KindSpec } from "./spec";
import { canon, canonOr } from "./canon";
import * as pulumi from "@pulumi/pulumi";
import { ObjectInputs, ObjectMapping, objectProvider } from "./provider";
import { BigIpResource, CommonArgs, pick, qualifyKnown } from "./common";
import { is, isUnknown } from "./validation";

/** `ltm pool`. Clone-pool members are `IP:0`; a monitor is optional (a failing one silently stops cloning). */
export const poolSpec: KindSpec = {
    id: "pool",
    path: "ltm/pool",
    kind: "tm:ltm:pool:poolstate",
    label: "Pool",
    tmsh: "ltm pool",
    sync: { placement: "synced", evidence: "inference",
        source: "DSC 14.1.0 manual, https://techdocs.f5.com/en-us/bigip-14-1-0/big-ip-device-service-clustering-administration-14-1-0/managing-configuration-synchronization.html (LTM config syncs; no F5 sentence names pools)" },
    props: {
        allowNat: { tmsh: "allow-nat", type: "string", defaultValue: "yes" },
        allowSnat: { tmsh: "allow-snat", type: "string", defaultValue: "yes" },
        description: { tmsh: "description", type: "string" },
        ignorePersistedWeight: { tmsh: "ignore-persisted-weight", type: "string", defaultValue: "disabled" },
        ipTosToClient: { tmsh: "ip-tos-to-client", type: "string", defaultValue: "pass-through" },
        ipTosToServer: { tmsh: "ip-tos-to-server", type: "string", defaultValue: "pass-through" },
        linkQosToClient: { tmsh: "link-qos-to-client", type: "string", defaultValue: "pass-through" },
        linkQosToServer: { tmsh: "link-qos-to-server", type: "string", defaultValue: "pass-through" },
        loadBalancingMode: { tmsh: "load-balancing-mode", type: "string", defaultValue: "round-robin" },
        minActiveMembers: { tmsh: "min-active-members", type: "integer", defaultValue: 0 },
        minUpMembers: { tmsh: "min-up-members", type: "integer", defaultValue: 0 },
        minUpMembersAction: { tmsh: "min-up-members-action", type: "string", defaultValue: "failover" },
        minUpMembersChecking: { tmsh: "min-up-members-checking", type: "string", defaultValue: "disabled" },
        monitor: { tmsh: "monitor", type: "string", refPath: "ltm/monitor" },
        queueDepthLimit: { tmsh: "queue-depth-limit", type: "integer", defaultValue: 0 },
        queueOnConnectionLimit: { tmsh: "queue-on-connection-limit", type: "string", defaultValue: "disabled" },
        queueTimeLimit: { tmsh: "queue-time-limit", type: "integer", defaultValue: 0 },
        reselectTries: { tmsh: "reselect-tries", type: "integer", defaultValue: 0 },
        serviceDownAction: { tmsh: "service-down-action", type: "string", defaultValue: "none" },
        slowRampTime: { tmsh: "slow-ramp-time", type: "integer", defaultValue: 10 },
    },
    subcollections: {
        members: {
            kind: "tm:ltm:pool:members:membersstate",
            tmsh: "members",
            // Fields, defaults and their order as an 11.6.0 device lists members (pr8kerl/f5er README.md, GET
            // …/pool/~DMZ~…/members?ver=11.6.0: address `x.x.x.x%6`, connectionLimit 0, dynamicRatio 1, ephemeral
            // "false", fqdn {autopopulate: "disabled"}, inheritProfile "enabled", logging "disabled", monitor
            // "default", priorityGroup 0, rateLimit "disabled", ratio 1, session, state).
            itemName: "memberName",
            props: {
                address: { tmsh: "address", type: "string", value: "ip" },
                connectionLimit: { tmsh: "connection-limit", type: "integer", defaultValue: 0 },
                description: { tmsh: "description", type: "string" },
                dynamicRatio: { tmsh: "dynamic-ratio", type: "integer", defaultValue: 1 },
                ephemeral: { tmsh: "ephemeral", type: "string", defaultValue: "false", readOnly: true },
                fqdn: { tmsh: "fqdn", type: "object", defaultValue: { autopopulate: "disabled" } },
                inheritProfile: { tmsh: "inherit-profile", type: "string", defaultValue: "enabled", enum: ["enabled", "disabled"] },
                logging: { tmsh: "logging", type: "string", defaultValue: "disabled", enum: ["enabled", "disabled"] },
                monitor: { tmsh: "monitor", type: "string", defaultValue: "default" },
                priorityGroup: { tmsh: "priority-group", type: "integer", defaultValue: 0 },
                rateLimit: { tmsh: "rate-limit", type: "string", defaultValue: "disabled" },
                ratio: { tmsh: "ratio", type: "integer", defaultValue: 1 },
                session: { tmsh: "session", type: "string", defaultValue: "user-enabled" },
                state: { tmsh: "state", type: "string", defaultValue: "unchecked" },
            },
        },
    },
};

export interface PoolInputs extends ObjectInputs {
    /** `IP:port` member names (`10.254.0.2:0` for a clone target). */
    members: string[];
    /** Monitor expression, or "" for none. */
    monitor: string;
    loadBalancingMode: string;
    description?: string;
}

/** `{name, address}` of a canonical member name (`10.0.0.1%1:0` → address `10.0.0.1%1`; IPv6 `2001:db8::1.0`). */
function memberBody(m: string) {
    const sep = m.includes(".") && !m.includes("::") && (m.match(/:/g) ?? []).length === 1 ? m.lastIndexOf(":") : m.lastIndexOf(".");
    return { name: m, address: m.slice(0, sep) };
}

/** A monitor expression as the device stores it: bare names qualified (`gateway_icmp` → `/Common/gateway_icmp`), none = "". */
function canonicalMonitor(v: string | undefined): string {
    if (v === undefined || isUnknown(v)) return v ?? "";
    const t = v.trim();
    if (t === "" || t === "none") return "";
    return t.split(/\s+/).map((w) => (/^[A-Za-z_]/.test(w) && !["and", "min", "of"].includes(w) ? qualifyKnown(w)! : w)).join(" ");
}

export const poolMapping: ObjectMapping<PoolInputs> = {
    spec: () => poolSpec,
    fields: ["members", "monitor", "loadBalancingMode", "description"],
    replaceOn: [],
    readQuery: { expandSubcollections: "true" },
    // We own this pool, so its member list is sent whole (the device has no per-item PATCH).
    toBody: (i, only) => pick({
        members: i.members.map(memberBody),
        monitor: only || i.monitor ? i.monitor : undefined,
        loadBalancingMode: i.loadBalancingMode,
        // Left out of a PATCH the old description would stay: "" clears it.
        description: i.description ?? (only ? "" : undefined),
    }, only),
    fromDevice: (o) => ({
        // Checked where the answer entered (answer.ts): every member's name is IP:port.
        members: ((o.membersReference?.items ?? []) as DeviceObject[]).map((m) => canon.memberName(m.name)!).sort(),
        // Devices report a single monitor with a trailing space ("/Common/http ").
        monitor: String(o.monitor ?? "").trim(),
        loadBalancingMode: o.loadBalancingMode,
        description: o.description || undefined,
    }),
    validate(c) {
        c.rule("members", (v) => Array.isArray(v) && v.every(is.ipPort), "must be a list of IP:port member names, e.g. 10.254.0.2:0");
        c.rule("monitor", (v) => typeof v === "string", "must be a monitor name or expression", true);
    },
    normalize: (i) => ({
        ...i,
        members: Array.isArray(i.members) ? i.members.map((m) => canonOr(canon.ipPort, m)).sort() : i.members,
        monitor: canonicalMonitor(i.monitor),
        loadBalancingMode: i.loadBalancingMode ?? "round-robin",
    }),
};

export const poolProvider = objectProvider(poolMapping);

export interface PoolArgs extends CommonArgs {
    /** Member names `IP:port`. Clone pools use port 0: `["10.254.0.2:0"]`. The pool's member list is ours to manage. */
    readonly members: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Health monitor, e.g. `/Common/gateway_icmp`. Defaults to none: a monitor that cannot reach the collector
     * through the tunnel would mark it down and silently stop cloning.
     */
    readonly monitor?: pulumi.Input<string>;
    /** Defaults to `round-robin`. */
    readonly loadBalancingMode?: pulumi.Input<string>;
    readonly description?: pulumi.Input<string>;
}

/** An LTM pool (`ltm pool`): the clone target (member = collector overlay IP, port 0) or a demo app pool. */
export class Pool extends BigIpResource {
    constructor(name: string, args: PoolArgs, opts?: pulumi.CustomResourceOptions) {
        super("Pool", name, { ...args }, [], opts);
    }
}
