/**
 * Issue 8 §2.7: another process edits the same virtual's clone pools between our GET and our write. The per-process
 * lock cannot see it and BIG-IP does not enforce `generation`, so a whole-list PATCH silently erased the other
 * writer's entry while both sides reported success. Now the list is changed server-side (tmsh clone-pools add/delete
 * through util/bash): the foreign entry survives, and a foreign pool taking our context makes our change fail clearly.
 */
import { closeSessions } from "../../../components/bigip/rest";
import * as assert from "assert";
import { Emulator, startEmulator } from "../../emulator";
import { tmshCommand } from "../../../components/bigip/objects/clonePoolAttachment";
import { Engine, endHostRun } from "../objects/engine";
import { connOf, rejects } from "../rest/helpers";
import { Providers, RETRY, loadProviders, rest } from "./fixture";

const VS = "/mgmt/tm/ltm/virtual/~Common~app-vs";
const clonePools = (e: Emulator) => (((e.get("virtual", "/Common/app-vs") as any).clonePools ?? []) as { name: string; context: string }[])
    .map((c) => `${c.name} ${c.context}`).sort();

describe("chaos: a second process writes the virtual's clone pools between our GET and our write", function () {
    this.timeout(30_000);
    let P: Providers;
    let e: Emulator;
    before(async () => { P = await loadProviders(); });
    beforeEach(async () => {
        e = await startEmulator();
        for (const name of ["ours", "ours-2", "theirs"]) await rest(e, "POST", "/mgmt/tm/ltm/pool", { name, partition: "Common" });
        await rest(e, "POST", "/mgmt/tm/ltm/virtual", { name: "app-vs", partition: "Common", destination: "10.0.2.10:80" });
    });
    afterEach(async () => { await endHostRun(true); await closeSessions(); assert.strictEqual(e.activeTokens(), 0); await e.close(); });

    /** Before our next write to the virtual's clone pools (whichever way it is sent), another process does a GET+PATCH. */
    function otherWriterFirst(entry: { name: string; context: string }): { ran: () => boolean } {
        let ran = false;
        const fn = async () => {
            if (ran) return;
            ran = true;
            const now = (await rest(e, "GET", VS)).clonePools ?? [];
            await rest(e, "PATCH", VS, { clonePools: [...now.map((c: any) => ({ name: `/${c.partition}/${c.name}`, context: c.context })), entry] });
        };
        e.interleaveNext({ method: "PATCH", path: /\/ltm\/virtual\/~Common~app-vs$/ }, fn);
        e.interleaveNext({ method: "POST", path: /\/util\/bash$/ }, fn);
        return { ran: () => ran };
    }

    const attachment = (pool: string, context: string) => ({ connection: connOf(e, { retry: RETRY }), name: "clone", virtualServer: "app-vs", pool, context });

    it("create: the other process's serverside pool, added meanwhile, survives ours", async () => {
        const other = otherWriterFirst({ name: "/Common/theirs", context: "serverside" });
        assert.strictEqual(await new Engine(P.attach).up(attachment("ours", "clientside")), "create");
        assert.ok(other.ran(), "the other writer ran between our read and our write");
        assert.deepStrictEqual(clonePools(e), ["/Common/ours clientside", "/Common/theirs serverside"]);
    });

    it("delete: a pool the other process added meanwhile survives our detach", async () => {
        const eng = new Engine(P.attach);
        await eng.up(attachment("ours", "clientside"));
        const other = otherWriterFirst({ name: "/Common/theirs", context: "serverside" });
        await eng.destroy();
        assert.ok(other.ran());
        assert.deepStrictEqual(clonePools(e), ["/Common/theirs serverside"]);
    });

    it("update (swap our pool): the other process's entry survives", async () => {
        const eng = new Engine(P.attach);
        await eng.up(attachment("ours", "clientside"));
        const other = otherWriterFirst({ name: "/Common/theirs", context: "serverside" });
        assert.strictEqual(await eng.up(attachment("ours-2", "clientside")), "update");
        assert.ok(other.ran());
        assert.deepStrictEqual(clonePools(e), ["/Common/ours-2 clientside", "/Common/theirs serverside"]);
    });

    it("the other process takes our context meanwhile: our create fails clearly and their pool stays", async () => {
        const other = otherWriterFirst({ name: "/Common/theirs", context: "clientside" });
        const err = await rejects(new Engine(P.attach).up(attachment("ours", "clientside")));
        assert.ok(other.ran());
        // A create adds with no read first; mcpd refuses a second clientside pool, and the re-read names the holder.
        assert.match(err.message, /Virtual Server \/Common\/app-vs already has \/Common\/theirs as its clientside clone pool .*Set takeOver: true/);
        assert.ok(e.bashRuns().some((c) => /clone-pools add \{ \/Common\/ours \{ context clientside \} \}/.test(c)), "the add was tried and refused");
        assert.deepStrictEqual(clonePools(e), ["/Common/theirs clientside"]);
    });

    const REFUSED = "Authorization failed: user=https://localhost/mgmt/shared/authz/users/admin resource=/mgmt/tm/util/bash verb=POST uri:http://localhost:8100/mgmt/tm/util/bash";

    it("a user refused util/bash gets an error naming allowListPatch, and nothing is changed (issue 14, security 8)", async () => {
        e.failNext({ method: "POST", path: /\/util\/bash$/ }, 401, REFUSED, 2);
        await rest(e, "PATCH", VS, { clonePools: [{ name: "/Common/theirs", context: "serverside" }] });
        e.clearLog();
        const eng = new Engine(P.attach);
        const err = await eng.up(attachment("ours", "clientside")).then(() => undefined, (x: Error) => x);
        assert.match(String(err?.message), /may not run tmsh through \/mgmt\/tm\/util\/bash .*whole clonePools list.*Nothing was changed.*allowListPatch: true/);
        assert.deepStrictEqual(clonePools(e), ["/Common/theirs serverside"]);
        assert.ok(!e.log.some((l) => l.method === "PATCH" && l.path === VS), "no whole-list PATCH");
        // Both util/bash attempts (the add, then the planned change) were refused: no refusal is left for the next test.
        assert.strictEqual(e.log.filter((l) => l.method === "POST" && l.path.endsWith("/util/bash")).length, 2);
    });

    it("with allowListPatch, a user refused util/bash gets the verified whole-list PATCH", async () => {
        e.failNext({ method: "POST", path: /\/util\/bash$/ }, 401, REFUSED, 2);
        await rest(e, "PATCH", VS, { clonePools: [{ name: "/Common/theirs", context: "serverside" }] });
        e.clearLog();
        assert.strictEqual(await new Engine(P.attach).up({ ...attachment("ours", "clientside"), allowListPatch: true }), "create");
        assert.deepStrictEqual(clonePools(e), ["/Common/ours clientside", "/Common/theirs serverside"]);
        assert.ok(e.log.some((l) => l.method === "PATCH" && l.path === VS && l.status === 200), "the whole-list PATCH");
    });

    for (const path of ["tmsh", "whole-list PATCH"]) {
        it(`one pool cloning both contexts (two attachments): detaching one keeps the other (${path})`, async () => {
            const client = new Engine(P.attach);
            const server = new Engine(P.attach);
            const optIn = path === "tmsh" ? {} : { allowListPatch: true };
            await client.up({ ...attachment("ours", "clientside"), ...optIn });
            await server.up({ ...attachment("ours", "serverside"), ...optIn });
            if (path !== "tmsh") e.failNext({ method: "POST", path: /\/util\/bash$/ }, 401, "Authorization failed: user=https://localhost/mgmt/shared/authz/users/admin resource=/mgmt/tm/util/bash verb=POST");
            await client.destroy();
            assert.deepStrictEqual(clonePools(e), ["/Common/ours serverside"]);
            await server.destroy();
            assert.deepStrictEqual(clonePools(e), []);
        });
    }

    it("nothing but plain full paths reaches the shell", () => {
        assert.strictEqual(tmshCommand("/Common/app-vs", [{ op: "delete", name: "/Common/a" }, { op: "add", name: "/Common/b", context: "clientside" }]),
            "-c 'tmsh modify ltm virtual /Common/app-vs clone-pools delete { /Common/a } && tmsh modify ltm virtual /Common/app-vs clone-pools add { /Common/b { context clientside } }'");
        for (const bad of ["/Common/a'; reboot; '", "/Common/a b", "/Common/a}", "a", "/Common/$(id)"]) {
            assert.throws(() => tmshCommand("/Common/app-vs", [{ op: "add", name: bad, context: "clientside" }]), /not a plain BIG-IP full path/);
        }
        assert.throws(() => tmshCommand("/Common/app-vs", [{ op: "add", name: "/Common/a", context: "both } ; x {" }]), /clientside or serverside/);
    });
});
