/**
 * README, Pulumi.yaml and the program agree (issue 14, rough edge 7): every stack key is in the README's configuration
 * table and every key there is declared; the README's outputs are exactly what the program exports; the Layout names
 * every folder of components/ and stacks/; the Pulumi.yaml descriptions of choice keys name every choice the code takes.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { CONNECTIVITIES } from "../../components/network/validate";
import { ENCAPSULATIONS } from "../../components/common/encapsulation";
import { CLONE_POOL_MODES } from "../../components/cloneAcrossL3/targets";
import { NIC_LAYOUTS } from "../../components/bigip/instance/validate";

const ROOT = path.resolve(__dirname, "../..");
const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const project = parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8"));
const declared = Object.keys(project.config);

/** The README text from `start` up to `end` (both must be there). */
function section(start: string, end: string): string {
    const i = readme.indexOf(start);
    const j = readme.indexOf(end, i + start.length);
    assert.ok(i >= 0 && j > i, `README has "${start}" … "${end}"`);
    return readme.slice(i, j);
}

describe("README, Pulumi.yaml and the program agree", () => {
    it("every stack key declared in Pulumi.yaml is in the README's configuration table, and the table names no other", () => {
        const table = section("## Configuration (stack config", "\nOutputs:");
        const firstColumn = table.split("\n").filter((l) => l.startsWith("| `")).map((l) => l.split("|")[1]);
        const named = new Set(firstColumn.flatMap((c) => [...c.matchAll(/`([A-Za-z][A-Za-z0-9]*)`/g)].map((m) => m[1])));
        assert.deepEqual(declared.filter((k) => !named.has(k)), [], "declared but not in the README");
        assert.deepEqual([...named].filter((k) => !declared.includes(k)), [], "in the README but not declared");
    });

    it("the README's outputs are exactly the program's exports", () => {
        const program = fs.readFileSync(path.join(ROOT, "stacks/index.ts"), "utf8");
        const exported = [...program.matchAll(/^export const (\w+)/gm)].map((m) => m[1]).sort();
        const listed = [...section("\nOutputs:", "\n\n").matchAll(/`(\w+)`/g)].map((m) => m[1]);
        assert.deepEqual([...new Set(listed)].sort(), exported);
    });

    it("the Layout names every folder of components/ and stacks/", () => {
        const layout = section("## Layout", "## Tests");
        for (const top of ["components", "stacks"]) {
            for (const d of fs.readdirSync(path.join(ROOT, top), { withFileTypes: true }).filter((x) => x.isDirectory())) {
                assert.match(layout, new RegExp(`(^|\\s)(bigip/)?${d.name}/`, "m"), `${top}/${d.name}`);
            }
        }
    });

    it("the Pulumi.yaml descriptions of choice keys name every choice the code takes", () => {
        const choices: Record<string, readonly string[]> = {
            connectivity: CONNECTIVITIES, encapsulation: ENCAPSULATIONS, clonePools: CLONE_POOL_MODES, nics: NIC_LAYOUTS,
        };
        for (const [key, values] of Object.entries(choices)) {
            for (const v of values) assert.match(project.config[key].description, new RegExp(`\\b${v}\\b`), `${key}: ${v}`);
        }
    });
});
