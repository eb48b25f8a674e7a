/**
 * Network scenarios, written inside the suite's partition only: VLANs without interfaces (they carry no traffic) and
 * addresses from 198.18.0.0/15 (RFC 2544 benchmarking) and 2001:db8::/32 (documentation), which no network uses.
 */
import { parseCollection } from "../../../bigip/rest/parsers";
import { Scenario } from "../types";
import { at, attempt, create, describe, outcome, vlanWithSelf } from "./util";

const DEVICE_SPELLINGS = "test/emulator/README.md, Device spellings";
const VLANS_ROUTES = "test/emulator/README.md, VLANs and routes";

export const NETWORK: Scenario[] = [
    {
        id: "arp-mac-unpadded", evidence: "Inference", scope: "partition", source: `${DEVICE_SPELLINGS} (unpaddedMacs)`,
        behaviour: "a static ARP entry's macAddress reads back without zero padding, lower case",
        assumes: "macAddress 2:a:0:0:0:5",
        async run(ctx) {
            await vlanWithSelf(ctx, "arp", "198.18.200.1/30");
            const arp = await create(ctx, "net/arp", "arp", { ipAddress: "198.18.200.2", macAddress: "02:0A:00:00:00:05" });
            return { observed: `macAddress ${(await ctx.s.get(at("net/arp", arp))).macAddress}` };
        },
    },
    {
        id: "route-domain-zero-dropped", evidence: "Inference", scope: "partition", source: `${DEVICE_SPELLINGS} (routeDomainSuffixes)`,
        behaviour: "%0 written in a self IP address is not printed back",
        assumes: "address 198.18.200.5/30",
        async run(ctx) {
            const { self } = await vlanWithSelf(ctx, "rd0", "198.18.200.5%0/30");
            return { observed: `address ${(await ctx.s.get(at("net/self", self))).address}` };
        },
    },
    {
        id: "ipv6-as-written", evidence: "Inference", scope: "partition", source: `${DEVICE_SPELLINGS} (IPv6 addresses are printed as written)`,
        behaviour: "an IPv6 self IP address is printed as written, not rewritten to RFC 5952",
        assumes: "address 2001:db8:c13:0:0:0:0:1/64",
        async run(ctx) {
            const { self } = await vlanWithSelf(ctx, "v6", "2001:db8:c13:0:0:0:0:1/64");
            return { observed: `address ${(await ctx.s.get(at("net/self", self))).address}` };
        },
    },
    {
        id: "fdb-record-name-written", evidence: "Inference", scope: "partition", source: `${DEVICE_SPELLINGS} (recordNames)`,
        behaviour: "an FDB record keeps the name it was created with; another spelling of the MAC does not find it",
        assumes: "as written: found; padded: not found",
        async run(ctx) {
            const tunnel = await create(ctx, "net/tunnels/tunnel", "fdb", { profile: "/Common/vxlan", localAddress: "198.18.200.9", remoteAddress: "198.18.200.10" });
            const records = `${at("net/fdb/tunnel", tunnel)}/records`;
            await ctx.s.post(records, { name: "2:0:5e:10:0:f", endpoint: "198.18.200.10" }, { action: "adding an FDB record" });
            const found = async (n: string) => ((await ctx.s.tryGet(`${records}/${n}`)) === undefined ? "not found" : "found");
            return { observed: `as written: ${await found("2:0:5e:10:0:f")}; padded: ${await found("02:00:5e:10:00:0f")}` };
        },
    },
    {
        id: "tx-record-after-tunnel", evidence: "Inference", scope: "partition", source: "test/emulator/README.md, Behaviour that is a guess (queued writes in order)",
        behaviour: "one transaction may create a tunnel and add an FDB record to it",
        assumes: "committed; record present",
        async run(ctx) {
            const tunnel = ctx.path("tx");
            ctx.created(at("net/tunnels/tunnel", tunnel));
            const result = await outcome(ctx.s.transaction("conformance: tunnel and record", async (tx) => {
                await tx.post("tm/net/tunnels/tunnel", { name: ctx.name("tx"), partition: ctx.partition, profile: "/Common/vxlan",
                    localAddress: "198.18.200.17", remoteAddress: "198.18.200.18" });
                await tx.post(`${at("net/fdb/tunnel", tunnel)}/records`, { name: "02:00:5e:10:00:11", endpoint: "198.18.200.18" });
            }));
            if (result !== "accepted") return { observed: result };
            const records = parseCollection(await ctx.s.get(`${at("net/fdb/tunnel", tunnel)}/records`));
            return { observed: `committed; record ${records.length === 1 ? "present" : "absent"}` };
        },
    },
    {
        id: "vlan-auto-tag", evidence: "Inference", scope: "partition", source: `${VLANS_ROUTES} (a VLAN created without tag)`,
        behaviour: "a VLAN created without a tag gets the highest free tag, counting down from 4094",
        assumes: "the highest free tag",
        async run(ctx) {
            const used = new Set(parseCollection(await ctx.s.get("tm/net/vlan")).map((v) => Number(v.tag)));
            let free = 4094;
            while (used.has(free) && free > 1) free--;
            const vlan = await create(ctx, "net/vlan", "tag", {});
            const tag = Number((await ctx.s.get(at("net/vlan", vlan))).tag);
            return { observed: tag === free ? "the highest free tag" : `tag ${tag} (the highest free was ${free})` };
        },
    },
    {
        id: "route-gateway-unreachable", evidence: "Inference", scope: "partition", source: `${VLANS_ROUTES} (the route-gateway refusal is answered 400)`,
        behaviour: "a route whose gateway is in no self IP's subnet is refused, 400, 01070712 Network is unreachable",
        assumes: "refused 400 01070712 (Network is unreachable)",
        async run(ctx) {
            const r = await attempt(ctx.s.post("tm/net/route", { name: ctx.name("unreach"), partition: ctx.partition, network: "198.18.202.0/30", gw: "198.18.201.1" }));
            if (!r) ctx.created(at("net/route", ctx.path("unreach")));
            return { observed: describe(r, /Network is unreachable/, "Network is unreachable") };
        },
    },
    {
        id: "arp-immutable-ip", evidence: "Inference", scope: "partition", source: "test/emulator/README.md, Behaviour that is a guess (an immutable property in an update)",
        behaviour: "an ARP entry's ipAddress in an update is refused, even unchanged",
        assumes: "refused 400 01070734",
        async run(ctx) {
            await vlanWithSelf(ctx, "imm", "198.18.200.13/30");
            const arp = await create(ctx, "net/arp", "imm", { ipAddress: "198.18.200.14", macAddress: "02:0a:00:00:00:0e" });
            return { observed: await outcome(ctx.s.patch(at("net/arp", arp), { ipAddress: "198.18.200.14" })) };
        },
    },
    {
        id: "self-delete-leaves-route-unreachable", evidence: "Inference", scope: "partition", source: `${VLANS_ROUTES} (deleting the only self IP whose subnet holds a route's gateway)`,
        behaviour: "deleting the self IP a route's gateway depends on is refused: Cannot delete IP because it would leave a route unreachable",
        assumes: "refused 400 01070734 (would leave a route unreachable)",
        async run(ctx) {
            const { self } = await vlanWithSelf(ctx, "gw", "198.18.200.25/30");
            await create(ctx, "net/route", "gw", { network: "198.18.203.0/30", gw: "198.18.200.26" });
            return { observed: await outcome(ctx.s.delete(at("net/self", self)), /would leave a route unreachable/, "would leave a route unreachable") };
        },
    },
    {
        id: "vlan-defaults", evidence: "Sourced", scope: "partition", source: `${VLANS_ROUTES} (VLAN keys and defaults: genieparser 14.1.2.1)`,
        behaviour: "a VLAN created with a name only reads back with the device's defaults",
        assumes: "mtu 1500, fwdMode l3, learning enable-forward, failsafe disabled, sourceChecking disabled, synFloodRateLimit 1000, syncacheThreshold 6000",
        async run(ctx) {
            const v = await ctx.s.get(at("net/vlan", await create(ctx, "net/vlan", "defaults", {})));
            return { observed: `mtu ${v.mtu}, fwdMode ${v.fwdMode}, learning ${v.learning}, failsafe ${v.failsafe}, sourceChecking ${v.sourceChecking}, ` +
                `synFloodRateLimit ${v.synFloodRateLimit}, syncacheThreshold ${v.syncacheThreshold}` };
        },
    },
    {
        id: "route-shape", evidence: "Sourced", scope: "partition", source: `${VLANS_ROUTES} (route keys description, gw, mtu 0, network: 14.1.2.1)`,
        behaviour: "a route reads back with mtu 0 and its network and gateway as written",
        assumes: "gw 198.18.200.30, mtu 0, network 198.18.204.0/30",
        async run(ctx) {
            await vlanWithSelf(ctx, "rt", "198.18.200.29/30");
            const r = await ctx.s.get(at("net/route", await create(ctx, "net/route", "rt", { network: "198.18.204.0/30", gw: "198.18.200.30" })));
            return { observed: `gw ${r.gw}, mtu ${r.mtu}, network ${r.network}` };
        },
    },
    {
        id: "self-vlan-reference", evidence: "Sourced", scope: "partition", source: "test/emulator/README.md, Behaviour that is a guess (*Reference links: self IP on a VLAN → net/vlan, 14.1.2.1)",
        behaviour: "a self IP on a VLAN links to it with vlanReference → /mgmt/tm/net/vlan/~<partition>~<name>",
        assumes: "vlanReference to net/vlan",
        async run(ctx) {
            const { vlan, self } = await vlanWithSelf(ctx, "ref", "198.18.200.33/30");
            const link = String((await ctx.s.get(at("net/self", self))).vlanReference?.link ?? "");
            return { observed: link.includes(`/mgmt/${at("net/vlan", vlan)}`) ? "vlanReference to net/vlan" : `vlanReference ${link || "absent"}` };
        },
    },
    {
        id: "collection-order", evidence: "Sourced", scope: "partition", source: `${VLANS_ROUTES} (collections listed by name, not creation: 14.1.2.1 routes)`,
        behaviour: "a collection lists objects by name, not in the order they were created",
        assumes: "by name",
        async run(ctx) {
            await create(ctx, "net/vlan", "order-b", {});
            await create(ctx, "net/vlan", "order-a", {});
            const mine = parseCollection(await ctx.s.get("tm/net/vlan")).filter((v) => v.partition === ctx.partition && /order-[ab]$/.test(v.name)).map((v) => v.name);
            return { observed: mine.join(",") === [ctx.name("order-a"), ctx.name("order-b")].join(",") ? "by name" : `order ${mine.join(", ")}` };
        },
    },
];
