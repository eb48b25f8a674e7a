/**
 * Issue 14, security 2, 3 and 5 through the commands that talk to the device (`npm run doctor`, `npm run
 * remote-capture`, always through their `main`), against the emulator's test-only misbehaviours: an answer echoing our
 * request prints no credential in any form (the password as the device echoes it, the token), an endless answer exits
 * 3 naming the URL and the cap, a redirect exits 3 at once naming the Location. The provider side is
 * hostileProvider.test.ts; the REST client's own proofs are test/bigip/rest/hostile.test.ts.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BOOT_401_RETRIES, MAX_ANSWER_BYTES, resetReadiness } from "../../components/bigip/rest";
import { main as doctorMain } from "../../stacks/doctor/cli";
import { main as captureMain } from "../../stacks/remote-capture/cli";
import { CliRun, runCli } from "../helpers/cli";
import { useEmulator } from "../bigip/objects/harness";
import { assertClean, canaries, CANARY_PASSWORD } from "./canaries";

const path0 = { collector: "ids1", collectorIp: "10.1.1.20", tunnel: "/Common/clone-ids1", pool: "/Common/clone-ids1-pool", collectorMac: "02:5e:10:0a:0b:0c",
    collectorOverlayIp: "10.254.0.2", bigipOverlay: "10.254.0.1/29", encapsulation: "gre", key: 0, mtu: 8963, requiredMtu: 9001 };

const COMMANDS = {
    doctor: { main: doctorMain, args: [] as string[] },
    "remote-capture": { main: captureMain, args: ["--seconds", "5"] },
};
type Command = keyof typeof COMMANDS;

describe("the device commands against a hostile peer (issue 14: security 2, 3, 5)", function () {
    this.timeout(60_000);
    const box = useEmulator({ users: { admin: CANARY_PASSWORD } });
    let dir: string;
    let file: string;
    before(() => {
        const { e } = box;
        const doctor = {
            device: { host: e.host, port: e.port, username: "admin", tls: { fingerprint256: e.fingerprint256 } },
            tunnelSourceIp: "10.0.2.5", paths: [path0], attachments: [],
        };
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "hostile-cli-"));
        file = path.join(dir, "stack-output.json");
        fs.writeFileSync(file, JSON.stringify({ tunnelSourceIp: "10.0.2.5", doctor }, null, 2));
    });
    after(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });
    // Each run is a new process: it checks readiness again.
    beforeEach(() => { box.e.calm(); box.e.clearLog(); resetReadiness(); });

    /** Runs a command with the canary password; nothing it prints may carry a credential the client sent. */
    const run = async (cmd: Command, extra: string[] = []): Promise<CliRun> => {
        const r = await runCli(COMMANDS[cmd].main, ["--expect", file, "--timeout", "5", ...COMMANDS[cmd].args, ...extra], { BIGIP_PASSWORD: CANARY_PASSWORD });
        assertClean(r.out + r.err, canaries(box.e), `${cmd}'s output`);
        return r;
    };

    /** The request each command makes after logging in, which the tests answer badly. */
    const READ: Record<Command, { method: string; path: RegExp }> = {
        doctor: { method: "GET", path: /^\/mgmt\/tm\/ltm\/pool$/ },
        "remote-capture": { method: "POST", path: /^\/mgmt\/tm\/util\/bash$/ },
    };

    for (const cmd of Object.keys(COMMANDS) as Command[]) {
        describe(`npm run ${cmd}`, () => {
            for (const as of ["json", "text"] as const) {
                it(`the login echoed (${as}, the password JSON-escaped in it): exit 3, the password in no form printed`, async () => {
                    const before = box.e.echoed().length;
                    // every login tried: a 401 is retried while the device may be booting (rest/readiness.ts)
                    box.e.misbehave({ method: "POST", path: /^\/mgmt\/shared\/authn\/login$/ }, { kind: "echo", as, status: 401 }, 1 + BOOT_401_RETRIES);
                    const r = await run(cmd);
                    assert.equal(r.code, 3, r.out + r.err);
                    assert.match(r.err, /authentication failed/);
                    const echoed = box.e.echoed().length - before; // all retries, or fewer if the readiness timeout came first
                    box.e.calm();
                    assert.ok(echoed >= 1 && echoed <= 1 + BOOT_401_RETRIES, `${echoed} logins`);
                });
            }

            // A 200 that is not the answer asked for: remote-capture quotes it in its error; the doctor takes it as no objects.
            for (const as of cmd === "doctor" ? ["json", "text"] as const : ["json", "text", "success"] as const) {
                it(`its request after the login echoed (${as}): exit 3, the token not printed`, async () => {
                    box.e.misbehave(READ[cmd], { kind: "echo", as, status: 400 });
                    const r = await run(cmd);
                    assert.equal(r.code, 3, r.out + r.err);
                    assert.ok(box.e.echoed().some((q) => typeof q.headers["x-f5-auth-token"] === "string"), "the echo carried the token");
                });
            }

            it("an endless answer: exit 3 naming the URL and the cap; the stream was cut off", async () => {
                box.e.misbehave(READ[cmd], { kind: "huge", bytes: MAX_ANSWER_BYTES + 64 * 2 ** 20 });
                const r = await run(cmd);
                assert.equal(r.code, 3, r.out + r.err);
                const url = `https://${box.e.host}:${box.e.port}${cmd === "doctor" ? "/mgmt/tm/ltm/pool" : "/mgmt/tm/util/bash"}`;
                assert.ok(r.err.includes(url), r.err);
                assert.match(r.err, /64 MiB, the most this client reads from a device/);
                assert.equal(r.err.trim().split("\n").length, 1, r.err);
                const [huge] = box.e.hugeAnswers().slice(-1);
                assert.ok(huge.written < MAX_ANSWER_BYTES + 16 * 2 ** 20, `${huge.written} bytes written`);
            });

            it("an endless answer to the login: exit 3, said as such", async () => {
                box.e.misbehave({ method: "POST", path: /^\/mgmt\/shared\/authn\/login$/ }, { kind: "huge", bytes: 2 * MAX_ANSWER_BYTES, announce: true });
                const r = await run(cmd);
                assert.equal(r.code, 3, r.out + r.err);
                assert.match(r.err, /sent an answer too long to read: .*\/mgmt\/shared\/authn\/login announced 128 MiB/);
            });

            it("a redirect while waiting for readiness: exit 3 at once, naming the Location", async () => {
                box.e.misbehave({ method: "GET", path: /^\/mgmt\/tm\/sys\/ready$/ }, { kind: "redirect", status: 307, location: "https://other.example:8443/mgmt/tm/sys/ready" }, 100);
                const t0 = Date.now();
                const r = await run(cmd, ["--timeout", "20"]);
                assert.ok(Date.now() - t0 < 5_000, `took ${Date.now() - t0} ms`);
                assert.equal(r.code, 3, r.out + r.err);
                assert.match(r.err, /cannot reach the BIG-IP at [^ ]+: .*307 redirect to https:\/\/other\.example:8443\/mgmt\/tm\/sys\/ready, not followed/);
            });
        });
    }
});
