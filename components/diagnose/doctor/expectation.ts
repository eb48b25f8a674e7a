/** The expectation file: `pulumi stack output doctor --json` (or the whole stack output), checked field by field. */
import { parseAddr, parseNet } from "../../common/values";
import { BigIpTls } from "../../bigip/rest/types";
import { ConfigError } from "../../common/errors";
import { ClonePathExpectation, DoctorExpectation, PeerExpectation } from "../expect";
import { canonicalMac } from "../resolve";
import { bare, q } from "./util";

/** An expectation as read from a file: the device part may be missing (the command line can give it). */
export type LoadedExpectation = Omit<DoctorExpectation, "device" | "peer"> & {
    device?: LoadedDevice;
    /** The HA peer (optional: older outputs and one BIG-IP have none); its device is completed like the first unit's. */
    peer?: Omit<PeerExpectation, "device"> & { device: LoadedDevice };
};
type LoadedDevice = Partial<DoctorExpectation["device"]> & { tls?: BigIpTls | string };

const SECRET_HINT = "(pulumi shows secrets as \"[secret]\": run `pulumi stack output doctor --json --show-secrets`, or give the value on the command line)";

/**
 * `pulumi stack output doctor --json`, or the whole `pulumi stack output --json` (which has a `doctor` key), checked
 * field by field: a ConfigError names the first field that is not what the doctor needs.
 */
export function parseDoctorExpectation(json: unknown): LoadedExpectation {
    const root = json && typeof json === "object" && !Array.isArray(json) && "doctor" in json && !("paths" in json) ? (json as any).doctor : json;
    const at = root === json ? "" : "doctor.";
    const fail = (field: string, detail: string): never => { throw new ConfigError(`${at}${field}`, detail); };
    const secret = (v: unknown) => v === "[secret]";
    const str = (v: unknown, field: string, what: string): string => {
        if (secret(v)) fail(field, `is "[secret]" ${SECRET_HINT}`);
        if (typeof v !== "string" || !v.trim()) fail(field, `must be ${what}, not ${JSON.stringify(v)}`);
        return v as string;
    };
    const ip = (v: unknown, field: string): string => {
        const s = str(v, field, "an IP address");
        if (!parseAddr(bare(s))) fail(field, `must be an IP address, not ${JSON.stringify(v)}`);
        return s;
    };
    const int = (v: unknown, field: string, min: number): number => {
        if (!Number.isInteger(v) || (v as number) < min) fail(field, `must be an integer ≥ ${min}, not ${JSON.stringify(v)}`);
        return v as number;
    };
    const overlayIp = (v: unknown, field: string): string => {
        const overlay = str(v, field, "an address with prefix, e.g. 10.254.0.1/29");
        if (!parseNet(overlay) || !overlay.includes("/")) fail(field, `must be an address with prefix, e.g. 10.254.0.1/29, not ${JSON.stringify(overlay)}`);
        return overlay;
    };
    const fullPath = (v: unknown, field: string): string => str(v, field, "a BIG-IP object name or full path (/Common/name)");
    if (secret(root)) fail("(the whole file)", `is "[secret]" ${SECRET_HINT}`);
    if (!root || typeof root !== "object" || Array.isArray(root)) fail("(the whole file)", "must be the JSON object `pulumi stack output doctor --json` prints");
    const r = root as any;
    if (r.device !== undefined && (typeof r.device !== "object" || r.device === null)) fail("device", `must be an object { host, port, username, tls }, not ${JSON.stringify(r.device)}`);
    const tunnelSourceIp = ip(r.tunnelSourceIp, "tunnelSourceIp");
    if (!Array.isArray(r.paths) || r.paths.length === 0) fail("paths", "must list at least one clone path");
    const paths: ClonePathExpectation[] = (r.paths as any[]).map((p, i) => {
        const f = (k: string) => `paths[${i}].${k}`;
        if (!p || typeof p !== "object") fail(`paths[${i}]`, "must be an object");
        const encapsulation = p.encapsulation;
        if (encapsulation !== "gre" && encapsulation !== "vxlan") fail(f("encapsulation"), `must be gre or vxlan, not ${JSON.stringify(encapsulation)}`);
        const mac = str(p.collectorMac, f("collectorMac"), "a MAC address");
        if (!canonicalMac(mac)) fail(f("collectorMac"), `must be a MAC address like 02:5e:10:00:00:01, not ${JSON.stringify(mac)}`);
        const overlay = overlayIp(p.bigipOverlay, f("bigipOverlay"));
        return {
            collector: str(p.collector, f("collector"), "the collector's name"),
            tunnel: q(fullPath(p.tunnel, f("tunnel"))), pool: q(fullPath(p.pool, f("pool"))),
            collectorIp: ip(p.collectorIp, f("collectorIp")), collectorMac: mac, collectorOverlayIp: ip(p.collectorOverlayIp, f("collectorOverlayIp")),
            bigipOverlay: overlay, encapsulation, key: int(p.key, f("key"), 0), mtu: int(p.mtu, f("mtu"), 0), requiredMtu: int(p.requiredMtu, f("requiredMtu"), 1),
        };
    });
    if (r.attachments !== undefined && !Array.isArray(r.attachments)) fail("attachments", "must be a list of { virtualServer, context, pool }");
    const attachments = ((r.attachments ?? []) as any[]).map((a, i) => {
        const f = (k: string) => `attachments[${i}].${k}`;
        if (!a || typeof a !== "object") fail(`attachments[${i}]`, "must be an object { virtualServer, context, pool }");
        if (a.context !== "clientside" && a.context !== "serverside") fail(f("context"), `must be clientside or serverside, not ${JSON.stringify(a.context)}`);
        return { virtualServer: q(fullPath(a.virtualServer, f("virtualServer"))), context: a.context as "clientside" | "serverside", pool: q(fullPath(a.pool, f("pool"))) };
    });
    const peer = r.peer === undefined || r.peer === null ? undefined : (() => {
        const p = r.peer;
        if (secret(p)) fail("peer", `is "[secret]" ${SECRET_HINT}`);
        if (typeof p !== "object" || Array.isArray(p)) fail("peer", "must be { device, tunnelSourceIp, paths } of the HA pair's other unit");
        if (typeof p.device !== "object" || p.device === null) fail("peer.device", `must be an object { host, port, username, tls }, not ${JSON.stringify(p.device)}`);
        str(p.device.host, "peer.device.host", "the other unit's management host");
        const source = ip(p.tunnelSourceIp, "peer.tunnelSourceIp");
        if (!Array.isArray(p.paths)) fail("peer.paths", "must list { collector, bigipOverlay } for each clone path");
        const overlays = paths.map((x) => {
            const i = (p.paths as any[]).findIndex((e) => e?.collector === x.collector);
            if (i < 0) fail("peer.paths", `has no entry for collector ${JSON.stringify(x.collector)} (the other unit's overlay self IP on its tunnel)`);
            return { collector: x.collector, bigipOverlay: overlayIp(p.paths[i].bigipOverlay, `peer.paths[${i}].bigipOverlay`) };
        });
        return { device: p.device as LoadedDevice, tunnelSourceIp: source, paths: overlays };
    })();
    return { ...(r.device ? { device: r.device } : {}), tunnelSourceIp, paths, attachments, ...(peer ? { peer } : {}) };
}
