/**
 * What arrived, as an analyzer sees it: tshark (Wireshark's dissectors) reads the captures of one scenario run —
 * the collector's tunnel device, its underlay, and what the BIG-IP sent — and the checks below say which link of
 * the clone path broke when something is missing: nothing sent (mirror/attachment), sent elsewhere (FDB), sent but
 * not decapsulated (key/VNI/encapsulation), arrived with another destination MAC (ARP), a context missing, a frame
 * cut or fragmented.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";

/** Reassembly must not depend on arrival order: the collector's GRO delivers a held segment after a later ACK. */
const TSHARK_OPTS = [
    "-n", "-o", "tcp.check_checksum:TRUE", "-o", "tcp.analyze_sequence_numbers:FALSE", "-o", "tcp.reassemble_out_of_order:TRUE",
    "-o", 'uat:custom_http_header_fields:"X-Clone-Canary","clone canary"',
];

/** Rows of `-T fields` output; each field keeps all occurrences (outer, inner) as an array. */
export function tshark(pcap: string, fields: string[], filter?: string): string[][][] {
    const r = spawnSync("tshark", ["-r", pcap, ...TSHARK_OPTS, ...(filter ? ["-Y", filter] : []), "-T", "fields",
        "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=|", ...fields.flatMap((f) => ["-e", f])], { encoding: "utf8", timeout: 60_000 });
    if (r.error) throw new Error(`tshark could not run (${r.error.message}): install Debian's tshark (bash .ci/run --deps-only)`);
    assert.equal(r.status, 0, `tshark -r ${pcap} failed: ${r.stderr}`);
    return r.stdout.split("\n").filter((l) => l !== "").map((l) => l.split("\t").map((v) => (v === "" ? [] : v.split("|"))));
}

export interface TunnelFrame {
    len: number; capLen: number; dst: string; ipSrc: string; ipDst: string; ipLen: number;
    fragmented: boolean; tcpLen: number;
    /** Wireshark's verdict on the TCP checksum: "good", "bad" or "unverified". */
    checksum: string;
}
export interface HttpRequest { dst: string; ipSrc: string; ipDst: string; method: string; uri: string; version: string; host: string; canary: string }
export interface HttpResponse { ipSrc: string; ipDst: string; code: number; contentLength: number }
export interface OuterPacket {
    src: string; dst: string; ipLen: number; fragmented: boolean; udpPort?: number; vni?: number; greProto?: string; greKey?: number;
    innerDst?: string; innerIpLen?: number;
}
export interface Facts { tunnel: TunnelFrame[]; requests: HttpRequest[]; responses: HttpResponse[]; underlay: OuterPacket[]; sent: OuterPacket[] }

const CHECKSUM = ["bad", "good", "unverified"];

function outer(pcap: string): OuterPacket[] {
    return tshark(pcap, ["ip.src", "ip.dst", "ip.len", "ip.flags.mf", "ip.frag_offset", "udp.dstport", "vxlan.vni", "gre.proto", "gre.key", "eth.dst"])
        .map(([src, dst, len, mf, off, port, vni, proto, key, eth]) => ({
            src: src[0], dst: dst[0], ipLen: Number(len[0]), fragmented: mf[0] === "1" || Number(off[0] ?? 0) > 0,
            ...(port[0] ? { udpPort: Number(port[0]) } : {}), ...(vni[0] ? { vni: Number(vni[0]) } : {}),
            ...(proto[0] ? { greProto: proto[0] } : {}), ...(key[0] ? { greKey: Number(key[0]) } : {}),
            ...(eth[1] ? { innerDst: eth[1] } : {}), ...(len[1] ? { innerIpLen: Number(len[1]) } : {}),
        }));
}

/** Reads tunnel.pcap, underlay.pcap and sent.pcap of one scenario run (one tshark pass per capture). */
export function analyze(dir: string): Facts {
    const f = (name: string) => path.join(dir, name);
    const rows = tshark(f("tunnel.pcap"), ["frame.len", "frame.cap_len", "eth.dst", "ip.src", "ip.dst", "ip.len", "ip.flags.mf", "ip.frag_offset",
        "tcp.len", "tcp.checksum.status", "http.request.method", "http.request.uri", "http.request.version", "http.host", "http.header.X-Clone-Canary",
        "http.response.code", "http.content_length"]);
    const tunnel: TunnelFrame[] = [];
    const requests: HttpRequest[] = [];
    const responses: HttpResponse[] = [];
    for (const [len, cap, dst, src, ipDst, ipLen, mf, off, tcpLen, sum, method, uri, version, host, canary, code, clen] of rows) {
        tunnel.push({
            len: Number(len[0]), capLen: Number(cap[0]), dst: dst[0], ipSrc: src[0] ?? "", ipDst: ipDst[0] ?? "", ipLen: Number(ipLen[0] ?? 0),
            fragmented: mf[0] === "1" || Number(off[0] ?? 0) > 0, tcpLen: Number(tcpLen[0] ?? 0), checksum: CHECKSUM[Number(sum[0] ?? 2)] ?? "?",
        });
        // HTTP fields sit on the frame where tshark finished reassembling the message.
        if (method[0]) {
            requests.push({ dst: dst[0], ipSrc: src[0], ipDst: ipDst[0], method: method[0], uri: uri[0], version: version[0], host: host[0], canary: canary[0] ?? "" });
        }
        if (code[0]) responses.push({ ipSrc: src[0], ipDst: ipDst[0], code: Number(code[0]), contentLength: Number(clen[0]) });
    }
    return { tunnel, requests, responses, underlay: outer(f("underlay.pcap")), sent: outer(f("sent.pcap")) };
}

/** What must arrive, from the resolution and the collector's settings. */
export interface Expect {
    device: string; mac: string; collectorIp: string; bigipIp: string;
    encapsulation: "gre" | "vxlan"; key: number; port: number;
    /** Per context: the connection's client and server addresses (clientside: client → VIP; serverside: SNAT self → member). */
    contexts: Record<string, { src: string; dst: string }>;
    method: string; uri: string; host: string; canary: string;
    /** Inner IP packet size that must arrive whole in each context (the interfaces' MTU). */
    fullSize: number;
}

const uniq = <T>(xs: T[]): T[] => [...new Set(xs)];

/** Copies reached the collector's tunnel device, each addressed to its MAC: else names the link that broke. */
export function checkDelivered(f: Facts, x: Expect): void {
    const dev = x.device;
    if (f.tunnel.length === 0) {
        assert.ok(f.sent.length > 0, `no copy left the BIG-IP (nothing encapsulated on its data VLAN): the mirror or the clone pool attachment broke`);
        const sentTo = uniq(f.sent.map((o) => o.dst));
        assert.ok(sentTo.includes(x.collectorIp), `the FDB link broke: the BIG-IP sent ${f.sent.length} copies to ${sentTo.join(", ")} ` +
            `(the FDB endpoint for ${x.mac}), but the collector is ${x.collectorIp}; none arrived on ${dev}`);
        const keys = uniq(f.underlay.map((o) => (x.encapsulation === "vxlan" ? `VNI ${o.vni}` : `GRE key ${o.greKey ?? "none"}`)));
        assert.fail(f.underlay.length > 0
            ? `the tunnel link broke: ${f.underlay.length} ${x.encapsulation} packets (${keys.join(", ")}) reached the collector at ${x.collectorIp}, ` +
              `none came out of ${dev}, which expects ${x.encapsulation === "vxlan" ? `VNI ${x.key}` : `GRE key ${x.key || "none"}`}: ` +
              `the BIG-IP tunnel's key/VNI or encapsulation does not match the collector's device` +
              (x.encapsulation === "gre" ? `, or no gretap of the collector has ${uniq(f.underlay.map((o) => o.src)).join(", ")} as its remote` : "")
            : `copies were sent to ${x.collectorIp} but none reached its underlay (routing or MTU on the path)`);
    }
    const wrong = f.tunnel.filter((fr) => fr.dst !== x.mac);
    assert.ok(wrong.length === 0, `the ARP link broke: ${wrong.length} of ${f.tunnel.length} cloned frames on ${dev} carry destination MAC ` +
        `${uniq(wrong.map((w) => w.dst)).join(", ")}, but ${dev}'s MAC is ${x.mac}: the clone pool member's static ARP entry must hold the collector's MAC`);
}

/** tshark's HTTP dissector decodes the request in every context, from the connection's own addresses. */
export function checkContexts(f: Facts, x: Expect): string[] {
    const lines: string[] = [];
    for (const [ctx, { src, dst }] of Object.entries(x.contexts)) {
        const req = f.requests.find((r) => r.ipSrc === src && r.ipDst === dst);
        assert.ok(req, `no ${ctx} copy of the request (${src} → ${dst}) arrived on ${x.device}; decoded requests: ` +
            `${JSON.stringify(f.requests.map((r) => `${r.ipSrc} → ${r.ipDst}`))}`);
        // The request line (method, URI, version), the Host header and the canary header, as tshark's HTTP dissector decodes them.
        assert.deepEqual({ method: req.method, uri: req.uri, version: req.version, host: req.host, canary: req.canary },
            { method: x.method, uri: x.uri, version: "HTTP/1.1", host: x.host, canary: x.canary }, `${ctx}: the decoded request differs from the one the client sent`);
        const res = f.responses.find((r) => r.ipSrc === dst && r.ipDst === src);
        assert.ok(res, `no ${ctx} copy of the response (${dst} → ${src}) was decoded on ${x.device}`);
        assert.equal(res.code, 200, `${ctx}: response status`);
        lines.push(`${ctx}: ${src} → ${dst} "${req.method} ${req.uri} ${req.version}" Host: ${req.host}, X-Clone-Canary: ${req.canary}; ` +
            `${dst} → ${src} ${res.code}, ${res.contentLength} bytes`);
    }
    return lines;
}

/** In every context an IP packet of the full interface MTU arrives whole: untruncated, unfragmented, checksum good. */
export function checkWhole(f: Facts, x: Expect): string[] {
    const frameLen = x.fullSize + 14;
    const cut = f.tunnel.filter((fr) => fr.capLen !== fr.len || fr.fragmented);
    assert.ok(cut.length === 0, `${cut.length} frames on ${x.device} are truncated or fragments: ${JSON.stringify(cut)}`);
    const bad = f.tunnel.filter((fr) => fr.checksum !== "good");
    assert.ok(bad.length === 0, `${bad.length} frames on ${x.device} fail their TCP checksum (altered or cut on the way): ${JSON.stringify(bad.slice(0, 3))}`);
    const lines: string[] = [];
    for (const [ctx, { src, dst }] of Object.entries(x.contexts)) {
        const ofConn = f.tunnel.filter((fr) => (fr.ipSrc === src && fr.ipDst === dst) || (fr.ipSrc === dst && fr.ipDst === src));
        const full = ofConn.find((fr) => fr.len === frameLen && fr.ipLen === x.fullSize);
        assert.ok(full, `no whole ${frameLen}-byte frame (IP ${x.fullSize}) of the ${ctx} connection arrived on ${x.device}; ` +
            `its frames were ${JSON.stringify(ofConn.map((fr) => fr.len))} bytes`);
        lines.push(`${ctx}: ${full.ipSrc} → ${full.ipDst} frame ${full.len} bytes (IP ${full.ipLen}, TCP payload ${full.tcpLen}), whole, checksum good`);
    }
    return lines;
}

/** The outer packets the collector received: our encapsulation, key/VNI and port, BIG-IP → collector, none fragmented. */
export function checkOuter(f: Facts, x: Expect, underlayMtu: number): string {
    assert.ok(f.underlay.length > 0, "no tunnel packets on the collector's underlay");
    for (const o of f.underlay) {
        assert.deepEqual([o.src, o.dst], [x.bigipIp, x.collectorIp], "outer addresses");
        assert.equal(o.fragmented, false, `an outer packet was fragmented: ${JSON.stringify(o)}`);
        if (x.encapsulation === "vxlan") assert.deepEqual([o.udpPort, o.vni], [x.port, x.key], "VXLAN port and VNI");
        else assert.deepEqual([o.greProto, o.greKey], ["0x6558", x.key || undefined], "GRE protocol (TEB) and key");
    }
    const overhead = x.encapsulation === "vxlan" ? 20 + 8 + 8 : 20 + 4 + (x.key ? 4 : 0);
    const biggest = Math.max(...f.underlay.map((o) => o.ipLen));
    assert.equal(biggest, x.fullSize + 14 + overhead, "the largest outer packet carries one full-size inner frame");
    assert.ok(biggest <= underlayMtu, `outer packet of ${biggest} bytes exceeds the underlay MTU ${underlayMtu}`);
    return `${f.underlay.length} ${x.encapsulation === "vxlan" ? `VXLAN (UDP ${x.port}, VNI ${x.key})` : `GRE-TEB (0x6558${x.key ? `, key ${x.key}` : ""})`} ` +
        `packets ${x.bigipIp} → ${x.collectorIp}, none fragmented, largest ${biggest} bytes (underlay MTU ${underlayMtu})`;
}

/** Every check, as a positive run must pass them (the negative controls must fail one, naming its link). */
export function checkClone(f: Facts, x: Expect): void {
    checkDelivered(f, x);
    checkContexts(f, x);
    checkWhole(f, x);
}
