/**
 * The collector user data each deployment renders, checked by the real `cloud-init schema -c`.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CloneAcrossL3Args } from "../../components/cloneAcrossL3/args";
import { Mocked } from "../helpers/mocks";
import { NAME, build, captureRegistrationErrors, collectorUserData, defaults, mocks, variant } from "./fixture";

let tmp: string | undefined;

/** The real `cloud-init schema -c` (the plain command: `--annotate` exits 0 on broken YAML). */
function assertCloudInitValid(text: string, label: string): void {
    tmp ??= fs.mkdtempSync(path.join(os.tmpdir(), "clone-l3-userdata-"));
    const file = path.join(tmp, `${label.replace(/[^a-z0-9]+/gi, "-")}.yaml`);
    fs.writeFileSync(file, text);
    const r = spawnSync("cloud-init", ["schema", "-c", file], { encoding: "utf8", timeout: 60_000 });
    if (r.error && (r.error as NodeJS.ErrnoException).code === "ENOENT") {
        assert.fail("`cloud-init` is not on PATH: install Debian's cloud-init (apt-get install -y --no-install-recommends cloud-init); " +
            "this test gates the collector user data on its schema check");
    }
    if (r.error) throw r.error;
    assert.equal(r.status, 0, `cloud-init schema -c rejected the ${label} user data:\n${r.stdout}\n${r.stderr}`);
    assert.match(`${r.stdout}${r.stderr}`, /Valid schema|Valid cloud-config/);
}

describe("CloneAcrossL3 (composed component)", () => {
    captureRegistrationErrors();
    after(() => { if (tmp) fs.rmSync(tmp, { recursive: true, force: true }); });

    for (const [title, label, args] of [
        ["default: peering, multi-NIC, GRE, onboarding", "gre", () => defaults()],
        ["transitGateway", "tgw", variant.transitGateway],
        ["single-NIC", "single-nic", variant.singleNic],
        ["VXLAN", "vxlan", variant.vxlan],
        ["an HA pair the stack creates, with Suricata (the peer's receivers, list items not indented)", "ha-suricata",
            () => defaults({ collectors: [{ name: "collector", ids: "suricata" }] }, { ha: true })],
        ["an HA pair the stack creates, VXLAN", "ha-vxlan", () => defaults({ encapsulation: "vxlan" }, { ha: true })],
    ] as [string, string, () => CloneAcrossL3Args][]) {
        describe(title, () => {
            let m: Mocked;
            before(async () => {
                m = await mocks();
                await build(m, args());
            });

            it("the collector user data passes `cloud-init schema -c`", () => {
                assertCloudInitValid(collectorUserData(m).text, label);
            });
        });
    }

    describe("demo, with three collectors", () => {
        let m: Mocked;
        before(async () => {
            m = await mocks();
            await build(m, defaults({ demo: true, collectors: [{ name: "a" }, { name: "b" }, { name: "c" }] }));
        });

        it("every collector's user data passes `cloud-init schema -c`, each with its own MAC and overlay address", () => {
            const texts = ["a", "b", "c"].map((n) => m.named(`${NAME}-${n}-instance`).inputs.userData as string);
            texts.forEach((t, i) => assertCloudInitValid(t, `collector-${i}`));
            assert.equal(new Set(texts.map((t) => /TUNNEL_MAC='([^']+)'/.exec(t)![1])).size, 3);
            assert.deepEqual(texts.map((t) => /OVERLAY_ADDRESS='([^']+)'/.exec(t)![1]), ["10.254.0.2/29", "10.254.0.10/29", "10.254.0.18/29"]);
        });

        it("the demo web server's user data passes `cloud-init schema -c` and installs nothing", () => {
            const text: string = m.named(`${NAME}-demo-instance`).inputs.userData;
            assertCloudInitValid(text, "demo");
            assert.doesNotMatch(text, /^packages:/m, "no package install: the subnet may have no way out");
            assert.match(text, /ExecStartPre=\+\/usr\/local\/libexec\/clone-l3-demo-mtu/);
        });
    });
});
