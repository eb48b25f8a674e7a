/**
 * Two emulators ("units") joined in a sync-failover device group (README "Device group"). Config-sync from a unit
 * makes the peer's copied objects mirror its own — the kinds whose `sync` says so (spec.ts `copiedByConfigSync`):
 * synced kinds, tunnels (and their profiles) while the syncing unit's `iptunnel.configsync` is not `disable`, routes
 * outside `/LOCAL_ONLY`. Per-unit objects are never copied. A failover flips which unit reports ACTIVE, nothing else.
 */
import { isDeepStrictEqual } from "util";
import { copiedByConfigSync, LOCAL_ONLY } from "../../components/bigip/objects/spec";
import { KINDS } from "../../components/bigip/objects/registry";
import { Emulator, EmulatorOptions, startEmulator } from "./index";
import { Item, Obj, Store } from "./store";

export type Unit = 0 | 1;

export interface PairOptions extends EmulatorOptions {
    /** Copy the synced kinds to the peer after every committed change on the active unit (DO `DeviceGroup.autoSync`). */
    autoSync?: boolean;
    /** Options of one unit only, over the shared ones (e.g. another `version`). */
    unit?: [EmulatorOptions?, EmulatorOptions?];
}

export interface Pair {
    readonly units: readonly [Emulator, Emulator];
    /** The unit whose `cm/failover-status` reports ACTIVE (unit 0 at start). */
    active(): Unit;
    /** The other unit becomes active; no configuration changes on either. */
    failover(): void;
    /** `run cm config-sync to-group` on unit `from`: the peer's copied objects now mirror `from`'s. */
    configSync(from: Unit): void;
    /** Switchable at any time; turning it on does not sync by itself. */
    autoSync: boolean;
    close(): Promise<void>;
}

/** Device-assigned values that belong to the unit that assigned them (never copied). */
const OWN_INDEXES = ["ifIndex", "vsIndex"] as const;

const key = (o: Obj) => `${o.kind}:${o.fullPath}`;

function withoutIndexes(props: Record<string, unknown>): Record<string, unknown> {
    const out = { ...props };
    for (const k of OWN_INDEXES) delete out[k];
    return out;
}

const itemShape = (subs: Record<string, Item[]>) => Object.fromEntries(Object.entries(subs).map(([s, items]) =>
    [s, items.map((i) => ({ name: i.name, partition: i.partition, fullPath: i.fullPath, props: i.props }))]));

const same = (a: Obj, b: Obj) => isDeepStrictEqual(withoutIndexes(a.props), withoutIndexes(b.props))
    && isDeepStrictEqual(itemShape(a.subs), itemShape(b.subs));

/**
 * Makes `dst`'s copied objects mirror `src`'s: creates, replaces (only where something differs) and deletes. Objects
 * are copied as stored, without the peer's mcpd checks; each change gets the peer's next generation.
 */
export function mirror(src: Emulator, dst: Emulator): void {
    const tunnelSync = src.sysDb("iptunnel.configsync") !== "disable";
    const copied = (o: Obj) => !o.builtin && copiedByConfigSync(KINDS[o.kind], o.partition, tunnelSync);
    const from = src.store, to = dst.store;
    const wanted = new Map(from.all().filter(copied).map((o) => [key(o), o]));
    for (const o of to.all().filter(copied)) {
        if (wanted.has(key(o))) continue;
        to.remove(o.kind, o.fullPath);
        if (o.kind === "tunnel") to.remove("fdbTunnel", o.fullPath); // the device's FDB object goes with its tunnel
        to.bump();
    }
    for (const o of wanted.values()) {
        const cur = to.get(o.kind, o.fullPath);
        if (cur?.builtin || (cur && same(cur, o))) continue;
        const next: Obj = structuredClone(o);
        for (const k of OWN_INDEXES) delete next.props[k];
        if (o.props.ifIndex !== undefined) next.props.ifIndex = cur?.props.ifIndex ?? (to.nextIfIndex += 16) - 16;
        if (o.props.vsIndex !== undefined) next.props.vsIndex = cur?.props.vsIndex ?? to.nextVsIndex++;
        commit(to, next);
        if (o.kind === "tunnel" && !to.get("fdbTunnel", o.fullPath)) {
            commit(to, { kind: "fdbTunnel", name: o.name, partition: o.partition, fullPath: o.fullPath, generation: 0, builtin: false, props: {}, subs: { records: [] } });
        }
    }
}

function commit(to: Store, o: Obj): void {
    const gen = (o.generation = to.bump());
    for (const items of Object.values(o.subs)) items.forEach((i) => (i.generation = gen));
    to.folders.add(o.partition); // *Inference*: the folder (a synced `sys folder`) comes with its objects
    to.put(o);
}

/** Starts both units (each with the `/LOCAL_ONLY` folder, as DO's `Route.localOnly` creates it on each device). */
export async function startPair(opts: PairOptions = {}): Promise<Pair> {
    const { autoSync = false, unit = [], ...shared } = opts;
    const start = (u: Unit) => startEmulator({
        ...shared, ...unit[u], folders: [...new Set([...(shared.folders ?? []), ...(unit[u]?.folders ?? []), LOCAL_ONLY])],
    });
    const units = [await start(0), await start(1)] as const;
    let activeUnit: Unit = 0;
    units[1].setFailoverStatus("STANDBY");
    for (const u of units) u.setDeviceGroup("failoverGroup", autoSync);
    /** The active unit's generation when it was last synced (or when autoSync was last found off). */
    let seen = units[0].generation;
    const pair: Pair = {
        units,
        autoSync,
        active: () => activeUnit,
        failover() {
            activeUnit = activeUnit === 0 ? 1 : 0;
            units[activeUnit].setFailoverStatus("ACTIVE");
            units[activeUnit === 0 ? 1 : 0].setFailoverStatus("STANDBY");
            seen = units[activeUnit].generation;
        },
        configSync(from) {
            mirror(units[from], units[from === 0 ? 1 : 0]);
            if (from === activeUnit) seen = units[from].generation;
        },
        close: async () => {
            await Promise.all(units.map((u) => u.close()));
        },
    };
    // After every answered request (to either unit, so a slow commit is caught at the next poll): if the active unit
    // changed since it was last seen, its synced kinds go to the peer (*Inference*: at once).
    const check = () => {
        const a = units[activeUnit];
        if (a.generation === seen) return;
        if (pair.autoSync) pair.configSync(activeUnit);
        seen = a.generation;
    };
    units.forEach((u) => u.afterRequest(check));
    return pair;
}
