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
import { onboardCreateCommand, renderOnboardScript, tmshEscapePassword, TMSH_ESCAPED } from "../../components/bigip/instance/onboard";
import { validateBigIpInstanceArgs } from "../../components/bigip/instance/validate";
import { validateAdminCidrs } from "../../components/common/adminCidrs";
import { ConfigError } from "../../components/common/errors";
import { checkPassword } from "../../components/common/secrets";
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
    adminPassword: pulumi.secret("Good-pw-1"), sshPrivateKey: KEY,
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
    describe("1. SSH trust: bigip.sshHostKey is verified by the onboarding session", () => {
        let m: Mocked;
        beforeEach(async () => { m = await useMocks(); });

        it("passes the host key to @pulumi/command's connection.hostKey", async () => {
            const bi = new BigIpInstance("bi", { ...base, sshHostKey: HOST_KEY });
            await settle(bi.instanceId, bi.onboarded);
            assert.equal(m.named("bi-onboard").inputs.connection.hostKey, HOST_KEY);
        });

        it("without it, no hostKey is sent (trust on first use, as the README says)", async () => {
            const bi = new BigIpInstance("bi", base);
            await settle(bi.instanceId, bi.onboarded);
            assert.equal(m.named("bi-onboard").inputs.connection.hostKey, undefined);
            const readme = fs.readFileSync(path.join(__dirname, "../../README.md"), "utf8");
            assert.match(readme, /trust on first use/i);
        });

        it("refuses a host key that is not one OpenSSH public key line", () => {
            for (const bad of ["AAAAC3NzaC1lZDI1NTE5", `${HOST_KEY}\nssh-rsa AAAA`, "bigip.example.net ssh-ed25519 AAAA", "ssh-ed25519 AAAA!!"]) {
                throwsSetting(() => validateBigIpInstanceArgs({ ...base, sshHostKey: bad }, "bigip"), "bigip.sshHostKey");
            }
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

    describe("4. password into tmsh: escaped as f5-cloud-libs createUser.sh, never echoed", () => {
        it("escapes !'\"%{};/|#, space and backslash with a backslash, and nothing else", () => {
            assert.deepEqual([...TMSH_ESCAPED].sort(), ["!", "'", "\"", "%", "{", "}", ";", "/", "|", "#", " ", "\\"].sort());
            assert.equal(tmshEscapePassword("a b{c}\\d!'\"%;/|#x$&"), "a\\ b\\{c\\}\\\\d\\!\\'\\\"\\%\\;\\/\\|\\#x$&");
        });

        const FAKE_TMSH = '#!/bin/bash\ncase "$1 $2" in\n  "show sys") echo running;;\n  "modify auth") printf "%s" "$6" > "$LOG"; ' +
            '[ -n "$FAIL" ] && { echo "01070734:3: Configuration error: invalid password ${6:0:5}" >&2; exit 1; };;\nesac\nexit 0\n';
        function run(password: string, fail: boolean): { out: string; err: string; tmshGot: string } {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "onboard8-"));
            fs.writeFileSync(path.join(dir, "tmsh"), FAKE_TMSH, { mode: 0o755 });
            fs.writeFileSync(path.join(dir, "sleep"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
            const inner = /^run util bash -c '(.*)'$/.exec(onboardCreateCommand(renderOnboardScript({ readinessTimeoutMinutes: 0 })))![1];
            let out = ""; let err = "";
            try {
                out = execFileSync("bash", ["-c", inner], {
                    input: `${password}\n`, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"],
                    env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, LOG: path.join(dir, "log"), ...(fail ? { FAIL: "1" } : {}) },
                });
            } catch (e: any) { out = e.stdout; err = e.stderr; }
            const tmshGot = fs.existsSync(path.join(dir, "log")) ? fs.readFileSync(path.join(dir, "log"), "utf8") : "";
            fs.rmSync(dir, { recursive: true, force: true });
            return { out, err, tmshGot };
        }

        it("the script hands tmsh exactly createUser.sh's escaping (run for real against a fake tmsh)", () => {
            const pw = "a b{c}\\d!'\"%;/|#x";
            assert.equal(run(pw, false).tmshGot, tmshEscapePassword(pw));
        });

        it("a failing tmsh's output (which quotes a fragment of the password) is not echoed", () => {
            const { out, err } = run("Frag-ment-pw-1", true);
            assert.match(err, /setting the admin password failed/);
            assert.ok(!`${out}${err}`.includes("Frag-"), `${out}${err}`);
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
        });
    });

    describe("5. a secret password / key is validated inside apply, before the instance, without printing it", () => {
        let m: Mocked;
        beforeEach(async () => { m = await useMocks(); });
        for (const [title, over, setting, secretText] of [
            ["an empty secret password", { adminPassword: pulumi.secret("") }, "adminPassword", undefined],
            ["a two-line secret password", { adminPassword: pulumi.secret("Sec-line1\nSec-line2") }, "adminPassword", "Sec-line"],
            ["a secret password with a tab", { adminPassword: pulumi.secret("Sec\tTabbed") }, "adminPassword", "Tabbed"],
            ["a secret private key that does not parse", { sshPrivateKey: pulumi.secret("-----BEGIN OPENSSH PRIVATE KEY-----\nnot base64!\n-----END OPENSSH PRIVATE KEY-----\n") },
                "sshPrivateKey", "not base64"],
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
