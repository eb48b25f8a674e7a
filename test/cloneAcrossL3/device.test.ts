/**
 * The composed component's BIG-IP half, for real: every dynamic resource the component registers (under mocks)
 * is driven through the SDK's real dynamic-provider host, with the `__provider` text it registered, against the strict
 * emulator, in dependency order. So the data VLAN, self IP, route, underlay check, tunnel chain, pools, demo virtual, clone
 * attachments and save that `pulumi up` would send are the ones proven here, with the addresses the graph computes.
 */
import * as assert from "node:assert/strict";
import { Emulator, startEmulator } from "../emulator";
import { resetReadiness, withSession } from "../../components/bigip/rest";
import { readCloneDeviceState } from "../../components/diagnose/read";
import { resolveClonePool } from "../../components/diagnose/resolve";
import { behindOurBack, connOf, deviceView, writes } from "../bigip/objects/harness";
import { Driven, engines, realisticMocks, up } from "./onDevice";
import { CloneAcrossL3Args } from "../../components/cloneAcrossL3/args";
import { Built, CHECK, ENI, NAME, build, byoBigip, captureRegistrationErrors, defaults, dynamicResources, mocks, variant } from "./fixture";

describe("CloneAcrossL3 (composed component) on a device", function () {
    this.timeout(120_000);
    captureRegistrationErrors();

    describe("the default deployment with the demo and a clone target, on a fresh VE", () => {
        let e: Emulator;
        let b: Built;
        let driven: Driven[];
        let fresh: Record<string, unknown>;
        const foreignClone = { name: "/Common/someone-elses-pool", context: "clientside" };
        before(async () => {
            const m = await realisticMocks();
            b = await build(m, defaults({ demo: true, cloneTargets: [{ virtualServer: "app_vs", context: "serverside" }] }));
            e = await startEmulator();
            resetReadiness();
            // Someone else's application, with someone else's clientside clone pool.
            e.seed("pool", { name: "app_pool" });
            e.seed("pool", { name: "someone-elses-pool" });
            e.seed("virtual", { name: "app_vs", destination: "/Common/10.0.2.200:443", pool: "/Common/app_pool", clonePools: [foreignClone] });
            fresh = e.snapshot();
            driven = engines(e, b, dynamicResources(m));
            await up(driven);
        });
        after(async () => { await e?.close(); });

        it("creates the data VLAN external on 1.1 at MTU 9001 with the ENI's address as self IP, and the route to the collector VPC", () => {
            const vlan = e.get("vlan", "/Common/external")!;
            assert.equal(vlan.mtu, 9001);
            const tunnelSource = driven.find((d) => d.r.type.endsWith("UnderlayCheck"))!.inputs.localAddress;
            assert.match(tunnelSource, /^10\.0\.2\.\d+$/);
            const self = e.get("selfIp", `/Common/${NAME}-external-self`)!;
            assert.deepEqual([self.address, self.vlan], [`${tunnelSource}/24`, "/Common/external"]);
            const route = e.get("route", `/Common/${NAME}-to-collectors-0`)!;
            assert.deepEqual([route.network, route.gw], ["10.1.0.0/16", "10.0.2.1"]);
        });

        it("the underlay check found the tunnel source on that VLAN, its MTU enough, and the collector routed", () => {
            const check = driven.find((d) => d.r.type === CHECK)!;
            const outs = check.eng.state!.outs;
            assert.deepEqual([outs.selfIp, outs.vlan, outs.vlanMtu], [`/Common/${NAME}-external-self`, "/Common/external", 9001]);
            assert.ok(outs.checks.every((c: any) => c.ok), JSON.stringify(outs.checks));
            assert.match(outs.checks.find((c: any) => c.link === "route").detail, /route .*10\.1\.0\.0\/16/);
        });

        it("builds the tunnel chain to the collector and the clone pool with its overlay IP", () => {
            const tunnel = e.get("tunnel", `/Common/${NAME}-collector`)!;
            assert.equal(tunnel.profile, `/Common/${NAME}-collector-profile`);
            assert.match(String(tunnel.remoteAddress), /^10\.1\.1\.\d+$/);
            assert.equal(e.get("arp", `/Common/${NAME}-collector-arp`)!.ipAddress, "10.254.0.2");
            assert.deepEqual((e.get("pool", `/Common/${NAME}-collector-pool`)!.members as any[]).map((x) => x.name), ["10.254.0.2:0"]);
        });

        it("serves the demo: a virtual on the VIP, SNAT automap, the server as pool member, cloned clientside and serverside", () => {
            const vs = e.get("virtual", `/Common/${NAME}-demo-vs`)!;
            assert.match(String(vs.destination), /^\/Common\/10\.0\.2\.\d+:80$/);
            assert.equal((vs.sourceAddressTranslation as any).type, "automap");
            assert.deepEqual((vs.clonePools as any[]).map((c) => `${c.name} ${c.context}`).sort(),
                [`/Common/${NAME}-collector-pool clientside`, `/Common/${NAME}-collector-pool serverside`]);
            assert.match(((e.get("pool", `/Common/${NAME}-demo-pool`)!.members as any[])[0]).name, /^10\.0\.2\.\d+:80$/);
        });

        it("adds our serverside clone pool to the user's virtual and keeps theirs; the configuration is saved", () => {
            assert.deepEqual((e.get("virtual", "/Common/app_vs")!.clonePools as any[]).map((c) => `${c.name} ${c.context}`).sort(),
                [`/Common/${NAME}-collector-pool serverside`, "/Common/someone-elses-pool clientside"]);
            assert.equal(e.savedGeneration, e.generation);
        });

        it("the device state, read back over REST, resolves the clone pool to the collector: its MAC, GRE-TEB, its underlay IP", async () => {
            const state = await withSession(connOf(e), "reading", readCloneDeviceState);
            const [r] = resolveClonePool(state, `/Common/${NAME}-collector-pool`);
            assert.ok(r.ok, JSON.stringify(r.links, null, 1));
            const chain = driven.find((d) => d.r.type.endsWith("TunnelChain"))!.inputs;
            assert.deepEqual(r.delivery, {
                member: "10.254.0.2:0", memberIp: "10.254.0.2", tunnel: `/Common/${NAME}-collector`, mac: chain.collectorMac,
                encapsulation: "gre", key: 0, localAddress: chain.localAddress, remoteAddress: chain.remoteAddress,
            });
        });

        it("a second up with the same inputs sends nothing", async () => {
            e.clearLog();
            for (const d of driven) assert.equal(await d.eng.up(d.inputs), "same", d.r.name);
            assert.equal(e.log.length, 0);
        });

        it("destroy, in reverse order, leaves the device exactly as it was (the user's virtual and clone pool included), saved", async () => {
            for (const d of [...driven].reverse()) await d.eng.destroy();
            // Same objects, same settings (generation counters and modification times move on, as on a device).
            const view = (snap: Record<string, unknown>) => Object.fromEntries(Object.entries(snap).map(([k, v]) => [k, deviceView(v as any)]));
            assert.deepEqual(view(e.snapshot()), view(fresh));
            assert.equal(e.savedGeneration, e.generation);
        });
    });

    // Every deployment shape the component registers BIG-IP resources for: up, a no-op second up, a refresh that keeps
    // state, destroy back to the fresh device — all through the provider host, saved.
    const shapes: [string, () => CloneAcrossL3Args, ((e: Emulator) => void)?][] = [
        ["VXLAN", variant.vxlan],
        // A single-NIC VE comes with VLAN internal on 1.0 and its self IP (the ENI's address); we only raise its MTU.
        ["single NIC", variant.singleNic, (e) => {
            e.seed("vlan", { name: "internal", interfaces: [{ name: "1.0", untagged: true }], mtu: 1500 });
            e.seed("selfIp", { name: "self_1nic", address: "10.0.1.10/24", vlan: "/Common/internal" });
            e.seed("route", { name: "default", network: "default", gw: "10.0.1.1" });
        }],
        ["three collectors, a clone pool each", () => defaults({ collectors: [{ name: "ids" }, { name: "pcap" }, { name: "ndr" }],
            cloneTargets: ["ids", "pcap", "ndr"].map((collector, k) => ({ virtualServer: `app${k}_vs`, context: "clientside" as const, collector })) })],
        ["two collectors behind one shared clone pool", () => defaults({ collectors: [{ name: "ids" }, { name: "pcap" }], clonePools: "shared",
            cloneTargets: [{ virtualServer: "app0_vs", context: "serverside" }] })],
    ];
    for (const [title, args, seed] of shapes) {
        describe(`${title}: up, no-op, refresh, destroy through the provider host`, () => {
            let e: Emulator;
            let driven: Driven[];
            let fresh: Record<string, unknown>;
            before(async () => {
                const m = await realisticMocks();
                const b = await build(m, args());
                e = await startEmulator();
                resetReadiness();
                for (let k = 0; k < 3; k++) e.seed("virtual", { name: `app${k}_vs`, destination: `/Common/10.0.2.${200 + k}:443` });
                seed?.(e);
                fresh = e.snapshot();
                driven = engines(e, b, dynamicResources(m));
            });
            after(async () => { await e?.close(); });

            it("up creates every resource, saved; a second up sends nothing; a refresh keeps the state", async () => {
                await up(driven);
                assert.ok(driven.every((d) => d.eng.state), "every resource in state");
                assert.equal(e.savedGeneration, e.generation);
                e.clearLog();
                for (const d of driven) assert.equal(await d.eng.up(d.inputs), "same", d.r.name);
                assert.equal(e.log.length, 0);
                for (const d of driven) {
                    const before = JSON.stringify(d.eng.state!.outs);
                    assert.equal(await d.eng.refresh(), "present", d.r.name);
                    assert.equal(JSON.stringify(d.eng.state!.outs), before, d.r.name);
                }
            });

            it("destroy leaves the device as it was (what the stack retains on delete aside, still there), saved", async () => {
                const retained = driven.filter((d) => d.eng.retainOnDelete).map((d) => d.eng.state!.id);
                for (const d of [...driven].reverse()) await d.eng.destroy();
                const now = e.snapshot();
                for (const id of retained) assert.ok(Object.keys(now).some((k) => k.endsWith(`:${id}`)), `${id} stays`);
                const view = (snap: Record<string, unknown>) => Object.fromEntries(Object.entries(snap)
                    .filter(([k]) => !retained.some((id) => k.endsWith(`:${id}`))).map(([k, v]) => [k, deviceView(v as any)]));
                assert.deepEqual(view(now), view(fresh));
                assert.equal(e.savedGeneration, e.generation);
            });
        });
    }

    describe("an existing BIG-IP: the underlay check runs first and stops a tunnel that could not carry traffic", () => {
        let e: Emulator;
        let driven: Driven[];
        const args = (): CloneAcrossL3Args => byoBigip({}, { tunnelMtu: 1500 });
        before(async () => {
            const m = await realisticMocks();
            const b = await build(m, args());
            e = await startEmulator();
            resetReadiness();
            driven = engines(e, b, dynamicResources(m));
            assert.equal(driven[0].r.type, CHECK, "the check comes before anything that writes");
        });
        after(async () => { await e?.close(); });

        it("on a BIG-IP without that self IP: fails naming it, having written nothing", async () => {
            e.clearLog();
            await assert.rejects(up(driven), /10\.0\.2\.5 is not a self IP on this BIG-IP/);
            assert.deepEqual(writes(e), []);
        });

        it("with the self IP on a 1500-MTU VLAN and no route: fails naming the MTU and the route, with the fix", async () => {
            e.seed("vlan", { name: "data", mtu: 1500, interfaces: [{ name: "1.1", untagged: true }] });
            e.seed("selfIp", { name: "data-self", address: "10.0.2.5/24", vlan: "/Common/data" });
            const err = await up(driven).then(() => undefined, (x: Error) => x.message);
            assert.match(String(err), /vlan-mtu: VLAN \/Common\/data has MTU 1500, but the tunnel's outer packets are up to 1538 bytes/);
            assert.match(String(err), /route: 10\.1\.1\.\d+ is not reachable from this BIG-IP.*gw 10\.0\.2\.1/s);
            assert.equal(e.get("tunnel", `/Common/${NAME}-collector`), undefined);
        });

        it("once the user raises the VLAN MTU and adds a route (their change, over REST), the same up goes through", async () => {
            await behindOurBack(e, async (x) => {
                await x.patch("tm/net/vlan/~Common~data", { mtu: 9001 });
                await x.post("tm/net/route", { name: "to-collectors", partition: "Common", network: "10.1.0.0/16", gw: "10.0.2.1" });
            });
            await up(driven);
            assert.equal(e.get("tunnel", `/Common/${NAME}-collector`)!.localAddress, "10.0.2.5");
            assert.equal(e.get("vlan", "/Common/data")!.mtu, 9001, "the user's VLAN is as they left it");
        });
    });
});
