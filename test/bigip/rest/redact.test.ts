/** redact.ts: credentials scrubbed by shape and by value, cut-short secrets included; ordinary texts left alone. */
import * as assert from "assert";
import { BigIpError, REDACTED, redact, redactWith, remember } from "../../../components/bigip/rest";
import { parseErrorBody } from "../../../components/bigip/rest/errors";

const R = REDACTED;

describe("redact: credentials never reach an error text", () => {
    describe("by shape, knowing no value", () => {
        const cases: [string, string][] = [
            ["GET /x\nAuthorization: Basic YWRtaW46c2VjcmV0\nhost: a", `GET /x\nAuthorization: ${R}\nhost: a`],
            ["x-f5-auth-token: P42ZHJN5HS5DH4KM4ENK3AFCLP", `x-f5-auth-token: ${R}`],
            ['{"username":"admin","password":"s3cr\\"et","loginProviderName":"tmos"}', `{"username":"admin","password":"${R}","loginProviderName":"tmos"}`],
            ["{'X-F5-Auth-Token': 'ABCDEF', 'Accept': 'application/json'}", `{'X-F5-Auth-Token': '${R}', 'Accept': 'application/json'}`],
            ['"token":{"token":"P42ZHJN5HS5DH4KM4ENK3AFCLP","name":"x"}', `"token":{"token":"${R}","name":"x"}`],
            ["login?username=admin&password=hunter22&x=1", `login?username=admin&password=${R}&x=1`],
            ["sent Bearer eyJhbGciOiJIUzI1NiJ9.e30.x to it", `sent Bearer ${R} to it`],
            ["DELETE /mgmt/shared/authz/tokens/P42ZHJN5HS5DH4KM4ENK3AFCLP failed", `DELETE /mgmt/shared/authz/tokens/${R} failed`],
            // cut short at the end of an excerpt
            ['{"password":"hunter2', `{"password":"${R}"`],
        ];
        for (const [text, want] of cases) it(JSON.stringify(text).slice(0, 70), () => assert.strictEqual(redactWith(text, []), want));

        it("leaves device messages without credentials as they are", () => {
            for (const t of [
                "01020036:3: The requested Pool (/Common/p) was not found.",
                "X-F5-Auth-Token has expired.",
                "Authorization failed: no user authentication header or token detected. Uri:http://localhost:8100/mgmt/tm/ltm/pool Referrer:10.0.0.1 Sender:10.0.0.1",
                "user 1f44a60e has reached maximum active login tokens",
                "use Basic authentication or a token",
            ]) assert.strictEqual(redactWith(t, []), t);
        });
    });

    describe("by value", () => {
        const pw = 'p"w\\<&>ü';
        it("every form a secret takes: as written, JSON-escaped, URL-encoded, HTML-escaped, base64", () => {
            const forms = [pw, JSON.stringify(pw).slice(1, -1), encodeURIComponent(pw), "p&quot;w\\&lt;&amp;&gt;ü", Buffer.from(pw).toString("base64")];
            for (const f of forms) assert.strictEqual(redactWith(`before ${f} after`, [pw]), `before ${R} after`, f);
        });

        it("a secret cut short at the end of an excerpt (… or ...) or of a slice", () => {
            assert.strictEqual(redactWith("message: P42ZHJ...", ["P42ZHJN5HS5DH4KM4ENK3AFCLP"]), `message: ${R}...`);
            assert.strictEqual(redactWith("message: P42…", ["P42ZHJN5HS5DH4KM4ENK3AFCLP"]), `message: ${R}…`);
            assert.strictEqual(redactWith("{\"echo\":\"P42ZHJN5", ["P42ZHJN5HS5DH4KM4ENK3AFCLP"]), `{"echo":"${R}`);
            // Not a cut: too short to tell at the very end, or not at the end.
            assert.strictEqual(redactWith("refused user adm", ["admin-pw"]), "refused user adm");
        });

        it("a secret of 1–3 characters only where it stands alone (the text stays readable)", () => {
            assert.strictEqual(redactWith('password was ab, not "ab"; abc and tab stay', ["ab"]), `password was ${R}, not "${R}"; abc and tab stay`);
        });

        it("remember() feeds redact(); BigIpError scrubs its message, device message, action and stack", () => {
            const token = "ZZQ2CANARYTOKEN7XYZ";
            remember(token);
            assert.strictEqual(redact(`x ${token} y`), `x ${R} y`);
            const e = new BigIpError(`BIG-IP h: GET failed: 400 ${token}`, 400, `echo ${token}`, `GET /mgmt/shared/authz/tokens/${token}`, false);
            for (const t of [e.message, e.deviceMessage, e.action, e.stack ?? "", String(e)]) assert.ok(!t.includes(token), t);
        });

        it("a non-JSON body's 300-character excerpt never ends inside a credential", () => {
            const token = "QQ7CANARYTOKENFORTHEEXCERPTQQ";
            remember(token);
            for (let pad = 270; pad < 300; pad++) {
                const p = parseErrorBody(400, "text/plain", `${"x".repeat(pad)} ${token} tail`);
                assert.ok(!p.message.includes(token.slice(0, 3)), p.message);
            }
        });
    });
});
