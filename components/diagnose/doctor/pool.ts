/** The clone pool: member IP:0, no monitor that could mark it down, member enabled. */
import { ClonePathExpectation } from "../expect";
import { memberAddress, pathOf } from "../resolve";
import { DoctorDeviceState, DoctorLink, DoctorPathCheck } from "./types";
import { bare, memberName, monitorOf, portOf, q } from "./util";

export function poolChecks(dev: DoctorDeviceState, p: ClonePathExpectation): { checks: DoctorPathCheck[] } {
    const ip = bare(p.collectorOverlayIp);
    const want = memberName(ip);
    const sec = "clone pool" as const;
    const pool = dev.pools.find((x) => pathOf(x) === q(p.pool));
    const skip = (link: DoctorLink, label: string, why: string): DoctorPathCheck => ({ section: sec, link, label, status: "unknown", detail: `not checked: ${why}` });
    if (!pool) {
        return { checks: [
            { section: sec, link: "member", label: "pool member", status: "fail", detail: `there is no pool ${q(p.pool)}: nothing to clone to`,
                hint: `create ltm pool ${q(p.pool)} members add { ${want} { address ${ip} } }` },
            skip("monitor", "monitor", "no pool"), skip("member-state", "member state", "no pool"),
        ] };
    }
    const members: any[] = pool.members ?? pool.membersReference?.items ?? [];
    const m = members.find((x) => memberAddress(String(x?.name), x?.address) === ip);
    const checks: DoctorPathCheck[] = [];
    if (!m) {
        const names = members.map((x) => String(x.name).replace(/^\/[^/]+\//, ""));
        checks.push({ section: sec, link: "member", label: "pool member", status: "fail",
            detail: `pool ${q(p.pool)} has no member for ${ip}${names.length ? ` (members: ${names.join(", ")})` : " (it has no members)"}: nothing is cloned to this collector`,
            hint: `modify ltm pool ${q(p.pool)} members add { ${want} { address ${ip} } }` });
    } else {
        const port = portOf(String(m.name));
        const shown = String(m.name).replace(/^\/[^/]+\//, "");
        checks.push(port === "0"
            ? { section: sec, link: "member", label: "pool member", status: "ok", detail: `pool ${q(p.pool)} has member ${shown} (port 0: whole frames, any port)` }
            : { section: sec, link: "member", label: "pool member", status: "fail",
                detail: `member ${shown} of pool ${q(p.pool)} is on port ${port}: a clone member should be ${want}, whatever port the traffic uses`,
                hint: `modify ltm pool ${q(p.pool)} members replace-all-with { ${want} { address ${ip} } }` });
    }

    // A member's `monitor` is "default" (it inherits the pool's), none, or its own (f5-ansible bigip_pool_member).
    const shown = m ? String(m.name).replace(/^\/[^/]+\//, "") : "";
    const poolMon = monitorOf(pool.monitor);
    const own = m ? String(m.monitor ?? "default").trim() : "default";
    const memberMon = own === "default" ? undefined : monitorOf(own);
    const applies = memberMon ?? (own === "default" ? poolMon : undefined);
    const monHint = [
        ...(poolMon ? [`modify ltm pool ${q(p.pool)} monitor none`] : []),
        ...(memberMon ? [`modify ltm pool ${q(p.pool)} members modify { ${shown} { monitor none } }`] : []),
    ].join("; ");
    checks.push(applies
        ? { section: sec, link: "monitor", label: "monitor", status: "fail",
            detail: `${memberMon ? `member ${shown} has monitor ${memberMon}` : `pool ${q(p.pool)} has monitor ${poolMon}`}: `
                + "a monitor that cannot reach the collector through the tunnel marks it down, and cloning to a down member stops without a word",
            hint: monHint }
        : { section: sec, link: "monitor", label: "monitor", status: "ok",
            detail: poolMon ? `pool ${q(p.pool)} has monitor ${poolMon}, but the member's own monitor is none` : "no monitor on the pool or the member" });

    // Enabled: session user-enabled or monitor-enabled; disabled: session user-disabled (forced offline: with state
    // user-down); state down: a monitor marked it down (f5-ansible bigip_pool_member, ApiParameters.state). That a clone
    // pool skips such a member as any pool does is presumed (reference §5), not verified on a device.
    const skipped = "a clone pool presumably skips it as any pool skips such a member, so it gets no copies";
    if (!m) {
        checks.push(skip("member-state", "member state", `pool ${q(p.pool)} has no member for ${ip}`));
    } else if (m.session === "user-disabled") {
        checks.push({ section: sec, link: "member-state", label: "member state", status: "fail",
            detail: `member ${shown} is ${m.state === "user-down" ? "forced offline" : "disabled"} (session ${m.session}, state ${m.state}): ${skipped}`,
            hint: `modify ltm pool ${q(p.pool)} members modify { ${shown} { session user-enabled state user-up } }` });
    } else if (m.state === "down" || m.state === "user-down") {
        checks.push({ section: sec, link: "member-state", label: "member state", status: "fail",
            detail: `member ${shown} is down (state ${m.state}, session ${m.session}): ${skipped}`,
            hint: m.state === "down" ? "a monitor marked it down: remove the monitor (see monitor)" : `modify ltm pool ${q(p.pool)} members modify { ${shown} { state user-up } }` });
    } else {
        checks.push({ section: sec, link: "member-state", label: "member state", status: "ok",
            detail: `member enabled (session ${m.session ?? "not reported"}, state ${m.state ?? "not reported"})` });
    }
    return { checks };
}
