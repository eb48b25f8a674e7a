/**
 * Compile test for the public types: everything a user writes into an Args interface can be named from the
 * package root. Values are written against the installed declarations, and the @ts-expect-error lines fail
 * the compile if a type were to degrade to `any` (e.g. a declaration that no longer resolves).
 */
import type {
    AllowService, BigIpAmiSelection, BigIpCommonArgs, BigIpConnection, BigIpConnectionArgs, BigIpInstanceArgs,
    BigIpTls, CaptureOptions, CloneAcrossL3Args, CloneBigIpArgs, CloneCollectorArgs, CloneCollectorSpec, CloneContext,
    CloneTarget, CollectorAmiOptions, CollectorArgs, CollectorCaptureArgs, CollectorCloudInitOptions,
    CollectorCommandOptions, Connectivity, DemoArgs, Encapsulation, ExistingBigIpArgs, ExistingBigIpVpc,
    ExistingCollectorArgs, ExistingCollectorVpc, NetworkArgs, NetworkUnderlayPath, NicLayout, SubnetCidrs, TunnelMtu,
    TunnelMtuOptions, UnderlayPath,
} from "@clone-l3/pulumi-clone-across-l3";

export const connectivity: Connectivity = "transitGateway";
// @ts-expect-error not a connectivity
export const badConnectivity: Connectivity = "vpn";
export const path: NetworkUnderlayPath = "transit-gateway";
export const underlay: UnderlayPath = path;
export const subnets: SubnetCidrs = { management: "10.0.1.0/24", collector: "10.1.1.0/24" };
export const bigipVpc: ExistingBigIpVpc = { vpcId: "vpc-0123456789abcdef0", cidr: "10.0.0.0/16", managementSubnetId: "subnet-0123456789abcdef0", routeTableIds: ["rtb-0123456789abcdef0"] };
export const collectorVpc: ExistingCollectorVpc = { vpcId: "vpc-0123456789abcdef1", cidr: "10.1.0.0/16", subnetId: "subnet-0123456789abcdef1", routeTableIds: ["rtb-0123456789abcdef1"] };
export const network: NetworkArgs = { connectivity, subnets };

export const nics: NicLayout = "single";
// @ts-expect-error not a NIC layout
export const badNics: NicLayout = "triple";
export const amiSelection: BigIpAmiSelection = { descriptionPattern: "F5 BIGIP-17.1* PAYG-Best 1Gbps*", includeDeprecated: true };
export const bigip: CloneBigIpArgs = { nics, keyName: "ops", ami: amiSelection };
export const bigipAlone: BigIpInstanceArgs = { ...bigip, vpcId: "vpc-1", managementSubnetId: "subnet-1", adminCidrs: ["203.0.113.10/32"] };

export const collectorAmi: CollectorAmiOptions = { owner: "amazon", namePattern: "al2023-ami-*", sshUser: "ec2-user" };
export const capture: CollectorCaptureArgs = { enabled: true, fileSizeMb: 50, fileCount: 4 };
export const collector: CloneCollectorArgs = { ami: collectorAmi, capture };
export const collectorAlone: CollectorArgs = { vpcId: "vpc-1", subnetId: "subnet-1", tunnelSourceIp: "10.0.2.5", adminCidrs: ["203.0.113.10/32"], capture };
export const encapsulation: Encapsulation = "vxlan";
export const captureOptions: CaptureOptions = { enabled: true, directory: "/var/capture", fileSizeMb: 100, fileCount: 20 };
export const cloudInit: CollectorCloudInitOptions = {
    encapsulation, deviceName: "clone0", localIp: "10.1.1.20", remoteIp: "10.0.2.5", macAddress: "02:5e:10:aa:bb:cc", mtu: 8951, vni: 100, capture: captureOptions,
};
export const commands: CollectorCommandOptions = { encapsulation, deviceName: "clone0", localIp: "10.1.1.20", remoteIp: "10.0.2.5", macAddress: "02:5e:10:aa:bb:cc", mtu: 8951, vni: 100 };
export const mtuOptions: TunnelMtuOptions = { path: underlay, encapsulation };
export const mtu: Pick<TunnelMtu, "inner"> = { inner: 8450 };

export const context: CloneContext = "serverside";
// @ts-expect-error not a clone context
export const badContext: CloneContext = "both";
export const target: CloneTarget = { virtualServer: "/Common/app_vs", context };
export const allow: AllowService = ["tcp:22"];
export const tls: BigIpTls = { fingerprint256: "AB:CD" };
export const connectionArgs: BigIpConnectionArgs = { host: "192.0.2.10", tls };
export const connection: BigIpConnection = { host: "192.0.2.10", username: "admin", tls };
export const common: BigIpCommonArgs = { connection: connectionArgs, partition: "Common" };

export const whole: CloneAcrossL3Args = { adminCidrs: ["203.0.113.10/32"], encapsulation, network, bigip, cloneTargets: [target] };
/** The composing component's own argument types are nameable too. */
export type ComponentArgTypes = [CloneCollectorSpec, ExistingBigIpArgs, ExistingCollectorArgs, DemoArgs];
