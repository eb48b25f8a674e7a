/**
 * Device spellings (issue 8 §1): a device prints values its own way — MACs unpadded, `%N` route-domain suffixes,
 * IPv6 in any form, member names partition-qualified, sub-collections unexpanded. For every value type another
 * admin (or the device itself) spells our values differently, and refresh + preview must stay a no-op with no write.
 * One canonical form per type (components/bigip/objects/canon.ts) makes that so.
 */
import * as assert from "assert";
import * as dynamic from "@pulumi/pulumi/dynamic";
import { Emulator, VERBATIM } from "../../emulator";
import { canon } from "../../../components/bigip/objects/canon";
import { encodeFullPath } from "../../../components/bigip/objects/spec";
import { is } from "../../../components/bigip/objects/validation";
import { staticArpProvider } from "../../../components/bigip/objects/arp";
import { fdbRecordProvider } from "../../../components/bigip/objects/fdbTunnel";
import { poolProvider } from "../../../components/bigip/objects/pool";
import { selfIpProvider } from "../../../components/bigip/objects/selfIp";
import { tunnelProvider } from "../../../components/bigip/objects/tunnel";
import { routeProvider } from "../../../components/bigip/objects/route";
import { virtualServerProvider } from "../../../components/bigip/objects/virtual";
import { vlanProvider } from "../../../components/bigip/objects/vlan";
import { tunnelChainProvider } from "../../../components/bigip/objects/tunnelChain";
import { behindOurBack, deviceView, engineFor, plain, useEmulator, writes } from "./harness";
import { Engine } from "./engine";


/** Refresh keeps the state exactly, preview plans nothing, `up` is "same": not one write reaches the device. */
async function assertNoOp(e: Emulator, eng: Engine, inputs: unknown): Promise<void> {
    e.clearLog();
    const before = plain(eng.state!.outs);
    assert.strictEqual(await eng.refresh(), "present", "refresh finds it");
    assert.deepStrictEqual(plain(eng.state!.outs), before, "refresh keeps the state");
    const plan = await eng.preview(inputs);
    assert.strictEqual(plan.step, "same", `preview plans nothing (diff ${JSON.stringify(plan.diff)})`);
    assert.strictEqual(await eng.up(inputs), "same");
    assert.deepStrictEqual(writes(e).map((l) => `${l.method} ${l.path}`), [], "no write");
}

async function created(p: dynamic.ResourceProvider, inputs: Record<string, unknown>): Promise<Engine> {
    const eng = await engineFor(p);
    assert.strictEqual(await eng.up(inputs), "create");
    return eng;
}

describe("canon: one canonical form per value type", () => {
    it("MAC: padded, lower case; the device's unpadded and upper-case spellings are the same MAC", () => {
        assert.strictEqual(canon.mac("0:50:56:99:77:6"), "00:50:56:99:77:06");
        assert.strictEqual(canon.mac("02:00:5E:10:00:0F"), "02:00:5e:10:00:0f");
        assert.strictEqual(canon.mac("2:0:5e:10:0:f"), "02:00:5e:10:00:0f");
        for (const bad of ["02:00:5e:10:00", "002:00:5e:10:00:0f", "zz:00:5e:10:00:0f", " 02:00:5e:10:00:0f"]) assert.strictEqual(canon.mac(bad), undefined, bad);
        assert.ok(is.mac("2:0:5e:10:0:f"));
        assert.ok(!is.mac("1:0:5e:10:0:f"), "multicast refused");
    });

    it("IP with optional %RD: %0 dropped, %N kept, IPv6 RFC 5952", () => {
        assert.strictEqual(canon.ip("10.0.0.1%0"), "10.0.0.1");
        assert.strictEqual(canon.ip("10.0.0.1%1"), "10.0.0.1%1");
        assert.strictEqual(canon.ip("2001:0DB8:0:0:0:0:0:0020%2"), "2001:db8::20%2");
        assert.strictEqual(canon.ip("fe80:0:0:1:0:0:0:1"), "fe80:0:0:1::1");
        for (const bad of ["10.0.0.1%", "10.0.0.1%65535", "10.0.0.256", " 10.0.0.1", "10.0.0.1/32"]) assert.strictEqual(canon.ip(bad), undefined, bad);
    });

    it("address with prefix, IP:port / IP.port members, full paths", () => {
        assert.strictEqual(canon.ipPrefix("10.10.10.10%1/24"), "10.10.10.10%1/24");
        assert.strictEqual(canon.ipPrefix("10.10.10.10%0/024"), "10.10.10.10/24");
        assert.ok(is.ipWithPrefix("10.10.10.10%1/24"), "the device's own self IP spelling is valid input");
        assert.strictEqual(canon.ipPort("10.0.0.1%0:080"), "10.0.0.1:80");
        assert.strictEqual(canon.ipPort("2001:db8:0::1%3.443"), "2001:db8::1%3.443");
        assert.strictEqual(canon.ipPort("2001:db8::1:443"), undefined, "IPv6 takes a dot before the port");
        assert.strictEqual(canon.ipPort("10.0.0.1.80"), undefined, "IPv4 takes a colon");
        assert.strictEqual(canon.memberName("/Tenant/10.0.0.1%0:0"), "10.0.0.1:0");
        assert.strictEqual(canon.fullPath("p", "Tenant"), "/Tenant/p");
        assert.strictEqual(canon.fullPath("/Common/p", "Tenant"), "/Common/p");
    });
});

/** A GRE-TEB profile `<p>-tp`, tunnel `<p>-tun`, VLAN `<p>-ext` (1.1, MTU 9001) and its self IP 10.0.2.5/24. */
function seedUnderlay(e: Emulator, p: string): void {
    e.seed("greProfile", { name: `${p}-tp`, defaultsFrom: "/Common/gre", encapsulation: "transparent-ethernet-bridging" });
    e.seed("tunnel", { name: `${p}-tun`, profile: `/Common/${p}-tp`, localAddress: "10.0.2.5", remoteAddress: "10.1.1.20" });
    e.seed("vlan", { name: `${p}-ext`, interfaces: [{ name: "1.1", untagged: true }], mtu: 9001 });
    e.seed("selfIp", { name: `${p}-ext-self`, address: "10.0.2.5/24", vlan: `/Common/${p}-ext` });
}

describe("device spellings (the emulator's default dialect: unpadded MACs, %0 dropped, partition Tenant)", () => {
    const box = useEmulator({ folders: ["Tenant"] });

    before(() => {
        seedUnderlay(box.e, "sp");
    });

    it("MAC: the ARP entry reads back unpadded (`0:50:56:99:77:6`), and an admin writing that spelling changes nothing", async () => {
        const inputs = { connection: box.c, name: "sp-arp", ipAddress: "10.254.9.2", macAddress: "00:50:56:99:77:06" };
        const eng = await created(staticArpProvider, inputs);
        const raw = await behindOurBack(box.e, (s) => s.get("tm/net/arp/~Common~sp-arp"));
        assert.strictEqual(raw.macAddress, "0:50:56:99:77:6", "the device's spelling (get_arp.py)");
        await assertNoOp(box.e, eng, inputs);
        await behindOurBack(box.e, (s) => s.patch("tm/net/arp/~Common~sp-arp", { macAddress: "0:50:56:99:77:6" }));
        await assertNoOp(box.e, eng, { ...inputs, macAddress: "00:50:56:99:77:06".toUpperCase() });
        await eng.destroy();
    });

    it("FDB record: re-added by an admin as `2:0:5E:10:0:F`, found (not created twice), deleted by that name", async () => {
        const inputs = { connection: box.c, name: "02:00:5e:10:00:0f", tunnel: "sp-tun", endpoint: "10.1.1.20" };
        const eng = await created(fdbRecordProvider, inputs);
        await assertNoOp(box.e, eng, inputs);
        await behindOurBack(box.e, async (s) => {
            await s.delete("tm/net/fdb/tunnel/~Common~sp-tun/records/02:00:5e:10:00:0f");
            await s.post("tm/net/fdb/tunnel/~Common~sp-tun/records", { name: "2:0:5E:10:0:F", endpoint: "10.1.1.20" });
        });
        await assertNoOp(box.e, eng, inputs);
        await eng.destroy();
        assert.deepStrictEqual(deviceView(box.e.get("fdbTunnel", "/Common/sp-tun"))!.records, []);
    });

    it("IPv4 with %RD: `%0` inputs are the default route domain; `%1` reads back as `%1` (self IP `10.10.10.10%1/24` accepted)", async () => {
        const arp0 = { connection: box.c, name: "sp-arp0", ipAddress: "10.254.9.3%0", macAddress: "02:00:5e:10:00:10" };
        const arp1 = { connection: box.c, name: "sp-arp1", ipAddress: "10.254.9.4%1", macAddress: "02:00:5e:10:00:11" };
        const self = { connection: box.c, name: "sp-self1", address: "10.10.10.10%1/24", vlan: "sp-tun" };
        const tun = { connection: box.c, name: "sp-tun0", profile: "sp-tp", localAddress: "10.0.2.5%0", remoteAddress: "10.1.1.21%0" };
        const engs: [Engine, unknown][] = [];
        for (const [p, i] of [[staticArpProvider, arp0], [staticArpProvider, arp1], [selfIpProvider, self], [tunnelProvider, tun]] as const) {
            engs.push([await created(p, i), i]);
        }
        assert.strictEqual(engs[0][0].state!.outs.ipAddress, "10.254.9.3");
        assert.strictEqual((await behindOurBack(box.e, (s) => s.get("tm/net/arp/~Common~sp-arp1"))).ipAddress, "10.254.9.4%1");
        for (const [eng, i] of engs) await assertNoOp(box.e, eng, i);
        for (const [eng] of engs.reverse()) await eng.destroy();
    });

    it("IPv6: any spelling of the tunnel's remote address is the same address", async () => {
        const inputs = { connection: box.c, name: "sp-tun6", profile: "sp-tp", localAddress: "2001:DB8:0:0::5", remoteAddress: "2001:0db8:0000:0000:0000:0000:0000:0020" };
        const eng = await created(tunnelProvider, inputs);
        assert.deepStrictEqual([eng.state!.outs.localAddress, eng.state!.outs.remoteAddress], ["2001:db8::5", "2001:db8::20"]);
        await assertNoOp(box.e, eng, inputs);
        await behindOurBack(box.e, (s) => s.patch("tm/net/tunnels/tunnel/~Common~sp-tun6", { remoteAddress: "2001:db8:0::20" }));
        await assertNoOp(box.e, eng, inputs);
        await eng.destroy();
    });

    it("members `IP:port` / `IP.port`: `%0`, IPv6 forms and the partition prefix are not drift", async () => {
        const inputs = { connection: box.c, name: "sp-pool", members: ["10.254.9.5%0:0", "2001:DB8::5.0", "10.254.9.6%1:80"] };
        const eng = await created(poolProvider, inputs);
        assert.deepStrictEqual(eng.state!.outs.members, ["10.254.9.5:0", "10.254.9.6%1:80", "2001:db8::5.0"]);
        await assertNoOp(box.e, eng, inputs);
        // URLs carry `%` as `%25` (reference §1.3): the member with a route domain is addressable.
        const url = `tm/ltm/pool/~Common~sp-pool/members/${encodeFullPath("/Common/10.254.9.6%1:80")}`;
        assert.strictEqual(url.endsWith("~Common~10.254.9.6%251:80"), true);
        assert.strictEqual((await behindOurBack(box.e, (s) => s.get(url))).address, "10.254.9.6%1");
        await eng.destroy();
    });

    it("virtual destination `/Common/IP:port` and source `0.0.0.0%0/0` read back as ours", async () => {
        const inputs = { connection: box.c, name: "sp-vs", destination: "10.0.2.40%0:80", source: "0.0.0.0%0/0", mask: "255.255.255.255" };
        const eng = await created(virtualServerProvider, inputs);
        await assertNoOp(box.e, eng, inputs);
        await eng.destroy();
    });

    it("route: gateway and network with %0 are the default route domain's", async () => {
        const inputs = { connection: box.c, name: "sp-route", network: "10.9.0.0%0/16", gw: "10.0.2.1%0" };
        const eng = await created(routeProvider, inputs);
        assert.deepStrictEqual([eng.state!.outs.network, eng.state!.outs.gw], ["10.9.0.0/16", "10.0.2.1"]);
        await assertNoOp(box.e, eng, inputs);
        await eng.destroy();
    });

    it("names and full paths: a whole tunnel chain and a pool in partition Tenant, created, unchanged, destroyed", async () => {
        const chain = {
            connection: box.c, name: "sp-ch", partition: "Tenant", encapsulation: "gre", localAddress: "10.0.2.5", remoteAddress: "10.1.1.31",
            selfAddress: "10.254.8.1/29", collectorAddress: "10.254.8.2", collectorMac: "02:00:5E:10:00:20",
        };
        const eng = await created(tunnelChainProvider, chain);
        assert.deepStrictEqual(deviceView(box.e.get("selfIp", "/Tenant/sp-ch-self"))!.vlan, "/Tenant/sp-ch");
        assert.deepStrictEqual(deviceView(box.e.get("tunnel", "/Tenant/sp-ch"))!.profile, "/Tenant/sp-ch-profile");
        await assertNoOp(box.e, eng, chain);
        const pool = { connection: box.c, name: "sp-tpool", partition: "Tenant", members: ["10.254.8.2:0"], monitor: "/Common/gateway_icmp" };
        const pe = await created(poolProvider, pool);
        const raw = await behindOurBack(box.e, (s) => s.get("tm/ltm/pool/~Tenant~sp-tpool/members"));
        assert.deepStrictEqual(raw.items.map((m: any) => m.fullPath), ["/Tenant/10.254.8.2:0"]);
        await assertNoOp(box.e, pe, pool);
        await pe.destroy();
        await eng.destroy();
        assert.strictEqual(box.e.get("tunnel", "/Tenant/sp-ch"), undefined);
    });

    it("pool members carry the device's fields and defaults (11.6.0 listing)", async () => {
        const eng = await created(poolProvider, { connection: box.c, name: "sp-fields", members: ["10.254.9.7:0"] });
        const m = (await behindOurBack(box.e, (s) => s.get("tm/ltm/pool/~Common~sp-fields/members"))).items[0];
        assert.deepStrictEqual(
            [m.connectionLimit, m.dynamicRatio, m.ephemeral, m.fqdn, m.inheritProfile, m.logging, m.priorityGroup, m.rateLimit, m.ratio],
            [0, 1, "false", { autopopulate: "disabled" }, "enabled", "disabled", 0, "disabled", 1]);
        await behindOurBack(box.e, (s) => s.patch("tm/ltm/pool/~Common~sp-fields/members/~Common~10.254.9.7:0", { ratio: 3, connectionLimit: 10 }));
        await assertNoOp(box.e, eng, { connection: box.c, name: "sp-fields", members: ["10.254.9.7:0"] });
        await eng.destroy();
    });

    it("TunnelChain: the device's unpadded MAC (ARP and FDB record) is no drift", async () => {
        const chain = {
            connection: box.c, name: "sp-ch2", encapsulation: "gre", localAddress: "10.0.2.5", remoteAddress: "10.1.1.32",
            selfAddress: "10.254.7.1/29", collectorAddress: "10.254.7.2", collectorMac: "02:00:5e:10:00:0a",
        };
        const eng = await created(tunnelChainProvider, chain);
        assert.strictEqual((await behindOurBack(box.e, (s) => s.get("tm/net/arp/~Common~sp-ch2-arp"))).macAddress, "2:0:5e:10:0:a");
        await assertNoOp(box.e, eng, chain);
        await eng.destroy();
    });

    it("TunnelChain: an ARP IP changed behind our back is planned (replace) and converged — not stuck on every up", async () => {
        const chain = {
            connection: box.c, name: "sp-ch3", encapsulation: "gre", localAddress: "10.0.2.5", remoteAddress: "10.1.1.33",
            selfAddress: "10.254.6.1/29", collectorAddress: "10.254.6.2", collectorMac: "02:00:5e:10:00:0b",
        };
        const eng = await created(tunnelChainProvider, chain);
        await behindOurBack(box.e, (s) => s.delete("tm/net/arp/~Common~sp-ch3-arp"));
        box.e.seed("arp", { name: "sp-ch3-arp", ipAddress: "10.254.6.3", macAddress: "02:00:5e:10:00:0b" });
        assert.strictEqual(await eng.refresh(), "present");
        assert.strictEqual(eng.state!.outs.collectorAddress, "10.254.6.3", "refresh copies the ARP entry's IP back");
        assert.strictEqual((await eng.preview(chain)).step, "replace");
        assert.strictEqual(await eng.up(chain), "replace");
        assert.strictEqual(deviceView(box.e.get("arp", "/Common/sp-ch3-arp"))!.ipAddress, "10.254.6.2");
        await assertNoOp(box.e, eng, chain);
        await eng.destroy();
    });
});

describe("device spellings written by another admin (a device that echoes them: %0, upper case, unpadded, IPv6 forms)", () => {
    const box = useEmulator({ dialect: VERBATIM });

    before(() => {
        seedUnderlay(box.e, "sv");
    });

    it("ARP: MAC `0:50:56:99:77:6` and IP `10.254.9.2%0` (recreated by another admin) read as ours", async () => {
        const inputs = { connection: box.c, name: "sv-arp", ipAddress: "10.254.9.2", macAddress: "00:50:56:99:77:06" };
        const eng = await created(staticArpProvider, inputs);
        await behindOurBack(box.e, (s) => s.delete("tm/net/arp/~Common~sv-arp"));
        box.e.seed("arp", { name: "sv-arp", ipAddress: "10.254.9.2%0", macAddress: "0:50:56:99:77:6" });
        await assertNoOp(box.e, eng, inputs);
        await eng.destroy();
    });

    it("FDB record `2:0:5E:10:0:F` with endpoint `10.1.1.20%0`: found, no second create", async () => {
        const inputs = { connection: box.c, name: "02:00:5e:10:00:0f", tunnel: "sv-tun", endpoint: "10.1.1.20" };
        const eng = await created(fdbRecordProvider, inputs);
        await behindOurBack(box.e, async (s) => {
            await s.delete("tm/net/fdb/tunnel/~Common~sv-tun/records/02:00:5e:10:00:0f");
            await s.post("tm/net/fdb/tunnel/~Common~sv-tun/records", { name: "2:0:5E:10:0:F", endpoint: "10.1.1.20%0" });
        });
        await assertNoOp(box.e, eng, inputs);
        await eng.destroy();
        assert.deepStrictEqual(deviceView(box.e.get("fdbTunnel", "/Common/sv-tun"))!.records, [], "deleted by the device's name");
    });

    it("self IP `10.254.9.1%0/29` and tunnel addresses `%0` / uncompressed IPv6", async () => {
        const self = { connection: box.c, name: "sv-self", address: "10.254.9.1/29", vlan: "sv-tun" };
        const tun = { connection: box.c, name: "sv-tun6", profile: "sv-tp", localAddress: "2001:db8::5", remoteAddress: "2001:db8::20" };
        const se = await created(selfIpProvider, self);
        const te = await created(tunnelProvider, tun);
        await behindOurBack(box.e, (s) => s.delete("tm/net/self/~Common~sv-self"));
        box.e.seed("selfIp", { name: "sv-self", address: "10.254.9.1%0/29", vlan: "/Common/sv-tun" });
        await behindOurBack(box.e, (s) => s.patch("tm/net/tunnels/tunnel/~Common~sv-tun6", { localAddress: "2001:0DB8:0:0:0:0:0:5", remoteAddress: "2001:db8::20%0" }));
        await assertNoOp(box.e, se, self);
        await assertNoOp(box.e, te, tun);
        await te.destroy();
        await se.destroy();
    });

    it("pool members `10.254.9.5%0:0` / `2001:0db8::5.0` and virtual destination `/Common/10.0.2.41%0:80`", async () => {
        const pool = { connection: box.c, name: "sv-pool", members: ["10.254.9.5:0", "2001:db8::5.0"] };
        const vs = { connection: box.c, name: "sv-vs", destination: "10.0.2.41:80" };
        const pe = await created(poolProvider, pool);
        const ve = await created(virtualServerProvider, vs);
        await behindOurBack(box.e, async (s) => {
            await s.patch("tm/ltm/pool/~Common~sv-pool", { members: [{ name: "10.254.9.5%0:0" }, { name: "2001:0db8:0:0::5.0" }] });
            await s.patch("tm/ltm/virtual/~Common~sv-vs", { destination: "/Common/10.0.2.41%0:80", source: "0.0.0.0%0/0" });
        });
        await assertNoOp(box.e, pe, pool);
        await assertNoOp(box.e, ve, vs);
        await ve.destroy();
        await pe.destroy();
    });

    it("names and full paths: an admin writing bare names or full-path members changes nothing", async () => {
        box.e.seed("pool", { name: "sv-target" });
        const vs = { connection: box.c, name: "sv-vs2", destination: "10.0.2.43:80", pool: "sv-target" };
        const pool = { connection: box.c, name: "sv-pool2", members: ["10.254.9.10:0"] };
        const self = { connection: box.c, name: "sv-self2", address: "10.254.9.17/29", vlan: "/Common/sv-tun" };
        const ve = await created(virtualServerProvider, vs);
        const pe = await created(poolProvider, pool);
        const se = await created(selfIpProvider, self);
        await behindOurBack(box.e, async (s) => {
            await s.patch("tm/ltm/virtual/~Common~sv-vs2", { pool: "sv-target", destination: "10.0.2.43:80" });
            await s.patch("tm/ltm/pool/~Common~sv-pool2", { members: [{ name: "/Common/10.254.9.10:0" }] });
            await s.patch("tm/net/self/~Common~sv-self2", { trafficGroup: "traffic-group-local-only" });
        });
        await assertNoOp(box.e, ve, vs);
        await assertNoOp(box.e, pe, pool);
        await assertNoOp(box.e, se, self);
        for (const eng of [se, pe, ve]) await eng.destroy();
    });

    it("route gateway `10.0.2.1%0`", async () => {
        const inputs = { connection: box.c, name: "sv-route", network: "10.9.0.0/16", gw: "10.0.2.1" };
        const eng = await created(routeProvider, inputs);
        await behindOurBack(box.e, (s) => s.patch("tm/net/route/~Common~sv-route", { gw: "10.0.2.1%0" }));
        await assertNoOp(box.e, eng, inputs);
        await eng.destroy();
    });

    it("TunnelChain: ARP MAC upper case and unpadded, tunnel remote `%0`, FDB record renamed: no drift", async () => {
        const chain = {
            connection: box.c, name: "sv-ch", encapsulation: "gre", localAddress: "10.0.2.5", remoteAddress: "10.1.1.34",
            selfAddress: "10.254.5.1/29", collectorAddress: "10.254.5.2", collectorMac: "02:00:5e:10:00:0c",
        };
        const eng = await created(tunnelChainProvider, chain);
        await behindOurBack(box.e, async (s) => {
            await s.patch("tm/net/arp/~Common~sv-ch-arp", { macAddress: "2:0:5E:10:0:C" });
            await s.patch("tm/net/tunnels/tunnel/~Common~sv-ch", { remoteAddress: "10.1.1.34%0" });
            await s.delete("tm/net/fdb/tunnel/~Common~sv-ch/records/02:00:5e:10:00:0c");
            await s.post("tm/net/fdb/tunnel/~Common~sv-ch/records", { name: "2:0:5e:10:0:c", endpoint: "10.1.1.34%0" });
        });
        await assertNoOp(box.e, eng, chain);
        await eng.destroy();
    });
});

describe("FDB records renamed by the device to their unpadded MAC (dialect recordNames: unpadded)", () => {
    const box = useEmulator({ dialect: { recordNames: "unpadded" } });

    before(() => {
        box.e.seed("greProfile", { name: "su-tp", defaultsFrom: "/Common/gre", encapsulation: "transparent-ethernet-bridging" });
        box.e.seed("tunnel", { name: "su-tun", profile: "/Common/su-tp", localAddress: "10.0.2.5", remoteAddress: "10.1.1.20" });
    });

    it("FdbRecord and TunnelChain find `2:0:5e:10:0:f` (the padded URL would 404), stay unchanged, delete it by that name", async () => {
        const rec = { connection: box.c, name: "02:00:5e:10:00:0f", tunnel: "su-tun", endpoint: "10.1.1.20" };
        const re = await created(fdbRecordProvider, rec);
        const list = await behindOurBack(box.e, (s) => s.get("tm/net/fdb/tunnel/~Common~su-tun/records"));
        assert.deepStrictEqual(list.items.map((r: any) => r.name), ["2:0:5e:10:0:f"]);
        assert.strictEqual(await behindOurBack(box.e, (s) => s.tryGet("tm/net/fdb/tunnel/~Common~su-tun/records/02:00:5e:10:00:0f")), undefined);
        await assertNoOp(box.e, re, rec);
        const chain = {
            connection: box.c, name: "su-ch", encapsulation: "vxlan", key: 7, localAddress: "10.0.2.5", remoteAddress: "10.1.1.35",
            selfAddress: "10.254.4.1/29", collectorAddress: "10.254.4.2", collectorMac: "02:00:5e:10:00:0e",
        };
        const ce = await created(tunnelChainProvider, chain);
        await assertNoOp(box.e, ce, chain);
        box.e.clearLog();
        await re.destroy();
        await ce.destroy();
        assert.ok(writes(box.e).some((l) => l.method === "DELETE" && l.path.endsWith("/records/2:0:5e:10:0:f")));
        assert.ok(writes(box.e).some((l) => l.method === "DELETE" && l.path.endsWith("/records/2:0:5e:10:0:e")));
        assert.deepStrictEqual(deviceView(box.e.get("fdbTunnel", "/Common/su-tun"))!.records, []);
        assert.strictEqual(box.e.get("tunnel", "/Common/su-ch"), undefined);
    });
});

describe("sub-collections not expanded (a version that ignores expandSubcollections)", () => {
    const box = useEmulator({ dialect: { expandSubcollections: false } });

    it("pool members, VLAN interfaces and virtual profiles are read from their sub-collections: no false drift", async () => {
        const pool = { connection: box.c, name: "sx-pool", members: ["10.254.9.8:0"] };
        const vlan = { connection: box.c, name: "sx-vlan", interfaces: [{ name: "1.2" }], mtu: 1500 };
        const vs = { connection: box.c, name: "sx-vs", destination: "10.0.2.42:80", profiles: ["tcp"] };
        const raw = async (p: string) => behindOurBack(box.e, (s) => s.get(p, { query: { expandSubcollections: "true" } }));
        const engs: [Engine, unknown][] = [];
        for (const [p, i] of [[poolProvider, pool], [vlanProvider, vlan], [virtualServerProvider, vs]] as const) engs.push([await created(p, i), i]);
        assert.deepStrictEqual((await raw("tm/ltm/pool/~Common~sx-pool")).membersReference, {
            link: "https://localhost/mgmt/tm/ltm/pool/~Common~sx-pool/members?ver=14.1.2.1", isSubcollection: true,
        });
        for (const [eng, i] of engs) await assertNoOp(box.e, eng, i);
        for (const [eng] of engs.reverse()) await eng.destroy();
    });
});

describe("expanded references on 12.1.0: {kind, selfLink, isSubcollection, items}", () => {
    const box = useEmulator({ version: "12.1.0" });

    it("the pool reads its members from that shape; without the query only {link, isSubcollection}", async () => {
        const pool = { connection: box.c, name: "sk-pool", members: ["10.254.9.9:0"] };
        const eng = await created(poolProvider, pool);
        const ref = (await behindOurBack(box.e, (s) => s.get("tm/ltm/pool/~Common~sk-pool", { query: { expandSubcollections: "true" } }))).membersReference;
        assert.deepStrictEqual(Object.keys(ref), ["kind", "selfLink", "isSubcollection", "items"]);
        assert.strictEqual(ref.kind, "tm:ltm:pool:members:memberscollectionstate");
        const bare = (await behindOurBack(box.e, (s) => s.get("tm/ltm/pool/~Common~sk-pool"))).membersReference;
        assert.deepStrictEqual(Object.keys(bare), ["link", "isSubcollection"]);
        await assertNoOp(box.e, eng, pool);
        await eng.destroy();
    });
});
