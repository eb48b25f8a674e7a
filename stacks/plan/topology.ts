/** The topology of a planned stack, with its addresses, from the recorded resources (pure). */
import { deviceOf, DYNAMIC_PREFIX, PlannedResource } from "./run";

export interface Topology {
    vpcs: { name: string; cidr: string }[];
    connectivity: string;
    subnets: { name: string; cidr: string }[];
    bigip: {
        managementUrl?: string;
        /** The other unit of an HA pair; `createdPair`: made by this stack (its VLANs, self IPs and routes come from each first boot). */
        peerManagementUrl?: string; createdPair?: boolean;
        vlans: string[]; selfIps: string[]; routes: string[]; virtuals: string[];
        /** Single NIC: the virtual servers' client rules sit on the management interface (its ENI carries the data SG). */
        singleNic?: { clientCidrs: string[]; ports: number[] };
    };
    clonePaths: {
        /** The unit (management host:port) the chain is made on. */
        device: string;
        chain: string; encapsulation: string; key: number; mtu: number; localAddress: string; remoteAddress: string;
        bigipOverlay: string; collectorOverlay: string; collectorMac: string; pools: string[]; attachedTo: string[];
    }[];
}

const dyn = (rs: PlannedResource[], t: string) => rs.filter((r) => r.type === `${DYNAMIC_PREFIX}clonel3-bigip:${t}`).map((r) => r.inputs as any);
const aws = (rs: PlannedResource[], t: string) => rs.filter((r) => r.type === t);
const q = (v: unknown) => (typeof v === "string" && !v.startsWith("/") ? `/Common/${v}` : String(v));

/** The client rules of the BIG-IP's data security group when its management ENI carries that group (single NIC). */
function singleNic(rs: PlannedResource[]): Topology["bigip"]["singleNic"] {
    const sg = aws(rs, "aws:ec2/securityGroup:SecurityGroup").find((r) => r.name.endsWith("-bigip-data-sg"));
    const eni = aws(rs, "aws:ec2/networkInterface:NetworkInterface").find((r) => r.name.endsWith("-bigip-mgmt-eni"));
    const sgId = sg && `${sg.name}-id`;
    if (!sg || !eni || !((eni.inputs.securityGroups as unknown[]) ?? []).includes(sgId)) return undefined;
    const rules = aws(rs, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter((r) => r.inputs.securityGroupId === sgId);
    return {
        clientCidrs: [...new Set(rules.map((r) => String(r.inputs.cidrIpv4)))],
        ports: [...new Set(rules.map((r) => Number(r.inputs.fromPort)))].sort((a, b) => a - b),
    };
}

export function topologyOf(rs: PlannedResource[], outputs: Record<string, unknown>): Topology {
    const pools = dyn(rs, "Pool");
    const attachments = dyn(rs, "ClonePoolAttachment");
    const connectivity = aws(rs, "aws:ec2transitgateway/transitGateway:TransitGateway").length ? "Transit Gateway"
        : aws(rs, "aws:ec2/vpcPeeringConnection:VpcPeeringConnection").length ? "VPC peering" : "your own routing";
    return {
        vpcs: aws(rs, "aws:ec2/vpc:Vpc").map((r) => ({ name: r.name, cidr: String(r.inputs.cidrBlock) })),
        connectivity,
        subnets: aws(rs, "aws:ec2/subnet:Subnet").map((r) => ({ name: r.name, cidr: String(r.inputs.cidrBlock) })),
        bigip: {
            managementUrl: typeof outputs.managementUrl === "string" ? outputs.managementUrl : undefined,
            ...(typeof outputs.peerManagementUrl === "string" ? { peerManagementUrl: outputs.peerManagementUrl } : {}),
            ...(outputs.peerBigipInstanceId !== undefined ? { createdPair: true } : {}),
            vlans: dyn(rs, "Vlan").map((v) => `VLAN ${v.name} on ${(v.interfaces ?? []).map((x: any) => x.name).join(",")}, MTU ${v.mtu}${v.adopt ? " (the VE's own, MTU raised)" : ""}`),
            selfIps: dyn(rs, "SelfIp").map((s) => `self IP ${s.address} on ${q(s.vlan)}`),
            routes: dyn(rs, "Route").map((r) => `route ${r.network} via ${r.gw}`),
            virtuals: dyn(rs, "VirtualServer").map((v) => {
                const pool = pools.find((p) => `/Common/${p.name}` === q(v.pool));
                return `virtual /Common/${v.name} ${v.destination} -> ${pool ? pool.members.join(", ") : q(v.pool)}, SNAT ${v.snat ?? "automap"}`;
            }),
            singleNic: singleNic(rs),
        },
        clonePaths: rs.filter((r) => r.type === `${DYNAMIC_PREFIX}clonel3-bigip:TunnelChain`).map((r) => {
            const c = r.inputs as any;
            const member = `${c.collectorAddress}:0`;
            const mine = pools.filter((p) => (p.members ?? []).includes(member)).map((p) => `/Common/${p.name}`);
            return {
                device: deviceOf(r),
                chain: `/Common/${c.name}`, encapsulation: c.encapsulation === "gre" ? "GRE-TEB" : "VXLAN", key: c.key ?? 0, mtu: c.mtu,
                localAddress: c.localAddress, remoteAddress: c.remoteAddress, bigipOverlay: c.selfAddress, collectorOverlay: c.collectorAddress,
                collectorMac: String(c.collectorMac).toLowerCase(), pools: mine,
                attachedTo: attachments.filter((a) => mine.includes(q(a.pool))).map((a) => `${q(a.virtualServer)} ${a.context}`),
            };
        }),
    };
}

export function renderTopology(t: Topology): string[] {
    const lines = [
        `VPCs:      ${t.vpcs.map((v) => `${v.name} ${v.cidr}`).join("  <==  " + t.connectivity + "  ==>  ") || "(all brought by you)"}`,
        `Subnets:   ${t.subnets.map((s) => `${s.name} ${s.cidr}`).join(", ") || "(brought by you)"}`,
        `BIG-IP:    management ${t.bigip.managementUrl ?? "(existing)"}${t.bigip.peerManagementUrl ? `, HA peer ${t.bigip.peerManagementUrl}` : ""}`,
        ...(t.bigip.createdPair ? ["           each unit's data VLANs, own self IPs, routes and device group membership: its first boot (below)"] : []),
        ...(t.bigip.singleNic ? [`           single NIC: the virtual servers' client rules (${t.bigip.singleNic.clientCidrs.join(", ")} -> `
            + `${t.bigip.singleNic.ports.map((p) => `tcp/${p}`).join(", ")}) sit on the management interface, beside GUI/REST tcp/8443 and SSH tcp/22 (adminCidrs)`] : []),
        ...[...t.bigip.vlans, ...t.bigip.selfIps, ...t.bigip.routes, ...t.bigip.virtuals].map((l) => `           ${l}`),
        "Clone paths:",
    ];
    const units = new Set(t.clonePaths.map((p) => p.device));
    for (const p of t.clonePaths) {
        lines.push(
            `  ${p.chain}: ${p.encapsulation}${p.encapsulation === "VXLAN" ? ` VNI ${p.key}` : ""}, MTU ${p.mtu}${units.size > 1 ? ` — on ${p.device}` : ""}`,
            `    underlay ${p.localAddress} (BIG-IP self IP) ==> ${p.remoteAddress} (collector)`,
            `    overlay  ${p.bigipOverlay} (BIG-IP) -> ${p.collectorOverlay} (collector, MAC ${p.collectorMac})`,
            `    pool     ${p.pools.join(", ") || "(none)"}${p.attachedTo.length ? `  <- ${p.attachedTo.join(", ")}` : "  (not attached to a virtual yet)"}`,
        );
    }
    return lines;
}
