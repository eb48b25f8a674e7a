/**
 * The suite's safety rules on a real device (issue 17.2): everything it writes lives in a partition of its own,
 * created and removed by the suite and marked as its own (a partition that exists and is not the suite's is refused);
 * the objects outside that partition are listed before and after the run and must not differ; cleanup runs after a
 * failure or an interrupt; the configuration is never saved (no `sys config` request is ever sent).
 */
import { encodeFullPath } from "../../bigip/objects/spec";
import { isBigIpError, Session } from "../../bigip/rest/types";
import { parseCollection } from "../../bigip/rest/parsers";
import { ConfigError } from "../../common/errors";

/** The description that marks a partition as the suite's own. */
export const PARTITION_MARKER = "clone-l3 conformance suite (npm run conformance): its own partition, removed at the end of each run";
export const DEFAULT_PARTITION = "clone_l3_conformance";
const NAME = /^[A-Za-z][A-Za-z0-9_]{0,49}$/;

/**
 * The collections a scenario may create objects in, in the order objects are removed (dependents first), and every
 * collection the before/after comparison lists. A collection the device does not serve is left out of both.
 */
export const TRACKED = [
    // A pool's members leave their nodes behind, and a virtual its address unless auto-deleted: both are swept too.
    "ltm/virtual", "ltm/virtual-address", "ltm/pool", "ltm/node", "net/arp", "net/fdb/tunnel", "net/tunnels/tunnel", "net/tunnels/gre",
    "net/tunnels/vxlan", "net/route", "net/self", "net/vlan",
] as const;

export function checkPartitionName(name: string, setting = "--partition"): string {
    if (!NAME.test(name) || name === "Common" || name === "LOCAL_ONLY") {
        throw new ConfigError(setting, `${JSON.stringify(name)} must be a new partition name: a letter, then letters, digits or _ (at most 50), not Common or LOCAL_ONLY`);
    }
    return name;
}

/**
 * Every object of the tracked kinds outside `partition`, with its generation; folders (but the suite's) likewise; route
 * domains by their VLAN list (a VLAN of the suite's partition joins route domain 0 while it exists, which moves that
 * route domain's generation for good: its VLANs, not its generation, must be as before).
 */
export async function snapshotOutside(s: Session, partition: string): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const c of TRACKED) {
        const items = await listOrNone(s, `tm/${c}`);
        for (const o of items ?? []) {
            if (o?.partition === partition) continue;
            out.set(`${c} ${o?.fullPath ?? o?.name}`, `generation ${Number(o?.generation ?? 0)}`);
        }
    }
    for (const p of (await listOrNone(s, "tm/auth/partition")) ?? []) {
        if (p?.name !== partition) out.set(`auth/partition ${p?.name}`, `generation ${Number(p?.generation ?? 0)}`);
    }
    for (const f of (await listOrNone(s, "tm/sys/folder")) ?? []) {
        const path = String(f?.fullPath ?? "");
        if (path !== `/${partition}` && !path.startsWith(`/${partition}/`)) out.set(`sys/folder ${path}`, `generation ${Number(f?.generation ?? 0)}`);
    }
    for (const rd of (await listOrNone(s, "tm/net/route-domain")) ?? []) {
        const vlans = (Array.isArray(rd?.vlans) ? rd.vlans : []).map(String).filter((v: string) => !v.startsWith(`/${partition}/`)).sort();
        out.set(`net/route-domain ${rd?.fullPath}`, `vlans ${vlans.join(", ") || "none"}`);
    }
    return out;
}

/** What differs between two snapshots: `added`, `removed` or `changed` with the object. */
export function compareSnapshots(before: Map<string, string>, after: Map<string, string>): string[] {
    const out: string[] = [];
    for (const [k, v] of before) {
        if (!after.has(k)) out.push(`removed ${k}`);
        else if (after.get(k) !== v) out.push(`changed ${k} (${v} → ${after.get(k)})`);
    }
    for (const k of after.keys()) if (!before.has(k)) out.push(`added ${k}`);
    return out;
}

/** A collection's items, or undefined when the device (or the emulator) does not serve that collection (404). */
export async function listOrNone(s: Session, path: string): Promise<any[] | undefined> {
    try {
        return parseCollection(await s.get(path));
    } catch (e) {
        // A collection this device (or the emulator) does not serve is not compared.
        if (isBigIpError(e) && e.status === 404) return undefined;
        throw e;
    }
}

/**
 * Creates the partition, marked as the suite's. One that exists is refused unless it carries the marker (a run that
 * could not clean up): then what is in it is the suite's and is removed first.
 */
export async function claimPartition(s: Session, partition: string): Promise<void> {
    const existing = await s.tryGet(`tm/auth/partition/${partition}`);
    if (existing !== undefined) {
        if (existing?.description !== PARTITION_MARKER) {
            throw new ConfigError("--partition", `partition ${partition} exists and is not the suite's (its description is ${JSON.stringify(existing?.description ?? "")}): ` +
                "nothing was written; give --partition with a name that does not exist");
        }
        await sweepPartition(s, partition);
        return;
    }
    await s.post("tm/auth/partition", { name: partition, description: PARTITION_MARKER }, { action: `creating partition ${partition}` });
}

/** Deletes every tracked object in the partition (dependents first); returns what could not be deleted. */
export async function sweepPartition(s: Session, partition: string): Promise<string[]> {
    const left: string[] = [];
    for (const c of TRACKED) {
        if (c === "net/fdb/tunnel") continue; // goes with its tunnel
        for (const o of (await listOrNone(s, `tm/${c}`)) ?? []) {
            if (o?.partition !== partition) continue;
            const path = `tm/${c}/${encodeFullPath(String(o.fullPath))}`;
            try {
                await s.delete(path, { action: `removing ${c} ${o.fullPath}` });
            } catch (e) {
                left.push(`${c} ${o.fullPath}: ${e instanceof Error ? e.message : String(e)}`);
            }
        }
    }
    return left;
}

/**
 * Removes the objects the run registered (last first; an error is retried by the sweep), anything else of ours in the
 * partition, then the partition. Returns what is still there afterwards (must be nothing).
 */
export async function cleanUp(s: Session, partition: string, created: string[]): Promise<string[]> {
    for (const path of [...created].reverse()) {
        try {
            await s.delete(path, { action: `removing ${path}` });
        } catch {
            // the sweep below tries again, and what stays is reported
        }
    }
    await sweepPartition(s, partition);
    const left: string[] = [];
    for (const c of TRACKED) {
        for (const o of (await listOrNone(s, `tm/${c}`)) ?? []) if (o?.partition === partition) left.push(`${c} ${o.fullPath}`);
    }
    try {
        const p = await s.tryGet(`tm/auth/partition/${partition}`);
        if (p !== undefined && p?.description === PARTITION_MARKER) await s.delete(`tm/auth/partition/${partition}`, { action: `removing partition ${partition}` });
    } catch (e) {
        left.push(`partition ${partition}: ${e instanceof Error ? e.message : String(e)}`);
    }
    return left;
}
