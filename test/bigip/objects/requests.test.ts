/**
 * Request budgets against a fresh emulator, counted on the wire (login, readiness, logout included), all resources
 * in one run (one provider process, so one shared session). Printed as `REQUESTS:` lines; counts are exact and
 * deterministic, so they are asserted exactly: a change that costs a request shows here.
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
import { counted, engineFor, useEmulator } from "./harness";
import { endHostRun, sharedHost } from "./engine";

const chain = (c: unknown, name: string, n: number) => ({
    connection: c, name, encapsulation: "gre", localAddress: "10.0.2.5", remoteAddress: `10.1.1.${n}`,
    selfAddress: `10.254.${n}.1/29`, collectorAddress: `10.254.${n}.2`, collectorMac: `02:00:5e:10:00:${n.toString(16).padStart(2, "0")}`,
});

const report = (what: string, n: number) => console.log(`REQUESTS: ${what}: ${n}`);

describe("request counts (printed as REQUESTS: lines)", () => {
    const box = useEmulator();
    const engines: { title: string; eng: Engine; inputs: Record<string, unknown> }[] = [];

    before(async () => {
        // Start the provider host up front so no start-up time falls into a measurement.
        await sharedHost();
    });

    it("TunnelChain create: first in the run (login, readiness, one transaction, the FDB record) and next in the same run", async () => {
        const first = await engineFor(tunnelChainProvider);
        const fresh = await counted(box.e, () => first.up(chain(box.c, "rq-a", 31)));
        assert.deepStrictEqual(box.e.log.map((l) => `${l.method} ${l.path.replace(/\/\d+$/, "/N")}`), [
            "POST /mgmt/shared/authn/login", "GET /mgmt/tm/sys/ready", "POST /mgmt/tm/transaction",
            "POST /mgmt/tm/net/tunnels/gre", "POST /mgmt/tm/net/tunnels/tunnel", "POST /mgmt/tm/net/self", "POST /mgmt/tm/net/arp",
            "PATCH /mgmt/tm/transaction/N", "POST /mgmt/tm/net/fdb/tunnel/~Common~rq-a/records",
        ], "no read before the create: the transaction's refusal would say what a read says; the record once the tunnel exists");
        const second = await engineFor(tunnelChainProvider);
        const warm = await counted(box.e, () => second.up(chain(box.c, "rq-b", 32)));
        report("TunnelChain create, first in the run (login + readiness + transaction of 4 + FDB record)", fresh);
        report("TunnelChain create, same run (shared session)", warm);
        assert.deepStrictEqual([fresh, warm], [9, 7]);
        engines.push({ title: "TunnelChain rq-a", eng: first, inputs: chain(box.c, "rq-a", 31) }, { title: "TunnelChain rq-b", eng: second, inputs: chain(box.c, "rq-b", 32) });
    });

    it("each single-object create in the same run: one write (the attachment: the tmsh add and its verifying read)", async () => {
        const c = box.c;
        const steps: [string, dynamic.ResourceProvider, Record<string, unknown>, number][] = [
            ["TunnelProfile (gre)", tunnelProfileProvider, { name: "rq-gre", encapsulation: "gre" }, 1],
            ["TunnelProfile (vxlan)", tunnelProfileProvider, { name: "rq-vxlan", encapsulation: "vxlan" }, 1],
            ["Tunnel", tunnelProvider, { name: "rq-tun", profile: "rq-gre", localAddress: "10.0.2.5", remoteAddress: "10.1.1.40" }, 1],
            ["SelfIp", selfIpProvider, { name: "rq-self", address: "10.254.40.1/29", vlan: "rq-tun" }, 1],
            ["StaticArp", staticArpProvider, { name: "rq-arp", ipAddress: "10.254.40.2", macAddress: "02:00:5e:10:00:40" }, 1],
            ["FdbRecord", fdbRecordProvider, { name: "02:00:5e:10:00:40", tunnel: "rq-tun", endpoint: "10.1.1.40" }, 1],
            ["Pool", poolProvider, { name: "rq-pool", members: ["10.254.40.2:0"] }, 1],
            ["VirtualServer", virtualServerProvider, { name: "rq-vs", destination: "10.0.2.40:80" }, 1],
            ["ClonePoolAttachment", clonePoolAttachmentProvider, { name: "clone", virtualServer: "rq-vs", pool: "rq-pool", context: "clientside" }, 2],
            ["ConfigSave", configSaveProvider, { name: "rq-save", triggers: ["x"] }, 1],
        ];
        for (const [k, [title, p, args, budget]] of steps.entries()) {
            const eng = await engineFor(p);
            const inputs = { connection: c, ...args };
            const n = await counted(box.e, () => eng.up(inputs));
            report(`${title} create`, n);
            // The harness logs the session out after each test, so the first create here logs in again (readiness is known).
            assert.strictEqual(n, budget + (k === 0 ? 1 : 0), `${title}: ${box.e.log.map((l) => `${l.method} ${l.path}`).join(", ")}`);
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

    it("full destroy (reverse creation order, as the engine deletes dependents first), then the run ends", async () => {
        let total = 0;
        for (const { title, eng } of [...engines].reverse()) {
            const n = await counted(box.e, () => eng.destroy());
            report(`${title} destroy`, n);
            total += n;
        }
        const logout = await counted(box.e, () => endHostRun());
        report(`full destroy of all ${engines.length} resources (with the end-of-run logout)`, total + logout);
        // A login (the harness logged out after the last test); each single object: DELETE + save (7); the FDB record:
        // its read first (the device's spelling of its name), DELETE, save; the attachment: read, tmsh delete, verifying
        // read, save; each chain: one transaction (start, 5 DELETEs, commit) and a save; ConfigSave: nothing.
        assert.strictEqual(total, 1 + 7 * 2 + 3 + 4 + 2 * 8, String(total));
        assert.strictEqual(logout, 1);
        assert.strictEqual(box.e.savedGeneration, box.e.generation);
        assert.strictEqual(box.e.activeTokens(), 0);
    });
});
