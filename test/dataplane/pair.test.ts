/**
 * Proof that one collector device receives the clones of both units of a BIG-IP HA pair, VXLAN, in network
 * namespaces on this kernel. The collector runs what its cloud-config installs with `peerTunnelSourceIp` (the
 * tunnel unit's ExecStart, then the pair drop-in's ExecStartPost: an all-zeros FDB entry to the peer). Each unit's
 * clone path is built by our providers on its own emulated device from its own data self IP and overlay self IP
 * (what config-sync does not copy), with the same pool member, collector MAC and FDB endpoint. Unit A clones one
 * HTTP exchange; then A's namespaces stop (the failover) and unit B, from another subnet, clones another; tshark
 * must decode both on the same `clone0` (same ifindex, same MAC). Inference: that a real pair's standby takes
 * over with exactly this per-unit path (test/emulator/README.md); the frames are what our providers' objects resolve to.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { analyze, checkClone, checkContexts, checkOuter, checkWhole, Expect, Facts } from "./analyze";
import { BigipSide, collectorSide, CollectorSide, DeviceCases, NET, Unit, UNIT_A, UNIT_B, unitSide } from "./device";
import { requireTools, runScenario } from "./run";

const note = (line: string) => console.log(`      ${line}`);

function expectFor(c: CollectorSide, unit: Unit, canary: string): Expect {
    const s = c.settings;
    return {
        device: s.deviceName, mac: s.macAddress, collectorIp: NET.collectorIp, bigipIp: unit.dataIp, encapsulation: "vxlan", key: s.vni!, port: 4789,
        contexts: { clientside: { src: NET.clientIp, dst: NET.vip }, serverside: { src: NET.snatIp, dst: NET.memberIp } },
        method: "GET", uri: `/clone-proof.txt?canary=${canary}`, host: `${NET.vip}:${NET.vipPort}`, canary, fullSize: 1500,
    };
}

describe("data plane: both units of a BIG-IP HA pair clone into one collector device (VXLAN, namespaces on this kernel)", function () {
    this.timeout(180_000);
    const shared = `dpp${process.pid}`;
    const units = { a: UNIT_A, b: UNIT_B };
    let collector: CollectorSide;
    const sides = {} as Record<"a" | "b", BigipSide>;
    const facts = {} as Record<"a" | "b", Facts>;
    const x = {} as Record<"a" | "b", Expect>;
    const out = {} as Record<"a" | "b", string>;
    let tmp: string;
    let allPassed = true;

    before(async function () {
        requireTools(["ip", "bridge", "tc", "nft", "tcpdump", "tshark", "ethtool"]);
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dataplane-pair-"));
        collector = collectorSide("vxlan", UNIT_B.dataIp);
        for (const u of ["a", "b"] as const) sides[u] = await unitSide("vxlan", collector.settings, units[u]);
        const d = { encapsulation: "vxlan", collector } as DeviceCases;
        try {
            for (const u of ["a", "b"] as const) {
                const canary = randomBytes(8).toString("hex");
                x[u] = expectFor(collector, units[u], canary);
                const t = runScenario(d, sides[u], canary, path.join(tmp, `unit-${u}`), `${shared}${u}`,
                    { SHARED: shared, ...(u === "a" ? { SHARED_CREATE: "1" } : {}), RB: `rb-${u}`, DATA_GW: units[u].dataGw }, `unit ${u.toUpperCase()}`);
                note(`timing: unit ${u.toUpperCase()} (${units[u].dataIp}): ${t.toFixed(1)} s${u === "b" ? " — after unit A's namespaces were deleted" : ""}`);
                out[u] = path.join(tmp, `unit-${u}`, "out");
                facts[u] = analyze(out[u]);
            }
        } finally {
            for (const n of ["rtr", "col"]) spawnSync("ip", ["netns", "del", `${shared}-${n}`]);
        }
    });
    afterEach(function () { if (this.currentTest?.state !== "passed") allPassed = false; });
    after(() => {
        if (tmp && allPassed) fs.rmSync(tmp, { recursive: true, force: true });
        else if (tmp) note(`captures and logs kept in ${tmp}`);
    });

    it("each unit's device, after our providers ran, sends its own tunnel to the same collector MAC and overlay member", () => {
        const s = collector.settings;
        for (const u of ["a", "b"] as const) {
            const p = sides[u].delivery;
            assert.deepEqual([p.memberIp, p.mac, p.remoteAddress, p.localAddress, p.key], [NET.overlayCollector, s.macAddress, NET.collectorIp, units[u].dataIp, s.vni]);
            note(`unit ${u.toUpperCase()}: vxlan ${p.localAddress} → ${p.remoteAddress}, VNI ${p.key}, copies to ${p.mac} (${p.memberIp}), overlay self ${units[u].overlaySelf}`);
        }
        note(`collector: ${collector.execStart.split("\n").map((l) => `\`${l}\``).join(", then ")}`);
    });

    for (const u of ["a", "b"] as const) {
        it(`unit ${u.toUpperCase()}${u === "b" ? " (after the failover)" : ""}: both copies arrive on clone0 addressed to its MAC, from ${units[u].dataIp}, and tshark decodes request and response`, () => {
            checkClone(facts[u], x[u]);
            checkContexts(facts[u], x[u]).forEach(note);
            checkWhole(facts[u], x[u]);
            note(checkOuter(facts[u], x[u], NET.underlayMtu));
        });
    }

    it("it is the same clone0 throughout (same ifindex and MAC), with an all-zeros FDB entry for each unit", () => {
        const created = fs.readFileSync(path.join(out.a, "collector-link.txt"), "utf8");
        const head = (t: string) => /^(\d+): (\S+?)[:@]/.exec(t)?.slice(1, 3);
        for (const u of ["a", "b"] as const) {
            const after = fs.readFileSync(path.join(out[u], "collector-link-after.txt"), "utf8");
            assert.deepEqual(head(after), head(created), `unit ${u.toUpperCase()}: clone0 was recreated`);
            assert.match(after, new RegExp(`link/ether ${collector.settings.macAddress} `));
        }
        const fdb = fs.readFileSync(path.join(out.b, "collector-fdb.txt"), "utf8");
        for (const unit of [UNIT_A, UNIT_B]) assert.match(fdb, new RegExp(`^00:00:00:00:00:00 dst ${unit.dataIp.replace(/\./g, "\\.")} .*permanent`, "m"));
        note(`clone0 = ifindex ${head(created)?.[0]}; FDB: ${fdb.trim().split("\n").filter((l) => l.startsWith("00:00")).join("; ")}`);
    });
});
