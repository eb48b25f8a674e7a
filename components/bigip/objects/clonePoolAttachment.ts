/**
 * ClonePoolAttachment: puts one pool on a virtual server as its clientside or serverside clone pool.
 * The device only takes the whole `clonePools` list, so this is a read-modify-write that keeps every
 * entry it does not own, serialised per virtual and verified after writing.
 */
import * as pulumi from "@pulumi/pulumi";
import * as dynamic from "@pulumi/pulumi/dynamic";
import { withSession } from "../rest";
import { Session } from "../rest/types";
import { BigIpResource, CommonArgs, qualifyKnown } from "./common";
import { deviceKey } from "./connection";
import { withLock } from "./lock";
import { checkInputs, diffInputs, ObjectInputs } from "./provider";
import { objectPath } from "./spec";
import { is } from "./validation";
import { virtualSpec } from "./virtual";

export type CloneContext = "clientside" | "serverside";

export interface ClonePoolAttachmentInputs extends ObjectInputs {
    /** Full path of the virtual server. */
    virtualServer: string;
    /** Full path of the clone pool. */
    pool: string;
    context: CloneContext;
    /** Replace a foreign pool that holds this context. */
    takeOver?: boolean;
}

interface CloneEntry { name: string; context: string }

const entryPath = (e: { name: string; partition?: string; subPath?: string }) =>
    e.name.startsWith("/") ? e.name : `/${e.partition ?? "Common"}/${e.subPath ? `${e.subPath}/` : ""}${e.name}`;
const attachmentId = (i: ClonePoolAttachmentInputs) => `${i.virtualServer}:${i.context}`;

async function readEntries(s: Session, virtual: string): Promise<CloneEntry[] | undefined> {
    const v = await s.tryGet(objectPath(virtualSpec, virtual), { action: `reading Virtual Server ${virtual}` });
    return v === undefined ? undefined : (v.clonePools ?? []).map((e: any) => ({ name: entryPath(e), context: e.context }));
}

/** Rewrites the list with `change` applied, under the per-virtual lock, until a re-read shows it took. */
async function modify(s: Session, i: ClonePoolAttachmentInputs, action: string, change: (entries: CloneEntry[]) => CloneEntry[] | undefined): Promise<void> {
    const path = objectPath(virtualSpec, i.virtualServer);
    await withLock(`${deviceKey(i.connection)}${path}`, async () => {
        for (let attempt = 1; ; attempt++) {
            const entries = await readEntries(s, i.virtualServer);
            if (entries === undefined) throw new Error(`${action}: Virtual Server ${i.virtualServer} does not exist on ${deviceKey(i.connection)}`);
            const wanted = change(entries);
            if (wanted === undefined) return; // already as wanted
            await s.patch(path, { clonePools: wanted }, { action });
            // Another writer (another process, a person) may have raced us between GET and PATCH: verify.
            const after = await readEntries(s, i.virtualServer);
            if (after && change(after) === undefined) return;
            if (attempt >= 5) throw new Error(`${action}: the virtual's clone pools kept changing under us (concurrent writer?); gave up after ${attempt} attempts`);
        }
    });
}

/** `previous`: our own pool that held the context until now (a swap replaces it without `takeOver`). */
export async function attach(s: Session, i: ClonePoolAttachmentInputs, previous?: string): Promise<void> {
    await modify(s, i, `attaching clone pool ${i.pool} (${i.context}) to ${i.virtualServer}`, (entries) => {
        const holder = entries.find((e) => e.context === i.context);
        if (holder?.name === i.pool) return undefined;
        if (holder && !i.takeOver && holder.name !== previous) {
            throw new Error(`Virtual Server ${i.virtualServer} already has ${holder.name} as its ${i.context} clone pool (a virtual takes one per context). `
                + `Set takeOver: true to replace it with ${i.pool}.`);
        }
        return [...entries.filter((e) => e.context !== i.context), { name: i.pool, context: i.context }];
    });
}

export async function detach(s: Session, i: ClonePoolAttachmentInputs): Promise<void> {
    const entries = await readEntries(s, i.virtualServer);
    if (!entries?.some((e) => e.context === i.context && e.name === i.pool)) return; // gone, or someone else's now
    await modify(s, i, `detaching clone pool ${i.pool} (${i.context}) from ${i.virtualServer}`, (now) =>
        now.some((e) => e.context === i.context && e.name === i.pool) ? now.filter((e) => !(e.context === i.context && e.name === i.pool)) : undefined);
}

export const clonePoolAttachmentProvider: dynamic.ResourceProvider<ClonePoolAttachmentInputs> = {
    async check(_olds, news) {
        const result = checkInputs({ ...news, name: "attachment" }, (c) => {
            c.rule("virtualServer", (v) => is.name(v), "must name the virtual server");
            c.rule("pool", (v) => is.name(v), "must name the clone pool");
            c.rule("context", (v) => is.oneOf(v, ["clientside", "serverside"]), "must be clientside or serverside");
        });
        return result.failures.length ? result : {
            inputs: { ...news, name: news.name, virtualServer: qualifyKnown(news.virtualServer)!, pool: qualifyKnown(news.pool)! }, failures: [],
        };
    },
    async diff(_id, olds, news) {
        return diffInputs(["virtualServer", "context", "pool", "takeOver"], ["virtualServer", "context"], olds, news);
    },
    async create(i) {
        await withSession(i.connection, `attaching clone pool to ${i.virtualServer}`, (s) => attach(s, i));
        return { id: attachmentId(i), outs: { ...i, fullPath: attachmentId(i) } };
    },
    async read(id, props) {
        const i = props as ClonePoolAttachmentInputs;
        const entries = await withSession(i.connection, `reading clone pools of ${i.virtualServer}`, (s) => readEntries(s, i.virtualServer));
        // Another pool in our context is not ours: our attachment is gone (a destroy must not detach that pool).
        const mine = entries?.find((e) => e.context === i.context && e.name === i.pool);
        if (!mine) return { id: "" };
        const now = { ...i, pool: mine.name };
        return { id, props: { ...now, fullPath: attachmentId(i) }, inputs: now };
    },
    async update(_id, olds, news) {
        // A different pool for the same context: swap ours for the new one (taking over from our own old pool only).
        await withSession(news.connection, `changing clone pool of ${news.virtualServer}`, (s) => attach(s, news, olds.pool));
        return { outs: { ...news, fullPath: attachmentId(news) } };
    },
    async delete(_id, props) {
        await withSession(props.connection, `detaching clone pool from ${props.virtualServer}`, async (s) => {
            await detach(s, props);
            await s.post("tm/sys/config", { command: "save" }, { action: "saving the configuration (sys config save)" });
        });
    },
};

export interface ClonePoolAttachmentArgs extends Omit<CommonArgs, "name" | "partition" | "adopt"> {
    /** The virtual server (name or full path). */
    readonly virtualServer: pulumi.Input<string>;
    /** The clone pool (name or full path); must be in /Common or the virtual's partition. */
    readonly pool: pulumi.Input<string>;
    /** `clientside`: what the client sent; `serverside`: after the full proxy (e.g. decrypted, SNATed). */
    readonly context: pulumi.Input<CloneContext>;
    /** Replace a pool of another owner that already holds this context. Default false: that is an error. */
    readonly takeOver?: pulumi.Input<boolean>;
}

/** Attaches a clone pool to a virtual server for one context, preserving clone pools it does not own. */
export class ClonePoolAttachment extends BigIpResource {
    constructor(name: string, args: ClonePoolAttachmentArgs, opts?: pulumi.CustomResourceOptions) {
        super(clonePoolAttachmentProvider, "ClonePoolAttachment", name, { ...args, name: "clone" }, [], opts);
    }
}
