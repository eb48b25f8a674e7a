/**
 * Proof that one collector device receives the clones of both units of a BIG-IP HA pair, GRE-TEB, in the QEMU guest
 * (this machine's kernel has no GRE). The collector runs what its cloud-config installs with `peerTunnelSourceIp`:
 * the pair drop-in's ExecStart, clone-tunnel-pair (a bridge named like the device, one isolated gretap port per
 * unit). Each unit's clone path is built by our providers on its own emulated device from its own data self IP and
 * overlay self IP, with the same pool member, collector MAC and FDB endpoint. In one boot: unit A clones one HTTP
 * exchange; A's namespaces stop (the failover); unit B, from another subnet, clones another; tshark must decode both
 * on the same `clone0` (same ifindex, same MAC). Negative control, same boot: a collector rendered WITHOUT the peer
 * (one gretap, remote = unit A) receives unit A's copies but none of unit B's, which reach its underlay: Linux hands
 * a GRE packet only to the gretap whose remote is its source, so the pair configuration is what admits unit B.
 */
import * as assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pairPortNames } from "../../components/collector/pair";
import { analyze, checkClone, checkContexts, checkDelivered, checkOuter, checkWhole, Expect, Facts } from "./analyze";
import { BigipSide, collectorSide, CollectorSide, DeviceCases, NET, scenarioEnv, Unit, UNIT_A, UNIT_B, unitSide, WrittenFile } from "./device";
import { GuestCase, prepareGuest, requireTools, runCasesInGuest } from "./run";

const note = (line: string) => console.log(`      ${line}`);
type U = "a" | "b";
/** Each run: the collector (pair = with the peer, solo = without) and the unit. In name order in the guest. */
const RUNS = { "pair-1-a": ["pair", "a"], "pair-2-b": ["pair", "b"], "solo-1-a": ["solo", "a"], "solo-2-b": ["solo", "b"] } as const;
type Run = keyof typeof RUNS;
/** The peerless collector's files sit under this prefix in the guest (the pair's are where write_files puts them). */
const SOLO_ROOT = "/solo";

function expectFor(c: CollectorSide, unit: Unit, canary: string): Expect {
    const s = c.settings;
    return {
        device: s.deviceName, mac: s.macAddress, collectorIp: NET.collectorIp, bigipIp: unit.dataIp, encapsulation: "gre", key: 0, port: 4789,
        contexts: { clientside: { src: NET.clientIp, dst: NET.vip }, serverside: { src: NET.snatIp, dst: NET.memberIp } },
        method: "GET", uri: `/clone-proof.txt?canary=${canary}`, host: `${NET.vip}:${NET.vipPort}`, canary, fullSize: 1500,
    };
}

/** The command lines with each written file's path moved under `root` (as runScenario does on this machine). */
const under = (root: string, c: CollectorSide): { files: WrittenFile[]; up: string } => ({
    files: c.files.map((f) => ({ ...f, path: path.posix.join(root, f.path) })),
    up: c.execStart.split("\n").map((l) => l.split(" ").map((w) => (c.files.some((f) => f.path === w) ? path.posix.join(root, w) : w)).join(" ")).join("\n"),
});

describe("data plane: both units of a BIG-IP HA pair clone into one collector device (GRE-TEB, QEMU guest with Debian's cloud kernel)", function () {
    this.timeout(600_000);
    const units = { a: UNIT_A, b: UNIT_B };
    let pair: CollectorSide;
    let solo: CollectorSide;
    const sides = {} as Record<U, BigipSide>;
    const facts = {} as Record<Run, Facts>;
    const x = {} as Record<Run, Expect>;
    const out = {} as Record<Run, string>;
    let tmp: string;
    let allPassed = true;

    before(async function () {
        requireTools(["ip", "bridge", "tc", "nft", "tcpdump", "tshark", "ethtool", "qemu-system-x86_64", "cpio", "depmod"]);
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dataplane-pair-gre-"));
        pair = collectorSide("gre", UNIT_B.dataIp);
        solo = collectorSide("gre");
        assert.deepEqual([solo.settings.macAddress, solo.settings.mtu], [pair.settings.macAddress, pair.settings.mtu], "the peer changes neither MAC nor MTU");
        let t0 = Date.now();
        for (const u of ["a", "b"] as const) sides[u] = await unitSide("gre", pair.settings, units[u]);
        note(`timing: providers on two emulated units, read back and resolved: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
        const prep = prepareGuest();
        note(`timing: ${prep.cached ? `guest kernel + initramfs: cached (${prep.seconds.toFixed(1)} s to check)` : `guest kernel + initramfs prepared: ${prep.seconds.toFixed(1)} s`}`);
        const soloUnder = under(SOLO_ROOT, solo);
        const cases: GuestCase[] = Object.entries(RUNS).map(([name, [col, u]], i) => {
            const c = col === "pair" ? pair : solo;
            const canary = randomBytes(8).toString("hex");
            x[name as Run] = expectFor(c, units[u], canary);
            const d = { encapsulation: "gre", collector: c } as DeviceCases;
            const env = scenarioEnv(d, sides[u], `u${i}`, canary, col === "pair" ? pair.execStart : soloUnder.up, units[u].dataGw);
            return { name, env: { ...env, SHARED: col, ...(u === "a" ? { SHARED_CREATE: "1" } : {}), RB: `rb-${u}` } };
        });
        const run = await runCasesInGuest([...pair.files, ...soloUnder.files], cases, tmp);
        note(`timing: QEMU boot to /init: ${run.bootSeconds.toFixed(1)} s wall (guest uptime ${run.bootUptime.toFixed(1)} s)`);
        for (const c of cases) note(`timing: ${c.name} in the guest: ${run.cases[c.name]?.toFixed(1) ?? "?"} s`);
        note(`timing: QEMU total: ${run.qemuSeconds.toFixed(1)} s`);
        t0 = Date.now();
        for (const name of Object.keys(RUNS) as Run[]) {
            out[name] = run.outDirs[name];
            facts[name] = analyze(out[name]);
        }
        note(`timing: tshark on ${cases.length} × 3 captures: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    });
    afterEach(function () { if (this.currentTest?.state !== "passed") allPassed = false; });
    after(() => {
        if (tmp && allPassed) fs.rmSync(tmp, { recursive: true, force: true });
        else if (tmp) note(`captures and logs kept in ${tmp}`);
    });

    it("each unit's device, after our providers ran, sends its own GRE tunnel (no key) to the same collector MAC and overlay member", () => {
        const s = pair.settings;
        for (const u of ["a", "b"] as const) {
            const p = sides[u].delivery;
            assert.deepEqual([p.encapsulation, p.memberIp, p.mac, p.remoteAddress, p.localAddress, p.key], ["gre", NET.overlayCollector, s.macAddress, NET.collectorIp, units[u].dataIp, 0]);
            note(`unit ${u.toUpperCase()}: gre ${p.localAddress} → ${p.remoteAddress}, copies to ${p.mac} (${p.memberIp}), overlay self ${units[u].overlaySelf}`);
        }
        note(`collector with the peer: \`${pair.execStart}\`; without: \`${solo.execStart}\``);
    });

    for (const u of ["a", "b"] as const) {
        const name: Run = u === "a" ? "pair-1-a" : "pair-2-b";
        it(`unit ${u.toUpperCase()}${u === "b" ? " (after the failover)" : ""}: both copies arrive on clone0 addressed to its MAC, from ${units[u].dataIp}, whole and unfragmented, and tshark decodes request and response`, () => {
            checkClone(facts[name], x[name]);
            checkContexts(facts[name], x[name]).forEach(note);
            checkWhole(facts[name], x[name]).forEach(note);
            note(checkOuter(facts[name], x[name], NET.underlayMtu));
        });
    }

    it("it is the same clone0 throughout (same ifindex and MAC): a bridge whose isolated ports are one gretap per unit", () => {
        const file = (r: Run, f: string) => fs.readFileSync(path.join(out[r], f), "utf8");
        const head = (t: string) => /^(\d+): (\S+?)[:@]/.exec(t)?.slice(1, 3);
        const created = file("pair-1-a", "collector-link.txt");
        assert.match(created, /\n\s+bridge /, "clone0 is a bridge");
        for (const r of ["pair-1-a", "pair-2-b"] as const) {
            const after = file(r, "collector-link-after.txt");
            assert.deepEqual(head(after), head(created), `${r}: clone0 was recreated`);
            assert.match(after, new RegExp(`link/ether ${pair.settings.macAddress} `));
            assert.match(after, new RegExp(`mtu ${pair.settings.mtu.inner} `));
        }
        const links = file("pair-2-b", "collector-links-after.txt");
        const ports = file("pair-2-b", "collector-bridge-ports.txt");
        pairPortNames(pair.settings.deviceName).forEach((port, i) => {
            const remote = [UNIT_A, UNIT_B][i].dataIp.replace(/\./g, "\\.");
            assert.match(links, new RegExp(`^\\d+: ${port}@NONE: .*master clone0 .*\\n.*\\n\\s+gretap remote ${remote} local ${NET.collectorIp.replace(/\./g, "\\.")} `, "m"),
                `${port}: a gretap from unit ${"AB"[i]} under clone0`);
            assert.match(ports, new RegExp(`^\\d+: ${port}@NONE: [\\s\\S]*?isolated on`, "m"), `${port} is an isolated port`);
            note(`${port}: gretap remote ${[UNIT_A, UNIT_B][i].dataIp}, port of clone0, isolated`);
        });
        note(`clone0 = ifindex ${head(created)?.[0]}, bridge; learned: ${file("pair-2-b", "collector-bridge-fdb.txt").trim().split("\n").filter((l) => !/permanent/.test(l)).join("; ") || "nothing"}`);
    });

    it("negative control: a collector WITHOUT the peer (one gretap, remote unit A) gets unit A's copies but none of unit B's, which reach its underlay", () => {
        const link = fs.readFileSync(path.join(out["solo-1-a"], "collector-link.txt"), "utf8");
        assert.match(link, new RegExp(`gretap remote ${UNIT_A.dataIp.replace(/\./g, "\\.")} `), "the peerless collector's device is one gretap from unit A");
        checkClone(facts["solo-1-a"], x["solo-1-a"]);
        note(`unit A: ${facts["solo-1-a"].tunnel.length} frames on clone0`);
        const f = facts["solo-2-b"];
        assert.ok(f.sent.length > 0 && f.sent.every((o) => o.src === UNIT_B.dataIp && o.dst === NET.collectorIp), "unit B sent its copies to the collector");
        assert.ok(f.underlay.length > 0 && f.underlay.every((o) => o.src === UNIT_B.dataIp), "unit B's GRE packets reached the collector's underlay");
        assert.equal(f.tunnel.length, 0, "none of unit B's copies may come out of clone0");
        assert.throws(() => checkDelivered(f, x["solo-2-b"]), (e: Error) => { note(`unit B, check: ${e.message}`); return /^the tunnel link broke/.test(e.message); });
    });
});
