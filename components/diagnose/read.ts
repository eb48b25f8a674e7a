/**
 * Reads, over one iControl REST session, every collection the clone-path walk (resolve.ts) needs: GETs only. Each
 * answer is checked against its kind's description where it enters (bigip/objects/answer.ts): shapes and JSON types —
 * not value types, since these collections hold every object of the kind, others' included — so a malformed answer
 * fails naming the URL and the field instead of crashing the walk.
 */
import { answerUrl, DeviceObject, parserFor } from "../bigip/objects/answer";
import { KINDS } from "../bigip/objects/registry";
import { collectionPath, KindId } from "../bigip/objects/spec";
import { Session } from "../bigip/rest/types";
import { CloneDeviceState } from "./resolve";

const COLLECTIONS: Record<keyof CloneDeviceState, { kind: KindId; expand?: boolean; what: string }> = {
    pools: { kind: "pool", expand: true, what: "the pools" },
    selfIps: { kind: "selfIp", what: "the self IPs" },
    arps: { kind: "arp", what: "the static ARP entries" },
    fdbTunnels: { kind: "fdbTunnel", expand: true, what: "the tunnel FDB records" },
    tunnels: { kind: "tunnel", what: "the tunnels" },
    greProfiles: { kind: "greProfile", what: "the GRE profiles" },
    vxlanProfiles: { kind: "vxlanProfile", what: "the VXLAN profiles" },
};

/** Every object of `kind` (GET of its collection), checked for shape and JSON types. */
export async function readKind(s: Session, kind: KindId, what: string, expand = false): Promise<DeviceObject[]> {
    const path = collectionPath(KINDS[kind]);
    const query = expand ? { expandSubcollections: "true" } : undefined;
    return parserFor(KINDS[kind]).collection(await s.get(path, { action: `reading ${what}`, query }), answerUrl(path, query), { values: false });
}

export async function readCloneDeviceState(s: Session): Promise<CloneDeviceState> {
    const out = {} as CloneDeviceState;
    for (const [key, c] of Object.entries(COLLECTIONS) as [keyof CloneDeviceState, (typeof COLLECTIONS)[keyof CloneDeviceState]][]) {
        out[key] = await readKind(s, c.kind, c.what, c.expand);
    }
    return out;
}
