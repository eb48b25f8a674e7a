/**
 * An existing BIG-IP HA pair (issue 16, `existingBigip.peer`), pure: the second unit's settings and its collectors'
 * constraints. Where each object goes follows each kind's description (`KindSpec.sync`, sourced in
 * components/bigip/objects and test/emulator/README.md); bigipConfig.ts builds it: per-unit kinds (tunnel — with
 * `iptunnel.configsync` disabled —, self IP, ARP, FDB) on both units, synced kinds (pool, virtual) once, on the first.
 */
import * as pulumi from "@pulumi/pulumi";
import { BigIpTls } from "../bigip/rest/types";
import { check } from "../common/errors";
import { checkExistingPassword } from "../common/secrets";
import { checkPort, isIpv4 } from "../common/values";
import { ExistingBigIpPeerArgs } from "./args";
import { CollectorPlan } from "./collectors";

export interface ExistingBigIpPeerPlan {
    host: pulumi.Input<string>;
    port: number;
    username: string;
    tls: BigIpTls;
    tunnelSourceIp: string;
}

/** The first unit's settings the peer inherits when it does not give its own. */
export interface FirstUnit { host: pulumi.Input<string>; port: number; username: string; tunnelSourceIp: string }

/** Validates `existingBigip.peer`; `checkTls` is the one TLS rule (passed in to keep this module free of validate.ts). */
export function checkHaPeer(p: ExistingBigIpPeerArgs, first: FirstUnit, checkTls: (t: unknown, setting: string) => BigIpTls): ExistingBigIpPeerPlan {
    const s = (k: string) => `existingBigip.peer.${k}`;
    check(typeof p === "object" && p !== null, "existingBigip.peer", "must be { host, tls, tunnelSourceIp } of the pair's other unit");
    check(p.host !== undefined && p.host !== null && (typeof p.host !== "string" || /^[A-Za-z0-9.:-]+$/.test(p.host)), s("host"),
        `${JSON.stringify(p.host)} must be the other unit's management host name or IP`);
    const port = checkPort(p.port ?? first.port, s("port"));
    check(typeof p.host !== "string" || typeof first.host !== "string" || p.host !== first.host || port !== first.port, s("host"),
        "is existingBigip's host and port: the peer is the pair's OTHER unit");
    const username = p.username ?? first.username;
    check(typeof username === "string" && /^[A-Za-z0-9_.@-]{1,64}$/.test(username), s("username"), `${JSON.stringify(username)} is not a BIG-IP user name`);
    if (typeof p.password === "string") checkExistingPassword(p.password, s("password"));
    check(typeof p.tunnelSourceIp === "string" && isIpv4(p.tunnelSourceIp) && p.tunnelSourceIp.trim() === p.tunnelSourceIp, s("tunnelSourceIp"),
        `${JSON.stringify(p.tunnelSourceIp)} must be the other unit's own (non-floating) IPv4 data self IP that sources its tunnels`);
    check(p.tunnelSourceIp !== first.tunnelSourceIp, s("tunnelSourceIp"),
        "is existingBigip.tunnelSourceIp: each unit sources its tunnels from its own non-floating self IP (a floating one exists on the active unit only)");
    return { host: p.host, port, username, tls: checkTls(p.tls, s("tls")), tunnelSourceIp: p.tunnelSourceIp };
}

/**
 * Each collector's overlay must hold three hosts for a pair: the first unit's self IP (first host), the collector
 * (second) and the peer's self IP (third, `peerBigipIp`): the synced pool names the same collector address on both units.
 */
export function checkPairCollectors(collectors: readonly CollectorPlan[]): void {
    for (const c of collectors) {
        // The peer's objects are named `<collector>-peer-…`: a collector named so would take the same names.
        check(!collectors.some((o) => o.name === `${c.name}-peer`), `${c.setting}.name`,
            `"${c.name}" and "${c.name}-peer" would name the same resources on an HA pair (the peer's are "<collector>-peer-…"); rename one`);
        check(c.overlay.prefix <= 29, `${c.setting}.overlayCidr`,
            `${c.overlay.cidr} holds 2 hosts; an HA pair needs 3 (each unit's overlay self IP and the collector): use a /29 or larger`);
    }
}
