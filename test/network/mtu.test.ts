import * as assert from "node:assert/strict";
import { ConfigError } from "../../components/common/errors";
import { ENCAP_OVERHEAD, UNDERLAY_MTU, UNDERLAY_PATHS, parseUnderlayPath, tunnelMtu } from "../../components/network/mtu";

/** Asserts `f` throws a ConfigError for `setting` whose message contains every `parts`. */
function throwsConfig(f: () => unknown, setting: string, ...parts: string[]): void {
    assert.throws(f, (e: unknown) => {
        assert.ok(e instanceof ConfigError, `expected ConfigError, got ${e}`);
        assert.equal(e.setting, setting);
        for (const p of parts) assert.ok(e.message.includes(p), `"${e.message}" should mention "${p}"`);
        return true;
    });
}

describe("tunnel MTU", () => {
    it("knows the AWS path MTUs and the encapsulation overheads", () => {
        assert.deepEqual(UNDERLAY_PATHS.map((p) => UNDERLAY_MTU[p]), [9001, 9001, 8500, 8500, 1500]);
        assert.deepEqual(ENCAP_OVERHEAD, { gre: 20 + 4 + 14, vxlan: 20 + 8 + 8 + 14 });
    });

    it("subtracts the overhead from the path MTU", () => {
        assert.deepEqual(tunnelMtu({ path: "peering", encapsulation: "gre" }), { underlay: 9001, overhead: 38, inner: 8963 });
        assert.deepEqual(tunnelMtu({ path: "transit-gateway", encapsulation: "vxlan" }), { underlay: 8500, overhead: 50, inner: 8450 });
        assert.equal(tunnelMtu({ path: "peering-inter-region", encapsulation: "gre" }).inner, 8462);
        assert.equal(tunnelMtu({ path: "same-vpc", encapsulation: "vxlan" }).inner, 8951);
    });

    it("refuses an internet path below 1500 and names the setting, the numbers and the allow flag", () => {
        throwsConfig(() => tunnelMtu({ path: "internet", encapsulation: "gre" }), "tunnelMtu", "1500", "38", "1462", "allowBelow1500");
        throwsConfig(() => tunnelMtu({ path: "internet", encapsulation: "vxlan", setting: "collectors[1].underlayPath", allowSetting: "collectors[1].allowMtuBelow1500" }),
            "collectors[1].underlayPath", "1450", "collectors[1].allowMtuBelow1500");
    });

    it("accepts below 1500 when allowed", () => {
        assert.equal(tunnelMtu({ path: "internet", encapsulation: "gre", allowBelow1500: true }).inner, 1462);
        assert.equal(tunnelMtu({ path: "internet", encapsulation: "vxlan", allowBelow1500: true }).inner, 1450);
    });

    it("uses a valid override", () => {
        assert.deepEqual(tunnelMtu({ path: "peering", encapsulation: "gre", override: 1500 }), { underlay: 9001, overhead: 38, inner: 1500 });
        assert.equal(tunnelMtu({ path: "peering", encapsulation: "gre", override: 8963 }).inner, 8963);
        assert.equal(tunnelMtu({ path: "internet", encapsulation: "gre", override: 576, allowBelow1500: true }).inner, 576);
    });

    it("rejects overrides that do not fit the path, are not integers, or are too small", () => {
        throwsConfig(() => tunnelMtu({ path: "peering", encapsulation: "gre", override: 8964 }), "tunnelMtu", "8963");
        throwsConfig(() => tunnelMtu({ path: "transit-gateway", encapsulation: "vxlan", override: 9001, setting: "mtu" }), "mtu", "8450");
        throwsConfig(() => tunnelMtu({ path: "peering", encapsulation: "gre", override: 1500.5 }), "tunnelMtu", "integer");
        throwsConfig(() => tunnelMtu({ path: "peering", encapsulation: "gre", override: 575, allowBelow1500: true }), "tunnelMtu", "576");
        throwsConfig(() => tunnelMtu({ path: "peering", encapsulation: "gre", override: 1400 }), "tunnelMtu", "1400", "allowBelow1500");
    });

    it("parses underlay paths and names the setting on a bad one", () => {
        for (const p of UNDERLAY_PATHS) assert.equal(parseUnderlayPath(p, "x"), p);
        throwsConfig(() => parseUnderlayPath("vpn", "net.underlayPath"), "net.underlayPath", "transit-gateway");
        throwsConfig(() => parseUnderlayPath(undefined, "underlayPath"), "underlayPath");
    });
});
