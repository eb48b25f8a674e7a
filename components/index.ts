/**
 * Public API of the clone-across-L3 library. Embed the whole recipe (`CloneAcrossL3`), or any part of it:
 * the AWS network, the BIG-IP VE, the collector, or the BIG-IP configuration objects against an existing device.
 */
export { CloneAcrossL3, CloneAcrossL3Result, TunnelDetails } from "./cloneAcrossL3/cloneAcrossL3";
export {
    CloneAcrossL3Args, CloneBigIpArgs, CloneCollectorArgs, CloneCollectorSpec, CloneTarget, DemoArgs, ExistingBigIpArgs, ExistingBigIpPeerArgs, ExistingCollectorArgs,
} from "./cloneAcrossL3/args";
export { validateCloneAcrossL3Args, ClonePlan } from "./cloneAcrossL3/validate";
export type { BigIpConfigResult } from "./cloneAcrossL3/bigipConfig";
export type { DemoServer } from "./demo/demoServer";
export { renderCollectorCommands } from "./collector/commands";
export { Network, NetworkArgs, NetworkOutputs } from "./network/network";
export { BigIpInstance, BigIpInstanceArgs, BigIpInstanceOutputs } from "./bigip/instance/bigipInstance";
export { BigIpClusterArgs } from "./bigip/instance/cluster";
export { Collector, CollectorArgs } from "./collector/collector";
export { renderCollectorCloudConfig, CollectorCloudInitOptions } from "./collector/cloudInit";
export { deriveMac } from "./collector/mac";
export { tunnelMtu, UnderlayPath } from "./network/mtu";
export { Encapsulation } from "./common/encapsulation";
export { ConfigError } from "./common/errors";
export * from "./bigip/objects";
export { BigIpConnection, BigIpTls, BigIpError } from "./bigip/rest/types";
export type { Session, RequestOptions, TransactionOptions } from "./bigip/rest/types";
export { withSession } from "./bigip/rest";
// Types the public Args/Options interfaces refer to, so that users can name them when writing args.
export type { Connectivity, NetworkUnderlayPath } from "./network/network";
export type { ExistingBigIpVpc, ExistingCollectorVpc, SubnetCidrs } from "./network/validate";
export type { NicLayout } from "./bigip/instance/validate";
export type { BigIpAmiSelection } from "./bigip/instance/ami";
export type { CollectorAmiOptions } from "./collector/ami";
export type { CollectorCaptureArgs, CollectorFullArgs, CollectorPairArgs } from "./collector/collector";
export type { CaptureOptions } from "./collector/cloudInit";
export type { CollectorCommandOptions } from "./collector/commands";
export type { TunnelMtuOptions, TunnelMtu } from "./network/mtu";
export type { CommonArgs as BigIpCommonArgs } from "./bigip/objects/common";
// Diagnosis: where a clone pool's copy goes, what a healthy path looks like, and a bounded remote tcpdump.
export { resolveClonePool, canonicalMac, CloneDeviceState, CloneDelivery, MemberResolution, LinkResult, CloneLink } from "./diagnose/resolve";
export { readCloneDeviceState } from "./diagnose/read";
export type { DoctorExpectation, ClonePathExpectation } from "./diagnose/expect";
export { remoteCaptureCommand, startRemoteCapture, RemoteCaptureOptions } from "./diagnose/remoteCapture";
