/**
 * Collector argument validation (pure). Runs before any resource is registered, applies every default, and
 * names settings relative to `prefix` so a composing component can report e.g. `collectors[0].macAddress`.
 */
import { check } from "../common/errors";
import { checkTags } from "../common/tags";
import { validateAdminCidrs } from "../common/adminCidrs";
import { Encapsulation, parseEncapsulation } from "../common/encapsulation";
import { checkDeviceName, checkInterfaceAddress, checkVni, deriveMac, isIpv4, normalizeMac } from "../common/values";
import { checkInstanceType } from "../common/instanceTypes";
import { TunnelMtu, UnderlayPath, parseUnderlayPath, tunnelMtu } from "../network/mtu";
import { CollectorAmiQuery, collectorAmiQuery } from "./ami";
import { CaptureOptions, CollectorIds, checkCapture, parseIds } from "./cloudInit";
import type { CollectorFullArgs } from "./collector";

export const COLLECTOR_DEFAULTS = {
    encapsulation: "gre" as Encapsulation,
    vni: 100,
    deviceName: "clone0",
    underlayPath: "peering" as UnderlayPath,
    instanceType: "t3.medium",
    capture: { enabled: true, directory: "/var/capture", fileSizeMb: 100, fileCount: 20 } as CaptureOptions,
    associatePublicIp: true,
    ids: "none" as CollectorIds,
    remoteCapture: true,
};

/** Root volume = the image's 10 GiB plus the whole capture ring, so the ring can never fill the OS disk. */
export const BASE_ROOT_GB = 10;
/** Largest capture ring accepted (MB); beyond this a dedicated data volume is the better design. */
export const MAX_CAPTURE_RING_MB = 1_000_000;

/** Every collector setting with defaults applied. */
export interface CollectorSettings {
    encapsulation: Encapsulation;
    /** Set for vxlan only. */
    vni?: number;
    macAddress: string;
    deviceName: string;
    underlayPath: UnderlayPath;
    mtu: TunnelMtu;
    overlayAddress?: string;
    adminCidrs: string[];
    instanceType: string;
    ami: CollectorAmiQuery;
    capture: CaptureOptions;
    /** Intrusion detection on the tunnel device. */
    ids: CollectorIds;
    /** Receiving devices for `tcpdump --remote-dest` (see receivers.ts). */
    remoteCapture: boolean;
    rootVolumeGb: number;
    associatePublicIp: boolean;
    tags: Record<string, string>;
}

export function rootVolumeGb(capture: CaptureOptions): number {
    if (!capture.enabled) return BASE_ROOT_GB;
    return BASE_ROOT_GB + Math.ceil((capture.fileSizeMb * capture.fileCount * 1e6) / 2 ** 30);
}

function optionalBoolean(v: unknown, setting: string): boolean | undefined {
    check(v === undefined || typeof v === "boolean", setting, `${JSON.stringify(v)} must be true or false`);
    return v as boolean | undefined;
}

/** Checks an id-like Input only when it is a plain string; Outputs are trusted (they come from AWS). */
function checkIdInput(v: unknown, idPrefix: string, setting: string): void {
    check(v !== undefined && v !== null && v !== "", setting, "is required");
    if (typeof v === "string") check(new RegExp(`^${idPrefix}-[0-9a-f]+$`).test(v), setting, `"${v}" is not a ${idPrefix}-… id`);
}

export function validateCollectorArgs(args: CollectorFullArgs, name: string, prefix = ""): CollectorSettings {
    const s = (field: string) => `${prefix}${field}`;
    check(typeof name === "string" && name !== "", s("name"), "a collector needs a non-empty resource name");
    check(typeof args === "object" && args !== null, prefix.replace(/\.$/, "") || "args", "collector arguments are required");
    checkIdInput(args.vpcId, "vpc", s("vpcId"));
    checkIdInput(args.subnetId, "subnet", s("subnetId"));
    check(args.tunnelSourceIp !== undefined && args.tunnelSourceIp !== null, s("tunnelSourceIp"), "is required (the BIG-IP tunnel source address)");
    if (typeof args.tunnelSourceIp === "string") {
        check(isIpv4(args.tunnelSourceIp), s("tunnelSourceIp"), `"${args.tunnelSourceIp}" is not an IPv4 address`);
    }

    if (typeof args.peerTunnelSourceIp === "string") {
        check(isIpv4(args.peerTunnelSourceIp), s("peerTunnelSourceIp"), `"${args.peerTunnelSourceIp}" is not an IPv4 address`);
        check(args.peerTunnelSourceIp !== args.tunnelSourceIp, s("peerTunnelSourceIp"),
            `"${args.peerTunnelSourceIp}" is also tunnelSourceIp: each unit of an HA pair sends from its own data self IP`);
    }
    if (args.peerBigipManagementIp !== undefined) {
        check(args.peerTunnelSourceIp !== undefined, s("peerBigipManagementIp"), "only applies with peerTunnelSourceIp (an HA pair's other unit)");
        check(typeof args.peerBigipManagementIp !== "string" || isIpv4(args.peerBigipManagementIp), s("peerBigipManagementIp"),
            `"${args.peerBigipManagementIp}" is not an IPv4 address`);
    }

    const encapsulation = parseEncapsulation(args.encapsulation ?? COLLECTOR_DEFAULTS.encapsulation, s("encapsulation"));
    let vni: number | undefined;
    if (encapsulation === "vxlan") vni = checkVni(args.vni ?? COLLECTOR_DEFAULTS.vni, s("vni"));
    else check(args.vni === undefined, s("vni"), "only applies to vxlan encapsulation");

    const deviceName = checkDeviceName(args.deviceName ?? COLLECTOR_DEFAULTS.deviceName, s("deviceName"));
    const macAddress = args.macAddress === undefined ? deriveMac(`${name}/${deviceName}`) : normalizeMac(args.macAddress, s("macAddress"));

    const underlayPath = parseUnderlayPath(args.underlayPath ?? COLLECTOR_DEFAULTS.underlayPath, s("underlayPath"));
    const mtu = tunnelMtu({
        path: underlayPath,
        encapsulation,
        override: args.tunnelMtu,
        allowBelow1500: optionalBoolean(args.allowMtuBelow1500, s("allowMtuBelow1500")),
        // Blame what the user actually set: the override if given, else the path that forced the value.
        setting: args.tunnelMtu !== undefined ? s("tunnelMtu") : s("underlayPath"),
        allowSetting: s("allowMtuBelow1500"),
    });

    const overlayAddress = args.overlayAddress === undefined ? undefined : checkInterfaceAddress(args.overlayAddress, s("overlayAddress"));
    const adminCidrs = validateAdminCidrs(args.adminCidrs, optionalBoolean(args.allowOpenAdmin, s("allowOpenAdmin")), s("adminCidrs"), s("allowOpenAdmin"));

    const ami = collectorAmiQuery(args.ami ?? {}, s("ami"));
    // The lookup (default) finds the x86_64 image only (ami.ts filters on architecture); an explicit id is the user's call.
    const instanceType = checkInstanceType(args.instanceType ?? COLLECTOR_DEFAULTS.instanceType, s("instanceType"), COLLECTOR_DEFAULTS.instanceType,
        ami.kind === "id" ? undefined : { architecture: "x86_64", what: "the collector image lookup (CentOS Stream 9 x86_64)" });

    check(args.capture === undefined || (typeof args.capture === "object" && args.capture !== null), s("capture"), "must be an object");
    // Unset (undefined) entries keep their defaults, as with every other optional setting.
    const given = Object.fromEntries(Object.entries(args.capture ?? {}).filter(([, v]) => v !== undefined));
    const capture = checkCapture({ ...COLLECTOR_DEFAULTS.capture, ...given }, prefix);
    const ringMb = capture.fileSizeMb * capture.fileCount;
    check(!capture.enabled || ringMb <= MAX_CAPTURE_RING_MB, s("capture"),
        `a ring of ${capture.fileCount} × ${capture.fileSizeMb} MB = ${ringMb} MB exceeds ${MAX_CAPTURE_RING_MB} MB; lower fileSizeMb or fileCount`);

    const ids = parseIds(args.ids ?? COLLECTOR_DEFAULTS.ids, s("ids"));
    const remoteCapture = optionalBoolean(args.remoteCapture, s("remoteCapture")) ?? COLLECTOR_DEFAULTS.remoteCapture;
    if (typeof args.bigipManagementIp === "string") {
        check(isIpv4(args.bigipManagementIp), s("bigipManagementIp"), `"${args.bigipManagementIp}" is not an IPv4 address`);
    }

    const associatePublicIp = optionalBoolean(args.associatePublicIp, s("associatePublicIp")) ?? COLLECTOR_DEFAULTS.associatePublicIp;
    const tags = checkTags(args.tags, s("tags"));

    return {
        encapsulation, vni, macAddress, deviceName, underlayPath, mtu, overlayAddress, adminCidrs, instanceType, ami,
        capture, ids, remoteCapture, rootVolumeGb: rootVolumeGb(capture), associatePublicIp, tags: { ...tags },
    };
}
