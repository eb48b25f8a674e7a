/**
 * The harness's runFailingProgram: a program that fails inside apply leaves pending promises that must not fail the
 * mocha run at exit, but only those its failure explains; any other pending promise is still a failure.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../../components/common/errors";
import { Mocked, runFailingProgram, settle, useMocks } from "./mocks";

const THING = "test:index:Thing";

/** A bare custom resource (the mocks answer for any type). */
class Thing extends pulumi.CustomResource {
    declare readonly v: pulumi.Output<unknown>;
    constructor(name: string, v: pulumi.Input<unknown>) {
        super(THING, name, { v });
    }
}

/** The runtime's leak candidates (what its exit check counts), by debug context. */
function pending(): string[] {
    return [...require("@pulumi/pulumi/runtime/state").getStore().leakCandidates].map((p: any) => String(p._debugCtx));
}

/** A registered resource `ok`, a resource `bad` whose input rejects, and `after` waiting on `bad`. */
function failingProgram(): void {
    new Thing("ok", 1);
    const bad = new Thing("bad", pulumi.output(Promise.reject(new ConfigError("x", "is refused"))));
    new Thing("after", bad.id);
}

describe("runFailingProgram", () => {
    let m: Mocked;
    beforeEach(async () => { m = await useMocks(); });
    // A fresh runtime store: nothing a test left pending reaches the exit check.
    after(async () => { await useMocks(); });

    it("returns the rejection and releases the promises of the resources that never registered", async () => {
        const { thrown, rejections } = await runFailingProgram(m, failingProgram);
        assert.equal(thrown, undefined);
        assert.ok(rejections.some((e) => e instanceof ConfigError && e.setting === "x"), String(rejections));
        assert.deepEqual(m.resources.map((r) => r.name), ["ok"]);
        assert.deepEqual(pending(), [], "nothing left for the exit check");
    });

    it("returns what the program threw before registering anything", async () => {
        const { thrown, rejections } = await runFailingProgram(m, () => { throw new ConfigError("y", "is refused"); });
        assert.ok(thrown instanceof ConfigError);
        assert.deepEqual(rejections, []);
    });

    it("fails on a pending promise the failure does not explain (a registered resource's), and keeps it for the exit check", async () => {
        const leak = `transferProperty(resource:ok[${THING}], v, 1)`;
        await assert.rejects(runFailingProgram(m, () => {
            failingProgram();
            require("@pulumi/pulumi/runtime/debuggable").debuggablePromise(new Promise(() => undefined), leak);
        }), (e: Error) => e.message.includes("a real leak") && e.message.includes(leak));
        assert.deepEqual(pending(), [leak]);
    });

    it("releases nothing when nothing failed", async () => {
        new Thing("waits", pulumi.output(new Promise<string>(() => undefined)));
        await settle();
        const { rejections } = await runFailingProgram(m, () => undefined);
        assert.deepEqual(rejections, []);
        assert.ok(pending().some((c) => c.includes("resource:waits")), "a hang without a failure stays visible");
    });
});
