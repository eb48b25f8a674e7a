/**
 * The collectors of a CloneAcrossL3 and what clones to them (pure): names, overlay blocks, MACs, which
 * clone pool each target and the demo use. Everything is validated here, once, into a plan.
 */
import * as pulumi from "@pulumi/pulumi";
import { check } from "../common/errors";
import { Encapsulation } from "../common/encapsulation";
import { CollectorSettings, validateCollectorArgs } from "../collector/validate";
import { Cidr, checkDeviceName, cidrsOverlap, deriveMac, formatCidr, hostIp, isIpv4, normalizeMac, parseCidr, reservedBlock, subnetOf } from "../common/values";

/** An overlay must be ordinary unicast space: the BIG-IP and Linux refuse or misroute the reserved blocks. */
function checkOverlayBlock(c: Cidr, text: string, setting: string): void {
    const reserved = reservedBlock(c, true);
    check(reserved === undefined, setting,
        `"${text}" overlaps the ${reserved} range; an overlay needs private unicast space outside both VPCs (e.g. 10.254.0.0/24 or 192.168.254.0/24)`);
}
import { TunnelMtu, UnderlayPath } from "../network/mtu";
import { CloneAcrossL3Args, CloneCollectorSpec } from "./args";

export const DEFAULT_OVERLAY_CIDR = "10.254.0.0/24";
/** Size of each collector's overlay block carved from `overlayCidr`. */
export const OVERLAY_BLOCK_PREFIX = 29;
export const DEFAULT_COLLECTOR_NAME = "collector";
/** BIG-IP object names get `-profile`, `-self`, `-arp`, `-pool` appended; TunnelChain allows 50 characters. */
export const MAX_OBJECT_NAME = 50;

/** A collector's overlay block: the BIG-IP's self IP (first host), the collector (second), an HA peer's self IP (third, /29 and up). */
export interface OverlayPlan { cidr: string; prefix: number; bigipIp: string; collectorIp: string; peerBigipIp?: string }

export interface CollectorPlan {
    /** Short name from `collectors[i].name`. */
    name: string;
    /** `<component>-<name>`: the Collector component's name, and the base name of its BIG-IP objects. */
    resourceName: string;
    /** Where in `collectors` (for error messages). */
    setting: string;
    /** Set for a collector we create. */
    settings?: CollectorSettings;
    /** Set for a collector the user runs. */
    existing?: { underlayIp: string };
    macAddress: string;
    deviceName: string;
    overlay: OverlayPlan;
}

export interface CollectorContext {
    componentName: string;
    encapsulation: Encapsulation;
    vni?: number;
    underlayPath: UnderlayPath;
    mtu: TunnelMtu;
    allowMtuBelow1500?: boolean;
    /** The BIG-IP tunnel source, if known as text (existing BIG-IP), else an Output placeholder. */
    tunnelSourceIp: pulumi.Input<string>;
    vpcCidrs: [string, string][];
    /** Already validated at the top, under the names the user wrote. */
    adminCidrs: string[];
    allowOpenAdmin?: boolean;
    placeholder: pulumi.Output<string>;
}

/** Settings that only shape an instance we create: refused for an existing collector, where they would be ignored. */
/** What `collectors` must be: one text for the component and the stack config. */
export const COLLECTORS_RULE = "must be a list of 1 to 16 collectors, each { name, instanceType?, macAddress?, overlayCidr?, capture?, … } "
    + "or { name, existing: { underlayIp } }";

const INSTANCE_ONLY = ["instanceType", "ami", "capture", "associatePublicIp", "keyName", "ids", "remoteCapture"] as const;

function overlayFor(spec: CloneCollectorSpec, i: number, pool: Cidr, poolText: string, setting: string): OverlayPlan {
    let block: Cidr;
    if (spec.overlayCidr !== undefined) {
        block = parseCidr(spec.overlayCidr, `${setting}.overlayCidr`);
        checkOverlayBlock(block, spec.overlayCidr, `${setting}.overlayCidr`);
        check(block.prefix >= 24 && block.prefix <= 30, `${setting}.overlayCidr`, `"${spec.overlayCidr}" should be a small subnet between /24 and /30 (it holds the BIG-IP and the collector)`);
    } else {
        const size = Math.max(pool.prefix, OVERLAY_BLOCK_PREFIX);
        const blocks = 2 ** (size - pool.prefix);
        check(i < blocks, "overlayCidr", `"${poolText}" holds ${blocks} collector block(s) of /${size}; collector ${i + 1} does not fit — use a larger block (e.g. /24) or give ${setting}.overlayCidr`);
        block = subnetOf(pool, size, i);
    }
    return {
        cidr: formatCidr(block), prefix: block.prefix, bigipIp: hostIp(block, 1), collectorIp: hostIp(block, 2),
        ...(block.prefix <= 29 ? { peerBigipIp: hostIp(block, 3) } : {}),
    };
}

/** Validates `collectors` (default: one named `collector`) into plans; names, overlays and MACs never collide. */
export function planCollectors(args: CloneAcrossL3Args, ctx: CollectorContext): CollectorPlan[] {
    const specs = args.collectors ?? [{}];
    check(Array.isArray(specs) && specs.length >= 1 && specs.length <= 16, "collectors", COLLECTORS_RULE);
    const poolText = args.overlayCidr ?? DEFAULT_OVERLAY_CIDR;
    const pool = parseCidr(poolText, "overlayCidr");
    checkOverlayBlock(pool, poolText, "overlayCidr");
    check(pool.prefix >= 16 && pool.prefix <= 30, "overlayCidr", `"${poolText}" should be between /16 and /30`);
    for (const [setting, cidr] of ctx.vpcCidrs) {
        check(!cidrsOverlap(pool, parseCidr(cidr)!), "overlayCidr", `"${poolText}" overlaps ${setting} ${cidr}; the overlay must be outside both VPCs`);
    }
    const plans = specs.map((spec, i) => planOne(spec ?? {}, i, specs.length, pool, poolText, ctx));
    plans.forEach((p, i) => {
        for (const q of plans.slice(0, i)) {
            check(q.name !== p.name, `${p.setting}.name`, `"${p.name}" is used by ${q.setting} too; collector names must be unique`);
            check(q.macAddress !== p.macAddress, `${p.setting}.macAddress`, `${p.macAddress} is also ${q.setting}'s MAC; each tunnel interface needs its own`);
            check(!cidrsOverlap(parseCidr(q.overlay.cidr)!, parseCidr(p.overlay.cidr)!), `${p.setting}.overlayCidr`,
                `${p.overlay.cidr} overlaps ${q.setting}'s overlay ${q.overlay.cidr}; each tunnel needs its own subnet`);
        }
        for (const [setting, cidr] of ctx.vpcCidrs) {
            check(!cidrsOverlap(parseCidr(p.overlay.cidr)!, parseCidr(cidr)!), `${p.setting}.overlayCidr`, `${p.overlay.cidr} overlaps ${setting} ${cidr}; the overlay must be outside both VPCs`);
        }
    });
    return plans;
}

function planOne(spec: CloneCollectorSpec, i: number, count: number, pool: Cidr, poolText: string, ctx: CollectorContext): CollectorPlan {
    const setting = `collectors[${i}]`;
    check(typeof spec === "object" && spec !== null, setting, "must be an object");
    const name = spec.name ?? (count === 1 ? DEFAULT_COLLECTOR_NAME : undefined);
    check(typeof name === "string" && /^[a-z][a-z0-9-]{0,19}$/.test(name) && !name.endsWith("-"), `${setting}.name`,
        name === undefined ? "is required when there are several collectors (1-20 of a-z, 0-9, -, starting with a letter)"
            : `${JSON.stringify(name)} must be 1-20 of a-z, 0-9, -, starting with a letter`);
    const resourceName = `${ctx.componentName}-${name}`;
    check(resourceName.length <= MAX_OBJECT_NAME, `${setting}.name`,
        `"${resourceName}" (component name + collector name) is over ${MAX_OBJECT_NAME} characters, too long for the BIG-IP object names`);
    const overlay = overlayFor(spec, i, pool, poolText, setting);

    if (spec.existing !== undefined) {
        check(typeof spec.existing === "object" && spec.existing !== null, `${setting}.existing`, "must be { underlayIp }");
        const ip = spec.existing.underlayIp;
        check(typeof ip === "string" && isIpv4(ip), `${setting}.existing.underlayIp`, `${JSON.stringify(ip)} is not an IPv4 address`);
        for (const k of INSTANCE_ONLY) {
            check((spec as Record<string, unknown>)[k] === undefined, `${setting}.${k}`, "only applies to a collector this stack creates, not to an existing one");
        }
        const deviceName = checkDeviceName(spec.deviceName ?? "clone0", `${setting}.deviceName`);
        const macAddress = spec.macAddress === undefined ? deriveMac(`${resourceName}/${deviceName}`) : normalizeMac(spec.macAddress, `${setting}.macAddress`);
        return { name, resourceName, setting, existing: { underlayIp: ip }, macAddress, deviceName, overlay };
    }
    const { name: _n, existing: _e, overlayCidr: _o, ...instanceArgs } = spec;
    const settings = validateCollectorArgs({
        ...instanceArgs,
        vpcId: ctx.placeholder,
        subnetId: ctx.placeholder,
        tunnelSourceIp: ctx.tunnelSourceIp,
        encapsulation: ctx.encapsulation,
        vni: ctx.vni,
        underlayPath: ctx.underlayPath,
        tunnelMtu: ctx.mtu.inner,
        allowMtuBelow1500: ctx.allowMtuBelow1500,
        adminCidrs: ctx.adminCidrs,
        allowOpenAdmin: ctx.allowOpenAdmin,
        overlayAddress: `${overlay.collectorIp}/${overlay.prefix}`,
    }, resourceName, `${setting}.`);
    return { name, resourceName, setting, settings, macAddress: settings.macAddress, deviceName: settings.deviceName, overlay };
}
