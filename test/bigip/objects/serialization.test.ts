/**
 * The provider travels in state as text (`__provider`), and old state runs its own text on delete and refresh. The
 * text must be small, hold no secret, and require only Node built-ins and the package's stable entry point (so that an
 * upgrade that moves files cannot break existing stacks); the SDK's provider host must compile it into a working
 * provider. The resource classes must register the readable type token and keep the password secret.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as bigip from "../../../components/bigip/objects";
import { connectionInput } from "../../../components/bigip/objects/connection";
import { PROVIDERS } from "../../../components/provider";
import { PROVIDER_ENTRY, providerText } from "../../../components/provider/text";
import { secretPaths, settle, useMocks } from "../../helpers/mocks";
import { Engine } from "./engine";
import { useEmulator } from "./harness";

/** Props that make a `read` of something absent, so each provider opens (and closes) a real session first. */
const ABSENT: Record<string, Record<string, unknown>> = {
    TunnelProfile: { name: "ser-x", encapsulation: "gre" }, Tunnel: { name: "ser-x" }, SelfIp: { name: "ser-x" }, StaticArp: { name: "ser-x" },
    FdbRecord: { name: "02:00:00:00:00:01", tunnel: "/Common/ser-x" }, Pool: { name: "ser-x" }, VirtualServer: { name: "ser-x" },
    ClonePoolAttachment: { name: "clone", virtualServer: "/Common/ser-x", context: "clientside" }, ConfigSave: { name: "save" },
    TunnelChain: { name: "ser-x", collectorMac: "02:00:00:00:00:01", fdbRecord: true }, Vlan: { name: "ser-x" }, Route: { name: "ser-x" },
    UnderlayCheck: { name: "ser-x" },
};

/** At most this much provider text per resource (issue 13): it is stored twice, in inputs and outputs. */
const MAX_TEXT_BYTES = 16 * 1024;

describe("serialization: every provider's __provider text", () => {
    const box = useEmulator();

    it("covers every registered type", () => {
        assert.deepStrictEqual(Object.keys(ABSENT).sort(), Object.keys(PROVIDERS).sort());
    });

    for (const type of Object.keys(ABSENT)) {
        it(`${type}: small, no secret, requires only built-ins and the stable entry point; the real host runs it`, async () => {
            const text = providerText(type);
            assert.ok(Buffer.byteLength(text) <= MAX_TEXT_BYTES, `${Buffer.byteLength(text)} bytes`);
            assert.ok(!text.includes("admin-pw") && !/password|token/i.test(text), "no credentials");
            const requires = new Set([...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]));
            assert.deepStrictEqual([...requires].sort(), ["module", "path"]);
            assert.ok(text.includes(`fromProject(${JSON.stringify(PROVIDER_ENTRY)})`), "the entry point, resolved from the project");
            assert.ok(!/node_modules|dist\/|components\//.test(text), "no path into the package");
            // The SDK's host compiles it and the provider answers: a read of something absent says it is gone.
            const eng = new Engine(type);
            const h = await eng.host();
            const props = { connection: box.c, ...ABSENT[type], __provider: text };
            const c = await h.check(eng.urn, {}, props);
            assert.ok(Array.isArray(c.failures) && c.inputs.__provider === text, "check answers");
            // ConfigSave and UnderlayCheck hold no object of their own to find gone.
            if (type === "ConfigSave" || type === "UnderlayCheck") return;
            const r = await h.read("/Common/ser-x", eng.urn, props, props);
            assert.strictEqual(r.id, "", `${type}: an absent object reads as gone`);
        });
    }
});

describe("serialization: resource classes under Pulumi mocks", () => {
    const connection = { host: "192.0.2.10", port: 8443, password: "admin-pw" }; // a plain string on purpose
    const MAC = "02:00:5e:10:00:01";
    const build: Record<string, () => pulumi.CustomResource> = {
        TunnelProfile: () => new bigip.TunnelProfile("m-profile", { connection, encapsulation: "gre" }),
        Tunnel: () => new bigip.Tunnel("m-tunnel", { connection, profile: "m-profile", localAddress: "10.0.2.5", remoteAddress: "10.1.1.20" }),
        SelfIp: () => new bigip.SelfIp("m-self", { connection, address: "10.254.0.1/29", vlan: "m-tunnel" }),
        StaticArp: () => new bigip.StaticArp("m-arp", { connection, ipAddress: "10.254.0.2", macAddress: MAC }),
        FdbRecord: () => new bigip.FdbRecord("m-fdb", { connection, tunnel: "m-tunnel", macAddress: MAC, endpoint: "10.1.1.20" }),
        Pool: () => new bigip.Pool("m-pool", { connection, members: ["10.254.0.2:0"] }),
        VirtualServer: () => new bigip.VirtualServer("m-vs", { connection, destination: "10.0.2.10:80" }),
        ClonePoolAttachment: () => new bigip.ClonePoolAttachment("m-clone", { connection, virtualServer: "m-vs", pool: "m-pool", context: "clientside" }),
        ConfigSave: () => new bigip.ConfigSave("m-save", { connection, triggers: ["x"] }),
        TunnelChain: () => new bigip.TunnelChain("m-chain", {
            connection, encapsulation: "vxlan", localAddress: "10.0.2.5", remoteAddress: "10.1.1.20",
            selfAddress: "10.254.0.1/29", collectorAddress: "10.254.0.2", collectorMac: MAC,
        }),
    };

    for (const [type, make] of Object.entries(build)) {
        it(`${type}: type token, __provider text, password secret even when given as a plain string`, async () => {
            const m = await useMocks();
            const res = make();
            await settle(res.urn);
            const r = m.ofType(`pulumi-nodejs:dynamic/clonel3-bigip:${type}`);
            assert.strictEqual(r.length, 1, m.resources.map((x) => x.type).join(", "));
            const text = r[0].inputs.__provider;
            assert.strictEqual(text, providerText(type), "__provider holds the short text of its type");
            assert.ok(!text.includes("admin-pw"), "the password is not in __provider");
            const secret = secretPaths(r[0].rawInputs);
            assert.ok(secret.some((p) => p === "connection.password" || "connection.password".startsWith(`${p}.`)), `secret paths: ${secret}`);
            assert.ok(!secret.includes("__provider"), "__provider itself carries no secret");
            assert.strictEqual(r[0].inputs.connection.password, "admin-pw");
        });
    }

    it("on the wire only the password is secret: host and port stay readable in diffs", async () => {
        await useMocks();
        const wire = await pulumi.runtime.serializeProperties("test", { connection: connectionInput(connection) });
        assert.deepStrictEqual(secretPaths(wire), ["connection.password"]);
        assert.strictEqual(wire.connection.host, "192.0.2.10");
    });
});
