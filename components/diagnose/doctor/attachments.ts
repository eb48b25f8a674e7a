/** Each clone-pool attachment on its virtual, the device-wide clone counters, and why "saved" cannot be checked. */
import { parseStats } from "../../bigip/rest";
import { DoctorExpectation } from "../expect";
import { pathOf } from "../resolve";
import { DoctorCheck, DoctorDeviceState, DoctorReport } from "./types";
import { q } from "./util";

/** A virtual's clonePools entry as REST returns it (`{name, partition, subPath?, context}`) → the pool's full path. */
function clonePoolPath(e: any): string {
    const name = String(e?.name ?? "");
    if (name.startsWith("/")) return name;
    return `/${e?.partition ?? "Common"}/${e?.subPath ? `${e.subPath}/` : ""}${name}`;
}

export function attachmentChecks(dev: DoctorDeviceState, exp: DoctorExpectation): DoctorCheck[] {
    return exp.attachments.map((a) => {
        const vsPath = q(a.virtualServer);
        const pool = q(a.pool);
        const label = `${vsPath} ${a.context}`;
        const add = `modify ltm virtual ${vsPath} clone-pools add { ${pool} { context ${a.context} } }`;
        const vs = dev.virtuals.find((v) => pathOf(v) === vsPath);
        if (!vs) {
            return { link: "attachment", label, status: "fail", detail: `there is no virtual server ${vsPath}: no traffic of it is copied to ${pool}`,
                hint: `the stack attached ${pool} to ${vsPath} (${a.context}): create the virtual server again, or drop that clone target from the stack` };
        }
        // A clone pool without a context is clientside (emulator README: guessed, no capture has one).
        const entries = ((vs.clonePools ?? []) as any[]).map((e) => ({ pool: clonePoolPath(e), context: e?.context ?? "clientside" }));
        const holder = entries.find((e) => e.context === a.context);
        if (holder?.pool === pool) return { link: "attachment", label, status: "ok", detail: `→ ${pool}: its ${a.context} traffic is copied to this clone pool` };
        if (holder) {
            return { link: "attachment", label, status: "fail", detail: `${vsPath}'s ${a.context} clone pool is ${holder.pool}, not ${pool} (one clone pool per context): this collector gets none of it`,
                hint: `modify ltm virtual ${vsPath} clone-pools replace-all-with { ${[...entries.filter((e) => e !== holder).map((e) => `${e.pool} { context ${e.context} }`), `${pool} { context ${a.context} }`].join(" ")} } (only if taking over from ${holder.pool} is intended)` };
        }
        return { link: "attachment", label, status: "fail", detail: `${vsPath} has no ${a.context} clone pool: nothing of its ${a.context} traffic is copied to ${pool}`, hint: add };
    });
}

export function cloneStatsCheck(dev: DoctorDeviceState): DoctorReport["cloneStats"] {
    const c = { link: "clone-stats" as const, label: "clone counters" };
    if (dev.cloneStats === undefined) return { ...c, status: "unknown", detail: `not available: ${dev.cloneStatsError ?? "GET net/clone-stats gave no answer"}` };
    const counters: Record<string, number> = {};
    for (const e of parseStats(dev.cloneStats)) {
        for (const [k, v] of Object.entries(e.values)) if (typeof v === "number") counters[k] = (counters[k] ?? 0) + v;
    }
    if (!Object.keys(counters).length) return { ...c, status: "unknown", detail: "GET net/clone-stats answered without counters" };
    const errors = Object.entries(counters).filter(([k, v]) => /Err$/.test(k) && v > 0);
    if (errors.length) {
        return { ...c, counters, status: "warn",
            detail: `error counters above 0: ${errors.map(([k, v]) => `${k} ${v}`).join(", ")} (device-wide, since boot or the last reset)`,
            hint: "run the doctor again: counters still rising mean copies are failing now. No public F5 source documents what each counter counts" };
    }
    const idle = counters.pktOk === 0 ? "; pktOk 0: nothing cloned since the counters started (no traffic on the attached virtuals yet?)" : "";
    return { ...c, counters, status: "ok", detail: `no error counter above 0${idle}` };
}

/** Why "saved" is not checked: see the module comment of stacks/doctor/cli.ts and the report in the README. */
export const CONFIG_SAVED_NOT_CHECKABLE = "not checkable over iControl REST: no public F5 source documents a field or endpoint that tells whether the "
    + "running configuration differs from the saved one (F5's TMOS manual, \"The BIG-IP System Configuration State\", describes only running vs "
    + "stored configuration and `save sys config`; F5's own Ansible bigip_config saves unconditionally and always reports a change). "
    + "The stack saves after each change it makes";

export function configSavedCheck(): DoctorCheck {
    return { link: "config-saved", label: "config saved", status: "unknown", detail: CONFIG_SAVED_NOT_CHECKABLE,
        hint: "to be sure a reboot keeps the clone path: tmsh save sys config (or POST /mgmt/tm/sys/config {\"command\":\"save\"})" };
}
