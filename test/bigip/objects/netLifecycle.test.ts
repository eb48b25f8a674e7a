/**
 * Vlan and Route over the shared CRUD core, rehydrated from their serialized text, against the strict emulator:
 * create (one POST, exact device object), refresh (unchanged), no-op up (zero requests), MTU changed in place (one
 * PATCH holding only it), what cannot change in place replaced (delete, save, create), delete (saved, idempotent).
 */
import * as assert from "assert";
import { collectionPath, objectPath } from "../../../components/bigip/objects/spec";
import { vlanProvider, vlanSpec } from "../../../components/bigip/objects/vlan";
import { routeProvider, routeSpec } from "../../../components/bigip/objects/route";
import { Engine } from "./engine";
import { assertNoOpIsFree, assertRefreshKeeps, behindOurBack, deviceView, engineFor, patches, rejectsWith, useEmulator, writeLines } from "./harness";

const POST_VLAN = `POST /mgmt/${collectionPath(vlanSpec)}`;
const POST_ROUTE = `POST /mgmt/${collectionPath(routeSpec)}`;
const SAVE = "POST /mgmt/tm/sys/config";

describe("lifecycle: Vlan (rehydrated provider)", () => {
    const box = useEmulator();
    let eng: Engine;
    let inputs: Record<string, unknown>;
    const path = `/mgmt/${objectPath(vlanSpec, "/Common/external")}`;

    before(async () => {
        eng = await engineFor(vlanProvider);
        inputs = { connection: box.c, name: "external", interfaces: [{ name: "1.1" }], mtu: 9001, description: "data" };
    });

    it("create: one POST; the device holds the VLAN on untagged 1.1 with MTU 9001 and a tag of its own choosing", async () => {
        box.e.clearLog();
        assert.strictEqual(await eng.up(inputs), "create");
        assert.deepStrictEqual(writeLines(box.e), [POST_VLAN]);
        assert.deepStrictEqual(box.e.log.find((l) => l.method === "POST" && l.path.endsWith("/net/vlan"))!.body,
            { name: "external", partition: "Common", interfaces: [{ name: "1.1", untagged: true }], mtu: 9001, description: "data" });
        assert.deepStrictEqual(deviceView(box.e.get("vlan", "/Common/external")),
            { description: "data", mtu: 9001, tag: 4094, interfaces: [{ name: "1.1", fullPath: "1.1", untagged: true }] });
        assert.strictEqual(eng.state!.outs.fullPath, "/Common/external");
        assert.strictEqual(eng.state!.outs.tag, undefined, "a tag we did not set stays the device's");
    });

    it("refresh keeps it; a no-op up sends nothing", async () => {
        await assertRefreshKeeps(eng);
        await assertNoOpIsFree(box.e, eng, inputs);
    });

    it("update of the MTU: one PATCH holding only mtu; then nothing to do", async () => {
        inputs = { ...inputs, mtu: 1500 };
        box.e.clearLog();
        assert.strictEqual(await eng.up(inputs), "update");
        assert.deepStrictEqual(patches(box.e).map((p) => [p.path, p.body]), [[path, { mtu: 1500 }]]);
        assert.deepStrictEqual(writeLines(box.e), [`PATCH ${path}`]);
        assert.strictEqual(box.e.get("vlan", "/Common/external")!.mtu, 1500);
        assert.strictEqual(await eng.refresh(), "present");
        assert.strictEqual((await eng.preview(inputs)).step, "same");
    });

    it("interfaces change in place, sent whole; a tagged interface needs the tag we give", async () => {
        inputs = { ...inputs, tag: 100, interfaces: [{ name: "1.2", tagged: true }, { name: "1.1" }] };
        box.e.clearLog();
        assert.strictEqual(await eng.up(inputs), "update");
        assert.deepStrictEqual(patches(box.e)[0].body, { interfaces: [{ name: "1.1", untagged: true }, { name: "1.2", tagged: true }], tag: 100 });
        const dev = box.e.get("vlan", "/Common/external")! as any;
        assert.deepStrictEqual([dev.tag, dev.interfaces.map((i: any) => [i.name, i.tagged ?? false])], [100, [["1.1", false], ["1.2", true]]]);
        await assertRefreshKeeps(eng);
    });

    it("drift: an interface switched to tagged behind our back is seen and put back", async () => {
        await behindOurBack(box.e, (s) => s.patch(`tm/net/vlan/~Common~external/interfaces/1.1`, { tagged: true }));
        assert.strictEqual(await eng.refresh(), "present");
        assert.deepStrictEqual(eng.state!.outs.interfaces, [{ name: "1.1", tagged: true }, { name: "1.2", tagged: true }]);
        assert.strictEqual(await eng.up(inputs), "update");
        assert.strictEqual((box.e.get("vlan", "/Common/external")!.interfaces as any[])[0].untagged, true);
    });

    it("rename replaces: delete (saved) before create", async () => {
        inputs = { ...inputs, name: "external2" };
        box.e.clearLog();
        assert.strictEqual(await eng.up(inputs), "replace");
        assert.deepStrictEqual(writeLines(box.e), [`DELETE ${path}`, SAVE, POST_VLAN]);
    });

    it("delete: gone and saved; deleting again succeeds", async () => {
        const { id, outs } = eng.state!;
        box.e.clearLog();
        await eng.destroy();
        assert.strictEqual(box.e.get("vlan", "/Common/external2"), undefined);
        assert.deepStrictEqual(writeLines(box.e), [`DELETE /mgmt/${objectPath(vlanSpec, "/Common/external2")}`, SAVE]);
        await (await eng.host()).delete(id, eng.urn, outs);
        assert.strictEqual(box.e.savedGeneration, box.e.generation);
    });
});

describe("lifecycle: Route (rehydrated provider)", () => {
    const box = useEmulator();
    let eng: Engine;
    let inputs: Record<string, unknown>;
    const path = `/mgmt/${objectPath(routeSpec, "/Common/to-collectors")}`;

    before(async () => {
        box.e.seed("vlan", { name: "external", interfaces: [{ name: "1.1" }], mtu: 9001 });
        box.e.seed("selfIp", { name: "external-self", address: "10.0.2.5/24", vlan: "/Common/external" });
        eng = await engineFor(routeProvider);
        inputs = { connection: box.c, name: "to-collectors", network: "10.1.0.0/16", gw: "10.0.2.1" };
    });

    it("create: one POST; the device holds network, gw and the default MTU 0", async () => {
        box.e.clearLog();
        assert.strictEqual(await eng.up(inputs), "create");
        assert.deepStrictEqual(writeLines(box.e), [POST_ROUTE]);
        assert.deepStrictEqual(deviceView(box.e.get("route", "/Common/to-collectors")), { network: "10.1.0.0/16", gw: "10.0.2.1", mtu: 0 });
    });

    it("refresh keeps it; a no-op up sends nothing", async () => {
        await assertRefreshKeeps(eng);
        await assertNoOpIsFree(box.e, eng, inputs);
    });

    it("update of the MTU: one PATCH holding only mtu", async () => {
        inputs = { ...inputs, mtu: 8963 };
        box.e.clearLog();
        assert.strictEqual(await eng.up(inputs), "update");
        assert.deepStrictEqual(patches(box.e).map((p) => [p.path, p.body]), [[path, { mtu: 8963 }]]);
        assert.strictEqual(box.e.get("route", "/Common/to-collectors")!.mtu, 8963);
        assert.strictEqual((await eng.preview(inputs)).step, "same");
    });

    it("a new network replaces the route (the device cannot change it): delete, save, create", async () => {
        inputs = { ...inputs, network: "10.2.0.0/16" };
        const pre = await eng.preview(inputs);
        assert.deepStrictEqual([pre.step, pre.diff!.replaces, pre.diff!.deleteBeforeReplace], ["replace", ["network"], true]);
        box.e.clearLog();
        assert.strictEqual(await eng.up(inputs), "replace");
        assert.deepStrictEqual(writeLines(box.e), [`DELETE ${path}`, SAVE, POST_ROUTE]);
        assert.deepStrictEqual(deviceView(box.e.get("route", "/Common/to-collectors")), { network: "10.2.0.0/16", gw: "10.0.2.1", mtu: 8963 });
    });

    it("`0.0.0.0/0` is the device's `default`: no drift after create", async () => {
        const dflt = await engineFor(routeProvider);
        const i = { connection: box.c, name: "dflt", network: "0.0.0.0/0", gw: "10.0.2.1" };
        assert.strictEqual(await dflt.up(i), "create");
        assert.strictEqual(box.e.get("route", "/Common/dflt")!.network, "default");
        await assertRefreshKeeps(dflt);
        await assertNoOpIsFree(box.e, dflt, i);
        await dflt.destroy();
    });

    it("an unreachable gateway fails the create with the device's reason; nothing is left behind", async () => {
        const bad = await engineFor(routeProvider);
        await rejectsWith(bad.up({ connection: box.c, name: "bad", network: "10.3.0.0/16", gw: "10.9.9.1" }),
            /creating Route \/Common\/bad/, /Cannot create static route: 10\.3\.0\.0\/16 gw 10\.9\.9\.1 .*Network is unreachable/);
        assert.strictEqual(box.e.get("route", "/Common/bad"), undefined);
        assert.strictEqual(bad.state, undefined);
    });

    it("delete: gone and saved", async () => {
        box.e.clearLog();
        await eng.destroy();
        assert.strictEqual(box.e.get("route", "/Common/to-collectors"), undefined);
        assert.deepStrictEqual(writeLines(box.e), [`DELETE ${path}`, SAVE]);
    });
});
