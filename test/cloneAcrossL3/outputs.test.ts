/**
 * registerOutputs carries every output the CloneAcrossL3 class declares. The declared members are read from
 * the class's source with the TypeScript compiler (its public instance properties: `declare readonly` fields
 * emit nothing at run time, so they cannot be listed from an instance); the registered outputs are captured
 * twice: the object the component hands to registerOutputs (a spy), and what the mock monitor received in
 * RegisterResourceOutputs for the component's URN (what the engine would store).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as ts from "typescript";
import { CloneAcrossL3, CloneAcrossL3Result } from "../../components/cloneAcrossL3/cloneAcrossL3";
import { Mocked } from "../helpers/mocks";
import { Built, NAME, build, byoBigip, captureRegistrationErrors, defaults, mocks } from "./fixture";

const SOURCE = path.resolve(__dirname, "..", "..", "components", "cloneAcrossL3", "cloneAcrossL3.ts");
/** The mock runtime's signature key, and the value that marks a resource reference. */
const SIG = "4dabf18193072939515e22adb298388d";
const RESOURCE_REF = "5cf8f73096256a8f31e491e813e4eb8e";

// Compile-time: the class's own public members are exactly the result's keys (an extra or missing one is a tsc error).
type OwnMembers = Exclude<keyof CloneAcrossL3, keyof pulumi.ComponentResource>;
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const membersMatchResult: SameKeys<OwnMembers, keyof CloneAcrossL3Result> = true;

/** The public instance properties `class CloneAcrossL3` declares (fields and constructor parameter properties). */
function declaredMembers(): string[] {
    const sf = ts.createSourceFile(SOURCE, fs.readFileSync(SOURCE, "utf8"), ts.ScriptTarget.Latest, true);
    const cls = sf.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === "CloneAcrossL3");
    assert.ok(cls, `class CloneAcrossL3 in ${SOURCE}`);
    const hidden = (n: ts.Node) => (ts.canHaveModifiers(n) ? ts.getModifiers(n) ?? [] : [])
        .some((m) => [ts.SyntaxKind.PrivateKeyword, ts.SyntaxKind.ProtectedKeyword, ts.SyntaxKind.StaticKeyword].includes(m.kind));
    const fields = cls.members.filter(ts.isPropertyDeclaration).filter((p) => !hidden(p) && !ts.isPrivateIdentifier(p.name));
    const parameterProperties = cls.members.filter(ts.isConstructorDeclaration).flatMap((c) => [...c.parameters])
        .filter((p) => ts.isParameterPropertyDeclaration(p, p.parent) && !hidden(p));
    return [...fields, ...parameterProperties].map((p) => p.name.getText(sf)).sort();
}

/** The component's registered outputs as the mock monitor holds them, once RegisterResourceOutputs has arrived. */
async function engineOutputs(urn: string, timeoutMs = 20_000): Promise<Record<string, any>> {
    const monitor = require("@pulumi/pulumi/runtime/settings").getMonitor();
    for (const started = Date.now(); Date.now() - started < timeoutMs;) {
        // Registration stores the mock's plain state; RegisterResourceOutputs replaces it with the outputs Struct.
        const state = monitor.resources.get(urn)?.state;
        if (state && typeof state.toJavaScript === "function") return state.toJavaScript();
        await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no RegisterResourceOutputs for ${urn} within ${timeoutMs} ms`);
}

describe("CloneAcrossL3 registers every output it declares", () => {
    captureRegistrationErrors();
    const spied = new Map<pulumi.ComponentResource, Record<string, unknown>>();
    const original = pulumi.ComponentResource.prototype["registerOutputs"];

    before(() => {
        assert.equal(membersMatchResult, true);
        // A spy on the inherited method: the object each CloneAcrossL3 passes, before serialization. Only the first
        // call counts, as in the SDK: ComponentResource calls registerOutputs() again, without outputs, once its
        // (here empty) async initialize settles, and that call is ignored once a component has registered.
        const spy = function (this: pulumi.ComponentResource, outputs?: any) {
            if (this instanceof CloneAcrossL3 && !spied.has(this)) spied.set(this, outputs);
            return original.call(this, outputs);
        };
        (spy as any).doNotCapture = true; // as the original: closure serialization skips it
        pulumi.ComponentResource.prototype["registerOutputs"] = spy;
    });
    after(() => { pulumi.ComponentResource.prototype["registerOutputs"] = original; });

    it("the class declares the members this test expects to find (the source is read correctly)", () => {
        assert.deepEqual(declaredMembers(), ["bigip", "bigipConfig", "bigipPeer", "collectorCommands", "collectors", "demoServer", "demoUrl",
            "doctor", "managementUrl", "network", "peerManagementUrl", "tunnelSourceIp", "tunnels"]);
    });

    describe("every output present: a BIG-IP HA pair, the demo, a created and an existing collector", () => {
        let m: Mocked;
        let b: Built;
        before(async () => {
            m = await mocks();
            b = await build(m, defaults({ demo: true, collectors: [{ name: "ids" }, { name: "lab", existing: { underlayIp: "172.16.5.20" }, macAddress: "02:AA:BB:CC:DD:EE" }] },
                { ha: true }));
        });

        it("registerOutputs gets exactly the declared members, each the value the instance exposes", () => {
            const registered = spied.get(b.c);
            assert.ok(registered, "the component called registerOutputs");
            assert.deepEqual(Object.keys(registered).sort(), declaredMembers());
            for (const k of declaredMembers()) {
                const value = (b.c as unknown as Record<string, unknown>)[k];
                assert.notEqual(value, undefined, `${k} is set in this deployment`);
                assert.equal(registered[k], value, `${k} is the instance's own value`);
            }
        });

        it("the engine receives every one of them; child resources as resource references", async () => {
            const outputs = await engineOutputs(m.named(NAME).urn);
            assert.deepEqual(Object.keys(outputs).sort(), declaredMembers());
            const ref = (v: any, name: string) => {
                assert.equal(v?.[SIG], RESOURCE_REF, `${name} is a resource reference`);
                assert.ok(String(v.urn).endsWith(`::${name}`), `${v.urn} is ${name}`);
            };
            ref(outputs.network, `${NAME}-network`);
            ref(outputs.bigip, `${NAME}-bigip`);
            ref(outputs.bigipPeer, `${NAME}-bigip-peer`);
            assert.match(outputs.peerManagementUrl, /^https:\/\//);
            assert.deepEqual(Object.keys(outputs.collectors), ["ids"], "created collectors by name (the existing one has none)");
            ref(outputs.collectors.ids, `${NAME}-ids`);
            ref(outputs.bigipConfig.save, `${NAME}-save`);
            ref(outputs.demoServer.instance, `${NAME}-demo-instance`);
            assert.deepEqual(Object.keys(outputs.collectorCommands), ["lab"]);
            assert.match(outputs.collectorCommands.lab, /clone-tunnel/);
            assert.deepEqual(outputs.tunnels.map((t: { collector: string }) => t.collector), ["ids", "lab"]);
            assert.match(outputs.managementUrl, /^https:\/\//);
            assert.match(outputs.demoUrl, /^http:\/\//);
            assert.equal(typeof outputs.tunnelSourceIp, "string");
            assert.deepEqual(outputs.doctor.paths.map((p: { collector: string }) => p.collector), ["ids", "lab"]);
        });
    });

    describe("optional outputs absent: an existing BIG-IP, no demo", () => {
        let b: Built;
        let m: Mocked;
        before(async () => {
            m = await mocks();
            b = await build(m, byoBigip());
        });

        it("registers every member under its name; the engine keeps all but the absent ones (the VEs, the demo, the peer)", async () => {
            const registered = spied.get(b.c);
            assert.ok(registered);
            assert.deepEqual(Object.keys(registered).sort(), declaredMembers());
            const absent = declaredMembers().filter((k) => registered[k] === undefined);
            assert.deepEqual(absent, ["bigip", "bigipPeer", "demoServer", "demoUrl", "peerManagementUrl"]);
            const outputs = await engineOutputs(m.named(NAME).urn);
            assert.deepEqual(Object.keys(outputs).sort(), declaredMembers().filter((k) => !absent.includes(k)));
        });
    });
});
