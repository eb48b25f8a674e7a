/**
 * Request budgets against a fresh emulator, counted on the wire (login, readiness, logout included). Printed as
 * `REQUESTS:` lines for the closing note; asserted only as zero (no-op diffs) and loose upper bounds.
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
import { FakeEngine } from "./engine";
import { counted, engineFor, rehydrated, useEmulator } from "./harness";

const chain = (c: unknown, name: string, n: number) => ({
    connection: c, name, encapsulation: "gre", localAddress: "10.0.2.5", remoteAddress: `10.1.1.${n}`,
    selfAddress: `10.254.${n}.1/29`, collectorAddress: `10.254.${n}.2`, collectorMac: `02:00:5e:10:00:${n.toString(16).padStart(2, "0")}`,
});

const report = (what: string, n: number) => console.log(`REQUESTS: ${what}: ${n}`);

describe("request counts (printed as REQUESTS: lines)", () => {
    const box = useEmulator();
    const engines: { title: string; eng: FakeEngine; inputs: Record<string, unknown> }[] = [];

    before(async () => {
        // Rehydrate up front so no serialization time falls into a measurement.
        for (const p of [tunnelChainProvider, tunnelProfileProvider, tunnelProvider, selfIpProvider, staticArpProvider, fdbRecordProvider,
            poolProvider, virtualServerProvider, clonePoolAttachmentProvider, configSaveProvider]) await rehydrated(p);
    });

    it("TunnelChain create: fresh device (first session, with readiness) and warm device", async () => {
        const first = await engineFor(tunnelChainProvider);
        const fresh = await counted(box.e, () => first.up(chain(box.c, "rq-a", 31)));
        assert.ok(box.e.log.some((l) => l.path === "/mgmt/tm/sys/ready"), "the first session waited for readiness");
        const second = await engineFor(tunnelChainProvider);
        const warm = await counted(box.e, () => second.up(chain(box.c, "rq-b", 32)));
        assert.ok(!box.e.log.some((l) => l.path === "/mgmt/tm/sys/ready"), "readiness is checked once per device and process");
        report("TunnelChain create, fresh device (login + readiness + 5 reads + transaction)", fresh);
        report("TunnelChain create, warm device", warm);
        assert.ok(fresh <= 20 && warm <= 20 && warm < fresh, `${fresh} / ${warm}`);
        engines.push({ title: "TunnelChain rq-a", eng: first, inputs: chain(box.c, "rq-a", 31) }, { title: "TunnelChain rq-b", eng: second, inputs: chain(box.c, "rq-b", 32) });
    });

    it("each single-object create (warm device)", async () => {
        const c = box.c;
        const steps: [string, dynamic.ResourceProvider, Record<string, unknown>][] = [
            ["TunnelProfile (gre)", tunnelProfileProvider, { name: "rq-gre", encapsulation: "gre" }],
            ["TunnelProfile (vxlan)", tunnelProfileProvider, { name: "rq-vxlan", encapsulation: "vxlan" }],
            ["Tunnel", tunnelProvider, { name: "rq-tun", profile: "rq-gre", localAddress: "10.0.2.5", remoteAddress: "10.1.1.40" }],
            ["SelfIp", selfIpProvider, { name: "rq-self", address: "10.254.40.1/29", vlan: "rq-tun" }],
            ["StaticArp", staticArpProvider, { name: "rq-arp", ipAddress: "10.254.40.2", macAddress: "02:00:5e:10:00:40" }],
            ["FdbRecord", fdbRecordProvider, { name: "02:00:5e:10:00:40", tunnel: "rq-tun", endpoint: "10.1.1.40" }],
            ["Pool", poolProvider, { name: "rq-pool", members: ["10.254.40.2:0"] }],
            ["VirtualServer", virtualServerProvider, { name: "rq-vs", destination: "10.0.2.40:80" }],
            ["ClonePoolAttachment", clonePoolAttachmentProvider, { name: "clone", virtualServer: "rq-vs", pool: "rq-pool", context: "clientside" }],
            ["ConfigSave", configSaveProvider, { name: "rq-save", triggers: ["x"] }],
        ];
        for (const [title, p, args] of steps) {
            const eng = await engineFor(p);
            const inputs = { connection: c, ...args };
            const n = await counted(box.e, () => eng.up(inputs));
            report(`${title} create`, n);
            assert.ok(n >= 3 && n <= 8, `${title}: ${n}`);
            engines.push({ title, eng, inputs });
        }
    });

    it("a no-op diff of every resource sends nothing", async () => {
        let total = 0;
        for (const { title, eng, inputs } of engines) {
            const n = await counted(box.e, async () => assert.strictEqual(await eng.up(inputs), "same", title));
            assert.strictEqual(n, 0, title);
            total += n;
        }
        report(`no-op up of all ${engines.length} resources`, total);
    });

    it("full destroy (reverse creation order, as the engine deletes dependents first)", async () => {
        let total = 0;
        for (const { title, eng } of [...engines].reverse()) {
            const n = await counted(box.e, () => eng.destroy());
            report(`${title} destroy`, n);
            assert.ok(n <= 20, `${title}: ${n}`);
            total += n;
        }
        report(`full destroy of all ${engines.length} resources`, total);
        assert.ok(total <= 120, String(total));
        assert.strictEqual(box.e.savedGeneration, box.e.generation);
        assert.strictEqual(box.e.activeTokens(), 0);
    });
});
