import * as assert from "node:assert/strict";
import { ConfigError } from "../../components/common/errors";
import { deriveMac, normalizeMac } from "../../components/collector/mac";

function throwsConfig(f: () => unknown, setting: string, part: string): void {
    assert.throws(f, (e: unknown) => e instanceof ConfigError && e.setting === setting && e.message.includes(part));
}

describe("collector MAC", () => {
    it("derives a stable, lowercase, locally administered unicast MAC", () => {
        const macs = ["a/clone0", "b/clone0", "a/clone1", "", "collector-eu/clone0", "x".repeat(500)].map(deriveMac);
        for (const m of macs) {
            assert.match(m, /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
            const first = parseInt(m.slice(0, 2), 16);
            assert.equal(first & 0x02, 0x02, `${m} should be locally administered`);
            assert.equal(first & 0x01, 0, `${m} should be unicast`);
        }
        assert.equal(new Set(macs).size, macs.length, "different seeds give different MACs");
        assert.equal(deriveMac("a/clone0"), deriveMac("a/clone0"));
    });

    it("is the sha256 prefix of the seed with the two flag bits fixed", () => {
        // sha256("abc") = ba7816bf8f01…; 0xba → set 0x02, clear 0x01 → 0xba.
        assert.equal(deriveMac("abc"), "ba:78:16:bf:8f:01");
        // sha256("") = e3b0c44298fc…; 0xe3 → 0xe2.
        assert.equal(deriveMac(""), "e2:b0:c4:42:98:fc");
    });

    it("normalizes colon and dash forms to lowercase colons", () => {
        assert.equal(normalizeMac("02:AB:cd:EF:00:01", "m"), "02:ab:cd:ef:00:01");
        assert.equal(normalizeMac("0E-00-5E-10-00-01", "m"), "0e:00:5e:10:00:01");
        assert.equal(normalizeMac(" 02:00:00:00:00:01 ", "m"), "02:00:00:00:00:01");
    });

    it("rejects malformed MACs, naming the setting", () => {
        for (const bad of ["", "02:00:00:00:00", "02:00:00:00:00:01:02", "02:00-00:00:00:01", "0200.0000.0001", "g2:00:00:00:00:01", "2:0:0:0:0:1"]) {
            throwsConfig(() => normalizeMac(bad, "collectors[0].macAddress"), "collectors[0].macAddress", "not a MAC");
        }
        throwsConfig(() => normalizeMac(42, "macAddress"), "macAddress", "not a MAC");
    });

    it("rejects multicast, broadcast and all-zero addresses", () => {
        throwsConfig(() => normalizeMac("01:00:5e:00:00:01", "macAddress"), "macAddress", "multicast");
        throwsConfig(() => normalizeMac("33:33:00:00:00:01", "macAddress"), "macAddress", "multicast");
        throwsConfig(() => normalizeMac("FF-FF-FF-FF-FF-FF", "macAddress"), "macAddress", "broadcast");
        throwsConfig(() => normalizeMac("00:00:00:00:00:00", "macAddress"), "macAddress", "all zeros");
    });
});
