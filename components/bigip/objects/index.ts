/** BIG-IP configuration objects managed over iControl REST by Pulumi dynamic providers. */
export { BigIpConnectionArgs } from "./connection";
export { TunnelProfile, TunnelProfileArgs } from "./tunnelProfile";
export { Tunnel, TunnelArgs } from "./tunnel";
export { SelfIp, SelfIpArgs, AllowService } from "./selfIp";
export { StaticArp, StaticArpArgs } from "./arp";
export { FdbRecord, FdbRecordArgs } from "./fdbTunnel";
export { Pool, PoolArgs } from "./pool";
export { VirtualServer, VirtualServerArgs } from "./virtual";
export { ClonePoolAttachment, ClonePoolAttachmentArgs, CloneContext } from "./clonePoolAttachment";
export { ConfigSave, ConfigSaveArgs } from "./configSave";
export { TunnelChain, TunnelChainArgs } from "./tunnelChain";
export { Vlan, VlanArgs } from "./vlan";
export { Route, RouteArgs } from "./route";
export { checkUnderlay, describeUnderlayProblems, UnderlayReport, UnderlayCheckResult, UnderlayLink, UnderlayDevice, UnderlayWant } from "./underlay";
export { UnderlayCheck, UnderlayCheckArgs } from "./underlayCheck";
export { KINDS } from "./registry";
