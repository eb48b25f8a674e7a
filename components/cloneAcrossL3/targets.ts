/**
 * Clone pools, clone targets and the demo application of a CloneAcrossL3 (pure): which pool exists, which
 * collectors are its members, which virtual/context it is attached to. Validated once, into a plan.
 */
import * as pulumi from "@pulumi/pulumi";
import { CloneContext } from "../bigip/objects/clonePoolAttachment";
import { check } from "../common/errors";
import { isPort, MAX_PORT } from "../common/values";
import { checkInstanceType } from "../common/instanceTypes";
import { CloneAcrossL3Args, DemoArgs } from "./args";
import { CollectorPlan } from "./collectors";

export const CLONE_POOL_MODES = ["perCollector", "shared"] as const;
export type ClonePoolMode = (typeof CLONE_POOL_MODES)[number];
export const CONTEXTS: readonly CloneContext[] = ["clientside", "serverside"];

export interface PoolPlan {
    /** Collector name, or `shared`. */
    key: string;
    /** Pulumi name and BIG-IP object name (in /Common). */
    objectName: string;
    members: CollectorPlan[];
}

export interface AttachmentPlan {
    resourceName: string;
    virtualServer: pulumi.Input<string>;
    context: CloneContext;
    takeOver: boolean;
    allowListPatch: boolean;
    pool: PoolPlan;
}

export interface DemoPlan {
    instanceType: string;
    architecture: "arm64" | "x86_64";
    amiId?: string;
    port: number;
    /** The pool each context of the demo virtual clones to. */
    clones: { context: CloneContext; pool: PoolPlan }[];
}

export const DEMO_DEFAULTS = { instanceType: "t4g.nano", port: 80 };

/** Graviton families (`t4g`, `m7gd`, `c6gn`, `a1`) run arm64 images; everything else here is x86_64. */
export function architectureOf(instanceType: string): "arm64" | "x86_64" {
    const family = instanceType.split(".")[0];
    return family === "a1" || /^[a-z]+\d+[a-z]*g[a-z]*$/.test(family) ? "arm64" : "x86_64";
}

export function planPools(mode: ClonePoolMode, component: string, collectors: CollectorPlan[]): PoolPlan[] {
    return mode === "shared"
        ? [{ key: "shared", objectName: `${component}-pool`, members: collectors }]
        : collectors.map((c) => ({ key: c.name, objectName: `${c.resourceName}-pool`, members: [c] }));
}

/**
 * Can `name` be turned into exactly one `/Partition/name` (what REST URLs and the clone-pool list use)? A bare name
 * goes to /Common; a full path has one partition. "." and ".." would walk the URL (`~..~vs`), so they are refused.
 */
export function isQualifiableName(name: string): boolean {
    const m = /^(?:\/([A-Za-z][A-Za-z0-9_.-]{0,63})\/)?([A-Za-z0-9_][A-Za-z0-9_.:-]{0,254})$/.exec(name);
    if (!m) return false;
    const [, partition, leaf] = m;
    if (partition !== undefined && (partition === "." || partition === ".." || partition.endsWith("."))) return false;
    return leaf !== "." && leaf !== ".." && (partition === undefined ? `/Common/${leaf}` : name).length <= 255;
}

/** `/Common/app_vs` → `Common-app_vs`, for stable resource names. */
function slug(v: pulumi.Input<string>, i: number): string {
    return typeof v === "string" ? v.replace(/^\//, "").replace(/[^A-Za-z0-9_.-]+/g, "-") : String(i);
}

/** Clone targets become attachments over REST: refuse ones the device would reject, or that would be silently dropped. */
export function planTargets(args: CloneAcrossL3Args, mode: ClonePoolMode, pools: PoolPlan[], component: string, configureBigip: boolean): AttachmentPlan[] {
    const targets = args.cloneTargets;
    if (targets === undefined) return [];
    check(Array.isArray(targets), "cloneTargets", "must be a list of { virtualServer, context }");
    check(targets.length === 0 || configureBigip, "cloneTargets",
        "needs configureBigip (the clone pool is attached over iControl REST, which also needs the BIG-IP's password)");
    const seen = new Set<string>();
    return targets.map((t, i) => {
        const s = `cloneTargets[${i}]`;
        check(typeof t === "object" && t !== null, s, "must be { virtualServer, context }");
        check(t.virtualServer !== undefined && t.virtualServer !== null && (typeof t.virtualServer !== "string" || isQualifiableName(t.virtualServer)),
            `${s}.virtualServer`, `${JSON.stringify(t.virtualServer)} must name an existing virtual server: "app_vs" (in /Common) or "/Partition/app_vs" — ` +
            "a partition and a name of letters, digits, \"_\", \".\", \"-\" (name also \":\"), the name starting with a letter, digit or \"_\", not \".\"/\"..\", at most 255 characters in all");
        check(CONTEXTS.includes(t.context), `${s}.context`, `${JSON.stringify(t.context)} must be clientside or serverside`);
        check(t.takeOver === undefined || typeof t.takeOver === "boolean", `${s}.takeOver`, "must be true or false");
        check(t.allowListPatch === undefined || typeof t.allowListPatch === "boolean", `${s}.allowListPatch`, "must be true or false");
        let pool: PoolPlan;
        if (mode === "shared") {
            check(t.collector === undefined, `${s}.collector`, "does not apply with clonePools \"shared\" (every target uses the shared pool)");
            pool = pools[0];
        } else {
            check(t.collector !== undefined || pools.length === 1, `${s}.collector`,
                `is required with several collectors: one of ${pools.map((p) => p.key).join(", ")}`);
            const found = pools.find((p) => p.key === (t.collector ?? pools[0].key));
            check(found !== undefined, `${s}.collector`, `${JSON.stringify(t.collector)} is not a collector name (have: ${pools.map((p) => p.key).join(", ")})`);
            pool = found;
        }
        if (typeof t.virtualServer === "string") {
            const key = `${t.virtualServer.startsWith("/") ? t.virtualServer : `/Common/${t.virtualServer}`} ${t.context}`;
            // A virtual has one clone pool per context: two attachments of ours would fight over it.
            check(!seen.has(key), s, `${t.virtualServer} ${t.context} is listed twice (a virtual server takes one clone pool per context)`);
            seen.add(key);
        }
        return { resourceName: `${component}-clone-${slug(t.virtualServer, i)}-${t.context}`, virtualServer: t.virtualServer, context: t.context, takeOver: t.takeOver ?? false, allowListPatch: t.allowListPatch ?? false, pool };
    });
}

/** The demo: clientside to the first pool, serverside to the second (or the same one when there is only one). */
export function planDemo(demo: CloneAcrossL3Args["demo"], pools: PoolPlan[], ok: { configureBigip: boolean; createdBigip: boolean }): DemoPlan | undefined {
    if (demo === undefined || demo === false) return undefined;
    check(demo === true || (typeof demo === "object" && demo !== null), "demo", "must be true, false or { instanceType, amiId, port }");
    check(ok.createdBigip, "demo", "needs a BIG-IP this stack creates (its virtual address is a secondary IP of the BIG-IP's data ENI); not available with existingBigip");
    check(ok.configureBigip, "demo", "needs configureBigip (the pool and virtual are created over iControl REST)");
    const d: DemoArgs = demo === true ? {} : demo;
    // The demo's image follows the type's architecture (Amazon Linux 2023 exists for both), so any known type works.
    const instanceType = checkInstanceType(d.instanceType ?? DEMO_DEFAULTS.instanceType, "demo.instanceType", DEMO_DEFAULTS.instanceType);
    check(d.amiId === undefined || (typeof d.amiId === "string" && /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/.test(d.amiId)), "demo.amiId",
        `${JSON.stringify(d.amiId)} is not an AMI id like ami-0123456789abcdef0`);
    const port = d.port ?? DEMO_DEFAULTS.port;
    check(isPort(port), "demo.port", `${JSON.stringify(port)} is not a TCP port (1..${MAX_PORT})`);
    return {
        instanceType, architecture: architectureOf(instanceType), amiId: d.amiId, port,
        clones: [{ context: "clientside", pool: pools[0] }, { context: "serverside", pool: pools[Math.min(1, pools.length - 1)] }],
    };
}
