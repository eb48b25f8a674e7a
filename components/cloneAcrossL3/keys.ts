/**
 * Unknown keys are refused at every level of the component's arguments (a typo such as `collectors[0].instancetype`
 * or an extra key in `network.existing.collector` would otherwise be ignored without a word), naming the key and
 * listing the allowed ones. The shapes are checked against the Args types at compile time: each lists every key of its
 * type and nothing else, so a new argument cannot be forgotten here.
 */
import { BigIpTls } from "../bigip/rest/types";
import { check } from "../common/errors";
import { CollectorAmiOptions } from "../collector/ami";
import { CollectorCaptureArgs } from "../collector/collector";
import { ExistingBigIpVpc, ExistingCollectorVpc, SubnetCidrs } from "../network/validate";
import { NetworkArgs } from "../network/network";
import { CloneAcrossL3Args, CloneBigIpArgs, CloneCollectorSpec, CloneTarget, DemoArgs, ExistingBigIpArgs, ExistingBigIpPeerArgs, ExistingCollectorArgs } from "./args";

/** A key's value: a leaf (`true`: any value, checked elsewhere), an object shape, or a list of objects of a shape. */
type Entry = true | Shape | { readonly listOf: Shape };
interface Shape { readonly [key: string]: Entry }
/** Every key of T, and no other. */
type ShapeOf<T> = { readonly [K in keyof Required<T>]: Entry };

const tls: ShapeOf<BigIpTls> = { caPem: true, fingerprint256: true, insecure: true, serverName: true, pinnedAtFirstBoot: true };
const subnets: ShapeOf<SubnetCidrs> = { management: true, external: true, internal: true, collector: true };
const existingBigipVpc: ShapeOf<ExistingBigIpVpc> = {
    vpcId: true, cidr: true, managementSubnetId: true, externalSubnetId: true, internalSubnetId: true, routeTableIds: true,
};
const existingCollectorVpc: ShapeOf<ExistingCollectorVpc> = { vpcId: true, cidr: true, subnetId: true, routeTableIds: true };
const network: ShapeOf<Omit<NetworkArgs, "tags">> = {
    bigipVpcCidr: true, collectorVpcCidr: true, availabilityZone: true, subnets, createInternalSubnet: true, connectivity: true,
    underlayPath: true, existing: { bigip: existingBigipVpc, collector: existingCollectorVpc },
};
const bigip: ShapeOf<CloneBigIpArgs> = {
    nics: true, clientCidrs: true, allowOpenClients: true, virtualServerPorts: true, ami: { id: true, descriptionPattern: true, includeDeprecated: true },
    instanceType: true, keyName: true, sshPublicKey: true, adminPassword: true, sshPrivateKey: true, sshHostKey: true,
    readinessTimeoutMinutes: true, rootVolumeSizeGb: true, externalPublicIp: true, ha: true,
};
const existingBigipPeer: ShapeOf<ExistingBigIpPeerArgs> = { host: true, port: true, username: true, password: true, tls, tunnelSourceIp: true };
const existingBigip: ShapeOf<ExistingBigIpArgs> = {
    host: true, port: true, username: true, password: true, tls, tunnelSourceIp: true, readinessTimeoutMinutes: true, peer: existingBigipPeer,
};
const collectorAmi: ShapeOf<CollectorAmiOptions> = { id: true, owner: true, namePattern: true, sshUser: true };
const capture: ShapeOf<CollectorCaptureArgs> = { enabled: true, directory: true, fileSizeMb: true, fileCount: true };
const existingCollector: ShapeOf<ExistingCollectorArgs> = { underlayIp: true };
const collector: ShapeOf<CloneCollectorSpec> = {
    name: true, existing: existingCollector, overlayCidr: true, macAddress: true, deviceName: true, keyName: true, instanceType: true,
    ami: collectorAmi, capture, ids: true, remoteCapture: true, associatePublicIp: true,
};
const target: ShapeOf<CloneTarget> = { virtualServer: true, context: true, collector: true, takeOver: true, allowListPatch: true };
const demo: ShapeOf<DemoArgs> = { instanceType: true, amiId: true, port: true };

/** The whole of CloneAcrossL3Args. `tags` is a free-form map (checked by checkTags); `demo` may also be a boolean. */
export const ARGS_SHAPE: ShapeOf<CloneAcrossL3Args> = {
    adminCidrs: true, allowOpenAdmin: true, encapsulation: true, vni: true, overlayCidr: true, bigipDataMtu: true, tunnelMtu: true,
    allowMtuBelow1500: true, network, bigip, existingBigip, collectors: { listOf: collector }, clonePools: true, configureBigip: true,
    bigipTls: tls, cloneTargets: { listOf: target }, demo, tags: true, region: true,
};

const isList = (e: Shape | { readonly listOf: Shape }): e is { readonly listOf: Shape } =>
    Object.keys(e).length === 1 && typeof (e as { listOf?: unknown }).listOf === "object";

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/**
 * Throws a ConfigError for the first key `value` has that `shape` does not allow (`setting` is the path so far).
 * Values that are not plain objects or lists (a boolean `demo`, an Output) are left to the setting's own check.
 */
export function checkKnownKeys(value: unknown, shape: Shape = ARGS_SHAPE, setting = ""): void {
    if (!isPlainObject(value)) return;
    for (const [k, v] of Object.entries(value)) {
        const path = setting ? `${setting}.${k}` : k;
        const entry = Object.prototype.hasOwnProperty.call(shape, k) ? shape[k] : undefined;
        check(entry !== undefined, path, `is not a setting here; allowed${setting ? ` in ${setting}` : ""}: ${Object.keys(shape).join(", ")}`);
        if (entry === true || v === undefined) continue;
        if (isList(entry)) {
            if (Array.isArray(v)) v.forEach((item, i) => checkKnownKeys(item, entry.listOf, `${path}[${i}]`));
        } else {
            checkKnownKeys(v, entry, path);
        }
    }
}
