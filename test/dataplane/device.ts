/**
 * The control-plane half of the data-plane proof: our real providers (TunnelChain, the clone Pool, two
 * ClonePoolAttachments on a seeded application virtual), rehydrated from their serialized text, create the clone
 * path on the strict iControl REST emulator; the device state is read back over REST (`readCloneDeviceState`,
 * plus the virtual and its pool) and walked with `resolveClonePool`. What the scenario's BIG-IP namespace builds
 * comes from that walk, never from the inputs we gave the providers. Negative controls change the device behind
 * the stack's back (another admin's REST session) and walk again. The collector side is the cloud-config
 * `renderCollectorUserData` renders from the same validated settings the Collector component uses.
 */
import * as assert from "node:assert/strict";
import { parse } from "yaml";
import { withSession } from "../../components/bigip/rest";
import { resetReadiness } from "../../components/bigip/rest";
import { tunnelChainProvider } from "../../components/bigip/objects/tunnelChain";
import { poolProvider } from "../../components/bigip/objects/pool";
import { clonePoolAttachmentProvider } from "../../components/bigip/objects/clonePoolAttachment";
import { readCloneDeviceState } from "../../components/diagnose/read";
import { CloneDelivery, MemberResolution, pathOf, resolveClonePool } from "../../components/diagnose/resolve";
import { renderCollectorUserData, TUNNEL_UNIT_PATH } from "../../components/collector/cloudInit";
import { pairDropInPath } from "../../components/collector/pair";
import { CollectorSettings, validateCollectorArgs } from "../../components/collector/validate";
import { Encapsulation } from "../../components/common/encapsulation";
import { Emulator, startEmulator } from "../emulator";
import { behindOurBack, connOf, engineFor } from "../bigip/objects/harness";

/** Every address is from a documentation (RFC 5737) or benchmarking (RFC 2544) range; overlay ones never reach a wire. */
export const NET = {
    /** BIG-IP data self IP (tunnel source) and its VPC router. */
    dataIp: "198.18.2.5", dataPrefix: 24, dataGw: "198.18.2.1",
    /** The collector's ENI and its VPC router. */
    collectorIp: "198.19.1.20", collectorPrefix: 24, collectorGw: "198.19.1.1",
    /** The application: a client, the virtual, the BIG-IP's internal self IP (SNAT automap) and the pool member. */
    clientIp: "203.0.113.10", vip: "203.0.113.80", vipPort: 80, snatIp: "192.0.2.1", snatPrefix: 24, memberIp: "192.0.2.80", memberPort: 80,
    /** Overlay: BIG-IP self IP on the tunnel and the clone pool member (the collector). */
    overlaySelf: "10.254.0.1/29", overlayCollector: "10.254.0.2",
    underlayMtu: 9001,
    /** What the negative controls write behind the stack's back. */
    wrongMac: "0e:0d:0e:0a:0d:01", wrongEndpoint: "198.19.1.99",
} as const;

/** One BIG-IP unit: its own non-floating data self IP (tunnel source), router, and overlay self IP. */
export interface Unit { dataIp: string; dataGw: string; overlaySelf: string }
export const UNIT_A: Unit = { dataIp: NET.dataIp, dataGw: NET.dataGw, overlaySelf: NET.overlaySelf };
/** The HA pair's other unit (another subnet, as across two AZs); its overlay self IP in the same overlay subnet. */
export const UNIT_B: Unit = { dataIp: "198.18.3.5", dataGw: "198.18.3.1", overlaySelf: "10.254.0.3/29" };

export const CHAIN = "dp-collector";
export const CLONE_POOL = `/Common/${CHAIN}-pool`;
const VIRTUAL = "/Common/app_vs";
const APP_POOL = "/Common/app_pool";

export type CaseName = "positive" | "wrong-mac" | "wrong-fdb" | "wrong-key";
export const CASES: CaseName[] = ["positive", "wrong-mac", "wrong-fdb", "wrong-key"];

/** The BIG-IP side of one scenario run, all read from the device. */
export interface BigipSide {
    resolution: MemberResolution;
    delivery: CloneDelivery;
    /** MTU of the tunnel object. */
    tunnelMtu: number;
    /** Contexts in which the virtual clones to our pool. */
    contexts: string[];
    vip: string; vipPort: number;
    member: string; memberPort: number;
    /** The self IP (with prefix) in the member's subnet: the SNAT automap source. */
    snatCidr: string;
    /** The self IP (with prefix) that is the tunnel's local address. */
    dataCidr: string;
}

/** A file as cloud-init's write_files would write it. */
export interface WrittenFile { path: string; mode: number; content: string }

export interface CollectorSide {
    settings: CollectorSettings;
    cloudConfig: string;
    files: WrittenFile[];
    /** The tunnel unit's ExecStart for the device (`%i` substituted), as systemd runs it at boot. */
    execStart: string;
}

export interface DeviceCases {
    encapsulation: Encapsulation;
    collector: CollectorSide;
    sides: Record<CaseName, BigipSide>;
    /** What each negative control changed on the device. */
    changes: Record<Exclude<CaseName, "positive">, string>;
    wrongKey: number;
    seconds: number;
}

/** The collector exactly as the Collector component would render it (same validation, same mapping). */
export function collectorSide(encapsulation: Encapsulation, peer?: string): CollectorSide {
    const settings = validateCollectorArgs({
        vpcId: "vpc-0123456789abcdef0", subnetId: "subnet-0123456789abcdef0", tunnelSourceIp: NET.dataIp, ...(peer ? { peerTunnelSourceIp: peer } : {}),
        encapsulation, ...(encapsulation === "vxlan" ? { vni: 4242 } : {}), adminCidrs: ["203.0.113.0/24"],
    }, "dp-collector");
    // The mapping of createCollector() (components/collector/collector.ts), with the ENI's address as local end.
    const { cloudConfig } = renderCollectorUserData({
        encapsulation: settings.encapsulation, deviceName: settings.deviceName, localIp: NET.collectorIp, remoteIp: NET.dataIp, ...(peer ? { peerRemoteIp: peer } : {}),
        macAddress: settings.macAddress, mtu: settings.mtu.inner, vni: settings.vni, overlayAddress: settings.overlayAddress,
        capture: settings.capture,
    });
    const doc = parse(cloudConfig, { version: "1.1" });
    const files: WrittenFile[] = (doc.write_files as any[]).map((f) => {
        // Only what this extraction honours: anything else (encoding, owner, append, defer) would need cloud-init itself.
        assert.deepEqual(Object.keys(f).sort(), ["content", "path", "permissions"], `write_files entry ${f.path} uses keys this test does not apply`);
        assert.match(f.permissions, /^0[0-7]{3}$/);
        return { path: f.path, mode: parseInt(f.permissions, 8), content: f.content };
    });
    const unit = files.find((f) => f.path === TUNNEL_UNIT_PATH);
    assert.ok(unit, `the cloud-config writes no ${TUNNEL_UNIT_PATH}`);
    const exec = /^ExecStart=(.+)$/m.exec(unit.content)?.[1];
    assert.ok(exec, "the tunnel unit has no ExecStart");
    assert.ok((doc.runcmd as string[][]).some((c) => c.join(" ") === `systemctl enable --now clone-tunnel@${settings.deviceName}.service`),
        "runcmd does not start the tunnel unit for the device");
    // A drop-in for the device's unit (an HA pair, components/collector/pair.ts), as systemd merges it: `ExecStart=`
    // empties the list, then its ExecStart lines; its ExecStartPost lines run after. One command per line.
    const dropIn = files.find((f) => f.path === pairDropInPath(settings.deviceName))?.content ?? "";
    const lines = (key: string) => [...dropIn.matchAll(new RegExp(`^${key}=(.*)$`, "gm"))].map((m) => m[1]);
    const start = lines("ExecStart").includes("") ? lines("ExecStart").filter((l) => l !== "") : [exec.replace(/%i/g, settings.deviceName)];
    return { settings, cloudConfig, files, execStart: [...start, ...lines("ExecStartPost")].join("\n") };
}

function seedApplication(e: Emulator, unit: Unit): void {
    // An existing BIG-IP's own configuration: data and internal VLANs with their self IPs, the application.
    e.seed("vlan", { name: "external", mtu: NET.underlayMtu, interfaces: [{ name: "1.1", untagged: true }] });
    e.seed("vlan", { name: "internal", mtu: 1500, interfaces: [{ name: "1.2", untagged: true }] });
    e.seed("selfIp", { name: "data-self", address: `${unit.dataIp}/${NET.dataPrefix}`, vlan: "/Common/external" });
    e.seed("selfIp", { name: "internal-self", address: `${NET.snatIp}/${NET.snatPrefix}`, vlan: "/Common/internal" });
    e.seed("pool", { name: "app_pool", members: [{ name: `${NET.memberIp}:${NET.memberPort}` }] });
    e.seed("virtual", {
        name: "app_vs", destination: `/Common/${NET.vip}:${NET.vipPort}`, pool: APP_POOL,
        sourceAddressTranslation: { type: "automap" },
    });
}

const inSubnet = (ip: string, cidr: string): boolean => {
    const n = (a: string) => a.split(".").reduce((x, o) => x * 256 + Number(o), 0);
    const [net, len] = cidr.split("/");
    const size = 2 ** (32 - Number(len));
    return Math.floor(n(ip) / size) === Math.floor(n(net) / size);
};
const hostPort = (text: string): [string, number] => {
    const m = /^(?:\/[^/]+\/)?([\d.]+):(\d+)$/.exec(text);
    assert.ok(m, `not an IPv4 address:port: ${text}`);
    return [m[1], Number(m[2])];
};

/** Reads the device over REST and derives everything the BIG-IP namespace needs. */
export async function readBigipSide(e: Emulator): Promise<BigipSide> {
    const { state, virtual, appPool } = await withSession(connOf(e), "reading the clone path back", async (s) => ({
        state: await readCloneDeviceState(s),
        virtual: await s.get(`tm/ltm/virtual/${VIRTUAL.replace(/\//g, "~")}`),
        appPool: await s.get(`tm/ltm/pool/${APP_POOL.replace(/\//g, "~")}`, { query: { expandSubcollections: "true" } }),
    }));
    const [resolution, ...more] = resolveClonePool(state, CLONE_POOL);
    assert.equal(more.length, 0, "the clone pool should have one member");
    assert.ok(resolution.ok && resolution.delivery, `the clone pool does not resolve: ${JSON.stringify(resolution.links, null, 1)}`);
    const delivery = resolution.delivery;
    const tunnel = state.tunnels.find((t) => pathOf(t) === delivery.tunnel);
    const entryPath = (c: any) => (String(c.name).startsWith("/") ? String(c.name) : `/${c.partition ?? "Common"}/${c.name}`);
    // A clone pool entry without a context is clientside (as the device reads it).
    const contexts = ((virtual.clonePools ?? []) as any[]).filter((c) => entryPath(c) === CLONE_POOL).map((c) => c.context ?? "clientside").sort();
    const [vip, vipPort] = hostPort(virtual.destination);
    const members = (appPool.membersReference?.items ?? []) as any[];
    assert.equal(members.length, 1, "the application pool should have one member");
    const [member, memberPort] = hostPort(members[0].name);
    const selfIn = (ip: string) => state.selfIps.map((x) => String(x.address)).find((a) => inSubnet(ip, a));
    const snatCidr = selfIn(member);
    assert.ok(snatCidr, `no self IP in the subnet of the pool member ${member} (SNAT automap has no source)`);
    const dataCidr = state.selfIps.map((x) => String(x.address)).find((a) => a.split("/")[0] === delivery.localAddress);
    assert.ok(dataCidr, `the tunnel's local address ${delivery.localAddress} is not a self IP`);
    return { resolution, delivery, tunnelMtu: Number(tunnel?.mtu ?? 0), contexts, vip, vipPort, member, memberPort, snatCidr, dataCidr };
}

/** Our providers build the clone path on a fresh unit's device (its own data and overlay self IPs); read back. */
async function createClonePath(e: Emulator, encapsulation: Encapsulation, s: CollectorSettings, unit: Unit): Promise<BigipSide> {
    resetReadiness();
    seedApplication(e, unit);
    const connection = connOf(e);
    const chainInputs = {
        // As the composed component registers it (components/cloneAcrossL3/bigipConfig.ts).
        connection, name: CHAIN, encapsulation, key: encapsulation === "vxlan" ? s.vni : 0,
        localAddress: unit.dataIp, remoteAddress: NET.collectorIp, mtu: s.mtu.inner,
        selfAddress: unit.overlaySelf, collectorAddress: NET.overlayCollector, collectorMac: s.macAddress,
    };
    await (await engineFor(tunnelChainProvider)).up(chainInputs);
    await (await engineFor(poolProvider)).up({
        connection, name: `${CHAIN}-pool`, members: [`${NET.overlayCollector}:0`], description: "clone-l3 clone pool: dp-collector",
    });
    for (const context of ["clientside", "serverside"]) {
        await (await engineFor(clonePoolAttachmentProvider)).up({ connection, name: "clone", virtualServer: VIRTUAL, pool: CLONE_POOL, context });
    }
    return readBigipSide(e);
}

/** The HA pair's other unit: the same clone path built on its own device, with its own addresses (see pair.test.ts). */
export async function unitSide(encapsulation: Encapsulation, s: CollectorSettings, unit: Unit): Promise<BigipSide> {
    const e = await startEmulator();
    try {
        return await createClonePath(e, encapsulation, s, unit);
    } finally {
        await e.close();
    }
}

/**
 * Creates the clone path with the real providers, reads the resolution, then runs the negative controls: each one
 * changes one link on the device behind the stack's back, reads again, and puts the device back.
 */
export async function deviceCases(encapsulation: Encapsulation): Promise<DeviceCases> {
    const started = Date.now();
    const collector = collectorSide(encapsulation);
    const s = collector.settings;
    const e = await startEmulator();
    try {
        const positive = await createClonePath(e, encapsulation, s, UNIT_A);

        const tunnelPath = `tm/net/tunnels/tunnel/~Common~${CHAIN}`;
        const recordPath = `tm/net/fdb/tunnel/~Common~${CHAIN}/records/${s.macAddress}`;
        const arpPath = `tm/net/arp/~Common~${CHAIN}-arp`;
        const wrongKey = encapsulation === "vxlan" ? s.vni! + 1 : 7;
        const control = async (change: (x: any) => Promise<unknown>, undo: (x: any) => Promise<unknown>): Promise<BigipSide> => {
            await behindOurBack(e, change);
            const side = await readBigipSide(e);
            await behindOurBack(e, undo);
            assert.deepEqual(await readBigipSide(e), positive, "undoing a negative control should restore the resolution");
            return side;
        };
        const sides: Record<CaseName, BigipSide> = {
            positive,
            "wrong-mac": await control(
                (x) => x.patch(arpPath, { macAddress: NET.wrongMac }),
                (x) => x.patch(arpPath, { macAddress: s.macAddress })),
            // The tunnel's remote address and its FDB record, as a provider writing a wrong collector address would.
            "wrong-fdb": await control(
                async (x) => { await x.patch(tunnelPath, { remoteAddress: NET.wrongEndpoint }); await x.patch(recordPath, { endpoint: NET.wrongEndpoint }); },
                async (x) => { await x.patch(tunnelPath, { remoteAddress: NET.collectorIp }); await x.patch(recordPath, { endpoint: NET.collectorIp }); }),
            "wrong-key": await control(
                (x) => x.patch(tunnelPath, { key: wrongKey }),
                (x) => x.patch(tunnelPath, { key: positive.delivery.key })),
        };
        return {
            encapsulation, collector, sides, wrongKey, seconds: (Date.now() - started) / 1000,
            changes: {
                "wrong-mac": `static ARP ${NET.overlayCollector} → ${NET.wrongMac}`,
                "wrong-fdb": `tunnel remote address and FDB record → ${NET.wrongEndpoint}`,
                "wrong-key": `tunnel key → ${wrongKey}`,
            },
        };
    } finally {
        await e.close();
    }
}

/** The scenario's settings (test/dataplane/scenario.sh) for one side; `collectorUp` is the unit command as run there. */
export function scenarioEnv(d: DeviceCases, side: BigipSide, ns: string, canary: string, collectorUp: string, dataGw: string = NET.dataGw): Record<string, string> {
    const x = side.delivery;
    return {
        NS: ns, ENCAP: x.encapsulation, TUN_LOCAL: x.localAddress, TUN_REMOTE: x.remoteAddress, TUN_KEY: String(x.key),
        TUN_PORT: String(x.port ?? 4789), TUN_MTU: String(side.tunnelMtu), CLONE_MAC: x.mac, CLONE_CONTEXTS: side.contexts.join(" "),
        DATA_CIDR: side.dataCidr, DATA_GW: dataGw, VIP: side.vip, VIP_PORT: String(side.vipPort), CLIENT_IP: NET.clientIp,
        SNAT_CIDR: side.snatCidr, MEMBER: side.member, MEMBER_PORT: String(side.memberPort),
        COLLECTOR_CIDR: `${NET.collectorIp}/${NET.collectorPrefix}`, COLLECTOR_GW: NET.collectorGw,
        COLLECTOR_DEV: d.collector.settings.deviceName, COLLECTOR_UP: collectorUp, CANARY: canary, UNDERLAY_MTU: String(NET.underlayMtu),
    };
}
