/**
 * The emulator refuses what a real BIG-IP refuses, with the device's texts: unknown or read-only properties,
 * bad types/enums/formats, dangling references, duplicates, immutables, deletes of objects in use, FDB object
 * writes, two clone pools in one context, and changes to built-ins.
 */
import * as assert from "assert";
import { call, expectError, login, tmCalls } from "./client";
import { Emulator, startEmulator } from "./index";

describe("emulator: strict configuration rules", function () {
    const box = {} as { e: Emulator; h: Record<string, string> };
    const { post, patch, del, get } = tmCalls(box);

    before(async () => {
        box.e = await startEmulator();
        box.h = await login(box.e);
        for (const [path, body] of [
            ["net/tunnels/gre", { name: "teb", defaultsFrom: "/Common/gre", encapsulation: "transparent-ethernet-bridging" }],
            ["net/tunnels/tunnel", { name: "t1", profile: "/Common/teb", localAddress: "10.0.0.5", remoteAddress: "10.9.0.5" }],
            ["net/self", { name: "s1", address: "192.168.50.1/24", vlan: "/Common/t1" }],
            ["ltm/pool", { name: "p", members: [{ name: "192.168.50.10:0" }] }],
            ["ltm/pool", { name: "p2" }],
            ["ltm/virtual", { name: "v", destination: "10.1.1.1:80", pool: "/Common/p2", profiles: [{ name: "/Common/tcp" }] }],
        ] as const) assert.strictEqual((await post(path, body)).status, 200, path);
    });
    after(async () => { await box.e.close(); });

    it("unknown property ⇒ 400 unexpected json pair, nothing created", async () => {
        expectError(await post("ltm/pool", { name: "x", bogus: {} }), 400,
            'Found unexpected json pair at configuration item /ltm/pool/~Common~x. The json pair is "bogus":{}.');
        assert.strictEqual(box.e.get("pool", "/Common/x"), undefined);
        expectError(await patch("net/tunnels/tunnel/~Common~t1", { fooBar: 1 }), 400,
            'Found unexpected json pair at configuration item /net/tunnels/tunnel/~Common~t1. The json pair is "fooBar":1.');
        expectError(await post("ltm/pool/~Common~p/members", { name: "192.168.50.11:0", weight: 2 }), 400,
            /configuration item \/ltm\/pool\/~Common~p\/members\/~Common~192\.168\.50\.11:0\. The json pair is "weight":2\.$/);
        expectError(await patch("ltm/virtual/~Common~v", { poolReference: { link: "x" } }), 400, /"poolReference":\{"link":"x"\}/);
    });

    it("read-only property in a write ⇒ 400 unexpected json pair", async () => {
        expectError(await post("net/tunnels/tunnel", { name: "t9", profile: "/Common/teb", ifIndex: 5 }), 400,
            'Found unexpected json pair at configuration item /net/tunnels/tunnel/~Common~t9. The json pair is "ifIndex":5.');
        expectError(await patch("ltm/virtual/~Common~v", { vsIndex: 3 }), 400, /The json pair is "vsIndex":3\.$/);
        expectError(await patch("net/self/~Common~s1", { addressSource: "from-user" }), 400, /"addressSource":"from-user"/);
    });

    it("wrong type, enum or format ⇒ 400 naming the property and value", async () => {
        expectError(await post("net/tunnels/tunnel", { name: "t9", profile: "/Common/teb", mtu: "big" }), 400, 'invalid property value "mtu":"big"');
        expectError(await post("net/tunnels/gre", { name: "g9", encapsulation: "teb" }), 400, 'invalid property value "encapsulation":"teb"');
        expectError(await post("net/tunnels/vxlan", { name: "x9", port: true }), 400, 'invalid property value "port":true');
        expectError(await post("net/self", { name: "s9", address: "192.168.51.1", vlan: "/Common/t1" }), 400, 'invalid property value "address":"192.168.51.1"');
        expectError(await post("net/arp", { name: "a9", ipAddress: "192.168.50.10", macAddress: "zz:00:00:00:00:01" }), 400, /"macAddress":"zz:00:00:00:00:01"/);
        expectError(await post("net/arp", { name: "a9", ipAddress: "192.168.50", macAddress: "02:00:00:00:00:01" }), 400, /"ipAddress":"192.168.50"/);
        expectError(await post("net/arp", { name: "a9", ipAddress: "255.255.255.255", macAddress: "02:00:00:00:00:01" }), 400,
            "01020060:3: IP Address 255.255.255.255 is invalid, must not be all ones.");
        // The device accepts integers as digit strings (OSE sends "mtu":"0").
        assert.strictEqual((await post("net/tunnels/tunnel", { name: "t8", profile: "/Common/teb", mtu: "1400" })).body.mtu, 1400);
    });

    it("dangling reference ⇒ 400 01070712 foreign key; a member's address needs no object", async () => {
        expectError(await post("net/tunnels/tunnel", { name: "t9", profile: "/Common/nope" }), 400,
            "01070712:3: Values (/Common/nope) specified for Tunnel (/Common/t9): foreign key index (profile_FK) do not point at an item that exists in the database.");
        expectError(await post("net/self", { name: "s9", address: "192.168.52.1/24", vlan: "/Common/t9" }), 400, /Values \(\/Common\/t9\) specified for Self IP \(\/Common\/s9\): foreign key index \(vlan_FK\)/);
        expectError(await patch("ltm/virtual/~Common~v", { pool: "/Common/missing" }), 400, /Values \(\/Common\/missing\) specified for Virtual Server \(\/Common\/v\): foreign key index \(pool_FK\)/);
        expectError(await patch("ltm/virtual/~Common~v", { clonePools: [{ name: "nope", context: "clientside" }] }), 400, /foreign key index \(clonePools_FK\)/);
        expectError(await post("ltm/pool", { name: "p9", monitor: "/Common/custom_mon" }), 400, /\(monitor_FK\)/);
        expectError(await patch("ltm/virtual/~Common~v", { profiles: [{ name: "/Common/my-ssl" }] }), 400, /Values \(\/Common\/my-ssl\).*\(profiles_FK\)/);
        assert.strictEqual((await post("ltm/pool", { name: "p8", monitor: "/Common/gateway_icmp", members: [{ name: "203.0.113.9:0" }] })).status, 200);
        assert.strictEqual((await post("net/tunnels/tunnel", { name: "t7", profile: "/Common/vxlan", trafficGroup: "/Common/traffic-group-1" })).status, 200);
    });

    it('virtual pool: "" removes it and the GET has no pool; "none" is read as a pool name', async () => {
        assert.strictEqual((await post("ltm/pool", { name: "p3" })).status, 200);
        assert.strictEqual((await post("ltm/virtual", { name: "vp", destination: "10.1.1.3:80", pool: "p3" })).status, 200);
        expectError(await patch("ltm/virtual/~Common~vp", { pool: "none" }), 400,
            "01070712:3: Values (/Common/none) specified for Virtual Server (/Common/vp): foreign key index (pool_FK) do not point at an item that exists in the database.");
        const r = await patch("ltm/virtual/~Common~vp", { pool: "" });
        assert.deepStrictEqual([r.status, "pool" in r.body, "poolReference" in r.body], [200, false, false]);
        const g = (await get("ltm/virtual/~Common~vp")).body;
        assert.deepStrictEqual(["pool" in g, "poolReference" in g], [false, false]);
        assert.strictEqual((await del("ltm/pool/~Common~p3")).status, 200); // no longer in use
        const c = await post("ltm/virtual", { name: "vp2", destination: "10.1.1.4:80", pool: "" });
        assert.deepStrictEqual([c.status, "pool" in c.body], [200, false]);
    });

    it("duplicate ⇒ 409 01020066 with errorStack and apiError; missing ⇒ 404 01020036", async () => {
        const dup = await post("ltm/pool", { name: "p" });
        assert.strictEqual(dup.status, 409);
        assert.deepStrictEqual(dup.body, { code: 409, message: "01020066:3: The requested Pool (/Common/p) already exists in partition Common.", errorStack: [], apiError: 3 });
        expectError(await post("net/tunnels/gre", { name: "/Common/teb" }), 409, "01020066:3: The requested GRE Profile (/Common/teb) already exists in partition Common.");
        const nf = await get("net/arp/~Common~ghost");
        assert.deepStrictEqual(nf.body, { code: 404, message: "01020036:3: The requested Static ARP entry (/Common/ghost) was not found.", errorStack: [], apiError: 3 });
        expectError(await del("net/self/~Common~ghost"), 404, "01020036:3: The requested Self IP (/Common/ghost) was not found.");
        expectError(await post("ltm/pool", { name: "q", partition: "Tenant" }), 400, "The requested folder (/Tenant) was not found.");
    });

    it("immutable property in an update ⇒ 400 naming it", async () => {
        expectError(await patch("net/tunnels/tunnel/~Common~t1", { profile: "/Common/vxlan" }), 400, /01070734:3: .*Tunnel \(\/Common\/t1\).*profile/);
        assert.strictEqual((await post("net/arp", { name: "a1", ipAddress: "192.168.50.10", macAddress: "02:00:00:00:00:01" })).status, 200);
        expectError(await patch("net/arp/~Common~a1", { ipAddress: "192.168.50.11" }), 400, /ip-address/);
        const ok = await patch("net/arp/~Common~a1", { macAddress: "02:00:00:00:00:02" });
        assert.deepStrictEqual([ok.status, ok.body.ipAddress, ok.body.macAddress], [200, "192.168.50.10", "2:0:0:0:0:2"]); // the device prints MACs unpadded
    });

    it("PATCH merges; PUT resets unset writable properties to their defaults", async () => {
        await patch("net/tunnels/tunnel/~Common~t1", { mtu: 1400, description: "d" });
        const p = await call(box.e, "PUT", "/mgmt/tm/net/tunnels/tunnel/~Common~t1", { localAddress: "10.0.0.5" }, box.h);
        assert.deepStrictEqual([p.body.mtu, p.body.description, p.body.remoteAddress, p.body.profile, p.body.ifIndex], [0, undefined, "any6", "/Common/teb", 144]);
        await patch("ltm/virtual/~Common~v", { enabled: false });
        const v = (await get("ltm/virtual/~Common~v")).body;
        assert.deepStrictEqual([v.enabled, v.disabled], [undefined, true]);
    });

    it("delete of an object in use ⇒ 400 01070265; order of teardown then works", async () => {
        await patch("ltm/virtual/~Common~v", { clonePools: [{ name: "/Common/p", context: "clientside" }] });
        expectError(await del("ltm/pool/~Common~p"), 400, "01070265:3: The Pool (/Common/p) cannot be deleted because it is in use by a Virtual Server (/Common/v).");
        expectError(await del("ltm/pool/~Common~p2"), 400, "01070265:3: The Pool (/Common/p2) cannot be deleted because it is in use by a Virtual Server (/Common/v).");
        expectError(await del("net/tunnels/tunnel/~Common~t1"), 400, "01070265:3: The Tunnel (/Common/t1) cannot be deleted because it is in use by a Self IP (/Common/s1).");
        expectError(await del("net/tunnels/gre/~Common~teb"), 400, /^01070265:3: The GRE Profile \(\/Common\/teb\) cannot be deleted because it is in use by a Tunnel \(\/Common\/t[18]\)\.$/);
        assert.strictEqual((await patch("ltm/virtual/~Common~v", { clonePools: [] })).body.clonePools, undefined);
        assert.strictEqual((await del("ltm/pool/~Common~p")).status, 200);
    });

    it("one clone pool per context", async () => {
        await post("ltm/pool", { name: "c1" });
        await post("ltm/pool", { name: "c2" });
        expectError(await patch("ltm/virtual/~Common~v", { clonePools: [{ name: "c1", context: "clientside" }, { name: "c2", context: "clientside" }] }), 400, /one clientside clone pool/);
        const ok = await patch("ltm/virtual/~Common~v", { clonePools: [{ name: "c1", context: "clientside" }, { name: "/Common/c2", context: "serverside" }] });
        assert.deepStrictEqual(ok.body.clonePools.map((c: any) => [c.name, c.context]), [["c1", "clientside"], ["c2", "serverside"]]);
        expectError(await patch("ltm/virtual/~Common~v", { clonePools: [{ name: "c1", context: "both" }] }), 400, 'invalid property value "context":"both"');
    });

    it("FDB: lives and dies with its tunnel, object writes refused, records one by one", async () => {
        expectError(await post("net/fdb/tunnel", { name: "t1" }), 400, "enter a valid option");
        const d = await del("net/fdb/tunnel/~Common~t1");
        assert.deepStrictEqual(d.body, { code: 400, message: "enter a valid option", errorStack: [], apiError: 26214401 });
        const rec = { name: "02:00:00:00:00:0a", endpoint: "10.9.0.5" };
        assert.strictEqual((await post("net/fdb/tunnel/~Common~t1/records", rec)).status, 200);
        assert.strictEqual((await post("net/fdb/tunnel/~Common~t1/records", rec)).status, 409);
        expectError(await post("net/fdb/tunnel/~Common~t1/records", { name: "not-a-mac", endpoint: "10.9.0.5" }), 400, /"name":"not-a-mac"/);
        assert.strictEqual((await get("net/fdb/tunnel/~Common~t1/records/02:00:00:00:00:0a")).body.endpoint, "10.9.0.5");
        // The same MAC under another spelling is the same record (dialect.ts), but only its own name finds it.
        assert.strictEqual((await post("net/fdb/tunnel/~Common~t1/records", { ...rec, name: "2:0:0:0:0:A" })).status, 409);
        assert.strictEqual((await get("net/fdb/tunnel/~Common~t1/records/2:0:0:0:0:a")).status, 404);
        assert.strictEqual((await get("net/fdb/tunnel/~Common~t1/records")).body.items.length, 1);
        assert.strictEqual((await get("net/fdb/tunnel/~Common~t1/records/02:00:00:00:00:0b")).status, 404);
        const put = await call(box.e, "PUT", "/mgmt/tm/net/fdb/tunnel/~Common~t1", { records: [{ name: "02:00:00:00:00:0c", endpoint: "10.9.0.6" }] }, box.h);
        assert.strictEqual(put.status, 200, put.text);
        assert.deepStrictEqual((box.e.get("fdbTunnel", "/Common/t1")!.records as any[]).map((r) => r.name), ["02:00:00:00:00:0c"]);
        assert.strictEqual((await del("net/fdb/tunnel/~Common~t1/records/02:00:00:00:00:0c")).status, 200);
        await post("net/tunnels/tunnel", { name: "t5", profile: "/Common/teb" });
        assert.strictEqual((await get("net/fdb/tunnel/~Common~t5")).status, 200);
        assert.strictEqual((await del("net/tunnels/tunnel/~Common~t5")).status, 200);
        assert.strictEqual((await get("net/fdb/tunnel/~Common~t5")).status, 404);
    });

    it("built-ins cannot be modified or deleted", async () => {
        const before = JSON.stringify(box.e.snapshot());
        expectError(await del("net/tunnels/gre/~Common~gre"), 400, /GRE Profile \(\/Common\/gre\).*cannot be deleted/);
        expectError(await patch("net/tunnels/vxlan/~Common~vxlan", { port: 8472 }), 400, /VXLAN Profile \(\/Common\/vxlan\).*cannot be modified/);
        expectError(await del("net/tunnels/tunnel/~Common~http-tunnel"), 400, /cannot be deleted/);
        expectError(await post("net/fdb/tunnel/~Common~socks-tunnel/records", { name: "02:00:00:00:00:01", endpoint: "1.1.1.1" }), 400, /cannot be modified/);
        assert.strictEqual(JSON.stringify(box.e.snapshot()), before);
    });

    it("seed(): foreign config (VLANs, iRules we do not model) is kept, guarded and rendered", async () => {
        box.e.seed("pool", { name: "admin-pool", monitor: "/Common/http", members: [{ name: "10.7.0.1:80" }] });
        box.e.seed("virtual", { name: "legacy", destination: "/Common/10.7.0.100:443", pool: "/Common/admin-pool", vsIndex: 77,
            rules: ["/Common/their-rule"], vlans: ["/Common/Internal"], vlansEnabled: true });
        const v = (await get("ltm/virtual/~Common~legacy")).body;
        assert.deepStrictEqual([v.vsIndex, v.vlansEnabled, v.vlansDisabled, v.vlansReference], [77, true, undefined,
            [{ link: "https://localhost/mgmt/tm/net/vlan/~Common~Internal?ver=14.1.2.1" }]]);
        assert.strictEqual((await get("ltm/pool/~Common~admin-pool")).body.monitor, "/Common/http ", "single monitor: trailing space, no reference");
        assert.strictEqual((await patch("ltm/virtual/~Common~legacy", { clonePools: [{ name: "c1", context: "clientside" }] })).status, 200);
        expectError(await del("ltm/pool/~Common~admin-pool"), 400, /in use by a Virtual Server \(\/Common\/legacy\)/);
        const snap = box.e.snapshot() as Record<string, any>;
        assert.deepStrictEqual(snap["virtual:/Common/legacy"].clonePools, [{ name: "/Common/c1", context: "clientside" }]);
        assert.deepStrictEqual(snap["pool:/Common/admin-pool"].members.map((m: any) => m.address), ["10.7.0.1"]);
        assert.ok(snap["fdbTunnel:/Common/http-tunnel"] && snap["greProfile:/Common/gre"], "built-ins included");
    });

    it("pool members: inline whole-list replace and per-member POST/DELETE", async () => {
        await patch("ltm/pool/~Common~p2", { members: [{ name: "10.5.0.1:0" }, "10.5.0.2:0"] });
        assert.deepStrictEqual((box.e.get("pool", "/Common/p2")!.members as any[]).map((m) => m.address), ["10.5.0.1", "10.5.0.2"]);
        assert.strictEqual((await post("ltm/pool/~Common~p2/members", { name: "10.5.0.3:0", address: "10.5.0.3" })).status, 200);
        expectError(await post("ltm/pool/~Common~p2/members", { name: "10.5.0.3:0" }), 409, /already exists/);
        assert.strictEqual((await del("ltm/pool/~Common~p2/members/~Common~10.5.0.1:0")).status, 200);
        await patch("ltm/pool/~Common~p2", { members: [{ name: "10.5.0.9:0" }] });
        assert.deepStrictEqual((await get("ltm/pool/~Common~p2/members")).body.items.map((m: any) => m.name), ["10.5.0.9:0"]);
        expectError(await patch("ltm/pool/~Common~p2", { members: [{ name: "10.5.0.9" }] }), 400, /"name":"10.5.0.9"/);
    });
});
