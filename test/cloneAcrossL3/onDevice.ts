/**
 * Driving the composed component's registered BIG-IP resources against emulators through the real provider host
 * (device.test.ts, pair.test.ts): realistic ENI addresses, dependency order, one engine per resource.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { Emulator } from "../emulator";
import { Engine, registeredEngine } from "../bigip/objects/engine";
import { connOf } from "../bigip/objects/harness";
import { RecordedResource } from "../helpers/mocks";
import { Built, ENI, NAME, mocks } from "./fixture";

/** ENI addresses from their subnet, as AWS assigns them (the shared mocks hand out addresses from 10.0/16 regardless). */
const SUBNETS: Record<string, string> = {
    [`${NAME}-network-mgmt-id`]: "10.0.1", [`${NAME}-network-external-id`]: "10.0.2", [`${NAME}-network-collector-id`]: "10.1.1",
};

export async function realisticMocks() {
    const m = await mocks();
    const table = require("@pulumi/pulumi/runtime/settings").getMonitor().mocks;
    const next = table.newResource.bind(table);
    let host = 10;
    table.newResource = (args: pulumi.runtime.MockResourceArgs) => {
        const r = next(args);
        const net = SUBNETS[args.inputs.subnetId];
        if (args.type === ENI && net) {
            const ips = Array.from({ length: 1 + (args.inputs.privateIpsCount ?? 0) }, () => `${net}.${host++}`);
            r.state = { ...r.state, privateIp: ips[0], privateIps: ips };
        }
        if (args.type === "aws:ec2/instance:Instance" && net) r.state = { ...r.state, privateIp: `${net}.${host++}` };
        return r;
    };
    return m;
}


/** The registered resources in an order that respects every dependency among them. */
export function dependencyOrder(b: Built, rs: RecordedResource[]): RecordedResource[] {
    const names = new Set(rs.map((r) => r.name));
    const done: RecordedResource[] = [];
    const visit = (r: RecordedResource, path: string[] = []) => {
        if (done.includes(r)) return;
        assert.ok(!path.includes(r.name), `dependency cycle: ${[...path, r.name].join(" -> ")}`);
        for (const d of b.deps[r.name] ?? []) if (names.has(d)) visit(rs.find((x) => x.name === d)!, [...path, r.name]);
        done.push(r);
    };
    rs.forEach((r) => visit(r));
    return done;
}

export interface Driven { r: RecordedResource; eng: Engine; inputs: any }

/**
 * The registered inputs, pointed at the emulator (everything else exactly as the component computed it). `device` is the
 * emulator, or picks one per resource (an HA pair: by the host the component registered).
 */
export function engines(device: Emulator | ((r: RecordedResource) => Emulator), b: Built, rs: RecordedResource[]): Driven[] {
    return dependencyOrder(b, rs).map((r) => {
        const { __provider, fullPath: _f, ...inputs } = r.inputs;
        // Through the real provider host, with the `__provider` text and the options the program registered.
        const eng = registeredEngine(r.type, __provider);
        eng.retainOnDelete = r.options?.retainOnDelete === true;
        return { r, eng, inputs: { ...inputs, connection: connOf(typeof device === "function" ? device(r) : device) } };
    });
}

export async function up(ds: Driven[]): Promise<void> {
    for (const d of ds) await d.eng.up(d.inputs);
}
