/**
 * Proof that cloned frames arrive, VXLAN: network namespaces on this machine's kernel (it has VXLAN, veth, tc
 * mirred and nftables). Needs root and the tools `.ci/run` installs; fails, naming what is missing, without them.
 */
import * as path from "node:path";
import { CASES, CaseName } from "./device";
import { requireTools, runOnHost } from "./run";
import { dataPlaneProof } from "./suite";

describe("data plane: VXLAN clones arrive (network namespaces on this kernel)", function () {
    this.timeout(120_000);
    before(() => requireTools(["ip", "tc", "nft", "tcpdump", "tshark", "ethtool"]));
    dataPlaneProof("vxlan", async (d, canary, dir) => {
        const dirs = {} as Record<CaseName, string>;
        const timings: string[] = [];
        CASES.forEach((name, i) => {
            const seconds = runOnHost(d, name, canary, path.join(dir, name), `dp${process.pid}${i}`);
            dirs[name] = path.join(dir, name, "out");
            timings.push(`scenario ${name} (namespaces, collector unit, BIG-IP side, one HTTP exchange): ${seconds.toFixed(1)} s`);
        });
        return { dirs, timings };
    });
});
