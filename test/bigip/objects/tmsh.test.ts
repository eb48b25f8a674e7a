import * as assert from "assert";
import { arpSpec } from "../../../components/bigip/objects/arp";
import { poolMapping, poolSpec } from "../../../components/bigip/objects/pool";
import { selfIpMapping, selfIpSpec } from "../../../components/bigip/objects/selfIp";
import { tmshCreate, tmshDelete, tmshFdbRecord, tmshModify, tmshWord } from "../../../components/bigip/objects/tmsh";
import { tunnelMapping, tunnelSpec } from "../../../components/bigip/objects/tunnel";
import { tunnelProfileMapping } from "../../../components/bigip/objects/tunnelProfile";
import { greProfileSpec } from "../../../components/bigip/objects/greProfile";
import { virtualSpec } from "../../../components/bigip/objects/virtual";

const connection = { host: "192.0.2.10", username: "admin" };

describe("tmsh rendering from the kind descriptions", () => {
    it("renders the GRE-TEB profile of the recipe", () => {
        const i = tunnelProfileMapping.normalize({ connection, name: "clone-profile", encapsulation: "gre" } as any);
        assert.strictEqual(tmshCreate(greProfileSpec, "/Common/clone-profile", tunnelProfileMapping.toBody(i)),
            "create net tunnels gre /Common/clone-profile { defaults-from /Common/gre encapsulation transparent-ethernet-bridging flooding-type none }");
    });

    it("renders a tunnel with tmsh attribute names", () => {
        const i = tunnelMapping.normalize({ connection, name: "clone", profile: "clone-profile", localAddress: "10.0.2.5", remoteAddress: "10.1.1.20", mtu: 8963 } as any);
        assert.strictEqual(tmshCreate(tunnelSpec, "/Common/clone", tunnelMapping.toBody(i)),
            "create net tunnels tunnel /Common/clone { profile /Common/clone-profile local-address 10.0.2.5 remote-address 10.1.1.20 key 0 mtu 8963 tos preserve }");
    });

    it("renders allow-service none and list forms for self IPs", () => {
        const i = selfIpMapping.normalize({ connection, name: "clone-self", address: "10.254.0.1/29", vlan: "clone" } as any);
        assert.strictEqual(tmshModify(selfIpSpec, "/Common/clone-self", selfIpMapping.toBody(i, ["allowService"])), "modify net self /Common/clone-self { allow-service none }");
        assert.strictEqual(tmshModify(selfIpSpec, "/Common/s", { allowService: ["tcp:22", "gre:0"] }), "modify net self /Common/s { allow-service replace-all-with { tcp:22 gre:0 } }");
        assert.strictEqual(tmshModify(selfIpSpec, "/Common/s", { allowService: "all" }), "modify net self /Common/s { allow-service all }");
    });

    it("renders pool members and clone pools as replace-all-with blocks on modify", () => {
        const i = poolMapping.normalize({ connection, name: "p", members: ["10.254.0.2:0"] } as any);
        assert.strictEqual(tmshCreate(poolSpec, "/Common/p", poolMapping.toBody(i)),
            "create ltm pool /Common/p { members { 10.254.0.2:0 { address 10.254.0.2 } } load-balancing-mode round-robin }");
        assert.strictEqual(tmshModify(virtualSpec, "/Common/vs", { clonePools: [{ name: "/Common/p", context: "clientside" }] }),
            "modify ltm virtual /Common/vs { clone-pools replace-all-with { /Common/p { context clientside } } }");
        assert.strictEqual(tmshModify(virtualSpec, "/Common/vs", { clonePools: [] }), "modify ltm virtual /Common/vs { clone-pools none }");
    });

    it("renders nested objects, deletes, FDB records and quoting", () => {
        assert.strictEqual(tmshModify(virtualSpec, "/Common/vs", { sourceAddressTranslation: { type: "automap" } }),
            "modify ltm virtual /Common/vs { source-address-translation { type automap } }");
        assert.strictEqual(tmshDelete(arpSpec, "/Common/clone-arp"), "delete net arp /Common/clone-arp");
        assert.strictEqual(tmshFdbRecord("/Common/clone", "02:5e:10:00:00:01", "10.1.1.20"),
            "modify net fdb tunnel /Common/clone records add { 02:5e:10:00:00:01 { endpoint 10.1.1.20 } }");
        assert.strictEqual(tmshFdbRecord("/Common/clone", "02:5e:10:00:00:01", undefined), "modify net fdb tunnel /Common/clone records delete { 02:5e:10:00:00:01 }");
        assert.strictEqual(tmshWord("clone target 1"), '"clone target 1"');
        assert.strictEqual(tmshWord(""), '""');
    });
});

describe("the offline plan of a clone-pool attachment (issue 14, security 8)", () => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { tmshForResource } = require("../../../components/bigip/objects/tmshPlan");
    const base = { connection, virtualServer: "app_vs", pool: "ids-pool", context: "serverside" };

    it("is the tmsh add alone by default", () => {
        assert.deepStrictEqual(tmshForResource("ClonePoolAttachment", base), ["modify ltm virtual /Common/app_vs clone-pools add { /Common/ids-pool { context serverside } }"]);
    });

    it("warns when allowListPatch opts into rewriting the whole list", () => {
        const lines: string[] = tmshForResource("ClonePoolAttachment", { ...base, allowListPatch: true });
        assert.strictEqual(lines.length, 2);
        assert.match(lines[1], /^# WARNING allowListPatch: .*whole clonePools list is rewritten.*can be lost/);
    });
});
