/**
 * The provider travels in state as serialized text (`__provider`), and old state runs old text on delete and
 * refresh. It must rehydrate, capture no secret, no password and no live token, and require only Node built-ins
 * (no node_modules paths, so upgrading dependencies cannot break existing stacks). The resource classes must
 * register the readable type token and keep the password secret.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as dynamic from "@pulumi/pulumi/dynamic";
import * as bigip from "../../../components/bigip/objects";
import { connectionInput } from "../../../components/bigip/objects/connection";
import { tunnelProfileProvider } from "../../../components/bigip/objects/tunnelProfile";
import { tunnelProvider } from "../../../components/bigip/objects/tunnel";
import { selfIpProvider } from "../../../components/bigip/objects/selfIp";
import { staticArpProvider } from "../../../components/bigip/objects/arp";
import { fdbRecordProvider } from "../../../components/bigip/objects/fdbTunnel";
import { poolProvider } from "../../../components/bigip/objects/pool";
import { virtualServerProvider } from "../../../components/bigip/objects/virtual";
import { clonePoolAttachmentProvider } from "../../../components/bigip/objects/clonePoolAttachment";
import { configSaveProvider } from "../../../components/bigip/objects/configSave";
import { tunnelChainProvider } from "../../../components/bigip/objects/tunnelChain";
import { secretPaths, settle, useMocks } from "../../helpers/mocks";
import { rehydrate } from "./engine";
import { useEmulator } from "./harness";
import { closeSessions } from "../../../components/bigip/rest";

const PROVIDERS: Record<string, dynamic.ResourceProvider> = {
    TunnelProfile: tunnelProfileProvider, Tunnel: tunnelProvider, SelfIp: selfIpProvider, StaticArp: staticArpProvider,
    FdbRecord: fdbRecordProvider, Pool: poolProvider, VirtualServer: virtualServerProvider,
    ClonePoolAttachment: clonePoolAttachmentProvider, ConfigSave: configSaveProvider, TunnelChain: tunnelChainProvider,
};

/** Props that make a `read` of something absent, so each provider opens (and closes) a real session first. */
const ABSENT: Record<string, Record<string, unknown>> = {
    TunnelProfile: { name: "ser-x", encapsulation: "gre" }, Tunnel: { name: "ser-x" }, SelfIp: { name: "ser-x" }, StaticArp: { name: "ser-x" },
    FdbRecord: { name: "02:00:00:00:00:01", tunnel: "/Common/ser-x" }, Pool: { name: "ser-x" }, VirtualServer: { name: "ser-x" },
    ClonePoolAttachment: { name: "clone", virtualServer: "/Common/ser-x", context: "clientside" }, ConfigSave: { name: "save" },
    TunnelChain: { name: "ser-x", collectorMac: "02:00:00:00:00:01", fdbRecord: true },
};

describe("serialization: every provider's __provider text", () => {
    const box = useEmulator();
    const tokens: string[] = [];

    before(async () => {
        // Use the module-level providers first: any state they kept would show up in the text serialized after.
        box.e.clearLog();
        for (const [k, p] of Object.entries(PROVIDERS)) await p.read!("id", { connection: box.c, ...ABSENT[k] } as any);
        await closeSessions(); // the shared session (globalThis, not the module) logs out
        for (const l of box.e.log) {
            const m = /^\/mgmt\/shared\/authz\/tokens\/([^/]+)$/.exec(l.path);
            if (m) tokens.push(m[1]);
        }
        assert.strictEqual(tokens.length, 1, "one shared session was opened for all of them (and logged out)");
    });

    for (const [name, provider] of Object.entries(PROVIDERS)) {
        it(`${name}: rehydrates; no secrets, password or token; requires only https, net, tls`, async () => {
            const r = await rehydrate(provider);
            assert.strictEqual(r.containsSecrets, false);
            assert.strictEqual(typeof r.provider.create, "function");
            for (const m of ["check", "diff", "read", "update", "delete"] as const) assert.strictEqual(typeof r.provider[m], "function", m);
            assert.ok(!r.text.includes("admin-pw"), "no password");
            for (const t of tokens) assert.ok(!r.text.includes(t), "no login token");
            const requires = new Set([...r.text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]));
            assert.deepStrictEqual([...requires].sort(), ["https", "net", "tls"]);
            assert.ok(!/node_modules/.test(r.text), "no node_modules path");
            // The rehydrated copy works: check answers.
            const c = await r.provider.check!({}, { connection: box.c, ...ABSENT[name] } as any);
            assert.ok(Array.isArray(c.failures));
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
            assert.ok(typeof text === "string" && text.includes("exports.handler"), "__provider holds the serialized provider");
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
