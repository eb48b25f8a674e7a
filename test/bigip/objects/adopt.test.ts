/**
 * Adoption: an object with our name already exists on the device. Without `adopt` the create fails with an error
 * naming the object and suggesting `adopt: true`, changing nothing; with it, only differing mutable fields are
 * PATCHed; a mismatch in a field fixed on the device is a clear error, changing nothing.
 */
import * as assert from "assert";
import * as dynamic from "@pulumi/pulumi/dynamic";
import { Emulator } from "../../emulator";
import { KindId } from "../../../components/bigip/objects/spec";
import { tunnelProfileProvider } from "../../../components/bigip/objects/tunnelProfile";
import { tunnelProvider } from "../../../components/bigip/objects/tunnel";
import { selfIpProvider } from "../../../components/bigip/objects/selfIp";
import { staticArpProvider } from "../../../components/bigip/objects/arp";
import { fdbRecordProvider } from "../../../components/bigip/objects/fdbTunnel";
import { poolProvider } from "../../../components/bigip/objects/pool";
import { virtualServerProvider } from "../../../components/bigip/objects/virtual";
import { clonePoolAttachmentProvider } from "../../../components/bigip/objects/clonePoolAttachment";
import { deviceView, engineFor, rejectsWith, useEmulator, writes } from "./harness";

interface AdoptCase {
    title: string; provider: dynamic.ResourceProvider; kind: KindId; label: string;
    /** The foreign object (REST names): differs from `inputs` in one mutable field. */
    existing: Record<string, unknown>;
    inputs: Record<string, unknown>;
    patch: Record<string, unknown>;
    /** A foreign object that differs in a field the device cannot change in place, and that field's name. */
    fixed?: { existing: Record<string, unknown>; field: string };
}

const gre = { defaultsFrom: "/Common/gre", encapsulation: "transparent-ethernet-bridging" };
const tun = { profile: "/Common/ad-tp", localAddress: "10.0.2.5", remoteAddress: "10.1.1.20" };

const CASES: AdoptCase[] = [
    {
        title: "TunnelProfile (gre)", provider: tunnelProfileProvider, kind: "greProfile", label: "GRE Profile",
        existing: { name: "ad-gre", ...gre, floodingType: "multipoint" }, inputs: { name: "ad-gre", encapsulation: "gre" },
        patch: { floodingType: "none" },
        fixed: { existing: { name: "ad-gre-std", defaultsFrom: "/Common/gre", encapsulation: "standard" }, field: "encapsulation" },
    },
    {
        title: "TunnelProfile (vxlan)", provider: tunnelProfileProvider, kind: "vxlanProfile", label: "VXLAN Profile",
        existing: { name: "ad-vx", defaultsFrom: "/Common/vxlan", floodingType: "none", port: 8472 }, inputs: { name: "ad-vx", encapsulation: "vxlan" },
        patch: { port: 4789 },
    },
    {
        title: "Tunnel", provider: tunnelProvider, kind: "tunnel", label: "Tunnel",
        existing: { name: "ad-tun", ...tun, mtu: 1500 }, inputs: { name: "ad-tun", ...tun, profile: "ad-tp", mtu: 1400 },
        patch: { mtu: 1400 },
        fixed: { existing: { name: "ad-tun-x", ...tun, profile: "/Common/ad-tp2", mtu: 1400 }, field: "profile" },
    },
    {
        title: "SelfIp", provider: selfIpProvider, kind: "selfIp", label: "Self IP",
        existing: { name: "ad-self", address: "10.254.4.1/29", vlan: "/Common/ad-base", allowService: ["default"] },
        inputs: { name: "ad-self", address: "10.254.4.1/29", vlan: "ad-base" },
        patch: { allowService: [] },
        fixed: { existing: { name: "ad-self-x", address: "10.254.5.1/29", vlan: "/Common/ad-base" }, field: "address" },
    },
    {
        title: "StaticArp", provider: staticArpProvider, kind: "arp", label: "Static ARP entry",
        existing: { name: "ad-arp", ipAddress: "10.254.4.2", macAddress: "02:00:00:00:00:aa" },
        inputs: { name: "ad-arp", ipAddress: "10.254.4.2", macAddress: "02:00:5e:10:00:01" },
        patch: { macAddress: "02:00:5e:10:00:01" },
        fixed: { existing: { name: "ad-arp-x", ipAddress: "10.254.4.9", macAddress: "02:00:5e:10:00:01" }, field: "ipAddress" },
    },
    {
        title: "Pool", provider: poolProvider, kind: "pool", label: "Pool",
        existing: { name: "ad-pool", members: [{ name: "10.254.4.7:0" }] }, inputs: { name: "ad-pool", members: ["10.254.4.2:0"] },
        patch: { members: [{ name: "10.254.4.2:0", address: "10.254.4.2" }] },
    },
    {
        title: "VirtualServer", provider: virtualServerProvider, kind: "virtual", label: "Virtual Server",
        existing: { name: "ad-vs", destination: "10.0.2.40:80", sourceAddressTranslation: { type: "none" }, profiles: [{ name: "/Common/tcp" }] },
        inputs: { name: "ad-vs", destination: "10.0.2.40:80" },
        patch: { sourceAddressTranslation: { type: "automap" } },
    },
];

function seedBase(e: Emulator): void {
    for (const n of ["ad-tp", "ad-tp2"]) e.seed("greProfile", { name: n, ...gre });
    e.seed("tunnel", { name: "ad-base", ...tun });
}

describe("adoption: single-object providers (rehydrated)", () => {
    const box = useEmulator();
    before(() => seedBase(box.e));

    for (const k of CASES) {
        const fp = `/Common/${k.existing.name}`;

        it(`${k.title}: without adopt the create fails naming it and suggesting adopt: true; nothing changed`, async () => {
            box.e.seed(k.kind, k.existing);
            const eng = await engineFor(k.provider);
            const snap = box.e.snapshot();
            await rejectsWith(eng.up({ connection: box.c, ...k.inputs }), new RegExp(`${k.label} ${fp} already exists`), /adopt: true/);
            assert.deepStrictEqual(box.e.snapshot(), snap);
            assert.strictEqual(eng.state, undefined);
        });

        it(`${k.title}: adopt: true takes it over with one PATCH of only the differing field`, async () => {
            const eng = await engineFor(k.provider);
            box.e.clearLog();
            assert.strictEqual(await eng.up({ connection: box.c, ...k.inputs, adopt: true }), "create");
            const w = writes(box.e);
            assert.deepStrictEqual(w.map((l) => [l.method, l.status]), [["POST", 409], ["PATCH", 200]]);
            assert.deepStrictEqual(w[1].body, k.patch);
            await eng.refresh();
            assert.strictEqual((await eng.preview({ connection: box.c, ...k.inputs, adopt: true })).step, "same");
            await eng.destroy();
            assert.strictEqual(box.e.get(k.kind, fp), undefined);
        });

        if (k.fixed) {
            const fixed = k.fixed;
            it(`${k.title}: adopt: true with a different ${fixed.field} (fixed on the device) is a clear error; nothing changed`, async () => {
                box.e.seed(k.kind, fixed.existing);
                const eng = await engineFor(k.provider);
                const snap = box.e.snapshot();
                const inputs = { connection: box.c, ...k.inputs, name: fixed.existing.name, adopt: true };
                await rejectsWith(eng.up(inputs), new RegExp(`Cannot adopt ${k.label} /Common/${fixed.existing.name}`), new RegExp(`its ${fixed.field} is`), /Nothing was changed/);
                assert.deepStrictEqual(box.e.snapshot(), snap);
            });
        }
    }

    it("an existing object identical to ours is still someone else's: refused without adopt, nothing changed", async () => {
        box.e.seed("pool", { name: "ad-same", members: [{ name: "10.254.0.9:0", address: "10.254.0.9" }] });
        const eng = await engineFor(poolProvider);
        const snap = box.e.snapshot();
        await rejectsWith(eng.up({ connection: box.c, name: "ad-same", members: ["10.254.0.9:0"] }), /Pool \/Common\/ad-same already exists/, /adopt: true/);
        assert.deepStrictEqual(box.e.snapshot(), snap);
        assert.strictEqual(eng.state, undefined, "not in our state, so our destroy can never delete it");
    });

    it("FdbRecord: a foreign record under our MAC fails without adopt (nothing changed); adopt replaces its endpoint", async () => {
        const MAC = "02:00:5e:10:00:0a";
        box.e.seed("fdbTunnel", { name: "ad-base", records: [{ name: MAC, endpoint: "10.1.1.66" }] });
        const eng = await engineFor(fdbRecordProvider);
        const inputs = { connection: box.c, name: MAC, tunnel: "ad-base", endpoint: "10.1.1.20" };
        const snap = box.e.snapshot();
        await rejectsWith(eng.up(inputs), new RegExp(`FDB record /Common/ad-base/records/${MAC} already exists \\(endpoint 10.1.1.66\\)`), /adopt: true/);
        assert.deepStrictEqual(box.e.snapshot(), snap);
        assert.strictEqual(await eng.up({ ...inputs, adopt: true }), "create");
        assert.deepStrictEqual(deviceView(box.e.get("fdbTunnel", "/Common/ad-base"))!.records, [{ name: MAC, fullPath: MAC, endpoint: "10.1.1.20" }]);
        await eng.destroy();
    });

    it("ClonePoolAttachment: a foreign pool in our context fails without takeOver (nothing changed); takeOver replaces it only", async () => {
        for (const p of ["ad-cp", "ad-foreign", "ad-other"]) box.e.seed("pool", { name: p });
        const theirs = [{ name: "/Common/ad-foreign", context: "clientside" }, { name: "/Common/ad-other", context: "serverside" }];
        box.e.seed("virtual", { name: "ad-cvs", destination: "10.0.2.41:80", clonePools: theirs });
        const eng = await engineFor(clonePoolAttachmentProvider);
        const inputs = { connection: box.c, name: "clone", virtualServer: "ad-cvs", pool: "ad-cp", context: "clientside" };
        const snap = box.e.snapshot();
        await rejectsWith(eng.up(inputs), /already has \/Common\/ad-foreign as its clientside clone pool/, /takeOver: true/);
        assert.deepStrictEqual(box.e.snapshot(), snap);
        assert.strictEqual(await eng.up({ ...inputs, takeOver: true }), "create");
        assert.deepStrictEqual(deviceView(box.e.get("virtual", "/Common/ad-cvs"))!.clonePools, [theirs[1], { name: "/Common/ad-cp", context: "clientside" }]);
        await eng.destroy();
        assert.deepStrictEqual(deviceView(box.e.get("virtual", "/Common/ad-cvs"))!.clonePools, [theirs[1]]);
    });
});
