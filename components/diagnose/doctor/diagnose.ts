/** Every link of every expected clone path, checked against already-read device objects (pure). */
import { ClonePathExpectation, DoctorExpectation } from "../expect";
import { pathOf } from "../resolve";
import { attachmentChecks, cloneStatsCheck, configSavedCheck } from "./attachments";
import { arpCheck, fdbCheck, tunnelSelfCheck } from "./overlay";
import { pathMtuCheck } from "./pathMtuCheck";
import { poolChecks } from "./pool";
import { profileCheck, tunnelCheck, underlayChecks } from "./tunnel";
import { CheckStatus, DoctorDeviceState, DoctorPathCheck, DoctorPathReport, DoctorReport } from "./types";
import { q } from "./util";
import { walkCheck } from "./walk";

function diagnosePath(dev: DoctorDeviceState, exp: DoctorExpectation, p: ClonePathExpectation): DoctorPathReport {
    const tunnel = dev.tunnels.find((t) => pathOf(t) === q(p.tunnel));
    const pool = poolChecks(dev, p);
    const walk = walkCheck(dev, exp, p);
    const checks: DoctorPathCheck[] = [
        ...underlayChecks(dev, exp, p),
        ...(dev.pathProbes ? [pathMtuCheck(exp, p, dev.pathProbes[p.collector])] : []),
        profileCheck(dev, p, tunnel),
        tunnelCheck(exp, p, tunnel),
        tunnelSelfCheck(dev, p),
        arpCheck(dev, p),
        fdbCheck(dev, p, tunnel),
        ...pool.checks,
        walk.check,
    ];
    return {
        collector: p.collector, pool: q(p.pool), tunnel: q(p.tunnel), encapsulation: p.encapsulation, key: p.key, mtu: p.mtu,
        ok: checks.every((x) => x.status !== "fail"), checks, ...(walk.delivery ? { delivery: walk.delivery } : {}),
    };
}

/** Checks every link of every expected clone path against the device objects; pure, never throws on odd device data. */
export function diagnose(dev: DoctorDeviceState, exp: DoctorExpectation): DoctorReport {
    const paths = exp.paths.map((p) => diagnosePath(dev, exp, p));
    const attachments = attachmentChecks(dev, exp);
    const cloneStats = cloneStatsCheck(dev);
    const configSaved = configSavedCheck();
    const counts: Record<CheckStatus, number> = { ok: 0, warn: 0, fail: 0, unknown: 0 };
    for (const c of [...paths.flatMap((p) => p.checks), ...attachments, cloneStats, configSaved]) counts[c.status]++;
    return {
        device: `${exp.device.host}:${exp.device.port ?? 443}`, ...(dev.version ? { version: dev.version } : {}), tunnelSourceIp: exp.tunnelSourceIp,
        ok: counts.fail === 0, counts, paths, attachments, cloneStats, configSaved,
    };
}
