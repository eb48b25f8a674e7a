/**
 * Issue 13 harness: evaluate a program under mocks with a given answer to every image lookup, and compare two
 * evaluations the way the engine would compare the state of one `up` with the program of the next.
 */
import * as assert from "node:assert/strict";
import { Mocked, RecordedResource, useMocks } from "../helpers/mocks";
import { ENI, GET_AMI, INSTANCE } from "../helpers/types";

/** What each image lookup answers: the newest image of that owner "today". */
export interface Catalog { bigip: string; collector: string; demo: string }

/** An AMI id like AWS's (17 hex digits): `prefix` then `n`, zero-padded. */
const ami = (prefix: string, n: number) => `ami-${prefix}${String(n).padStart(17 - prefix.length, "0")}`;

/** The lookups on the first deploy. */
export const DAY1: Catalog = { bigip: ami("f5", 1), collector: ami("ce9", 1), demo: ami("a12023", 1) };
/** The same lookups after AWS, CentOS and F5 published newer images. */
export const DAY2: Catalog = { bigip: ami("f5", 2), collector: ami("ce9", 2), demo: ami("a12023", 2) };

/** A fixed address per ENI name: the second evaluation sees the ENIs of the first (AWS keeps them and their IPs). */
function eniIp(name: string, i: number): string {
    const h = [...name].reduce((a, c) => (a * 31 + c.charCodeAt(0)) % 250, 7);
    return `10.9.${h + 1}.${10 + i}`;
}

/**
 * Fresh mocks whose getAmi answers from `catalog` (by owner: aws-marketplace, amazon, anyone else = collector), and
 * whose ENIs get the same addresses in every evaluation.
 */
export async function mocksWithCatalog(catalog: Catalog, extra: Parameters<typeof useMocks>[0] = {}): Promise<Mocked> {
    const m = await useMocks({
        ...extra,
        invokes: {
            ...(extra.invokes ?? {}),
            [GET_AMI]: (inputs) => {
                const owners: string[] = inputs.owners ?? [];
                const id = owners.includes("aws-marketplace") ? catalog.bigip : owners.includes("amazon") ? catalog.demo : catalog.collector;
                return { id, architecture: "x86_64", name: `mock image ${id}` };
            },
        },
    });
    const table = require("@pulumi/pulumi/runtime/settings").getMonitor().mocks;
    const newResource = table.newResource.bind(table);
    table.newResource = (args: { type: string; name: string; inputs: any }) => {
        const r = newResource(args);
        if (args.type === ENI) {
            const ips = Array.from({ length: 1 + (args.inputs.privateIpsCount ?? 0) }, (_x, i) => eniIp(args.name, i));
            r.state = { ...r.state, privateIp: ips[0], privateIps: ips };
        }
        return r;
    };
    return m;
}

/** The one registered EC2 instance named `name`. */
export function instance(m: Mocked, name: string): RecordedResource {
    const r = m.named(name);
    assert.equal(r.type, INSTANCE);
    return r;
}

/**
 * The inputs the engine would see as changed between the instance in state (`before`) and the program's (`after`):
 * it first puts back the old value of every input `after` names in ignoreChanges (as the engine does), then compares.
 */
export function changedInputs(before: RecordedResource, after: RecordedResource): string[] {
    const keys = new Set([...Object.keys(before.inputs), ...Object.keys(after.inputs)]);
    const ignored = new Set(after.options.ignoreChanges);
    return [...keys].filter((k) => !ignored.has(k) && JSON.stringify(before.inputs[k]) !== JSON.stringify(after.inputs[k])).sort();
}
