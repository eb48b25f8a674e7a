/**
 * ClonePoolAttachment: puts one pool on a virtual server as its clientside or serverside clone pool.
 *
 * Concurrency. iControl REST only takes the whole `clonePools` list (reference §1.8: no per-item add or remove),
 * and BIG-IP does not enforce `generation` on a PATCH, so a read-modify-write loses any entry another process (a
 * second stack, a person, a script) adds between our GET and our PATCH — and both sides see their own entry and
 * report success. A re-read cannot catch it: our PATCH already erased the entry we never saw. So the list is
 * changed on the device itself, by tmsh's list modifiers, which mcpd applies to the current list:
 *   tmsh modify ltm virtual <vs> clone-pools add { <pool> { context <ctx> } }      (and `delete { <pool> }`)
 * Sources: the configuration syntax `clone-pools { /Common/p { context serverside } }` (tmsh list output); the
 * `add { <name> { context … } }` modifier on context-carrying lists (`profiles add { x { context clientside } }`,
 * tmsh scripts); `delete { … }` is the same family of list modifiers (*Inference*: no clone-pools delete example).
 * Transport: POST /mgmt/tm/util/bash `{command: "run", utilCmdArgs: "-c '…'"}` (reference §1.13): how Ansible's
 * bigip_command (REST transport: `utilCmdArgs: -c "<tmsh command>"`) and Terraform's bigip_command
 * (`-c 'tmsh <cmd>'`) run tmsh; neither gates it on a TMOS version. /mgmt/tm/cli/script would also do, but needs a
 * script object created, run through /mgmt/tm/task/cli/script and deleted (Ansible bigip_qkview) — four writes
 * instead of one, and a config object of its own. Roles: iControl REST is Administrator-only before 13.1 and open to
 * every role (limited by the role) from 13.1 (F5's note quoted in terraform-provider-bigip#160); util/bash runs a
 * shell, which we take to need the Administrator role (*Inference*: no public F5 text found). A user refused it
 * (401/403 "Authorization failed") gets an error saying so — unless `allowListPatch` is set, the explicit opt-in to the
 * verified read-modify-write, which is serialised only within this process and can drop a clone pool another writer
 * adds at the same moment (its PATCH action text says so).
 * The add/delete commands are idempotent (unlike a whole-list PATCH), so the session's retry of an answer lost in
 * transit is harmless. Every change is verified by a re-read; names are checked to be plain tokens before they reach
 * bash (single-quoted, and no quote, space, brace or `;` can pass `SAFE`).
 */
import * as pulumi from "@pulumi/pulumi";
import * as dynamic from "@pulumi/pulumi/dynamic";
import { withDeviceSession } from "../rest";
import { isBigIpError, Session } from "../rest/types";
import { BigIpResource, CommonArgs, qualifyKnown } from "./common";
import { deviceKey } from "./connection";
import { withLock } from "./lock";
import { checkInputs, diffInputs, ObjectInputs } from "./provider";
import { answerUrl, DeviceObject, parserFor } from "./answer";
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
    /** Where util/bash is refused, rewrite the whole clonePools list instead (can lose another writer's entry). */
    allowListPatch?: boolean;
}

interface CloneEntry { name: string; context: string }

/** One server-side list change. */
interface ListOp { op: "add" | "delete"; name: string; context?: string }

const entryPath = (e: { name: string; partition?: string; subPath?: string }) =>
    e.name.startsWith("/") ? e.name : `/${e.partition ?? "Common"}/${e.subPath ? `${e.subPath}/` : ""}${e.name}`;
const attachmentId = (i: ClonePoolAttachmentInputs) => `${i.virtualServer}:${i.context}`;

/** What may appear in the bash command line: full paths of plain BIG-IP names, and the context keywords. */
const SAFE = /^\/[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.:-]+)+$/;

/** The virtual's clone pools; only that part of someone else's virtual is read, and checked (answer.ts). */
async function readEntries(s: Session, virtual: string): Promise<CloneEntry[] | undefined> {
    const path = objectPath(virtualSpec, virtual);
    const answer = await s.tryGet(path, { action: `reading Virtual Server ${virtual}` });
    if (answer === undefined) return undefined;
    const v = parserFor(virtualSpec).object(answer, answerUrl(path), { only: ["clonePools"] });
    return ((v.clonePools ?? []) as DeviceObject[]).map((e) => ({ name: entryPath(e as { name: string }), context: e.context }));
}

/** The tmsh command line for `ops` (run in order, each only if the one before succeeded). */
export function tmshCommand(virtual: string, ops: ListOp[]): string {
    for (const x of [virtual, ...ops.map((o) => o.name)]) {
        if (!SAFE.test(x)) throw new Error(`${JSON.stringify(x)} is not a plain BIG-IP full path (letters, digits, . _ - : and /); refusing to pass it to tmsh`);
    }
    if (ops.some((o) => o.op === "add" && o.context !== "clientside" && o.context !== "serverside")) throw new Error("clone pool context must be clientside or serverside");
    const cmds = ops.map((o) => `tmsh modify ltm virtual ${virtual} clone-pools ${o.op} { ${o.name}${o.op === "add" ? ` { context ${o.context} }` : ""} }`);
    return `-c '${cmds.join(" && ")}'`;
}

/** The per-virtual lock of our own resources (lock.ts). */
const lockKey = (i: ClonePoolAttachmentInputs) => `${deviceKey(i.connection)}${objectPath(virtualSpec, i.virtualServer)}`;
const noVirtual = (action: string, i: ClonePoolAttachmentInputs) =>
    new Error(`${action}: Virtual Server ${i.virtualServer} does not exist on ${deviceKey(i.connection)}`);

/** util/bash refused, and the whole-list PATCH not allowed: what happened and the two ways on. */
function listPatchRefused(action: string, i: ClonePoolAttachmentInputs, e: unknown): Error {
    return new Error(`${action}: this user may not run tmsh through /mgmt/tm/util/bash (${isBigIpError(e) ? `${e.status} ${e.deviceMessage}` : String(e)}), `
        + `and without it a clone pool can only be changed by rewriting ${i.virtualServer}'s whole clonePools list, which drops a clone pool `
        + `another writer adds at the same moment. Nothing was changed. Use a user with the Administrator role, or set allowListPatch: true `
        + `(a clone target's allowListPatch) to accept that risk.`);
}

/** util/bash refused for this user's role (not a transient or connection problem). */
const notAllowed = (e: unknown) => isBigIpError(e) && !e.transient && (e.status === 401 || e.status === 403);

/**
 * Applies `plan(entries)` on the device under the per-virtual lock (which orders our own resources), then re-reads
 * until `done` holds. `plan` returns undefined when nothing is to change, or throws to refuse. `missingOk`: a virtual
 * that is gone needs nothing (a detach).
 */
async function modify(s: Session, i: ClonePoolAttachmentInputs, action: string,
    plan: (entries: CloneEntry[]) => ListOp[] | undefined, done: (entries: CloneEntry[]) => boolean, missingOk = false): Promise<void> {
    const path = objectPath(virtualSpec, i.virtualServer);
    await withLock(lockKey(i), async () => {
        const entries = await readEntries(s, i.virtualServer);
        if (entries === undefined) {
            if (missingOk) return;
            throw noVirtual(action, i);
        }
        const ops = plan(entries);
        if (ops === undefined) return; // already as wanted
        let output: string;
        try {
            output = await runTmsh(s, i, ops, action);
        } catch (e) {
            if (!notAllowed(e)) throw e;
            if (!i.allowListPatch) throw listPatchRefused(action, i, e);
            return modifyByPatch(s, i, action, plan, done, path);
        }
        const after = await readEntries(s, i.virtualServer);
        if (after && done(after)) return;
        throw new Error(`${action}: the device did not apply it${output ? `; tmsh said: ${output}` : ""}. `
            + `Clone pools of ${i.virtualServer} now: ${after ? JSON.stringify(after) : "the virtual is gone"}. Another writer may hold the ${i.context} context: run \`pulumi up\` again after checking.`);
    });
}

/** Runs the list change through tmsh; returns what tmsh printed (nothing on success). */
async function runTmsh(s: Session, i: ClonePoolAttachmentInputs, ops: ListOp[], action: string): Promise<string> {
    const res = await s.post("tm/util/bash", { command: "run", utilCmdArgs: tmshCommand(i.virtualServer, ops) }, { action: `${action} (tmsh clone-pools ${ops.map((o) => o.op).join(", ")})` });
    return typeof res?.commandResult === "string" ? res.commandResult.trim() : "";
}

/**
 * The usual attach, with no read first: `add` alone, then the re-read. It cannot displace anyone: mcpd takes one
 * clone pool per context (ANS, AS3; see the emulator README) and refuses the add when another pool holds ours, and an
 * identical entry is kept. True when our entry is there afterwards; false sends the caller to the read-plan path
 * (which explains the holder, or takes over when asked). Users refused util/bash go that way too.
 */
async function addFirst(s: Session, i: ClonePoolAttachmentInputs, action: string): Promise<boolean> {
    return withLock(lockKey(i), async () => {
        try {
            await runTmsh(s, i, [{ op: "add", name: i.pool, context: i.context }], action);
        } catch (e) {
            if (notAllowed(e)) return false;
            throw e;
        }
        const after = await readEntries(s, i.virtualServer);
        if (after === undefined) throw noVirtual(action, i);
        return after.some((e) => e.context === i.context && e.name === i.pool);
    });
}

/**
 * Fallback for users without util/bash: read-modify-write of the whole list, verified by a re-read. Safe against our
 * own resources (the lock), NOT against another process writing between the GET and the PATCH — its entry can be lost.
 */
async function modifyByPatch(s: Session, i: ClonePoolAttachmentInputs, action: string,
    plan: (entries: CloneEntry[]) => ListOp[] | undefined, done: (entries: CloneEntry[]) => boolean, path: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
        const entries = await readEntries(s, i.virtualServer);
        if (entries === undefined) throw noVirtual(action, i);
        const ops = plan(entries);
        if (ops === undefined) return;
        let wanted = entries;
        for (const o of ops) {
            wanted = o.op === "delete" ? wanted.filter((e) => e.name !== o.name)
                : wanted.some((e) => e.name === o.name && e.context === o.context) ? wanted : [...wanted, { name: o.name, context: o.context! }];
        }
        await s.patch(path, { clonePools: wanted }, { action: `${action} (whole-list PATCH: this user may not run tmsh through util/bash)` });
        const after = await readEntries(s, i.virtualServer);
        if (after && done(after)) return;
        if (attempt >= 5) throw new Error(`${action}: the virtual's clone pools kept changing under us (concurrent writer?); gave up after ${attempt} attempts`);
    }
}

/** `previous`: our own pool that held the context until now (a swap replaces it without `takeOver`). */
export async function attach(s: Session, i: ClonePoolAttachmentInputs, previous?: string): Promise<void> {
    const mine = (e: CloneEntry) => e.context === i.context && e.name === i.pool;
    const action = `attaching clone pool ${i.pool} (${i.context}) to ${i.virtualServer}`;
    if (previous === undefined && (await addFirst(s, i, action))) return;
    await modify(s, i, action, (entries) => {
        const holder = entries.find((e) => e.context === i.context);
        if (holder?.name === i.pool) return undefined;
        if (holder && !i.takeOver && holder.name !== previous) {
            throw new Error(`Virtual Server ${i.virtualServer} already has ${holder.name} as its ${i.context} clone pool (a virtual takes one per context). `
                + `Set takeOver: true to replace it with ${i.pool}.`);
        }
        return [...(holder ? [{ op: "delete" as const, name: holder.name }] : []), { op: "add", name: i.pool, context: i.context }];
    }, (after) => after.some(mine));
}

export async function detach(s: Session, i: ClonePoolAttachmentInputs): Promise<void> {
    const mine = (e: CloneEntry) => e.context === i.context && e.name === i.pool;
    // `delete { pool }` names the pool, not the context: when the same pool also clones the other context (the demo
    // does), that entry is put back in the same bash call (a moment without it, never a loss).
    const other = (e: CloneEntry) => e.context !== i.context && e.name === i.pool;
    let keep: CloneEntry | undefined;
    await modify(s, i, `detaching clone pool ${i.pool} (${i.context}) from ${i.virtualServer}`, (now) => {
        if (!now.some(mine)) return undefined; // gone, or someone else's now
        keep = now.find(other);
        return [{ op: "delete", name: i.pool }, ...(keep ? [{ op: "add" as const, name: keep.name, context: keep.context }] : [])];
    }, (after) => !after.some(mine) && (!keep || after.some(other)), true);
}

export const clonePoolAttachmentProvider: dynamic.ResourceProvider<ClonePoolAttachmentInputs> = {
    async check(_olds, news) {
        const result = checkInputs({ ...news, name: "attachment" }, (c) => {
            c.rule("virtualServer", (v) => is.name(v), "must name the virtual server");
            c.rule("pool", (v) => is.name(v), "must name the clone pool");
            c.rule("context", (v) => is.oneOf(v, ["clientside", "serverside"]), "must be clientside or serverside");
            c.rule("allowListPatch", (v) => typeof v === "boolean", "must be true or false", true);
        });
        return result.failures.length ? result : {
            inputs: { ...news, name: news.name, virtualServer: qualifyKnown(news.virtualServer)!, pool: qualifyKnown(news.pool)! }, failures: [],
        };
    },
    async diff(_id, olds, news) {
        return diffInputs(["virtualServer", "context", "pool", "takeOver", "allowListPatch"], ["virtualServer", "context"], olds, news);
    },
    async create(i) {
        await withDeviceSession(i.connection, `attaching clone pool to ${i.virtualServer}`, (s) => attach(s, i));
        return { id: attachmentId(i), outs: { ...i, fullPath: attachmentId(i) } };
    },
    async read(id, props) {
        const i = props as ClonePoolAttachmentInputs;
        const entries = await withDeviceSession(i.connection, `reading clone pools of ${i.virtualServer}`, (s) => readEntries(s, i.virtualServer), "read");
        // Another pool in our context is not ours: our attachment is gone (a destroy must not detach that pool).
        const mine = entries?.find((e) => e.context === i.context && e.name === i.pool);
        if (!mine) return { id: "" };
        const now = { ...i, pool: mine.name };
        return { id, props: { ...now, fullPath: attachmentId(i) }, inputs: now };
    },
    async update(_id, olds, news) {
        // A different pool for the same context: swap ours for the new one (taking over from our own old pool only).
        await withDeviceSession(news.connection, `changing clone pool of ${news.virtualServer}`, (s) => attach(s, news, olds.pool));
        return { outs: { ...news, fullPath: attachmentId(news) } };
    },
    async delete(_id, props) {
        await withDeviceSession(props.connection, `detaching clone pool from ${props.virtualServer}`, async (s) => {
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
    /**
     * Where the user may not run tmsh through /mgmt/tm/util/bash (not an Administrator), change the clone pools by
     * rewriting the virtual's whole `clonePools` list, which can drop a clone pool another writer adds at the same
     * moment. Default false: such a user gets an error and nothing is changed.
     */
    readonly allowListPatch?: pulumi.Input<boolean>;
}

/** Attaches a clone pool to a virtual server for one context, preserving clone pools it does not own. */
export class ClonePoolAttachment extends BigIpResource {
    constructor(name: string, args: ClonePoolAttachmentArgs, opts?: pulumi.CustomResourceOptions) {
        super("ClonePoolAttachment", name, { ...args, name: "clone" }, [], opts);
    }
}
