/**
 * The doctor on an HA pair (expectation `peer`), pure: each unit's own expectation, what a unit says of itself
 * (cm/failover-status, sys db iptunnel.configsync), which unit is active, and the synced links (pool, attachments)
 * compared between the units — one that holds on a unit and not on the other is config-sync not done.
 *
 * Placement (README "HA pairs"): tunnel, overlay self IP, static ARP and FDB record are per unit (same names, each
 * unit's own source and overlay self IP), so each unit is checked against its own; pool and attachments are synced,
 * so each unit is checked against the same ones.
 */
import { DoctorExpectation } from "../expect";
import { diagnose } from "./diagnose";
import { DeviceFailure } from "./session";
import { CheckStatus, DoctorCheck, DoctorDeviceState, DoctorHaState, DoctorPairReport, DoctorReport, DoctorUnitReport } from "./types";

/** The units' names on every line: the first unit (`existingBigip`), then its peer. */
export const UNIT_NAMES = ["bigip1", "bigip2"] as const;

/** The expectation as unit `unit` must meet it: the peer's device, tunnel source and overlay self IPs for unit 1. */
export function unitExpectation(exp: DoctorExpectation, unit: 0 | 1): DoctorExpectation {
    const { peer, ...one } = exp;
    if (unit === 0 || !peer) return one;
    return {
        ...one, device: peer.device, tunnelSourceIp: peer.tunnelSourceIp,
        paths: one.paths.map((p) => ({ ...p, bigipOverlay: peer.paths.find((x) => x.collector === p.collector)?.bigipOverlay ?? p.bigipOverlay })),
    };
}

/**
 * `GET cm/failover-status` → its status (`ACTIVE`, `STANDBY`, …) and details (`active for /Common/traffic-group-1`):
 * the shape of the 14.1.2.1 capture in test/emulator/ha.ts (genieparser), read tolerantly.
 */
export function parseFailoverStatus(body: any): { status?: string; details?: string } {
    const top: any = body?.entries && typeof body.entries === "object" ? Object.values(body.entries)[0] : undefined;
    const e = top?.nestedStats?.entries ?? {};
    const status = typeof e.status?.description === "string" ? e.status.description : undefined;
    const details: string[] = [];
    const walk = (v: any, depth: number) => {
        if (!v || typeof v !== "object" || depth > 8) return;
        if (typeof v.details?.description === "string") details.push(v.details.description);
        for (const x of Object.values(v)) walk(x, depth + 1);
    };
    for (const [k, v] of Object.entries(e)) if (k !== "status") walk(v, 0);
    return { ...(status !== undefined ? { status } : {}), ...(details.length ? { details: details.join("; ") } : {}) };
}

const roleOf = (ha: DoctorHaState | undefined): string =>
    ha?.failoverStatus === undefined ? "role unknown" : ha.failoverStatus.toLowerCase();

function failoverCheck(ha: DoctorHaState): DoctorCheck {
    const c = { link: "failover" as const, label: "failover" };
    if (ha.failoverStatus === undefined) return { ...c, status: "unknown", detail: `not read: ${ha.failoverError ?? "no answer"}` };
    const said = `cm/failover-status ${ha.failoverStatus}${ha.failoverDetails ? ` (${ha.failoverDetails})` : ""}`;
    if (ha.failoverStatus === "ACTIVE") return { ...c, status: "ok", detail: `${said}: this unit carries the traffic, so its clone path is the one cloning now` };
    if (ha.failoverStatus === "STANDBY") return { ...c, status: "ok", detail: `${said}: its clone path takes over at a failover` };
    return { ...c, status: "warn", detail: `${said}: neither active nor standby, so it neither clones nor takes over`, hint: "tmsh show cm failover-status; tmsh show cm sync-status" };
}

function tunnelSyncCheck(ha: DoctorHaState, tag: string): DoctorCheck {
    const c = { link: "tunnel-sync" as const, label: "tunnel sync" };
    if (ha.tunnelSync === undefined) return { ...c, status: "unknown", detail: `not read: ${ha.tunnelSyncError ?? "no answer"}` };
    if (ha.tunnelSync === "disable") return { ...c, status: "ok", detail: "sys db iptunnel.configsync disable: config-sync leaves this unit's own tunnels alone" };
    return { ...c, status: "fail",
        detail: `sys db iptunnel.configsync is "${ha.tunnelSync}": a config-sync copies the other unit's tunnels (with its local address) over this unit's own, `
            + "and this unit's tunnels then leave from a self IP it does not have",
        hint: `on ${tag}: tmsh modify sys db iptunnel.configsync value disable, then tmsh save sys config (F5: disable it on both units before creating tunnels; `
            + "then `pulumi up` puts back what a sync overwrote)" };
}

function activeCheck(units: DoctorUnitReport[]): { check: DoctorCheck; active?: string } {
    const c = { link: "active-unit" as const, label: "active unit" };
    const actives = units.filter((u) => u.role === "active");
    const unread = units.filter((u) => u.error).map((u) => u.unit);
    const others = (u: DoctorUnitReport) => units.filter((x) => x !== u).map((x) => x.tag).join(", ");
    if (actives.length === 1) {
        return { active: actives[0].unit, check: { ...c, status: "ok", detail: `${actives[0].tag} is active: its clone path clones now; ${others(actives[0])}` } };
    }
    const hint = "tmsh show cm failover-status and tmsh show cm sync-status on each unit (device trust, the failover network)";
    if (actives.length > 1) {
        return { check: { ...c, status: "warn", hint,
            detail: `${actives.map((u) => u.unit).join(" and ")} both report ACTIVE: the units do not see each other (split brain), each clones what reaches it` } };
    }
    return { check: { ...c, status: "warn", hint,
        detail: unread.length ? `no unit that answered reports ACTIVE (${unread.join(", ")} not read)` : "neither unit reports ACTIVE: nothing is cloned until one is" } };
}

/** The synced links of a path's report: the pool's (placed on the first unit, copied by config-sync). */
const SYNCED = new Set(["member", "monitor", "member-state"]);

/** A synced link that holds on one unit and not on the other: config-sync has not copied it; say so and how to sync. */
function syncFinding(c: DoctorCheck, holds: DoctorUnitReport): DoctorCheck {
    return { ...c, detail: `${c.detail} — but it holds on ${holds.tag}: config-sync has not copied the synced configuration to this unit`,
        hint: `on ${holds.unit} (${holds.device}): tmsh run cm config-sync to-group <device group> (tmsh list cm device-group names it; `
            + `${holds.unit}'s synced configuration then replaces the other's), or turn on auto-sync of the device group` };
}

function compareSynced(units: DoctorUnitReport[]): void {
    const [a, b] = units;
    if (!a.report || !b.report) return;
    const pairs: [DoctorCheck[], DoctorCheck[]][] = [[a.report.attachments, b.report.attachments],
        ...a.report.paths.map((p, i): [DoctorCheck[], DoctorCheck[]] => [p.checks, b.report!.paths[i].checks])];
    for (const [x, y] of pairs) {
        x.forEach((cx, i) => {
            const cy = y[i];
            if (!cy || cx.link !== cy.link || !(SYNCED.has(cx.link) || cx.link === "attachment")) return;
            if (cx.status === "fail" && cy.status === "ok") x[i] = syncFinding(cx, b);
            if (cy.status === "fail" && cx.status === "ok") y[i] = syncFinding(cy, a);
        });
    }
    for (const u of units) for (const p of u.report!.paths) p.ok = p.checks.every((c) => c.status !== "fail");
}

/** What reading one unit gave: its device objects, or why it could not be read. */
export type UnitRead = { state: DoctorDeviceState } | { error: { failure: DeviceFailure; message: string } };

/** Both units' reports, the HA lines, the synced links compared, the active unit (pure). */
export function diagnosePair(reads: UnitRead[], exp: DoctorExpectation): DoctorPairReport {
    const units: DoctorUnitReport[] = reads.map((r, i) => {
        const ue = unitExpectation(exp, i as 0 | 1);
        const unit = UNIT_NAMES[i];
        const device = `${ue.device.host}:${ue.device.port ?? 443}`;
        if ("error" in r) {
            const tag = `${unit} (unreachable)`;
            const skip = (link: "failover" | "tunnel-sync", label: string): DoctorCheck => ({ link, label, status: "unknown", detail: "not read: the unit could not be read" });
            return { unit, role: "unreachable", tag, device, tunnelSourceIp: ue.tunnelSourceIp, error: r.error,
                failover: { link: "failover", label: "device", status: "fail", detail: r.error.message }, tunnelSync: skip("tunnel-sync", "tunnel sync") };
        }
        const ha = r.state.ha ?? {};
        const role = roleOf(ha);
        const tag = `${unit} (${role})`;
        const report = diagnose(r.state, ue);
        return { unit, role, tag, device, tunnelSourceIp: ue.tunnelSourceIp, ...(report.version ? { version: report.version } : {}),
            failover: failoverCheck(ha), tunnelSync: tunnelSyncCheck(ha, tag), report };
    });
    compareSynced(units);
    const { check: activeUnit, active } = activeCheck(units);
    for (const r of units.map((u) => u.report)) {
        if (!r) continue;
        r.counts = tally(checksOf(r));
        r.ok = r.counts.fail === 0;
    }
    const counts = tally([...units.flatMap((u) => [u.failover, u.tunnelSync, ...(u.report ? checksOf(u.report) : [])]), activeUnit]);
    return { pair: true, ok: counts.fail === 0 && units.every((u) => u.report), counts, ...(active ? { active } : {}), activeUnit, units };
}

const checksOf = (r: DoctorReport): DoctorCheck[] => [...r.paths.flatMap((p) => p.checks), ...r.attachments, r.cloneStats, r.configSaved];

function tally(checks: DoctorCheck[]): Record<CheckStatus, number> {
    const counts: Record<CheckStatus, number> = { ok: 0, warn: 0, fail: 0, unknown: 0 };
    for (const c of checks) counts[c.status]++;
    return counts;
}
