/**
 * Commands for an existing collector of an HA pair (issue 16): they install what a created collector's cloud-config
 * installs for a peer (pair.ts) — the drop-in, and for gre the pair script — and say which units to admit.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { renderCollectorCommands } from "../../components/collector/commands";
import { PAIR_SCRIPT_PATH, cloneTunnelPairScript, pairDropInPath, renderPairDropIn } from "../../components/collector/pair";
import { ENV_DIR } from "../../components/collector/cloudInit";

const base = { deviceName: "clone0", localIp: "10.1.1.20", remoteIp: "10.0.2.5", macAddress: "02:aa:bb:cc:dd:ee", mtu: 1500, overlayAddress: "10.254.0.2/29" };

describe("commands for an existing collector of an HA pair", () => {
    for (const encapsulation of ["vxlan", "gre"] as const) {
        it(`${encapsulation}: the peer's drop-in${encapsulation === "gre" ? " and the pair script" : ""}, both units named, POSIX sh`, () => {
            const text = renderCollectorCommands({ ...base, encapsulation, ...(encapsulation === "vxlan" ? { vni: 100 } : {}), peerRemoteIp: "10.0.2.6" });
            assert.ok(text.includes(`${pairDropInPath("clone0")} <<'CLONE_L3_EOF'\n${renderPairDropIn(encapsulation, "clone0", "10.0.2.6", ENV_DIR)}CLONE_L3_EOF`));
            assert.equal(text.includes(`${PAIR_SCRIPT_PATH} <<'CLONE_L3_EOF'\n${cloneTunnelPairScript()}`), encapsulation === "gre");
            assert.match(text, /from 10\.0\.2\.5 and 10\.0\.2\.6 in any firewall/);
            assert.equal(spawnSync("dash", ["-n"], { input: text }).status, 0);
        });
    }

    it("without a peer: none of it", () => {
        const text = renderCollectorCommands({ ...base, encapsulation: "gre" });
        assert.ok(!text.includes("ha-pair.conf") && !text.includes(PAIR_SCRIPT_PATH));
    });

    it("the peer must differ from the first unit, named in the error", () => {
        assert.throws(() => renderCollectorCommands({ ...base, encapsulation: "gre", peerRemoteIp: "10.0.2.5" }, "collectors[0]."),
            (e: any) => e.setting === "collectors[0].peerRemoteIp");
    });
});
