/**
 * Issue 8, section 2: findings 1-6 and 9, each with a test that failed before the fix.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import * as pulumi from "@pulumi/pulumi";
import { BigIpInstance, BigIpInstanceArgs } from "../../components/bigip/instance/bigipInstance";
import { DO_1_44_0, FirstBootSettings, renderFirstBoot, RUNTIME_INIT_2_0_3 } from "../../components/bigip/instance/firstBoot";
import { validateBigIpInstanceArgs } from "../../components/bigip/instance/validate";
import { validateAdminCidrs } from "../../components/common/adminCidrs";
import { ConfigError } from "../../components/common/errors";
import { checkPassword, jsonStringBody } from "../../components/common/secrets";
import { checkCapture, renderTunnelEnv, validateCollectorCloudInit } from "../../components/collector/cloudInit";
import { validateCloneAcrossL3Args } from "../../components/cloneAcrossL3/validate";
import { ipToInt, isIpv4, parseCidr } from "../../components/network/cidr";
import { Mocked, runFailingProgram, settle, useMocks } from "../helpers/mocks";
import { COMMAND, INSTANCE } from "../helpers/types";
import { NAME, defaults } from "../cloneAcrossL3/fixture";

const HOST_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBERERERERERERERERERERERERERERERERERERERERER";
const KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABZmFrZS1wcml2YXRlLWtleS1mb3ItdGVzdHM=\n-----END OPENSSH PRIVATE KEY-----\n";
const base: BigIpInstanceArgs = {
    vpcId: "vpc-1", managementSubnetId: "subnet-m", externalSubnetId: "subnet-x", adminCidrs: ["198.51.100.0/24"],
    sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIi test@example",
    adminPassword: pulumi.secret("Good-pw-1"),
};
const FIRST_BOOT: FirstBootSettings = {
    hostname: "bi.clone-l3.internal", adminUser: "admin", adminPasswordSecretId: "arn:aws:secretsmanager:us-east-1:123456789012:secret:bi-a",
    dnsServers: ["169.254.169.253"], ntpServers: ["169.254.169.123"], timezone: "UTC", provisioning: { ltm: "nominal" },
    runtimeInit: RUNTIME_INIT_2_0_3, declarativeOnboarding: DO_1_44_0,
};

function throwsSetting(f: () => unknown, setting: string, detail?: RegExp): void {
    assert.throws(f, (e: unknown) => {
        assert.ok(e instanceof ConfigError, String(e));
        assert.equal(e.setting, setting, e.message);
        if (detail) assert.match(e.message, detail);
        return true;
    });
}

/** Builds, waits, and returns the ConfigErrors the runtime reported (a secret checked inside apply fails the registration). */
async function buildCollecting(m: Mocked, build: () => unknown, waitMs = 600): Promise<ConfigError[]> {
    const { thrown, rejections } = await runFailingProgram(m, build, waitMs);
    if (thrown !== undefined) throw thrown;
    return rejections.filter((e): e is ConfigError => e instanceof ConfigError);
}

describe("issue 8 security findings", () => {
    describe("1. trust (issue 15.3): no SSH session at all; REST pins the certificate the stack generated, from the first byte", () => {
        let m: Mocked;
        beforeEach(async () => { m = await useMocks(); });

        it("even with 0.2.0's sshHostKey/sshPrivateKey set, nothing opens SSH and neither value is used", async () => {
            const bi = new BigIpInstance("bi", { ...base, sshHostKey: HOST_KEY, sshPrivateKey: KEY });
            await settle(bi.instanceId, bi.onboarded, bi.certificateFingerprint);
            assert.deepEqual(m.ofType(COMMAND), []);
            const all = JSON.stringify(m.resources.map((r) => r.inputs));
            assert.ok(!all.includes(HOST_KEY) && !all.includes("ZmFrZS1wcml2YXRl"));
            assert.match(String(await new Promise((r) => bi.certificateFingerprint.apply(r))), /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
        });

        it("the README states what an attacker in the network path can and cannot do", () => {
            const readme = fs.readFileSync(path.join(__dirname, "../../README.md"), "utf8");
            assert.match(readme, /attacker in the network path/i);
            assert.doesNotMatch(readme, /trust on first use: whoever answers/i);
        });
    });

    describe("2. open-admin bypass: the union of adminCidrs is judged, reserved ranges are refused", () => {
        for (const cidrs of [["0.0.0.0/1", "128.0.0.0/1"], ["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/2", "192.0.0.0/2"], ["2.0.0.0/7"]]) {
            it(`${cidrs.join(" + ")} needs allowOpenAdmin`, () => {
                throwsSetting(() => validateAdminCidrs(cidrs, undefined, "adminCidrs", "allowOpenAdmin"), "adminCidrs", /allowOpenAdmin/);
                assert.deepEqual(validateAdminCidrs(cidrs, true, "adminCidrs", "allowOpenAdmin"), cidrs);
            });
        }
        for (const c of ["0.0.0.0/8", "127.0.0.1/32", "169.254.169.254/32", "224.0.0.0/4", "255.255.255.255/32"]) {
            it(`refuses the reserved ${c}`, () => throwsSetting(() => validateAdminCidrs(["203.0.113.10/32", c], undefined, "adminCidrs", "allowOpenAdmin"), "adminCidrs[1]", /range/));
        }
        it("a normal list is still fine (a /8 at most)", () => {
            assert.deepEqual(validateAdminCidrs(["10.0.0.0/8", "203.0.113.10/32"].slice(0, 1), undefined, "a", "b"), ["10.0.0.0/8"]);
        });
    });

    describe("3. single-NIC: management ports are refused as virtual server ports", () => {
        for (const port of [8443, 22]) {
            it(`refuses ${port} in virtualServerPorts with nics single`, () => {
                const { externalSubnetId: _x, ...single } = base;
                throwsSetting(() => validateBigIpInstanceArgs({ ...single, nics: "single", virtualServerPorts: [80, port], clientCidrs: ["0.0.0.0/0"] }),
                    "virtualServerPorts[1]", /management port/);
                // Multi-NIC: the data SG is on the external ENI, so the same ports are fine there.
                assert.deepEqual(validateBigIpInstanceArgs({ ...base, virtualServerPorts: [80, port] }).virtualServerPorts, [80, port]);
            });
        }
        it("refuses the demo on a management port in single-NIC", () => {
            throwsSetting(() => validateCloneAcrossL3Args(defaults({ demo: { port: 8443 } }, { nics: "single" }), NAME), "demo.port", /management port/);
        });
    });

    describe("4. password into the DO declaration: stored JSON-escaped, Runtime Init's JSON rendering gives it back exactly", () => {
        // What Runtime Init 2.0.3 does with a service operation (src/cli.ts): JSON.parse(Mustache.render(JSON.stringify(decl), params)).
        const Mustache = require("mustache");
        const decl = renderFirstBoot(FIRST_BOOT).doDeclaration;
        const rendered = (secretValue: string) => JSON.parse(Mustache.render(JSON.stringify(decl), { ADMIN_PASS: secretValue })).Common.admin.password;

        it("every printable ASCII character reaches DO unchanged from the escaped secret", () => {
            const pw = `A${Array.from({ length: 95 }, (_x, i) => String.fromCharCode(32 + i)).join("")}z`;
            assert.equal(checkPassword(pw, "p"), pw);
            assert.equal(rendered(jsonStringBody(pw)), pw);
        });

        it("why the secret is escaped: the raw value with a \" breaks Runtime Init's JSON, with a \\ it changes the password", () => {
            assert.throws(() => rendered('QZab"cdefg'), SyntaxError);
            assert.equal(rendered("QZab\\ncdef"), "QZab\ncdef");
            assert.equal(rendered(jsonStringBody("QZab\\ncdef")), "QZab\\ncdef");
        });

        it("refuses what cannot pass (never quoting the value)", () => {
            for (const bad of ["", "QZa\nQZb", "QZtab\tQZ", " QZlead", "QZtrail ", "QZé", `QZ${"x".repeat(127)}`, "QZnul\0"]) {
                assert.throws(() => checkPassword(bad, "bigip.adminPassword"), (e: any) => {
                    assert.equal(e.setting, "bigip.adminPassword");
                    assert.ok(!e.message.includes("QZ"), e.message);
                    return true;
                });
            }
            assert.equal(checkPassword("a b{c}!", "p"), "a b{c}!");
            assert.equal(checkPassword("a b{c}!'%;/|#", "p"), "a b{c}!'%;/|#");
        });
    });

    describe("5. a secret password is validated inside apply, before the instance, without printing it", () => {
        let m: Mocked;
        beforeEach(async () => { m = await useMocks(); });
        for (const [title, over, setting, secretText] of [
            ["an empty secret password", { adminPassword: pulumi.secret("") }, "adminPassword", undefined],
            ["a two-line secret password", { adminPassword: pulumi.secret("Sec-line1\nSec-line2") }, "adminPassword", "Sec-line"],
            ["a secret password with a tab", { adminPassword: pulumi.secret("Sec\tTabbed") }, "adminPassword", "Tabbed"],
        ] as [string, Partial<BigIpInstanceArgs>, string, string | undefined][]) {
            it(`${title}: a ConfigError naming ${setting}, no instance and no SSH command`, async () => {
                const errors = await buildCollecting(m, () => new BigIpInstance("bi", { ...base, ...over }));
                assert.ok(errors.length > 0, "the check failed the deployment");
                assert.ok(errors.every((e) => e.setting === setting), errors.map((e) => e.message).join("\n"));
                if (secretText) assert.ok(errors.every((e) => !e.message.includes(secretText)), "the value is never printed");
                assert.deepEqual(m.ofType(INSTANCE).map((r) => r.name), []);
                assert.deepEqual(m.ofType(COMMAND).map((r) => r.name), []);
            });
        }
    });

    describe("6. capture directory: only a dedicated directory under a safe parent", () => {
        const ok = { enabled: true, fileSizeMb: 1, fileCount: 1 };
        for (const dir of ["/", "/etc", "/usr/local/sbin", "/var", "/var/log", "/root", "/tmp", "/var/capture/../../etc", "/var/capturex", "/var/capture/", "/home/ec2-user"]) {
            it(`refuses ${dir}`, () => throwsSetting(() => checkCapture({ ...ok, directory: dir }), "capture.directory", /\/var\/capture/));
        }
        it("accepts /var/capture and directories below the safe parents", () => {
            for (const dir of ["/var/capture", "/var/capture/clone0", "/srv/capture/x", "/data/capture/pcap"]) assert.equal(checkCapture({ ...ok, directory: dir }).directory, dir);
        });
    });

    describe("9. whitespace is rejected, not trimmed, wherever addresses are parsed", () => {
        for (const text of [" 1.2.3.4", "1.2.3.4 ", "1.2.3.4\n", "\t1.2.3.4"]) {
            it(`ipToInt/isIpv4 refuse ${JSON.stringify(text)}`, () => {
                assert.equal(ipToInt(text), undefined);
                assert.equal(isIpv4(text), false);
            });
        }
        for (const text of [" 1.2.3.4/32", "10.0.2.5 /32", "10.0.0.0/16\n", "10.0.0.0/ 16"]) {
            it(`parseCidr refuses ${JSON.stringify(text)}`, () => throwsSetting(() => parseCidr(text, "x"), "x", /whitespace/));
        }
        it("adminCidrs: \" 1.2.3.4/32\" no longer slips past the duplicate check", () => {
            throwsSetting(() => validateAdminCidrs(["1.2.3.4/32", " 1.2.3.4/32"], undefined, "adminCidrs", "allowOpenAdmin"), "adminCidrs[1]");
        });
        it("clientCidrs: \"10.0.2.5 /32\" never reaches an SG rule", () => {
            throwsSetting(() => validateBigIpInstanceArgs({ ...base, clientCidrs: ["10.0.2.5 /32"] }), "clientCidrs[0]");
        });
        it("a newline never reaches the collector env file", () => {
            const o = {
                encapsulation: "gre" as const, deviceName: "clone0", localIp: "10.1.1.10", remoteIp: "10.0.2.5\nEVIL=1", macAddress: "02:00:00:00:00:01",
                mtu: 8963, capture: { enabled: false, directory: "/var/capture", fileSizeMb: 1, fileCount: 1 },
            };
            throwsSetting(() => renderTunnelEnv(validateCollectorCloudInit(o)), "remoteIp");
            throwsSetting(() => validateCollectorCloudInit({ ...o, remoteIp: "10.0.2.5", overlayAddress: "10.254.0.2/29\n" }), "overlayAddress");
        });
        it("existingBigip.tunnelSourceIp and collector underlay IPs with whitespace are refused", () => {
            throwsSetting(() => validateCloneAcrossL3Args({ ...defaults(), collectors: [{ existing: { underlayIp: "10.1.7.7 " } }] }, NAME), "collectors[0].existing.underlayIp");
        });
    });
});
