/** Small helpers the scenarios share: object paths, creating with cleanup, and an answer or refusal as one line. */
import { encodeFullPath } from "../../../bigip/objects/spec";
import { isBigIpError } from "../../../bigip/rest/types";
import { ScenarioContext } from "../types";

/** `tm/<collection>/~P~name` for a full path `/P/name`. */
export const at = (collection: string, fullPath: string) => `tm/${collection}/${encodeFullPath(fullPath)}`;

/** Creates an object and registers it for cleanup; returns its full path. */
export async function create(ctx: ScenarioContext, collection: string, short: string, body: Record<string, unknown>): Promise<string> {
    const fullPath = ctx.path(short);
    await ctx.s.post(`tm/${collection}`, { name: ctx.name(short), partition: ctx.partition, ...body }, { action: `creating ${collection} ${fullPath}` });
    ctx.created(at(collection, fullPath));
    return fullPath;
}

/** A write the device refused: its status, mcpd code and message. */
export interface Refusal { status: number; code?: string; text: string }

/** Undefined when the write was accepted, else the refusal. An error that is not the device's answer is thrown on. */
export async function attempt(p: Promise<unknown>): Promise<Refusal | undefined> {
    try {
        await p;
        return undefined;
    } catch (e) {
        if (!isBigIpError(e) || e.status === undefined) throw e;
        return { status: e.status, ...(e.code ? { code: e.code } : {}), text: e.deviceMessage };
    }
}

/**
 * One comparable line: `accepted`, or `refused <status> <mcpd code>`, plus ` (<label>)` when the message matches
 * `phrase` (or the message itself when it does not).
 */
export function describe(r: Refusal | undefined, phrase?: RegExp, label?: string): string {
    if (!r) return "accepted";
    const head = `refused ${r.status}${r.code ? ` ${r.code}` : ""}`;
    return phrase ? `${head} (${phrase.test(r.text) ? label : r.text})` : head;
}

/** `describe(await attempt(p))`. */
export async function outcome(p: Promise<unknown>, phrase?: RegExp, label?: string): Promise<string> {
    return describe(await attempt(p), phrase, label);
}

/** A VLAN without interfaces (it carries no traffic) and a self IP on it: where the network scenarios put addresses. */
export async function vlanWithSelf(ctx: ScenarioContext, short: string, address: string): Promise<{ vlan: string; self: string }> {
    const vlan = await create(ctx, "net/vlan", `${short}-vlan`, {});
    const self = await create(ctx, "net/self", `${short}-self`, { address, vlan, trafficGroup: "/Common/traffic-group-local-only" });
    return { vlan, self };
}
