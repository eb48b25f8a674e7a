/**
 * A smoke run of the bench library (npm run bench) with tiny sizes: every row is there and the request counts are
 * consistent. No timing assertions (wall times are noisy and not what this checks).
 */
import * as assert from "node:assert/strict";
import { runBench } from "./index";
import { dataPlaneUnavailable } from "./dataplane";
import { benchmarksMarkdown } from "./document";
import { OPERATIONS } from "./ours";
import { renderTables, verdicts } from "./report";
import { main } from "../../stacks/bench/cli";

describe("bench (smoke: tiny sizes)", function () {
    this.timeout(120_000);
    let res: Awaited<ReturnType<typeof runBench>>;
    before(async () => {
        // Like every namespace test here: fail loudly (CI runs as root with the tools .ci/run installs), never skip.
        const why = dataPlaneUnavailable();
        assert.equal(why, undefined, `the data-plane part of the bench ${why}`);
        res = await runBench({ sizes: [{ collectors: 1, virtuals: 1 }], latencies: [0, 5], boots: 2, bootMinMs: 50, bootMaxMs: 150, f5Boots: 1,
            evalSizes: [{ collectors: 1, virtuals: 1 }], dataPlane: { secondsPerTrial: 0.3, halvings: 1 } });
    });

    it("has a row for every operation at every latency, ours and naive", () => {
        assert.deepEqual(res.requests.map((r) => `${r.latencyMs} ${r.op}`), [0, 5].flatMap((l) => OPERATIONS.map((op) => `${l} ${op}`)));
        const table = renderTables(res);
        for (const op of OPERATIONS) assert.match(table, new RegExp(`\\| ${op} \\|`));
        assert.match(table, /### 3\. Readiness[\s\S]*\| 2 \|/);
        assert.match(table, /### 4\. Program evaluation[\s\S]*\| 1 \| 1 \| \d+ \|/);
    });

    it("request counts are consistent: a no-op up sends nothing, create and destroy write, counts do not depend on latency", () => {
        const at = (l: number, op: string) => res.requests.find((r) => r.latencyMs === l && r.op === op)!;
        for (const l of [0, 5]) {
            assert.equal(at(l, "no-op up").ours.requests, 0);
            assert.equal(at(l, "preview").ours.requests, 0);
            for (const op of ["create", "refresh", "MAC change", "destroy"]) assert.ok(at(l, op).ours.requests > 0 && at(l, op).naive.requests > 0, op);
            assert.ok(at(l, "create").ours.lines.some((x) => /^POST \/mgmt\/tm\/util\/bash 200$/.test(x)), "the attachments are made");
            // Naive: each object its own login + logout; its no-op up is a refresh.
            assert.equal(at(l, "no-op up").naive.requests, at(l, "refresh").naive.requests);
            assert.equal(at(l, "refresh").naive.requests, 3 * res.objectCounts["1x1"]);
            assert.equal(at(l, "create").naive.requests, 4 * res.objectCounts["1x1"] + 3, "login, GET, write, logout per object; login, save, logout");
            assert.equal(at(l, "create").ours.requests, at(l, "create").ours.lines.length);
            // Issue 9's budget (counts are exact, so asserted here, not only reported): create ≤ 16 and ≥ 2× fewer than
            // naive; refresh one GET per device object + login + logout (no readiness poll: nothing is written and no
            // object was missing); never more than naive.
            assert.ok(at(l, "create").ours.requests <= 16, at(l, "create").ours.lines.join("\n"));
            assert.ok(at(l, "create").naive.requests >= 2 * at(l, "create").ours.requests);
            assert.equal(at(l, "refresh").ours.requests, res.objectCounts["1x1"] + 2, at(l, "refresh").ours.lines.join("\n"));
            for (const op of OPERATIONS) assert.ok(at(l, op).ours.requests <= at(l, op).naive.requests, op);
            // Each operation is one run: one login, one logout (the shared session), whatever the number of resources.
            for (const op of ["create", "refresh", "MAC change", "destroy"]) {
                const n = (re: RegExp) => at(l, op).ours.lines.filter((x) => re.test(x)).length;
                assert.deepEqual([n(/^POST \/mgmt\/shared\/authn\/login /), n(/^DELETE \/mgmt\/shared\/authz\/tokens\//)], [1, 1], op);
            }
        }
        for (const op of OPERATIONS) {
            assert.equal(at(0, op).ours.requests, at(5, op).ours.requests, `ours ${op}`);
            assert.equal(at(0, op).naive.requests, at(5, op).naive.requests, `naive ${op}`);
        }
    });

    it("readiness and evaluation rows, and a verdict for each measured target", () => {
        assert.equal(res.boots.length, 2);
        for (const b of res.boots) assert.ok(b.delayMs >= 0);
        // Issue 15 point 6: F5's f5-cloud-libs ready() on the first of the same seeded boots (its default schedule: ~10 s).
        assert.equal(res.f5Boots.length, 1);
        const [f5] = res.f5Boots, [ours] = res.boots;
        assert.deepEqual([f5.seed, f5.readyAfterMs], [ours.seed, ours.readyAfterMs], "the same boot");
        assert.equal(f5.error, undefined);
        for (const d of [ours.delayMs, f5.delayMs!]) assert.ok(Number.isFinite(d) && d >= 0, JSON.stringify({ ours, f5 }));
        assert.match(renderTables(res), /\| ours: first configuration request arrives \| 2 \| 2 \| [\d.]+ \/ [\d.]+ \/ [\d.]+ ms \|/);
        assert.match(renderTables(res), /\| F5 f5-cloud-libs 4\.30\.0: .* \| 1 \| 1 \| [\d.]+ \/ [\d.]+ \/ [\d.]+ ms \|/);
        assert.equal(res.evaluation.length, 1);
        assert.ok(res.evaluation[0].resources > 0 && res.evaluation[0].maxRssMb > 0);
        const targets = verdicts(res).map((v) => v.target);
        for (const t of [/≤ 16 REST requests/, /2× fewer/, /no-op up and preview/, /^refresh/, /^readiness/]) assert.ok(targets.some((x) => t.test(x)), String(t));
        assert.ok(typeof res.dataPlane !== "string", `the data-plane part did not run: ${String(res.dataPlane)}`);
        assert.deepEqual(res.dataPlane.map((r) => r.frameBytes), [64, 1518]);
        for (const r of res.dataPlane) assert.ok(r.offered > 0 && r.received <= r.offered && r.fragments === 0, JSON.stringify(r));
        assert.match(renderTables(res), /\| 64 \(46\) \|[\s\S]*\| 1518 \(1500\) \|/);
        // Issue 13: the provider text per resource, measured on what the program registers, and the state table.
        const text = verdicts(res).find((v) => /provider text ≤ 16 KB/.test(v.target));
        assert.ok(text?.met === true, text?.detail);
        assert.ok(res.state["1x1"].stateBytes > 0 && res.state["1x1"].stateBytes < 64 * 1024, JSON.stringify(res.state));
        assert.match(renderTables(res), /### 6\. State[\s\S]*\| 1 coll × 1 vs \| 9 \|/);
        const doc = benchmarksMarkdown(res, { machine: "m", date: "d" });
        assert.match(doc, /How it is measured/);
        assert.match(doc, /POST \/mgmt\/shared\/authn\/login/);
    });

    it("the CLI refuses an unknown option with exit 2 and runs nothing", async () => {
        let err = "";
        assert.equal(await main(["--bogus"], () => undefined, (s) => { err += s; }), 2);
        assert.match(err, /^bench: unknown option --bogus \(npm run bench -- --help lists the options\)\n$/);
    });
});
