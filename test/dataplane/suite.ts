/**
 * The data-plane proof, shared by the VXLAN (this kernel, namespaces) and GRE (QEMU guest) test files: the clone
 * path our providers wrote to the device, resolved, drives a BIG-IP namespace; the collector runs what its
 * cloud-config installs; tshark must decode both copies of one HTTP exchange on the collector's tunnel device.
 * Three negative controls break one link each on the device and must fail the same checks, naming that link.
 */
import * as assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Encapsulation } from "../../components/common/encapsulation";
import { analyze, checkClone, checkContexts, checkDelivered, checkOuter, checkWhole, Expect, Facts } from "./analyze";
import { CASES, CaseName, deviceCases, DeviceCases, NET } from "./device";

export type Runner = (d: DeviceCases, canary: string, dir: string) => Promise<{ dirs: Record<CaseName, string>; timings: string[] }>;

const note = (line: string) => console.log(`      ${line}`);

/** What must arrive: from the intended collector and application, not from the device (which may be wrong). */
function expectFor(d: DeviceCases, canary: string): Expect {
    const s = d.collector.settings;
    return {
        device: s.deviceName, mac: s.macAddress, collectorIp: NET.collectorIp, bigipIp: NET.dataIp,
        encapsulation: d.encapsulation, key: d.encapsulation === "vxlan" ? s.vni! : 0, port: 4789,
        contexts: { clientside: { src: NET.clientIp, dst: NET.vip }, serverside: { src: NET.snatIp, dst: NET.memberIp } },
        method: "GET", uri: `/clone-proof.txt?canary=${canary}`, host: `${NET.vip}:${NET.vipPort}`, canary, fullSize: 1500,
    };
}

export function dataPlaneProof(encapsulation: Encapsulation, runner: Runner): void {
    let d: DeviceCases;
    let x: Expect;
    let dirs: Record<CaseName, string>;
    const facts = {} as Record<CaseName, Facts>;
    let tmp: string;
    let allPassed = true;
    const dev = () => d.collector.settings.deviceName;

    before(async function () {
        this.timeout(600_000);
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), `dataplane-${encapsulation}-`));
        const canary = randomBytes(8).toString("hex");
        d = await deviceCases(encapsulation);
        x = expectFor(d, canary);
        note(`timing: providers on the emulator, read back and resolved (positive + ${CASES.length - 1} negative controls): ${d.seconds.toFixed(1)} s`);
        const r = await runner(d, canary, tmp);
        dirs = r.dirs;
        r.timings.forEach((t) => note(`timing: ${t}`));
        const t0 = Date.now();
        for (const name of CASES) facts[name] = analyze(dirs[name]);
        note(`timing: tshark on ${CASES.length} × 3 captures: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    });
    afterEach(function () { if (this.currentTest?.state !== "passed") allPassed = false; });
    after(() => {
        // Kept when something failed, for a look at the captures.
        if (tmp && allPassed && dirs) fs.rmSync(tmp, { recursive: true, force: true });
        else if (tmp) note(`captures and logs kept in ${tmp}`);
    });

    it("the device, read back after our providers ran, resolves the clone pool to this collector in both contexts", () => {
        const s = d.collector.settings;
        const p = d.sides.positive;
        assert.deepEqual({ ...p.delivery }, {
            member: `${NET.overlayCollector}:0`, memberIp: NET.overlayCollector, tunnel: "/Common/dp-collector", mac: s.macAddress,
            encapsulation, key: x.key, ...(encapsulation === "vxlan" ? { port: 4789 } : {}), localAddress: NET.dataIp, remoteAddress: NET.collectorIp,
        });
        assert.deepEqual(p.contexts, ["clientside", "serverside"]);
        assert.equal(p.tunnelMtu, s.mtu.inner, "the BIG-IP tunnel MTU is the budget's");
        note(`BIG-IP side: ${p.delivery.encapsulation} ${p.delivery.localAddress} → ${p.delivery.remoteAddress}, key ${p.delivery.key}, ` +
            `copies to ${p.delivery.mac}, tunnel MTU ${p.tunnelMtu}, virtual ${p.vip}:${p.vipPort} → ${p.member}:${p.memberPort} (SNAT ${p.snatCidr})`);
        note(`collector: \`${d.collector.execStart}\` from its cloud-config (${Buffer.byteLength(d.collector.cloudConfig)} bytes)`);
    });

    it(`both copies arrive on the collector's ${encapsulation === "gre" ? "gretap" : "vxlan"} device addressed to its MAC, and tshark decodes the HTTP request (method, URI, Host, X-Clone-Canary) and response in each context`, () => {
        const link = fs.readFileSync(path.join(dirs.positive, "collector-link.txt"), "utf8");
        assert.match(link, new RegExp(`mtu ${d.collector.settings.mtu.inner} `), "the collector's device has the budget's MTU");
        assert.match(link, new RegExp(`link/ether ${x.mac} `));
        assert.match(link, encapsulation === "gre" ? /gretap remote/ : /vxlan id \d+ remote/);
        checkDelivered(facts.positive, x);
        checkContexts(facts.positive, x).forEach(note);
        note(`${facts.positive.tunnel.length} frames on ${dev()}, every one to ${x.mac}`);
    });

    it(`a 1500-byte packet (1514-byte frame) arrives whole in each context at the default MTU ${encapsulation === "gre" ? "(tunnel 8963)" : "(tunnel 8951)"}, inside unfragmented outer packets`, () => {
        checkWhole(facts.positive, x).forEach(note);
        note(checkOuter(facts.positive, x, NET.underlayMtu));
    });

    it("negative control: a wrong MAC in the static ARP entry ⇒ the copies arrive with that MAC, and the check says the ARP link broke", () => {
        assert.equal(d.sides["wrong-mac"].delivery.mac, NET.wrongMac, `the device change (${d.changes["wrong-mac"]}) reached the resolution`);
        const f = facts["wrong-mac"];
        assert.ok(f.tunnel.length > 0, "the copies should still arrive (the tunnel's remote address still leads to the collector)");
        assert.deepEqual([...new Set(f.tunnel.map((fr) => fr.dst))], [NET.wrongMac]);
        assert.throws(() => checkClone(f, x), (e: Error) => { note(`check: ${e.message}`); return /^the ARP link broke/.test(e.message); });
    });

    it("negative control: a wrong FDB endpoint ⇒ no copy arrives, and the check says the FDB link broke", () => {
        assert.equal(d.sides["wrong-fdb"].delivery.remoteAddress, NET.wrongEndpoint, `the device change (${d.changes["wrong-fdb"]}) reached the resolution`);
        const f = facts["wrong-fdb"];
        assert.deepEqual([f.tunnel.length, f.underlay.length], [0, 0], "nothing may reach the collector");
        assert.ok(f.sent.length > 0 && f.sent.every((o) => o.dst === NET.wrongEndpoint), "the BIG-IP did send its copies, to the wrong endpoint");
        assert.throws(() => checkClone(f, x), (e: Error) => { note(`check: ${e.message}`); return /^the FDB link broke/.test(e.message); });
    });

    it(`negative control: a wrong ${encapsulation === "vxlan" ? "VNI" : "GRE key"} on the tunnel ⇒ the packets reach the collector but not its device, and the check says the tunnel link broke`, () => {
        assert.equal(d.sides["wrong-key"].delivery.key, d.wrongKey, `the device change (${d.changes["wrong-key"]}) reached the resolution`);
        const f = facts["wrong-key"];
        assert.equal(f.tunnel.length, 0);
        assert.ok(f.underlay.length > 0 && f.underlay.every((o) => (encapsulation === "vxlan" ? o.vni : o.greKey) === d.wrongKey),
            "the copies reach the collector's underlay with the wrong key");
        assert.throws(() => checkClone(f, x), (e: Error) => { note(`check: ${e.message}`); return /^the tunnel link broke/.test(e.message); });
    });
}
