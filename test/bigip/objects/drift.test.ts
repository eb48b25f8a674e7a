/**
 * Drift: the device changed behind the stack's back. Refresh must report the device's values (so the next preview
 * plans an update or a replacement) and `up` must converge it back; an object deleted behind our back is "gone".
 */
import * as assert from "assert";
import * as dynamic from "@pulumi/pulumi/dynamic";
import { Session } from "../../../components/bigip/rest";
import { KindId } from "../../../components/bigip/objects/spec";
import { tunnelProfileProvider } from "../../../components/bigip/objects/tunnelProfile";
import { tunnelProvider } from "../../../components/bigip/objects/tunnel";
import { selfIpProvider } from "../../../components/bigip/objects/selfIp";
import { staticArpProvider } from "../../../components/bigip/objects/arp";
import { fdbRecordProvider } from "../../../components/bigip/objects/fdbTunnel";
import { poolProvider } from "../../../components/bigip/objects/pool";
import { virtualServerProvider } from "../../../components/bigip/objects/virtual";
import { clonePoolAttachmentProvider } from "../../../components/bigip/objects/clonePoolAttachment";
import { behindOurBack, deviceView, engineFor, patches, useEmulator } from "./harness";

interface DriftCase {
    title: string;
    provider: dynamic.ResourceProvider;
    inputs: Record<string, unknown>;
    /** What another admin does. */
    change(s: Session): Promise<unknown>;
    /** State after refresh must show these device values. */
    seen: Record<string, unknown>;
    step: "update" | "replace";
    /** Where to look after `up`, and what must be back. */
    kind: KindId; fullPath: string; back: Record<string, unknown>;
    remove(s: Session): Promise<unknown>;
}

const MAC = "02:00:5e:10:00:0d";

const CASES: DriftCase[] = [
    {
        title: "TunnelProfile (gre): flooding type", provider: tunnelProfileProvider, inputs: { name: "dr-gre", encapsulation: "gre" },
        change: (s) => s.patch("tm/net/tunnels/gre/~Common~dr-gre", { floodingType: "multipoint" }), seen: { floodingType: "multipoint" },
        step: "update", kind: "greProfile", fullPath: "/Common/dr-gre", back: { floodingType: "none" },
        remove: (s) => s.delete("tm/net/tunnels/gre/~Common~dr-gre"),
    },
    {
        title: "TunnelProfile (vxlan): port", provider: tunnelProfileProvider, inputs: { name: "dr-vx", encapsulation: "vxlan" },
        change: (s) => s.patch("tm/net/tunnels/vxlan/~Common~dr-vx", { port: 8472 }), seen: { port: 8472 },
        step: "update", kind: "vxlanProfile", fullPath: "/Common/dr-vx", back: { port: 4789 },
        remove: (s) => s.delete("tm/net/tunnels/vxlan/~Common~dr-vx"),
    },
    {
        title: "Tunnel: MTU and remote address", provider: tunnelProvider,
        inputs: { name: "dr-tun", profile: "dr-tp", localAddress: "10.0.2.5", remoteAddress: "10.1.1.20", mtu: 1400 },
        change: (s) => s.patch("tm/net/tunnels/tunnel/~Common~dr-tun", { mtu: 1500, remoteAddress: "10.1.1.99" }), seen: { mtu: 1500, remoteAddress: "10.1.1.99" },
        step: "update", kind: "tunnel", fullPath: "/Common/dr-tun", back: { mtu: 1400, remoteAddress: "10.1.1.20" },
        remove: (s) => s.delete("tm/net/tunnels/tunnel/~Common~dr-tun"),
    },
    {
        title: "SelfIp: port lockdown opened", provider: selfIpProvider, inputs: { name: "dr-self", address: "10.254.2.1/29", vlan: "dr-base" },
        change: (s) => s.patch("tm/net/self/~Common~dr-self", { allowService: ["default"] }), seen: { allowService: "default" },
        step: "update", kind: "selfIp", fullPath: "/Common/dr-self", back: { allowService: undefined },
        remove: (s) => s.delete("tm/net/self/~Common~dr-self"),
    },
    {
        title: "SelfIp: moved to another tunnel (fixed for us)", provider: selfIpProvider, inputs: { name: "dr-self2", address: "10.254.3.1/29", vlan: "dr-base" },
        change: (s) => s.patch("tm/net/self/~Common~dr-self2", { vlan: "/Common/dr-base2" }), seen: { vlan: "/Common/dr-base2" },
        step: "replace", kind: "selfIp", fullPath: "/Common/dr-self2", back: { vlan: "/Common/dr-base" },
        remove: (s) => s.delete("tm/net/self/~Common~dr-self2"),
    },
    {
        title: "StaticArp: MAC", provider: staticArpProvider, inputs: { name: "dr-arp", ipAddress: "10.254.2.2", macAddress: MAC },
        change: (s) => s.patch("tm/net/arp/~Common~dr-arp", { macAddress: "02:00:5e:10:00:ff" }), seen: { macAddress: "02:00:5e:10:00:ff" },
        step: "update", kind: "arp", fullPath: "/Common/dr-arp", back: { macAddress: MAC },
        remove: (s) => s.delete("tm/net/arp/~Common~dr-arp"),
    },
    {
        title: "FdbRecord: endpoint", provider: fdbRecordProvider, inputs: { name: MAC, tunnel: "dr-base", endpoint: "10.1.1.20" },
        change: (s) => s.patch(`tm/net/fdb/tunnel/~Common~dr-base/records/${MAC}`, { endpoint: "10.1.1.77" }), seen: { endpoint: "10.1.1.77" },
        step: "replace", kind: "fdbTunnel", fullPath: "/Common/dr-base", back: { records: [{ name: MAC, fullPath: MAC, endpoint: "10.1.1.20" }] },
        remove: (s) => s.delete(`tm/net/fdb/tunnel/~Common~dr-base/records/${MAC}`),
    },
    {
        title: "Pool: members and monitor", provider: poolProvider, inputs: { name: "dr-pool", members: ["10.254.2.2:0"], monitor: "gateway_icmp" },
        change: (s) => s.patch("tm/ltm/pool/~Common~dr-pool", { members: [{ name: "10.254.2.9:0" }], monitor: "/Common/icmp" }),
        seen: { members: ["10.254.2.9:0"], monitor: "/Common/icmp" },
        step: "update", kind: "pool", fullPath: "/Common/dr-pool", back: { monitor: "/Common/gateway_icmp" },
        remove: (s) => s.delete("tm/ltm/pool/~Common~dr-pool"),
    },
    {
        title: "VirtualServer: SNAT and profiles", provider: virtualServerProvider, inputs: { name: "dr-vs", destination: "10.0.2.30:80" },
        change: (s) => s.patch("tm/ltm/virtual/~Common~dr-vs", { sourceAddressTranslation: { type: "none" }, profiles: [{ name: "/Common/fastL4" }] }),
        seen: { snat: "none", profiles: ["/Common/fastL4"] },
        step: "update", kind: "virtual", fullPath: "/Common/dr-vs", back: { sourceAddressTranslation: { type: "automap" } },
        remove: (s) => s.delete("tm/ltm/virtual/~Common~dr-vs"),
    },
];

describe("drift: single-object providers (rehydrated)", () => {
    const box = useEmulator();

    before(() => {
        const e = box.e;
        for (const n of ["dr-tp", "dr-base-tp"]) e.seed("greProfile", { name: n, defaultsFrom: "/Common/gre", encapsulation: "transparent-ethernet-bridging" });
        for (const n of ["dr-base", "dr-base2"]) e.seed("tunnel", { name: n, profile: "/Common/dr-base-tp", localAddress: "10.0.2.5", remoteAddress: "10.1.1.20" });
        for (const n of ["dr-cp", "dr-cp2"]) e.seed("pool", { name: n });
        e.seed("virtual", { name: "dr-cvs", destination: "10.0.2.31:80" });
    });

    for (const k of CASES) {
        it(`${k.title}: refresh shows it, preview plans ${k.step}, up converges; deleted behind our back = gone`, async () => {
            const eng = await engineFor(k.provider);
            const inputs = { connection: box.c, ...k.inputs };
            await eng.up(inputs);
            await behindOurBack(box.e, k.change);

            assert.strictEqual(await eng.refresh(), "present");
            for (const [f, v] of Object.entries(k.seen)) assert.deepStrictEqual(eng.state!.outs[f], v, `refreshed ${f}`);
            const plan = await eng.preview(inputs);
            assert.strictEqual(plan.step, k.step);

            box.e.clearLog();
            assert.strictEqual(await eng.up(inputs), k.step);
            const dev = deviceView(box.e.get(k.kind, k.fullPath))!;
            for (const [f, v] of Object.entries(k.back)) assert.deepStrictEqual(dev[f], v, `device ${f} set back`);
            if (k.step === "update") assert.ok(patches(box.e).length === 1, "converged with one PATCH");
            assert.strictEqual(await eng.refresh(), "present");
            assert.strictEqual((await eng.preview(inputs)).step, "same", "nothing left to change");

            await behindOurBack(box.e, k.remove);
            assert.strictEqual(await eng.refresh(), "gone");
            assert.strictEqual(eng.state, undefined);
        });
    }

    it("ClonePoolAttachment: our entry removed behind our back is gone on refresh; up attaches it again, keeping the others", async () => {
        const eng = await engineFor(clonePoolAttachmentProvider);
        const inputs = { connection: box.c, name: "clone", virtualServer: "dr-cvs", pool: "dr-cp", context: "clientside" };
        await eng.up(inputs);
        const other = { name: "/Common/dr-cp2", context: "serverside" };
        await behindOurBack(box.e, (s) => s.patch("tm/ltm/virtual/~Common~dr-cvs", { clonePools: [other] }));
        assert.strictEqual(await eng.refresh(), "gone");
        assert.strictEqual(await eng.up(inputs), "create");
        assert.deepStrictEqual(deviceView(box.e.get("virtual", "/Common/dr-cvs"))!.clonePools, [other, { name: "/Common/dr-cp", context: "clientside" }]);
        assert.strictEqual(await eng.refresh(), "present");
        assert.strictEqual((await eng.preview(inputs)).step, "same");
        await eng.destroy();
        assert.deepStrictEqual(deviceView(box.e.get("virtual", "/Common/dr-cvs"))!.clonePools, [other]);
    });

    it("an optional description removed from the inputs is cleared on the device (and stays cleared after refresh)", async () => {
        const eng = await engineFor(tunnelProvider);
        const base = { connection: box.c, name: "dr-desc", profile: "dr-tp", localAddress: "10.0.2.5", remoteAddress: "10.1.1.20" };
        await eng.up({ ...base, description: "clone tunnel" });
        assert.strictEqual(box.e.get("tunnel", "/Common/dr-desc")!.description, "clone tunnel");
        box.e.clearLog();
        assert.strictEqual(await eng.up(base), "update");
        assert.deepStrictEqual(patches(box.e).map((l) => l.body), [{ description: "" }]);
        assert.ok(!box.e.get("tunnel", "/Common/dr-desc")!.description, "description cleared");
        await eng.refresh();
        assert.strictEqual((await eng.preview(base)).step, "same");
        await eng.destroy();
    });

    it("a bare monitor name is stored qualified, so a refresh does not plan a change", async () => {
        const eng = await engineFor(poolProvider);
        const inputs = { connection: box.c, name: "dr-mon", members: ["10.254.2.5:0"], monitor: "gateway_icmp and icmp" };
        await eng.up(inputs);
        assert.strictEqual(box.e.get("pool", "/Common/dr-mon")!.monitor, "/Common/gateway_icmp and /Common/icmp");
        await eng.refresh();
        assert.strictEqual((await eng.preview(inputs)).step, "same");
        await eng.destroy();
    });
});
