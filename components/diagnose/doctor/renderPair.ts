/** The doctor's report on an HA pair as text: every line names its unit (`bigip1 (active)`, `bigip2 (standby)`). */
import { SYMBOL } from "./render";
import { DoctorCheck, DoctorPairReport, DoctorUnitReport } from "./types";
import { encName } from "./util";

const LABEL_WIDTH = 16;

/** The report as text: the units, then per clone path each link once per unit, the attachments, counters, verdict. */
export function renderDoctorPairReport(r: DoctorPairReport): string {
    const width = Math.max(...r.units.map((u) => u.tag.length), "pair".length);
    const line = (who: string, c: DoctorCheck, indent: string) => {
        const head = `${indent}${SYMBOL[c.status]} ${who.padEnd(width)}  ${c.label.padEnd(LABEL_WIDTH - 1)}  ${c.detail}`;
        return c.hint && c.status !== "ok" ? `${head}\n${indent}    ${c.status === "fail" ? "fix" : "note"}: ${c.hint}` : head;
    };
    const unread = (u: DoctorUnitReport, indent: string) =>
        `${indent}? ${u.tag.padEnd(width)}  ${"not checked".padEnd(LABEL_WIDTH - 1)}  the unit could not be read (see Units)`;
    const out: string[] = [];
    out.push("Clone-path doctor on an HA pair: each unit checked on its own; read only (GET requests, and don't-fragment pings through util/bash)");
    for (const u of r.units) {
        out.push(`  ${u.tag.padEnd(width)}  BIG-IP ${u.device}${u.version ? ` (TMOS ${u.version})` : ""}, tunnel source ${u.tunnelSourceIp}`);
    }
    out.push("", "Units (cm/failover-status, sys db iptunnel.configsync)");
    for (const u of r.units) out.push(line(u.tag, u.failover, "  "));
    for (const u of r.units) if (!u.error) out.push(line(u.tag, u.tunnelSync, "  "));
    out.push(line("pair", r.activeUnit, "  "));

    const first = r.units.find((u) => u.report)?.report;
    for (const [i, p] of (first?.paths ?? []).entries()) {
        out.push("", `Collector ${p.collector}: pool ${p.pool} → tunnel ${p.tunnel} on each unit (${encName(p.encapsulation)}, ${p.encapsulation === "vxlan" ? "VNI" : "key"} ${p.key}, MTU ${p.mtu})`);
        for (const u of r.units) if (u.error) out.push(unread(u, "  "));
        let section: string | undefined;
        for (const [j, c] of p.checks.entries()) {
            if (c.section !== section) { section = c.section; out.push(`  ${section}`); }
            for (const u of r.units) if (u.report) out.push(line(u.tag, u.report.paths[i].checks[j], "    "));
        }
    }
    out.push("", "Clone-pool attachments (synced: the same on both units)");
    for (const u of r.units) if (u.error) out.push(unread(u, "  "));
    if (first && !first.attachments.length) out.push("  (the stack attached no clone pool)");
    for (const j of (first?.attachments ?? []).keys()) for (const u of r.units) if (u.report) out.push(line(u.tag, u.report.attachments[j], "  "));
    out.push("", "Clone statistics (GET /mgmt/tm/net/clone-stats: per unit, since boot or the last reset)");
    for (const u of r.units) {
        if (!u.report) continue;
        if (u.report.cloneStats.counters) out.push(`    ${u.unit}: ${Object.entries(u.report.cloneStats.counters).map(([k, v]) => `${k} ${v}`).join("  ")}`);
        out.push(line(u.tag, u.report.cloneStats, "  "));
    }
    out.push("", "Configuration saved (each unit saves its own)");
    for (const u of r.units) if (u.report) out.push(line(u.tag, u.report.configSaved, "  "));

    const broken = [
        ...r.units.filter((u) => u.error).map((u) => `${u.tag} not read`),
        ...r.units.filter((u) => u.tunnelSync.status === "fail").map((u) => `${u.tag} tunnel sync`),
        ...r.units.flatMap((u) => [
            ...(u.report?.paths ?? []).flatMap((p) => p.checks.filter((c) => c.status === "fail").map((c) => `${u.tag} ${p.collector} ${c.label}`)),
            ...(u.report?.attachments ?? []).filter((c) => c.status === "fail").map((c) => `${u.tag} attachment ${c.label}`),
        ]),
    ];
    const tally = `${r.counts.ok} ✓, ${r.counts.warn} ⚠, ${r.counts.fail} ✗, ${r.counts.unknown} ? (not checkable)`;
    const who = r.active ? `${r.active} is active` : "no single active unit";
    const n = first?.paths.length ?? 0;
    out.push("");
    if (r.ok) {
        out.push(`Result: HEALTHY: every link of ${n} clone path${n === 1 ? "" : "s"} holds on both units; ${who} (${tally}).`);
    } else {
        out.push(`Result: BROKEN: ${broken.join("; ")}; ${who} (${tally}).`);
        out.push("A unit clones silently nowhere while any of these is broken on it, and the standby does after a failover. Drift in objects the stack built: "
            + "`pulumi refresh` then `pulumi up` converges them back.");
    }
    return `${out.join("\n")}\n`;
}
