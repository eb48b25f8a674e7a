/** The conformance report as text: one line per scenario, then the raw exchanges of every disagreement. */
import { ConformanceReport, ScenarioResult } from "./types";

const MARK: Record<ScenarioResult["verdict"], string> = { agree: "agree", disagree: "DISAGREE", skipped: "skipped", error: "ERROR" };

export function renderConformanceReport(r: ConformanceReport): string {
    const counts = (v: ScenarioResult["verdict"]) => r.results.filter((x) => x.verdict === v).length;
    const lines = [
        `Conformance of the emulator's assumptions, checked on BIG-IP ${r.device.host}:${r.device.port} (version ${r.device.version}), ` +
        `in partition ${r.partition}, ${r.seconds.toFixed(1)} s${r.interrupted ? " — INTERRUPTED, cleaned up" : ""}`,
        `${counts("agree")} agree, ${counts("disagree")} disagree, ${counts("error")} errors, ${counts("skipped")} skipped`,
        "",
    ];
    for (const x of r.results) {
        lines.push(`${MARK[x.verdict].padEnd(9)} ${x.id} [${x.evidence}, ${x.scope}]: ${x.behaviour}`);
        if (x.verdict === "skipped") { lines.push(`          not run: ${x.note}`); continue; }
        lines.push(`          emulator assumes: ${x.assumes}`);
        lines.push(`          device did:       ${x.observed ?? `(error) ${x.note}`}`);
    }
    lines.push("", r.outsideChanges.length ? `OUTSIDE THE PARTITION, CHANGED: ${r.outsideChanges.join("; ")}` : "Outside the partition: nothing changed (listed before and after).");
    lines.push(r.leftovers.length ? `LEFT ON THE DEVICE: ${r.leftovers.join("; ")}` : `Cleaned up: partition ${r.partition} and everything in it removed; the configuration was not saved.`);
    const shown = r.results.filter((x) => x.exchanges?.length);
    if (shown.length) {
        lines.push("", "Requests and answers of each disagreement or error (credentials scrubbed):");
        for (const x of shown) {
            lines.push(`-- ${x.id}`);
            for (const e of x.exchanges!) {
                lines.push(`   ${e.method} ${e.path}${e.body !== undefined ? ` ${JSON.stringify(e.body)}` : ""}`, `   => ${e.status ?? "no answer"} ${JSON.stringify(e.answer)}`);
            }
        }
    }
    lines.push("", "Send it (--json for a file to attach) with an issue: a disagreement means the emulator is wrong for this version.");
    return `${lines.join("\n")}\n`;
}
