/**
 * The one tmsh command family the emulator applies when it arrives through POST /mgmt/tm/util/bash: server-side
 * edits of a virtual's clone-pool list (components/bigip/objects/clonePoolAttachment.ts), as
 *   -c 'tmsh modify ltm virtual <vs> clone-pools add { <pool> { context <ctx> } } && tmsh modify … delete { <pool> }'
 * Syntax: `clone-pools { /Common/p { context serverside } }` (tmsh list output) and the `add { x { context … } }`
 * list modifier (`profiles add { … { context clientside } }` in public tmsh scripts). *Inference*, no capture:
 * `delete { p }` removes the pool from every context it holds; `add` of a pool already in that context changes
 * nothing, and a pool in the other context stays there; the result passes the same mcpd checks as a PATCH of
 * `clonePools` (one pool per context, pools exist, partition); an error is printed (the message only) into
 * `commandResult` and stops the `&&` chain; a delete of a pool not in the list is not an error. Anything else
 * sent to util/bash is only recorded, as before.
 */
import { encodeFullPath } from "../../components/bigip/objects/spec";
import { Config, parseRoute } from "./config";
import { DeviceError } from "./errors";
import { Store } from "./store";

type Entry = { name: string; context: string };

const CMD = /^tmsh modify ltm virtual (\/\S+) clone-pools (add|delete) \{ (.*) \}$/;

/** Parses `-c '<cmd> && <cmd>'`; undefined unless every command is a clone-pools add/delete. */
export function parseClonePoolCommands(utilCmdArgs: string): { virtual: string; op: "add" | "delete"; items: Entry[] }[] | undefined {
    const m = /^-c '([^']*)'$/.exec(utilCmdArgs.trim());
    if (!m) return undefined;
    const out = [];
    for (const cmd of m[1].split(" && ").map((c) => c.trim())) {
        const c = CMD.exec(cmd);
        if (!c) return undefined;
        const op = c[2] as "add" | "delete";
        const items: Entry[] = [];
        const re = op === "add" ? /(\/\S+) \{ context (clientside|serverside) \}\s*/gy : /(\/[^\s{}]+)\s*/gy;
        let k: RegExpExecArray | null;
        let used = 0;
        while ((k = re.exec(c[3])) !== null) { items.push({ name: k[1], context: k[2] ?? "" }); used = re.lastIndex; }
        if (used !== c[3].length || items.length === 0) return undefined;
        out.push({ virtual: c[1], op, items });
    }
    return out;
}

/** Applies the commands; the text tmsh would print (empty on success), or undefined when not ours to apply. */
export function runClonePoolCommands(store: Store, config: Config, utilCmdArgs: string): string | undefined {
    const cmds = parseClonePoolCommands(utilCmdArgs);
    if (!cmds) return undefined;
    for (const c of cmds) {
        try {
            const route = parseRoute(`ltm/virtual/${encodeFullPath(c.virtual)}`);
            if (!route) return `Syntax Error: "${c.virtual}" unexpected argument`;
            const current = ((store.get("virtual", c.virtual)?.props.clonePools ?? []) as Entry[]).map((e) => ({ ...e }));
            let next = current;
            for (const it of c.items) {
                next = c.op === "delete" ? next.filter((e) => e.name !== it.name)
                    : next.some((e) => e.name === it.name && e.context === it.context) ? next : [...next, it];
            }
            config.handle("PATCH", route, new URLSearchParams(), { clonePools: next }, false);
        } catch (e) {
            if (e instanceof DeviceError) return e.message;
            throw e;
        }
    }
    return "";
}
