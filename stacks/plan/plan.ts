/**
 * `npm run plan`: what a stack would build, offline — the resource tree with key properties (secrets shown as
 * [secret]), which instance images are kept and what replaces an instance, a topology with the addresses, the BIG-IP
 * changes as tmsh, a created BIG-IP's first boot (firstBoot.ts) and each other instance's cloud-init. Built from one run of the real stack program under Pulumi's mock
 * runtime (run.ts) with the stack's config (config.ts).
 */
import * as path from "node:path";
import { tmshForResource } from "../../components/bigip/objects/tmshPlan";
import { assembleConfig, ConfigOptions, ROOT } from "./config";
import { ImagePlan, imagesOf, renderImages } from "./images";
import { firstBootView, FirstBootView, isFirstBootScript, renderFirstBoot } from "./firstBoot";
import { connectionOf, deviceOf, DYNAMIC_PREFIX, isSecret, PlannedResource, runProgram } from "./run";
import { renderTopology, Topology, topologyOf } from "./topology";

export interface PlanResource {
    type: string;
    name: string;
    parent?: string;
    /** Key properties; secrets as "[secret]"; addresses AWS assigns are examples. */
    properties: Record<string, unknown>;
}

export interface Plan {
    stack: string;
    /** The stack file the config came from. */
    source: string;
    /** Secrets that got a placeholder value (not set in clear text in the stack file). */
    placeholders: string[];
    /** Keys encrypted in the stack file (`secure:`): not decrypted, so their values are not checked offline. */
    encrypted: string[];
    resources: PlanResource[];
    /** Each instance's image: looked up and kept after the first deploy, or explicit (a change replaces the instance). */
    images: ImagePlan[];
    topology: Topology;
    /** The BIG-IP changes in dependency order, as tmsh. */
    tmsh: { resource: string; type: string; lines: string[]; device: string }[];
    /** Rendered cloud-init of each instance that has cloud-config user data (collectors, demo server), by resource name. */
    cloudInit: Record<string, string>;
    /** Each created BIG-IP's first boot (startup script, Runtime Init configuration, DO declaration), by instance name. */
    firstBoot: Record<string, FirstBootView>;
    outputs: Record<string, unknown>;
}

/** Inputs not worth a line in the tree (shown elsewhere, or noise). */
const HIDDEN = new Set(["__provider", "tags", "userData", "connection", "create", "triggers", "fullPath", "userDataReplaceOnChange", "metadataOptions", "rootBlockDevice", "description"]);

/** Secrets become "[secret]", undefined members dropped; strings stay whole (the text view shortens: `shorten`). */
export function displayValue(v: unknown): unknown {
    if (isSecret(v)) return "[secret]";
    if (Array.isArray(v)) return v.map(displayValue);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, displayValue(x)]));
    return v;
}

const shortType = (t: string) => (t.startsWith(DYNAMIC_PREFIX) ? t.slice(DYNAMIC_PREFIX.length) : t);

function properties(r: PlannedResource): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r.inputs)) if (!HIDDEN.has(k) && v !== undefined) out[k] = displayValue(v);
    const c = connectionOf(r);
    if (c) out[r.type.startsWith(DYNAMIC_PREFIX) ? "device" : "ssh"] = `${c.user ? `${c.user}@` : ""}${c.host}${c.port ? `:${c.port}` : ""}`;
    if (typeof r.inputs.userData === "string") {
        const what = isFirstBootScript(r.inputs.userData) ? "first-boot startup script" : "cloud-init";
        out.userData = `(${what}, ${Buffer.byteLength(r.inputs.userData)} bytes, below)`;
    }
    return out;
}

/** Dependencies first (registration order otherwise), so the tmsh reads in the order the changes are made. */
function dependencyOrder(rs: PlannedResource[]): PlannedResource[] {
    const byUrn = new Map(rs.map((r) => [r.urn, r]));
    const done = new Set<string>();
    const out: PlannedResource[] = [];
    const visit = (r: PlannedResource) => {
        if (done.has(r.urn)) return;
        done.add(r.urn);
        for (const d of r.dependencies) { const x = byUrn.get(d); if (x) visit(x); }
        out.push(r);
    };
    rs.forEach(visit);
    return out;
}

/** [instance name, user data] of every resource with user data. */
function userData(rs: PlannedResource[]): [string, string][] {
    return rs.filter((r) => typeof r.inputs.userData === "string").map((r) => [r.name, r.inputs.userData as string]);
}

export async function makePlan(opts: ConfigOptions, programPath = path.join(ROOT, "stacks/index.ts")): Promise<Plan> {
    const config = assembleConfig(opts);
    const run = await runProgram(config, programPath);
    const nameOf = new Map(run.resources.map((r) => [r.urn, r.name]));
    const dynamic = dependencyOrder(run.resources).filter((r) => r.type.startsWith(DYNAMIC_PREFIX));
    return {
        stack: config.stack,
        source: config.source,
        placeholders: config.placeholders,
        encrypted: config.encrypted,
        resources: run.resources.map((r) => ({ type: shortType(r.type), name: r.name, parent: r.parent ? nameOf.get(r.parent) : undefined, properties: properties(r) })),
        images: imagesOf(run.resources),
        topology: topologyOf(run.resources, run.outputs),
        tmsh: dynamic.map((r) => {
            const typeName = r.type.slice(r.type.lastIndexOf(":") + 1);
            return { resource: r.name, type: typeName, lines: tmshForResource(typeName, r.inputs as Record<string, any>), device: deviceOf(r) };
        }),
        cloudInit: Object.fromEntries(userData(run.resources).filter(([, u]) => !isFirstBootScript(u))),
        firstBoot: Object.fromEntries(userData(run.resources).filter(([, u]) => isFirstBootScript(u)).map(([n, u]) => [n, firstBootView(u)])),
        outputs: displayValue(run.outputs) as Record<string, unknown>,
    };
}

/** For the text tree only: a long value cut, saying how long it is (`--json` has it whole). */
export function shorten(text: string, max = 120): string {
    return text.length > max ? `${text.slice(0, max - 1)}… (${text.length} characters; --json has it whole)` : text;
}

function tree(plan: Plan): string[] {
    const children = new Map<string | undefined, PlanResource[]>();
    for (const r of plan.resources) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
    const lines: string[] = [];
    const walk = (parent: string | undefined, indent: string) => {
        for (const r of children.get(parent) ?? []) {
            const props = Object.entries(r.properties).map(([k, v]) => `${k}=${shorten(typeof v === "string" ? v : JSON.stringify(v))}`).join("  ");
            lines.push(`${indent}${r.type}  ${r.name}${props ? `\n${indent}    ${props}` : ""}`);
            walk(r.name, `${indent}  `);
        }
    };
    walk(undefined, "");
    return lines;
}

export function renderPlan(plan: Plan): string {
    const out: string[] = [
        `Plan for stack "${plan.stack}" (config: ${plan.source}) — evaluated offline under Pulumi's mock runtime; nothing was created.`,
        "Addresses AWS assigns at deploy (ENI and EIP addresses, AMI ids) are examples.",
    ];
    const unset = plan.placeholders.filter((k) => !plan.encrypted.includes(k));
    if (unset.length) out.push(`Secrets not in the stack file in clear text, shown with a placeholder: ${unset.join(", ")}.`);
    if (plan.encrypted.length) {
        out.push(`Encrypted in the stack file (secure:), not decrypted here: ${plan.encrypted.join(", ")}. These secrets cannot be checked offline: ` +
            "the plan runs with a well-formed stand-in, shown as [secret]; `pulumi preview` checks the real values.");
    }
    out.push("", `== Resources (${plan.resources.length}) ==`, ...tree(plan));
    if (plan.images.length) out.push("", "== Images (what replaces an instance) ==", ...renderImages(plan.images));
    out.push("", "== Topology ==", ...renderTopology(plan.topology));
    out.push("", "== BIG-IP changes, as tmsh (in order) ==");
    // An HA pair: each change says which unit it is made on (one BIG-IP: as before).
    const devices = new Set(plan.tmsh.map((t) => t.device));
    for (const t of plan.tmsh) out.push(`# ${t.type} ${t.resource}${devices.size > 1 ? ` — on ${t.device}` : ""}`, ...t.lines);
    for (const [name, view] of Object.entries(plan.firstBoot)) out.push(...renderFirstBoot(name, view));
    for (const [name, text] of Object.entries(plan.cloudInit)) out.push("", `== cloud-init of ${name} ==`, text.trimEnd());
    // The stack output collectorCommands: what to run on each collector the stack does not create, whole.
    const commands = plan.outputs.collectorCommands;
    if (commands && typeof commands === "object") {
        for (const [name, text] of Object.entries(commands)) {
            if (typeof text === "string") out.push("", `== Commands to run on existing collector ${name} ==`, text.trimEnd());
        }
    }
    return `${out.join("\n")}\n`;
}
