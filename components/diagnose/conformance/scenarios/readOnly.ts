/** Scenarios that only read (what no partition can hold): the device's own objects and endpoints, unchanged. */
import { parseCollection } from "../../../bigip/rest/parsers";
import { Scenario } from "../types";

export const READ_ONLY: Scenario[] = [
    {
        id: "default-route-spelling", evidence: "Inference", scope: "read-only", source: "test/emulator/README.md, VLANs and routes (0.0.0.0/0 is read back as default)",
        behaviour: "a default route's network reads back as `default`, not 0.0.0.0/0",
        assumes: "network default",
        async run(ctx) {
            const routes = parseCollection(await ctx.s.get("tm/net/route"));
            const r = routes.find((x) => x.network === "default" || x.network === "0.0.0.0/0" || x.network === "default-inet6");
            return r ? { observed: `network ${r.network}` } : { observed: "no default route", inconclusive: "the device has no default route to read" };
        },
    },
    {
        id: "sys-db-state-shape", evidence: "Inference", scope: "read-only", source: "test/emulator/README.md, Device group (sys db iptunnel.configsync)",
        behaviour: "`sys db iptunnel.configsync` reads back with scfConfig \"false\" and valueRange \"enable disable\"",
        assumes: "scfConfig false, valueRange enable disable",
        async run(ctx) {
            const d = await ctx.s.get("tm/sys/db/iptunnel.configsync");
            return { observed: `scfConfig ${d.scfConfig}, valueRange ${d.valueRange}` };
        },
    },
    {
        id: "failover-status-shape", evidence: "Inference", scope: "read-only", source: "test/emulator/README.md, Device group (failover status; a standalone device ACTIVE)",
        behaviour: "`cm/failover-status` answers with a status and a summary; a standalone device reports ACTIVE",
        assumes: "status ACTIVE or STANDBY",
        async run(ctx) {
            const text = JSON.stringify(await ctx.s.get("tm/cm/failover-status"));
            const status = /"description":"(ACTIVE|STANDBY|OFFLINE|FORCED OFFLINE)"/.exec(text)?.[1];
            return { observed: status === "ACTIVE" || status === "STANDBY" ? "status ACTIVE or STANDBY" : `status ${status ?? "not found"}` };
        },
    },
    {
        id: "device-info-keys", evidence: "Sourced", scope: "read-only", source: "test/emulator/README.md, What F5's own client reads (device-info, f5-conx-core 15.1.0.4)",
        behaviour: "`shared/identified-devices/config/device-info` carries version, build and edition",
        assumes: "build, edition, version present",
        async run(ctx) {
            const d = await ctx.s.get("/mgmt/shared/identified-devices/config/device-info");
            const missing = ["build", "edition", "version"].filter((k) => typeof d?.[k] !== "string");
            return { observed: missing.length ? `missing ${missing.join(", ")}` : "build, edition, version present" };
        },
    },
];
