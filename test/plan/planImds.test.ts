/**
 * `npm run plan`, Images section: which instances get IMDSv2 required and why (issue 15 point 4). The BIG-IP requires
 * it only when the TMOS version read from its lookup pattern supports it; an explicit id or an older pattern leaves it
 * optional, and the plan says so. Collectors and the demo server always require it.
 */
import * as assert from "node:assert/strict";
import { main } from "../../stacks/plan/cli";
import { Plan } from "../../stacks/plan/plan";
import { runCli } from "../helpers/cli";

const plan = (...argv: string[]) => runCli(main, argv);
const imagesSection = (out: string) => out.slice(out.indexOf("== Images"), out.indexOf("== Topology =="));

describe("npm run plan: IMDSv2 by image", function () {
    this.timeout(120_000);

    it("the default 17.1 pattern: the BIG-IP requires IMDSv2, with the version and the rule; the others require it", async () => {
        const r = await plan();
        assert.equal(r.code, 0, r.err);
        const images = imagesSection(r.out);
        assert.match(images, /The BIG-IP requires IMDSv2 only when its image is known to support it \(TMOS 16\.1\.2\.1 and later, or\n15\.1\.5\.1 and later on 15\.1\.x/);
        assert.match(images, /clone-bigip-instance \(BIG-IP\)[^\n]*\n(?: {6}[^\n]*\n)* {6}Instance metadata: IMDSv2 required — TMOS 17\.1\.\* \(image pattern "F5 BIGIP-17\.1\* PAYG-Good 25Mbps\*"\); BIG-IP VE supports IMDSv2 from 16\.1\.2\.1/);
        for (const n of ["clone-collector-instance", "clone-demo-instance"]) {
            assert.match(images, new RegExp(`${n} \\([^)]*\\)[^\\n]*\\n(?: {6}[^\\n]*\\n)* {6}Instance metadata: IMDSv2 required\\.\\n`), n);
        }
    });

    it("an explicit bigipAmiId: IMDSv2 optional on the BIG-IP, and the plan says why", async () => {
        const r = await plan("--set", "bigipAmiId=ami-0123456789abcdef0");
        assert.equal(r.code, 0, r.err);
        assert.match(imagesSection(r.out), /clone-bigip-instance \(BIG-IP\): explicit image[^\n]*\n {6}[^\n]*\n {6}Instance metadata: IMDSv2 optional \(IMDSv1 stays available\) — explicit image ami-0123456789abcdef0: its TMOS version cannot be known offline/);
    });

    it("an older pattern (15.1.4): IMDSv2 optional on the BIG-IP, required on the collector, in the JSON too", async () => {
        const r = await plan("--set", "bigipAmiPattern=F5 BIGIP-15.1.4* PAYG-Good 25Mbps*", "--json");
        assert.equal(r.code, 0, r.err);
        const images = Object.fromEntries((JSON.parse(r.out) as Plan).images.map((i) => [i.resource, i.imds]));
        assert.equal(images["clone-bigip-instance"].httpTokens, "optional");
        assert.match(images["clone-bigip-instance"].reason!, /^TMOS 15\.1\.4\.\* \(image pattern "F5 BIGIP-15\.1\.4\* PAYG-Good 25Mbps\*"\) may lack it/);
        assert.deepEqual(images["clone-collector-instance"], { httpTokens: "required" });
    });
});
