import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import {
    ADMIN_PASS_PLACEHOLDER, CONFIG_HEREDOC, DO_1_44_0, FirstBootSettings, INSTALLER_PATH, RUNTIME_INIT_2_0_3,
    renderFirstBoot,
} from "../../components/bigip/instance/firstBoot";
import { describeErrors, doValidator, runtimeInitValidator } from "./f5Schemas";

const CANARY = "Canary-Pw-7f3e9a1c!";
const base: FirstBootSettings = {
    hostname: "bigip1.clone-l3.internal",
    adminUser: "admin",
    adminPasswordSecretId: "arn:aws:secretsmanager:us-east-1:123456789012:secret:clone-l3-admin-a0BCDE",
    sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq0qvYhb2Jd8eW9J1c8rS0pYb1kZcQb7m0mN1x2y3z4 me@host",
    dnsServers: ["169.254.169.253"],
    ntpServers: ["169.254.169.123"],
    timezone: "UTC",
    provisioning: { ltm: "nominal" },
    runtimeInit: RUNTIME_INIT_2_0_3,
    declarativeOnboarding: DO_1_44_0,
};
const withData: FirstBootSettings = {
    ...base,
    adminUser: "ops",
    dataPlane: { vlanName: "external", interfaceName: "1.1", mtu: 9001, selfIpName: "external-self", selfIpCidr: "10.0.2.10/24" },
};
const cases: [string, FirstBootSettings][] = [["single-NIC (no data plane)", base], ["multi-NIC with data VLAN/self IP", withData]];

describe("firstBoot: rendered documents judged by F5's schemas", () => {
    const validateDo = doValidator();
    const validateRi = runtimeInitValidator();

    for (const [name, settings] of cases) {
        it(`${name}: the DO declaration is valid DO 1.45.0`, () => {
            const { doDeclaration } = renderFirstBoot(settings);
            assert.ok(validateDo(doDeclaration), describeErrors(validateDo.errors).join("\n"));
        });
        it(`${name}: the Runtime Init configuration (as parsed back from its YAML) is valid Runtime Init 2.0.3`, () => {
            const fb = renderFirstBoot(settings);
            const parsed = parse(fb.runtimeInitYaml) as any;
            assert.deepEqual(parsed, fb.runtimeInitConfig);
            assert.ok(validateRi(parsed), describeErrors(validateRi.errors).join("\n"));
            const inner = (fb.runtimeInitConfig as any).extension_services.service_operations[0].value;
            assert.ok(validateDo(inner), describeErrors(validateDo.errors).join("\n"));
        });
    }

    it("reads the password from Secrets Manager and installs DO pinned by hash", () => {
        const cfg = renderFirstBoot(withData).runtimeInitConfig as any;
        assert.deepEqual(cfg.runtime_parameters[0], {
            name: "ADMIN_PASS", type: "secret",
            secretProvider: { environment: "aws", type: "SecretsManager", version: "AWSCURRENT", secretId: withData.adminPasswordSecretId },
        });
        assert.deepEqual(cfg.extension_packages.install_operations, [{ extensionType: "do", extensionVersion: "1.44.0", extensionHash: DO_1_44_0.sha256 }]);
        const user = cfg.extension_services.service_operations[0].value.Common.ops;
        assert.equal(user.password, ADMIN_PASS_PLACEHOLDER);
        assert.deepEqual(user.keys, [withData.sshPublicKey]);
        assert.equal(cfg.extension_services.service_operations[0].value.Common["external-self"].address, "10.0.2.10/24");
    });

    it("negative: a wrong DO field is refused naming its JSON path", () => {
        const d = JSON.parse(JSON.stringify(renderFirstBoot(withData).doDeclaration));
        d.Common.external.mtu = 10000;
        d.Common.dns.nameServers = ["not-an-ip"];
        assert.equal(validateDo(d), false);
        const errs = describeErrors(validateDo.errors);
        assert.ok(errs.some((e) => e.startsWith("/Common/external/mtu:")), errs.join("\n"));
        assert.ok(errs.some((e) => e.startsWith("/Common/dns/nameServers/0:")), errs.join("\n"));
    });

    it("negative: DO's custom format f5ip is enforced (registered from formats.js)", () => {
        const d = JSON.parse(JSON.stringify(renderFirstBoot(withData).doDeclaration));
        d.Common["external-self"].address = "10.0.2.300/24";
        assert.equal(validateDo(d), false);
        assert.ok(describeErrors(validateDo.errors).some((e) => e.startsWith("/Common/external-self/address:") && e.includes("f5ip")));
    });

    it("negative: a wrong Runtime Init field is refused naming its JSON path", () => {
        const c = JSON.parse(JSON.stringify(renderFirstBoot(base).runtimeInitConfig));
        c.runtime_parameters[0].secretProvider.environment = "amazon";
        assert.equal(validateRi(c), false);
        const errs = describeErrors(validateRi.errors);
        assert.ok(errs.some((e) => e.startsWith("/runtime_parameters/0/secretProvider/environment:")), errs.join("\n"));
    });
});

describe("firstBoot: no secret in any rendered text; the script is bash", () => {
    it("a password canary given alongside the settings appears nowhere", () => {
        for (const [, settings] of cases) {
            const leaky = { ...settings, adminPassword: CANARY, password: CANARY } as FirstBootSettings;
            const fb = renderFirstBoot(leaky);
            for (const text of [fb.startupScript, fb.runtimeInitYaml, JSON.stringify(fb.runtimeInitConfig), JSON.stringify(fb.doDeclaration)]) {
                assert.ok(!text.includes(CANARY), "the canary leaked");
                assert.ok(!text.includes("Canary-Pw"), "part of the canary leaked");
            }
            assert.ok(fb.startupScript.includes(ADMIN_PASS_PLACEHOLDER));
        }
    });

    it("the startup script passes bash -n, writes the exact YAML and checks the pinned hash before installing", () => {
        const fb = renderFirstBoot(withData);
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "firstboot-")), "user-data.sh");
        fs.writeFileSync(file, fb.startupScript);
        const r = spawnSync("bash", ["-n", file], { encoding: "utf8" });
        assert.equal(r.status, 0, r.stderr);
        const lines = fb.startupScript.split("\n");
        const start = lines.findIndex((l) => l.endsWith(`<< '${CONFIG_HEREDOC}'`));
        const end = lines.indexOf(CONFIG_HEREDOC);
        assert.ok(start > 0 && end > start);
        assert.equal(lines.slice(start + 1, end).join("\n") + "\n", fb.runtimeInitYaml);
        const check = fb.startupScript.indexOf("sha256sum --check");
        const install = fb.startupScript.indexOf(`bash ${INSTALLER_PATH}`);
        assert.ok(fb.startupScript.includes(`RI_SHA256='${RUNTIME_INIT_2_0_3.sha256}'`));
        assert.ok(fb.startupScript.includes(`RI_URL='${RUNTIME_INIT_2_0_3.url}'`));
        assert.ok(check > 0 && install > check, "the hash is checked before the installer runs");
    });

    it("the hash check really refuses a tampered installer (the script's check, run on a file)", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "firstboot-"));
        const f = path.join(dir, "pkg");
        fs.writeFileSync(f, "tampered");
        const line = renderFirstBoot(base).startupScript.split("\n").find((l) => l.includes("sha256sum --check"))!;
        const cond = line.replace(/^if ! /, "").replace(/; then$/, "").split(INSTALLER_PATH).join(f);
        const run = (sha: string) => spawnSync("bash", ["-c", `RI_SHA256='${sha}'; ${cond}`]).status;
        assert.notEqual(run(RUNTIME_INIT_2_0_3.sha256), 0);
        const good = spawnSync("sha256sum", [f], { encoding: "utf8" }).stdout.split(" ")[0];
        assert.equal(run(good), 0);
    });

    it("invalid settings are refused naming the field", () => {
        assert.throws(() => renderFirstBoot({ ...base, adminPasswordSecretId: "x; rm -rf /" }), /firstBoot\.adminPasswordSecretId/);
        assert.throws(() => renderFirstBoot({ ...base, runtimeInit: { ...RUNTIME_INIT_2_0_3, sha256: "abc" } }), /firstBoot\.runtimeInit\.sha256/);
        assert.throws(() => renderFirstBoot({ ...withData, dataPlane: { ...withData.dataPlane!, mtu: 9199 } }), /firstBoot\.dataPlane\.mtu/);
        assert.throws(() => renderFirstBoot({ ...base, sshPublicKey: "ssh-ed25519 AAAA\nEVIL" }), /firstBoot\.sshPublicKey/);
    });
});
