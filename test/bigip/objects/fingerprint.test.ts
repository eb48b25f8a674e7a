/**
 * Issue 14, rough edge 10: a malformed TLS fingerprint is refused everywhere, with the one fingerprint value type —
 * every BIG-IP resource's check (connection.tls.fingerprint256), and through the real provider host for a standalone
 * TunnelChain, before anything reaches a device.
 */
import * as assert from "assert";
import { PROVIDERS } from "../../../components/provider";
import { Engine } from "./engine";

const GOOD = Array.from({ length: 32 }, (_x, i) => (i * 7 + 16).toString(16).toUpperCase().padStart(2, "0")).join(":");
const BAD = ["AB:CD:…", "AB:CD", `${GOOD}:EF`, GOOD.replace(/:/g, ""), GOOD.replace(/:/g, "-"), ` ${GOOD}`, `${GOOD}\n`, "ZZ" + GOOD.slice(2), 42];

const connection = (fingerprint256: unknown) => ({ host: "192.0.2.10", port: 443, username: "admin", password: "pw", tls: { fingerprint256 } });

async function fingerprintFailures(type: string, fingerprint256: unknown) {
    const r = await PROVIDERS[type].check!({}, { name: "x", connection: connection(fingerprint256) } as any);
    return (r.failures ?? []).filter((f) => f.property === "connection.tls.fingerprint256");
}

describe("TLS fingerprint (issue 14, rough edge 10)", () => {
    for (const type of Object.keys(PROVIDERS)) {
        it(`${type}: check refuses every malformed connection.tls.fingerprint256 and accepts a real one (either case)`, async () => {
            for (const bad of BAD) {
                const f = await fingerprintFailures(type, bad);
                assert.strictEqual(f.length, 1, `${JSON.stringify(bad)} was not refused`);
                assert.match(f[0].reason, /SHA-256 fingerprint: 32 colon-separated hex pairs/);
            }
            assert.deepStrictEqual(await fingerprintFailures(type, GOOD), []);
            assert.deepStrictEqual(await fingerprintFailures(type, GOOD.toLowerCase()), []);
        });
    }

    it("a standalone TunnelChain with fingerprint \"AB:CD:…\" fails its check in the provider host, naming the setting", async () => {
        const eng = new Engine("TunnelChain");
        await assert.rejects(eng.up({
            name: "c", connection: connection("AB:CD:…"), encapsulation: "gre", localAddress: "10.0.2.5", remoteAddress: "10.1.1.20",
            selfAddress: "10.254.0.1/29", collectorAddress: "10.254.0.2", collectorMac: "02:00:5e:10:00:01",
        }), /check failed: connection\.tls\.fingerprint256: must be a SHA-256 fingerprint/);
        assert.strictEqual(eng.state, undefined);
    });
});
