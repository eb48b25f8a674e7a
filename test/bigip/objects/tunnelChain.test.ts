/**
 * TunnelChain (profile, tunnel, self IP, static ARP in single transactions; the FDB record once its tunnel exists):
 * lifecycle, drift and adoption against the strict emulator, through the rehydrated provider.
 */
import * as assert from "assert";
import { tunnelChainProvider } from "../../../components/bigip/objects/tunnelChain";
import { Engine } from "./engine";
import { assertNoOpIsFree, assertRefreshKeeps, behindOurBack, commits, deviceView, engineFor, rejectsWith, useEmulator, writeLines, writes } from "./harness";

const MAC = "02:00:5e:10:00:07";
const chainInputs = (c: unknown, name: string, extra: Record<string, unknown> = {}) => ({
    connection: c, name, encapsulation: "gre", localAddress: "10.0.2.5", remoteAddress: "10.1.1.30",
    selfAddress: "10.254.1.1/29", collectorAddress: "10.254.1.2", collectorMac: "02:00:5E:10:00:07", ...extra,
});

describe("lifecycle: TunnelChain (rehydrated provider)", () => {
    const box = useEmulator();
    let eng: Engine;
    let inputs: Record<string, unknown>;
    const view = (kind: Parameters<typeof box.e.get>[0], name: string) => deviceView(box.e.get(kind, `/Common/${name}`));

    before(async () => {
        eng = await engineFor(tunnelChainProvider);
        inputs = chainInputs(box.c, "lc-ch", { key: 5, mtu: 1400 });
    });

    it("create: one transaction holding the four objects, then the FDB record on the tunnel it created", async () => {
        box.e.clearLog();
        assert.strictEqual(await eng.up(inputs), "create");
        assert.strictEqual(commits(box.e).length, 1);
        const queued = writes(box.e).filter((l) => l.coordinationId);
        assert.deepStrictEqual(queued.map((l) => l.path), ["/mgmt/tm/net/tunnels/gre", "/mgmt/tm/net/tunnels/tunnel", "/mgmt/tm/net/self", "/mgmt/tm/net/arp"]);
        const commitAt = box.e.log.findIndex((l) => l.method === "PATCH" && /\/mgmt\/tm\/transaction\/\d+$/.test(l.path));
        const record = box.e.log.findIndex((l) => l.method === "POST" && l.path === "/mgmt/tm/net/fdb/tunnel/~Common~lc-ch/records");
        assert.ok(commitAt >= 0 && record > commitAt && !box.e.log[record].coordinationId, "the record is added after the commit, outside the transaction");
        assert.deepStrictEqual(view("greProfile", "lc-ch-profile"), { defaultsFrom: "/Common/gre", encapsulation: "transparent-ethernet-bridging", floodingType: "none" });
        assert.deepStrictEqual(view("tunnel", "lc-ch"), { profile: "/Common/lc-ch-profile", localAddress: "10.0.2.5", remoteAddress: "10.1.1.30", key: 5, mtu: 1400, tos: "preserve" });
        assert.deepStrictEqual(view("selfIp", "lc-ch-self"), { address: "10.254.1.1/29", vlan: "/Common/lc-ch", trafficGroup: "/Common/traffic-group-local-only" });
        assert.deepStrictEqual(view("arp", "lc-ch-arp"), { ipAddress: "10.254.1.2", macAddress: MAC });
        assert.deepStrictEqual(view("fdbTunnel", "lc-ch"), { records: [{ name: MAC, fullPath: MAC, endpoint: "10.1.1.30" }] });
    });

    it("refresh keeps it; a no-op up sends nothing", async () => {
        await assertRefreshKeeps(eng);
        await assertNoOpIsFree(box.e, eng, inputs);
    });

    it("update of the MTU: one transaction with one PATCH holding only mtu", async () => {
        inputs = { ...inputs, mtu: 1300 };
        box.e.clearLog();
        assert.strictEqual(await eng.up(inputs), "update");
        assert.deepStrictEqual(writes(box.e).map((l) => [l.method, l.path, l.body]), [["PATCH", "/mgmt/tm/net/tunnels/tunnel/~Common~lc-ch", { mtu: 1300 }]]);
        assert.strictEqual(commits(box.e).length, 1);
        assert.strictEqual(view("tunnel", "lc-ch")!.mtu, 1300);
    });

    it("a new collector MAC is changed in place: one transaction PATCHes the ARP entry's MAC and swaps our FDB record", async () => {
        box.e.seed("fdbTunnel", { name: "lc-ch", records: [{ name: MAC, endpoint: "10.1.1.30" }, { name: "02:00:5e:99:00:01", endpoint: "10.9.9.9" }] });
        inputs = { ...inputs, collectorMac: "02:00:5e:10:00:08" };
        box.e.clearLog();
        assert.strictEqual(await eng.up(inputs), "update");
        assert.deepStrictEqual(writes(box.e).map((l) => [l.method, l.path, l.body]), [
            ["PATCH", "/mgmt/tm/net/arp/~Common~lc-ch-arp", { macAddress: "02:00:5e:10:00:08" }],
            ["DELETE", `/mgmt/tm/net/fdb/tunnel/~Common~lc-ch/records/${MAC}`, undefined],
            ["POST", "/mgmt/tm/net/fdb/tunnel/~Common~lc-ch/records", { name: "02:00:5e:10:00:08", endpoint: "10.1.1.30" }],
        ]);
        assert.strictEqual(commits(box.e).length, 1);
        assert.strictEqual(view("arp", "lc-ch-arp")!.macAddress, "02:00:5e:10:00:08");
        assert.deepStrictEqual((view("fdbTunnel", "lc-ch")!.records as any[]).map((r: any) => `${r.name}>${r.endpoint}`).sort(),
            ["02:00:5e:10:00:08>10.1.1.30", "02:00:5e:99:00:01>10.9.9.9"], "ours swapped, someone else's record untouched");
        await assertNoOpIsFree(box.e, eng, inputs);
    });

    it("replace on a new collector address: the delete transaction, then the create transaction", async () => {
        inputs = { ...inputs, collectorAddress: "10.254.1.3" };
        box.e.clearLog();
        assert.strictEqual(await eng.up(inputs), "replace");
        const lines = writeLines(box.e);
        assert.deepStrictEqual(lines.slice(0, 6), [
            "DELETE /mgmt/tm/net/fdb/tunnel/~Common~lc-ch/records/02:00:5e:10:00:08", "DELETE /mgmt/tm/net/arp/~Common~lc-ch-arp",
            "DELETE /mgmt/tm/net/self/~Common~lc-ch-self", "DELETE /mgmt/tm/net/tunnels/tunnel/~Common~lc-ch",
            "DELETE /mgmt/tm/net/tunnels/gre/~Common~lc-ch-profile", "POST /mgmt/tm/sys/config",
        ]);
        assert.ok(lines.slice(6).every((l) => l.startsWith("POST ")) && lines.length === 11, lines.join("\n"));
        assert.strictEqual(commits(box.e).length, 2);
        assert.strictEqual(view("arp", "lc-ch-arp")!.ipAddress, "10.254.1.3");
        assert.strictEqual(view("tunnel", "lc-ch")!.mtu, 1300);
    });

    it("delete with a member already gone (removed by hand): the refused transaction changes nothing; the rest goes as read", async () => {
        const other = await engineFor(tunnelChainProvider);
        const o = chainInputs(box.c, "lc-gone", { selfAddress: "10.254.2.1/29", collectorAddress: "10.254.2.2", remoteAddress: "10.1.1.31" });
        await other.up(o);
        await behindOurBack(box.e, (s) => s.delete("tm/net/arp/~Common~lc-gone-arp"));
        box.e.clearLog();
        await other.destroy();
        assert.deepStrictEqual(commits(box.e).length, 1, "the first transaction was refused; the second committed");
        for (const [k, n] of [["greProfile", "lc-gone-profile"], ["tunnel", "lc-gone"], ["selfIp", "lc-gone-self"]] as const) {
            assert.strictEqual(box.e.get(k, `/Common/${n}`), undefined, `${k} ${n}`);
        }
        assert.strictEqual(box.e.savedGeneration, box.e.generation);
    });

    it("delete: every object gone in one transaction, saved; again succeeds", async () => {
        const { id, outs } = eng.state!;
        box.e.clearLog();
        await eng.destroy();
        assert.strictEqual(commits(box.e).length, 1);
        for (const [k, n] of [["greProfile", "lc-ch-profile"], ["tunnel", "lc-ch"], ["selfIp", "lc-ch-self"], ["arp", "lc-ch-arp"], ["fdbTunnel", "lc-ch"]] as const) {
            assert.strictEqual(box.e.get(k, `/Common/${n}`), undefined, `${k} ${n}`);
        }
        assert.strictEqual(box.e.savedGeneration, box.e.generation);
        await (await eng.host()).delete(id, eng.urn, outs);
        assert.strictEqual(box.e.savedGeneration, box.e.generation);
    });
});

describe("drift: TunnelChain", () => {
    const box = useEmulator();

    async function chain(name: string): Promise<{ eng: Engine; inputs: Record<string, unknown> }> {
        const eng = await engineFor(tunnelChainProvider);
        const inputs = chainInputs(box.c, name);
        await eng.up(inputs);
        return { eng, inputs };
    }

    /** After a change behind our back: refresh reports it, preview plans `step`, up converges, then all is quiet. */
    async function converges(eng: Engine, inputs: Record<string, unknown>, step: string): Promise<void> {
        assert.strictEqual(await eng.refresh(), "present");
        assert.strictEqual((await eng.preview(inputs)).step, step);
        assert.strictEqual(await eng.up(inputs), step);
        assert.strictEqual(await eng.refresh(), "present");
        assert.strictEqual((await eng.preview(inputs)).step, "same");
    }

    it("a tunnel MTU changed on the device shows in refresh and is set back by up", async () => {
        const { eng, inputs } = await chain("dr-mtu");
        await behindOurBack(box.e, (s) => s.patch("tm/net/tunnels/tunnel/~Common~dr-mtu", { mtu: 1280 }));
        await eng.refresh();
        assert.strictEqual(eng.state!.outs.mtu, 1280);
        await converges(eng, inputs, "update");
        assert.strictEqual(box.e.get("tunnel", "/Common/dr-mtu")!.mtu, 0);
    });

    it("a self IP and ARP entry deleted on the device are re-created by the next up", async () => {
        const { eng, inputs } = await chain("dr-miss");
        await behindOurBack(box.e, async (s) => {
            await s.delete("tm/net/arp/~Common~dr-miss-arp");
            await s.delete("tm/net/self/~Common~dr-miss-self");
        });
        await converges(eng, inputs, "update");
        assert.ok(box.e.get("selfIp", "/Common/dr-miss-self") && box.e.get("arp", "/Common/dr-miss-arp"));
    });

    it("a profile setting changed on the device (no chain field shows it) is still detected and set back", async () => {
        const { eng, inputs } = await chain("dr-prof");
        await behindOurBack(box.e, (s) => s.patch("tm/net/tunnels/gre/~Common~dr-prof-profile", { floodingType: "multipoint" }));
        await converges(eng, inputs, "update");
        assert.strictEqual(box.e.get("greProfile", "/Common/dr-prof-profile")!.floodingType, "none");
    });

    it("a removed FDB record is added back", async () => {
        const { eng, inputs } = await chain("dr-fdb");
        await behindOurBack(box.e, (s) => s.delete(`tm/net/fdb/tunnel/~Common~dr-fdb/records/${MAC}`));
        await eng.refresh();
        assert.strictEqual(eng.state!.outs.fdbRecord, false);
        await converges(eng, inputs, "update");
        assert.strictEqual((deviceView(box.e.get("fdbTunnel", "/Common/dr-fdb"))!.records as unknown[]).length, 1);
    });

    it("a chain deleted on the device is gone on refresh", async () => {
        const { eng } = await chain("dr-gone");
        await behindOurBack(box.e, async (s) => {
            for (const p of ["net/arp/~Common~dr-gone-arp", "net/self/~Common~dr-gone-self", "net/tunnels/tunnel/~Common~dr-gone", "net/tunnels/gre/~Common~dr-gone-profile"]) await s.delete(`tm/${p}`);
        });
        assert.strictEqual(await eng.refresh(), "gone");
    });
});

describe("adoption: TunnelChain", () => {
    const box = useEmulator();

    before(() => {
        box.e.seed("greProfile", { name: "ad-ch-profile", defaultsFrom: "/Common/gre", encapsulation: "transparent-ethernet-bridging", floodingType: "none" });
        box.e.seed("tunnel", { name: "ad-ch", profile: "/Common/ad-ch-profile", localAddress: "10.0.2.5", remoteAddress: "10.1.1.30", mtu: 1500 });
        box.e.seed("greProfile", { name: "ad-bad-profile", defaultsFrom: "/Common/gre", encapsulation: "transparent-ethernet-bridging" });
        box.e.seed("greProfile", { name: "ad-other", defaultsFrom: "/Common/gre", encapsulation: "transparent-ethernet-bridging" });
        box.e.seed("tunnel", { name: "ad-bad", profile: "/Common/ad-other", localAddress: "10.0.2.5", remoteAddress: "10.1.1.30" });
    });

    it("existing objects with our names: create fails naming the object and adopt, nothing changed", async () => {
        const eng = await engineFor(tunnelChainProvider);
        const snap = box.e.snapshot();
        await rejectsWith(eng.up(chainInputs(box.c, "ad-ch")), /GRE Profile \/Common\/ad-ch-profile already exists/, /adopt: true/);
        assert.deepStrictEqual(box.e.snapshot(), snap);
    });

    it("adopt: true takes them over, PATCHing only what differs and creating the rest, in one transaction", async () => {
        const eng = await engineFor(tunnelChainProvider);
        box.e.clearLog();
        assert.strictEqual(await eng.up(chainInputs(box.c, "ad-ch", { adopt: true })), "create");
        assert.deepStrictEqual(writes(box.e).filter((l) => l.method === "PATCH").map((l) => [l.path, l.body]),
            [["/mgmt/tm/net/tunnels/tunnel/~Common~ad-ch", { mtu: 0 }]]);
        assert.deepStrictEqual(writes(box.e).filter((l) => l.method === "POST").map((l) => l.path), [
            "/mgmt/tm/net/self", "/mgmt/tm/net/arp", "/mgmt/tm/net/fdb/tunnel/~Common~ad-ch/records",
        ]);
        assert.strictEqual(commits(box.e).length, 1);
        await eng.destroy();
    });

    it("a whole chain identical to ours, made by someone else, is refused without adopt (never silently shared)", async () => {
        const owner = await engineFor(tunnelChainProvider);
        await owner.up(chainInputs(box.c, "ad-twin"));
        const other = await engineFor(tunnelChainProvider);
        const snap = box.e.snapshot();
        await rejectsWith(other.up(chainInputs(box.c, "ad-twin")), /ad-twin-profile already exists/, /adopt: true/);
        assert.deepStrictEqual(box.e.snapshot(), snap);
        assert.strictEqual(other.state, undefined);
        await owner.destroy();
    });

    it("adopt: true with a tunnel on another profile (fixed on the device): a clear error, nothing changed", async () => {
        const eng = await engineFor(tunnelChainProvider);
        const snap = box.e.snapshot();
        box.e.clearLog();
        await rejectsWith(eng.up(chainInputs(box.c, "ad-bad", { adopt: true })), /Cannot adopt Tunnel \/Common\/ad-bad/, /profile is "\/Common\/ad-other"/, /Nothing was changed/);
        assert.deepStrictEqual(box.e.snapshot(), snap);
        assert.strictEqual(commits(box.e).length, 0);
    });
});
