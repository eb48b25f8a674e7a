/** The doctor's report as text. */
import { CheckStatus, DoctorCheck, DoctorReport } from "./types";
import { encName } from "./util";

export const SYMBOL: Record<CheckStatus, string> = { ok: "✓", warn: "⚠", fail: "✗", unknown: "?" };
const LABEL_WIDTH = 16;

function line(c: DoctorCheck, indent: string): string {
    // At least two spaces between label and detail, so a label is always found the same way.
    const head = `${indent}${SYMBOL[c.status]} ${c.label.padEnd(LABEL_WIDTH - 1)}  ${c.detail}`;
    return c.hint && c.status !== "ok" ? `${head}\n${indent}    ${c.status === "fail" ? "fix" : "note"}: ${c.hint}` : head;
}

/** The report as text: one line per link (✓ ⚠ ✗ ?), a `fix:` line under each that is not ✓, and a verdict. */
export function renderDoctorReport(r: DoctorReport): string {
    const out: string[] = [];
    out.push(`Clone-path doctor: BIG-IP ${r.device}${r.version ? ` (TMOS ${r.version})` : ""}, tunnel source ${r.tunnelSourceIp}; read only (GET requests, and don't-fragment pings through util/bash)`);
    for (const p of r.paths) {
        out.push("", `Collector ${p.collector}: pool ${p.pool} → tunnel ${p.tunnel} (${encName(p.encapsulation)}, ${p.encapsulation === "vxlan" ? "VNI" : "key"} ${p.key}, MTU ${p.mtu})`);
        let section: string | undefined;
        for (const c of p.checks) {
            if (c.section !== section) { section = c.section; out.push(`  ${section}`); }
            out.push(line(c, "    "));
        }
    }
    out.push("", "Clone-pool attachments");
    if (!r.attachments.length) out.push("  (the stack attached no clone pool)");
    for (const c of r.attachments) out.push(line(c, "  "));
    out.push("", "Clone statistics (GET /mgmt/tm/net/clone-stats: device-wide, since boot or the last reset)");
    if (r.cloneStats.counters) out.push(`    ${Object.entries(r.cloneStats.counters).map(([k, v]) => `${k} ${v}`).join("  ")}`);
    out.push(line(r.cloneStats, "  "));
    out.push("", "Configuration saved");
    out.push(line(r.configSaved, "  "));
    const broken = [
        ...r.paths.flatMap((p) => p.checks.filter((c) => c.status === "fail").map((c) => `${p.collector} ${c.label}`)),
        ...r.attachments.filter((c) => c.status === "fail").map((c) => `attachment ${c.label}`),
    ];
    const tally = `${r.counts.ok} ✓, ${r.counts.warn} ⚠, ${r.counts.fail} ✗, ${r.counts.unknown} ? (not checkable)`;
    out.push("");
    if (r.ok) {
        out.push(`Result: HEALTHY: every link of ${r.paths.length} clone path${r.paths.length === 1 ? "" : "s"} holds (${tally}).`);
    } else {
        out.push(`Result: BROKEN: ${broken.join("; ")} (${tally}).`);
        out.push("A BIG-IP clones silently nowhere while any of these is broken. Drift in objects the stack built: `pulumi refresh` then `pulumi up` converges them back.");
    }
    return `${out.join("\n")}\n`;
}
