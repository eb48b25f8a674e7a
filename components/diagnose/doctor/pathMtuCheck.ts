/** The path MTU link: do full-size clones fit the path from the tunnel source to the collector? (probes: pathMtu.ts) */
import { ClonePathExpectation, DoctorExpectation } from "../expect";
import { PathProbe, PingResult, STANDARD_MTU } from "./pathMtu";
import { DoctorPathCheck } from "./types";
import { bare } from "./util";

const said = (r: PingResult) => (r.mtu ? ` (the device was told: fragmentation needed, MTU ${r.mtu})` : "");

/** The `path MTU` line of one clone path from its probes (undefined probe: not measured). */
export function pathMtuCheck(exp: DoctorExpectation, p: ClonePathExpectation, probe: PathProbe | undefined): DoctorPathCheck {
    const c = { section: "tunnel source" as const, link: "path-mtu" as const, label: "path MTU" };
    const from = bare(exp.tunnelSourceIp);
    const to = bare(p.collectorIp);
    if (!probe) return { ...c, status: "unknown", detail: "not measured" };
    if ("skipped" in probe) return { ...c, status: "unknown", detail: `not measured: ${probe.skipped}` };
    if ("failed" in probe) {
        return { ...c, status: "unknown", detail: `not measured: ${probe.failed}`,
            hint: "the probe is a ping run through /mgmt/tm/util/bash, which needs a user with the Administrator role (and bash)" };
    }
    const outer = probe.outer;
    const overhead = outer - p.mtu;
    if (probe.full.received > 0) {
        return { ...c, status: "ok", detail: `${outer}-byte packets with don't-fragment set pass from ${from} to ${to} (${probe.full.received}/${probe.full.transmitted} echoes): full-size clones fit (tunnel MTU ${p.mtu})` };
    }
    const standardPasses = probe.standard !== undefined && probe.standard.received > 0;
    if (standardPasses) {
        const limit = probe.full.mtu ?? probe.standard!.mtu;
        const fitting = (limit && limit < outer ? limit : STANDARD_MTU) - overhead;
        return { ...c, status: "fail",
            detail: `the path from ${from} to ${to} carries ${STANDARD_MTU}-byte packets but not the tunnel's ${outer}-byte outer packets${said(probe.full)}: `
                + `cloned frames larger than ${fitting} bytes are dropped on the way to the collector`,
            hint: `carry ${outer} bytes end to end — the VPC path (9001 inside a VPC and over intra-region peering, 8500 over a Transit Gateway, `
                + `1500 over the internet), the BIG-IP data VLAN MTU (bigipDataMtu) and the collector's interface — or lower the tunnel MTU `
                + `(tunnelMtu) to ${fitting} (below 1500 only with allowMtuBelow1500)` };
    }
    const sizes = probe.standard ? `${outer} or ${STANDARD_MTU}` : `${outer}`;
    return { ...c, status: "warn",
        detail: `no echo from ${to} to pings of ${sizes} bytes from ${from}${said(probe.full)}: the collector is unreachable from the tunnel source, `
            + "or it does not answer ICMP echo, so whether full-size clones fit is unknown",
        hint: `allow ICMP echo from ${from} in the collector's security group (the stack's allows only the tunnel's protocol and SSH) and run the doctor again; `
            + "if it still gets no echo, check the route and network ACLs between them" };
}
