/**
 * `tm/auth/partition` (README "Partitions"): list, read, create and delete administrative partitions, the folders
 * objects live in. The conformance suite (issue 17) works in a partition of its own and removes it after.
 *
 * Sourced: the collection and item shape (14.1.2.1 capture, CiscoTestAutomation/genieparser
 * `src/genie/libs/parser/bigip/tests/test_get_auth_partition.py` @ a1e5cbf7: `kind`, `name`, `fullPath` without a
 * leading slash, `generation`, `selfLink`, `defaultRouteDomain`, `description`; Common's description "Repository for
 * system objects and shared objects."); a partition that still holds objects is refused with
 * `0107082a:3: All objects must be removed from a partition (<name>) before the partition may be removed, type ID (<n>)`
 * (F5Networks/f5-appsvcs-extension#126, 14.1.0.3). *Inference*: the status (400), the type ID printed (the first
 * remaining object's kind number here is a made-up constant), a create's refusal texts (the store's), deleting Common.
 */
import { Resp } from "./config";
import { alreadyExists, invalidValue, mcpdError, methodNotAllowed, notFound } from "./errors";
import { Renderer } from "./render";
import { Store } from "./store";
import { asBody } from "./validate";

const COMMON_DESCRIPTION = "Repository for system objects and shared objects.";
/** *Inference*: the number a device prints after "type ID" (it names the kind of the first object found). */
const TYPE_ID = 915;
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;

export class Partitions {
    private readonly meta = new Map<string, { description?: string; generation: number }>();

    constructor(private readonly store: Store, private readonly r: Renderer) {}

    /** Requests below /mgmt/tm/ this module answers, or undefined for the others. */
    tm(method: string, tmPath: string, body: unknown, syntaxOnly: boolean): Resp | undefined {
        const path = tmPath.replace(/\/+$/, "");
        if (path === "auth/partition") {
            if (method === "GET") {
                return { status: 200, body: { kind: "tm:auth:partition:partitioncollectionstate", selfLink: this.r.link("auth/partition"), items: this.names().map((n) => this.state(n)) } };
            }
            if (method !== "POST") throw methodNotAllowed(method, `/mgmt/tm/${path}`);
            return this.create(body, syntaxOnly);
        }
        const m = /^auth\/partition\/([^/]+)$/.exec(path);
        if (!m) return undefined;
        const name = decodeURIComponent(m[1]).replace(/^~/, "");
        if (!this.store.folders.has(name)) throw notFound("partition", name);
        if (method === "GET") return { status: 200, body: this.state(name) };
        if (method !== "DELETE") throw methodNotAllowed(method, `/mgmt/tm/${path}`);
        if (name === "Common") throw mcpdError(400, "01070829:3: The Common partition cannot be deleted."); // *Inference*: text
        if (this.store.all().some((o) => o.partition === name && !o.builtin)) {
            throw mcpdError(400, `0107082a:3: All objects must be removed from a partition (${name}) before the partition may be removed, type ID (${TYPE_ID})`);
        }
        if (syntaxOnly) return { status: 200 };
        this.store.folders.delete(name);
        this.meta.delete(name);
        this.store.bump();
        return { status: 200 };
    }

    private create(body: unknown, syntaxOnly: boolean): Resp {
        const b = asBody(body);
        for (const [k, v] of Object.entries(b)) {
            if (!["name", "description", "defaultRouteDomain", "kind"].includes(k)) throw invalidValue(k, v);
        }
        const name = b.name;
        if (typeof name !== "string" || !NAME.test(name)) throw invalidValue("name", name ?? null);
        if (b.description !== undefined && typeof b.description !== "string") throw invalidValue("description", b.description);
        // Only route domain 0 exists on the emulated device.
        if (b.defaultRouteDomain !== undefined && b.defaultRouteDomain !== 0) throw invalidValue("defaultRouteDomain", b.defaultRouteDomain);
        if (this.store.folders.has(name)) throw alreadyExists("partition", name, name);
        if (syntaxOnly) return { status: 200 };
        this.store.folders.add(name);
        this.meta.set(name, { ...(typeof b.description === "string" ? { description: b.description } : {}), generation: this.store.bump() });
        return { status: 200, body: this.state(name) };
    }

    private names(): string[] {
        return [...this.store.folders].sort((a, b) => (a === "Common" ? -1 : b === "Common" ? 1 : a < b ? -1 : 1));
    }

    private state(name: string): Record<string, unknown> {
        const m = this.meta.get(name);
        const description = name === "Common" ? COMMON_DESCRIPTION : m?.description;
        return {
            kind: "tm:auth:partition:partitionstate", name, fullPath: name, generation: m?.generation ?? 0,
            selfLink: this.r.link(`auth/partition/${name}`), defaultRouteDomain: 0, ...(description !== undefined ? { description } : {}),
        };
    }
}
