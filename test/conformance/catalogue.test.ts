/**
 * The scenarios and test/emulator/README.md stay in step (issue 17.3): every README block that marks an *Inference*
 * names the scenario(s) that check it (`[conformance: id, …]`), every named id is a scenario, and every scenario is
 * named in the README. Under a heading line "*Inference* (…):" each bullet carries its own tag ("Not modelled" bullets
 * model nothing). Scenarios carry what a report needs: behaviour, source, what the emulator assumes, a reason when skipped.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { SCENARIOS } from "../../components/diagnose/conformance/scenarios";

const README = path.resolve(__dirname, "../emulator/README.md");
const TAG = /\[conformance: ([a-z0-9-]+(?:, [a-z0-9-]+)*)\]/g;

/** Blocks: a bullet with its continuation lines, a table row, or a paragraph. */
function blocks(text: string): string[] {
    const out: string[] = [];
    let cur: string[] = [];
    const flush = () => { if (cur.length) out.push(cur.join("\n")); cur = []; };
    for (const line of text.split("\n")) {
        if (line.trim() === "" || /^#/.test(line)) { flush(); continue; }
        if (/^- |^\| /.test(line)) flush();
        cur.push(line);
        if (/^\| /.test(line)) flush();
    }
    flush();
    return out;
}

describe("conformance scenarios ↔ test/emulator/README.md", () => {
    const text = fs.readFileSync(README, "utf8");
    const tagged = new Set([...text.matchAll(TAG)].flatMap((m) => m[1].split(", ")));
    const ids = SCENARIOS.map((s) => s.id);

    it("scenario ids are unique and well formed", () => {
        assert.equal(new Set(ids).size, ids.length);
        for (const id of ids) assert.match(id, /^[a-z0-9-]+$/);
    });

    it("every *Inference* in the README names the scenario that checks it", () => {
        const bs = blocks(text);
        const untagged: string[] = [];
        bs.forEach((b, i) => {
            if (!b.includes("*Inference*") || TAG.test(b)) { TAG.lastIndex = 0; return; }
            TAG.lastIndex = 0;
            // A heading "*Inference* (…):": its bullets carry the tags.
            if (/^\*Inference\*[^\n]*:$/.test(b.trim())) {
                for (let j = i + 1; j < bs.length && bs[j].startsWith("- "); j++) {
                    if (!bs[j].match(TAG) && !bs[j].startsWith("- Not modelled")) untagged.push(bs[j].slice(0, 100));
                }
                return;
            }
            untagged.push(b.slice(0, 100));
        });
        assert.deepEqual(untagged, []);
    });

    it("every id the README names is a scenario, and every scenario is named in the README", () => {
        assert.deepEqual([...tagged].filter((t) => !ids.includes(t)), [], "tags without a scenario");
        assert.deepEqual(ids.filter((id) => !tagged.has(id)), [], "scenarios the README does not name");
    });

    it("each scenario says what it checks, where the claim comes from and what is assumed; a skipped one why, a run one how", () => {
        for (const s of SCENARIOS) {
            assert.ok(s.behaviour && s.source && s.assumes, s.id);
            assert.ok(s.scope === "skipped" ? s.skipReason && !s.run : typeof s.run === "function", s.id);
        }
        // Everything that writes does so in the partition; the rest only reads (read-only scenarios: checked by running them).
        assert.ok(SCENARIOS.filter((s) => s.scope === "partition").length >= 15);
    });
});
