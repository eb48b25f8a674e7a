/**
 * The collector's cloud-config (pure): installs the tunnel script, one env file per device, and systemd
 * template units so the tunnel (and the optional ring-buffer capture) come back after every reboot —
 * cloud-init's runcmd runs only on the first boot.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Document, YAMLSeq } from "yaml";
import { check } from "../common/errors";
import { Encapsulation, VXLAN_PORT, parseEncapsulation } from "../common/encapsulation";
import { MAX_TUNNEL_MTU, MIN_TUNNEL_MTU, checkDeviceName, checkInterfaceAddress, checkIpv4, checkVni, normalizeMac } from "../common/values";
import { PAIR_SCRIPT_PATH, cloneTunnelPairScript, pairDropInPath, renderPairDropIn } from "./pair";
import { remoteCaptureReceivers, renderReceiverEnv } from "./receivers";

export const SCRIPT_PATH = "/usr/local/sbin/clone-tunnel";
export const ENV_DIR = "/etc/clone-tunnel";
export const TUNNEL_UNIT_PATH = "/etc/systemd/system/clone-tunnel@.service";
export const CAPTURE_UNIT_PATH = "/etc/systemd/system/clone-capture@.service";
/** EC2 rejects raw user data above 16 KB. */
export const USER_DATA_LIMIT = 16384;
/** Value types of the collector's settings (their one home is components/common/values), re-exported for callers here. */
export { MAX_TUNNEL_MTU, RESERVED_DEVICE_NAMES, checkDeviceName, checkInterfaceAddress } from "../common/values";

/** Intrusion detection on the tunnel device: Suricata (from EPEL, EL9) or none. */
export const IDS_CHOICES = ["suricata", "none"] as const;
export type CollectorIds = (typeof IDS_CHOICES)[number];
/** Our local rules, loaded with `-s` in addition to the rule files suricata.yaml names (e.g. suricata-update's). */
export const SURICATA_RULES_PATH = "/etc/suricata/rules/clone-l3.rules";
/** systemd drop-in for the package's suricata.service: capture the tunnel device, after it exists. */
export const SURICATA_DROPIN_PATH = "/etc/systemd/system/suricata.service.d/clone-l3.conf";
/** The request header the canary rule alerts on. */
export const CANARY_HEADER = "X-Clone-Canary";
/** In the 1000000–1999999 range that sid allocation keeps for local rules. */
export const CANARY_SID = 1990001;

export interface CaptureOptions {
    /** Run the tcpdump ring-buffer service. */
    enabled: boolean;
    /** Absolute directory for the pcap files (created owned by the tcpdump user). */
    directory: string;
    /** Size of each pcap file in millions of bytes (tcpdump -C). */
    fileSizeMb: number;
    /** Number of files in the ring (tcpdump -W); disk use is bounded by fileSizeMb × fileCount. */
    fileCount: number;
}

export interface CollectorCloudInitOptions {
    /** "gre" becomes a gretap device, "vxlan" a VXLAN device on UDP 4789. */
    encapsulation: Encapsulation;
    /** Tunnel device name on the collector. */
    deviceName: string;
    /** Collector underlay address (its ENI private IP): the tunnel's local end. */
    localIp: string;
    /** BIG-IP tunnel source address: the tunnel's remote end. */
    remoteIp: string;
    /** The other BIG-IP unit's tunnel source address (HA pair): the device also accepts it (see pair.ts). Default none. */
    peerRemoteIp?: string;
    /** Tunnel device MAC (any case, colons or dashes; normalized to lowercase colons). */
    macAddress: string;
    /** Tunnel device MTU, 576..9001 (see network/mtu.ts for the right value). */
    mtu: number;
    /** VXLAN network identifier; required for vxlan, refused for gre. */
    vni?: number;
    /** Optional address/prefix for the tunnel device, e.g. 10.99.0.2/24. */
    overlayAddress?: string;
    /** tcpdump ring buffer on the tunnel device. */
    capture: CaptureOptions;
    /** Intrusion detection on the tunnel device (a CollectorIds). Default "none". */
    ids?: "suricata" | "none";
    /** Devices that receive `tcpdump --remote-dest` streams from the BIG-IP (see receivers.ts). Default false. */
    remoteCapture?: boolean;
    /** The BIG-IP's management address, the other possible source of those streams. Default none. */
    bigipManagementIp?: string;
    /**
     * An HA pair's other unit's management address (with `peerRemoteIp`; a pair the stack creates): with
     * `remoteCapture`, the peer's streams get the receivers the first unit's get. Default none.
     */
    peerBigipManagementIp?: string;
}

function checkInt(v: unknown, min: number, max: number, setting: string, what: string): number {
    check(Number.isInteger(v) && (v as number) >= min && (v as number) <= max, setting,
        `${JSON.stringify(v)} must be an integer ${min}..${max} (${what})`);
    return v as number;
}

/** Dedicated capture parents (not present on the image, used for nothing else); the directory is one of them or below. */
export const CAPTURE_PARENTS = ["/var/capture", "/srv/capture", "/data/capture"] as const;

export function isSafeCaptureDirectory(dir: string): boolean {
    if (!/^\/[A-Za-z0-9._/-]*[A-Za-z0-9_-]$/.test(dir) || dir.includes("//")) return false;
    if (dir.split("/").some((part) => part === "." || part === "..")) return false;
    return CAPTURE_PARENTS.some((p) => dir === p || dir.startsWith(`${p}/`));
}

export function checkCapture(c: CaptureOptions, prefix = ""): CaptureOptions {
    const p = `${prefix}capture`;
    check(typeof c === "object" && c !== null, p, "must be an object");
    check(typeof c.enabled === "boolean", `${p}.enabled`, `${JSON.stringify(c.enabled)} must be true or false`);
    // It lands unquoted in a unit file and a command line, so keep it to plain path characters. It is also created
    // (install -d) owned by the tcpdump user, which parses hostile traffic: an existing system directory (/, /etc,
    // /usr/local/sbin, where the root-run tunnel script lives) would hand that user control of root's files. So only
    // a dedicated directory under a parent the image does not use for anything else is accepted.
    check(typeof c.directory === "string" && isSafeCaptureDirectory(c.directory), `${p}.directory`,
        `${JSON.stringify(c.directory)} is not allowed: it must be ${CAPTURE_PARENTS.map((x) => `"${x}"`).join(" or ")} or a directory below one of them ` +
        `(e.g. /var/capture/clone0), made of letters, digits, "_", "-" and "." (no "..", no trailing "/"): it is chowned to the tcpdump user, ` +
        "so it must never be a system path");
    checkInt(c.fileSizeMb, 1, 10000, `${p}.fileSizeMb`, "MB per pcap file");
    checkInt(c.fileCount, 1, 1000, `${p}.fileCount`, "files in the ring");
    return { enabled: c.enabled, directory: c.directory, fileSizeMb: c.fileSizeMb, fileCount: c.fileCount };
}

/** `undefined` is the default, "none". */
export function parseIds(value: unknown, setting: string): CollectorIds {
    check(value === undefined || (IDS_CHOICES as readonly unknown[]).includes(value), setting,
        `${JSON.stringify(value)} must be one of ${IDS_CHOICES.map((c) => `"${c}"`).join(", ")}`);
    return (value ?? "none") as CollectorIds;
}

function checkPeer(peer: unknown, remote: string, setting: string): string {
    const ip = checkIpv4(peer, setting);
    check(ip !== remote, setting, `"${ip}" is also the tunnel's remote address: the two units of a pair send from different addresses`);
    return ip;
}

/** Validates and normalizes the options; every error names `<prefix><field>`. */
export function validateCollectorCloudInit(o: CollectorCloudInitOptions, prefix = ""): CollectorCloudInitOptions {
    const encapsulation = parseEncapsulation(o.encapsulation, `${prefix}encapsulation`);
    if (encapsulation === "vxlan") checkVni(o.vni, `${prefix}vni`);
    else check(o.vni === undefined, `${prefix}vni`, "only applies to vxlan encapsulation");
    return {
        encapsulation,
        deviceName: checkDeviceName(o.deviceName, `${prefix}deviceName`),
        localIp: checkIpv4(o.localIp, `${prefix}localIp`),
        remoteIp: checkIpv4(o.remoteIp, `${prefix}remoteIp`),
        ...(o.peerRemoteIp === undefined ? {} : { peerRemoteIp: checkPeer(o.peerRemoteIp, o.remoteIp, `${prefix}peerRemoteIp`) }),
        macAddress: normalizeMac(o.macAddress, `${prefix}macAddress`),
        mtu: checkInt(o.mtu, MIN_TUNNEL_MTU, MAX_TUNNEL_MTU, `${prefix}mtu`, "tunnel device MTU"),
        vni: o.vni,
        overlayAddress: o.overlayAddress === undefined ? undefined : checkInterfaceAddress(o.overlayAddress, `${prefix}overlayAddress`),
        capture: checkCapture(o.capture, prefix),
        ids: parseIds(o.ids, `${prefix}ids`),
        remoteCapture: o.remoteCapture === true,
        bigipManagementIp: o.bigipManagementIp === undefined ? undefined : checkIpv4(o.bigipManagementIp, `${prefix}bigipManagementIp`),
        ...(o.peerBigipManagementIp === undefined ? {} : { peerBigipManagementIp: checkPeerManagement(o, prefix) }),
    };
}

function checkPeerManagement(o: CollectorCloudInitOptions, prefix: string): string {
    check(o.peerRemoteIp !== undefined, `${prefix}peerBigipManagementIp`, "only applies with peerRemoteIp (an HA pair's other unit)");
    return checkIpv4(o.peerBigipManagementIp, `${prefix}peerBigipManagementIp`);
}

/** The tunnel script exactly as shipped (read at render time so the tested file is the deployed file). */
export function cloneTunnelScript(): string {
    return fs.readFileSync(path.join(__dirname, "scripts", "clone-tunnel.sh"), "utf8");
}

/** Settings file sourced by the script (values are validated, so single quotes are enough). */
export function renderTunnelEnv(o: CollectorCloudInitOptions): string {
    const vars: [string, string | number | undefined][] = [
        ["TUNNEL_MODE", o.encapsulation === "gre" ? "gretap" : "vxlan"],
        ["TUNNEL_DEV", o.deviceName],
        ["LOCAL", o.localIp],
        ["REMOTE", o.remoteIp],
        ["PEER_REMOTE", o.peerRemoteIp],
        ["TUNNEL_MAC", o.macAddress],
        ["TUNNEL_MTU", o.mtu],
        ["VXLAN_VNI", o.encapsulation === "vxlan" ? o.vni : undefined],
        ["VXLAN_PORT", o.encapsulation === "vxlan" ? VXLAN_PORT : undefined],
        ["OVERLAY_ADDRESS", o.overlayAddress],
        ["CAPTURE_DIR", o.capture.enabled ? o.capture.directory : undefined],
    ];
    const lines = vars.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}='${v}'`);
    return [`# clone-l3 collector tunnel ${o.deviceName}; read by ${SCRIPT_PATH}`, ...lines, ""].join("\n");
}

export function renderTunnelUnit(): string {
    return `[Unit]
Description=BIG-IP clone tunnel %i (collector end)
Wants=network-online.target
After=network-online.target

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=${SCRIPT_PATH} up ${ENV_DIR}/%i.env
ExecStop=${SCRIPT_PATH} down ${ENV_DIR}/%i.env

[Install]
WantedBy=multi-user.target
`;
}

/** tcpdump ring buffer: -C/-W bound disk use to fileSizeMb × fileCount; -Z drops root after opening %i. */
export function renderCaptureUnit(c: CaptureOptions): string {
    return `[Unit]
Description=Ring-buffer capture of cloned traffic on %i
Requires=clone-tunnel@%i.service
After=clone-tunnel@%i.service

[Service]
ExecStart=/usr/sbin/tcpdump -i %i -n -s 0 -U -w ${c.directory}/%i.pcap -C ${c.fileSizeMb} -W ${c.fileCount} -Z tcpdump
Restart=on-failure
RestartSec=5

[Install]
WantedBy=multi-user.target
`;
}

/** The canary: one alert per copy of an HTTP request that carries the CANARY_HEADER header (both clone contexts). */
export function renderSuricataRules(): string {
    return `# clone-l3: local Suricata rules for the clone tunnel, loaded in addition to suricata.yaml's rule files.
# Canary: curl -H '${CANARY_HEADER}: <anything>' http://<a cloned virtual>/  ->  /var/log/suricata/fast.log
alert http any any -> any any (msg:"clone-l3 canary: ${CANARY_HEADER} request header on the clone tunnel"; flow:established,to_server; http.header; content:"${CANARY_HEADER}|3a|"; nocase; classtype:misc-activity; sid:${CANARY_SID}; rev:1;)
`;
}

/**
 * Drop-in for the suricata package's unit: starts after the tunnel unit made the device, and replaces the command
 * line so Suricata reads the device over AF_PACKET with our rules added (whatever the package's default options
 * are). GRO off first: it would merge the copies into super-frames before Suricata (and tcpdump) see them.
 */
export function renderSuricataDropIn(device: string): string {
    return `# clone-l3: Suricata inspects the clone tunnel ${device}.
[Unit]
Requires=clone-tunnel@${device}.service
After=clone-tunnel@${device}.service

[Service]
ExecStartPre=-/usr/sbin/ethtool -K ${device} gro off
ExecStart=
ExecStart=/usr/sbin/suricata -c /etc/suricata/suricata.yaml --pidfile /var/run/suricata.pid --af-packet=${device} -s ${SURICATA_RULES_PATH} --user suricata
`;
}

export interface CollectorUserData {
    /** The `#cloud-config` document to pass as EC2 user data. */
    cloudConfig: string;
    /** The tunnel script alone (also embedded in cloudConfig). */
    script: string;
    /** The env file alone. */
    env: string;
}

/** Everything the collector boots with, validated; `prefix` scopes the setting names in errors. */
export function renderCollectorUserData(options: CollectorCloudInitOptions, prefix = ""): CollectorUserData {
    const o = validateCollectorCloudInit(options, prefix);
    const script = cloneTunnelScript();
    const env = renderTunnelEnv(o);
    const tunnelService = `clone-tunnel@${o.deviceName}.service`;
    const captureService = `clone-capture@${o.deviceName}.service`;
    const suricata = o.ids === "suricata";
    // The peer's receivers only with its management address: a pair the stack creates (new since 0.3.0). An existing pair's
    // collector keeps the cloud-config 0.3.0 rendered for it (a change would replace it, userDataReplaceOnChange).
    const peer = o.peerRemoteIp !== undefined && o.peerBigipManagementIp !== undefined
        ? { dataIp: o.peerRemoteIp, managementIp: o.peerBigipManagementIp } : undefined;
    const receivers = o.remoteCapture ? remoteCaptureReceivers(o.encapsulation, o.remoteIp, o.bigipManagementIp, peer) : [];
    const writeFiles = [
        { path: SCRIPT_PATH, permissions: "0755", content: script },
        { path: `${ENV_DIR}/${o.deviceName}.env`, permissions: "0644", content: env },
        { path: TUNNEL_UNIT_PATH, permissions: "0644", content: renderTunnelUnit() },
        // A BIG-IP HA pair's other unit (pair.ts): only then, so a single unit's cloud-config is what it always was.
        ...(o.peerRemoteIp !== undefined && o.encapsulation === "gre" ? [{ path: PAIR_SCRIPT_PATH, permissions: "0755", content: cloneTunnelPairScript() }] : []),
        ...(o.peerRemoteIp !== undefined ? [
            { path: pairDropInPath(o.deviceName), permissions: "0644", content: renderPairDropIn(o.encapsulation, o.deviceName, o.peerRemoteIp, ENV_DIR) },
        ] : []),
        ...(o.capture.enabled ? [{ path: CAPTURE_UNIT_PATH, permissions: "0644", content: renderCaptureUnit(o.capture) }] : []),
        ...receivers.map((r) => ({ path: `${ENV_DIR}/${r.device}.env`, permissions: "0644", content: renderReceiverEnv(r, o.localIp, SCRIPT_PATH) })),
        ...(suricata ? [
            { path: SURICATA_RULES_PATH, permissions: "0644", content: renderSuricataRules() },
            { path: SURICATA_DROPIN_PATH, permissions: "0644", content: renderSuricataDropIn(o.deviceName) },
        ] : []),
    ];
    // runcmd runs after `packages`, so the tcpdump user exists by the time the directory is created.
    const runcmd = [
        ...(o.capture.enabled ? [["install", "-d", "-o", "tcpdump", "-g", "tcpdump", "-m", "0750", o.capture.directory]] : []),
        ["systemctl", "daemon-reload"],
        ["systemctl", "enable", "--now", tunnelService],
        ...(o.capture.enabled ? [["systemctl", "enable", "--now", captureService]] : []),
        ...receivers.map((r) => ["systemctl", "enable", "--now", `clone-tunnel@${r.device}.service`]),
        // Suricata is in EPEL (epel-release came with `packages`); EPEL's EL9 packages may need CodeReady Builder,
        // which CentOS Stream, Rocky and Alma call crb (on RHEL this step fails harmlessly: runcmd goes on).
        ...(suricata ? [
            ["dnf", "config-manager", "--set-enabled", "crb"],
            ["dnf", "install", "-y", "suricata"],
            ["systemctl", "daemon-reload"],
            ["systemctl", "enable", "--now", "suricata.service"],
        ] : []),
    ];
    const packages = ["tcpdump", ...(suricata ? ["epel-release", "dnf-plugins-core", "ethtool"] : [])];
    // YAML 1.1 quoting rules, because cloud-init parses with PyYAML: "0755" must stay a string.
    const doc = new Document({ packages, write_files: writeFiles, runcmd }, { version: "1.1" });
    for (const item of (doc.get("runcmd") as YAMLSeq<YAMLSeq>).items) item.flow = true; // one command per line
    // A created pair's collector (new since 0.3.0, so no deployed one to keep) does not indent list items, to fit EC2's
    // 16 KB with the peer's receivers; every other layout is byte for byte what earlier releases rendered.
    const cloudConfig = `#cloud-config\n${doc.toString({ lineWidth: 0, ...(peer ? { indentSeq: false } : {}) })}`;
    check(Buffer.byteLength(cloudConfig, "utf8") <= USER_DATA_LIMIT, `${prefix}userData`,
        `rendered cloud-config is ${Buffer.byteLength(cloudConfig, "utf8")} bytes, over EC2's ${USER_DATA_LIMIT}-byte user-data limit`);
    return { cloudConfig, script, env };
}

export function renderCollectorCloudConfig(o: CollectorCloudInitOptions): string {
    return renderCollectorUserData(o).cloudConfig;
}
