/**
 * LTM and util/bash scenarios, inside the suite's partition: pools with a 198.18.0.0/15 member nothing answers,
 * virtual servers created disabled (they never take traffic) on 198.18.0.0/15 addresses.
 */
import { parseCollection } from "../../../bigip/rest/parsers";
import { Scenario, ScenarioContext } from "../types";
import { at, create, outcome, vlanWithSelf } from "./util";

const GUESS = "test/emulator/README.md, Behaviour that is a guess";
const BASH = "test/emulator/README.md, VLANs and routes (POST /mgmt/tm/util/bash)";

/** A disabled virtual server: it answers no traffic while it exists. */
const virtual = (ctx: ScenarioContext, short: string, port: number, extra: Record<string, unknown> = {}) =>
    create(ctx, "ltm/virtual", short, { destination: `/${ctx.partition}/198.18.201.10:${port}`, mask: "255.255.255.255", disabled: true, ...extra });

/** A pool whose one member is `198.18.201.<host>:0` (nothing answers there; no monitor). */
const pool = (ctx: ScenarioContext, short: string, host: number) =>
    create(ctx, "ltm/pool", short, { members: [{ name: `198.18.201.${host}:0`, address: `198.18.201.${host}` }] });

/** Runs one command line through util/bash and returns its commandResult ("" when the answer has none). */
async function bash(ctx: ScenarioContext, line: string): Promise<string> {
    const answer = await ctx.s.post("tm/util/bash", { command: "run", utilCmdArgs: `-c '${line}'` }, { action: "running a command through util/bash" });
    return typeof answer?.commandResult === "string" ? answer.commandResult : "";
}

const clonePoolsOf = async (ctx: ScenarioContext, vs: string) => {
    const v = await ctx.s.get(at("ltm/virtual", vs));
    return (Array.isArray(v.clonePools) ? v.clonePools : []).map((c: any) => `${c.name}:${c.context ?? "clientside"}`).sort();
};

export const LTM: Scenario[] = [
    {
        id: "virtual-pool-none", evidence: "Inference", scope: "partition", source: `${GUESS} (a virtual's default pool, "pool": "none")`,
        behaviour: "\"pool\": \"none\" in a virtual is read as the pool name none and refused (foreign key)",
        assumes: "refused 400 01070712 (foreign key)",
        async run(ctx) {
            const r = outcome(virtual(ctx, "none", 81, { pool: "none" }), /foreign key/, "foreign key");
            return { observed: await r };
        },
    },
    {
        id: "virtual-default-profile", evidence: "Inference", scope: "partition", source: `${GUESS} (a virtual created without profiles)`,
        behaviour: "a virtual server created without profiles gets /Common/fastL4",
        assumes: "profiles /Common/fastL4",
        async run(ctx) {
            const vs = await virtual(ctx, "fastl4", 82);
            const profiles = parseCollection(await ctx.s.get(`${at("ltm/virtual", vs)}/profiles`)).map((p) => p.fullPath).sort();
            return { observed: `profiles ${profiles.join(", ")}` };
        },
    },
    {
        id: "pool-member-defaults", evidence: "Sourced", scope: "partition",
        source: "test/emulator/README.md, Device spellings (pool members, 11.6.0 GET in pr8kerl/f5er README.md)",
        behaviour: "a pool member reads back with its defaults: connectionLimit 0, dynamicRatio 1, ephemeral false, ratio 1, priorityGroup 0",
        assumes: "connectionLimit 0, dynamicRatio 1, ephemeral false, priorityGroup 0, ratio 1",
        async run(ctx) {
            const [m] = parseCollection(await ctx.s.get(`${at("ltm/pool", await pool(ctx, "members", 20))}/members`));
            return { observed: `connectionLimit ${m?.connectionLimit}, dynamicRatio ${m?.dynamicRatio}, ephemeral ${m?.ephemeral}, priorityGroup ${m?.priorityGroup}, ratio ${m?.ratio}` };
        },
    },
    {
        id: "expand-subcollections", evidence: "Sourced", scope: "partition",
        source: "test/emulator/README.md, Device spellings (expandSubcollections: 13.x and later answer {link, isSubcollection, items})",
        behaviour: "with expandSubcollections=true a pool's membersReference carries the items",
        assumes: "membersReference: isSubcollection, items, link",
        async run(ctx) {
            const p = await ctx.s.get(at("ltm/pool", await pool(ctx, "expand", 21)), { query: { expandSubcollections: "true" } });
            return { observed: `membersReference: ${Object.keys(p.membersReference ?? {}).sort().join(", ")}` };
        },
    },
    {
        id: "clone-pools-bash-delete", evidence: "Inference", scope: "partition", source: `${BASH} (delete removes the pool from every context)`,
        behaviour: "tmsh `clone-pools delete { pool }` through util/bash removes the pool from both contexts",
        assumes: "before: clientside, serverside; after: none",
        async run(ctx) {
            const clone = await pool(ctx, "clone", 22);
            const vs = await virtual(ctx, "clone", 83, { profiles: [{ name: "/Common/tcp" }] });
            await bash(ctx, `tmsh modify ltm virtual ${vs} clone-pools add { ${clone} { context clientside } }`);
            await bash(ctx, `tmsh modify ltm virtual ${vs} clone-pools add { ${clone} { context serverside } }`);
            const before = (await clonePoolsOf(ctx, vs)).map((c: string) => c.split(":")[1]).join(", ");
            await bash(ctx, `tmsh modify ltm virtual ${vs} clone-pools delete { ${clone} }`);
            const after = (await clonePoolsOf(ctx, vs)).map((c: string) => c.split(":")[1]).join(", ") || "none";
            return { observed: `before: ${before}; after: ${after}` };
        },
    },
    {
        id: "tmsh-error-in-command-result", evidence: "Inference", scope: "partition", source: `${BASH} (an error's message is printed into commandResult)`,
        behaviour: "a failing tmsh command through util/bash answers 200 with the error text in commandResult",
        assumes: "200, the error in commandResult",
        async run(ctx) {
            const result = await bash(ctx, `tmsh modify ltm virtual ${ctx.path("missing")} clone-pools delete { ${ctx.path("nopool")} }`);
            return { observed: result.trim() === "" ? "200, no commandResult" : /not found|was not found|does not exist/i.test(result) ? "200, the error in commandResult" : `200, commandResult: ${result.trim()}` };
        },
    },
    {
        id: "bash-ping-iputils", evidence: "Inference", scope: "partition", source: `${BASH} (the doctor's path-MTU probe: TMOS's bash ping is iputils)`,
        behaviour: "ping -M do -I <self IP> through util/bash prints iputils' header and summary",
        assumes: "iputils header and summary",
        async run(ctx) {
            await vlanWithSelf(ctx, "ping", "198.18.200.21/30");
            // Exactly the doctor's probe (pathMtu.ts pingCommand), from the self IP to an address nothing answers.
            const out = await bash(ctx, "ping -c 1 -W 1 -M do -s 64 -I 198.18.200.21 198.18.200.22 2>&1");
            const header = /^PING 198\.18\.200\.22 \(198\.18\.200\.22\) from 198\.18\.200\.21 : 64\(92\) bytes of data\./m.test(out);
            const summary = /\d+ packets transmitted, \d+ received/.test(out);
            return { observed: header && summary ? "iputils header and summary" : `output: ${out.trim().split("\n").slice(0, 3).join(" | ")}` };
        },
    },
];
