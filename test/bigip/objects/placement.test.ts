/**
 * Issue 16: every kind says where it lives on an HA pair (spec.ts `KindSync`), with a source, and every placement
 * that is our inference is listed as such in the emulator README's device-group table.
 */
import * as assert from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { copiedByConfigSync, KindId, LOCAL_ONLY } from "../../../components/bigip/objects/spec";
import { KINDS, PLACEMENTS, placementOf } from "../../../components/bigip/objects/registry";

const README = join(__dirname, "../../emulator/README.md");

/** The rows of the README's "Device group" placement table, by kind id. */
function readmeRows(): Map<string, string> {
    const text = readFileSync(README, "utf8");
    const start = text.indexOf("## Device group");
    assert.ok(start >= 0, "test/emulator/README.md has a '## Device group' section");
    const section = text.slice(start, text.indexOf("\n## ", start + 1) > 0 ? text.indexOf("\n## ", start + 1) : undefined);
    const rows = new Map<string, string>();
    for (const line of section.split("\n")) {
        const m = /^\| `(\w+)` \|/.exec(line);
        if (m) rows.set(m[1], line);
    }
    return rows;
}

describe("HA placement of every kind (issue 16)", () => {
    it("every kind has a placement, an evidence mark and a non-empty source", () => {
        assert.deepStrictEqual(PLACEMENTS.map((p) => p.kind).sort(), Object.keys(KINDS).sort());
        for (const p of PLACEMENTS) {
            assert.ok(["perUnit", "synced"].includes(p.placement), `${p.kind}: placement ${p.placement}`);
            assert.ok(["sourced", "inference"].includes(p.evidence), `${p.kind}: evidence ${p.evidence}`);
            assert.ok(p.source.trim().length > 10, `${p.kind}: source`);
            assert.strictEqual(placementOf(p.kind), KINDS[p.kind].sync);
        }
    });

    it("ARP, FDB, self IP, VLAN and tunnel are per unit; pool and virtual are synced", () => {
        for (const k of ["arp", "fdbTunnel", "selfIp", "vlan", "tunnel"] as KindId[]) assert.strictEqual(placementOf(k).placement, "perUnit", k);
        for (const k of ["pool", "virtual"] as KindId[]) assert.strictEqual(placementOf(k).placement, "synced", k);
    });

    it("what config-sync copies: synced kinds; tunnels only with tunnel sync on; routes only outside /LOCAL_ONLY; nothing in /LOCAL_ONLY", () => {
        const copies = (k: KindId, partition = "Common", tunnelSync = false) => copiedByConfigSync(KINDS[k], partition, tunnelSync);
        assert.deepStrictEqual((Object.keys(KINDS) as KindId[]).filter((k) => copies(k)).sort(), ["pool", "route", "virtual"]);
        assert.deepStrictEqual((Object.keys(KINDS) as KindId[]).filter((k) => copies(k, "Common", true)).sort(),
            ["greProfile", "pool", "route", "tunnel", "virtual", "vxlanProfile"]);
        for (const k of Object.keys(KINDS) as KindId[]) assert.strictEqual(copies(k, LOCAL_ONLY, true), false, k);
        for (const k of ["arp", "fdbTunnel", "selfIp", "vlan"] as KindId[]) assert.strictEqual(copies(k, "Common", true), false, k);
    });

    it("the emulator README lists every kind's placement, each inference marked *Inference*", () => {
        const rows = readmeRows();
        for (const p of PLACEMENTS) {
            const row = rows.get(p.kind);
            assert.ok(row, `README device-group table has a row for \`${p.kind}\``);
            assert.ok(row.includes(p.placement), `${p.kind}: README row names placement ${p.placement}: ${row}`);
            if (p.evidence === "inference") assert.ok(row.includes("*Inference*"), `${p.kind}: README row marks the inference: ${row}`);
            else assert.ok(row.includes("Sourced") && !row.includes("*Inference*"), `${p.kind}: README row says Sourced: ${row}`);
        }
    });
});
