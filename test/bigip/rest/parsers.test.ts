import * as assert from "assert";
import { fixture, fixtureFiles } from "../../helpers/fixtures";
import {
    parseCollection, parseErrorBody, parseLoginResponse, parseReady, parseStats, parseVersion, ErrorKind,
} from "../../../components/bigip/rest";

const load = fixture;

/** Every fixture file and the test that covers it; the first test fails when a new capture appears uncovered. */
const COVERED: Record<string, string> = {
    "errors-transient.json": "parseErrorBody",
    "ltm-pool.14.1.2.1.json": "parseCollection",
    "ltm-virtual.14.1.2.1.json": "parseCollection",
    "net-arp-empty.14.1.2.1.json": "parseCollection",
    "net-clone-stats.14.1.2.1.json": "parseStats",
    "net-fdb-tunnel.14.1.2.1.json": "parseCollection",
    "net-fdb.14.1.2.1.json": "parseCollection",
    "net-self.14.1.2.1.json": "parseCollection",
    "net-tunnels-gre.14.1.2.1.json": "parseCollection",
    "net-tunnels-tunnel.14.1.2.1.json": "parseCollection",
    "net-tunnels-vxlan.14.1.2.1.json": "parseCollection",
    "shared-authn-login-token.version-unknown.json": "parseLoginResponse",
    "sys-ready.14.1.2.1.json": "parseReady/parseStats",
    "sys-version.14.1.2.1.json": "parseVersion/parseStats",
};

describe("rest parsers on real captures", () => {
    it("covers every fixture file", () => {
        const files = fixtureFiles();
        assert.deepStrictEqual(files, Object.keys(COVERED).sort());
    });

    it("parseLoginResponse: token and timeout", () => {
        const l = parseLoginResponse(load("shared-authn-login-token.version-unknown.json"));
        assert.strictEqual(l.token, "P42ZHJN5HS5DH4KM4ENK3AFCLP");
        assert.strictEqual(l.timeoutSeconds, 1200);
        assert.strictEqual(l.expirationMicros, 1593108587671000);
        assert.throws(() => parseLoginResponse({ code: 401, message: "Authentication failed." }), /no token/);
    });

    it("parseReady: all yes; any no is not ready", () => {
        const j = load("sys-ready.14.1.2.1.json");
        assert.deepStrictEqual(parseReady(j), {
            ready: true, flags: { configReady: "yes", licenseReady: "yes", provisionReady: "yes" },
        });
        const notYet = JSON.parse(JSON.stringify(j));
        notYet.entries["https://localhost/mgmt/tm/sys/ready/0"].nestedStats.entries.configReady.description = "no";
        assert.strictEqual(parseReady(notYet).ready, false);
        assert.strictEqual(parseReady({}).ready, false, "no flags is not ready");
    });

    it("parseVersion: 14.1.2.1", () => {
        assert.strictEqual(parseVersion(load("sys-version.14.1.2.1.json")), "14.1.2.1");
        assert.strictEqual(parseVersion({ selfLink: "https://localhost/mgmt/tm/sys/version?ver=16.1.3" }), "16.1.3");
    });

    it("parseStats: sys-ready, sys-version, clone-stats", () => {
        const [ready] = parseStats(load("sys-ready.14.1.2.1.json"));
        assert.strictEqual(ready.link, "https://localhost/mgmt/tm/sys/ready/0");
        assert.strictEqual(ready.values.configReady, "yes");
        const [ver] = parseStats(load("sys-version.14.1.2.1.json"));
        assert.strictEqual(ver.values.Build, "0.0.4");
        assert.strictEqual(ver.values.Product, "BIG-IP");
        const [clone] = parseStats(load("net-clone-stats.14.1.2.1.json"));
        assert.deepStrictEqual(Object.keys(clone.values).sort(), [
            "freeErr", "freeOk", "nhopErr", "nhopOk", "pktErr", "pktOk", "pmbrErr", "pmbrOk", "rslctMacErr", "rslctMacOk",
        ]);
        assert.ok(Object.values(clone.values).every((v) => v === 0));
        const nested = parseStats({ entries: { a: { nestedStats: { entries: { x: { nestedStats: { entries: { y: { value: 3 } } } } } } } } });
        assert.deepStrictEqual(nested[0].values, { "x.y": 3 });
    });

    const collections: [string, string, number, (items: any[]) => void][] = [
        ["net-tunnels-gre.14.1.2.1.json", "tm:net:tunnels:gre:grestate", 2, (i) => assert.strictEqual(i[1].encapsulation, "nvgre")],
        ["net-tunnels-vxlan.14.1.2.1.json", "tm:net:tunnels:vxlan:vxlanstate", 6, (i) => assert.strictEqual(i[0].port, 4789)],
        ["net-tunnels-tunnel.14.1.2.1.json", "tm:net:tunnels:tunnel:tunnelstate", -1, (i) => assert.strictEqual(i[0].localAddress, "any6")],
        ["net-self.14.1.2.1.json", "tm:net:self:selfstate", -1, (i) => assert.match(i[0].address, /\/24$/)],
        ["net-arp-empty.14.1.2.1.json", "", 0, () => undefined],
        ["net-fdb.14.1.2.1.json", "", 2, (i) => assert.match(i[0].reference.link, /fdb\/tunnel/)],
        ["net-fdb-tunnel.14.1.2.1.json", "tm:net:fdb:tunnel:tunnelstate", 2, (i) => assert.strictEqual(i[0].recordsReference.isSubcollection, true)],
        ["ltm-pool.14.1.2.1.json", "tm:ltm:pool:poolstate", -1, (i) => assert.ok(i[0].membersReference)],
        ["ltm-virtual.14.1.2.1.json", "tm:ltm:virtual:virtualstate", -1, (i) => assert.ok(i[0].destination)],
    ];
    for (const [file, kind, count, extra] of collections) {
        it(`parseCollection: ${file}`, () => {
            const items = parseCollection(load(file));
            assert.ok(Array.isArray(items));
            if (count >= 0) assert.strictEqual(items.length, count);
            else assert.ok(items.length > 0);
            if (kind) for (const it of items) assert.strictEqual(it.kind, kind);
            extra(items);
        });
    }

    it("parseCollection: edge cases", () => {
        assert.deepStrictEqual(parseCollection({ kind: "tm:net:arp:arpcollectionstate" }), [], "empty collections may omit items");
        assert.throws(() => parseCollection({ kind: "tm:net:self:selfstate", name: "x" }), /expected a collection/);
        assert.throws(() => parseCollection(null), /not an object/);
        assert.throws(() => parseCollection({ items: {} }), /not an array/);
        assert.deepStrictEqual(parseCollection({ kind: "tm:net:fdb:tunnel:records:recordscollectionstate", isSubcollection: true, items: [{ name: "m" }] }), [{ name: "m" }]);
    });

    it("parseErrorBody: every errors-transient.json entry", () => {
        const expected: [ErrorKind, boolean, string, string | undefined][] = [
            ["no-auth-header", true, "Authorization failed: no user authentication header or token detected.", undefined],
            ["not-registered", true, "URI path /mgmt/tm/ltm/pool/?Common?my-pool not registered.", undefined],
            ["not-registered", true, "Public URI path not registered: /tm/ltm/pool/?Common?my-pool", undefined],
            ["not-found", false, "01020036:3: The requested Pool (/Common/my-pool) was not found.", "01020036"],
            ["mcpd-lost", true, "The connection to mcpd has been lost, try again.", undefined],
            ["unavailable", true, "Configuration Utility restarting...", undefined],
        ];
        const entries: { status: number; contentType: string; body: string }[] = load("errors-transient.json");
        assert.strictEqual(entries.length, expected.length);
        entries.forEach((e, i) => {
            const p = parseErrorBody(e.status, e.contentType, e.body);
            const [kind, transient, text, code] = expected[i];
            assert.strictEqual(p.kind, kind, `entry ${i}`);
            assert.strictEqual(p.transient, transient, `entry ${i}`);
            assert.ok(p.message.includes(text), `entry ${i}: ${p.message}`);
            assert.strictEqual(p.code, code);
            assert.ok(!p.message.startsWith("{"), "message is the text, not the JSON (even when truncated)");
        });
    });
});
