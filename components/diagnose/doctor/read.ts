/** Reading the device for the doctor: one session of GETs only. */
import { encodeFullPath } from "../../bigip/objects/spec";
import { parseVersion } from "../../bigip/rest";
import { BigIpConnection, isBigIpError, Session } from "../../bigip/rest/types";
import { DoctorExpectation } from "../expect";
import { readCloneDeviceState, readKind } from "../read";
import { answerUrl, parserFor } from "../../bigip/objects/answer";
import { KINDS } from "../../bigip/objects/registry";
import { planPathProbes, probePaths } from "./pathMtu";
import { DoctorDeviceError, openDeviceSession } from "./session";
import { diagnosePair, parseFailoverStatus, UnitRead, unitExpectation } from "./pairChecks";
import { DoctorDeviceState, DoctorHaState, DoctorPairReport } from "./types";
import { q } from "./util";

/** A GET whose refusal by the device (4xx) is an answer to report; a transport failure or a 5xx is thrown. */
async function tryRead(s: Session, path: string, action: string): Promise<{ body?: any; error?: string }> {
    try {
        return { body: await s.get(path, { action }) };
    } catch (e) {
        if (!isBigIpError(e) || e.transient || e.status === undefined || e.status >= 500) throw e;
        return { error: `GET /mgmt/${path} answered ${e.status} ${e.deviceMessage}` };
    }
}

/** A unit of an HA pair: its failover status and its `sys db iptunnel.configsync` (GETs). */
export async function readHaState(s: Session): Promise<DoctorHaState> {
    const f = await tryRead(s, "tm/cm/failover-status", "reading the failover status");
    const db = await tryRead(s, "tm/sys/db/iptunnel.configsync", "reading sys db iptunnel.configsync");
    const failover = f.body !== undefined ? parseFailoverStatus(f.body) : {};
    const tunnelSync = typeof db.body?.value === "string" ? db.body.value : undefined;
    return {
        ...(failover.status !== undefined ? { failoverStatus: failover.status } : {}), ...(failover.details ? { failoverDetails: failover.details } : {}),
        ...(f.error ? { failoverError: f.error } : failover.status === undefined ? { failoverError: "GET /mgmt/tm/cm/failover-status answered without a status" } : {}),
        ...(tunnelSync !== undefined ? { tunnelSync } : { tunnelSyncError: db.error ?? "GET /mgmt/tm/sys/db/iptunnel.configsync answered without a value" }),
    };
}

/**
 * Reads what `diagnose` needs over one session: GETs (collections, the expected virtuals, clone-stats, version; a unit
 * of a pair, `ha`: its failover status and iptunnel.configsync), then the don't-fragment pings of each path through
 * util/bash (pathMtu.ts; `probe: false` leaves them out).
 */
export async function readDoctorState(s: Session, exp: DoctorExpectation, probe = true, ha = false): Promise<DoctorDeviceState> {
    const clone = await readCloneDeviceState(s);
    const vlans = await readKind(s, "vlan", "the VLANs");
    const routes = await readKind(s, "route", "the routes");
    const virtuals: any[] = [];
    for (const vs of [...new Set(exp.attachments.map((a) => q(a.virtualServer)))]) {
        const path = `tm/ltm/virtual/${encodeFullPath(vs)}`;
        const v = await s.tryGet(path, { action: `reading virtual server ${vs}` });
        // Of a virtual server, only its clone pools are read (and checked: answer.ts).
        if (v) virtuals.push(parserFor(KINDS.virtual).object(v, answerUrl(path), { only: ["clonePools"], values: false }));
    }
    let cloneStats: any;
    let cloneStatsError: string | undefined;
    try {
        cloneStats = await s.get("tm/net/clone-stats", { action: "reading the clone statistics" });
    } catch (e) {
        if (!isBigIpError(e) || e.transient || e.status === undefined || e.status >= 500) throw e;
        cloneStatsError = `GET /mgmt/tm/net/clone-stats answered ${e.status} ${e.deviceMessage}`;
    }
    let version: string | undefined;
    try {
        version = parseVersion(await s.get("tm/sys/version", { action: "reading the version" }));
    } catch (e) {
        if (!isBigIpError(e) || e.status === undefined || e.status >= 500) throw e;
    }
    const haState = ha ? await readHaState(s) : undefined;
    const pathProbes = probe ? await probePaths(s, exp) : undefined;
    return { ...clone, ...(haState ? { ha: haState } : {}), vlans, routes, virtuals, cloneStats, ...(pathProbes ? { pathProbes } : {}), ...(cloneStatsError ? { cloneStatsError } : {}), ...(version ? { version } : {}) };
}

/**
 * One session: readiness, login, the GETs of readDoctorState, logout. Throws DoctorDeviceError saying whether the
 * device could not be reached, was not trusted, refused the credentials, was not ready, or failed a read.
 */
export async function readDoctorDevice(conn: BigIpConnection, exp: DoctorExpectation,
    opts: { ha?: boolean; passwordFrom?: string } = {}): Promise<DoctorDeviceState> {
    const where = `${conn.host}:${conn.port ?? 443}`;
    planPathProbes(exp); // a ConfigError for a value that cannot be rendered into a probe, before anything is sent
    const s = await openDeviceSession(conn, "reading the clone paths (doctor, read only)", opts.passwordFrom);
    try {
        return await readDoctorState(s, exp, true, opts.ha === true);
    } catch (e) {
        throw new DoctorDeviceError("read", `reading the BIG-IP at ${where} failed: ${(e instanceof Error ? e.message : String(e)).replace(`BIG-IP ${where}: `, "")}`);
    } finally {
        await s.close();
    }
}

/** One unit of a pair to read: its connection, and the environment variable its password came from (for messages). */
export interface PairUnitConnection { conn: BigIpConnection; passwordFrom?: string }

/**
 * The doctor on an HA pair: each unit read on its own session (its failover status and iptunnel.configsync too),
 * against its own expectation (unitExpectation), both at once; a unit that cannot be read (DoctorDeviceError, also
 * from `before`, e.g. a fail-fast reachability test) is reported as such and the other is still checked.
 */
export async function doctorPair(units: PairUnitConnection[], exp: DoctorExpectation,
    before?: (conn: BigIpConnection) => Promise<void>): Promise<DoctorPairReport> {
    const reads = await Promise.all(units.map(async (u, i): Promise<UnitRead> => {
        try {
            await before?.(u.conn);
            return { state: await readDoctorDevice(u.conn, unitExpectation(exp, i as 0 | 1), { ha: true, ...(u.passwordFrom ? { passwordFrom: u.passwordFrom } : {}) }) };
        } catch (e) {
            if (e instanceof DoctorDeviceError) return { error: { failure: e.failure, message: e.message } };
            throw e;
        }
    }));
    return diagnosePair(reads, exp);
}
