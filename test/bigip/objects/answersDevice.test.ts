/**
 * Issue 14, security 4 (where answers enter): a malformed answer to one GET — crafted by the emulator's test-only
 * `answer` misbehaviour in place of the device's — fails every reader with an error naming the URL and the field, and
 * nothing of it reaches state: each kind's read (readObject), the FDB records, a virtual's clone pools, the underlay
 * collections; and through the SDK's real provider host, a refresh of every single-object kind with one field broken,
 * a Pool refresh and adoption, a TunnelChain refresh, an UnderlayCheck create and a ClonePoolAttachment refresh.
 */
import * as assert from "assert";
import { withSession } from "../../../components/bigip/rest";
import { DeviceAnswerError } from "../../../components/bigip/objects/answer";
import { readRecords } from "../../../components/bigip/objects/fdbTunnel";
import { ObjectMapping, readObject } from "../../../components/bigip/objects/provider";
import { objectPath } from "../../../components/bigip/objects/spec";
import { KINDS } from "../../../components/bigip/objects/registry";
import { poolMapping } from "../../../components/bigip/objects/pool";
import { routeMapping } from "../../../components/bigip/objects/route";
import { selfIpMapping } from "../../../components/bigip/objects/selfIp";
import { staticArpMapping } from "../../../components/bigip/objects/arp";
import { tunnelMapping } from "../../../components/bigip/objects/tunnel";
import { tunnelProfileMapping } from "../../../components/bigip/objects/tunnelProfile";
import { readUnderlay } from "../../../components/bigip/objects/underlayCheck";
import { virtualServerMapping } from "../../../components/bigip/objects/virtual";
import { vlanMapping } from "../../../components/bigip/objects/vlan";
import { Engine } from "./engine";
import { assertRefreshKeeps, behindOurBack, plain, rejectsWith, useEmulator } from "./harness";

/** The exact path of one GET, for arming a crafted answer. */
const exactly = (path: string) => ({ method: "GET", path: new RegExp(`^/mgmt/${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) });
const meta = (kind: keyof typeof KINDS, name: string) => ({ kind: KINDS[kind].kind, name, partition: "Common", fullPath: `/Common/${name}`, generation: 3 });

interface ReadCase { title: string; m: ObjectMapping<any>; inputs: Record<string, unknown>; body: Record<string, unknown>; field: string }

const READS: ReadCase[] = [
    { title: "Pool: members not a list", m: poolMapping, inputs: { name: "a-pool" }, field: "membersReference.items",
        body: { ...meta("pool", "a-pool"), membersReference: { link: "x", isSubcollection: true, items: { "10.254.0.2:0": {} } } } },
    { title: "Pool: a member named \"__proto__:0\"", m: poolMapping, inputs: { name: "a-pool" }, field: "membersReference.items[0].name",
        body: { ...meta("pool", "a-pool"), membersReference: { items: [{ kind: KINDS.pool.subcollections!.members.kind, name: "__proto__:0" }] } } },
    { title: "Tunnel: key a string", m: tunnelMapping, inputs: { name: "a-tun" }, field: "key", body: { ...meta("tunnel", "a-tun"), key: "7" } },
    { title: "Self IP: address not an address", m: selfIpMapping, inputs: { name: "a-self" }, field: "address", body: { ...meta("selfIp", "a-self"), address: "everywhere" } },
    { title: "Static ARP: MAC a number", m: staticArpMapping, inputs: { name: "a-arp" }, field: "macAddress", body: { ...meta("arp", "a-arp"), macAddress: 42 } },
    { title: "VLAN: interfaces reference a list", m: vlanMapping, inputs: { name: "a-vlan" }, field: "interfacesReference", body: { ...meta("vlan", "a-vlan"), interfacesReference: [] } },
    { title: "Route: network not a network", m: routeMapping, inputs: { name: "a-route" }, field: "network", body: { ...meta("route", "a-route"), network: "10.1.0.0" } },
    { title: "Virtual: destination an object", m: virtualServerMapping, inputs: { name: "a-vs" }, field: "destination", body: { ...meta("virtual", "a-vs"), destination: {} } },
    { title: "GRE profile: flooding type a list", m: tunnelProfileMapping, inputs: { name: "a-gre", encapsulation: "gre" }, field: "floodingType",
        body: { ...meta("greProfile", "a-gre"), floodingType: ["none"] } },
    { title: "VXLAN profile: another kind's answer", m: tunnelProfileMapping, inputs: { name: "a-vx", encapsulation: "vxlan" }, field: "kind",
        body: { ...meta("vxlanProfile", "a-vx"), kind: "tm:net:tunnels:gre:grestate" } },
];

describe("typed device answers where they enter (issue 14, security 4)", () => {
    const box = useEmulator();

    describe("every kind's read, and the other readers (one session)", () => {
        for (const r of READS) {
            it(`${r.title}: refused naming the URL and ${r.field}`, async () => {
                const i = { connection: box.c, partition: "Common", ...r.inputs };
                const path = objectPath(r.m.spec(i as any), `/Common/${r.inputs.name}`);
                box.e.misbehave(exactly(path), { kind: "answer", body: r.body });
                const err = await withSession(box.c, "reading", (s) => readObject(s, r.m, i as any)).then(() => undefined, (e) => e);
                assert.ok(err instanceof DeviceAnswerError, String(err));
                assert.strictEqual(err.field, r.field);
                assert.ok(err.url.startsWith(`GET /mgmt/${path}`), err.url);
                assert.ok(err.message.includes(err.url) && err.message.includes(r.field), err.message);
            });
        }

        it("a tunnel's FDB records: an item without a MAC for a name", async () => {
            const path = "tm/net/fdb/tunnel/~Common~t1/records";
            box.e.misbehave(exactly(path), { kind: "answer", body: { items: [{ name: "not-a-mac", endpoint: "10.1.1.20" }] } });
            await rejectsWith(withSession(box.c, "reading", (s) => readRecords(s, "/Common/t1")), /GET \/mgmt\/tm\/net\/fdb\/tunnel\/~Common~t1\/records/, /items\[0\]\.name is "not-a-mac", not a MAC/);
        });

        it("the underlay: the self IPs an object instead of a list (as a tunnels-an-object answer)", async () => {
            box.e.misbehave(exactly("tm/net/self"), { kind: "answer", body: { kind: "tm:net:self:selfcollectionstate", items: { "/Common/s": { address: "10.0.2.5/24" } } } });
            await rejectsWith(withSession(box.c, "reading", (s) => readUnderlay(s)), /GET \/mgmt\/tm\/net\/self is malformed: items must be a list/);
        });
    });

    describe("through the SDK's provider host, every kind: a refresh answered with one field broken fails naming it; state is untouched", () => {
        /** Each resource (created in order: later ones need earlier ones), its object's path, and the field to break. */
        const ROWS: { type: string; inputs: Record<string, unknown>; path: string; field: string; broken: unknown }[] = [
            { type: "TunnelProfile", inputs: { name: "k-gre", encapsulation: "gre" }, path: "tm/net/tunnels/gre/~Common~k-gre", field: "encapsulation", broken: 47 },
            { type: "TunnelProfile", inputs: { name: "k-vx", encapsulation: "vxlan" }, path: "tm/net/tunnels/vxlan/~Common~k-vx", field: "port", broken: "4789" },
            { type: "Tunnel", inputs: { name: "k-tun", profile: "k-gre", localAddress: "10.0.9.5", remoteAddress: "10.1.1.40" }, path: "tm/net/tunnels/tunnel/~Common~k-tun", field: "remoteAddress", broken: "collector" },
            { type: "Vlan", inputs: { name: "k-vlan", interfaces: [{ name: "1.3" }], mtu: 9001 }, path: "tm/net/vlan/~Common~k-vlan", field: "mtu", broken: null },
            { type: "SelfIp", inputs: { name: "k-self", address: "10.0.9.5/24", vlan: "k-vlan" }, path: "tm/net/self/~Common~k-self", field: "vlan", broken: "k vlan" },
            { type: "Route", inputs: { name: "k-route", network: "10.9.0.0/16", gw: "10.0.9.1" }, path: "tm/net/route/~Common~k-route", field: "gw", broken: "10.0.9.1/24" },
            { type: "StaticArp", inputs: { name: "k-arp", ipAddress: "10.254.9.2", macAddress: "02:00:5e:10:00:09" }, path: "tm/net/arp/~Common~k-arp", field: "ipAddress", broken: "__proto__" },
            { type: "VirtualServer", inputs: { name: "k-vs", destination: "10.0.9.10:80" }, path: "tm/ltm/virtual/~Common~k-vs", field: "source", broken: ["0.0.0.0/0"] },
        ];
        const engines: Engine[] = [];
        after(async () => { for (const eng of engines.reverse()) await eng.destroy(); });

        for (const r of ROWS) {
            it(`${r.type} ${r.inputs.name}: ${r.field} = ${JSON.stringify(r.broken)}`, async () => {
                const eng = new Engine(r.type);
                await eng.up({ connection: box.c, ...r.inputs });
                engines.push(eng);
                const before = plain(eng.state);
                const real = await behindOurBack(box.e, (s) => s.get(r.path, { query: { expandSubcollections: "true" } }));
                box.e.misbehave(exactly(r.path), { kind: "answer", body: { ...real, [r.field]: r.broken } });
                await rejectsWith(eng.refresh(), new RegExp(`GET /mgmt/${r.path}(\\?[^ ]*)? is malformed: ${r.field} `));
                assert.deepStrictEqual(plain(eng.state), before);
                await assertRefreshKeeps(eng);
            });
        }
    });

    describe("through the SDK's provider host: nothing of a malformed answer reaches state", () => {
        it("Pool: a refresh answered with a member \"__proto__:0\" fails naming the field; state is untouched; the next refresh reads again", async () => {
            const eng = new Engine("Pool");
            await eng.up({ connection: box.c, name: "h-pool", members: ["10.254.0.2:0"] });
            const before = plain(eng.state);
            const real = await behindOurBack(box.e, (s) => s.get("tm/ltm/pool/~Common~h-pool", { query: { expandSubcollections: "true" } }));
            real.membersReference.items[0].name = "__proto__:0";
            box.e.misbehave(exactly("tm/ltm/pool/~Common~h-pool"), { kind: "answer", body: real });
            await rejectsWith(eng.refresh(), /GET \/mgmt\/tm\/ltm\/pool\/~Common~h-pool\?expandSubcollections=true is malformed/, /membersReference\.items\[0\]\.name is "__proto__:0"/);
            assert.deepStrictEqual(plain(eng.state), before);
            assert.ok(!JSON.stringify(eng.state).includes("__proto__"));
            await assertRefreshKeeps(eng);
            await eng.destroy();
        });

        it("Pool adoption: members not a list — the create fails, nothing is stored and the device's pool is unchanged", async () => {
            await behindOurBack(box.e, (s) => s.post("tm/ltm/pool", { name: "h-adopt", members: [{ name: "10.9.9.9:80" }] }));
            const device = box.e.get("pool", "/Common/h-adopt");
            box.e.misbehave(exactly("tm/ltm/pool/~Common~h-adopt"), { kind: "answer", body: { ...meta("pool", "h-adopt"), membersReference: { items: { a: 1 } } } });
            const eng = new Engine("Pool");
            await rejectsWith(eng.up({ connection: box.c, name: "h-adopt", members: ["10.254.0.3:0"], adopt: true }), /membersReference\.items must be a list/);
            assert.strictEqual(eng.state, undefined);
            assert.deepStrictEqual(box.e.get("pool", "/Common/h-adopt"), device);
            await behindOurBack(box.e, (s) => s.delete("tm/ltm/pool/~Common~h-adopt"));
        });

        it("TunnelChain: a refresh answered with a wrongly typed tunnel, then FDB records, fails naming each; state is untouched", async () => {
            const eng = new Engine("TunnelChain");
            await eng.up({
                connection: box.c, name: "h-ch", encapsulation: "gre", localAddress: "10.0.2.5", remoteAddress: "10.1.1.30",
                selfAddress: "10.254.1.1/29", collectorAddress: "10.254.1.2", collectorMac: "02:00:5e:10:00:07",
            });
            const before = plain(eng.state);
            box.e.misbehave(exactly("tm/net/tunnels/tunnel/~Common~h-ch"), { kind: "answer", body: { ...meta("tunnel", "h-ch"), key: "0", mtu: 0 } });
            await rejectsWith(eng.refresh(), /GET \/mgmt\/tm\/net\/tunnels\/tunnel\/~Common~h-ch is malformed: key must be an integer/);
            box.e.misbehave(exactly("tm/net/fdb/tunnel/~Common~h-ch/records"), { kind: "answer", body: { items: { "02:00:5e:10:00:07": { endpoint: "10.1.1.30" } } } });
            await rejectsWith(eng.refresh(), /GET \/mgmt\/tm\/net\/fdb\/tunnel\/~Common~h-ch\/records is malformed: items must be a list/);
            assert.deepStrictEqual(plain(eng.state), before);
            await assertRefreshKeeps(eng);
            await eng.destroy();
        });

        it("UnderlayCheck: the VLANs answered as an object — the create fails naming URL and field, nothing is stored", async () => {
            box.e.misbehave(exactly("tm/net/vlan"), { kind: "answer", body: { items: { "/Common/external": { mtu: 9001 } } } });
            const eng = new Engine("UnderlayCheck");
            await rejectsWith(eng.up({ connection: box.c, name: "h-under", localAddress: "10.0.2.5", remoteAddress: "10.1.1.30", requiredMtu: 1538 }),
                /GET \/mgmt\/tm\/net\/vlan is malformed: items must be a list/);
            assert.strictEqual(eng.state, undefined);
        });

        it("ClonePoolAttachment: a virtual whose clonePools is not a list fails the refresh naming it; state is untouched", async () => {
            await new Engine("Pool").up({ connection: box.c, name: "h-cp", members: ["10.254.0.4:0"] });
            await new Engine("VirtualServer").up({ connection: box.c, name: "h-vs", destination: "10.0.2.10:80" });
            const eng = new Engine("ClonePoolAttachment");
            await eng.up({ connection: box.c, virtualServer: "h-vs", pool: "h-cp", context: "clientside" });
            const before = plain(eng.state);
            box.e.misbehave(exactly("tm/ltm/virtual/~Common~h-vs"), { kind: "answer", body: { ...meta("virtual", "h-vs"), clonePools: { name: "/Common/h-cp", context: "clientside" } } });
            await rejectsWith(eng.refresh(), /GET \/mgmt\/tm\/ltm\/virtual\/~Common~h-vs is malformed: clonePools must be a list/);
            assert.deepStrictEqual(plain(eng.state), before);
            await eng.destroy();
        });
    });
});
