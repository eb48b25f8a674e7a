/**
 * Issue 15, point 7: the BIG-IP's own password policy (TMOS 14.0+) applied to `adminPassword` before anything is
 * created. F5, "BIG-IP System: Secure Password Policy": "The new password must be more than 6 characters long and must
 * pass basic pam_cracklib checks"; cracklib's MINDIFF (src/lib/fascist.c) refuses fewer than 5 different characters.
 * Before this check such passwords were accepted here, and the device refused them after the instance was created.
 */
import * as assert from "node:assert/strict";
import { ConfigError } from "../../components/common/errors";
import { checkPassword, meetsTmosPolicy, TMOS_MIN_DISTINCT, TMOS_MIN_LENGTH } from "../../components/common/secrets";
import { main } from "../../stacks/plan/cli";
import { runCli } from "../helpers/cli";

/** Obviously fake values; each is refused by TMOS 14.0+ but passes the older 1–128 printable ASCII rule. */
const REFUSED: [title: string, value: string, rule: RegExp][] = [
    ["6 characters (F5: 'more than 6')", "Fk-3q!", /at least 7 characters/],
    ["1 character", "Q", /at least 7 characters/],
    ["4 different characters in 12", "xy12xy12xy12", /at least 5 different characters/],
    ["one character repeated", "zzzzzzzzzzzz", /at least 5 different characters/],
];

describe("adminPassword: the TMOS 14.0+ default password policy, at plan time", () => {
    it("the rule's numbers are F5's and cracklib's", () => {
        assert.equal(TMOS_MIN_LENGTH, 7);
        assert.equal(TMOS_MIN_DISTINCT, 5);
    });

    for (const [title, value, rule] of REFUSED) {
        it(`refuses ${title}, naming the rule and never the value`, () => {
            assert.equal(meetsTmosPolicy(value), false);
            assert.throws(() => checkPassword(value, "bigip.adminPassword"), (e: unknown) => {
                assert.ok(e instanceof ConfigError);
                assert.equal(e.setting, "bigip.adminPassword");
                assert.match(e.message, /TMOS 14\.0\+ refuses it \(value not shown\): it must have /);
                assert.match(e.message, rule);
                assert.ok(!e.message.includes(value), e.message);
                return true;
            });
        });
    }

    it("accepts 7 characters of 5 different kinds, and the fixtures used across the tests", () => {
        for (const ok of ["Ab-1x!z", "Sup3r-S3cret!", "Wall-Pa55word!", "Stack-Pa55word!", "Good-pw-1", "Canary-Pw-7f3a91", "a b{c}!"]) {
            assert.equal(checkPassword(ok, "p"), ok);
        }
    });

    describe("npm run plan", function () {
        this.timeout(120_000);
        for (const [title, value, rule] of [REFUSED[0], REFUSED[2]]) {
            it(`CLONE_L3_ADMIN_PASSWORD of ${title}: exit 2, one line with the rule`, async () => {
                const r = await runCli(main, [], { CLONE_L3_ADMIN_PASSWORD: value }, [value]);
                assert.equal(r.code, 2, r.out + r.err);
                assert.equal(r.out, "");
                assert.equal(r.err.trimEnd().split("\n").length, 1, r.err);
                assert.match(r.err, /^Invalid setting "(bigip\.)?adminPassword": TMOS 14\.0\+ refuses it/);
                assert.match(r.err, rule);
            });
        }
    });
});
