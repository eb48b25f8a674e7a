/**
 * State written by an earlier release works with this one: for every committed state fixture (fixtures/state-*.json,
 * written by fixtures/record.ts through the real provider host) and every resource in it, this release's code —
 * reached through the `__provider` text that old state carries — refreshes it, plans a no-op, updates it (old
 * outputs, new inputs) and deletes it, on a device that holds the object.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { useEmulator } from "../bigip/objects/harness";
import { Engine } from "./engine";
import { underlay } from "./rows";

interface Recorded { title: string; type: string; id: string; inputs: any; outputs: any }

const FIXTURES = fs.readdirSync(path.join(__dirname, "fixtures")).filter((f) => /^state-\d+\.\d+\.\d+\.json$/.test(f)).sort();

/** The inputs a user would change next: something the provider must act on. */
function changed(r: Recorded): Record<string, unknown> {
    const { __provider: _p, ...i } = r.inputs;
    if ("description" in i) return { ...i, description: "changed by the next release" };
    if (r.type === "ConfigSave") return { ...i, triggers: [...i.triggers, "next"] };
    if (r.type === "UnderlayCheck") return { ...i, requiredMtu: i.requiredMtu - 50 };
    return { ...i, providerVersion: "next" };
}

describe("upgrade: state written by an earlier release, run by this release's code", () => {
    const box = useEmulator();
    before(() => underlay(box.e));

    it("there is a state fixture for this release", () => {
        const version = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")).version;
        assert.ok(FIXTURES.includes(`state-${version}.json`), `record one: npx ts-node test/engine/fixtures/record.ts ${version}`);
    });

    for (const file of FIXTURES) {
        const { release, resources } = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", file), "utf8")) as { release: string; resources: Recorded[] };
        describe(`written by ${release}`, () => {
            for (const r of resources) {
                it(`${r.title}: refresh, no-op, update and delete`, async () => {
                    const at = (v: any) => ({ ...v, connection: { ...v.connection, ...box.c } });
                    const old = () => ({ id: r.id, inputs: at(r.inputs), outs: at(r.outputs) });
                    const { __provider: oldText, ...inputs } = at(r.inputs);
                    // The device holds the object (made by this release), the state is the old one.
                    await new Engine(r.type).up(inputs);
                    const eng = new Engine(r.type);
                    eng.state = old();
                    assert.strictEqual(await eng.refresh(), "present");
                    assert.strictEqual(eng.state.outs.__provider, oldText, "a refresh keeps the stored provider text");
                    assert.strictEqual(await eng.up(inputs), "same", "this release plans no change for that state");
                    eng.state = old();
                    assert.strictEqual(await eng.up(at(changed(r))), "update");
                    assert.strictEqual(await eng.up(at(changed(r))), "same");
                    eng.state = old();
                    await eng.destroy();
                    if (r.type === "ConfigSave" || r.type === "UnderlayCheck") return; // nothing of their own on the device
                    const after = new Engine(r.type);
                    after.state = old();
                    assert.strictEqual(await after.refresh(), "gone", "deleted with the old state's provider text");
                });
            }
        });
    }
});
