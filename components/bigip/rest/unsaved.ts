/**
 * Which devices hold configuration this process changed and has not saved (`sys config save`) since. The providers'
 * creates and updates do not save one by one (that would cost a save per resource); the run's ConfigSave resource asks
 * here in its diff — the engine calls it once every resource it follows is done — and saves once when anything changed,
 * so a change made by `up` (a drift repaired after a refresh, too) survives the next reboot.
 *
 * Bookkeeping on `globalThis`, like shared.ts: one provider host process is one run.
 */
interface Device {
    /** Sequence number of the last write that finished (answered or failed: a failed write may have been applied). */
    lastWrite: number;
    /** The highest write sequence number a successful save covered. */
    saved: number;
}

function devices(): { seq: number; byWhere: Map<string, Device> } {
    const g = globalThis as any;
    return (g.__bigipRestUnsaved_v1 ??= { seq: 0, byWhere: new Map<string, Device>() });
}

function device(where: string): Device {
    const d = devices();
    let x = d.byWhere.get(where);
    if (!x) d.byWhere.set(where, (x = { lastWrite: 0, saved: 0 }));
    return x;
}

/** A configuration write to `where` (`host:port`) finished. */
export function noteWrite(where: string): void {
    device(where).lastWrite = ++devices().seq;
}

/** A save is about to be sent: returns the mark to pass to `noteSaved` once it succeeded. */
export function saveMark(): number {
    return devices().seq;
}

/** A save sent at `mark` succeeded: every write finished before it is on disk. */
export function noteSaved(where: string, mark: number): void {
    const x = device(where);
    x.saved = Math.max(x.saved, mark);
}

/** Whether this process changed `where`'s configuration after its last successful save. */
export function hasUnsavedChanges(where: string): boolean {
    const x = devices().byWhere.get(where);
    return !!x && x.lastWrite > x.saved;
}

/** Forgets everything (a new run in the same process: tests, the bench). */
export function resetUnsaved(): void {
    devices().byWhere.clear();
}
