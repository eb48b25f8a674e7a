/**
 * Issue 14, security 4 (the parsers): every kind's parser, derived from its description, accepts the real answers
 * (the captures) and refuses a table of malformed ones — for every property a wrong JSON type, for every property with
 * a value type a value of another type, for every sub-collection a reference, list and item of the wrong shape — each
 * with a DeviceAnswerError naming the URL and the exact field.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { DeviceAnswerError, parserFor } from "../../../components/bigip/objects/answer";
import { KINDS } from "../../../components/bigip/objects/registry";
import { KindSpec, PropSpec } from "../../../components/bigip/objects/spec";
import { FIXTURES_DIR } from "../../helpers/fixtures";

const URL = "GET /mgmt/tm/some/kind/~Common~x?expandSubcollections=true";

/** A value of another JSON type than `type`. */
function wrongType(type: string): unknown {
    return type === "string" || type === "stringOrArray" ? { not: "a string" } : type === "integer" ? "7" : type === "boolean" ? "true" : type === "array" ? { 0: "x" } : ["an", "array"];
}

/** A string no value type accepts (not an address, MAC, member name, full path or route network). */
const NOT_A_VALUE = "__proto__:0";

function expectRefused(run: () => unknown, field: string, detail?: RegExp): void {
    assert.throws(run, (e: unknown) => {
        assert.ok(e instanceof DeviceAnswerError, String(e));
        assert.strictEqual(e.field, field, e.message);
        assert.strictEqual(e.url, URL);
        assert.ok(e.message.includes(URL) && e.message.includes(field), e.message);
        if (detail) assert.match(e.message, detail);
        return true;
    });
}

/** Malformed copies of `base` for one set of described fields, at `at` (a prefix of the field path). */
function malformedFields(props: Readonly<Record<string, PropSpec>>, at: string): { field: string; body: Record<string, unknown> }[] {
    const f = (k: string) => (at ? `${at}.${k}` : k);
    return Object.entries(props).flatMap(([k, p]) => [
        { field: f(k), body: { [k]: wrongType(p.type) } },
        ...(p.value ? [{ field: f(k), body: { [k]: NOT_A_VALUE } }] : []),
        ...(p.items === "string" ? [{ field: `${f(k)}[1]`, body: { [k]: ["ok", 42] } }] : []),
        ...(p.items && typeof p.items === "object" ? [
            { field: `${f(k)}[0]`, body: { [k]: ["a string"] } },
            { field: `${f(k)}[0].name`, body: { [k]: [{ context: "clientside" }] } },
        ] : []),
    ]);
}

function objectBase(spec: KindSpec): Record<string, unknown> {
    return { kind: spec.kind, name: "x", partition: "Common", fullPath: "/Common/x", generation: 1 };
}

const CAPTURED = path.resolve(__dirname, "../../emulator/captures");
/** Real answers: ../shared/fixtures/bigip (14.1.2.1) and the emulator's captures (12.1.0 to 16.0.0), with their kind. */
const CAPTURES: [string, string, keyof typeof KINDS][] = [
    [FIXTURES_DIR, "ltm-pool.14.1.2.1.json", "pool"], [FIXTURES_DIR, "ltm-virtual.14.1.2.1.json", "virtual"], [FIXTURES_DIR, "net-arp-empty.14.1.2.1.json", "arp"],
    [FIXTURES_DIR, "net-fdb-tunnel.14.1.2.1.json", "fdbTunnel"], [FIXTURES_DIR, "net-self.14.1.2.1.json", "selfIp"],
    [FIXTURES_DIR, "net-tunnels-gre.14.1.2.1.json", "greProfile"], [FIXTURES_DIR, "net-tunnels-tunnel.14.1.2.1.json", "tunnel"],
    [FIXTURES_DIR, "net-tunnels-vxlan.14.1.2.1.json", "vxlanProfile"], [CAPTURED, "net-route.14.1.2.1.json", "route"],
    [CAPTURED, "net-route-pool.12.1.0.json", "route"], [CAPTURED, "net-route-tminterface.12.1.2.json", "route"],
    [CAPTURED, "net-self-on-tunnel.12.1.2.json", "selfIp"], [CAPTURED, "net-vlan.14.1.2.1.json", "vlan"], [CAPTURED, "net-vlan-expanded.16.0.0.json", "vlan"],
];

describe("typed device answers: the parsers (issue 14, security 4)", () => {
    it("accept every captured answer (collections and their objects, expanded or not)", () => {
        for (const [dir, file, kind] of CAPTURES) {
            const body = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
            const p = parserFor(KINDS[kind]);
            assert.strictEqual(p.collection(body, URL).length, (body.items ?? []).length, file);
            for (const item of body.items ?? []) p.object(item, URL);
        }
    });

    for (const spec of Object.values(KINDS)) {
        describe(spec.label, () => {
            const p = parserFor(spec);

            it("refuses an answer that is not an object, or of another kind", () => {
                for (const body of [[], null, "x", 3]) expectRefused(() => p.object(body, URL), "", /the answer must be an object/);
                expectRefused(() => p.object({ ...objectBase(spec), kind: "tm:sys:echo" }, URL), "kind", /not of the kind asked for/);
                expectRefused(() => p.object({ ...objectBase(spec), name: 42 }, URL), "name");
                expectRefused(() => p.object({ ...objectBase(spec), generation: "1" }, URL), "generation");
            });

            it("refuses each property with a wrong JSON type or a value of another type", () => {
                const rows = malformedFields(spec.props, "");
                assert.ok(rows.length >= Object.keys(spec.props).length);
                for (const { field, body } of rows) expectRefused(() => p.object({ ...objectBase(spec), ...body }, URL), field);
            });

            it("refuses a collection whose items are not a list of such objects", () => {
                expectRefused(() => p.collection({ items: { "0": objectBase(spec) } }, URL), "items", /must be a list/);
                expectRefused(() => p.collection({ items: [objectBase(spec), 42] }, URL), "items[1]", /must be an object/);
                const [first] = malformedFields(spec.props, "");
                if (first) expectRefused(() => p.collection({ items: [objectBase(spec), { ...objectBase(spec), ...first.body }] }, URL), `items[1].${first.field}`);
                assert.deepStrictEqual(p.collection({ kind: "x" }, URL), []);
            });

            for (const [sub, s] of Object.entries(spec.subcollections ?? {})) {
                it(`refuses a malformed ${sub} sub-collection, inline or on its own`, () => {
                    const ref = `${sub}Reference`;
                    const item = { kind: s.kind, name: sub === "records" ? "02:00:5e:10:00:01" : sub === "members" ? "10.254.0.2:0" : "1.1" };
                    expectRefused(() => p.object({ ...objectBase(spec), [ref]: [item] }, URL), ref, /must be an object/);
                    expectRefused(() => p.object({ ...objectBase(spec), [ref]: { items: item } }, URL), `${ref}.items`, /must be a list/);
                    expectRefused(() => p.object({ ...objectBase(spec), [ref]: { items: [item, "x"] } }, URL), `${ref}.items[1]`);
                    expectRefused(() => p.object({ ...objectBase(spec), [ref]: { items: [{ kind: s.kind }] } }, URL), `${ref}.items[0].name`, /is missing/);
                    expectRefused(() => p.object({ ...objectBase(spec), [ref]: { items: [{ ...item, kind: "tm:other" }] } }, URL), `${ref}.items[0].kind`);
                    if (s.itemName) expectRefused(() => p.object({ ...objectBase(spec), [ref]: { items: [{ ...item, name: NOT_A_VALUE }] } }, URL), `${ref}.items[0].name`);
                    for (const { field, body } of malformedFields(s.props, `${ref}.items[0]`)) {
                        expectRefused(() => p.object({ ...objectBase(spec), [ref]: { items: [{ ...item, ...body }] } }, URL), field);
                    }
                    expectRefused(() => p.subcollection(sub, { items: { [item.name]: item } }, URL), "items", /must be a list/);
                    assert.strictEqual(p.subcollection(sub, { items: [item] }, URL).length, 1);
                    assert.ok(p.object({ ...objectBase(spec), [ref]: { link: "https://localhost/x", isSubcollection: true } }, URL));
                });
            }
        });
    }

    it("the issue's answers: members not a list, a member named \"__proto__:0\", tunnels an object", () => {
        const pool = parserFor(KINDS.pool);
        const base = objectBase(KINDS.pool);
        expectRefused(() => pool.object({ ...base, membersReference: { items: { name: "10.254.0.2:0" } } }, URL), "membersReference.items", /must be a list, not/);
        expectRefused(() => pool.object({ ...base, membersReference: { items: [{ name: "__proto__:0" }] } }, URL),
            "membersReference.items[0].name", /is "__proto__:0", not IP:port/);
        expectRefused(() => parserFor(KINDS.tunnel).collection({ items: { "/Common/t": {} } }, URL), "items", /must be a list/);
    });

    it("a long device value is cut in the message, never echoed whole", () => {
        const long = `/${"A".repeat(5000)}`;
        try {
            parserFor(KINDS.arp).object({ ...objectBase(KINDS.arp), ipAddress: long }, URL);
            assert.fail("accepted");
        } catch (e) {
            assert.ok(e instanceof DeviceAnswerError && e.message.length < 400 && !e.message.includes("A".repeat(100)), String(e));
        }
    });

    it("accepts what it describes, whatever other keys the device adds", () => {
        const pool = parserFor(KINDS.pool).object({
            ...objectBase(KINDS.pool), monitor: "/Common/http ", loadBalancingMode: "round-robin", somethingNew: { a: [1] },
            membersReference: { link: "x", isSubcollection: true, items: [{ kind: KINDS.pool.subcollections!.members.kind, name: "10.254.0.2%3:0", address: "10.254.0.2%3", fqdn: { autopopulate: "disabled" } }] },
        }, URL);
        assert.strictEqual(pool.membersReference.items[0].name, "10.254.0.2%3:0");
        const t = parserFor(KINDS.tunnel).object({ ...objectBase(KINDS.tunnel), localAddress: "any6", remoteAddress: "10.1.1.20%2", key: 0 }, URL);
        assert.strictEqual(t.localAddress, "any6");
    });
});
