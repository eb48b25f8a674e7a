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
}

export interface UnderlayCheckOutputs extends UnderlayCheckInputs {
    /** The self IP that sources the tunnel (also `fullPath`). */
    fullPath: string;
    selfIp: string;
    vlan: string;
    vlanMtu: number;
    checks: UnderlayCheckResult[];
}

const FIELDS = ["localAddress", "remoteAddress", "requiredMtu"] as const;

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
    const report: UnderlayReport = await withDeviceSession(i.connection, "checking the tunnel underlay", async (s) => checkUnderlay(await readUnderlay(s), i));
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
