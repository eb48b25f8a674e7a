/** Reading the device for the doctor: one session of GETs only. */
import { encodeFullPath } from "../../bigip/objects/spec";
import { parseVersion } from "../../bigip/rest";
import { BigIpConnection, isBigIpError, Session } from "../../bigip/rest/types";
import { DoctorExpectation } from "../expect";
import { readCloneDeviceState } from "../read";
import { DoctorDeviceError, openDeviceSession } from "./session";
import { DoctorDeviceState } from "./types";
import { q } from "./util";

/** Reads what `diagnose` needs over one session: GETs only (collections, the expected virtuals, clone-stats, version). */
export async function readDoctorState(s: Session, exp: DoctorExpectation): Promise<DoctorDeviceState> {
    const clone = await readCloneDeviceState(s);
    const items = async (path: string, what: string) => ((await s.get(path, { action: `reading ${what}` }))?.items ?? []) as any[];
    const vlans = await items("tm/net/vlan", "the VLANs");
    const routes = await items("tm/net/route", "the routes");
    const virtuals: any[] = [];
    for (const vs of [...new Set(exp.attachments.map((a) => q(a.virtualServer)))]) {
        const v = await s.tryGet(`tm/ltm/virtual/${encodeFullPath(vs)}`, { action: `reading virtual server ${vs}` });
        if (v) virtuals.push(v);
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
    return { ...clone, vlans, routes, virtuals, cloneStats, ...(cloneStatsError ? { cloneStatsError } : {}), ...(version ? { version } : {}) };
}

/**
 * One session: readiness, login, the GETs of readDoctorState, logout. Throws DoctorDeviceError saying whether the
 * device could not be reached, was not trusted, refused the credentials, was not ready, or failed a read.
 */
export async function readDoctorDevice(conn: BigIpConnection, exp: DoctorExpectation): Promise<DoctorDeviceState> {
    const where = `${conn.host}:${conn.port ?? 443}`;
    const s = await openDeviceSession(conn, "reading the clone paths (doctor, read only)");
    try {
        return await readDoctorState(s, exp);
    } catch (e) {
        throw new DoctorDeviceError("read", `reading the BIG-IP at ${where} failed: ${(e instanceof Error ? e.message : String(e)).replace(`BIG-IP ${where}: `, "")}`);
    } finally {
        await s.close();
    }
}
