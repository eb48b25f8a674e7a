/**
 * Lifecycle of the providers that are not one device object each: FdbRecord (an item of the tunnel's FDB),
 * ClonePoolAttachment (an entry of a virtual's clonePools list), ConfigSave and the atomic TunnelChain.
 */
import * as assert from "assert";
import { fdbRecordProvider } from "../../../components/bigip/objects/fdbTunnel";
import { clonePoolAttachmentProvider } from "../../../components/bigip/objects/clonePoolAttachment";
import { configSaveProvider } from "../../../components/bigip/objects/configSave";
import { Engine } from "./engine";
import { assertNoOpIsFree, assertRefreshKeeps, deviceView, engineFor, patches, useEmulator, writeLines, writes } from "./harness";

const gre = (name: string) => ({ name, defaultsFrom: "/Common/gre", encapsulation: "transparent-ethernet-bridging" });
const records = (v: Record<string, unknown> | undefined) => (deviceView(v)?.records ?? []) as unknown[];

describe("lifecycle: FdbRecord (rehydrated provider)", () => {
    const box = useEmulator();
    let eng: Engine;
    let inputs: Record<string, unknown>;
    const REC = "/mgmt/tm/net/fdb/tunnel/~Common~fdb-tun/records";
    const foreign = { name: "02:00:00:00:00:99", fullPath: "02:00:00:00:00:99", endpoint: "10.1.1.99" };

    before(async () => {
        box.e.seed("greProfile", gre("fdb-tp"));
        box.e.seed("tunnel", { name: "fdb-tun", profile: "/Common/fdb-tp", localAddress: "10.0.2.5", remoteAddress: "10.1.1.20" });
        box.e.seed("fdbTunnel", { name: "fdb-tun", records: [{ name: foreign.name, endpoint: foreign.endpoint }] });
        eng = await engineFor(fdbRecordProvider);
        inputs = { connection: box.c, name: "02:00:5E:10:00:01", tunnel: "fdb-tun", endpoint: "10.1.1.20" };
    });

    it("create: POSTs exactly one record and leaves the other records alone", async () => {
        box.e.clearLog();
        assert.strictEqual(await eng.up(inputs), "create");
        assert.deepStrictEqual(writes(box.e).map((l) => [l.method, l.path, l.body]), [["POST", REC, { name: "02:00:5e:10:00:01", endpoint: "10.1.1.20" }]]);
        assert.deepStrictEqual(records(box.e.get("fdbTunnel", "/Common/fdb-tun")),
            [foreign, { name: "02:00:5e:10:00:01", fullPath: "02:00:5e:10:00:01", endpoint: "10.1.1.20" }]);
        assert.strictEqual(eng.state!.id, "/Common/fdb-tun/records/02:00:5e:10:00:01");
    });

    it("refresh keeps it; a no-op up sends nothing", async () => {
        await assertRefreshKeeps(eng);
        await assertNoOpIsFree(box.e, eng, inputs);
    });

    it("update (only adopt changes; the record has no in-place field): only a check that the record is there", async () => {
        inputs = { ...inputs, adopt: true };
        box.e.clearLog();
        assert.strictEqual(await eng.up(inputs), "update");
        assert.deepStrictEqual(writeLines(box.e), []);
        assert.ok(box.e.log.some((l) => l.method === "GET" && l.path === REC)); // the records, found whatever their spelling
    });

    it("replace on a new endpoint: DELETE of our record, then POST", async () => {
        inputs = { ...inputs, endpoint: "10.1.1.21" };
        box.e.clearLog();
        assert.strictEqual(await eng.up(inputs), "replace");
        assert.deepStrictEqual(writeLines(box.e), [`DELETE ${REC}/02:00:5e:10:00:01`, "POST /mgmt/tm/sys/config", `POST ${REC}`]);
        assert.deepStrictEqual(records(box.e.get("fdbTunnel", "/Common/fdb-tun")),
            [foreign, { name: "02:00:5e:10:00:01", fullPath: "02:00:5e:10:00:01", endpoint: "10.1.1.21" }]);
    });

    it("delete: only our record goes, saved; again succeeds", async () => {
        const { id, outs } = eng.state!;
        await eng.destroy();
        assert.deepStrictEqual(records(box.e.get("fdbTunnel", "/Common/fdb-tun")), [foreign]);
        assert.strictEqual(box.e.savedGeneration, box.e.generation);
        await (await eng.host()).delete(id, eng.urn, outs);
        assert.deepStrictEqual(records(box.e.get("fdbTunnel", "/Common/fdb-tun")), [foreign]);
    });
});

describe("lifecycle: ClonePoolAttachment (rehydrated provider)", () => {
    const box = useEmulator();
    let eng: Engine;
    let inputs: Record<string, unknown>;
    const VS = "/mgmt/tm/ltm/virtual/~Common~cpa-vs";
    const clonePools = () => deviceView(box.e.get("virtual", "/Common/cpa-vs"))!.clonePools;

    before(async () => {
        for (const p of ["cpa-p1", "cpa-p2", "cpa-foreign"]) box.e.seed("pool", { name: p });
        box.e.seed("virtual", { name: "cpa-vs", destination: "10.0.2.20:80" });
        box.e.seed("virtual", { name: "cpa-vs2", destination: "10.0.2.21:80", clonePools: [{ name: "/Common/cpa-foreign", context: "serverside" }] });
        eng = await engineFor(clonePoolAttachmentProvider);
        inputs = { connection: box.c, name: "clone", virtualServer: "cpa-vs", pool: "cpa-p1", context: "clientside" };
    });

    // The list is changed server-side by tmsh (clonePoolAttachment.ts: a whole-list PATCH loses other processes' entries).
    const BASH = "/mgmt/tm/util/bash";
    const tmsh = (...cmds: string[]) => `-c '${cmds.map((c) => `tmsh modify ltm virtual /Common/cpa-vs clone-pools ${c}`).join(" && ")}'`;
    const bashRuns = () => box.e.log.filter((l) => l.method === "POST" && l.path === BASH).map((l) => (l.body as any).utilCmdArgs);

    it("create: one tmsh clone-pools add (util/bash) with no read first, then a verifying re-read", async () => {
        box.e.clearLog();
        assert.strictEqual(await eng.up(inputs), "create");
        assert.deepStrictEqual(bashRuns(), [tmsh("add { /Common/cpa-p1 { context clientside } }")]);
        assert.deepStrictEqual(patches(box.e), []);
        assert.deepStrictEqual(box.e.log.filter((l) => l.path === VS).map((l) => l.method), ["GET"]);
        assert.deepStrictEqual(clonePools(), [{ name: "/Common/cpa-p1", context: "clientside" }]);
        assert.strictEqual(eng.state!.id, "/Common/cpa-vs:clientside");
    });

    it("refresh keeps it; a no-op up sends nothing", async () => {
        await assertRefreshKeeps(eng);
        await assertNoOpIsFree(box.e, eng, inputs);
    });

    it("update to another pool: one tmsh call, our old pool deleted and the new one added", async () => {
        inputs = { ...inputs, pool: "cpa-p2" };
        box.e.clearLog();
        assert.strictEqual(await eng.up(inputs), "update");
        assert.deepStrictEqual(bashRuns(), [tmsh("delete { /Common/cpa-p1 }", "add { /Common/cpa-p2 { context clientside } }")]);
        assert.deepStrictEqual(patches(box.e), []);
        assert.deepStrictEqual(clonePools(), [{ name: "/Common/cpa-p2", context: "clientside" }]);
    });

    it("replace on another context: detach (saved) before attach", async () => {
        inputs = { ...inputs, context: "serverside" };
        box.e.clearLog();
        assert.strictEqual(await eng.up(inputs), "replace");
        assert.deepStrictEqual(bashRuns(), [tmsh("delete { /Common/cpa-p2 }"), tmsh("add { /Common/cpa-p2 { context serverside } }")]);
        assert.deepStrictEqual(writeLines(box.e), [`POST ${BASH}`, "POST /mgmt/tm/sys/config", `POST ${BASH}`]);
        assert.strictEqual(eng.state!.id, "/Common/cpa-vs:serverside");
    });

    it("delete: our entry gone, saved; again succeeds without writing", async () => {
        const { id, outs } = eng.state!;
        await eng.destroy();
        assert.strictEqual(clonePools(), undefined);
        assert.strictEqual(box.e.savedGeneration, box.e.generation);
        box.e.clearLog();
        await (await eng.host()).delete(id, eng.urn, outs);
        assert.deepStrictEqual(writeLines(box.e), ["POST /mgmt/tm/sys/config"]);
    });

    it("keeps a clone pool it does not own through create and delete", async () => {
        const other = await engineFor(clonePoolAttachmentProvider);
        const mine = { connection: box.c, name: "clone", virtualServer: "cpa-vs2", pool: "cpa-p1", context: "clientside" };
        await other.up(mine);
        const foreign = { name: "/Common/cpa-foreign", context: "serverside" };
        assert.deepStrictEqual(deviceView(box.e.get("virtual", "/Common/cpa-vs2"))!.clonePools, [foreign, { name: "/Common/cpa-p1", context: "clientside" }]);
        await other.destroy();
        assert.deepStrictEqual(deviceView(box.e.get("virtual", "/Common/cpa-vs2"))!.clonePools, [foreign]);
    });
});

describe("lifecycle: ConfigSave (rehydrated provider)", () => {
    const box = useEmulator();
    let eng: Engine;
    let inputs: Record<string, unknown>;
    const saves = () => box.e.log.filter((l) => l.method === "POST" && l.path === "/mgmt/tm/sys/config");

    before(async () => {
        eng = await engineFor(configSaveProvider);
        inputs = { connection: box.c, name: "save", triggers: ["/Common/a@1"] };
    });

    it("create saves the running configuration", async () => {
        box.e.seed("arp", { name: "cs-arp", ipAddress: "10.254.9.1", macAddress: "02:00:00:00:09:01" });
        assert.ok(box.e.savedGeneration < box.e.generation);
        box.e.clearLog();
        assert.strictEqual(await eng.up(inputs), "create");
        assert.deepStrictEqual(saves().map((l) => l.body), [{ command: "save" }]);
        assert.deepStrictEqual(writeLines(box.e), ["POST /mgmt/tm/sys/config"]);
        assert.strictEqual(box.e.savedGeneration, box.e.generation);
    });

    it("refresh keeps it; the same triggers send nothing", async () => {
        await assertRefreshKeeps(eng);
        await assertNoOpIsFree(box.e, eng, inputs);
    });

    it("changed triggers save again (update, no PATCH)", async () => {
        box.e.seed("arp", { name: "cs-arp2", ipAddress: "10.254.9.2", macAddress: "02:00:00:00:09:02" });
        inputs = { ...inputs, triggers: ["/Common/a@2"] };
        box.e.clearLog();
        assert.strictEqual(await eng.up(inputs), "update");
        assert.deepStrictEqual(writeLines(box.e), ["POST /mgmt/tm/sys/config"]);
        assert.strictEqual(box.e.savedGeneration, box.e.generation);
    });

    it("another device replaces it (diff only: nothing on the old device to delete first)", async () => {
        const p = await eng.preview({ ...inputs, connection: { ...box.c, host: "192.0.2.99" } });
        assert.deepStrictEqual(p.diff!.replaces, ["connection"]);
    });

    it("delete sends nothing (each delete saves itself), and again", async () => {
        const { id, outs } = eng.state!;
        box.e.clearLog();
        await eng.destroy();
        await (await eng.host()).delete(id, eng.urn, outs);
        assert.strictEqual(box.e.log.length, 0);
    });
});
