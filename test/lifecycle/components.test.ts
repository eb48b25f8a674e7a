/**
 * Issue 13, "no surprise replacement": each instance component evaluated twice, once with the images of the first
 * deploy and once after newer ones were published. A looked-up image is kept (ignoreChanges: ami), so the engine sees
 * no change; an explicit id is not ignored, so changing it replaces the instance; an instance on a pre-created primary
 * ENI is replaced delete-before-replace. The user's own options (through the components' transformations) still apply.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { BigIpInstance, BigIpInstanceArgs } from "../../components/bigip/instance/bigipInstance";
import { CloneAcrossL3 } from "../../components/cloneAcrossL3/cloneAcrossL3";
import { Collector, CollectorArgs } from "../../components/collector/collector";
import { instanceOptions } from "../../components/common/instanceLifecycle";
import { createDemoServer } from "../../components/demo/demoServer";
import { Mocked, promiseOf, settle } from "../helpers/mocks";
import { GET_AMI, INSTANCE } from "../helpers/types";
import { NAME, PASSWORD, PRIVATE_KEY, PUBLIC_KEY, defaults } from "../cloneAcrossL3/fixture";
import { Catalog, DAY1, DAY2, changedInputs, instance, mocksWithCatalog } from "./helpers";

const BIGIP: BigIpInstanceArgs = { vpcId: "vpc-1", managementSubnetId: "subnet-m", externalSubnetId: "subnet-x", adminCidrs: ["198.51.100.0/24"], sshPublicKey: PUBLIC_KEY };
const COLLECTOR: CollectorArgs = { vpcId: "vpc-2", subnetId: "subnet-c", tunnelSourceIp: "10.0.2.10", adminCidrs: ["198.51.100.0/24"], keyName: "ops" };
const EXPLICIT = ["ami-0123456789abcdef0", "ami-0fedcba9876543210"];

/** Builds with fresh mocks whose lookups answer from `catalog`; resolves once the instance has registered. */
async function evaluate(catalog: Catalog, build: () => pulumi.Output<string>): Promise<Mocked> {
    const m = await mocksWithCatalog(catalog);
    await settle(build());
    return m;
}

const bigip = (args: BigIpInstanceArgs, opts?: pulumi.ComponentResourceOptions) => () => new BigIpInstance("bi", args, opts).instanceId;
const collector = (args: CollectorArgs, opts?: pulumi.ComponentResourceOptions) => () => new Collector("col", args, opts).instanceId;

/** Adds `ignoreChanges: ["tags"]` and retainOnDelete to EC2 instances the way a user would, merging; records what it was given. */
function userTransformation(seen: pulumi.CustomResourceOptions[]): pulumi.ResourceTransformation {
    return (t) => {
        if (t.type !== INSTANCE) return undefined;
        seen.push({ ...t.opts });
        return { props: t.props, opts: pulumi.mergeOptions(t.opts, { ignoreChanges: ["tags"], retainOnDelete: true }) };
    };
}

describe("issue 13: a newer image never replaces a running BIG-IP or collector", () => {
    describe("instanceOptions", () => {
        it("merges into the options it is given: keeps parent and dependsOn, joins ignoreChanges without duplicates", () => {
            const parent = new pulumi.ComponentResource("test:index:Parent", "p");
            const o = instanceOptions({ parent, dependsOn: [parent], ignoreChanges: ["tags", "ami"] }, { image: "lookup", preCreatedPrimaryEni: true });
            assert.equal(o.parent, parent);
            assert.deepEqual(o.dependsOn, [parent]);
            assert.deepEqual(o.ignoreChanges, ["tags", "ami"]);
            assert.equal(o.deleteBeforeReplace, true);
        });

        it("ignores nothing for an explicit id, and leaves the replacement order alone without a pre-created ENI", () => {
            assert.deepEqual(instanceOptions({}, { image: "explicit", preCreatedPrimaryEni: true }), { deleteBeforeReplace: true });
            assert.deepEqual(instanceOptions({}, { image: "lookup", preCreatedPrimaryEni: false }), { ignoreChanges: ["ami"] });
        });
    });

    for (const [title, args] of [
        ["BIG-IP without onboarding", BIGIP],
        ["BIG-IP with onboarding (the image waits for the secrets' check)", { ...BIGIP, adminPassword: pulumi.secret(PASSWORD), sshPrivateKey: PRIVATE_KEY }],
    ] as [string, BigIpInstanceArgs][]) {
        it(`${title}: the looked-up image is kept, a newer one changes nothing the engine compares`, async () => {
            const day1 = instance(await evaluate(DAY1, bigip(args)), "bi-instance");
            const day2 = instance(await evaluate(DAY2, bigip(args)), "bi-instance");
            assert.equal(day1.inputs.ami, DAY1.bigip);
            assert.equal(day2.inputs.ami, DAY2.bigip, "the lookup did answer with the newer image");
            for (const r of [day1, day2]) {
                assert.ok(r.options.ignoreChanges.includes("ami"), JSON.stringify(r.options));
                assert.equal(r.options.deleteBeforeReplace, true, "its ENIs are attached at launch");
            }
            assert.deepEqual(changedInputs(day1, day2), [], "no change, so no replacement");
        });
    }

    it("BIG-IP with an explicit id: no lookup, not ignored, so a changed id replaces it, delete-before-replace", async () => {
        const ms = [await evaluate(DAY1, bigip({ ...BIGIP, ami: { id: EXPLICIT[0] } })), await evaluate(DAY2, bigip({ ...BIGIP, ami: { id: EXPLICIT[1] } }))];
        const [a, b] = ms.map((m) => instance(m, "bi-instance"));
        assert.deepEqual(ms.map((m) => m.invokes.filter((i) => i.token === GET_AMI).length), [0, 0]);
        assert.deepEqual([a.inputs.ami, b.inputs.ami], EXPLICIT);
        assert.ok(!b.options.ignoreChanges.includes("ami"));
        assert.equal(b.options.deleteBeforeReplace, true);
        assert.deepEqual(changedInputs(a, b), ["ami"], "ami is a replace-on-change input of aws.ec2.Instance");
        const same = instance(await evaluate(DAY2, bigip({ ...BIGIP, ami: { id: EXPLICIT[0] } })), "bi-instance");
        assert.deepEqual(changedInputs(a, same), [], "the same id on a later day changes nothing");
    });

    it("collector: the looked-up image is kept; new user data replaces it, delete-before-replace on the same ENI", async () => {
        const day1 = instance(await evaluate(DAY1, collector(COLLECTOR)), "col-instance");
        const day2 = instance(await evaluate(DAY2, collector(COLLECTOR)), "col-instance");
        assert.deepEqual([day1.inputs.ami, day2.inputs.ami], [DAY1.collector, DAY2.collector]);
        for (const r of [day1, day2]) {
            assert.ok(r.options.ignoreChanges.includes("ami"));
            assert.equal(r.options.deleteBeforeReplace, true);
            assert.equal(r.inputs.primaryNetworkInterface.networkInterfaceId, "col-eni-id", "launched on the pre-created ENI");
        }
        assert.deepEqual(changedInputs(day1, day2), []);
        const moved = instance(await evaluate(DAY2, collector({ ...COLLECTOR, tunnelSourceIp: "10.0.2.99" })), "col-instance");
        assert.deepEqual(changedInputs(day1, moved), ["userData"]);
        assert.equal(moved.inputs.userDataReplaceOnChange, true, "new user data replaces the collector (cloud-init runs once)");
        assert.equal(moved.options.deleteBeforeReplace, true, "so the replacement is delete-before-replace");
    });

    it("collector with an explicit id: no lookup, a changed id replaces it", async () => {
        const ms = [await evaluate(DAY1, collector({ ...COLLECTOR, ami: { id: EXPLICIT[0] } })), await evaluate(DAY1, collector({ ...COLLECTOR, ami: { id: EXPLICIT[1] } }))];
        const [a, b] = ms.map((m) => instance(m, "col-instance"));
        assert.deepEqual(ms.map((m) => m.invokes.filter((i) => i.token === GET_AMI).length), [0, 0]);
        assert.ok(!b.options.ignoreChanges.includes("ami"));
        assert.equal(b.options.deleteBeforeReplace, true);
        assert.deepEqual(changedInputs(a, b), ["ami"]);
    });

    it("demo server: the looked-up image is kept; no pre-created ENI, so the default replacement order stays", async () => {
        const demo = () => {
            const parent = new pulumi.ComponentResource("test:index:Parent", "p");
            return createDemoServer("demo", { vpcId: "vpc-1", subnetId: "subnet-x", bigipSelfIp: "10.0.2.5", instanceType: "t4g.nano", architecture: "arm64", port: 80 }, parent).instance.id;
        };
        const [a, b] = [instance(await evaluate(DAY1, demo), "demo-instance"), instance(await evaluate(DAY2, demo), "demo-instance")];
        assert.deepEqual([a.inputs.ami, b.inputs.ami], [DAY1.demo, DAY2.demo]);
        assert.deepEqual(b.options.ignoreChanges, ["ami"]);
        assert.equal(b.options.deleteBeforeReplace, false);
        assert.deepEqual(changedInputs(a, b), []);
    });

    describe("the user's own options still apply, merged with these", () => {
        // A BIG-IP's first-boot script is kept too (instanceLifecycle.ts); a collector's cloud-init replaces it.
        for (const [title, build, name, ours] of [
            ["BigIpInstance", (o: pulumi.ComponentResourceOptions) => bigip(BIGIP, o), "bi-instance", ["ami", "userData"]],
            ["Collector", (o: pulumi.ComponentResourceOptions) => collector(COLLECTOR, o), "col-instance", ["ami"]],
        ] as [string, (o: pulumi.ComponentResourceOptions) => () => pulumi.Output<string>, string, string[]][]) {
            it(`${title}: protect and a transformation adding ignoreChanges and retainOnDelete`, async () => {
                const seen: pulumi.CustomResourceOptions[] = [];
                const r = instance(await evaluate(DAY1, build({ protect: true, transformations: [userTransformation(seen)] })), name);
                assert.deepEqual(seen.map((o) => [o.ignoreChanges, o.deleteBeforeReplace]), [[ours, true]], "the transformation sees these options");
                assert.deepEqual(r.options.ignoreChanges, [...ours, "tags"]);
                assert.equal(r.options.deleteBeforeReplace, true);
                assert.equal(r.options.retainOnDelete, true);
                assert.equal(r.options.protect, true, "protect is inherited from the component");
            });
        }

        it("CloneAcrossL3: a transformation on the composed component reaches both instances, merged", async () => {
            const seen: pulumi.CustomResourceOptions[] = [];
            const m = await mocksWithCatalog(DAY1);
            const c = new CloneAcrossL3(NAME, defaults({ configureBigip: false }), { transformations: [userTransformation(seen)] });
            await settle(c.bigip!.instanceId, c.collectors.collector.instanceId);
            for (const [n, ours] of [[`${NAME}-bigip-instance`, ["ami", "userData"]], [`${NAME}-collector-instance`, ["ami"]]] as const) {
                assert.deepEqual(instance(m, n).options.ignoreChanges, [...ours, "tags"], n);
                assert.equal(instance(m, n).options.deleteBeforeReplace, true, n);
            }
            assert.equal(seen.length, 2);
            assert.equal(await promiseOf(c.bigip!.onboarded), true);
        });
    });
});
