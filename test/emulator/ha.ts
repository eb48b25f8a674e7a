/**
 * The two HA endpoints a unit of a device group answers (README "Device group"): `sys db iptunnel.configsync` (GET,
 * PUT, PATCH) and `GET cm/failover-status`. A standalone emulator answers them too (ACTIVE, tunnel sync enabled).
 */
import { Resp } from "./config";
import { invalidValue, methodNotAllowed, notFound } from "./errors";
import { Renderer } from "./render";
import { Store } from "./store";
import { asBody } from "./validate";

export type FailoverStatus = "ACTIVE" | "STANDBY";

/** The db variables modelled, with their defaults and value ranges (the default `enable`: F5 techdocs via CIS-HA). */
const DB: Record<string, { defaultValue: string; valueRange: string }> = {
    "iptunnel.configsync": { defaultValue: "enable", valueRange: "enable disable" },
};

/** The traffic group a unit reports in its failover details (the 14.1.2.1 capture's). */
const TRAFFIC_GROUP = "/Common/traffic-group-1";

/** The device groups every device lists (14.1.2.1 standalone capture, genieparser `test_get_cm_device_group.py` @ a1e5cbf7). */
const BUILT_IN_GROUPS = [
    { name: "device_trust_group", autoSync: "enabled", type: "sync-only" },
    { name: "gtm", autoSync: "disabled", type: "sync-only" },
];

export class Ha {
    failover: FailoverStatus = "ACTIVE";
    /** A sync-failover device group this device is a member of (deviceGroup.ts `startPair`), besides the built-ins. */
    deviceGroup?: { name: string; autoSync: boolean };
    private readonly values = new Map<string, { value: string; generation: number }>();

    constructor(private readonly store: Store, private readonly r: Renderer) {}

    /** A db variable's value (its default until written). */
    db(name: string): string {
        const spec = DB[name];
        if (!spec) throw new Error(`sys db ${name} is not modelled (${Object.keys(DB).join(", ")})`);
        return this.values.get(name)?.value ?? spec.defaultValue;
    }

    /** Requests below /mgmt/tm/ this module answers, or undefined for the others. */
    tm(method: string, tmPath: string, body: unknown, syntaxOnly: boolean): Resp | undefined {
        const path = tmPath.replace(/\/+$/, "");
        if (path === "cm/failover-status") {
            if (method !== "GET") throw methodNotAllowed(method, `/mgmt/tm/${path}`);
            return { status: 200, body: this.failoverStatus() };
        }
        if (path === "cm/device-group") {
            if (method !== "GET") throw methodNotAllowed(method, `/mgmt/tm/${path}`);
            return { status: 200, body: this.deviceGroups() };
        }
        const m = /^sys\/db\/([^/]+)$/.exec(path);
        if (!m) return undefined;
        const name = decodeURIComponent(m[1]);
        const spec = DB[name];
        // Guessed text: a real device has hundreds of db variables; only the modelled ones exist here.
        if (!spec) throw notFound("db variable", name);
        if (method === "GET") return { status: 200, body: this.dbState(name) };
        if (method !== "PUT" && method !== "PATCH") throw methodNotAllowed(method, `/mgmt/tm/${path}`);
        const b = asBody(body);
        for (const [k, v] of Object.entries(b)) {
            if (k === "value") continue;
            if ((k === "name" || k === "fullPath") && v === name) continue;
            if (k === "kind" && v === "tm:sys:db:dbstate") continue;
            throw invalidValue(k, v);
        }
        const value = b.value;
        if (typeof value !== "string" || !spec.valueRange.split(" ").includes(value)) throw invalidValue("value", value ?? null);
        if (syntaxOnly) return { status: 200 };
        if (value !== this.db(name)) this.values.set(name, { value, generation: this.store.bump() });
        return { status: 200, body: this.dbState(name) };
    }

    /**
     * `GET cm/device-group`: the built-in groups with the capture's keys and values, and the pair's group if any.
     * *Inference*: the pair's group has the same keys (type sync-failover, networkFailover enabled).
     */
    private deviceGroups(): Record<string, unknown> {
        const groups = [...BUILT_IN_GROUPS.map((g) => ({ ...g, networkFailover: "disabled" })),
            ...(this.deviceGroup ? [{ name: this.deviceGroup.name, autoSync: this.deviceGroup.autoSync ? "enabled" : "disabled", type: "sync-failover", networkFailover: "enabled" }] : [])];
        return {
            kind: "tm:cm:device-group:device-groupcollectionstate", selfLink: this.r.link("cm/device-group"),
            items: groups.map((g) => ({
                kind: "tm:cm:device-group:device-groupstate", name: g.name, partition: "Common", fullPath: `/Common/${g.name}`, generation: 1,
                selfLink: this.r.link(`cm/device-group/~Common~${g.name}`), asmSync: "disabled", autoSync: g.autoSync, fullLoadOnSync: "false",
                incrementalConfigSyncSizeMax: 1024, networkFailover: g.networkFailover, saveOnAutoSync: "false", type: g.type,
                devicesReference: { link: this.r.link(`cm/device-group/~Common~${g.name}/devices`), isSubcollection: true },
            })),
        };
    }

    /**
     * Keys and key order of a `tm:sys:db:dbstate` (f5-telemetry-streaming `collectTmstats.js` 14.1.2, f5-ansible
     * `test_bigip_sys_db.py` 11.6.1). *Inference*: `scfConfig` "false", `valueRange` "enable disable", the generation.
     */
    private dbState(name: string): Record<string, unknown> {
        const spec = DB[name];
        return {
            kind: "tm:sys:db:dbstate", name, fullPath: name, generation: this.values.get(name)?.generation ?? 1,
            selfLink: this.r.link(`sys/db/${name}`), defaultValue: spec.defaultValue, scfConfig: "false",
            value: this.db(name), valueRange: spec.valueRange,
        };
    }

    /**
     * The 14.1.2.1 capture (genieparser `test_get_cm_failover_status.py` @ a1e5cbf7): ACTIVE, green, "1/1 active",
     * "active for /Common/traffic-group-1". *Inference*: the standby answer (STANDBY, gray, "0/1 active",
     * "standby for /Common/traffic-group-1").
     */
    private failoverStatus(): Record<string, unknown> {
        const active = this.failover === "ACTIVE";
        const base = "https://localhost/mgmt/tm/cm/failoverStatus/0/details";
        return {
            kind: "tm:cm:failover-status:failover-statusstats",
            selfLink: this.r.link("cm/failover-status"),
            entries: {
                "https://localhost/mgmt/tm/cm/failover-status/0": {
                    nestedStats: {
                        entries: {
                            color: { description: active ? "green" : "gray" },
                            [base]: { nestedStats: { entries: { [`${base}/0`]: { nestedStats: { entries: {
                                details: { description: `${active ? "active" : "standby"} for ${TRAFFIC_GROUP}` },
                            } } } } } },
                            status: { description: this.failover },
                            summary: { description: active ? "1/1 active" : "0/1 active" },
                        },
                    },
                },
            },
        };
    }
}
