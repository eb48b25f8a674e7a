/**
 * Issue 13 through the stack program (stacks/index.ts with the example stack config), evaluated twice: on the day of
 * the first deploy and after AWS, CentOS and F5 published newer images. Looked-up images are kept; an explicit
 * `bigipAmiId` / `collectorAmiId` is not, and changing it replaces that instance, delete-before-replace.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { Mocked, RecordedResource, settle } from "../helpers/mocks";
import { GET_AMI } from "../helpers/types";
import { PASSWORD, PRIVATE_KEY } from "../cloneAcrossL3/fixture";
import { Catalog, DAY1, DAY2, changedInputs, instance, mocksWithCatalog } from "./helpers";

const ROOT = path.resolve(__dirname, "../..");
const PROJECT = "clone-across-l3";
const dev = parse(fs.readFileSync(path.join(ROOT, "stacks/Pulumi.dev.yaml"), "utf8"));
const INSTANCES = ["clone-bigip-instance", "clone-collector-instance", "clone-demo-instance"];

function configStore(): Record<string, string | undefined> {
    return require("@pulumi/pulumi/runtime/state").getStore().config;
}

/** The example stack's config plus the two secrets and `extra`, as the CLI hands it to the program. */
function stackConfig(extra: Record<string, string> = {}): Record<string, string> {
    const c: Record<string, string> = {};
    for (const [k, v] of Object.entries(dev.config ?? {})) c[k] = typeof v === "string" ? v : JSON.stringify(v);
    Object.assign(c, { [`${PROJECT}:adminPassword`]: PASSWORD, [`${PROJECT}:sshPrivateKey`]: PRIVATE_KEY });
    for (const [k, v] of Object.entries(extra)) c[`${PROJECT}:${k}`] = v;
    return c;
}

/** One evaluation of the program; resolves once the three instances and the last BIG-IP object have registered. */
async function evaluate(catalog: Catalog, extra: Record<string, string> = {}): Promise<{ m: Mocked; instances: Record<string, RecordedResource> }> {
    const m = await mocksWithCatalog(catalog, { project: PROJECT, stack: "dev" });
    pulumi.runtime.setAllConfig(stackConfig(extra), [`${PROJECT}:adminPassword`, `${PROJECT}:sshPrivateKey`]);
    delete require.cache[require.resolve("../../stacks/index")];
    const program = await import("../../stacks/index");
    await settle(program.managementUrl, program.collectorSsh!);
    // Wait for the dynamic BIG-IP objects too (clone-save is the last), so none lands in a later test's mocks.
    const wanted = [...INSTANCES, "clone-save"];
    for (let waited = 0; waited < 30_000 && !wanted.every((n) => m.resources.some((r) => r.name === n)); waited += 50) {
        await new Promise((r) => setTimeout(r, 50));
    }
    await settle();
    return { m, instances: Object.fromEntries(INSTANCES.map((n) => [n, instance(m, n)])) };
}

describe("issue 13 through the stack program: images resolved at first deploy are kept", function () {
    this.timeout(120_000);
    let saved: Record<string, string | undefined> = {};
    before(() => { saved = { ...configStore() }; });
    after(() => {
        const store = configStore();
        for (const k of Object.keys(store)) delete store[k];
        Object.assign(store, saved);
    });

    describe("looked-up images (the default)", () => {
        let day1: Record<string, RecordedResource>;
        let day2: Record<string, RecordedResource>;
        before(async () => {
            day1 = (await evaluate(DAY1)).instances;
            day2 = (await evaluate(DAY2)).instances;
        });

        it("the lookups answered with newer images on the second day", () => {
            assert.deepEqual(INSTANCES.map((n) => day1[n].inputs.ami), [DAY1.bigip, DAY1.collector, DAY1.demo]);
            assert.deepEqual(INSTANCES.map((n) => day2[n].inputs.ami), [DAY2.bigip, DAY2.collector, DAY2.demo]);
        });

        it("yet every instance ignores its ami, so the engine sees no change and replaces nothing", () => {
            for (const n of INSTANCES) {
                assert.ok(day2[n].options.ignoreChanges.includes("ami"), `${n}: ${JSON.stringify(day2[n].options)}`);
                assert.deepEqual(changedInputs(day1[n], day2[n]), [], n);
            }
        });

        it("the BIG-IP and the collector, launched on pre-created ENIs, are replaced delete-before-replace; the demo server is not", () => {
            assert.deepEqual(INSTANCES.map((n) => day2[n].options.deleteBeforeReplace), [true, true, false]);
            assert.equal(day2["clone-bigip-instance"].inputs.networkInterfaces[0].deviceIndex, 0);
            assert.ok(day2["clone-collector-instance"].inputs.primaryNetworkInterface.networkInterfaceId);
        });
    });

    describe("explicit bigipAmiId and collectorAmiId", () => {
        const ids = { bigipAmiId: "ami-0123456789abcdef0", collectorAmiId: "ami-0aaaabbbbccccdddd" };
        const next = { bigipAmiId: "ami-0123456789abcdef1", collectorAmiId: "ami-0aaaabbbbccccddde" };
        let first: { m: Mocked; instances: Record<string, RecordedResource> };
        let changed: Record<string, RecordedResource>;
        let sameIdsLater: Record<string, RecordedResource>;
        before(async () => {
            first = await evaluate(DAY1, ids);
            changed = (await evaluate(DAY1, next)).instances;
            sameIdsLater = (await evaluate(DAY2, ids)).instances;
        });

        it("are used as given, with no lookup for them, and are not ignored", () => {
            assert.equal(first.instances["clone-bigip-instance"].inputs.ami, ids.bigipAmiId);
            assert.equal(first.instances["clone-collector-instance"].inputs.ami, ids.collectorAmiId);
            const owners = first.m.invokes.filter((i) => i.token === GET_AMI).map((i) => i.inputs.owners.join(","));
            assert.deepEqual(owners, ["amazon"], "only the demo server's image is looked up");
            for (const n of ["clone-bigip-instance", "clone-collector-instance"]) assert.ok(!first.instances[n].options.ignoreChanges.includes("ami"), n);
        });

        it("a changed id replaces that instance, delete-before-replace; the same id on a later day changes nothing", () => {
            for (const n of ["clone-bigip-instance", "clone-collector-instance"]) {
                assert.deepEqual(changedInputs(first.instances[n], changed[n]), ["ami"], n);
                assert.equal(changed[n].options.deleteBeforeReplace, true, n);
                assert.deepEqual(changedInputs(first.instances[n], sameIdsLater[n]), [], n);
            }
        });
    });
});
