/**
 * UnderlayCheck: a read-only gate. Before anything is created on a BIG-IP someone already runs (and again after our
 * own VLAN, self IP and route exist), it reads `net self`, `net vlan` and `net route` once each, in one session, and
 * fails the deployment with the broken links (checkUnderlay) if the tunnel could not carry traffic. It never writes.
 */
import * as pulumi from "@pulumi/pulumi";
import * as dynamic from "@pulumi/pulumi/dynamic";
import { withDeviceSession } from "../rest";
import { BigIpConnection, Session } from "../rest/types";
import { BigIpResource, CommonArgs } from "./common";
import { deviceKey } from "./connection";
import { answerUrl, DeviceObject, parserFor } from "./answer";
import { checkInputs, sameValue } from "./provider";
import { routeSpec } from "./route";
import { selfIpSpec } from "./selfIp";
import { collectionPath, KindSpec } from "./spec";
import { vlanSpec } from "./vlan";
import { checkUnderlay, describeUnderlayProblems, UnderlayCheckResult, UnderlayReport } from "./underlay";
import { is } from "./validation";

export interface UnderlayCheckInputs {
    connection: BigIpConnection;
    name: string;
    localAddress: string;
    remoteAddress: string;
    requiredMtu: number;
    /** A unit of an HA pair with per-unit tunnels: `sys db iptunnel.configsync` must be `disable` too (TUNNEL_SYNC_RULE). */
    haPair?: boolean;
}

export interface UnderlayCheckOutputs extends UnderlayCheckInputs {
    /** The self IP that sources the tunnel (also `fullPath`). */
    fullPath: string;
    selfIp: string;
    vlan: string;
    vlanMtu: number;
    checks: UnderlayCheckResult[];
}

const FIELDS = ["localAddress", "remoteAddress", "requiredMtu", "haPair"] as const;

/** The db variable that decides whether config-sync copies tunnels. */
export const TUNNEL_SYNC_DB = "iptunnel.configsync";
/**
 * Why per-unit tunnels need tunnel sync off, in F5's words (F5 techdocs, "About configuring VXLAN tunnels on high
 * availability BIG-IP device pairs", TMOS Tunneling & IPsec 12.1–14.1, applies to 17.0; quoted in
 * f5devcentral/f5-cis-docs user_guides/k8s-ha/README.md): a tunnel with a floating local address is available only on
 * the active device; a non-floating one "requires that you exclude tunnels from the config sync operation"; "Disable
 * config sync on both the active and standby devices before you create any tunnels." It applies to every tunnel of the
 * device, so this component checks it and never changes it.
 */
export const TUNNEL_SYNC_RULE = `sys db ${TUNNEL_SYNC_DB} must be "disable" on both units before any tunnel is created (F5: tunnels from each ` +
    "unit's own non-floating self IP must be excluded from config sync; the setting applies to every tunnel of the device, so it " +
    `is yours to set): tmsh modify sys db ${TUNNEL_SYNC_DB} value disable, on each unit, then tmsh save sys config`;

/** The value of `sys db iptunnel.configsync`, read with the session (an answer without a string `value` is refused). */
async function tunnelSyncValue(s: Session): Promise<string> {
    const a = await s.get(`/mgmt/tm/sys/db/${TUNNEL_SYNC_DB}`, { action: `reading sys db ${TUNNEL_SYNC_DB}` });
    if (typeof a?.value !== "string") throw new Error(`the device answered GET sys db ${TUNNEL_SYNC_DB} without a string "value"`);
    return a.value;
}

/**
 * The three collections, read once each, each checked against its kind's description (answer.ts): shapes and JSON
 * types, not value types — they hold every self IP, VLAN and route of the device, others' included, which checkUnderlay
 * reads tolerantly and reports on.
 */
export async function readUnderlay(s: Session): Promise<{ selfIps: DeviceObject[]; vlans: DeviceObject[]; routes: DeviceObject[] }> {
    const items = async (spec: KindSpec, what: string) => {
        const path = collectionPath(spec);
        return parserFor(spec).collection(await s.get(path, { action: `reading ${what}` }), answerUrl(path), { values: false });
    };
    return {
        selfIps: await items(selfIpSpec, "the self IPs"),
        vlans: await items(vlanSpec, "the VLANs"),
        routes: await items(routeSpec, "the routes"),
    };
}

async function verify(i: UnderlayCheckInputs): Promise<UnderlayCheckOutputs> {
    let tunnelSync: string | undefined;
    const report: UnderlayReport = await withDeviceSession(i.connection, "checking the tunnel underlay", async (s) => {
        if (i.haPair) tunnelSync = await tunnelSyncValue(s);
        return checkUnderlay(await readUnderlay(s), i);
    });
    if (tunnelSync !== undefined && tunnelSync !== "disable") {
        throw new Error(`The BIG-IP at ${deviceKey(i.connection)} is a unit of an HA pair and has sys db ${TUNNEL_SYNC_DB} "${tunnelSync}": ${TUNNEL_SYNC_RULE}`);
    }
    if (!report.ok) {
        throw new Error(`The BIG-IP at ${deviceKey(i.connection)} cannot carry a tunnel from ${i.localAddress} to ${i.remoteAddress} `
            + `with ${i.requiredMtu}-byte outer packets:\n${describeUnderlayProblems(report)}`);
    }
    return { ...i, fullPath: report.selfIp!, selfIp: report.selfIp!, vlan: report.vlan!, vlanMtu: report.vlanMtu!, checks: report.checks };
}

export const underlayCheckProvider: dynamic.ResourceProvider<UnderlayCheckInputs, UnderlayCheckOutputs> = {
    async check(_olds, news) {
        // The name is only the Pulumi resource's: nothing of that name exists on the device, so it is not checked.
        const { failures } = checkInputs({ ...news, name: "underlay" } as any, (c) => {
            c.rule("localAddress", (v) => is.ip(v), "must be the BIG-IP data self IP the tunnel is sourced from, e.g. 10.0.2.5");
            c.rule("remoteAddress", (v) => is.ip(v), "must be the collector's underlay IP, e.g. 10.1.1.20");
            c.rule("requiredMtu", (v) => is.int(v, 68, 65535), "must be the outer packet size in bytes (tunnel MTU + encapsulation overhead), e.g. 1550");
            c.rule("haPair", (v) => typeof v === "boolean", "must be true or false", true);
        });
        return { inputs: news, failures };
    },
    async diff(_id, olds, news) {
        const changes = FIELDS.some((f) => !sameValue(olds[f], news[f])) || !sameValue(olds.connection, news.connection);
        return { changes, replaces: [] };
    },
    async create(i) {
        const outs = await verify(i);
        return { id: `${deviceKey(i.connection)}/underlay/${i.localAddress}->${i.remoteAddress}`, outs };
    },
    async update(_id, _olds, news) {
        return { outs: await verify(news) };
    },
    // A refresh does not re-check (nothing on the device belongs to this resource); the next up with changes does.
    async read(id, props) {
        return { id, props };
    },
    async delete() {
        return;
    },
};

export interface UnderlayCheckArgs extends Pick<CommonArgs, "connection"> {
    /** The BIG-IP address the tunnel is sourced from (must be a self IP on a VLAN), e.g. `10.0.2.5`. */
    readonly localAddress: pulumi.Input<string>;
    /** The collector's underlay address, which the BIG-IP must reach directly or by a route, e.g. `10.1.1.20`. */
    readonly remoteAddress: pulumi.Input<string>;
    /** Largest outer packet in bytes: tunnel MTU + encapsulation overhead (38 GRE-TEB, 50 VXLAN), e.g. `1550`. */
    readonly requiredMtu: pulumi.Input<number>;
    /** The device is a unit of an HA pair with per-unit tunnels: also require `sys db iptunnel.configsync` `disable`. Default false. */
    readonly haPair?: pulumi.Input<boolean>;
}

/** Fails `pulumi up` with the broken links when the BIG-IP's data plane could not carry the tunnel; writes nothing. */
export class UnderlayCheck extends BigIpResource {
    declare readonly selfIp: pulumi.Output<string>;
    declare readonly vlan: pulumi.Output<string>;
    declare readonly vlanMtu: pulumi.Output<number>;
    declare readonly checks: pulumi.Output<UnderlayCheckResult[]>;

    constructor(name: string, args: UnderlayCheckArgs, opts?: pulumi.CustomResourceOptions) {
        super("UnderlayCheck", name, { ...args }, ["selfIp", "vlan", "vlanMtu", "checks"], opts);
    }
}
