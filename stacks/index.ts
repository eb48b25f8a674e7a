/**
 * The stack program: reads the config declared in Pulumi.yaml (stacks/config.ts), builds the whole
 * environment, and exports what an operator needs to reach and check it.
 */
import * as pulumi from "@pulumi/pulumi";
import { CloneAcrossL3 } from "../components";
import { readSshIdentityFile, readStackConfig, withIdentity } from "./config";

const env = new CloneAcrossL3("clone", readStackConfig(new pulumi.Config()));
/** The private key's path on the user's machine, printed as `ssh -i` in the ssh outputs. */
const identity = readSshIdentityFile(new pulumi.Config());

const first = env.tunnels[0];
const firstCollector = env.collectors[first.collector];
export const managementUrl = env.managementUrl;
export const bigipSsh = env.bigip ? withIdentity(pulumi.interpolate`ssh admin@${env.bigip.managementPublicIp}`, identity) : undefined;
export const bigipInstanceId = env.bigip?.instanceId;
/** The other unit of an HA pair (created with bigipHa, or existingBigipPeerHost). */
export const peerManagementUrl = env.peerManagementUrl;
export const peerBigipSsh = env.bigipPeer ? withIdentity(pulumi.interpolate`ssh admin@${env.bigipPeer.managementPublicIp}`, identity) : undefined;
export const peerBigipInstanceId = env.bigipPeer?.instanceId;
export const tunnelSourceIp = env.tunnelSourceIp;
/** Every collector's tunnel: encapsulation, VNI, MTU, overlay addresses, MAC, device, BIG-IP object names, clone pool. */
export const tunnels = env.tunnels;
/** The first collector's tunnel (the only one by default). */
export const tunnel = first;
export const collectorPrivateIp = firstCollector?.privateIp;
export const collectorPublicIp = firstCollector?.publicIp;
export const collectorSsh = firstCollector ? withIdentity(firstCollector.sshCommand, identity) : undefined;
/** Per created collector: its SSH command. */
export const collectorsSsh = Object.fromEntries(Object.entries(env.collectors).map(([n, c]) => [n, withIdentity(c.sshCommand, identity)]));
/** Per existing collector: the commands that set up its tunnel end. */
export const collectorCommands = env.collectorCommands;
export const demoUrl = env.demoUrl;
export const captureHint = firstCollector
    ? pulumi.interpolate`${collectorSsh} sudo tcpdump -ni ${first.collectorDevice} -e`
    : `on the collector: sudo tcpdump -ni ${first.collectorDevice} -e`;
export const remoteTcpdumpHint = pulumi.interpolate`on the BIG-IP: tcpdump -i 0.0 -s 0 --remote-dest ${firstCollector?.privateIp ?? "<collector IP>"} port 80`;
/** What a healthy clone path looks like on the device: `pulumi stack output doctor --json > doctor.json; npm run doctor -- --expect doctor.json`. */
export const doctor = env.doctor;
