/**
 * Issue 14, security 4, the doctor's reads: a wrongly typed answer (tunnels an object, a pool's members not a list, a
 * virtual's clone pools not a list) fails the read naming the URL and the field — a `read` failure (exit 3), never a
 * TypeError in the walk. The doctor reads every object of a kind, others' included, so value types are not imposed on
 * them: a foreign pool whose member is named after a node (`web1:80`) is read as before.
 */
import * as assert from "node:assert/strict";
import { withSession } from "../../components/bigip/rest";
import { DeviceAnswerError } from "../../components/bigip/objects/answer";
import { diagnose, readDoctorDevice, readDoctorState } from "../../components/diagnose/doctor";
import { DoctorExpectation } from "../../components/diagnose/expect";
import { DoctorDeviceError } from "../../components/diagnose/doctor/session";
import { readCloneDeviceState } from "../../components/diagnose/read";
import { rejectsWith, useEmulator } from "../bigip/objects/harness";

const GET = "GET";

function expectation(host: string, port: number): DoctorExpectation {
    return {
        device: { host, port, username: "admin" }, tunnelSourceIp: "10.0.2.5",
        paths: [{
            collector: "ids1", tunnel: "/Common/clone-ids1", pool: "/Common/clone-ids1-pool", collectorIp: "10.1.1.20", collectorMac: "02:5e:10:0a:0b:0c",
            collectorOverlayIp: "10.254.0.2", bigipOverlay: "10.254.0.1/29", encapsulation: "gre", key: 0, mtu: 8963, requiredMtu: 9001,
        }],
        attachments: [{ virtualServer: "/Common/app_vs", context: "clientside", pool: "/Common/clone-ids1-pool" }],
    };
}

describe("the doctor's reads check each answer (issue 14, security 4)", () => {
    const box = useEmulator();

    it("tunnels answered as an object: the read fails naming URL and field (the walk never sees it)", async () => {
        box.e.misbehave({ method: GET, path: /^\/mgmt\/tm\/net\/tunnels\/tunnel$/ }, { kind: "answer", body: { items: { "/Common/clone-ids1": { key: 0 } } } });
        const err = await withSession(box.c, "reading", (s) => readCloneDeviceState(s)).then(() => undefined, (e) => e);
        assert.ok(err instanceof DeviceAnswerError, String(err));
        assert.equal(err.url, "GET /mgmt/tm/net/tunnels/tunnel");
        assert.equal(err.field, "items");
    });

    it("a pool's members not a list: the read fails naming the pool's field", async () => {
        box.e.misbehave({ method: GET, path: /^\/mgmt\/tm\/ltm\/pool$/ }, {
            kind: "answer", body: { items: [{ kind: "tm:ltm:pool:poolstate", name: "clone-ids1-pool", membersReference: { items: { "10.254.0.2:0": {} } } }] },
        });
        await rejectsWith(withSession(box.c, "reading", (s) => readCloneDeviceState(s)),
            /GET \/mgmt\/tm\/ltm\/pool\?expandSubcollections=true is malformed: items\[0\]\.membersReference\.items must be a list/);
    });

    it("a virtual whose clone pools are not a list: the doctor's read fails (read, exit 3) naming it, with no TypeError", async () => {
        box.e.seed("virtual", { name: "app_vs", destination: "/Common/10.0.2.200:443" });
        box.e.misbehave({ method: GET, path: /^\/mgmt\/tm\/ltm\/virtual\/~Common~app_vs$/ }, {
            kind: "answer", body: { kind: "tm:ltm:virtual:virtualstate", name: "app_vs", partition: "Common", clonePools: { name: "/Common/clone-ids1-pool" } },
        });
        const err = await readDoctorDevice(box.c, expectation(box.e.host, box.e.port)).then(() => undefined, (e) => e);
        assert.ok(err instanceof DoctorDeviceError, String(err));
        assert.equal(err.failure, "read");
        assert.match(err.message, /GET \/mgmt\/tm\/ltm\/virtual\/~Common~app_vs is malformed: clonePools must be a list/);
    });

    it("others' objects are read as they are: a foreign pool with a member named after a node", async () => {
        box.e.seed("pool", { name: "web_pool", members: [{ name: "web1:80", address: "10.0.5.7" }] });
        const state = await withSession(box.c, "reading", (s) => readDoctorState(s, expectation(box.e.host, box.e.port)));
        const web = state.pools.find((p: any) => p.name === "web_pool");
        assert.deepEqual(web.membersReference.items.map((m: any) => m.name), ["web1:80"]);
        const report = diagnose(state, expectation(box.e.host, box.e.port));
        assert.equal(report.ok, false); // nothing of the clone path exists here: a report, not an exception
    });
});
