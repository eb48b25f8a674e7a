/**
 * For a collector you already run (pure): the exact commands that give it the same tunnel end our cloud-init
 * gives the collectors we create — the clone-tunnel script, its env file and the systemd unit.
 */
import { COLLECTOR_DEFAULTS } from "./validate";
import { cloneTunnelPairScript, PAIR_SCRIPT_PATH, pairDropInPath, renderPairDropIn } from "./pair";
import {
    CollectorCloudInitOptions, ENV_DIR, SCRIPT_PATH, TUNNEL_UNIT_PATH, cloneTunnelScript, renderTunnelEnv, renderTunnelUnit,
    validateCollectorCloudInit,
} from "./cloudInit";

export type CollectorCommandOptions = Omit<CollectorCloudInitOptions, "capture">;

/** A here-document that writes `content` to `path` with `mode` (the delimiter never occurs in our files). */
function writeFile(path: string, mode: string, content: string): string {
    const delimiter = "CLONE_L3_EOF";
    if (content.split("\n").includes(delimiter)) throw new Error(`${path} contains the here-document delimiter`);
    return `sudo install -D -m ${mode} /dev/stdin ${path} <<'${delimiter}'\n${content.endsWith("\n") ? content : `${content}\n`}${delimiter}`;
}

/** A shell script (run as a sudoer on the collector) that installs and starts the tunnel end; harmless to run again. */
export function renderCollectorCommands(options: CollectorCommandOptions, prefix = ""): string {
    const o = validateCollectorCloudInit({ ...options, capture: { ...COLLECTOR_DEFAULTS.capture, enabled: false } }, prefix);
    const service = `clone-tunnel@${o.deviceName}.service`;
    const from = o.peerRemoteIp === undefined ? o.remoteIp : `${o.remoteIp} and ${o.peerRemoteIp}`;
    // An HA pair (pair.ts): the same drop-in (and, for gre, the pair script) the cloud-config of a created collector has.
    const pair = o.peerRemoteIp === undefined ? [] : [
        ...(o.encapsulation === "gre" ? [writeFile(PAIR_SCRIPT_PATH, "0755", cloneTunnelPairScript())] : []),
        writeFile(pairDropInPath(o.deviceName), "0644", renderPairDropIn(o.encapsulation, o.deviceName, o.peerRemoteIp, ENV_DIR)),
    ];
    return [
        `# clone-l3: collector end of the ${o.encapsulation === "gre" ? "gretap (GRE-TEB)" : "VXLAN"} tunnel ${o.deviceName} from the BIG-IP ${from}`,
        `# Needs iproute2 and systemd; allow ${o.encapsulation === "gre" ? "IP protocol 47 (GRE)" : "UDP 4789"} from ${from} in any firewall/security group.`,
        "set -eu",
        writeFile(SCRIPT_PATH, "0755", cloneTunnelScript()),
        writeFile(`${ENV_DIR}/${o.deviceName}.env`, "0644", renderTunnelEnv(o)),
        writeFile(TUNNEL_UNIT_PATH, "0644", renderTunnelUnit()),
        ...pair,
        "sudo systemctl daemon-reload",
        `sudo systemctl enable --now ${service}`,
        `sudo systemctl restart ${service}   # applies a changed env file`,
        `ip -d link show ${o.deviceName}`,
        "",
    ].join("\n");
}
