/**
 * The demo web server's cloud-config (pure). Nothing is installed: Amazon Linux 2023 ships python3, so the
 * page is served by `python3 -m http.server` under a systemd unit, and the instance needs no internet access.
 */
import { Document } from "yaml";

export const DEMO_ROOT = "/var/www/clone-l3-demo";
export const DEMO_UNIT = "/etc/systemd/system/clone-l3-demo.service";
export const DEMO_MTU_SCRIPT = "/usr/local/libexec/clone-l3-demo-mtu";
/** Text on the page, so a check can tell it from any other server's answer. */
export const DEMO_MARKER = "clone-l3 demo";
/**
 * The server's interface MTU. The BIG-IP's serverside segments are sized from the server's MSS, so a 1500 MTU
 * here keeps every serverside frame (and so every serverside clone) within 1500 bytes, well inside the tunnel.
 */
export const DEMO_SERVER_MTU = 1500;

export function renderDemoPage(): string {
    return `<!doctype html>
<html><head><title>${DEMO_MARKER}</title></head>
<body><h1>${DEMO_MARKER}</h1>
<p>This answer went through a BIG-IP virtual server; a copy of the request and of this reply went to the collector.</p>
</body></html>
`;
}

/** Sets the MTU of the interface that holds the default route, on every start (so after every boot too). */
export function renderDemoMtuScript(): string {
    return `#!/bin/sh
set -eu
dev=$(ip -o -4 route show default | sed -n 's/.* dev \\([^ ]*\\).*/\\1/p' | head -n 1)
[ -n "$dev" ] || { echo "clone-l3-demo: no default route, MTU left as it is" >&2; exit 0; }
ip link set dev "$dev" mtu ${DEMO_SERVER_MTU}
`;
}

export function renderDemoUnit(port: number): string {
    return `[Unit]
Description=clone-l3 demo web server on port ${port}
Wants=network-online.target
After=network-online.target

[Service]
# As root (the + prefix), before the server starts: cap the data interface's MTU (see DEMO_SERVER_MTU).
ExecStartPre=+${DEMO_MTU_SCRIPT}
ExecStart=/usr/bin/python3 -m http.server ${port} --bind 0.0.0.0 --directory ${DEMO_ROOT}
DynamicUser=yes
AmbientCapabilities=CAP_NET_BIND_SERVICE
Restart=on-failure

[Install]
WantedBy=multi-user.target
`;
}

/** The `#cloud-config` user data of the demo web server. */
export function renderDemoCloudConfig(port: number): string {
    const doc = new Document({
        write_files: [
            { path: `${DEMO_ROOT}/index.html`, permissions: "0644", content: renderDemoPage() },
            { path: DEMO_MTU_SCRIPT, permissions: "0755", content: renderDemoMtuScript() },
            { path: DEMO_UNIT, permissions: "0644", content: renderDemoUnit(port) },
        ],
        runcmd: [["systemctl", "daemon-reload"], ["systemctl", "enable", "--now", "clone-l3-demo.service"]],
    }, { version: "1.1" });
    return `#cloud-config\n${doc.toString({ lineWidth: 0 })}`;
}
