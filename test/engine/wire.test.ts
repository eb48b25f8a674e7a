/**
 * Results that survive the wire: every resource type through the SDK's provider host (whose Struct.fromJavaScript
 * throws "Unexpected struct type." on an `undefined` anywhere in a check, create, read or update result), with each
 * optional field unset, set, cleared on the device behind our back, and unset again. Each step must pass the host and
 * leave a state that reads back the same and plans a no-op.
 */
import * as assert from "assert";
import { KINDS } from "../../components/bigip/objects/registry";
import { objectPath } from "../../components/bigip/objects/spec";
import { PROVIDERS } from "../../components/provider";
import { behindOurBack, useEmulator } from "../bigip/objects/harness";
import { Engine } from "./engine";
import { ROWS, underlay } from "./rows";

/** No `undefined` anywhere, and nothing the JSON form would change. */
function assertPlain(v: unknown, where: string): void {
    assert.deepStrictEqual(v, JSON.parse(JSON.stringify(v)), `${where}: not plain JSON`);
}

describe("results survive the wire: every type, every optional field set, unset and cleared on the device", () => {
    const box = useEmulator();
    before(() => underlay(box.e));

    it("the table covers every provider type", () => {
        assert.deepStrictEqual([...new Set(ROWS.map((r) => r.type))].sort(), Object.keys(PROVIDERS).sort());
    });

    for (const row of ROWS) {
        it(row.title ?? row.type, async () => {
            const eng = new Engine(row.type);
            const base = row.base(box.c);
            const full = { ...base, ...row.optional };
            const settled = async (inputs: Record<string, unknown>, step: string) => {
                assertPlain(eng.state, `${step}: state`);
                assert.strictEqual(await eng.refresh(), "present", `${step}: refresh`);
                assertPlain(eng.state, `${step}: refreshed state`);
                assert.strictEqual(await eng.up(inputs), "same", `${step}: then a no-op`);
            };
            assert.strictEqual(await eng.up(base), "create");
            await settled(base, "created with every optional field unset");
            if (Object.keys(row.optional).length) {
                assert.notStrictEqual(await eng.up(full), "same");
                await settled(full, "every optional field set");
            }
            if (row.cleared) {
                const c = row.cleared;
                await behindOurBack(box.e, (s) => s.patch(objectPath(KINDS[c.kind], c.fullPath), { description: "" }));
                assert.strictEqual(await eng.refresh(), "present", "refresh after the description was cleared on the device");
                assertPlain(eng.state, "cleared on the device");
                assert.strictEqual(await eng.up(full), "update", "the description is put back");
                await settled(full, "description restored");
            }
            if (Object.keys(row.optional).length) {
                assert.notStrictEqual(await eng.up(base), "same");
                await settled(base, "every optional field unset again");
            }
            await eng.destroy();
        });
    }
});
