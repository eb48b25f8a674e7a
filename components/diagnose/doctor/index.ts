/**
 * `npm run doctor`: is this clone path healthy? A real BIG-IP clones SILENTLY nowhere when any link is wrong, so
 * every link of every clone path the stack built is checked against the device, read over iControl REST (GETs
 * only, one session), and reported with ✓ / ✗ and what to change:
 *   tunnel source  a self IP on a VLAN whose MTU carries the outer packets, a route to the collector (checkUnderlay),
 *                  and the path MTU measured with don't-fragment pings from the self IP to the collector (pathMtu.ts);
 *   tunnel         profile (GRE with transparent-ethernet-bridging, or VXLAN on UDP 4789), tunnel endpoints and key;
 *   overlay        the self IP on the tunnel, the static ARP entry (collector MAC), the FDB record (underlay IP);
 *   clone pool     member IP:0, no monitor that could mark it down, member enabled;
 *   walk           what the device actually does with a copy (resolveClonePool), compared with what the collector expects;
 * then each clone-pool attachment on its virtual, the device-wide clone counters (error counters are a warning),
 * and why "configuration saved" cannot be checked.
 *
 * Three parts: `diagnose` (pure, over already-read device objects: diagnose.ts with the checks in tunnel.ts,
 * overlay.ts, pool.ts, walk.ts, attachments.ts), `readDoctorDevice` (the reader, read.ts; the session in session.ts)
 * and `renderDoctorReport` (text, render.ts). The expectation is the stack output `doctor` (../expect.ts), read from
 * a file by parseDoctorExpectation (expectation.ts).
 *
 * An HA pair (the expectation's optional `peer`): `doctorPair` (read.ts) reads each unit on its own session against
 * its own expectation (unitExpectation: its tunnel source and overlay self IPs), plus its cm/failover-status and sys
 * db iptunnel.configsync; `diagnosePair` (pairChecks.ts, pure) names the active unit and turns a synced link (pool,
 * attachment) that holds on one unit only into a config-sync finding; `renderDoctorPairReport` names the unit on every line.
 */
export type { CheckStatus, DoctorLink, DoctorSection, DoctorCheck, DoctorPathCheck, DoctorPathReport, DoctorReport, DoctorDeviceState } from "./types";
export type { DoctorHaState, DoctorPairReport, DoctorUnitReport } from "./types";
export { diagnosePair, parseFailoverStatus, UNIT_NAMES, unitExpectation } from "./pairChecks";
export type { UnitRead } from "./pairChecks";
export { renderDoctorPairReport } from "./renderPair";
export { diagnose } from "./diagnose";
export { CONFIG_SAVED_NOT_CHECKABLE } from "./attachments";
export { SYMBOL, renderDoctorReport } from "./render";
export { doctorPair, readDoctorState, readDoctorDevice, readHaState } from "./read";
export type { PairUnitConnection } from "./read";
export { DoctorDeviceError, openDeviceSession } from "./session";
export type { DeviceFailure } from "./session";
export { parseDoctorExpectation } from "./expectation";
export { pingCommand, parsePing, planPathProbes, probePaths, STANDARD_MTU } from "./pathMtu";
export type { PathProbe, PathProbePlan, PingResult } from "./pathMtu";
export { pathMtuCheck } from "./pathMtuCheck";
export type { LoadedExpectation } from "./expectation";
