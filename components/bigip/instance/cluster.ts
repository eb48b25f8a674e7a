/**
 * A BIG-IP VE as one unit of an HA pair (issue 16): what its first boot needs to join the pair's device group, checked
 * purely, and the security-group rules the two units need between them. The clustering itself is F5's, declared in DO
 * (firstBoot/doDeclaration.ts addCluster); sources for each piece are there and in README "HA pairs".
 */
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { check } from "../../common/errors";
import { hostIp, parseCidr } from "../../common/values";
import { FirstBootCluster } from "./firstBoot";
import { firstBootHostname } from "./firstBootResources";

/** One unit of a two-unit sync-failover device group, clustered at first boot (needs `adminPassword` and `nics: "multi"`). */
export interface BigIpClusterArgs {
    /**
     * The two units' component names, the device group's owner first; this instance's own name is one of them. Each
     * first boot sets the hostname `<name>.clone-l3.internal`, and the device group names both.
     */
    readonly units: readonly [string, string];
    /** Management private IP of the owner (the first of `units`); required on the other unit, whose first boot trusts it. */
    readonly ownerManagementIp?: pulumi.Input<string>;
    /** CIDR of the external subnet: the unit's own self IP takes its prefix, and its first host is the routes' gateway. */
    readonly externalSubnetCidr: pulumi.Input<string>;
    /** CIDR of the internal subnet, with an internal ENI. */
    readonly internalSubnetCidr?: pulumi.Input<string>;
    /** MTU of the unit's data VLANs, 576..9198. */
    readonly dataMtu: number;
    /** Destinations the unit routes via the external subnet's router, in its LOCAL_ONLY partition (never synced). Defaults to none. */
    readonly routeDestinations?: pulumi.Input<string>[];
}

/** TCP/UDP ports the units reach each other on, data side (F5's failover security group rules: config sync, heartbeats). */
export const HA_DATA_PORTS: readonly { protocol: "tcp" | "udp"; port: number; what: string }[] = [
    { protocol: "tcp", port: 4353, what: "config sync" },
    { protocol: "udp", port: 1026, what: "network failover" },
];

/** Why a unit of a pair needs nics "multi" and an admin password; `s` names the settings as the caller's user wrote them. */
export function clusterNeeds(s: (k: string) => string): { multi: string; password: string } {
    return {
        multi: `needs ${s("nics")} "multi": F5 ships failover pairs with 2 or 3 NICs only (config sync and heartbeats use a data self IP)`,
        password: `needs ${s("adminPassword")}: the first boot clusters the units (DO device trust logs in with it)`,
    };
}

/** Checks `cluster` before anything is registered; `name` is the instance's own component name. */
export function checkCluster(c: BigIpClusterArgs, name: string | undefined, s: (k: string) => string, multi: boolean, onboard: boolean): void {
    check(typeof c === "object" && c !== null, s("cluster"), "must be { units, externalSubnetCidr, dataMtu, … }");
    const needs = clusterNeeds(s);
    check(multi, s("cluster"), needs.multi);
    check(onboard, s("cluster"), needs.password);
    check(Array.isArray(c.units) && c.units.length === 2 && c.units.every((u) => typeof u === "string" && u !== "") && c.units[0] !== c.units[1],
        s("cluster.units"), "must be the two units' different component names, the owner first");
    if (name !== undefined) check(c.units.includes(name), s("cluster.units"), `must include this instance's name "${name}"`);
    check(Number.isInteger(c.dataMtu) && c.dataMtu >= 576 && c.dataMtu <= 9198, s("cluster.dataMtu"), `${JSON.stringify(c.dataMtu)} is not an integer 576..9198`);
    if (name !== undefined) {
        const owner = c.units[0] === name;
        check(owner === (c.ownerManagementIp === undefined), s("cluster.ownerManagementIp"),
            owner ? "applies to the other unit only (the owner trusts itself)" : "is required on the unit that joins the owner");
    }
}

/** The unit's first-boot cluster settings, once its ENI addresses and the subnets are known. */
export function clusterSettings(name: string, c: BigIpClusterArgs, externalIp: pulumi.Input<string>, internalIp?: pulumi.Input<string>): pulumi.Output<FirstBootCluster> {
    return pulumi.all([externalIp, c.externalSubnetCidr, internalIp, c.internalSubnetCidr, c.ownerManagementIp, pulumi.all(c.routeDestinations ?? [])])
        .apply(([ext, extCidr, int, intCidr, owner, destinations]) => {
            const prefix = (cidr: string) => cidr.split("/")[1];
            const dataPlanes = [{ vlanName: "external", interfaceName: "1.1", mtu: c.dataMtu, selfIpName: "external-self", selfIpCidr: `${ext}/${prefix(extCidr)}` }];
            if (int !== undefined && intCidr !== undefined) {
                dataPlanes.push({ vlanName: "internal", interfaceName: "1.2", mtu: c.dataMtu, selfIpName: "internal-self", selfIpCidr: `${int}/${prefix(intCidr)}` });
            }
            const gateway = hostIp(parseCidr(extCidr)!, 1);
            return {
                dataPlanes,
                routes: destinations.map((network, i) => ({ name: `to-collectors-${i}`, network, gateway })),
                members: [firstBootHostname(c.units[0]), firstBootHostname(c.units[1])] as const,
                ...(owner !== undefined && name !== c.units[0] ? { ownerManagementIp: owner } : {}),
            };
        });
}

/** A unit's security groups, as BigIpInstance outputs them. */
export interface UnitGroups { name: string; managementSecurityGroupId: pulumi.Input<string>; dataSecurityGroupId: pulumi.Input<string>; managementPort: number }

/**
 * The rules between the two units, each way: the management port (device trust, from the other's management SG), and
 * config sync and heartbeats on the data side (F5Networks/f5-aws-cloudformation-v2 examples/modules/dag/dag.yaml:
 * BigipSecurityGroupIngressConfigSync tcp/4353, BigipSecurityGroupIngressHa udp/1026, GUI port between management SGs;
 * its tcp/6123-6128 rule is for ASM sync, not provisioned here).
 */
export function createHaRules(name: string, units: readonly [UnitGroups, UnitGroups], parent: pulumi.Resource): aws.vpc.SecurityGroupIngressRule[] {
    const rules: aws.vpc.SecurityGroupIngressRule[] = [];
    for (const [to, from] of [[units[0], units[1]], [units[1], units[0]]] as const) {
        const id = (what: string) => `${name}-ha-${what}-from-${from.name === units[0].name ? "first" : "peer"}`;
        rules.push(new aws.vpc.SecurityGroupIngressRule(id(`mgmt-${to.managementPort}`), {
            securityGroupId: to.managementSecurityGroupId, referencedSecurityGroupId: from.managementSecurityGroupId,
            ipProtocol: "tcp", fromPort: to.managementPort, toPort: to.managementPort, description: `HA device trust from ${from.name}`,
        }, { parent }));
        for (const p of HA_DATA_PORTS) {
            rules.push(new aws.vpc.SecurityGroupIngressRule(id(`${p.protocol}-${p.port}`), {
                securityGroupId: to.dataSecurityGroupId, referencedSecurityGroupId: from.dataSecurityGroupId,
                ipProtocol: p.protocol, fromPort: p.port, toPort: p.port, description: `HA ${p.what} from ${from.name}`,
            }, { parent }));
        }
    }
    return rules;
}
