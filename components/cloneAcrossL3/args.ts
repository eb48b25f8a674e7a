/** Arguments of the composed CloneAcrossL3 component. */
import { BigIpTls } from "../bigip/rest/types";
import { BigIpInstanceArgs } from "../bigip/instance/bigipInstance";
import { CollectorArgs } from "../collector/collector";
import { Encapsulation } from "../common/encapsulation";
import { NetworkArgs } from "../network/network";
import { CloneTarget } from "./clonePath";

/** BIG-IP instance settings; network placement, admin CIDRs and tags come from the component. */
export type CloneBigIpArgs = Omit<BigIpInstanceArgs,
    "vpcId" | "managementSubnetId" | "externalSubnetId" | "internalSubnetId" | "adminCidrs" | "allowOpenAdmin" | "eipDependsOn" | "tags">;

/** Collector settings; placement, tunnel parameters, admin CIDRs, key pair and tags come from the component. */
export type CloneCollectorArgs = Omit<CollectorArgs,
    "vpcId" | "subnetId" | "tunnelSourceIp" | "encapsulation" | "vni" | "underlayPath" | "tunnelMtu" | "allowMtuBelow1500"
    | "adminCidrs" | "allowOpenAdmin" | "overlayAddress" | "keyName" | "tags">;

export interface CloneAcrossL3Args {
    /** CIDRs allowed to reach BIG-IP management and SSH on both instances. Required; `0.0.0.0/0` needs `allowOpenAdmin`. */
    readonly adminCidrs: string[];
    /** Allow `0.0.0.0/0` in `adminCidrs`. Default false. */
    readonly allowOpenAdmin?: boolean;
    /** `gre` (GRE with transparent-ethernet-bridging, IP protocol 47) or `vxlan` (UDP 4789). Default `gre`. */
    readonly encapsulation?: Encapsulation;
    /** VXLAN network identifier, used on both ends (vxlan only). Default 100. */
    readonly vni?: number;
    /** Overlay subnet on the tunnel (/29../30, outside both VPCs): BIG-IP self IP = first host, collector = second. Default `10.254.0.0/29`. */
    readonly overlayCidr?: string;
    /** Tunnel MTU override. Default: the path budget (underlay MTU − 38 for GRE-TEB, − 50 for VXLAN). */
    readonly tunnelMtu?: number;
    /** Accept an inner MTU below 1500. Default false. */
    readonly allowMtuBelow1500?: boolean;
    /** VPCs, subnets and how they are joined (peering by default), or bring-your-own ids. Default: two new VPCs. */
    readonly network?: Omit<NetworkArgs, "tags">;
    /** The BIG-IP VE. Exactly one of `keyName` / `sshPublicKey` is required. */
    readonly bigip: CloneBigIpArgs;
    /** The collector (CentOS Stream 9 by default). Default settings when omitted. */
    readonly collector?: CloneCollectorArgs;
    /**
     * Configure the BIG-IP over iControl REST (tunnel chain, clone pool, attachments, config save). Needs
     * `bigip.adminPassword` and `bigip.sshPrivateKey` (onboarding). Default true when those are given.
     */
    readonly configureBigip?: boolean;
    /**
     * TLS trust for iControl REST. Default: pin the certificate fingerprint that onboarding read over the
     * authenticated SSH session (trust on first use, never unverified).
     */
    readonly bigipTls?: BigIpTls;
    /** Virtual servers whose traffic is cloned to the collector. Default none. */
    readonly cloneTargets?: readonly CloneTarget[];
    /** Tags for every AWS resource. Default none. */
    readonly tags?: Record<string, string>;
}
