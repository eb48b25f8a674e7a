/**
 * A device's report against the emulator's (issue 17.4): for every scenario the device ran, the emulator — started as
 * the device's version — must observe what the device observed. A report a user sends becomes a test this way
 * (test/conformance/reports/): it fails until the emulator is corrected for that version.
 */
import { ConformanceReport } from "./types";

/** `<id>: device <observed> / emulator <observed>` for each scenario the device ran and the emulator sees otherwise. */
export function reportMismatches(device: ConformanceReport, emulator: ConformanceReport): string[] {
    const out: string[] = [];
    for (const d of device.results) {
        if (d.observed === undefined || d.verdict === "skipped" || d.verdict === "error") continue;
        const e = emulator.results.find((x) => x.id === d.id);
        if (!e) { out.push(`${d.id}: not a scenario any more`); continue; }
        if (e.observed !== d.observed) out.push(`${d.id}: device ${JSON.stringify(d.observed)} / emulator ${JSON.stringify(e.observed ?? e.note)}`);
    }
    return out;
}
