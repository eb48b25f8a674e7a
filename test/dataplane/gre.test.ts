/**
 * Proof that cloned frames arrive, GRE-TEB: this machine's kernel has no GRE, so the same scenario runs in a QEMU
 * guest (TCG) with Debian's cloud kernel, downloaded and unpacked into .work/dataplane (never installed) on first
 * use. If the guest cannot be prepared or QEMU cannot start, the test fails and says why; nothing is skipped.
 */
import { CASES } from "./device";
import { prepareGuest, requireTools, runInGuest } from "./run";
import { dataPlaneProof } from "./suite";

describe("data plane: GRE-TEB clones arrive (QEMU guest with Debian's cloud kernel)", function () {
    this.timeout(120_000);
    before(() => requireTools(["ip", "tc", "nft", "tcpdump", "tshark", "ethtool", "qemu-system-x86_64", "cpio", "depmod"]));
    dataPlaneProof("gre", async (d, canary, dir) => {
        const prep = prepareGuest();
        const run = await runInGuest(d, CASES, canary, dir);
        return {
            dirs: run.outDirs as any,
            timings: [
                prep.cached ? `guest kernel + initramfs: cached (${prep.seconds.toFixed(1)} s to check)`
                    : `guest kernel + initramfs prepared: ${prep.seconds.toFixed(1)} s\n${prep.output.trim()}`,
                `QEMU boot to /init: ${run.bootSeconds.toFixed(1)} s wall (guest uptime ${run.bootUptime.toFixed(1)} s)`,
                ...CASES.map((n) => `scenario ${n} in the guest: ${run.cases[n]?.toFixed(1) ?? "?"} s`),
                `QEMU total: ${run.qemuSeconds.toFixed(1)} s`,
            ],
        };
    });
});
