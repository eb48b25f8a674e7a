/**
 * "GET responses have the shapes of the real captures": a fresh emulator's collections equal the 14.1.2.1
 * captures byte for byte (key order included), and objects created over REST with a capture item's writable
 * values come back with the same keys, in the same order, with the same values.
 */
import * as assert from "assert";
import { KINDS } from "../../components/bigip/objects/registry";
import { KindId } from "../../components/bigip/objects/spec";
import { basic, call, fixture, login } from "./client";
import { Emulator, startEmulator } from "./index";

describe("emulator: GET shapes equal the 14.1.2.1 captures", function () {
    let e: Emulator;
    before(async () => { e = await startEmulator(); });
    after(async () => { await e.close(); });

    const fresh: [string, string][] = [
        ["net/tunnels/gre", "net-tunnels-gre"], ["net/tunnels/vxlan", "net-tunnels-vxlan"],
        ["net/tunnels/tunnel", "net-tunnels-tunnel"], ["net/fdb", "net-fdb"], ["net/fdb/tunnel", "net-fdb-tunnel"],
        ["net/arp", "net-arp-empty"], ["sys/ready", "sys-ready"], ["sys/version", "sys-version"],
        ["net/clone-stats", "net-clone-stats"],
    ];
    for (const [path, file] of fresh) {
        it(`fresh GET /mgmt/tm/${path} is the capture ${file}, byte for byte`, async () => {
            const r = await call(e, "GET", `/mgmt/tm/${path}`, undefined, basic());
            assert.strictEqual(r.status, 200);
            const cap = fixture(`${file}.14.1.2.1.json`);
            assert.deepStrictEqual(r.body, cap);
            assert.strictEqual(JSON.stringify(r.body), JSON.stringify(cap), "key order differs");
        });
    }

    /** A capture item's writable properties per the kind description (read-only ones are the device's). */
    const writable = (kind: KindId, item: Record<string, unknown>) => Object.fromEntries(Object.entries(item)
        .filter(([k]) => k === "name" || k === "partition" || (KINDS[kind].props[k] && !KINDS[kind].props[k].readOnly)));

    async function createAndCompare(kind: KindId, item: Record<string, unknown>, differing: string[]): Promise<void> {
        const h = await login(e);
        const created = await call(e, "POST", `/mgmt/tm/${KINDS[kind].path}`, writable(kind, item), h);
        assert.strictEqual(created.status, 200, created.text);
        const got = (await call(e, "GET", `/mgmt/tm/${KINDS[kind].path}/~Common~${item.name}`, undefined, h)).body;
        assert.deepStrictEqual(Object.keys(got), Object.keys(item), "same keys in the same order");
        for (const k of Object.keys(item)) {
            if (differing.includes(k)) assert.strictEqual(typeof got[k], typeof item[k], k);
            else assert.deepStrictEqual(got[k], item[k], `value of ${k}`);
        }
        assert.deepStrictEqual(created.body, got, "the POST answer is the object as GET shows it");
    }

    it("self IP on a VLAN: same shape as net-self item Services-SelfIP (on the captured VLAN Services)", async () => {
        const h = await login(e);
        // The capture's self IP sits on VLAN /Common/Services, itself in the 14.1.2.1 net-vlan capture (tag 12).
        const v = await call(e, "POST", "/mgmt/tm/net/vlan", { name: "Services", tag: 12 }, h);
        assert.strictEqual(v.status, 200, v.text);
        await createAndCompare("selfIp", fixture("net-self.14.1.2.1.json").items[0], ["generation"]);
    });

    it("pool: same shape as ltm-pool item pool1", async () => {
        await createAndCompare("pool", fixture("ltm-pool.14.1.2.1.json").items.find((i: any) => i.name === "pool1"), ["generation"]);
    });

    it("virtual: same shape as ltm-virtual item vip1 (its pool pool1 exists)", async () => {
        await createAndCompare("virtual", fixture("ltm-virtual.14.1.2.1.json").items[0],
            ["generation", "creationTime", "lastModifiedTime", "vsIndex"]);
        const v = e.get("virtual", "/Common/vip1")!;
        assert.match(String(v.creationTime), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, "ISO without milliseconds");
    });

    it("login answer has the shape of the token fixture", async () => {
        const r = await call(e, "POST", "/mgmt/shared/authn/login", { username: "admin", password: "admin-pw", loginProviderName: "tmos" });
        const cap = fixture("shared-authn-login-token.version-unknown.json");
        assert.deepStrictEqual(Object.keys(r.body), Object.keys(cap));
        assert.deepStrictEqual(Object.keys(r.body.token), Object.keys(cap.token));
        assert.match(r.body.token.token, /^[A-Z2-7]{26}$/);
        assert.strictEqual(r.body.token.timeout, 1200);
        assert.strictEqual(r.body.token.expirationMicros - r.body.token.lastUpdateMicros, 1200e6);
        assert.match(r.body.token.startTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    });

    it("error bodies are the real ones (errors-transient.json)", async () => {
        const cap: { status: number; body: string }[] = fixture("errors-transient.json");
        const nf = await call(e, "GET", "/mgmt/tm/ltm/pool/~Common~my-pool", undefined, basic());
        assert.strictEqual(nf.status, 404);
        assert.strictEqual(nf.text, cap[3].body);
        const noAuth = await call(e, "GET", "/mgmt/tm/ltm/virtual");
        assert.strictEqual(noAuth.status, 401);
        assert.deepStrictEqual(Object.keys(noAuth.body), Object.keys(JSON.parse(cap[0].body)));
        assert.match(noAuth.body.message, /^Authorization failed: no user authentication header or token detected\. Uri:http:\/\/localhost:8100\/mgmt\/tm\/ltm\/virtual Referrer:\S+ Sender:\S+$/);
        e.setFaults({ seed: 1, rate: 1, kinds: ["500"] });
        const lost = await call(e, "GET", "/mgmt/tm/sys/version", undefined, basic());
        e.setFaults({ seed: 1, rate: 1, kinds: ["404-not-registered"] });
        const nr = await call(e, "GET", "/mgmt/tm/ltm/pool/~Common~my-pool", undefined, basic());
        e.setFaults(undefined);
        assert.strictEqual(lost.status, 500);
        assert.strictEqual(lost.text, cap[4].body);
        assert.deepStrictEqual(Object.keys(nr.body), Object.keys(JSON.parse(cap[1].body)));
        assert.strictEqual(nr.body.message, JSON.parse(cap[1].body).message.replace(/\?/g, "~"));
    });

    it("FDB records and clone pools have the reference shapes (CCCL, AS3 #17)", async () => {
        const h = await login(e);
        await call(e, "POST", "/mgmt/tm/net/tunnels/vxlan", { name: "vx", floodingType: "none" }, h);
        await call(e, "POST", "/mgmt/tm/net/tunnels/tunnel", { name: "vt", profile: "/Common/vx", key: 5000, localAddress: "10.0.0.1" }, h);
        const rec = await call(e, "POST", "/mgmt/tm/net/fdb/tunnel/~Common~vt/records", { name: "12:ab:34:cd:56:ef", endpoint: "10.1.2.3" }, h);
        assert.deepStrictEqual(Object.keys(rec.body), ["kind", "name", "fullPath", "generation", "selfLink", "endpoint"]);
        assert.strictEqual(rec.body.selfLink, "https://localhost/mgmt/tm/net/fdb/tunnel/~Common~vt/records/12:ab:34:cd:56:ef?ver=14.1.2.1");
        const fdb = (await call(e, "GET", "/mgmt/tm/net/fdb/tunnel/~Common~vt?expandSubcollections=true", undefined, h)).body;
        assert.deepStrictEqual(fdb.recordsReference.items, [rec.body]);
        await call(e, "POST", "/mgmt/tm/ltm/pool", { name: "clone", members: [{ name: "192.0.2.10:0" }] }, h);
        const v = await call(e, "PATCH", "/mgmt/tm/ltm/virtual/~Common~vip1", { clonePools: [{ name: "/Common/clone", context: "serverside" }] }, h);
        assert.deepStrictEqual(v.body.clonePools, [{
            name: "clone", partition: "Common", context: "serverside",
            nameReference: { link: "https://localhost/mgmt/tm/ltm/pool/~Common~clone?ver=14.1.2.1" },
        }]);
        const members = (await call(e, "GET", "/mgmt/tm/ltm/pool/~Common~clone/members", undefined, h)).body;
        assert.strictEqual(members.kind, "tm:ltm:pool:members:memberscollectionstate");
        assert.deepStrictEqual([members.items[0].kind, members.items[0].fullPath, members.items[0].address],
            ["tm:ltm:pool:members:membersstate", "/Common/192.0.2.10:0", "192.0.2.10"]);
    });
});
