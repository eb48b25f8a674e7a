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
import { DoctorDeviceState } from "./types";
import { q } from "./util";

/**
 * Reads what `diagnose` needs over one session: GETs (collections, the expected virtuals, clone-stats, version),
 * then the don't-fragment pings of each path through util/bash (pathMtu.ts; `probe: false` leaves them out).
 */
export async function readDoctorState(s: Session, exp: DoctorExpectation, probe = true): Promise<DoctorDeviceState> {
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
    const pathProbes = probe ? await probePaths(s, exp) : undefined;
    return { ...clone, vlans, routes, virtuals, cloneStats, ...(pathProbes ? { pathProbes } : {}), ...(cloneStatsError ? { cloneStatsError } : {}), ...(version ? { version } : {}) };
}

/**
 * One session: readiness, login, the GETs of readDoctorState, logout. Throws DoctorDeviceError saying whether the
 * device could not be reached, was not trusted, refused the credentials, was not ready, or failed a read.
 */
export async function readDoctorDevice(conn: BigIpConnection, exp: DoctorExpectation): Promise<DoctorDeviceState> {
    const where = `${conn.host}:${conn.port ?? 443}`;
    planPathProbes(exp); // a ConfigError for a value that cannot be rendered into a probe, before anything is sent
    const s = await openDeviceSession(conn, "reading the clone paths (doctor, read only)");
    try {
        return await readDoctorState(s, exp);
    } catch (e) {
        throw new DoctorDeviceError("read", `reading the BIG-IP at ${where} failed: ${(e instanceof Error ? e.message : String(e)).replace(`BIG-IP ${where}: `, "")}`);
    } finally {
        await s.close();
    }
}
