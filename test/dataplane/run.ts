/**
 * Runs test/dataplane/scenario.sh: in network namespaces on this machine's kernel (VXLAN), or inside a QEMU guest
 * with Debian's cloud kernel (GRE-TEB, which this kernel lacks). Either way the collector's files are the ones its
 * cloud-config writes, and the collector runs its systemd unit's ExecStart.
 */
import * as assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { BigipSide, CaseName, DeviceCases, scenarioEnv, WrittenFile } from "./device";

const HERE = __dirname;
export const SCENARIO = path.join(HERE, "scenario.sh");
const GUEST = path.join(HERE, "guest");
export const CACHE = process.env.DATAPLANE_CACHE ?? path.resolve(HERE, "../../.work/dataplane");

const seconds = (t0: number) => (Date.now() - t0) / 1000;

/** Fails loudly, naming what to install, when a tool the proof drives is missing or we are not root. */
export function requireTools(tools: string[]): void {
    assert.equal(process.getuid?.(), 0, "the data-plane proof creates network namespaces: run it as root (CI does)");
    const missing = tools.filter((t) => spawnSync("sh", ["-c", `command -v ${t}`]).status !== 0);
    assert.deepEqual(missing, [], `missing ${missing.join(", ")}: install the test tools with \`bash .ci/run --deps-only\``);
    assert.ok(fs.existsSync("/bin/busybox"), "missing /bin/busybox (Debian package busybox-static): `bash .ci/run --deps-only`");
}

function writeFiles(root: string, files: WrittenFile[]): void {
    for (const f of files) {
        const p = path.join(root, f.path);
        fs.mkdirSync(path.dirname(p), { recursive: true });
        fs.writeFileSync(p, f.content, { mode: f.mode });
        fs.chmodSync(p, f.mode);
    }
}

/** One case on this kernel. The collector's files sit under `<dir>/root` at the paths write_files gives them. */
export function runOnHost(d: DeviceCases, name: CaseName, canary: string, dir: string, ns: string): number {
    return runScenario(d, d.sides[name], canary, dir, ns, {}, name);
}

/** One scenario run for one BIG-IP side; `extra` adds settings (a pair's SHARED, RB, DATA_GW of the unit). */
export function runScenario(d: DeviceCases, side: BigipSide, canary: string, dir: string, ns: string, extra: Record<string, string>, name: string): number {
    const t0 = Date.now();
    const root = path.join(dir, "root");
    const out = path.join(dir, "out");
    fs.mkdirSync(out, { recursive: true });
    writeFiles(root, d.collector.files);
    // The unit's command lines with the written files' paths under the temporary root (nothing else changes).
    const up = d.collector.execStart.split("\n").map((line) => line.split(" ")
        .map((w) => (d.collector.files.some((f) => f.path === w) ? path.join(root, w) : w)).join(" ")).join("\n");
    const r = spawnSync("sh", [SCENARIO], {
        env: { PATH: process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin", ...scenarioEnv(d, side, ns, canary, up), ...extra, OUT: out },
        encoding: "utf8", timeout: 120_000,
    });
    fs.writeFileSync(path.join(out, "scenario.log"), `${r.stdout}\n${r.stderr}`);
    if (r.error || r.status !== 0) {
        throw new Error(`scenario ${name} failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stdout}\n${r.stderr}`);
    }
    return seconds(t0);
}

/** Builds (or finds cached) the guest's kernel and initramfs. */
export function prepareGuest(): { seconds: number; cached: boolean; output: string } {
    const t0 = Date.now();
    const script = path.join(GUEST, "prepare.sh");
    const env = { ...process.env, DATAPLANE_CACHE: CACHE };
    if (spawnSync(script, ["--check"], { env }).status === 0) return { seconds: seconds(t0), cached: true, output: "" };
    const r = spawnSync(script, [], { env, encoding: "utf8", timeout: 600_000 });
    const output = `${r.stdout}${r.stderr}`;
    if (r.error || r.status !== 0) throw new Error(`the QEMU guest could not be prepared (${r.error?.message ?? `exit ${r.status}`}):\n${output}`);
    return { seconds: seconds(t0), cached: false, output };
}

export interface GuestRun {
    /** Host wall time until the guest's init said it booted, and the guest's uptime then. */
    bootSeconds: number; bootUptime: number;
    qemuSeconds: number;
    /** Guest-side duration of each case. */
    cases: Record<string, number>;
    outDirs: Record<string, string>;
    console: string;
}

const q = (v: string) => {
    assert.ok(!v.includes("'"), `a value with a quote cannot go into the guest's env file: ${v}`);
    return `'${v}'`;
};

function bootQemu(initrd: string, consoleLog: string, dataLog: string): Promise<{ code: number | null; bootSeconds?: number; stderr: string; seconds: number }> {
    const t0 = Date.now();
    for (const f of [consoleLog, dataLog]) fs.writeFileSync(f, "");
    const args = [
        // /dev/kvm here is a paravirtual (PVM) device a stock kernel cannot use: TCG, software emulation.
        "-M", "q35", "-accel", "tcg,thread=multi", "-cpu", "max", "-smp", "2", "-m", "512",
        "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
        "-serial", `file:${consoleLog}`, "-serial", `file:${dataLog}`,
        "-kernel", path.join(CACHE, "vmlinuz"), "-initrd", initrd,
        "-append", "console=ttyS0 panic=-1 quiet loglevel=4",
    ];
    return new Promise((resolve) => {
        const p = spawn("qemu-system-x86_64", args, { stdio: ["ignore", "ignore", "pipe"] });
        let stderr = "";
        let bootSeconds: number | undefined;
        p.stderr.on("data", (b) => { stderr += b; });
        const poll = setInterval(() => {
            if (bootSeconds === undefined && fs.readFileSync(consoleLog, "utf8").includes("DPTEST-BOOTED")) bootSeconds = seconds(t0);
            // Boot watchdog: a guest that never reaches /init is killed (and retried by the caller).
            if (bootSeconds === undefined && seconds(t0) > 90) p.kill("SIGKILL");
            if (seconds(t0) > 400) p.kill("SIGKILL");
        }, 100);
        p.on("error", (err) => { stderr += `cannot start qemu-system-x86_64: ${err.message}`; });
        p.on("close", (code) => {
            clearInterval(poll);
            if (bootSeconds === undefined && fs.readFileSync(consoleLog, "utf8").includes("DPTEST-BOOTED")) bootSeconds = seconds(t0);
            resolve({ code, bootSeconds, stderr, seconds: seconds(t0) });
        });
    });
}

/** Every case in one boot of the guest; the captures come back over the second serial port. */
export async function runInGuest(d: DeviceCases, names: CaseName[], canary: string, dir: string): Promise<GuestRun> {
    return runCasesInGuest(d.collector.files, names.map((name) => ({ name, env: scenarioEnv(d, d.sides[name], "dp", canary, d.collector.execStart) })), dir);
}

/** One scenario run in the guest: its env file's name (main.sh runs them in name order) and settings. */
export interface GuestCase { name: string; env: Record<string, string> }

/**
 * Cases in one boot of the guest (in name order, so shared namespaces made by one case serve the next: a pair's
 * SHARED/SHARED_CREATE). `files` go exactly where write_files puts them: the guest is a throwaway root.
 */
export async function runCasesInGuest(files: WrittenFile[], guestCases: GuestCase[], dir: string): Promise<GuestRun> {
    const ov = path.join(dir, "overlay");
    fs.mkdirSync(path.join(ov, "test", "cases"), { recursive: true });
    fs.copyFileSync(SCENARIO, path.join(ov, "test", "scenario.sh"));
    fs.copyFileSync(path.join(GUEST, "main.sh"), path.join(ov, "test", "main.sh"));
    writeFiles(ov, files);
    for (const { name, env } of guestCases) {
        fs.writeFileSync(path.join(ov, "test", "cases", `${name}.env`), Object.entries(env).map(([k, v]) => `${k}=${q(v)}\n`).join(""));
    }
    const initrd = path.join(dir, "initrd");
    const pack = spawnSync("sh", ["-c", `cd "${ov}" && find . | cpio -o -H newc --quiet | gzip -1 > ../overlay.cpio.gz`], { encoding: "utf8" });
    assert.equal(pack.status, 0, `packing the guest overlay failed: ${pack.stderr}`);
    // Two gzip'd cpio archives back to back: the kernel unpacks both, the second over the first.
    fs.writeFileSync(initrd, Buffer.concat([fs.readFileSync(path.join(CACHE, "base-initramfs.cpio.gz")), fs.readFileSync(path.join(dir, "overlay.cpio.gz"))]));

    const consoleLog = path.join(dir, "console.log");
    const dataLog = path.join(dir, "data.log");
    let run = await bootQemu(initrd, consoleLog, dataLog);
    if (run.bootSeconds === undefined && !run.stderr.includes("cannot start")) {
        // A rare early-boot stall under TCG: one retry, said out loud.
        console.log(`      QEMU: no boot after ${run.seconds.toFixed(1)} s (exit ${run.code}); retrying once`);
        run = await bootQemu(initrd, consoleLog, dataLog);
    }
    const con = fs.readFileSync(consoleLog, "utf8");
    const tail = con.split("\n").slice(-40).join("\n");
    assert.ok(run.bootSeconds !== undefined, `QEMU did not boot the guest (exit ${run.code}): ${run.stderr}\n${tail}`);
    const result = /^DPTEST-RESULT: (.*)$/m.exec(con)?.[1];
    assert.equal(result, "PASS", `the guest did not complete the scenario runs (${result ?? "no result"}):\n${tail}`);

    const data = fs.readFileSync(dataLog, "utf8").replace(/\r/g, "");
    const b64 = /DPTEST-DATA-BEGIN\n([\s\S]*?)DPTEST-DATA-END/.exec(data)?.[1];
    assert.ok(b64, `the guest sent no captures on its second serial port:\n${tail}`);
    const out = path.join(dir, "out");
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(dir, "out.tgz"), Buffer.from(b64.replace(/\s/g, ""), "base64"));
    const x = spawnSync("tar", ["-xzf", path.join(dir, "out.tgz"), "-C", out], { encoding: "utf8" });
    assert.equal(x.status, 0, `unpacking the guest's captures failed: ${x.stderr}`);

    const cases: GuestRun["cases"] = {};
    for (const m of con.matchAll(/^DPTEST-CASE (\S+) rc=(\d+) seconds=([\d.]+)$/gm)) cases[m[1]] = Number(m[3]);
    return {
        bootSeconds: run.bootSeconds!, bootUptime: Number(/DPTEST-BOOTED uptime=([\d.]+)/.exec(con)?.[1]), qemuSeconds: run.seconds,
        cases, outDirs: Object.fromEntries(guestCases.map((c) => [c.name, path.join(out, c.name)])), console: con,
    };
}
