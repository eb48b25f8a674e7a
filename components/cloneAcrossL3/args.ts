/** Arguments of the composed CloneAcrossL3 component. */
import * as pulumi from "@pulumi/pulumi";
import { BigIpTls } from "../bigip/rest/types";
import { CloneContext } from "../bigip/objects/clonePoolAttachment";
import { BigIpInstanceArgs } from "../bigip/instance/bigipInstance";
import { CollectorArgs } from "../collector/collector";
import { Encapsulation } from "../common/encapsulation";
import { NetworkArgs } from "../network/network";

/** BIG-IP instance settings; network placement, admin CIDRs and tags come from the component. */
export interface CloneBigIpArgs extends Omit<BigIpInstanceArgs,
    "vpcId" | "managementSubnetId" | "externalSubnetId" | "internalSubnetId" | "adminCidrs" | "allowOpenAdmin" | "eipDependsOn" | "tags"
    | "virtualAddressCount" | "cluster"> {
    /**
     * Create an HA pair: a second VE (`<component>-bigip-peer`, same settings and subnets, its own generated management
     * certificate and secrets) clustered with the first at first boot the F5 way (DO device trust, a sync-failover device
     * group with autoSync, config sync and failover heartbeats on each unit's own external self IP, `sys db
     * iptunnel.configsync disable`). Each unit gets its own tunnel chain to every collector; pools and clone attachments are
     * written to the first unit and synced. Both units are in one availability zone. Needs `adminPassword` and nics
     * "multi". With `demo`, the demo URL answers only while the first unit is active (its virtual address is an ENI
     * address of the first unit; moving addresses on failover is F5's Cloud Failover Extension's job, not installed). Set it when the BIG-IP is created: a deployed
     * one's first boot is over, so turning it on later needs the first unit destroyed and created again. Defaults to false.
     */
    readonly ha?: boolean;
}

/**
 * Collector instance settings; placement, tunnel parameters, admin CIDRs and tags come from the component. `keyName`
 * defaults to the BIG-IP's key pair (give one with `existingBigip`, or the collector has no SSH login).
 */
export type CloneCollectorArgs = Omit<CollectorArgs,
    "vpcId" | "subnetId" | "tunnelSourceIp" | "encapsulation" | "vni" | "underlayPath" | "tunnelMtu" | "allowMtuBelow1500"
    | "adminCidrs" | "allowOpenAdmin" | "overlayAddress" | "tags" | "bigipManagementIp">;

/** One collector: an instance this stack creates (default), or one you already run (`existing`). */
export interface CloneCollectorSpec extends CloneCollectorArgs {
    /**
     * Short name, unique among the collectors: 1–20 of `a-z 0-9 -`, starting with a letter. It names the
     * collector's AWS resources (`<component>-<name>-…`) and its BIG-IP objects (`<component>-<name>`, `-profile`,
     * `-self`, `-arp`, `-pool`). Default `collector` (only when there is one collector).
     */
    readonly name?: string;
    /**
     * Bring your own collector: nothing is created in AWS for it. The BIG-IP side (tunnel chain, pool member) is
     * built towards `underlayIp`, and the output `collectorCommands` holds the commands to run on that box.
     * The tunnel interface MAC is `macAddress` if given, else derived from the names (it is in the output).
     */
    readonly existing?: ExistingCollectorArgs;
    /**
     * This collector's overlay subnet (/24../30, outside both VPCs): BIG-IP self IP = first host, collector =
     * second. Default: the n-th /29 of the component's `overlayCidr` (n = position in `collectors`).
     */
    readonly overlayCidr?: string;
}

/** A collector you already run. */
export interface ExistingCollectorArgs {
    /** Its underlay IPv4 address: the tunnel's remote end, which must be reachable from the BIG-IP's tunnel source. */
    readonly underlayIp: string;
}

/** A virtual server whose traffic is copied. */
export interface CloneTarget {
    /** Existing virtual server: name (in /Common) or full path. */
    readonly virtualServer: pulumi.Input<string>;
    /** `clientside` (what the client sent, before address translation) or `serverside` (after the full proxy, e.g. decrypted and SNATed). */
    readonly context: CloneContext;
    /**
     * Which collector's clone pool receives the copy (`clonePools: "perCollector"`). Required when there are
     * several collectors; not allowed with `clonePools: "shared"` (the shared pool is used). Default: the only collector.
     */
    readonly collector?: string;
    /** Replace another pool that already holds this context on the virtual. Default false (that is an error). */
    readonly takeOver?: boolean;
    /**
     * For a BIG-IP user that may not run tmsh through util/bash: change the clone pools by rewriting the virtual's whole
     * list, which can drop a clone pool another writer adds at the same moment (`npm run plan` warns). Default false.
     */
    readonly allowListPatch?: boolean;
}

/** A BIG-IP you already run (no instance is created). */
export interface ExistingBigIpArgs {
    /** Management host name or IP reachable from where `pulumi up` runs. */
    readonly host: pulumi.Input<string>;
    /** Management (iControl REST) port: 443 on multi-NIC VEs and hardware, 8443 on single-NIC VEs. Default 443. */
    readonly port?: number;
    /** User with rights to create network and LTM objects. Default `admin`. */
    readonly username?: string;
    /** That user's password (always stored as a secret). Required. */
    readonly password: pulumi.Input<string>;
    /** TLS trust for iControl REST: `{ caPem }`, `{ fingerprint256 }` (SHA-256, colon hex), or an explicit `{ insecure: true }`. Required. */
    readonly tls: BigIpTls;
    /**
     * The self IP on a data VLAN that sources the tunnels (IPv4). Before anything is created, the device is
     * checked: it must be a self IP on a VLAN whose MTU fits the tunnel, with a route to each collector.
     */
    readonly tunnelSourceIp: string;
    /** Minutes to wait for the device to be ready before the first change. Default 20. */
    readonly readinessTimeoutMinutes?: number;
    /**
     * The other unit of an HA pair (sync-failover device group) whose first unit is this one. Config-sync does not copy
     * tunnels once `sys db iptunnel.configsync` is `disable` (which both units must have: checked, never changed), static
     * ARP entries, FDB records or non-floating self IPs, so each collector's tunnel, overlay self IP, ARP entry and FDB
     * record are created on each unit through its own connection, from its own tunnel source; the clone pools and their
     * attachments are written to this (first) unit only, and config-sync copies them (README "HA pairs"). Default none.
     */
    readonly peer?: ExistingBigIpPeerArgs;
}

/** The second unit of an existing HA pair (`existingBigip.peer`). */
export interface ExistingBigIpPeerArgs {
    /** Its management host name or IP. */
    readonly host: pulumi.Input<string>;
    /** Its management port. Default: `existingBigip.port`. */
    readonly port?: number;
    /** User on it. Default: `existingBigip.username`. */
    readonly username?: string;
    /** That user's password (stored as a secret). Default: `existingBigip.password`. */
    readonly password?: pulumi.Input<string>;
    /** TLS trust for it (each unit has its own device certificate): `{ caPem }`, `{ fingerprint256 }` or `{ insecure: true }`. Required. */
    readonly tls: BigIpTls;
    /** Its own non-floating data self IP that sources its tunnels (IPv4), not `existingBigip.tunnelSourceIp`. Required. */
    readonly tunnelSourceIp: string;
}

/** A small web application to clone from, so the path can be shown end to end. */
export interface DemoArgs {
    /** Instance type of the web server. Default `t4g.nano` (arm64, the cheapest current generation). */
    readonly instanceType?: string;
    /** Image: an explicit `id` (of the instance type's architecture), or the newest Amazon Linux 2023 owned by `amazon` (kept once deployed). */
    readonly amiId?: string;
    /** TCP port of the virtual server and the web server. Default 80. */
    readonly port?: number;
}

export interface CloneAcrossL3Args {
    /** CIDRs allowed to reach BIG-IP management and SSH on the instances (and the demo virtual). Required; `0.0.0.0/0` needs `allowOpenAdmin`. */
    readonly adminCidrs: string[];
    /** Allow `0.0.0.0/0` in `adminCidrs`. Default false. */
    readonly allowOpenAdmin?: boolean;
    /** `gre` (GRE with transparent-ethernet-bridging, IP protocol 47) or `vxlan` (UDP 4789). Default `gre`. */
    readonly encapsulation?: Encapsulation;
    /** VXLAN network identifier, used on both ends of every tunnel (vxlan only). Default 100. */
    readonly vni?: number;
    /**
     * Overlay address block outside both VPCs, carved into one /29 per collector (BIG-IP self IP = first host of
     * the /29, collector = second). A block smaller than /29 holds one collector. Default `10.254.0.0/24`.
     */
    readonly overlayCidr?: string;
    /**
     * MTU of the BIG-IP data VLAN the tunnel leaves on (576..9198): set on the VLAN this stack creates, checked on
     * an existing BIG-IP before anything is created. Default 9001 (AWS's jumbo MTU in a VPC and over peering).
     */
    readonly bigipDataMtu?: number;
    /** Tunnel MTU override. Default: min(path MTU, `bigipDataMtu`) − 38 for GRE-TEB, − 50 for VXLAN. */
    readonly tunnelMtu?: number;
    /** Accept an inner MTU below 1500 (full-size frames would not be cloned whole). Default false. */
    readonly allowMtuBelow1500?: boolean;
    /** VPCs, subnets and how they are joined (peering by default), or bring-your-own ids. Default: two new VPCs. */
    readonly network?: Omit<NetworkArgs, "tags">;
    /** The BIG-IP VE to create. Exactly one of `bigip` / `existingBigip`; `bigip` needs `keyName` or `sshPublicKey`. */
    readonly bigip?: CloneBigIpArgs;
    /** A BIG-IP you already run: nothing is created in AWS for it, only the clone configuration on it. */
    readonly existingBigip?: ExistingBigIpArgs;
    /** The collectors (CentOS Stream 9 instances by default, or `existing` ones). Default one, named `collector`. */
    readonly collectors?: readonly CloneCollectorSpec[];
    /**
     * How collectors become clone pools. `perCollector` (default): one pool per collector; attach them to
     * different contexts or virtuals, and each collector gets a full copy of what it is attached to.
     * `shared`: one pool with every collector as a member — a sensor farm: the BIG-IP sends each connection's
     * copy to one member, spreading connections across sensors (per F5's clone-pool persistence article;
     * not confirmed on a device).
     */
    readonly clonePools?: "perCollector" | "shared";
    /**
     * Configure the BIG-IP over iControl REST (data VLAN, tunnel chains, clone pools, attachments, config save).
     * With `bigip`, needs `bigip.adminPassword` (its first boot sets it). Default true when possible.
     */
    readonly configureBigip?: boolean;
    /**
     * TLS trust for iControl REST to a created BIG-IP. Default: pin the management certificate the stack generates and
     * the first boot installs (its key reaches the device only through AWS Secrets Manager), from the first connection:
     * no trust on first use. For `existingBigip` use its `tls`.
     */
    readonly bigipTls?: BigIpTls;
    /** Virtual servers whose traffic is cloned. Default none. */
    readonly cloneTargets?: readonly CloneTarget[];
    /**
     * Build a demo application: a web server, a pool, an HTTP virtual on a secondary IP of the BIG-IP's data ENI
     * (with its own EIP, port open to `adminCidrs`), SNAT automap, and clientside + serverside clone attachments
     * (to the first two collectors' pools, or both to the only one / the shared pool). Default false.
     */
    readonly demo?: boolean | DemoArgs;
    /** Tags for every AWS resource (string values, keys without `aws:`). Default none. */
    readonly tags?: Record<string, string>;
    /**
     * The AWS region the stack deploys to, used only to check `network.availabilityZone` up front. Default: the
     * provider's `aws:region` from stack config (when set).
     */
    readonly region?: string;
}
