/**
 * The Collector component: a CentOS Stream instance that terminates the BIG-IP clone tunnel (gretap or
 * VXLAN) and optionally records it with a tcpdump ring buffer. Usable alone or inside the composing component.
 */
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { Encapsulation, GRE_PROTOCOL, VXLAN_PORT } from "../common/encapsulation";
import { instanceOptions } from "../common/instanceLifecycle";
import { tagsFor } from "../common/tags";
import { UnderlayPath } from "../network/mtu";
import { CollectorAmiOptions } from "./ami";
import { renderCollectorCloudConfig } from "./cloudInit";
import { CollectorSettings, validateCollectorArgs } from "./validate";

export const COLLECTOR_TYPE = "clonel3:collector:Collector";

export interface CollectorCaptureArgs {
    /** Run the tcpdump ring-buffer service on the tunnel device. Default true. */
    readonly enabled?: boolean;
    /** Absolute directory for the pcap files, created owned by the tcpdump user. Default "/var/capture". */
    readonly directory?: string;
    /** Size of each pcap file in MB (tcpdump -C), 1..10000. Default 100. */
    readonly fileSizeMb?: number;
    /** Files in the ring (tcpdump -W), 1..1000; disk use is bounded by fileSizeMb × fileCount. Default 20. */
    readonly fileCount?: number;
}

export interface CollectorArgs {
    /** VPC of the collector; its security group is created there. */
    readonly vpcId: pulumi.Input<string>;
    /** Subnet for the collector's network interface (must reach the BIG-IP over `underlayPath`). */
    readonly subnetId: pulumi.Input<string>;
    /** The BIG-IP tunnel source address. GRE/VXLAN is admitted only from this /32, and it is the tunnel's remote end. */
    readonly tunnelSourceIp: pulumi.Input<string>;
    /** "gre" (gretap, IP protocol 47) or "vxlan" (UDP 4789). Default "gre". */
    readonly encapsulation?: Encapsulation;
    /** VXLAN network identifier, 1..16777215; must match the BIG-IP's VXLAN tunnel key. VXLAN only. Default 100. */
    readonly vni?: number;
    /** MAC of the tunnel device (aa:bb:… or AA-BB-…, unicast). Default: derived from `${name}/${deviceName}`, stable across replacements. */
    readonly macAddress?: string;
    /** Tunnel device name on the collector, at most 15 characters, not a kernel fallback name like gretap0. Default "clone0". */
    readonly deviceName?: string;
    /** How the BIG-IP reaches the collector; sets the underlay MTU. Default "peering" (9001). */
    readonly underlayPath?: UnderlayPath;
    /** Tunnel device MTU override, 576..(path MTU − overhead). Default: path MTU − encapsulation overhead. */
    readonly tunnelMtu?: number;
    /** Accept a tunnel MTU below 1500 (e.g. over the internet, where full-size frames need fragmentation). Default false. */
    readonly allowMtuBelow1500?: boolean;
    /** Address/prefix to put on the tunnel device (e.g. "10.99.0.2/24"). Default none: a capture port needs no IP. */
    readonly overlayAddress?: string;
    /** CIDRs allowed to SSH to the collector. Required, at least one. */
    readonly adminCidrs: string[];
    /** Allow 0.0.0.0/0 in `adminCidrs`. Default false. */
    readonly allowOpenAdmin?: boolean;
    /** EC2 key pair for SSH. Default none (no SSH login possible without one). */
    readonly keyName?: pulumi.Input<string>;
    /** EC2 instance type (x86_64). Default "t3.medium". */
    readonly instanceType?: string;
    /**
     * Image: an explicit `id`, or a lookup by `owner` + `namePattern` (newest match, resolved at the first deploy and then
     * kept: a newer image never replaces the running collector); `sshUser` is the image's login. Changing `id` replaces
     * the collector. Default CentOS Stream 9 (see COLLECTOR_AMI).
     */
    readonly ami?: CollectorAmiOptions;
    /** Packet capture ring buffer. Default enabled, /var/capture, 100 MB × 20 files. */
    readonly capture?: CollectorCaptureArgs;
    /**
     * Intrusion detection on the tunnel device. "suricata": Suricata from EPEL (EL9 images) reads the device over
     * AF_PACKET, with a local canary rule that alerts on any HTTP request carrying an `X-Clone-Canary` header
     * (alerts in /var/log/suricata/fast.log and eve.json). "none": capture only. Default "none".
     */
    readonly ids?: "suricata" | "none";
    /**
     * Receive `tcpdump --remote-dest` streams from the BIG-IP: devices `rcap-ip` (IP over GRE from the tunnel source;
     * Ethernet over GRE from it arrives on the gretap tunnel itself, or on `rcap-teb` with VXLAN clones) and, with
     * `bigipManagementIp`, `rcap-mgmt` / `rcap-mgmt-ip` from the management address; GRE admitted from those /32s.
     * Default true.
     */
    readonly remoteCapture?: boolean;
    /** The BIG-IP's management (private) address, the other possible source of remote tcpdump streams. Default none. */
    readonly bigipManagementIp?: pulumi.Input<string>;
    /** Give the collector an Elastic IP (also its route to package mirrors when the subnet has no NAT). Default true. */
    readonly associatePublicIp?: boolean;
    /** Tags for every AWS resource (Name is set per resource). Default none. */
    readonly tags?: Record<string, string>;
}

/**
 * The Collector's HA-pair argument. Kept apart from CollectorArgs, from which the composing component derives its
 * per-collector arguments: there the peer is a stack-level fact (`existingBigip.peer.tunnelSourceIp`), not a
 * per-collector setting.
 */
export interface CollectorPairArgs {
    /**
     * The other unit's data self IP, for a BIG-IP HA pair: the collector accepts the tunnel from both units with one
     * MAC and one overlay address (the clone pool is synced, so both units clone to the same member; each unit sends
     * from its own non-floating self IP, with its own ARP entry and FDB record for this MAC). GRE/VXLAN and the
     * doctor's ICMP echo are admitted from this /32 too. The tunnel device stays `deviceName`: with VXLAN one device
     * with an FDB entry per unit, with GRE a bridge of one gretap per unit (see pair.ts). Default none (one unit).
     */
    readonly peerTunnelSourceIp?: pulumi.Input<string>;
    /**
     * The other unit's management (private) address, with `peerTunnelSourceIp`: with `remoteCapture`, its remote tcpdump
     * streams are received as the first unit's are (`rcap-pmgmt` / `rcap-pmgmt-ip`; from its data self IP `rcap-peer-ip`,
     * and `rcap-peer-teb` with VXLAN clones), GRE admitted from it. Default none.
     */
    readonly peerBigipManagementIp?: pulumi.Input<string>;
}

/** Everything the Collector takes. */
export type CollectorFullArgs = CollectorArgs & CollectorPairArgs;

export interface CollectorResult {
    securityGroup: aws.ec2.SecurityGroup;
    networkInterface: aws.ec2.NetworkInterface;
    instance: aws.ec2.Instance;
    eip?: aws.ec2.Eip;
    settings: CollectorSettings;
    instanceId: pulumi.Output<string>;
    privateIp: pulumi.Output<string>;
    /** Elastic IP, or "" when `associatePublicIp` is false. */
    publicIp: pulumi.Output<string>;
    sshUser: string;
    sshCommand: pulumi.Output<string>;
    securityGroupId: pulumi.Output<string>;
    userData: pulumi.Output<string>;
}

/** Builds the collector's resources under `parent`; validates first unless `settings` were already resolved. */
export function createCollector(name: string, args: CollectorFullArgs, parent: pulumi.Resource,
    settings: CollectorSettings = validateCollectorArgs(args, name)): CollectorResult {
    const opts = { parent };
    const s = settings;

    const securityGroup = new aws.ec2.SecurityGroup(`${name}-sg`, {
        vpcId: args.vpcId,
        description: "clone-l3 collector: clone tunnel from the BIG-IP, SSH from admins",
        tags: tagsFor(`${name}-sg`, s.tags),
    }, opts);
    const rule = (n: string) => ({ securityGroupId: securityGroup.id, tags: tagsFor(`${name}-${n}`, s.tags) });

    const tunnelPort = s.encapsulation === "gre"
        ? { ipProtocol: GRE_PROTOCOL }
        : { ipProtocol: "udp", fromPort: VXLAN_PORT, toPort: VXLAN_PORT };
    const tunnelIn = new aws.vpc.SecurityGroupIngressRule(`${name}-tunnel-in`, {
        ...rule("tunnel-in"),
        ...tunnelPort,
        cidrIpv4: pulumi.interpolate`${args.tunnelSourceIp}/32`,
        description: `${s.encapsulation} clone tunnel from the BIG-IP only`,
    }, opts);
    // `npm run doctor`'s don't-fragment probes (ping from the data self IP at the tunnel's outer size) need an echo.
    const pingIn = new aws.vpc.SecurityGroupIngressRule(`${name}-ping-in`, {
        ...rule("ping-in"), ipProtocol: "icmp", fromPort: 8, toPort: 0, cidrIpv4: pulumi.interpolate`${args.tunnelSourceIp}/32`,
        description: "ICMP echo from the BIG-IP data self IP (the doctor's path MTU probe)",
    }, opts);
    // The HA pair's other unit: the same two rules from its /32 (only with a peer, so a single unit's rules are unchanged).
    const peerIn = args.peerTunnelSourceIp === undefined ? [] : [
        new aws.vpc.SecurityGroupIngressRule(`${name}-tunnel-in-peer`, {
            ...rule("tunnel-in-peer"), ...tunnelPort, cidrIpv4: pulumi.interpolate`${args.peerTunnelSourceIp}/32`,
            description: `${s.encapsulation} clone tunnel from the BIG-IP HA peer only`,
        }, opts),
        new aws.vpc.SecurityGroupIngressRule(`${name}-ping-in-peer`, {
            ...rule("ping-in-peer"), ipProtocol: "icmp", fromPort: 8, toPort: 0, cidrIpv4: pulumi.interpolate`${args.peerTunnelSourceIp}/32`,
            description: "ICMP echo from the BIG-IP HA peer's data self IP (the doctor's path MTU probe)",
        }, opts),
    ];
    // Remote tcpdump streams are GRE whatever the clones use: from the data self IP (already admitted with GRE clones)
    // and from the management address.
    const greFrom = (n: string, ip: pulumi.Input<string>, what: string) => new aws.vpc.SecurityGroupIngressRule(`${name}-${n}`, {
        ...rule(n), ipProtocol: GRE_PROTOCOL, cidrIpv4: pulumi.interpolate`${ip}/32`, description: `remote tcpdump (GRE) from the BIG-IP ${what}`,
    }, opts);
    const rcapIn = [
        ...(s.remoteCapture && s.encapsulation === "vxlan" ? [greFrom("rcap-data-in", args.tunnelSourceIp, "data self IP")] : []),
        ...(s.remoteCapture && args.bigipManagementIp !== undefined ? [greFrom("rcap-mgmt-in", args.bigipManagementIp, "management address")] : []),
        ...(s.remoteCapture && s.encapsulation === "vxlan" && args.peerTunnelSourceIp !== undefined
            ? [greFrom("rcap-peer-data-in", args.peerTunnelSourceIp, "HA peer's data self IP")] : []),
        ...(s.remoteCapture && args.peerTunnelSourceIp !== undefined && args.peerBigipManagementIp !== undefined
            ? [greFrom("rcap-peer-mgmt-in", args.peerBigipManagementIp, "HA peer's management address")] : []),
    ];
    const sshIn = s.adminCidrs.map((cidr, i) => new aws.vpc.SecurityGroupIngressRule(`${name}-ssh-in-${i}`, {
        ...rule(`ssh-in-${i}`), ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: cidr, description: "SSH from admins",
    }, opts));
    // The provider strips AWS's default allow-all egress; cloud-init needs it to install tcpdump.
    const egress = new aws.vpc.SecurityGroupEgressRule(`${name}-egress`, {
        ...rule("egress"), ipProtocol: "-1", cidrIpv4: "0.0.0.0/0", description: "package installs",
    }, opts);

    // A separate ENI makes the private IP known before the instance exists, so it can go into cloud-init as LOCAL.
    const networkInterface = new aws.ec2.NetworkInterface(`${name}-eni`, {
        subnetId: args.subnetId,
        securityGroups: [securityGroup.id],
        description: `clone-l3 collector ${name}`,
        tags: tagsFor(`${name}-eni`, s.tags),
    }, opts);

    // Created before the instance so the first boot already has a route out for `packages`.
    const eip = s.associatePublicIp ? new aws.ec2.Eip(`${name}-eip`, {
        domain: "vpc",
        networkInterface: networkInterface.id,
        associateWithPrivateIp: networkInterface.privateIp,
        tags: tagsFor(`${name}-eip`, s.tags),
    }, opts) : undefined;

    const amiId = s.ami.kind === "id" ? pulumi.output(s.ami.id) : aws.ec2.getAmiOutput(s.ami.args, opts).id;

    const userData = pulumi.all([networkInterface.privateIp, args.tunnelSourceIp, args.bigipManagementIp, args.peerTunnelSourceIp, args.peerBigipManagementIp])
        .apply(([localIp, remoteIp, bigipManagementIp, peerRemoteIp, peerBigipManagementIp]) => renderCollectorCloudConfig({
            encapsulation: s.encapsulation, deviceName: s.deviceName, localIp, remoteIp, ...(peerRemoteIp === undefined ? {} : { peerRemoteIp }),
            macAddress: s.macAddress,
            mtu: s.mtu.inner, vni: s.vni, overlayAddress: s.overlayAddress, capture: s.capture, ids: s.ids,
            remoteCapture: s.remoteCapture, bigipManagementIp,
            ...(peerRemoteIp !== undefined && peerBigipManagementIp !== undefined ? { peerBigipManagementIp } : {}),
        }));

    const instance = new aws.ec2.Instance(`${name}-instance`, {
        ami: amiId,
        instanceType: s.instanceType,
        keyName: args.keyName,
        primaryNetworkInterface: { networkInterfaceId: networkInterface.id },
        userData,
        // cloud-init applies user data once per instance, so new user data has to mean a new instance.
        userDataReplaceOnChange: true,
        metadataOptions: { httpTokens: "required", httpEndpoint: "enabled" },
        rootBlockDevice: { encrypted: true, volumeType: "gp3", volumeSize: s.rootVolumeGb, deleteOnTermination: true },
        tags: tagsFor(`${name}-instance`, s.tags),
    // A looked-up image is kept once deployed; new user data or a changed explicit id replace the instance, deleting the
    // old one first so that the new one can be launched on the same ENI (see instanceOptions).
    }, instanceOptions({ ...opts, dependsOn: [tunnelIn, pingIn, ...peerIn, ...rcapIn, egress, ...sshIn, ...(eip ? [eip] : [])] },
        { image: s.ami.kind === "id" ? "explicit" : "lookup", preCreatedPrimaryEni: true }));

    const publicIp = eip ? eip.publicIp : pulumi.output("");
    const sshHost = eip ? eip.publicIp : networkInterface.privateIp;
    return {
        securityGroup, networkInterface, instance, eip, settings: s,
        instanceId: instance.id,
        privateIp: networkInterface.privateIp,
        publicIp,
        sshUser: s.ami.sshUser,
        sshCommand: pulumi.interpolate`ssh ${s.ami.sshUser}@${sshHost}`,
        securityGroupId: securityGroup.id,
        userData,
    };
}

/** A tunnel-terminating capture box for BIG-IP clone traffic. */
export class Collector extends pulumi.ComponentResource {
    readonly instanceId: pulumi.Output<string>;
    readonly privateIp: pulumi.Output<string>;
    /** Elastic IP, or "" without one. */
    readonly publicIp: pulumi.Output<string>;
    readonly macAddress: string;
    readonly deviceName: string;
    readonly tunnelMtu: number;
    readonly sshUser: string;
    readonly sshCommand: pulumi.Output<string>;
    readonly securityGroupId: pulumi.Output<string>;
    /** The rendered cloud-config (holds no secrets). */
    readonly userData: pulumi.Output<string>;

    /**
     * @param name The unique name of the collector; children are named `${name}-…`.
     * @param args See CollectorArgs and CollectorPairArgs. Validated before anything is registered.
     */
    constructor(name: string, args: CollectorFullArgs, opts?: pulumi.ComponentResourceOptions, /** @internal already validated by a composing component */ settings?: CollectorSettings) {
        // Validate before super(): a bad config must not register even the component itself.
        settings ??= validateCollectorArgs(args, name);
        super(COLLECTOR_TYPE, name, {}, opts);
        const r = createCollector(name, args, this, settings);
        this.instanceId = r.instanceId;
        this.privateIp = r.privateIp;
        this.publicIp = r.publicIp;
        this.macAddress = settings.macAddress;
        this.deviceName = settings.deviceName;
        this.tunnelMtu = settings.mtu.inner;
        this.sshUser = r.sshUser;
        this.sshCommand = r.sshCommand;
        this.securityGroupId = r.securityGroupId;
        this.userData = r.userData;
        this.registerOutputs({
            instanceId: this.instanceId, privateIp: this.privateIp, publicIp: this.publicIp, macAddress: this.macAddress,
            deviceName: this.deviceName, tunnelMtu: this.tunnelMtu, sshUser: this.sshUser, sshCommand: this.sshCommand,
            securityGroupId: this.securityGroupId, userData: this.userData,
        });
    }
}
