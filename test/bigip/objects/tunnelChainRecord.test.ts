/**
 * TunnelChain's FDB record is only added to a tunnel that already exists (issue 15, point 8): no public source shows
 * mcpd accepting a record for a tunnel created in the same transaction, and F5's own code creates the tunnel first.
 * A create whose record fails after the tunnel's commit stays in state as created-but-failed; the next up adds it.
 */
import * as assert from "assert";
import { tunnelChainProvider } from "../../../components/bigip/objects/tunnelChain";
import { seedFor } from "../../emulator/faults";
import { commits, deviceView, engineFor, rejectsWith, useEmulator, writes } from "./harness";

const MAC = "02:00:5e:10:00:09";
const chainInputs = (c: unknown, name: string, extra: Record<string, unknown> = {}) => ({
    connection: c, name, encapsulation: "gre", localAddress: "10.0.2.5", remoteAddress: "10.1.1.31",
    selfAddress: "10.254.3.1/29", collectorAddress: "10.254.3.2", collectorMac: MAC, ...extra,
});
const recordsOf = (e: ReturnType<typeof useEmulator>["e"], name: string) =>
    (deviceView(e.get("fdbTunnel", `/Common/${name}`))?.records as { name: string; endpoint: string }[] | undefined) ?? [];
/** Whether the record POST came after the last commit, outside any transaction. */
function recordAfterCommit(e: ReturnType<typeof useEmulator>["e"], name: string): boolean {
    const commit = e.log.map((l) => l.method === "PATCH" && /\/mgmt\/tm\/transaction\/\d+$/.test(l.path)).lastIndexOf(true);
    const post = e.log.findIndex((l) => l.method === "POST" && l.path === `/mgmt/tm/net/fdb/tunnel/~Common~${name}/records`);
    return commit >= 0 && post > commit && !e.log[post].coordinationId;
}

describe("TunnelChain: the FDB record once its tunnel exists", () => {
    const box = useEmulator();

    it("the record refused after the tunnel's commit: kept in state as created-but-failed; the next up adds only the record", async () => {
        const eng = await engineFor(tunnelChainProvider);
        const inputs = chainInputs(box.c, "fr-fail");
        box.e.failNext({ method: "POST", path: /\/net\/fdb\/tunnel\/~Common~fr-fail\/records$/ }, 400, "01070734:3: Configuration error: test refusal");
        await rejectsWith(eng.up(inputs), /test refusal/, /exists without its FDB record, so it is kept in state and the next `pulumi up` adds the record/);
        assert.ok(eng.state?.initFailed, "the chain is in state, marked failed");
        assert.ok(box.e.get("tunnel", "/Common/fr-fail") && box.e.get("arp", "/Common/fr-fail-arp"), "the transaction's objects stay");
        assert.deepStrictEqual(recordsOf(box.e, "fr-fail"), []);
        box.e.clearLog();
        assert.strictEqual(await eng.up(inputs), "update");
        assert.deepStrictEqual(writes(box.e).map((l) => `${l.method} ${l.path}`), ["POST /mgmt/tm/net/fdb/tunnel/~Common~fr-fail/records"]);
        assert.strictEqual(commits(box.e).length, 1, "the tunnel exists now: the record goes into a transaction of its own");
        assert.deepStrictEqual(recordsOf(box.e, "fr-fail").map((r) => `${r.name}>${r.endpoint}`), [`${MAC}>10.1.1.31`]);
        assert.strictEqual(await eng.up(inputs), "same");
        await eng.destroy();
        assert.strictEqual(box.e.get("tunnel", "/Common/fr-fail"), undefined);
    });

    it("adopt: true with only the profile on the device: tunnel, self IP and ARP in one transaction, the record after it", async () => {
        box.e.seed("greProfile", { name: "fr-ad-profile", defaultsFrom: "/Common/gre", encapsulation: "transparent-ethernet-bridging", floodingType: "none" });
        const eng = await engineFor(tunnelChainProvider);
        box.e.clearLog();
        assert.strictEqual(await eng.up(chainInputs(box.c, "fr-ad", { adopt: true })), "create");
        assert.deepStrictEqual(writes(box.e).filter((l) => l.coordinationId).map((l) => `${l.method} ${l.path}`), [
            "POST /mgmt/tm/net/tunnels/tunnel", "POST /mgmt/tm/net/self", "POST /mgmt/tm/net/arp",
        ]);
        assert.ok(recordAfterCommit(box.e, "fr-ad"));
        assert.deepStrictEqual(recordsOf(box.e, "fr-ad").map((r) => `${r.name}>${r.endpoint}`), [`${MAC}>10.1.1.31`]);
        await eng.destroy();
    });

    it("a lost answer to the record POST (applied, then reset): the retry's 409 is ours, the create succeeds", async () => {
        const eng = await engineFor(tunnelChainProvider);
        // The record's path is hit by the POST (applied, then the connection reset), its retry and the records read.
        box.e.setFaults({ seed: seedFor([true, false, false, false], 0.5), rate: 0.5, kinds: ["reset"], when: "after", pathFilter: /~Common~fr-lost\/records$/ });
        assert.strictEqual(await eng.up(chainInputs(box.c, "fr-lost")), "create");
        box.e.setFaults(undefined);
        const onRecords = box.e.log.filter((l) => l.method === "POST" && l.path.endsWith("~fr-lost/records")).map((l) => l.status);
        assert.deepStrictEqual(onRecords, ["reset", 409], "applied, answer lost; the retry found it");
        assert.deepStrictEqual(recordsOf(box.e, "fr-lost").map((r) => `${r.name}>${r.endpoint}`), [`${MAC}>10.1.1.31`]);
        await eng.destroy();
    });
});
