/**
 * What the BIG-IP resources of a program cost in state: each dynamic resource stores its inputs and its outputs (the
 * inputs plus `fullPath`), `__provider` in both. Measured on the registered inputs of a mock evaluation, secrets as
 * their plain values (in real state a secret is ciphertext of about the same size); AWS resources are not counted.
 */
import { DYNAMIC_PREFIX, isSecret, PlannedResource } from "../../stacks/plan/run";

export interface StateSize {
    /** BIG-IP (dynamic) resources registered. */
    resources: number;
    /** Smallest and largest `__provider` text, bytes. */
    providerTextMin: number;
    providerTextMax: number;
    /** Inputs + outputs of every BIG-IP resource, bytes of JSON. */
    stateBytes: number;
}

const plainOf = (v: unknown): unknown => (isSecret(v) ? plainOf(v.value) : Array.isArray(v) ? v.map(plainOf)
    : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainOf(x)])) : v);

export function stateSize(resources: PlannedResource[]): StateSize {
    const dynamic = resources.filter((r) => r.type.startsWith(DYNAMIC_PREFIX));
    const texts = dynamic.map((r) => Buffer.byteLength(String(plainOf(r.inputs.__provider))));
    let stateBytes = 0;
    for (const r of dynamic) {
        const inputs = plainOf(r.inputs) as Record<string, unknown>;
        const outputs = { ...inputs, fullPath: "/Common/" + r.name };
        stateBytes += Buffer.byteLength(JSON.stringify(inputs)) + Buffer.byteLength(JSON.stringify(outputs));
    }
    return { resources: dynamic.length, providerTextMin: Math.min(...texts), providerTextMax: Math.max(...texts), stateBytes };
}
