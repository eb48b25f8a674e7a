/**
 * The stack program: reads the config declared in Pulumi.yaml, builds the whole environment, and exports
 * what an operator needs to reach and check it.
 */
import * as pulumi from "@pulumi/pulumi";
import { CloneAcrossL3 } from "../components";

const config = new pulumi.Config();
const optional = (key: string): string | undefined => {
    const v = config.get(key);
    return v === undefined || v === "" ? undefined : v;
};

const bigipAmiId = optional("bigipAmiId");

const env = new CloneAcrossL3("clone", {
    adminCidrs: config.requireObject<string[]>("adminCidrs"),
    allowOpenAdmin: config.getBoolean("allowOpenAdmin"),
    encapsulation: config.get("encapsulation") as "gre" | "vxlan" | undefined,
    vni: config.get("encapsulation") === "vxlan" ? config.getNumber("vni") : undefined,
    overlayCidr: optional("overlayCidr"),
    tunnelMtu: config.getNumber("tunnelMtu") || undefined,
    allowMtuBelow1500: config.getBoolean("allowMtuBelow1500"),
    configureBigip: config.getBoolean("configureBigip"),
    network: {
        connectivity: config.get("connectivity") as "peering" | "transitGateway" | undefined,
        bigipVpcCidr: optional("bigipVpcCidr"),
        collectorVpcCidr: optional("collectorVpcCidr"),
        availabilityZone: optional("availabilityZone"),
    },
    bigip: {
        nics: config.get("nics") as "single" | "multi" | undefined,
        instanceType: optional("bigipInstanceType"),
        // The CLI fills in Pulumi.yaml defaults (bigipAmiPattern always has one): an explicit id replaces the lookup.
        ami: bigipAmiId !== undefined ? { id: bigipAmiId } : {
            descriptionPattern: optional("bigipAmiPattern"),
            includeDeprecated: config.getBoolean("includeDeprecatedAmis"),
        },
        keyName: optional("keyName"),
        sshPublicKey: optional("sshPublicKey"),
        adminPassword: config.requireSecret("adminPassword"),
        sshPrivateKey: config.requireSecret("sshPrivateKey"),
    },
    collector: {
        instanceType: optional("collectorInstanceType"),
        ami: {
            id: optional("collectorAmiId"),
            owner: optional("collectorAmiOwner"),
            namePattern: optional("collectorAmiPattern"),
        },
        capture: {
            fileSizeMb: config.getNumber("captureFileSizeMb"),
            fileCount: config.getNumber("captureFileCount"),
        },
    },
});

export const managementUrl = env.managementUrl;
export const bigipSsh = pulumi.interpolate`ssh admin@${env.bigip.managementPublicIp}`;
export const bigipInstanceId = env.bigip.instanceId;
export const tunnelSourceIp = env.bigip.tunnelSourceIp;
export const collectorPrivateIp = env.collector.privateIp;
export const collectorPublicIp = env.collector.publicIp;
export const collectorSsh = env.collector.sshCommand;
export const tunnel = env.tunnel;
export const captureHint = pulumi.interpolate`${env.collector.sshCommand} sudo tcpdump -ni ${env.tunnel.collectorDevice} -e`;
export const remoteTcpdumpHint = pulumi.interpolate`on the BIG-IP: tcpdump -i 0.0 -s 0 --remote-dest ${env.collector.privateIp} port 80`;
