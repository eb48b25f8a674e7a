import * as assert from "assert";
import { Emulator, startEmulator } from "../emulator";

// Issue 15, point 6: F5's own client library (@f5devcentral/f5-cloud-libs, the library behind F5's cloud templates)
// as a second opinion on the emulator. It verifies no certificate (authn.js builds every IControl with strict: false,
// a per-request rejectUnauthorized: false), so nothing about TLS trust changes in this process.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const BigIp = require("@f5devcentral/f5-cloud-libs").bigIp;

const FAST = { maxRetries: 2, retryIntervalMs: 50 };

describe("f5-cloud-libs BigIp against the emulator", function () {
    this.timeout(20_000);
    let e: Emulator;
    let b: any;
    before(async () => {
        e = await startEmulator();
        b = new BigIp({ loggerOptions: { console: false, logLevel: "none" } });
        // product given: otherwise it asks the local box (util.getProduct runs tmsh)
        await b.init(e.host, "admin", "admin-pw", { port: e.port, product: "BIG-IP", retry: FAST });
    });
    after(async () => { await e.close(); });

    it("init: its ready() polled every availability endpoint, mcp-state and sys/ready (13.1+ from device-info) and passed", () => {
        const got = new Set(e.log.filter((l) => l.method === "GET" && l.status === 200).map((l) => l.path));
        for (const p of ["/mgmt/shared/echo/available", "/mgmt/shared/identified-devices/config/device-info/available",
            "/mgmt/tm/sys/available", "/mgmt/tm/cm/available", "/mgmt/shared/iapp/package-management-tasks/available",
            "/mgmt/tm/sys/mcp-state", "/mgmt/shared/identified-devices/config/device-info", "/mgmt/tm/sys/ready"]) {
            assert.ok(got.has(p), `${p} answered 200\n${e.log.map((l) => `${l.method} ${l.path} ${l.status}`).join("\n")}`);
        }
        assert.ok(e.log.every((l) => l.authed === undefined || l.authed === "admin"));
    });

    it("its ready() waits through the emulator's boot phases and passes only once the device is ready", async () => {
        const t0 = Date.now();
        e.boot({ refusedMs: 200, restjavadMs: 200, notRegisteredMs: 200, mcpdMs: 200, notReadyMs: 200 });
        e.clearLog();
        await b.ready({ maxRetries: 60, retryIntervalMs: 50 });
        assert.ok(Date.now() - t0 >= 1_000, `ready after ${Date.now() - t0} ms, before the 1000 ms boot ended`);
        const statuses = new Set(e.log.map((l) => String(l.status)));
        for (const st of ["503", "404", "500"]) assert.ok(statuses.has(st), `a boot answer ${st} seen by F5's client: ${[...statuses]}`);
    });

    it("deviceInfo()", async () => {
        const d = await b.deviceInfo(FAST);
        assert.strictEqual(d.version, "14.1.2.1");
        assert.strictEqual(d.product, "BIG-IP");
        assert.ok(b.isBigIp());
    });

    it("create, list and modify a VLAN, a self IP and a route", async () => {
        await b.create("/tm/net/vlan", { name: "ext", partition: "Common", tag: 20, interfaces: [{ name: "1.1", tagged: true }] }, undefined, FAST);
        await b.create("/tm/net/self", { name: "ext-self", partition: "Common", address: "10.0.2.5/24", vlan: "/Common/ext" }, undefined, FAST);
        await b.create("/tm/net/route", { name: "to-ids", partition: "Common", network: "10.1.0.0/16", gw: "10.0.2.1" }, undefined, FAST);
        await b.modify("/tm/net/vlan/~Common~ext", { mtu: 9000 }, undefined, FAST);
        await b.modify("/tm/net/self/~Common~ext-self", { allowService: "none" }, undefined, FAST);
        await b.modify("/tm/net/route/~Common~to-ids", { mtu: 1500 }, undefined, FAST);
        const vlans = await b.list("/tm/net/vlan", undefined, FAST);
        const selfs = await b.list("/tm/net/self", undefined, FAST);
        const routes = await b.list("/tm/net/route", undefined, FAST);
        // f5-cloud-libs' iControl.list answers a collection's items, not the collection object
        assert.ok(Array.isArray(vlans), JSON.stringify(vlans));
        assert.deepStrictEqual(vlans.find((v: any) => v.name === "ext")?.mtu, 9000);
        assert.deepStrictEqual(selfs.find((s: any) => s.name === "ext-self")?.address, "10.0.2.5/24");
        assert.deepStrictEqual(routes.find((r: any) => r.name === "to-ids")?.mtu, 1500);
        assert.strictEqual((await b.list("/tm/net/route/~Common~to-ids", undefined, FAST)).gw, "10.0.2.1");
    });

    it("a transaction: GRE profile and tunnel, all or nothing", async () => {
        const r = await b.transaction([
            { method: "create", path: "/tm/net/tunnels/gre", body: { name: "teb", partition: "Common", defaultsFrom: "/Common/gre", encapsulation: "transparent-ethernet-bridging" } },
            { method: "create", path: "/tm/net/tunnels/tunnel", body: { name: "to-ids", partition: "Common", profile: "/Common/teb", localAddress: "10.0.2.5", remoteAddress: "10.1.1.20", key: 5 } },
        ]);
        assert.strictEqual(r.state, "COMPLETED");
        assert.strictEqual(e.get("greProfile", "/Common/teb")?.encapsulation, "transparent-ethernet-bridging");
        assert.strictEqual(e.get("tunnel", "/Common/to-ids")?.profile, "/Common/teb");
        const queued = e.log.filter((l) => l.coordinationId !== undefined).map((l) => `${l.method} ${l.path} ${l.status}`);
        assert.deepStrictEqual(queued, ["POST /mgmt/tm/net/tunnels/gre 200", "POST /mgmt/tm/net/tunnels/tunnel 200"], "both writes queued in the transaction");
        assert.strictEqual((await b.list("/tm/net/tunnels/tunnel/~Common~to-ids", undefined, FAST)).remoteAddress, "10.1.1.20");
        await assert.rejects(b.transaction([
            { method: "create", path: "/tm/net/tunnels/tunnel", body: { name: "half", partition: "Common", profile: "/Common/nope", localAddress: "10.0.2.5", remoteAddress: "10.1.1.21" } },
        ]));
        assert.strictEqual(e.get("tunnel", "/Common/half"), undefined, "nothing of a refused transaction is applied");
    });

    it("save", async () => {
        assert.notStrictEqual(e.savedGeneration, e.generation, "unsaved changes before");
        await b.save(undefined, FAST);
        assert.strictEqual(e.savedGeneration, e.generation);
    });
});
