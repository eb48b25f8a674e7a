/**
 * Vlan, Route and UnderlayCheck inputs: bad values fail `check` naming the field, values unknown at preview pass,
 * defaults and canonical forms are filled in; and the tmsh a network engineer would read for them.
 */
import * as assert from "assert";
import * as dynamic from "@pulumi/pulumi/dynamic";
import { vlanMapping, vlanProvider, vlanSpec } from "../../../components/bigip/objects/vlan";
import { routeMapping, routeProvider, routeSpec } from "../../../components/bigip/objects/route";
import { underlayCheckProvider } from "../../../components/bigip/objects/underlayCheck";
import { tmshCreate, tmshModify } from "../../../components/bigip/objects/tmsh";
import { UNKNOWN } from "./harness";

const connection = { host: "192.0.2.10", port: 443, username: "admin", password: "pw", tls: { insecure: true } };

async function check(p: dynamic.ResourceProvider, inputs: Record<string, unknown>) {
    return p.check!({}, { connection, ...inputs });
}

async function failsOn(p: dynamic.ResourceProvider, inputs: Record<string, unknown>, property: string, reason: RegExp): Promise<void> {
    const r = await check(p, inputs);
    const f = (r.failures ?? []).find((x) => x.property === property);
    assert.ok(f, `expected a failure on ${property}, got ${JSON.stringify(r.failures)}`);
    assert.match(f!.reason, reason);
}

describe("Vlan, Route and UnderlayCheck: check", () => {
    const vlan = { name: "external", interfaces: [{ name: "1.1" }] };
    const route = { name: "r", network: "10.1.0.0/16", gw: "10.0.2.1" };
    const underlay = { name: "u", localAddress: "10.0.2.5", remoteAddress: "10.1.1.20", requiredMtu: 1550 };

    it("valid inputs pass and get the device's defaults in canonical form", async () => {
        const v = await check(vlanProvider, { ...vlan, interfaces: [{ name: "1.2", tagged: true }, { name: "1.1" }], tag: 100 });
        assert.deepStrictEqual(v.failures, []);
        assert.deepStrictEqual([v.inputs!.interfaces, v.inputs!.mtu], [[{ name: "1.1", tagged: false }, { name: "1.2", tagged: true }], 1500]);
        const r = await check(routeProvider, { ...route, network: "0.0.0.0/0" });
        assert.deepStrictEqual([r.failures, r.inputs!.network, r.inputs!.mtu], [[], "default", 0]);
        assert.deepStrictEqual((await check(underlayCheckProvider, underlay)).failures, []);
        // Its name is the Pulumi resource's only (never a device object): a long or odd one is fine.
        assert.deepStrictEqual((await check(underlayCheckProvider, { ...underlay, name: `collector/${"x".repeat(80)}-underlay` })).failures, []);
    });

    it("Vlan: each bad value names its field", async () => {
        await failsOn(vlanProvider, { ...vlan, mtu: 9200 }, "mtu", /576\.\.9198/);
        await failsOn(vlanProvider, { ...vlan, mtu: 575 }, "mtu", /576\.\.9198/);
        await failsOn(vlanProvider, { ...vlan, tag: 4095 }, "tag", /1\.\.4094/);
        await failsOn(vlanProvider, { ...vlan, interfaces: [{ name: "1.1", tagged: true }] }, "tag", /required when an interface is tagged/);
        await failsOn(vlanProvider, { ...vlan, interfaces: [{ name: "1.1" }, { name: "1.1", tagged: true }], tag: 5 }, "interfaces", /twice/);
        await failsOn(vlanProvider, { ...vlan, interfaces: ["1.1"] }, "interfaces", /\[\{ name: "1\.1" \}\]/);
        await failsOn(vlanProvider, { ...vlan, interfaces: [{ name: "1.1", tagged: "yes" }] }, "interfaces", /tagged: true/);
    });

    it("Route: each bad value names its field", async () => {
        await failsOn(routeProvider, { ...route, network: "10.1.1.0/16" }, "network", /host bits clear/);
        await failsOn(routeProvider, { ...route, network: "10.1.0.0" }, "network", /CIDR/);
        await failsOn(routeProvider, { ...route, gw: "router" }, "gw", /next-hop IP address/);
        await failsOn(routeProvider, { ...route, mtu: -1 }, "mtu", /0 \(the VLAN's MTU\)/);
    });

    it("UnderlayCheck: each bad value names its field", async () => {
        await failsOn(underlayCheckProvider, { ...underlay, localAddress: "10.0.2.5/24" }, "localAddress", /data self IP/);
        await failsOn(underlayCheckProvider, { ...underlay, remoteAddress: "collector" }, "remoteAddress", /underlay IP/);
        await failsOn(underlayCheckProvider, { ...underlay, requiredMtu: 0 }, "requiredMtu", /outer packet size/);
    });

    it("values unknown at preview produce no failure", async () => {
        assert.deepStrictEqual((await check(vlanProvider, { name: "v", interfaces: UNKNOWN, tag: UNKNOWN, mtu: UNKNOWN })).failures, []);
        assert.deepStrictEqual((await check(vlanProvider, { name: "v", interfaces: [{ name: UNKNOWN, tagged: true }], tag: UNKNOWN })).failures, []);
        assert.deepStrictEqual((await check(routeProvider, { name: "r", network: UNKNOWN, gw: UNKNOWN, mtu: UNKNOWN })).failures, []);
        assert.deepStrictEqual((await check(underlayCheckProvider, { name: "u", localAddress: UNKNOWN, remoteAddress: UNKNOWN, requiredMtu: UNKNOWN })).failures, []);
    });
});

describe("tmsh rendering of VLANs and routes", () => {
    it("a VLAN: interfaces with bare tagged/untagged flags, tmsh attribute names", () => {
        const i = vlanMapping.normalize({ connection, name: "external", interfaces: [{ name: "1.1" }], mtu: 9001 } as any);
        assert.strictEqual(tmshCreate(vlanSpec, "/Common/external", vlanMapping.toBody(i)),
            "create net vlan /Common/external { interfaces { 1.1 { untagged } } mtu 9001 }");
        assert.strictEqual(tmshModify(vlanSpec, "/Common/external", { interfaces: [{ name: "1.1", untagged: true }, { name: "1.2", tagged: true }], tag: 100 }),
            "modify net vlan /Common/external { interfaces replace-all-with { 1.1 { untagged } 1.2 { tagged } } tag 100 }");
    });

    it("a route: network, gw, mtu, and the interface form", () => {
        const i = routeMapping.normalize({ connection, name: "to-collectors", network: "10.1.0.0/16", gw: "10.0.2.1" } as any);
        assert.strictEqual(tmshCreate(routeSpec, "/Common/to-collectors", routeMapping.toBody(i)),
            "create net route /Common/to-collectors { network 10.1.0.0/16 gw 10.0.2.1 mtu 0 }");
        assert.strictEqual(tmshCreate(routeSpec, "/Common/via-tunnel", { network: "10.0.0.0/8", tmInterface: "/Common/t" }),
            "create net route /Common/via-tunnel { network 10.0.0.0/8 interface /Common/t }");
    });
});
