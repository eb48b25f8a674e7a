/**
 * The management certificate's install at first boot, run for real (issue 15.3): both post-onboard commands rendered
 * the way Runtime Init 2.0.3 renders them (Mustache over the JSON text, the `mustache` package it depends on), run by
 * /bin/sh in a scratch directory standing in for /config/httpd/conf, with a stand-in `tmsh`. The command holding the
 * secret never fails (its text would be logged); the second one installs, or puts the factory files back and fails.
 */
import * as assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { certificateInstallCommands, managementKeySecretString, MGMT_KEY_PARAMETER } from "../../components/bigip/instance/firstBoot";

const Mustache = require("mustache");

function keyPair(dir: string, name: string): { key: string; crt: string } {
    const [key, crt] = [path.join(dir, `${name}.key`), path.join(dir, `${name}.crt`)];
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", `/CN=${name}`, "-days", "1", "-keyout", key, "-out", crt], { stdio: "ignore" });
    return { key: fs.readFileSync(key, "utf8"), crt: fs.readFileSync(crt, "utf8") };
}

describe("first boot: the management certificate's install, run", function () {
    this.timeout(60_000);
    // Made while the suite is defined: the cases below name the keys.
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "clone-l3-cert-"));
    const stack = keyPair(work, "stack");
    const other = keyPair(work, "other");
    fs.mkdirSync(path.join(work, "bin"));
    fs.writeFileSync(path.join(work, "bin", "tmsh"), "#!/bin/sh\necho \"tmsh $*\" >> \"$TMSH_LOG\"\n[ -z \"$TMSH_FAIL\" ]\n", { mode: 0o755 });
    after(() => fs.rmSync(work, { recursive: true, force: true }));

    /** A fresh "device": factory files in place; runs both commands as Runtime Init would, with `secret` as the key parameter. */
    function boot(secret: string, env: Record<string, string> = {}) {
        const dir = fs.mkdtempSync(path.join(work, "conf-"));
        for (const d of ["ssl.key", "ssl.crt"]) fs.mkdirSync(path.join(dir, d));
        fs.writeFileSync(path.join(dir, "ssl.key/server.key"), "FACTORY KEY\n", { mode: 0o600 });
        fs.writeFileSync(path.join(dir, "ssl.crt/server.crt"), "FACTORY CERT\n", { mode: 0o644 });
        const rendered: string[] = JSON.parse(Mustache.render(JSON.stringify(certificateInstallCommands(stack.crt, dir)), { [MGMT_KEY_PARAMETER]: secret }));
        const runEnv = { ...process.env, PATH: `${path.join(work, "bin")}:${process.env.PATH}`, TMSH_LOG: path.join(dir, "tmsh.log"), ...env };
        const results = rendered.map((c) => spawnSync("/bin/sh", ["-c", c], { env: runEnv, encoding: "utf8" }));
        const read = (f: string) => fs.readFileSync(path.join(dir, f), "utf8");
        const mode = (f: string) => (fs.statSync(path.join(dir, f)).mode & 0o777).toString(8);
        return { dir, results, read, mode, left: fs.readdirSync(path.join(dir, "ssl.key")).concat(fs.readdirSync(path.join(dir, "ssl.crt"))).sort() };
    }

    it("the stack's key: installed (key 600, certificate 644), factory files kept aside, httpd restarted, no key text left behind", () => {
        const b = boot(managementKeySecretString(stack.key));
        assert.deepEqual(b.results.map((r) => r.status), [0, 0], b.results.map((r) => r.stderr).join("\n"));
        assert.equal(b.read("ssl.key/server.key"), stack.key);
        assert.equal(b.read("ssl.crt/server.crt"), stack.crt);
        assert.deepEqual([b.mode("ssl.key/server.key"), b.mode("ssl.crt/server.crt")], ["600", "644"]);
        assert.deepEqual(b.left, ["server.crt", "server.crt.factory", "server.key", "server.key.factory"]);
        assert.equal(b.read("tmsh.log"), "tmsh restart sys service httpd\n");
    });

    for (const [what, secret] of [
        ["another certificate's key", managementKeySecretString(other.key)],
        ["an empty secret", ""],
        ["a secret that is not base64", "!!not base64!!"],
    ] as const) {
        it(`${what}: the first command still succeeds (its text, the secret, is never logged); the second fails and the factory files stay`, () => {
            const b = boot(secret);
            assert.deepEqual(b.results.map((r) => r.status), [0, 1]);
            assert.equal(b.read("ssl.key/server.key"), "FACTORY KEY\n");
            assert.equal(b.read("ssl.crt/server.crt"), "FACTORY CERT\n");
            assert.ok(!b.left.some((f) => f.includes("clone-l3")), `left: ${b.left}`);
            assert.match(b.results[1].stderr, /management certificate not installed; the factory one stays/);
            if (secret) for (const r of b.results) assert.ok(!`${r.stdout}${r.stderr}`.includes(secret.slice(0, 24)), "no output quotes the secret");
        });
    }

    it("httpd does not restart: the factory files are put back and it fails", () => {
        const b = boot(managementKeySecretString(stack.key), { TMSH_FAIL: "1" });
        assert.deepEqual(b.results.map((r) => r.status), [0, 1]);
        assert.deepEqual([b.read("ssl.key/server.key"), b.read("ssl.crt/server.crt")], ["FACTORY KEY\n", "FACTORY CERT\n"]);
    });

    it("only the first command holds the secret's placeholder", () => {
        const [writeSecret, install] = certificateInstallCommands(stack.crt);
        assert.ok(writeSecret.includes(`{{{ ${MGMT_KEY_PARAMETER} }}}`) && writeSecret.endsWith("exit 0"));
        assert.ok(!install.includes("{{"));
    });
});
