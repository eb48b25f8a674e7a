/**
 * Captured behaviours (README "Sourced") a partition can hold or a read can show: a device that answers otherwise means
 * the capture does not hold for its version. Same address ranges and partition as the other scenarios.
 */
import { Scenario } from "../types";
import { at, create, outcome, vlanWithSelf } from "./util";

const SPELLINGS = "test/emulator/README.md, Device spellings";
const VLANS_ROUTES = "test/emulator/README.md, VLANs and routes";
const CLIENT = "test/emulator/README.md, What F5's own client reads";
const ERRORS = "test/emulator/errors.ts (reference texts)";

export const SOURCED: Scenario[] = [
    {
        id: "subcollection-reference", evidence: "Sourced", scope: "partition", source: `${SPELLINGS} (without expandSubcollections: {link, isSubcollection})`,
        behaviour: "without expandSubcollections a pool's membersReference is {link, isSubcollection} only",
        assumes: "membersReference: isSubcollection, link",
        async run(ctx) {
            const pool = await create(ctx, "ltm/pool", "plainref", { members: [{ name: "198.18.201.23:0", address: "198.18.201.23" }] });
            return { observed: `membersReference: ${Object.keys((await ctx.s.get(at("ltm/pool", pool))).membersReference ?? {}).sort().join(", ")}` };
        },
    },
    {
        id: "ipv6-member-name", evidence: "Sourced", scope: "partition", source: `${SPELLINGS} (IPv4 members IP:port, IPv6 IP.port)`,
        behaviour: "an IPv6 pool member is named IP.port",
        assumes: "member 2001:db8:c13::5.80",
        async run(ctx) {
            const pool = await create(ctx, "ltm/pool", "v6member", { members: [{ name: "2001:db8:c13::5.80", address: "2001:db8:c13::5" }] });
            const members = (await ctx.s.get(`${at("ltm/pool", pool)}/members`)).items ?? [];
            return { observed: `member ${members.map((m: { name: string }) => m.name).join(", ")}` };
        },
    },
    {
        id: "vlan-tag-range", evidence: "Sourced", scope: "partition", source: `${VLANS_ROUTES} (tag 1..4094: bigip_vlan docs; the text is guessed)`,
        behaviour: "a VLAN tag outside 1..4094 is refused",
        assumes: "refused 400",
        run: async (ctx) => ({ observed: await outcome(create(ctx, "net/vlan", "tag4095", { tag: 4095 })) }),
    },
    {
        id: "vlan-mtu-range", evidence: "Sourced", scope: "partition", source: `${VLANS_ROUTES} (MTU 576..9198: bigip_vlan docs; the text is guessed)`,
        behaviour: "a VLAN MTU outside 576..9198 is refused",
        assumes: "refused 400",
        run: async (ctx) => ({ observed: await outcome(create(ctx, "net/vlan", "mtu9199", { mtu: 9199 })) }),
    },
    {
        id: "route-network-fixed", evidence: "Sourced", scope: "partition", source: `${VLANS_ROUTES} (route network fixed after creation: f5-sdk, bigip_static_route)`,
        behaviour: "a route's network cannot be changed after creation",
        assumes: "refused 400 01070734",
        async run(ctx) {
            await vlanWithSelf(ctx, "fixed", "198.18.200.37/30");
            const route = await create(ctx, "net/route", "fixed", { network: "198.18.205.0/30", gw: "198.18.200.38" });
            return { observed: await outcome(ctx.s.patch(at("net/route", route), { network: "198.18.206.0/30" })) };
        },
    },
    {
        id: "route-network-required", evidence: "Sourced", scope: "partition", source: `${VLANS_ROUTES} (route network required: f5-sdk; the text is guessed)`,
        behaviour: "a route without a network is refused",
        assumes: "refused 400 01070734",
        run: async (ctx) => ({ observed: await outcome(create(ctx, "net/route", "nonet", { gw: "198.18.200.38" })) }),
    },
    {
        id: "not-found-text", evidence: "Sourced", scope: "partition", source: `${ERRORS}: 01020036 not found`,
        behaviour: "reading a missing object answers 404 01020036 The requested … was not found",
        assumes: "refused 404 01020036 (The requested … was not found)",
        run: async (ctx) => ({ observed: await outcome(ctx.s.get(at("net/vlan", ctx.path("missing"))), /^01020036:3: The requested .* was not found\.$/, "The requested … was not found") }),
    },
    {
        id: "already-exists-text", evidence: "Sourced", scope: "partition", source: `${ERRORS}: 01020066 already exists`,
        behaviour: "creating an object twice answers 409 01020066 The requested … already exists in partition …",
        assumes: "refused 409 01020066 (already exists in partition)",
        async run(ctx) {
            await create(ctx, "net/vlan", "twice", {});
            return { observed: await outcome(ctx.s.post("tm/net/vlan", { name: ctx.name("twice"), partition: ctx.partition }), /already exists in partition/, "already exists in partition") };
        },
    },
    {
        id: "uri-not-registered", evidence: "Sourced", scope: "read-only", source: `${ERRORS}: an unknown URI (REST framework)`,
        behaviour: "an unknown URI answers 404 Public URI path not registered",
        assumes: "refused 404 (Public URI path not registered)",
        run: async (ctx) => ({ observed: await outcome(ctx.s.get("tm/clone-l3/no-such-collection"), /Public URI path not registered/, "Public URI path not registered") }),
    },
    {
        id: "availability-endpoints", evidence: "Sourced", scope: "read-only", source: `${CLIENT} (the endpoints f5-cloud-libs ready() polls)`,
        behaviour: "the availability endpoints F5's client polls answer 2xx, and sys/mcp-state is running",
        assumes: "all available; mcp running",
        async run(ctx) {
            for (const p of ["/mgmt/shared/echo/available", "/mgmt/tm/sys/available", "/mgmt/tm/cm/available"]) await ctx.s.get(p);
            const phase = /"phase":\{"description":"([^"]+)"/.exec(JSON.stringify(await ctx.s.get("tm/sys/mcp-state")))?.[1];
            return { observed: `all available; mcp ${phase ?? "phase not found"}` };
        },
    },
];
