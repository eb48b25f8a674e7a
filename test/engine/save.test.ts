/**
 * Creates and updates leave the configuration saved, once per run: the providers do not save one by one; the run's
 * ConfigSave (diffed by the engine only after every resource it follows is done) sees that this run changed the device
 * and saves. A run that changes nothing sends nothing, a drift repaired by `up` after a refresh is saved too.
 */
import * as assert from "assert";
import { behindOurBack, useEmulator } from "../bigip/objects/harness";
import { endHostRun, Engine } from "./engine";

describe("the configuration is saved once per run that changed the device", () => {
    const box = useEmulator();
    const saves = () => box.e.log.filter((l) => l.method === "POST" && l.path === "/mgmt/tm/sys/config").length;
    const pool = new Engine("Pool");
    const vs = new Engine("VirtualServer");
    const save = new Engine("ConfigSave");
    const poolIn = () => ({ connection: box.c, name: "sv-pool", members: ["10.254.0.2:0"], description: "one" });
    const vsIn = () => ({ connection: box.c, name: "sv-vs", destination: "10.0.2.20:80", pool: "sv-pool" });
    const saveIn = () => ({ connection: box.c, name: "save", triggers: ["t1"] });
    /** One `pulumi up`: the resources in dependency order, ConfigSave last; the run's end logs out. */
    const run = async (pIn = poolIn(), v = vsIn(), s = saveIn()) => {
        box.e.clearLog();
        const steps = [await pool.up(pIn), await vs.up(v), await save.up(s)];
        await endHostRun();
        return steps;
    };

    it("create: the objects are written unsaved, ConfigSave saves once at the end", async () => {
        assert.deepStrictEqual(await run(), ["create", "create", "create"]);
        assert.strictEqual(saves(), 1);
        assert.strictEqual(box.e.savedGeneration, box.e.generation);
    });

    it("a run that changes nothing sends nothing, ConfigSave included", async () => {
        assert.deepStrictEqual(await run(), ["same", "same", "same"]);
        assert.strictEqual(box.e.log.length, 0);
    });

    it("an update with the same triggers is saved: ConfigSave updates because the run changed the device", async () => {
        assert.deepStrictEqual(await run({ ...poolIn(), description: "two" }), ["update", "same", "update"]);
        assert.strictEqual(saves(), 1);
        assert.strictEqual(box.e.savedGeneration, box.e.generation);
    });

    it("a drift repaired after a refresh survives a reboot: saved in the repairing run", async () => {
        await behindOurBack(box.e, (s) => s.patch("tm/ltm/pool/~Common~sv-pool", { description: "someone else" }));
        assert.strictEqual(await pool.refresh(), "present");
        await endHostRun();
        assert.deepStrictEqual(await run({ ...poolIn(), description: "two" }), ["update", "same", "update"]);
        assert.strictEqual(saves(), 1);
        assert.strictEqual(box.e.savedGeneration, box.e.generation);
        assert.strictEqual((box.e.get("pool", "/Common/sv-pool") as any).description, "two");
    });

    it("a preview changes nothing and shows ConfigSave unchanged", async () => {
        box.e.clearLog();
        assert.strictEqual((await save.preview(saveIn())).step, "same");
        assert.strictEqual(box.e.log.length, 0);
    });

    it("destroy: each delete saves itself (ConfigSave goes first and has nothing to undo)", async () => {
        box.e.clearLog();
        for (const e of [save, vs, pool]) await e.destroy();
        await endHostRun();
        assert.strictEqual(saves(), 2);
        assert.strictEqual(box.e.savedGeneration, box.e.generation);
    });
});
