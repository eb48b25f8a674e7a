/**
 * The emulator's configuration database: objects of every modelled kind in insertion order, the device-wide
 * generation counter and the allocators for device-assigned values (ifIndex, vsIndex).
 */
import { KindId } from "../../components/bigip/objects/spec";

/** One sub-collection item (pool member, virtual profile, FDB record). */
export interface Item {
    name: string;
    /** Absent for raw-named items (FDB records). */
    partition?: string;
    fullPath: string;
    generation: number;
    props: Record<string, unknown>;
}

export interface Obj {
    kind: KindId;
    name: string;
    partition: string;
    fullPath: string;
    generation: number;
    /** Shipped with the device: cannot be modified or deleted. */
    builtin: boolean;
    /** Only values that are set (written, inherited at creation, or device-assigned read-only values). */
    props: Record<string, unknown>;
    subs: Record<string, Item[]>;
}

interface State {
    objects: [string, Obj][];
    generation: number;
    nextIfIndex: number;
    nextVsIndex: number;
}

export class Store {
    private objects = new Map<string, Obj>();
    /** Device generation: the built-ins in the captures all carry 1. */
    generation = 1;
    savedGeneration = 1;
    /** The captured built-in tunnels have ifIndex 112 and 128; new ones continue the series. */
    nextIfIndex = 144;
    nextVsIndex = 1;
    /** Partitions (`sys folder`s) objects may be created in: Common, plus those a test seeds (startEmulator `folders`). */
    readonly folders = new Set<string>(["Common"]);

    private static key(kind: KindId, fullPath: string): string {
        return `${kind}:${fullPath}`;
    }

    get(kind: KindId, fullPath: string): Obj | undefined {
        return this.objects.get(Store.key(kind, fullPath));
    }

    list(kind: KindId): Obj[] {
        return [...this.objects.values()].filter((o) => o.kind === kind);
    }

    all(): Obj[] {
        return [...this.objects.values()];
    }

    put(o: Obj): void {
        this.objects.set(Store.key(o.kind, o.fullPath), o);
    }

    remove(kind: KindId, fullPath: string): void {
        this.objects.delete(Store.key(kind, fullPath));
    }

    /** Next device generation, for an object that changes now. */
    bump(): number {
        return ++this.generation;
    }

    /** Everything, deep-copied: a transaction restores it when a command fails. */
    save(): State {
        return structuredClone({
            objects: [...this.objects.entries()], generation: this.generation,
            nextIfIndex: this.nextIfIndex, nextVsIndex: this.nextVsIndex,
        });
    }

    restore(s: State): void {
        this.objects = new Map(structuredClone(s.objects));
        this.generation = s.generation;
        this.nextIfIndex = s.nextIfIndex;
        this.nextVsIndex = s.nextVsIndex;
    }

    /** Stored form of one object, sub-collections inline (Emulator.get / snapshot). */
    static stored(o: Obj): Record<string, unknown> {
        const out: Record<string, unknown> = {
            name: o.name, partition: o.partition, fullPath: o.fullPath, generation: o.generation, ...o.props,
        };
        for (const [sub, items] of Object.entries(o.subs)) {
            out[sub] = items.map((i) => ({
                name: i.name, ...(i.partition ? { partition: i.partition } : {}), fullPath: i.fullPath,
                generation: i.generation, ...i.props,
            }));
        }
        return structuredClone(out);
    }
}
