/**
 * UnderlayCheck against the strict emulator, rehydrated as the provider host runs it: on a bare device it fails
 * naming every broken link; after our VLAN `external` (1.1, MTU 9001), self IP 10.0.2.5/24 and route 10.1.0.0/16
 * via 10.0.2.1 exist it passes. It only ever reads `net self`, `net vlan` and `net route`, once each, in one session.
 */
import * as assert from "assert";
import { vlanProvider } from "../../../components/bigip/objects/vlan";
import { selfIpProvider } from "../../../components/bigip/objects/selfIp";
import { routeProvider } from "../../../components/bigip/objects/route";
import { underlayCheckProvider } from "../../../components/bigip/objects/underlayCheck";
import { Engine } from "./engine";
import { engineFor, rejectsWith, useEmulator, writes } from "./harness";

describe("UnderlayCheck (rehydrated provider, emulator)", () => {
    const box = useEmulator();
    let check: Engine;
    let inputs: Record<string, unknown>;
    /** Configuration requests (the session's readiness probes of sys/available and sys/ready aside). */
    const tmReads = () => box.e.log.filter((l) => l.path.startsWith("/mgmt/tm/") && !l.path.startsWith("/mgmt/tm/sys/")).map((l) => `${l.method} ${l.path}`);
    const READS = ["GET /mgmt/tm/net/self", "GET /mgmt/tm/net/vlan", "GET /mgmt/tm/net/route"];

    before(async () => {
        check = await engineFor(underlayCheckProvider);
        inputs = { connection: box.c, name: "to-ids", localAddress: "10.0.2.5", remoteAddress: "10.1.1.20", requiredMtu: 1550 };
    });

    it("on a device without the underlay: fails naming the missing self IP and route, after three reads and no write", async () => {
        box.e.clearLog();
        const msg = await rejectsWith(check.up(inputs),
            /^The BIG-IP at 127\.0\.0\.1:\d+ cannot carry a tunnel from 10\.0\.2\.5 to 10\.1\.1\.20 with 1550-byte outer packets:\n/,
            /- self-ip: 10\.0\.2\.5 is not a self IP on this BIG-IP; the tunnel would source packets from an address the device does not own\. Fix: /,
            /- route: 10\.1\.1\.20 is not reachable from this BIG-IP: .* \(there are no routes\)\. Fix: add `net route/);
        assert.doesNotMatch(msg, /vlan-mtu/, "no VLAN to judge without a self IP");
        assert.deepStrictEqual(tmReads(), READS);
        assert.deepStrictEqual(writes(box.e), []);
        assert.strictEqual(check.state, undefined, "a failed check is not in state");
    });

    it("after VLAN external (1.1, MTU 9001), self IP 10.0.2.5/24 and route 10.1.0.0/16 via 10.0.2.1: passes", async () => {
        const conn = box.c;
        await (await engineFor(vlanProvider)).up({ connection: conn, name: "external", interfaces: [{ name: "1.1" }], mtu: 9001 });
        await (await engineFor(selfIpProvider)).up({ connection: conn, name: "external-self", address: "10.0.2.5/24", vlan: "external", allowService: "none" });
        await (await engineFor(routeProvider)).up({ connection: conn, name: "to-collectors", network: "10.1.0.0/16", gw: "10.0.2.1" });
        box.e.clearLog();
        const generation = box.e.generation;
        assert.strictEqual(await check.up(inputs), "create");
        assert.deepStrictEqual(tmReads(), READS);
        assert.strictEqual(box.e.generation, generation, "nothing changed on the device");
        const outs = check.state!.outs;
        assert.deepStrictEqual([outs.selfIp, outs.vlan, outs.vlanMtu, outs.fullPath], ["/Common/external-self", "/Common/external", 9001, "/Common/external-self"]);
        assert.deepStrictEqual(outs.checks.map((c: any) => [c.link, c.ok]), [["self-ip", true], ["vlan", true], ["vlan-mtu", true], ["route", true]]);
        assert.match(outs.checks[3].detail, /via route \/Common\/to-collectors \(10\.1\.0\.0\/16, gw 10\.0\.2\.1\)/);
    });

    it("diff: the same arguments are no change (and no request); any changed argument re-runs the check", async () => {
        box.e.clearLog();
        assert.strictEqual(await check.up(inputs), "same");
        assert.strictEqual(box.e.log.length, 0);
        for (const change of [{ localAddress: "10.0.2.6" }, { remoteAddress: "10.1.1.21" }, { requiredMtu: 1551 }]) {
            const pre = await check.preview({ ...inputs, ...change });
            assert.deepStrictEqual([pre.step, pre.diff!.replaces], ["update", []], JSON.stringify(change));
        }
        assert.strictEqual(await check.up({ ...inputs, remoteAddress: "10.1.200.9" }), "update");
        assert.strictEqual(check.state!.outs.remoteAddress, "10.1.200.9");
    });

    it("a 1500-byte VLAN fails a check that needs 9001-byte outer packets, naming the MTU and the fix", async () => {
        await (await engineFor(vlanProvider)).up({ connection: box.c, name: "small", interfaces: [{ name: "1.2" }] });
        await (await engineFor(selfIpProvider)).up({ connection: box.c, name: "small-self", address: "10.0.3.5/24", vlan: "small" });
        const jumbo = await engineFor(underlayCheckProvider);
        await rejectsWith(jumbo.up({ ...inputs, name: "jumbo", localAddress: "10.0.3.5", remoteAddress: "10.0.3.77", requiredMtu: 9001 }),
            /- vlan-mtu: VLAN \/Common\/small has MTU 1500, but the tunnel's outer packets are up to 9001 bytes .*Fix: raise it with `modify net vlan \/Common\/small mtu 9001`/);
    });

    it("refresh and delete never touch the device", async () => {
        box.e.clearLog();
        assert.strictEqual(await check.refresh(), "present");
        await check.destroy();
        assert.strictEqual(box.e.log.length, 0);
    });
});
