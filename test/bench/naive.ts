/**
 * The baseline: a naive per-object client, the way per-object tools work — for every object a login, a GET
 * before any write, the write on its own (no transaction), and a logout. The same objects as our clone path
 * (per collector: tunnel profile, tunnel, self IP, static ARP, FDB record, pool; per virtual and context: its clonePools
 * list; a config save), one object at a time. Plain HTTPS (test/emulator/client.ts), one connection per request.
 */
import { Emulator } from "../emulator";
import { call, login, Res } from "../emulator/client";
import { clonePath, Measured, measure, Operation } from "./ours";
import { PlannedResource } from "../../stacks/plan/run";

/** `path`: the collection POSTed to; `item`: the object's own URL below /mgmt/tm/ (default `path/~Common~name`). */
interface Obj { path: string; name: string; body: Record<string, unknown>; item?: string; partitioned?: false }
interface Attach { virtual: string; pool: string; context: string }

const tm = (p: string) => `/mgmt/tm/${p}`;
const itemUrl = (o: Obj) => tm(o.item ?? `${o.path}/~Common~${o.name}`);
const virtualUrl = (fullPath: string) => tm(`ltm/virtual/${fullPath.replace(/\//g, "~")}`);

function check(r: Res, what: string, ok = [200]): Res {
    if (!ok.includes(r.status)) throw new Error(`naive client: ${what} answered ${r.status} ${r.text.slice(0, 300)}`);
    return r;
}

export class NaiveClient {
    private objects: Obj[] = [];
    private attachments: Attach[] = [];

    /** Device objects of a program run's clone path (each virtual's clone list counted once per attachment). */
    static objectsOf(resources: PlannedResource[]): number {
        const c = new NaiveClient(undefined as unknown as Emulator, resources);
        return c.objects.length + c.attachments.length;
    }

    constructor(readonly e: Emulator, resources: PlannedResource[]) {
        for (const r of clonePath(resources)) {
            const i = r.inputs as any;
            if (r.type.endsWith("TunnelChain")) {
                const n = i.name as string;
                this.objects.push(
                    { path: `net/tunnels/${i.encapsulation}`, name: `${n}-profile`, body: {} },
                    { path: "net/tunnels/tunnel", name: n, body: { profile: `/Common/${n}-profile`, localAddress: i.localAddress, remoteAddress: i.remoteAddress, key: i.key, mtu: i.mtu } },
                    { path: "net/self", name: `${n}-self`, body: { address: i.selfAddress, vlan: `/Common/${n}` } },
                    { path: "net/arp", name: `${n}-arp`, body: { ipAddress: i.collectorAddress, macAddress: i.collectorMac } });
                if (i.fdbRecord ?? true) this.objects.push(this.record(n, i.collectorMac, i.remoteAddress));
            } else if (r.type.endsWith(":Pool")) {
                this.objects.push({ path: "ltm/pool", name: i.name, body: { members: (i.members as string[]).map((m) => ({ name: m })) } });
            } else if (r.type.endsWith("ClonePoolAttachment")) {
                this.attachments.push({ virtual: i.virtualServer, pool: i.pool, context: i.context });
            }
        }
    }

    /** The FDB record collector MAC → remote address on the chain's tunnel (a sub-collection item named by the MAC). */
    private record(tunnel: string, mac: string, endpoint: string): Obj {
        const path = `net/fdb/tunnel/~Common~${tunnel}/records`;
        return { path, name: mac, item: `${path}/${mac}`, body: { endpoint }, partitioned: false };
    }

    /** One object's session: login, `fn`, logout. */
    private async session<T>(fn: (h: Record<string, string>) => Promise<T>): Promise<T> {
        const h = await login(this.e);
        try {
            return await fn(h);
        } finally {
            check(await call(this.e, "DELETE", `/mgmt/shared/authz/tokens/${h["X-F5-Auth-Token"]}`, undefined, h), "logout");
        }
    }

    private async save(): Promise<void> {
        await this.session(async (h) => check(await call(this.e, "POST", tm("sys/config"), { command: "save" }, h), "save"));
    }

    private async setClone(a: Attach, present: boolean): Promise<void> {
        await this.session(async (h) => {
            const vs = check(await call(this.e, "GET", virtualUrl(a.virtual), undefined, h), "GET virtual").body;
            const list = ((vs.clonePools ?? []) as { name: string; partition?: string; context?: string }[])
                .map((c) => ({ name: c.name.startsWith("/") ? c.name : `/${c.partition ?? "Common"}/${c.name}`, context: c.context ?? "clientside" }));
            const others = list.filter((c) => !(c.name === a.pool && c.context === a.context));
            const want = present ? [...others, { name: a.pool, context: a.context }] : others;
            if (want.length !== list.length) check(await call(this.e, "PATCH", virtualUrl(a.virtual), { clonePools: want }, h), "PATCH clonePools");
        });
    }

    async create(): Promise<void> {
        for (const o of this.objects) {
            await this.session(async (h) => {
                if ((await call(this.e, "GET", itemUrl(o), undefined, h)).status === 200) return;
                check(await call(this.e, "POST", tm(o.path), { name: o.name, ...(o.partitioned === false ? {} : { partition: "Common" }), ...o.body }, h), `POST ${o.path}`);
            });
        }
        for (const a of this.attachments) await this.setClone(a, true);
        await this.save();
    }

    /** A refresh (and a plan): every object read in its own session; the virtuals once per attachment. */
    async refresh(): Promise<void> {
        for (const o of this.objects) await this.session(async (h) => check(await call(this.e, "GET", itemUrl(o), undefined, h), `GET ${o.path}`));
        for (const a of this.attachments) await this.session(async (h) => check(await call(this.e, "GET", virtualUrl(a.virtual), undefined, h), "GET virtual"));
    }

    /** A plan-then-apply run: refresh everything, then GET + PATCH the changed ARP entry, replace the FDB record (named by the MAC), then save. */
    async changeMac(newMac: string): Promise<void> {
        await this.refresh();
        const arp = this.objects.find((o) => o.path === "net/arp")!;
        arp.body = { ...arp.body, macAddress: newMac };
        await this.session(async (h) => {
            check(await call(this.e, "GET", itemUrl(arp), undefined, h), "GET arp");
            check(await call(this.e, "PATCH", itemUrl(arp), { macAddress: newMac }, h), "PATCH arp");
        });
        const k = this.objects.findIndex((o) => o.path.startsWith("net/fdb/tunnel/"));
        if (k >= 0) {
            const old = this.objects[k];
            const tunnel = /~Common~([^/]+)\/records$/.exec(old.path)![1];
            const next = this.record(tunnel, newMac, old.body.endpoint as string);
            await this.session(async (h) => {
                check(await call(this.e, "GET", itemUrl(old), undefined, h), "GET record");
                check(await call(this.e, "DELETE", itemUrl(old), undefined, h), "DELETE record");
            });
            await this.session(async (h) => {
                check(await call(this.e, "GET", itemUrl(next), undefined, h), "GET record", [404]);
                check(await call(this.e, "POST", tm(next.path), { name: next.name, ...next.body }, h), "POST record");
            });
            this.objects[k] = next;
        }
        await this.save();
    }

    async destroy(): Promise<void> {
        for (const a of [...this.attachments].reverse()) await this.setClone(a, false);
        for (const o of [...this.objects].reverse()) {
            await this.session(async (h) => {
                if ((await call(this.e, "GET", itemUrl(o), undefined, h)).status !== 200) return;
                check(await call(this.e, "DELETE", itemUrl(o), undefined, h), `DELETE ${o.path}`);
            });
        }
        await this.save();
    }

    async run(): Promise<Record<Operation, Measured>> {
        return {
            "create": await measure(this.e, () => this.create()),
            // What a per-object tool does for an unchanged run: read every object (its refresh), write nothing.
            "no-op up": await measure(this.e, () => this.refresh()),
            // A per-object tool's plan reads every object as well.
            "preview": await measure(this.e, () => this.refresh()),
            "refresh": await measure(this.e, () => this.refresh()),
            "MAC change": await measure(this.e, () => this.changeMac("02:00:5e:00:be:ef")),
            "destroy": await measure(this.e, () => this.destroy()),
        };
    }
}
