/**
 * Issue 14, shape: every value type has one home on the bottom floor (components/common/values), which imports
 * nothing above it; components/common as a whole imports nothing from the floors above; the old modules only
 * re-export (the same functions, not copies), and no value-type function is defined twice.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const COMPONENTS = path.join(ROOT, "components");
const VALUES = path.join(COMPONENTS, "common/values");

function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
        const p = path.join(dir, d.name);
        return d.isDirectory() ? sources(p) : d.name.endsWith(".ts") ? [p] : [];
    });
}

/** Relative module specifiers a file imports or re-exports, resolved to absolute paths. */
function relativeImports(file: string): string[] {
    const text = fs.readFileSync(file, "utf8");
    return [...text.matchAll(/(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"/g)].map((m) => path.resolve(path.dirname(file), m[1]));
}

const inside = (p: string, dir: string) => p === dir || p.startsWith(`${dir}${path.sep}`);

describe("value types on the bottom floor (issue 14, shape)", () => {
    it("components/common imports nothing from the floors above it", () => {
        const common = path.join(COMPONENTS, "common");
        const climbs = sources(common).flatMap((f) => relativeImports(f).filter((i) => !inside(i, common))
            .map((i) => `${path.relative(ROOT, f)} → ${path.relative(ROOT, i)}`));
        assert.deepEqual(climbs, []);
    });

    it("components/common/values imports only itself and the error type", () => {
        const errors = path.join(COMPONENTS, "common/errors");
        const out = sources(VALUES).flatMap((f) => relativeImports(f).filter((i) => !inside(i, VALUES) && i !== errors)
            .map((i) => `${path.relative(ROOT, f)} → ${path.relative(ROOT, i)}`));
        assert.deepEqual(out, []);
    });

    it("each value type is defined once: no function of components/common/values is defined again elsewhere", () => {
        const names = sources(VALUES).flatMap((f) => [...fs.readFileSync(f, "utf8").matchAll(/^export (?:function|const) (\w+)/gm)].map((m) => m[1]));
        assert.ok(names.length > 30, `only ${names.length} exported names found in components/common/values`);
        const elsewhere = sources(COMPONENTS).filter((f) => !inside(f, VALUES)).flatMap((f) => {
            const text = fs.readFileSync(f, "utf8");
            return names.filter((n) => new RegExp(`^\\s*(?:export )?(?:async )?(?:function ${n}\\b|const ${n}\\s*[=:])`, "m").test(text))
                .map((n) => `${n} in ${path.relative(ROOT, f)}`);
        });
        assert.deepEqual(elsewhere, []);
    });

    it("no module outside components/common/values spells out a value type's syntax (IPv4, MAC, fingerprint, device name)", () => {
        const TELLS: [string, RegExp][] = [
            ["an IPv4 octet pattern", /25\[0-5\]|\\d\{1,3\}\)\\\./],
            ["a MAC octet pattern", /\[0-9A-Fa-f\]\{1,2\}|\[0-9a-f\]\{2\}\(\[:-\]\)/],
            ["a SHA-256 fingerprint pattern", /\{31\}/],
            ["a Linux device-name pattern", /\{1,15\}/],
        ];
        const found = sources(COMPONENTS).filter((f) => !inside(f, VALUES)).flatMap((f) => {
            const text = fs.readFileSync(f, "utf8");
            return TELLS.filter(([, re]) => re.test(text)).map(([what]) => `${what} in ${path.relative(ROOT, f)}`);
        });
        assert.deepEqual(found, []);
    });

    it("the old modules re-export the bottom floor's functions (the same objects, not copies)", () => {
        /* eslint-disable @typescript-eslint/no-var-requires */
        const v = require("../../components/common/values");
        const same: [string, Record<string, unknown>, string[]][] = [
            ["network/cidr", require("../../components/network/cidr"), ["ipToInt", "intToIp", "isIpv4", "parseCidr", "formatCidr", "cidrsOverlap", "reservedBlock", "unionSize", "hostIp", "subnetOf"]],
            ["collector/mac", require("../../components/collector/mac"), ["deriveMac", "normalizeMac"]],
            ["collector/cloudInit", require("../../components/collector/cloudInit"), ["checkDeviceName", "checkInterfaceAddress", "RESERVED_DEVICE_NAMES", "MAX_TUNNEL_MTU"]],
            ["bigip/objects/canon", require("../../components/bigip/objects/canon"), ["canon", "canonOr", "sameAs", "parseIpRd", "routeDomainOf", "withoutRouteDomain"]],
            ["bigip/objects/addr", require("../../components/bigip/objects/addr"), ["parseIp", "formatAddr", "parseAddr", "parseNet", "contains", "networkOf", "hasHostBits", "subnetText", "bareAddress"]],
            ["network/mtu", require("../../components/network/mtu"), ["MIN_VLAN_MTU", "MAX_VLAN_MTU", "MIN_TUNNEL_MTU"]],
            ["common/encapsulation", require("../../components/common/encapsulation"), ["checkVni"]],
        ];
        for (const [where, mod, names] of same) {
            for (const n of names) assert.ok(n in v && mod[n] === v[n], `${where}.${n} is not components/common/values' ${n}`);
        }
    });
});
