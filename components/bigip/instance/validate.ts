/**
 * Pure validation of `BigIpInstanceArgs`: runs before any resource is registered and resolves defaults
 * into a `BigIpInstancePlan`. Errors name the setting (with the composing component's `prefix`).
 */
import { check } from "../../common/errors";
import { validateAdminCidrs, validateClientCidrs } from "../../common/adminCidrs";
import { checkInstanceType } from "../../common/instanceTypes";
import { MAX_PORT } from "../../common/values";
import { checkPassword, checkSshPublicKey } from "../../common/secrets";
import { BigIpAmiQuery, bigIpAmiQuery } from "./ami";
import { checkCluster } from "./cluster";
import type { BigIpInstanceArgs } from "./bigipInstance";

export const NIC_LAYOUTS = ["single", "multi"] as const;
export type NicLayout = (typeof NIC_LAYOUTS)[number];

export const DEFAULT_INSTANCE_TYPE = "m5.xlarge";
export const DEFAULT_VIRTUAL_SERVER_PORTS: readonly number[] = [80, 443];
/** A created BIG-IP's first boot (boot, Runtime Init, DO install and declaration) commonly takes 10–15 minutes. */
export const DEFAULT_READINESS_TIMEOUT_MINUTES = 30;
/** Ports the management ENI serves in single-NIC mode (GUI/REST and SSH); never a virtual server port there. */
export const SINGLE_NIC_MANAGEMENT_PORTS: readonly number[] = [8443, 22];
/** The marketplace images' root volume is 82 GiB; EBS cannot shrink below the snapshot. */
export const MIN_ROOT_VOLUME_GB = 82;

export interface BigIpInstancePlan {
    nics: NicLayout;
    /** GUI/REST port: 443 on multi-NIC, 8443 on single-NIC (where 443 stays free for virtual servers). */
    managementPort: 443 | 8443;
    adminCidrs: string[];
    clientCidrs: string[];
    virtualServerPorts: number[];
    instanceType: string;
    /** Either a fixed image id or the getAmi query. */
    ami: { id: string } | { query: BigIpAmiQuery };
    /** "create": a KeyPair from `sshPublicKey`; "existing": `keyName`. */
    keySource: "create" | "existing";
    internalNic: boolean;
    externalPublicIp: boolean;
    /** The first boot onboards the device (Runtime Init + DO) when adminPassword is given. */
    onboard: boolean;
    /** Warnings for settings that are accepted but no longer used (the component logs them). */
    deprecations: string[];
    /** The prefix settings were validated under ("bigip" in CloneAcrossL3), so later (secret) checks name them the same way. */
    settingPrefix?: string;
    readinessTimeoutMinutes: number;
    rootVolumeSizeGb: number;
    /** Secondary private IPs (with EIPs) on the data ENI for virtual servers. */
    virtualAddressCount: number;
}

function isPlainString(v: unknown): v is string {
    return typeof v === "string";
}

/** Duplicates would become two identical security group rules, which AWS rejects. */
function checkUnique(values: readonly unknown[], setting: string, what: string): void {
    const dup = values.find((v, i) => values.indexOf(v) !== i);
    check(dup === undefined, setting, `${what} ${JSON.stringify(dup)} is listed twice`);
}

function checkInteger(value: unknown, setting: string, min: number, max: number): number {
    check(Number.isInteger(value) && (value as number) >= min && (value as number) <= max, setting,
        `${JSON.stringify(value)} is not an integer between ${min} and ${max}`);
    return value as number;
}

function checkPresent(value: unknown, setting: string, why: string): void {
    check(value !== undefined && value !== null && (!isPlainString(value) || value.trim() !== ""), setting, why);
}

function checkAmi(ami: BigIpInstanceArgs["ami"], s: (k: string) => string): BigIpInstancePlan["ami"] {
    if (ami === undefined) return { query: bigIpAmiQuery() };
    check(typeof ami === "object" && ami !== null, s("ami"), "must be an object");
    if (ami.id !== undefined) {
        check(isPlainString(ami.id) && /^ami-[0-9a-f]{8,17}$/.test(ami.id), s("ami.id"), `${JSON.stringify(ami.id)} is not an AMI id like ami-0123456789abcdef0`);
        check(ami.descriptionPattern === undefined && ami.includeDeprecated === undefined, s("ami.id"),
            "cannot be combined with ami.descriptionPattern/ami.includeDeprecated (they only shape the lookup)");
        return { id: ami.id };
    }
    check(ami.descriptionPattern === undefined || (isPlainString(ami.descriptionPattern) && ami.descriptionPattern.trim() !== ""),
        s("ami.descriptionPattern"), "must be a non-empty pattern like \"F5 BIGIP-17.1* PAYG-Good 25Mbps*\"");
    check(ami.includeDeprecated === undefined || typeof ami.includeDeprecated === "boolean", s("ami.includeDeprecated"), "must be a boolean");
    return { query: bigIpAmiQuery(ami) };
}

function checkKeys(args: BigIpInstanceArgs, s: (k: string) => string): { keySource: "create" | "existing"; onboard: boolean; deprecations: string[] } {
    const hasName = args.keyName !== undefined;
    const hasPublic = args.sshPublicKey !== undefined;
    check(hasName !== hasPublic, hasName ? s("sshPublicKey") : s("keyName"),
        hasName ? "cannot be combined with keyName (give exactly one)" : "exactly one of keyName (existing key pair) or sshPublicKey is required");
    if (hasName) checkPresent(args.keyName, s("keyName"), "must not be empty");
    if (hasPublic) checkSshPublicKey(args.sshPublicKey, s("sshPublicKey"));

    const hasPw = args.adminPassword !== undefined;
    // A plain string is checked here; a secret (Output) inside apply before the instance (bigipInstance.ts).
    if (isPlainString(args.adminPassword)) checkPassword(args.adminPassword, s("adminPassword"));
    // Settings of the SSH onboarding of 0.2.0: still accepted (a stack written for it keeps running), never used.
    const deprecations = (["sshPrivateKey", "sshHostKey"] as const).filter((k) => args[k] !== undefined).map((k) =>
        `${s(k)} is no longer used: a created BIG-IP's first boot needs no SSH (F5 Runtime Init reads the admin password from ` +
        "AWS Secrets Manager, and REST pins the management certificate the stack generates). Remove it from your configuration.");
    return { keySource: hasName ? "existing" : "create", onboard: hasPw, deprecations };
}

/** Validates `BigIpInstanceArgs` and resolves defaults. Pure: registers nothing. */
export function validateBigIpInstanceArgs(args: BigIpInstanceArgs, prefix?: string): BigIpInstancePlan {
    const s = (k: string) => (!prefix ? k : prefix.endsWith(".") ? prefix + k : `${prefix}.${k}`);
    check(typeof args === "object" && args !== null, s("bigip"), "arguments are required");

    const nics = args.nics ?? "multi";
    check((NIC_LAYOUTS as readonly string[]).includes(nics), s("nics"), `${JSON.stringify(nics)} is not one of: ${NIC_LAYOUTS.join(", ")}`);
    checkPresent(args.vpcId, s("vpcId"), "is required");
    checkPresent(args.managementSubnetId, s("managementSubnetId"), "is required");
    if (nics === "multi") {
        checkPresent(args.externalSubnetId, s("externalSubnetId"), "is required with nics \"multi\" (the external ENI is the data/tunnel NIC)");
    } else {
        // Single-NIC has only the management ENI; these would be silently ignored.
        check(args.externalSubnetId === undefined, s("externalSubnetId"), "is only used with nics \"multi\"");
        check(args.internalSubnetId === undefined, s("internalSubnetId"), "is only used with nics \"multi\"");
        check(args.externalPublicIp !== true, s("externalPublicIp"), "needs nics \"multi\" (single-NIC has no external ENI)");
    }
    check(args.externalPublicIp === undefined || typeof args.externalPublicIp === "boolean", s("externalPublicIp"), "must be a boolean");

    const adminCidrs = validateAdminCidrs(args.adminCidrs, args.allowOpenAdmin, s("adminCidrs"), s("allowOpenAdmin"));
    checkUnique(adminCidrs, s("adminCidrs"), "CIDR");
    const ports = args.virtualServerPorts ?? DEFAULT_VIRTUAL_SERVER_PORTS;
    check(Array.isArray(ports), s("virtualServerPorts"), "must be a list of TCP ports");
    ports.forEach((p, i) => checkInteger(p, `${s("virtualServerPorts")}[${i}]`, 1, MAX_PORT));
    checkUnique(ports, s("virtualServerPorts"), "port");
    if (nics === "single") {
        // Single-NIC: the data SG sits on the management ENI, so a virtual server port there opens that port of the
        // management address to clientCidrs: GUI/REST (8443) and SSH (22) would bypass adminCidrs.
        ports.forEach((p, i) => check(!SINGLE_NIC_MANAGEMENT_PORTS.includes(p), `${s("virtualServerPorts")}[${i}]`,
            `${p} is a management port in single-NIC mode (GUI/REST 8443, SSH 22): the virtual server rule would open management to ` +
            `clientCidrs on the management address; use other ports, or nics "multi"`));
    }
    check(args.allowOpenClients === undefined || typeof args.allowOpenClients === "boolean", s("allowOpenClients"), "must be true or false");
    const clientCidrs = args.clientCidrs === undefined ? adminCidrs
        : validateClientCidrs(args.clientCidrs, args.allowOpenClients, s("clientCidrs"), s("allowOpenClients"), ports, nics === "single");

    const instanceType = checkInstanceType(args.instanceType ?? DEFAULT_INSTANCE_TYPE, s("instanceType"), DEFAULT_INSTANCE_TYPE,
        { architecture: "x86_64", what: "the BIG-IP VE image" });

    const keys = checkKeys(args, s);
    if (args.cluster !== undefined) checkCluster(args.cluster, undefined, s, nics === "multi", keys.onboard);
    return {
        nics,
        managementPort: nics === "multi" ? 443 : 8443,
        adminCidrs,
        clientCidrs,
        virtualServerPorts: [...ports],
        instanceType,
        ami: checkAmi(args.ami, s),
        ...keys,
        settingPrefix: prefix ? prefix.replace(/\.$/, "") : undefined,
        internalNic: nics === "multi" && args.internalSubnetId !== undefined,
        externalPublicIp: nics === "multi" && (args.externalPublicIp ?? true),
        readinessTimeoutMinutes: args.readinessTimeoutMinutes === undefined ? DEFAULT_READINESS_TIMEOUT_MINUTES
            : checkInteger(args.readinessTimeoutMinutes, s("readinessTimeoutMinutes"), 1, 180),
        virtualAddressCount: args.virtualAddressCount === undefined ? 0 : checkInteger(args.virtualAddressCount, s("virtualAddressCount"), 0, 10),
        rootVolumeSizeGb: args.rootVolumeSizeGb === undefined ? MIN_ROOT_VOLUME_GB
            : checkInteger(args.rootVolumeSizeGb, s("rootVolumeSizeGb"), MIN_ROOT_VOLUME_GB, 16384),
    };
}

