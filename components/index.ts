/**
 * Public API of the clone-across-L3 library. Embed the whole recipe (`CloneAcrossL3`), or any part of it:
 * the AWS network, the BIG-IP VE, the collector, or the BIG-IP configuration objects against an existing device.
 */
export { CloneAcrossL3, CloneAcrossL3Result, TunnelDetails } from "./cloneAcrossL3/cloneAcrossL3";
export { CloneAcrossL3Args, CloneBigIpArgs, CloneCollectorArgs } from "./cloneAcrossL3/args";
export { validateCloneAcrossL3Args, ClonePlan } from "./cloneAcrossL3/validate";
export { createClonePath, ClonePathArgs, ClonePathResult, CloneTarget } from "./cloneAcrossL3/clonePath";
export { Network, NetworkArgs, NetworkOutputs } from "./network/network";
export { BigIpInstance, BigIpInstanceArgs, BigIpInstanceOutputs } from "./bigip/instance/bigipInstance";
export { Collector, CollectorArgs } from "./collector/collector";
export { renderCollectorCloudConfig, CollectorCloudInitOptions } from "./collector/cloudInit";
export { deriveMac } from "./collector/mac";
export { tunnelMtu, UnderlayPath } from "./network/mtu";
export { Encapsulation } from "./common/encapsulation";
export { ConfigError } from "./common/errors";
export * from "./bigip/objects";
export { BigIpConnection, BigIpTls, BigIpError } from "./bigip/rest/types";
