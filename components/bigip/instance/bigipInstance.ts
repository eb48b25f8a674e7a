/**
 * BigIpInstance: one BIG-IP VE from the AWS Marketplace with its ENIs, security groups, EIPs and, with an admin
 * password, the first boot the way F5 ships it (firstBootResources.ts): user data = a startup script that installs
 * F5 BIG-IP Runtime Init, which reads the password and the management key from AWS Secrets Manager and applies a
 * Declarative Onboarding declaration. No SSH step; the user data holds no secret.
 */
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { tagsFor } from "../../common/tags";
import { instanceOptions } from "../../common/instanceLifecycle";
import { checkPassword } from "../../common/secrets";
import { BigIpAmiSelection } from "./ami";
import { BigIpClusterArgs, checkCluster, clusterSettings } from "./cluster";
import { createFirstBoot, FirstBootResources } from "./firstBootResources";
import { bigIpImdsDecision, imageSourceOf } from "./imds";
import { BigIpInstancePlan, NicLayout, validateBigIpInstanceArgs } from "./validate";

export interface BigIpInstanceArgs {
    /** VPC of the subnets (for the security groups). */
    readonly vpcId: pulumi.Input<string>;
    /** Subnet of the management ENI (device index 0). */
    readonly managementSubnetId: pulumi.Input<string>;
    /** Subnet of the external (data) ENI, device index 1. Required when `nics` is "multi"; not allowed with "single". */
    readonly externalSubnetId?: pulumi.Input<string>;
    /** Subnet of an optional internal ENI, device index 2 ("multi" only). Defaults to none. */
    readonly internalSubnetId?: pulumi.Input<string>;
    /** "multi": management + external (+ internal) ENIs, GUI/REST on 443. "single": one ENI, GUI/REST on 8443. Defaults to "multi". */
    readonly nics?: NicLayout;
    /** CIDRs allowed to reach the GUI/REST port and SSH. Required; `0.0.0.0/0` is refused unless `allowOpenAdmin`. */
    readonly adminCidrs: string[];
    /** Allow `0.0.0.0/0` in `adminCidrs`. Defaults to false. */
    readonly allowOpenAdmin?: boolean;
    /**
     * CIDRs allowed to reach the virtual servers (`virtualServerPorts`). Defaults to `adminCidrs`. Same rules as
     * `adminCidrs`: no reserved block, no duplicate, and together at most a /8 (`0.0.0.0/0`, or two `/1` halves, need
     * `allowOpenClients`). With `nics: "single"` these rules sit on the management interface.
     */
    readonly clientCidrs?: string[];
    /**
     * Allow `clientCidrs` wider than a /8 in total, e.g. `0.0.0.0/0` for a public application. Defaults to false. With
     * `nics: "single"` this opens the virtual servers' ports of the management interface to the internet.
     */
    readonly allowOpenClients?: boolean;
    /** TCP ports of the virtual servers (1..65535). Defaults to [80, 443]. */
    readonly virtualServerPorts?: number[];
    /**
     * Image: a fixed `id`, or a lookup (newest match of `descriptionPattern` owned by aws-marketplace), resolved at the first
     * deploy and then kept: a newer image never replaces the running instance. Changing `id` replaces it. Defaults to the
     * 17.1 PAYG-Good 25Mbps lookup.
     */
    readonly ami?: { readonly id?: string } & BigIpAmiSelection;
    /** EC2 instance type. Defaults to "m5.xlarge" (F5's Terraform module default). */
    readonly instanceType?: string;
    /** Existing EC2 key pair for `admin` SSH. Exactly one of `keyName` / `sshPublicKey` is required. */
    readonly keyName?: pulumi.Input<string>;
    /** OpenSSH public key (RSA or ED25519) to create a key pair from. Exactly one of `keyName` / `sshPublicKey` is required. */
    readonly sshPublicKey?: string;
    /**
     * Admin password (treated as a secret; TMOS's policy: at least 7 characters, 5 of them different). With it, the first
     * boot onboards the device: the stack stores it in AWS Secrets Manager, and F5 Runtime Init on the BIG-IP reads it
     * there (instance profile allowed to read that secret and the management key's, nothing else) and sets it with
     * Declarative Onboarding. It never appears in user data, plan output or logs. Defaults to none (no onboarding, and
     * the BIG-IP cannot be configured over REST).
     */
    readonly adminPassword?: pulumi.Input<string>;
    /**
     * Not used since 0.3.0 (the first boot needs no SSH): accepted so a 0.2.0 stack still runs; a warning asks to remove it.
     * @deprecated
     */
    readonly sshPrivateKey?: pulumi.Input<string>;
    /**
     * Not used since 0.3.0 (REST pins the management certificate the stack generates): accepted so a 0.2.0 stack still
     * runs; a warning asks to remove it.
     * @deprecated
     */
    readonly sshHostKey?: string;
    /**
     * Minutes the REST configuration waits for the first boot to finish (boot, Runtime Init, DO, then the stack's
     * management certificate appearing), 1..180. Defaults to 30.
     */
    readonly readinessTimeoutMinutes?: number;
    /** Root volume size in GiB (gp3, encrypted), at least 82. Defaults to 82. */
    readonly rootVolumeSizeGb?: number;
    /**
     * Secondary private IPs on the data ENI (external in "multi", the only ENI in "single") for virtual server
     * addresses, each with its own EIP (F5's CloudFormation templates do the same), 0..10. Defaults to 0.
     */
    readonly virtualAddressCount?: number;
    /** An EIP on the external ENI's primary (self) IP ("multi" only). Defaults to true in "multi". */
    readonly externalPublicIp?: boolean;
    /** Resources the EIPs wait for: AWS refuses an EIP in a VPC without an Internet gateway (pass `network.internetGateways`). Defaults to none. */
    readonly eipDependsOn?: pulumi.Input<pulumi.Resource>[];
    /**
     * This VE is one unit of an HA pair: its first boot creates its data VLANs with its own self IPs, its routes (local
     * only), and joins the pair's sync-failover device group the way F5's AWS failover templates do (cluster.ts). Needs
     * `adminPassword` and `nics: "multi"`. Read at first boot only. Defaults to none (a standalone BIG-IP).
     */
    readonly cluster?: BigIpClusterArgs;
    /** Tags for every AWS resource (a `Name` tag is always added). Defaults to none. */
    readonly tags?: Record<string, string>;
}

export interface BigIpInstanceOutputs {
    readonly instanceId: pulumi.Output<string>;
    readonly managementPublicIp: pulumi.Output<string>;
    readonly managementPrivateIp: pulumi.Output<string>;
    /** 443 (multi-NIC) or 8443 (single-NIC). */
    readonly managementPort: 443 | 8443;
    /** `https://<management EIP>[:8443]`. */
    readonly managementUrl: pulumi.Output<string>;
    /** The data self IP the GRE/VXLAN tunnel is sourced from: external ENI (multi) or management ENI (single). */
    readonly tunnelSourceIp: pulumi.Output<string>;
    readonly externalPublicIp?: pulumi.Output<string>;
    /** Private IPv4 of the external ENI (multi-NIC), of the internal ENI (when present). */
    readonly externalPrivateIp?: pulumi.Output<string>;
    readonly internalPrivateIp?: pulumi.Output<string>;
    /** Secondary private IPs for virtual servers (`virtualAddressCount`), in order. */
    readonly virtualAddresses: pulumi.Output<string[]>;
    /** The EIP of each virtual address, same order. */
    readonly virtualPublicIps: pulumi.Output<string[]>;
    readonly publicIps: pulumi.Output<{ management: string; external?: string }>;
    /** [management SG, data SG]. */
    readonly securityGroupIds: pulumi.Output<string>[];
    readonly managementSecurityGroupId: pulumi.Output<string>;
    /** SG of the data ENI(s); in single-NIC mode also on the one ENI. Add tunnel rules here. */
    readonly dataSecurityGroupId: pulumi.Output<string>;
    readonly keyName: pulumi.Output<string>;
    /** True when the first boot onboards the device (`adminPassword` given); REST configuration waits for it to finish. */
    readonly onboarded: pulumi.Output<boolean>;
    /**
     * SHA-256 fingerprint of the management (GUI/REST) certificate the stack generated and the first boot installs, known
     * before the device boots (REST pins it from the first connection); undefined without onboarding.
     */
    readonly certificateFingerprint: pulumi.Output<string | undefined>;
}

function ingressRules(name: string, role: string, sg: aws.ec2.SecurityGroup, ports: number[], cidrs: string[], what: string, parent: pulumi.Resource): void {
    for (const port of ports) {
        cidrs.forEach((cidr, i) => new aws.vpc.SecurityGroupIngressRule(`${name}-${role}-${port}-${i}`, {
            securityGroupId: sg.id, ipProtocol: "tcp", fromPort: port, toPort: port, cidrIpv4: cidr, description: `${what} tcp/${port}`,
        }, { parent }));
    }
}

/** A security group with standalone rules only (never inline rules: the two kinds fight). */
function securityGroup(name: string, role: string, args: BigIpInstanceArgs, description: string, parent: pulumi.Resource): aws.ec2.SecurityGroup {
    const sg = new aws.ec2.SecurityGroup(`${name}-${role}-sg`, { vpcId: args.vpcId, description, tags: tagsFor(`${name}-${role}-sg`, args.tags) }, { parent });
    new aws.vpc.SecurityGroupEgressRule(`${name}-${role}-egress`, { securityGroupId: sg.id, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0", description: "all egress" }, { parent });
    return sg;
}

function eni(name: string, role: string, subnetId: pulumi.Input<string>, sgs: aws.ec2.SecurityGroup[], args: BigIpInstanceArgs,
    parent: pulumi.Resource, sourceDestCheck?: boolean, secondaryIps = 0): aws.ec2.NetworkInterface {
    return new aws.ec2.NetworkInterface(`${name}-${role}-eni`, {
        subnetId, securityGroups: sgs.map((g) => g.id), sourceDestCheck, description: `${name} BIG-IP ${role}`, tags: tagsFor(`${name}-${role}-eni`, args.tags),
        privateIpsCount: secondaryIps > 0 ? secondaryIps : undefined,
    }, { parent });
}

function eip(name: string, role: string, nic: aws.ec2.NetworkInterface, args: BigIpInstanceArgs, parent: pulumi.Resource,
    privateIp: pulumi.Input<string> = nic.privateIp): aws.ec2.Eip {
    return new aws.ec2.Eip(`${name}-${role}-eip`, {
        domain: "vpc", networkInterface: nic.id, associateWithPrivateIp: privateIp, tags: tagsFor(`${name}-${role}-eip`, args.tags),
    }, { parent, dependsOn: args.eipDependsOn });
}

/** The ENI's secondary private IPs in a stable order (AWS lists the primary among `privateIps`). */
function secondaryIps(nic: aws.ec2.NetworkInterface, count: number): pulumi.Output<string[]> {
    return pulumi.all([nic.privateIp, nic.privateIps]).apply(([primary, all]) => (all ?? []).filter((ip) => ip !== primary).slice(0, count));
}

/**
 * The admin password, checked inside apply (it may be a secret Output, e.g. from `config.requireSecret`): the error
 * names the setting and never the value. The instance waits for `gate`, so a bad password fails before the instance
 * is created (at preview when the value is known), not after a 20-minute boot.
 */
function checkedPassword(args: BigIpInstanceArgs, prefix: string | undefined) {
    const setting = !prefix ? "adminPassword" : `${prefix}.adminPassword`;
    const password = pulumi.secret(pulumi.output(args.adminPassword!).apply((v) => checkPassword(v, setting)));
    // Not secret: it only says "checked", and lets the instance's inputs stay readable.
    return { password, gate: pulumi.unsecret(password.apply(() => true)) };
}

/** @internal Builds the instance's children under `parent`; `args` must already be validated into `plan`. */
export function createBigIpInstance(name: string, args: BigIpInstanceArgs, plan: BigIpInstancePlan, parent: pulumi.Resource): BigIpInstanceOutputs {
    const multi = plan.nics === "multi";
    const checked = plan.onboard ? checkedPassword(args, plan.settingPrefix) : undefined;
    const prefixed = (k: string) => (plan.settingPrefix ? `${plan.settingPrefix}.${k}` : k);
    if (args.cluster) checkCluster(args.cluster, name, prefixed, multi, plan.onboard);
    const mgmtSg = securityGroup(name, "mgmt", args, `${name} BIG-IP management (GUI/REST tcp/${plan.managementPort}, SSH)`, parent);
    ingressRules(name, "mgmt", mgmtSg, [plan.managementPort, 22], plan.adminCidrs, "admin", parent);
    const dataSg = securityGroup(name, "data", args, `${name} BIG-IP data (virtual servers)`, parent);
    ingressRules(name, "data", dataSg, plan.virtualServerPorts, plan.clientCidrs, "clients", parent);

    // ENIs first, so their ids and IPs are known before the instance boots with them.
    const vips = plan.virtualAddressCount;
    const mgmtEni = eni(name, "mgmt", args.managementSubnetId, multi ? [mgmtSg] : [mgmtSg, dataSg], args, parent, undefined, multi ? 0 : vips);
    // Source/dest check off on data ENIs, as F5's Terraform module allows, for routed (non-SNAT) traffic.
    const externalEni = multi ? eni(name, "external", args.externalSubnetId!, [dataSg], args, parent, false, vips) : undefined;
    const internalEni = plan.internalNic ? eni(name, "internal", args.internalSubnetId!, [dataSg], args, parent, false) : undefined;

    // A unit of an HA pair: its first boot declares its own data VLANs, self IPs and routes and joins the device group.
    const cluster = args.cluster && externalEni ? clusterSettings(name, args.cluster, externalEni.privateIp, internalEni?.privateIp) : undefined;
    const firstBoot: FirstBootResources | undefined = checked
        ? createFirstBoot(name, { password: checked.password, sshPublicKey: args.sshPublicKey, cluster, tags: args.tags }, parent) : undefined;

    const keyName = plan.keySource === "create"
        ? new aws.ec2.KeyPair(`${name}-key`, { publicKey: args.sshPublicKey!, tags: tagsFor(`${name}-key`, args.tags) }, { parent }).keyName
        : pulumi.output(args.keyName!);
    const amiId = "id" in plan.ami ? pulumi.output(plan.ami.id) : aws.ec2.getAmiOutput(plan.ami.query, { parent }).id;
    // The instance waits for the password's check: a bad password stops the deployment before the instance exists.
    const ami = checked ? pulumi.all([amiId, checked.gate]).apply(([id]) => id) : amiId;

    const instance = new aws.ec2.Instance(`${name}-instance`, {
        ami,
        instanceType: plan.instanceType,
        keyName,
        // Deprecated since TF AWS 6.10 (primaryNetworkInterface + NetworkInterfaceAttachment), kept on purpose:
        // BIG-IP enumerates its NICs at first boot and F5's own templates attach every ENI at launch;
        // whether it copes with ENIs hot-attached after boot is unverified.
        networkInterfaces: [mgmtEni, externalEni, internalEni]
            .filter((n): n is aws.ec2.NetworkInterface => n !== undefined)
            .map((n, deviceIndex) => ({ deviceIndex, networkInterfaceId: n.id })),
        rootBlockDevice: { volumeSize: plan.rootVolumeSizeGb, volumeType: "gp3", encrypted: true, deleteOnTermination: true },
        // IMDSv2 required only on images known to support it (TMOS 16.1.2.1+ / 15.1.5.1+, imds.ts); else optional.
        metadataOptions: { httpEndpoint: "enabled", httpTokens: bigIpImdsDecision(imageSourceOf(plan.ami)).httpTokens },
        // The first boot: a startup script with no secret in it (firstBootResources.ts), and the profile that reads them.
        userData: firstBoot?.userData,
        iamInstanceProfile: firstBoot?.instanceProfileName,
        tags: tagsFor(`${name}-instance`, args.tags),
    // A looked-up image is kept once deployed (a new Marketplace image never replaces a configured BIG-IP); an explicit
    // id replaces it when changed, delete-before-replace because the ENIs above are attached at launch; user data is
    // read at the first boot only, so a later change of it never stops the running BIG-IP (see instanceOptions).
    }, instanceOptions({ parent, dependsOn: firstBoot?.waitFor }, { image: "id" in plan.ami ? "explicit" : "lookup", preCreatedPrimaryEni: true, firstBootUserData: true }));

    const mgmtEip = eip(name, "mgmt", mgmtEni, args, parent);
    const externalEip = externalEni && plan.externalPublicIp ? eip(name, "external", externalEni, args, parent) : undefined;
    const dataEni = externalEni ?? mgmtEni;
    const virtualAddresses = secondaryIps(dataEni, vips);
    const vipEips = Array.from({ length: vips }, (_x, i) => eip(name, `vip${i}`, dataEni, args, parent, virtualAddresses.apply((a) => a[i])));

    const port = plan.managementPort === 443 ? "" : `:${plan.managementPort}`;
    return {
        instanceId: instance.id,
        managementPublicIp: mgmtEip.publicIp,
        managementPrivateIp: mgmtEni.privateIp,
        managementPort: plan.managementPort,
        managementUrl: pulumi.interpolate`https://${mgmtEip.publicIp}${port}`,
        tunnelSourceIp: dataEni.privateIp,
        externalPublicIp: externalEip?.publicIp,
        externalPrivateIp: externalEni?.privateIp,
        internalPrivateIp: internalEni?.privateIp,
        virtualAddresses,
        virtualPublicIps: pulumi.all(vipEips.map((e) => e.publicIp)),
        publicIps: pulumi.all([mgmtEip.publicIp, externalEip?.publicIp]).apply(([management, external]) =>
            (external === undefined ? { management } : { management, external })),
        securityGroupIds: [mgmtSg.id, dataSg.id],
        managementSecurityGroupId: mgmtSg.id,
        dataSecurityGroupId: dataSg.id,
        keyName,
        onboarded: pulumi.output(firstBoot !== undefined),
        // A certificate fingerprint is public; unsecret it so it can be shown and compared.
        certificateFingerprint: firstBoot ? pulumi.unsecret(firstBoot.certificateFingerprint) : pulumi.output(undefined),
    };
}

/** A BIG-IP VE instance whose first boot onboards it (admin password, management certificate) when `adminPassword` is given. */
export class BigIpInstance extends pulumi.ComponentResource implements BigIpInstanceOutputs {
    declare readonly instanceId: pulumi.Output<string>;
    declare readonly managementPublicIp: pulumi.Output<string>;
    declare readonly managementPrivateIp: pulumi.Output<string>;
    declare readonly managementPort: 443 | 8443;
    declare readonly managementUrl: pulumi.Output<string>;
    declare readonly tunnelSourceIp: pulumi.Output<string>;
    declare readonly externalPublicIp?: pulumi.Output<string>;
    declare readonly externalPrivateIp?: pulumi.Output<string>;
    declare readonly internalPrivateIp?: pulumi.Output<string>;
    declare readonly virtualAddresses: pulumi.Output<string[]>;
    declare readonly virtualPublicIps: pulumi.Output<string[]>;
    declare readonly publicIps: pulumi.Output<{ management: string; external?: string }>;
    declare readonly securityGroupIds: pulumi.Output<string>[];
    declare readonly managementSecurityGroupId: pulumi.Output<string>;
    declare readonly dataSecurityGroupId: pulumi.Output<string>;
    declare readonly keyName: pulumi.Output<string>;
    declare readonly onboarded: pulumi.Output<boolean>;
    declare readonly certificateFingerprint: pulumi.Output<string | undefined>;

    /**
     * @param name The _unique_ name of the component; children are named `${name}-<role>`.
     * @param args The instance settings; validated before anything is registered.
     * @param opts Component options.
     */
    constructor(name: string, args: BigIpInstanceArgs, opts?: pulumi.ComponentResourceOptions, /** @internal already validated by a composing component */ plan?: BigIpInstancePlan) {
        // Validate first: a bad config throws a ConfigError with nothing registered.
        plan ??= validateBigIpInstanceArgs(args);
        super("clonel3:bigip:BigIpInstance", name, {}, opts);
        for (const d of plan.deprecations) pulumi.log.warn(d, this);
        const out = createBigIpInstance(name, args, plan, this);
        Object.assign(this, out);
        this.registerOutputs({ ...out });
    }
}
