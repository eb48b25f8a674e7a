/**
 * Serialises read-modify-write sequences on one device object. All dynamic resources of a deployment run
 * in one provider host process, but each has its own deserialized copy of this module, so the queue lives
 * on globalThis (created at run time, never captured at serialization). It cannot order writers in other processes
 * (another stack, a person): list edits that must survive those are made server-side (clonePoolAttachment.ts).
 */
export async function withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const g = globalThis as unknown as { __cloneL3Locks?: Map<string, Promise<unknown>> };
    const locks = (g.__cloneL3Locks ??= new Map());
    const previous = locks.get(key) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(fn);
    const tail = run.catch(() => undefined);
    locks.set(key, tail);
    try {
        return await run;
    } finally {
        if (locks.get(key) === tail) locks.delete(key);
    }
}
