/**
 * The emulator refuses for VLANs and routes what a BIG-IP refuses, with the device's texts where a real one is known:
 * a route whose gateway no self IP subnet holds (DO#266), deleting the self IP such a route needs, VLANs in use,
 * out-of-range tags and MTUs, an immutable route network; and it assigns what the device assigns.
 */
import * as assert from "assert";
import { expectError, login, tmCalls } from "./client";
import { Emulator, startEmulator } from "./index";

describe("emulator: VLAN and route rules", function () {
    const box = {} as { e: Emulator; h: Record<string, string> };
    const { post, patch, del, get } = tmCalls(box);

    before(async () => {
        box.e = await startEmulator();
        box.h = await login(box.e);
    });
    after(async () => { await box.e.close(); });

    it("VLAN: device-assigned tag counts down from 4094, ifIndex continues after the tunnels; ranges are enforced", async () => {
        const a = (await post("net/vlan", { name: "a", interfaces: [{ name: "1.1" }] })).body;
        const b = (await post("net/vlan", { name: "b", interfaces: [{ name: "1.2" }] })).body;
        assert.deepStrictEqual([a.tag, a.ifIndex, b.tag, b.ifIndex], [4094, 144, 4093, 160]);
        expectError(await post("net/vlan", { name: "c", tag: 4095 }), 400, 'invalid property value "tag":4095');
        expectError(await post("net/vlan", { name: "c", mtu: 9199 }), 400, 'invalid property value "mtu":9199');
        expectError(await patch("net/vlan/~Common~a", { mtu: 575 }), 400, 'invalid property value "mtu":575');
        expectError(await patch("net/vlan/~Common~a", { ifIndex: 7 }), 400, /unexpected json pair .*"ifIndex":7/);
        assert.strictEqual((await patch("net/vlan/~Common~a", { mtu: 9001 })).body.mtu, 9001);
        assert.strictEqual(box.e.get("vlan", "/Common/c"), undefined);
    });

    it("VLAN interfaces: one flag each, untagged by default, both refused; per-item PATCH switches the flag", async () => {
        const v = (await post("net/vlan", { name: "t", tag: 100, interfaces: [{ name: "1.1", tagged: true }, { name: "1.3" }] })).body;
        assert.strictEqual(v.interfacesReference.items, undefined, "not expanded without the query");
        const items = (await get("net/vlan/~Common~t/interfaces")).body.items;
        assert.deepStrictEqual(items.map((i: any) => [i.name, i.tagMode, i.tagged, i.untagged]), [["1.1", "none", true, undefined], ["1.3", "none", undefined, true]]);
        expectError(await post("net/vlan/~Common~t/interfaces", { name: "1.4", tagged: true, untagged: true }), 400, 'invalid property value "tagged":true');
        const switched = (await patch("net/vlan/~Common~t/interfaces/1.3", { tagged: true })).body;
        assert.deepStrictEqual([switched.tagged, switched.untagged], [true, undefined]);
        expectError(await post("net/vlan/~Common~t/interfaces", { name: "1.1" }), 409, /already exists/);
        assert.strictEqual((await del("net/vlan/~Common~t/interfaces/1.1")).status, 200);
        assert.deepStrictEqual((box.e.get("vlan", "/Common/t")!.interfaces as any[]).map((i) => i.name), ["1.3"]);
    });

    it("route: a gateway outside every self IP subnet is refused with the device's text (DO#266), inside accepted", async () => {
        expectError(await post("net/route", { name: "r", network: "10.1.0.0/16", gw: "10.0.2.1" }), 400,
            "01070712:3: Cannot create static route: 10.1.0.0/16 gw 10.0.2.1 on interface  in rd0 - netlink error: 101 (Network is unreachable)");
        assert.strictEqual((await post("net/self", { name: "ext-self", address: "10.0.2.5/24", vlan: "/Common/a" })).status, 200);
        // Another route domain is another routing table.
        expectError(await post("net/route", { name: "r", network: "10.1.0.0/16", gw: "10.0.2.1%1" }), 400, /gw 10\.0\.2\.1%1 on interface  in rd1 - netlink error: 101/);
        const r = await post("net/route", { name: "r", network: "10.1.0.0/16", gw: "10.0.2.1" });
        assert.strictEqual(r.status, 200, r.text);
        expectError(await patch("net/route/~Common~r", { gw: "10.9.9.1" }), 400, /Cannot create static route: 10\.1\.0\.0\/16 gw 10\.9\.9\.1 /);
        assert.strictEqual(box.e.get("route", "/Common/r")!.gw, "10.0.2.1", "the refused change applied nothing");
    });

    it("route: network is fixed after creation and required; formats are checked", async () => {
        expectError(await patch("net/route/~Common~r", { network: "10.2.0.0/16" }), 400, /01070734:3: Configuration error: Route \(\/Common\/r\): network cannot be modified/);
        expectError(await post("net/route", { name: "r2", gw: "10.0.2.1" }), 400, /Route \(\/Common\/r2\) requires a value for network/);
        expectError(await post("net/route", { name: "r2", network: "10.1.0.0", gw: "10.0.2.1" }), 400, 'invalid property value "network":"10.1.0.0"');
        expectError(await post("net/route", { name: "r2", network: "default", gw: "gateway" }), 400, 'invalid property value "gw":"gateway"');
        assert.strictEqual((await patch("net/route/~Common~r", { mtu: 1400 })).body.mtu, 1400);
    });

    it("delete order: the self IP a route needs cannot go first; a VLAN in use by a self IP cannot go", async () => {
        expectError(await del("net/self/~Common~ext-self"), 400, "01070734:3: Configuration error: Cannot delete IP because it would leave a route unreachable.");
        expectError(await del("net/vlan/~Common~a"), 400, "01070265:3: The VLAN (/Common/a) cannot be deleted because it is in use by a Self IP (/Common/ext-self).");
        // A second self IP holding the gateway makes the first one dispensable.
        assert.strictEqual((await post("net/self", { name: "ext-float", address: "10.0.2.6/24", vlan: "/Common/a", floating: "enabled" })).status, 200);
        assert.strictEqual((await del("net/self/~Common~ext-float")).status, 200);
        for (const p of ["net/route/~Common~r", "net/self/~Common~ext-self", "net/vlan/~Common~a"]) assert.strictEqual((await del(p)).status, 200, p);
    });

    it("a route via a VLAN (tmInterface) keeps the VLAN in use; seeds of foreign routes are kept", async () => {
        assert.strictEqual((await post("net/route", { name: "via-b", network: "192.0.2.0/24", tmInterface: "b" })).status, 200);
        expectError(await del("net/vlan/~Common~b"), 400, /The VLAN \(\/Common\/b\) cannot be deleted because it is in use by a Route \(\/Common\/via-b\)/);
        box.e.seed("route", { name: "their-default", network: "default", gw: "203.0.113.1", description: "theirs" });
        const listed = (await get("net/route")).body.items.map((r: any) => r.name);
        assert.deepStrictEqual(listed, ["their-default", "via-b"]);
    });
});
