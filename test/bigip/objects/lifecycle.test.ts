/**
 * Full lifecycle of every single-object provider, rehydrated from its serialized text, against the strict
 * emulator: create (exact device object), refresh, no-op (zero requests), in-place update (one PATCH holding
 * only the changed field), replacement (delete before create), delete (saved) and delete again.
 */
import * as assert from "assert";
import * as dynamic from "@pulumi/pulumi/dynamic";
import { Emulator } from "../../emulator";
import { BigIpConnection, closeSessions } from "../../../components/bigip/rest";
import { KindId, KindSpec, collectionPath, objectPath } from "../../../components/bigip/objects/spec";
import { KINDS } from "../../../components/bigip/objects/registry";
import { tunnelProfileProvider } from "../../../components/bigip/objects/tunnelProfile";
import { tunnelProvider } from "../../../components/bigip/objects/tunnel";
import { selfIpProvider } from "../../../components/bigip/objects/selfIp";
import { staticArpProvider } from "../../../components/bigip/objects/arp";
import { poolProvider } from "../../../components/bigip/objects/pool";
import { virtualServerProvider } from "../../../components/bigip/objects/virtual";
import { Engine, endHostRun } from "./engine";
import { assertNoOpIsFree, assertRefreshKeeps, deviceView, engineFor, patches, useEmulator, writeLines } from "./harness";

interface Case {
    title: string;
    provider: dynamic.ResourceProvider;
    kind: KindId;
    name: string;
    seed?(e: Emulator): void;
    inputs(c: BigIpConnection): Record<string, unknown>;
    /** The device object right after create, exactly (identity, generations and device-assigned values aside). */
    created: Record<string, unknown>;
    update: { change: Record<string, unknown>; patch: Record<string, unknown> };
    /** A field the device cannot change in place (or the name): the object is deleted, then created anew. */
    replace: { change: Record<string, unknown>; kind?: KindId; name?: string; expect: Record<string, unknown> };
}

const gre = (name: string) => ({ name, defaultsFrom: "/Common/gre", encapsulation: "transparent-ethernet-bridging" });
const tunnelOn = (name: string, profile: string) => ({ name, profile, localAddress: "10.0.2.5", remoteAddress: "10.1.1.20" });

const CASES: Case[] = [
    {
        title: "TunnelProfile (gre)", provider: tunnelProfileProvider, kind: "greProfile", name: "lc-gre",
        inputs: (c) => ({ connection: c, name: "lc-gre", encapsulation: "gre" }),
        created: { defaultsFrom: "/Common/gre", encapsulation: "transparent-ethernet-bridging", floodingType: "none" },
        update: { change: { floodingType: "multipoint" }, patch: { floodingType: "multipoint" } },
        replace: { change: { encapsulation: "vxlan" }, kind: "vxlanProfile", expect: { encapsulationType: "vxlan", port: 4789, floodingType: "multipoint" } },
    },
    {
        title: "TunnelProfile (vxlan)", provider: tunnelProfileProvider, kind: "vxlanProfile", name: "lc-vxlan",
        inputs: (c) => ({ connection: c, name: "lc-vxlan", encapsulation: "vxlan" }),
        created: { defaultsFrom: "/Common/vxlan", encapsulationType: "vxlan", port: 4789, floodingType: "none" },
        update: { change: { port: 8472 }, patch: { port: 8472 } },
        replace: { change: { encapsulation: "gre" }, kind: "greProfile", expect: { encapsulation: "transparent-ethernet-bridging", floodingType: "none" } },
    },
    {
        title: "Tunnel", provider: tunnelProvider, kind: "tunnel", name: "lc-tunnel",
        seed: (e) => { e.seed("greProfile", gre("lc-tp-a")); e.seed("greProfile", gre("lc-tp-b")); },
        inputs: (c) => ({ connection: c, name: "lc-tunnel", profile: "lc-tp-a", localAddress: "10.0.2.5", remoteAddress: "10.1.1.20", key: 7, mtu: 1400 }),
        created: { profile: "/Common/lc-tp-a", localAddress: "10.0.2.5", remoteAddress: "10.1.1.20", key: 7, mtu: 1400, tos: "preserve" },
        update: { change: { mtu: 1300 }, patch: { mtu: 1300 } },
        replace: { change: { profile: "/Common/lc-tp-b" }, expect: { profile: "/Common/lc-tp-b", mtu: 1300, key: 7 } },
    },
    {
        title: "SelfIp", provider: selfIpProvider, kind: "selfIp", name: "lc-self",
        seed: (e) => { e.seed("greProfile", gre("lc-self-tp")); e.seed("tunnel", tunnelOn("lc-self-tun", "/Common/lc-self-tp")); },
        inputs: (c) => ({ connection: c, name: "lc-self", address: "10.254.0.1/29", vlan: "lc-self-tun" }),
        // allowService absent = none; non-floating.
        created: { address: "10.254.0.1/29", vlan: "/Common/lc-self-tun", trafficGroup: "/Common/traffic-group-local-only" },
        update: { change: { allowService: ["gre:0"] }, patch: { allowService: ["gre:0"] } },
        replace: { change: { address: "10.254.0.9/29" }, expect: { address: "10.254.0.9/29", allowService: ["gre:0"] } },
    },
    {
        title: "StaticArp", provider: staticArpProvider, kind: "arp", name: "lc-arp",
        inputs: (c) => ({ connection: c, name: "lc-arp", ipAddress: "10.254.0.2", macAddress: "02:00:5E:10:00:01" }),
        created: { ipAddress: "10.254.0.2", macAddress: "02:00:5e:10:00:01" },
        update: { change: { macAddress: "02:00:5e:10:00:02" }, patch: { macAddress: "02:00:5e:10:00:02" } },
        replace: { change: { ipAddress: "10.254.0.3" }, expect: { ipAddress: "10.254.0.3", macAddress: "02:00:5e:10:00:02" } },
    },
    {
        title: "Pool", provider: poolProvider, kind: "pool", name: "lc-pool",
        inputs: (c) => ({ connection: c, name: "lc-pool", members: ["10.254.0.2:0"] }),
        created: { loadBalancingMode: "round-robin", members: [{ name: "10.254.0.2:0", partition: "Common", fullPath: "/Common/10.254.0.2:0", address: "10.254.0.2" }] },
        update: {
            change: { members: ["10.254.0.3:0", "10.254.0.2:0"] },
            patch: { members: [{ name: "10.254.0.2:0", address: "10.254.0.2" }, { name: "10.254.0.3:0", address: "10.254.0.3" }] },
        },
        replace: { change: { name: "lc-pool-2" }, name: "lc-pool-2", expect: { loadBalancingMode: "round-robin" } },
    },
    {
        title: "VirtualServer", provider: virtualServerProvider, kind: "virtual", name: "lc-vs",
        seed: (e) => e.seed("pool", { name: "lc-vs-app", members: [{ name: "10.0.3.10:80" }] }),
        inputs: (c) => ({ connection: c, name: "lc-vs", destination: "10.0.2.10:80", pool: "lc-vs-app", profiles: ["tcp", "http"] }),
        created: {
            destination: "/Common/10.0.2.10:80", mask: "255.255.255.255", ipProtocol: "tcp", pool: "/Common/lc-vs-app",
            sourceAddressTranslation: { type: "automap" }, source: "0.0.0.0/0",
            profiles: [{ name: "http", partition: "Common", fullPath: "/Common/http" }, { name: "tcp", partition: "Common", fullPath: "/Common/tcp" }],
        },
        update: { change: { snat: "none" }, patch: { sourceAddressTranslation: { type: "none" } } },
        replace: { change: { name: "lc-vs-2" }, name: "lc-vs-2", expect: { sourceAddressTranslation: { type: "none" }, pool: "/Common/lc-vs-app" } },
    },
];

const fp = (name: string) => `/Common/${name}`;

for (const k of CASES) {
    describe(`lifecycle: ${k.title} (rehydrated provider)`, () => {
        const box = useEmulator();
        let eng: Engine;
        let inputs: Record<string, unknown>;
        const spec: KindSpec = KINDS[k.kind];

        before(async () => {
            k.seed?.(box.e);
            eng = await engineFor(k.provider);
            inputs = k.inputs(box.c);
        });

        it("create: one POST, and the device object holds exactly the intended properties", async () => {
            box.e.clearLog();
            assert.strictEqual(await eng.up(inputs), "create");
            assert.deepStrictEqual(writeLines(box.e), [`POST /mgmt/${collectionPath(spec)}`]);
            assert.deepStrictEqual(deviceView(box.e.get(k.kind, fp(k.name))), k.created);
            assert.strictEqual(eng.state!.id, fp(k.name));
            assert.strictEqual(eng.state!.outs.fullPath, fp(k.name));
            if (k.kind === "tunnel") assert.ok(box.e.get("fdbTunnel", fp(k.name)), "the device adds the tunnel's FDB object");
        });

        it("refresh keeps it, with the same props", async () => {
            await assertRefreshKeeps(eng);
        });

        it("no-op up with the same inputs: step same and zero requests", async () => {
            await assertNoOpIsFree(box.e, eng, inputs);
        });

        it("update of a mutable field: one PATCH holding only that field", async () => {
            inputs = { ...inputs, ...k.update.change };
            box.e.clearLog();
            assert.strictEqual(await eng.up(inputs), "update");
            const p = patches(box.e);
            assert.strictEqual(p.length, 1, `PATCHes: ${JSON.stringify(p)}`);
            assert.strictEqual(p[0].path, `/mgmt/${objectPath(spec, fp(k.name))}`);
            assert.deepStrictEqual(p[0].body, k.update.patch);
            assert.deepStrictEqual(writeLines(box.e), [`PATCH /mgmt/${objectPath(spec, fp(k.name))}`]);
            // The device now holds what the inputs say: a refresh finds nothing to change.
            assert.strictEqual(await eng.refresh(), "present");
            assert.strictEqual((await eng.preview(inputs)).step, "same");
        });

        it("replace: deletes the old object first, then creates the new one", async () => {
            inputs = { ...inputs, ...k.replace.change };
            const pre = await eng.preview(inputs);
            assert.strictEqual(pre.step, "replace");
            assert.strictEqual(pre.diff!.deleteBeforeReplace, true);
            box.e.clearLog();
            assert.strictEqual(await eng.up(inputs), "replace");
            const newKind = k.replace.kind ?? k.kind;
            const newName = k.replace.name ?? k.name;
            assert.deepStrictEqual(writeLines(box.e), [
                `DELETE /mgmt/${objectPath(spec, fp(k.name))}`,
                "POST /mgmt/tm/sys/config",
                `POST /mgmt/${collectionPath(KINDS[newKind])}`,
            ]);
            if (newKind !== k.kind || newName !== k.name) assert.strictEqual(box.e.get(k.kind, fp(k.name)), undefined);
            const dev = deviceView(box.e.get(newKind, fp(newName)))!;
            for (const [f, v] of Object.entries(k.replace.expect)) assert.deepStrictEqual(dev[f], v, f);
            assert.strictEqual(eng.state!.id, fp(newName));
        });

        it("delete: gone and saved; deleting again (already gone) succeeds", async () => {
            const { id, outs } = eng.state!;
            const kind = k.replace.kind ?? k.kind;
            box.e.clearLog();
            await eng.destroy();
            assert.strictEqual(box.e.get(kind, outs.fullPath), undefined);
            assert.deepStrictEqual(writeLines(box.e), [`DELETE /mgmt/${objectPath(KINDS[kind], outs.fullPath)}`, "POST /mgmt/tm/sys/config"]);
            assert.strictEqual(box.e.savedGeneration, box.e.generation);
            if (kind === "tunnel") assert.strictEqual(box.e.get("fdbTunnel", outs.fullPath), undefined);
            await (await eng.host()).delete(id, eng.urn, outs);
            assert.strictEqual(box.e.savedGeneration, box.e.generation);
            await endHostRun(true); await closeSessions();
            assert.strictEqual(box.e.activeTokens(), 0);
        });
    });
}
