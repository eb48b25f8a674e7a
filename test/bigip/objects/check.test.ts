/**
 * `check` and preview: bad inputs fail naming the property; inputs still unknown at preview (the engine's
 * placeholder, in string, number and array fields) produce no failure and no exception in check or diff.
 */
import * as assert from "assert";
import * as dynamic from "@pulumi/pulumi/dynamic";
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
import { Engine } from "./engine";
import { UNKNOWN } from "./harness";

const connection = { host: "192.0.2.10", port: 443, username: "admin", password: "pw", tls: { insecure: true } };

interface Kind {
    title: string;
    provider: dynamic.ResourceProvider;
    valid: Record<string, unknown>;
    /** The same inputs with unknowns: at least one string field and one number or array field. */
    unknown: Record<string, unknown>;
}

const KINDS: Kind[] = [
    { title: "TunnelProfile", provider: tunnelProfileProvider, valid: { name: "p", encapsulation: "vxlan", port: 4789 },
        unknown: { name: UNKNOWN, encapsulation: "vxlan", port: UNKNOWN, description: UNKNOWN } },
    { title: "Tunnel", provider: tunnelProvider, valid: { name: "t", profile: "p", localAddress: "10.0.2.5", remoteAddress: "10.1.1.20", mtu: 1400 },
        unknown: { name: "t", profile: UNKNOWN, localAddress: UNKNOWN, remoteAddress: "10.1.1.20", key: UNKNOWN, mtu: UNKNOWN } },
    { title: "SelfIp", provider: selfIpProvider, valid: { name: "s", address: "10.254.0.1/29", vlan: "t" },
        unknown: { name: "s", address: UNKNOWN, vlan: UNKNOWN, allowService: UNKNOWN } },
    { title: "SelfIp (unknown list element)", provider: selfIpProvider, valid: { name: "s", address: "10.254.0.1/29", vlan: "t", allowService: ["gre:0"] },
        unknown: { name: "s", address: "10.254.0.1/29", vlan: "t", allowService: ["gre:0", UNKNOWN] } },
    { title: "StaticArp", provider: staticArpProvider, valid: { name: "a", ipAddress: "10.254.0.2", macAddress: "02:00:5e:10:00:01" },
        unknown: { name: "a", ipAddress: UNKNOWN, macAddress: UNKNOWN } },
    { title: "FdbRecord", provider: fdbRecordProvider, valid: { name: "02:00:5e:10:00:01", tunnel: "t", endpoint: "10.1.1.20" },
        unknown: { name: UNKNOWN, tunnel: UNKNOWN, endpoint: UNKNOWN } },
    { title: "Pool", provider: poolProvider, valid: { name: "pl", members: ["10.254.0.2:0"] },
        unknown: { name: "pl", members: UNKNOWN, monitor: UNKNOWN } },
    { title: "Pool (unknown member)", provider: poolProvider, valid: { name: "pl", members: ["10.254.0.2:0"] },
        unknown: { name: "pl", members: [UNKNOWN, "10.254.0.3:0"] } },
    { title: "VirtualServer", provider: virtualServerProvider, valid: { name: "v", destination: "10.0.2.10:80", profiles: ["tcp"] },
        unknown: { name: "v", destination: UNKNOWN, pool: UNKNOWN, profiles: UNKNOWN } },
    { title: "VirtualServer (unknown profile)", provider: virtualServerProvider, valid: { name: "v", destination: "10.0.2.10:80", profiles: ["tcp"] },
        unknown: { name: "v", destination: "10.0.2.10:80", profiles: ["tcp", UNKNOWN] } },
    { title: "ClonePoolAttachment", provider: clonePoolAttachmentProvider, valid: { name: "clone", virtualServer: "v", pool: "pl", context: "clientside" },
        unknown: { name: "clone", virtualServer: UNKNOWN, pool: UNKNOWN, context: UNKNOWN } },
    { title: "ConfigSave", provider: configSaveProvider, valid: { name: "save", triggers: ["a"] },
        unknown: { name: "save", triggers: [UNKNOWN, "a"] } },
    { title: "TunnelChain", provider: tunnelChainProvider,
        valid: { name: "c", encapsulation: "gre", localAddress: "10.0.2.5", remoteAddress: "10.1.1.20", selfAddress: "10.254.0.1/29", collectorAddress: "10.254.0.2", collectorMac: "02:00:5e:10:00:01" },
        unknown: { name: "c", encapsulation: "gre", localAddress: UNKNOWN, remoteAddress: UNKNOWN, selfAddress: "10.254.0.1/29", collectorAddress: UNKNOWN, collectorMac: UNKNOWN, key: UNKNOWN, mtu: UNKNOWN, fdbRecord: UNKNOWN } },
];

async function failures(p: dynamic.ResourceProvider, inputs: Record<string, unknown>): Promise<dynamic.CheckFailure[]> {
    // Through the real provider host, as the engine asks.
    const eng = new Engine(p);
    const r = await (await eng.host()).check(eng.urn, {}, { connection, ...inputs, __provider: eng.providerText });
    return r.failures;
}

/** Expects exactly the failing properties, each reason naming what was given. */
async function failsOn(p: dynamic.ResourceProvider, inputs: Record<string, unknown>, ...properties: string[]): Promise<void> {
    const f = await failures(p, inputs);
    assert.deepStrictEqual(f.map((x) => x.property).sort(), [...properties].sort(), JSON.stringify(f));
    for (const x of f) assert.match(x.reason, /\(got /);
}

describe("check: invalid inputs fail naming the property", () => {
    it("valid inputs of every kind pass", async () => {
        for (const k of KINDS) assert.deepStrictEqual(await failures(k.provider, k.valid), [], k.title);
    });

    it("bad MAC addresses (StaticArp, FdbRecord, TunnelChain)", async () => {
        await failsOn(staticArpProvider, { name: "a", ipAddress: "10.254.0.2", macAddress: "02:00:5e:10:00" }, "macAddress");
        await failsOn(staticArpProvider, { name: "a", ipAddress: "10.254.0.2", macAddress: "01:00:5e:10:00:01" }, "macAddress"); // multicast
        await failsOn(fdbRecordProvider, { name: "zz:00:5e:10:00:01", tunnel: "t", endpoint: "10.1.1.20" }, "macAddress");
        await failsOn(tunnelChainProvider, { ...KINDS[KINDS.length - 1].valid, collectorMac: "not-a-mac" }, "collectorMac");
    });

    it("a self IP without prefix length", async () => {
        await failsOn(selfIpProvider, { name: "s", address: "10.254.0.1", vlan: "t" }, "address");
        await failsOn(tunnelChainProvider, { ...KINDS[KINDS.length - 1].valid, selfAddress: "10.254.0.1" }, "selfAddress");
    });

    it("bad ports (profile UDP port, management port)", async () => {
        await failsOn(tunnelProfileProvider, { name: "p", encapsulation: "vxlan", port: 70000 }, "port");
        await failsOn(tunnelProfileProvider, { connection: { ...connection, port: 0 }, name: "p", encapsulation: "gre" }, "connection.port");
    });

    it("unknown encapsulation, bad context, missing and malformed values", async () => {
        await failsOn(tunnelProfileProvider, { name: "p", encapsulation: "ipip" }, "encapsulation");
        await failsOn(tunnelChainProvider, { ...KINDS[KINDS.length - 1].valid, encapsulation: "geneve" }, "encapsulation");
        await failsOn(clonePoolAttachmentProvider, { name: "clone", virtualServer: "v", pool: "pl", context: "both" }, "context");
        await failsOn(tunnelProvider, { name: "t", profile: "p", remoteAddress: "10.1.1.20" }, "localAddress");
        await failsOn(poolProvider, { name: "pl", members: ["10.254.0.2"] }, "members"); // no port: not "10.254.0" port 2
        await failsOn(poolProvider, { name: "pl", members: ["10.254.0.2:70000"] }, "members");
        await failsOn(poolProvider, { name: "pl", members: ["10.254.0.2:0", "2001:db8::2.0"] });
        await failsOn(virtualServerProvider, { name: "v", destination: "10.0.2.10" }, "destination");
        await failsOn(staticArpProvider, { name: "bad name!", ipAddress: "10.254.0.2", macAddress: "02:00:5e:10:00:01" }, "name");
        await failsOn(staticArpProvider, { connection: { username: "admin" }, name: "a", ipAddress: "10.254.0.2", macAddress: "02:00:5e:10:00:01" }, "connection.host");
    });
});

describe("preview with unknown inputs: no failures, no exceptions (check and diff)", () => {
    for (const k of KINDS) {
        it(`${k.title}`, async () => {
            const eng = new Engine(k.provider);
            // First preview (nothing in state): check only.
            const first = await eng.preview({ connection, ...k.unknown });
            assert.strictEqual(first.step, "create");
            // Unknown host too (e.g. an Elastic IP not allocated yet).
            await eng.preview({ connection: { ...connection, host: UNKNOWN }, ...k.unknown });
            // With state: check, then diff against the old outputs.
            const created = await (await eng.host()).check(eng.urn, {}, { connection, ...k.valid, __provider: eng.providerText });
            eng.state = { id: "id", inputs: created.inputs, outs: { ...created.inputs, fullPath: "/Common/x" } };
            const again = await eng.preview({ connection, ...k.unknown });
            assert.notStrictEqual(again.step, "same", "unknown values are changes");
            const hostUnknown = await eng.preview({ connection: { ...connection, host: UNKNOWN }, ...k.valid });
            // The host may be another device once known (an Elastic IP replaced): the preview says replace, as `up` may.
            assert.ok(hostUnknown.diff!.replaces?.includes("connection"), "an unknown host shows as a replacement");
        });
    }
});
