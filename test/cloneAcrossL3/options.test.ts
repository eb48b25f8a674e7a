/**
 * The deployment options, each against the default: the transit gateway, single-NIC, VXLAN, a
 * bring-your-own network, configureBigip: false, and clone targets.
 */
import * as assert from "node:assert/strict";
import { Mocked, promiseOf } from "../helpers/mocks";
import {
    ADMIN, ATTACHMENT, BIGIP_ROUTE, Built, CHAIN, CHECK, SELF, VLAN, COMMAND, ENI, IGW, INGRESS, INSTANCE, NAME, PEERING, POOL, ROUTE, RT, RTA,
    SAVE, SG, SUBNET, TGW, TGW_ATTACH, VNI, VPC, build, captureRegistrationErrors, collectorUserData,
    crossRoutes, defaults, dynamicResources, mine, mocks, ofType, stateOf, variant,
} from "./fixture";

describe("CloneAcrossL3 (composed component)", () => {
    captureRegistrationErrors();

    describe("transitGateway", () => {
        let m: Mocked;
        let b: Built;
        before(async () => {
            m = await mocks();
            b = await build(m, variant.transitGateway());
        });

        it("creates a TGW with an attachment per VPC, routes via it on both sides, no peering", () => {
            const tgws = ofType(m, TGW);
            assert.equal(tgws.length, 1);
            const tgw = `${tgws[0].name}-id`;
            const attachments = ofType(m, TGW_ATTACH);
            assert.deepEqual(attachments.map((a) => `${a.inputs.vpcId} ${a.inputs.transitGatewayId}`).sort(),
                [`${NAME}-network-bigip-vpc-id ${tgw}`, `${NAME}-network-collector-vpc-id ${tgw}`]);
            assert.deepEqual(crossRoutes(m), [
                `${NAME}-network-bigip-rt-id -> 10.1.0.0/16 via ${tgw}`,
                `${NAME}-network-collector-rt-id -> 10.0.0.0/16 via ${tgw}`,
            ]);
            for (const r of ofType(m, ROUTE).filter((x) => x.inputs.transitGatewayId)) {
                assert.deepEqual([...b.deps[r.name]].sort(), attachments.map((a) => a.name).sort(), `${r.name} waits for the attachments`);
            }
            assert.equal(ofType(m, PEERING).length, 0);
        });

        it("budgets the GRE tunnel for the TGW path: MTU 8462 everywhere", () => {
            assert.equal(b.c.tunnels[0].mtu, 8462);
            assert.equal(b.c.tunnels[0].underlayPath, "transit-gateway");
            assert.equal(ofType(m, CHAIN)[0].inputs.mtu, 8462);
            assert.equal(collectorUserData(m).env.TUNNEL_MTU, "8462");
        });
    });

    describe("single-NIC", () => {
        let m: Mocked;
        let b: Built;
        let eniIp: string;
        before(async () => {
            m = await mocks();
            b = await build(m, variant.singleNic());
            eniIp = stateOf(m.named(`${NAME}-bigip-mgmt-eni`)).privateIp;
        });

        it("serves management on 8443: security group rules, URL and every REST connection", async () => {
            const mgmt = ofType(m, INGRESS).filter((r) => r.inputs.securityGroupId === `${NAME}-bigip-mgmt-sg-id`);
            assert.deepEqual(mgmt.map((r) => `${r.inputs.fromPort} ${r.inputs.cidrIpv4}`).sort(), ADMIN.flatMap((c) => [`22 ${c}`, `8443 ${c}`]).sort());
            assert.equal(await promiseOf(b.c.managementUrl), `https://${stateOf(m.named(`${NAME}-bigip-mgmt-eip`)).publicIp}:8443`);
            const dyn = dynamicResources(m);
            assert.deepEqual(dyn.map((r) => r.type).sort(), [CHAIN, CHECK, POOL, SAVE, VLAN].sort());
            for (const r of dyn) assert.equal(r.inputs.connection.port, 8443, r.name);
        });

        it("creates no VLAN, self IP or route: it raises the MTU of the VLAN the VE's 1NIC auto-configuration made, and keeps it on destroy", () => {
            assert.deepEqual([ofType(m, SELF).length, ofType(m, BIGIP_ROUTE).length], [0, 0]);
            const [vlan] = ofType(m, VLAN);
            assert.deepEqual([vlan.inputs.name, vlan.inputs.interfaces, vlan.inputs.mtu, vlan.inputs.adopt], ["internal", [{ name: "1.0" }], 9001, true]);
            const [check] = ofType(m, CHECK);
            assert.equal(check.inputs.localAddress, eniIp, "the check proves the auto-configured self IP is the ENI's address");
            assert.ok(b.deps[check.name].includes(vlan.name));
        });

        it("sources the tunnel from the one ENI", async () => {
            assert.deepEqual(ofType(m, ENI).filter((e) => e.name.startsWith(`${NAME}-bigip-`)).map((e) => e.name), [`${NAME}-bigip-mgmt-eni`]);
            assert.equal(await promiseOf(b.c.bigip!.tunnelSourceIp), eniIp);
            assert.equal(m.named(`${NAME}-collector-tunnel-in`).inputs.cidrIpv4, `${eniIp}/32`);
            assert.equal(ofType(m, CHAIN)[0].inputs.localAddress, eniIp);
            assert.equal(collectorUserData(m).env.REMOTE, eniIp);
            assert.deepEqual(m.named(`${NAME}-bigip-instance`).inputs.networkInterfaces, [{ deviceIndex: 0, networkInterfaceId: `${NAME}-bigip-mgmt-eni-id` }]);
        });
    });

    describe("VXLAN", () => {
        let m: Mocked;
        let b: Built;
        let tunnelSource: string;
        before(async () => {
            m = await mocks();
            b = await build(m, variant.vxlan());
            tunnelSource = stateOf(m.named(`${NAME}-bigip-external-eni`)).privateIp;
        });

        it("admits UDP 4789 only from the tunnel source /32, and GRE only from the BIG-IP's own /32s (remote tcpdump)", () => {
            const rule = m.named(`${NAME}-collector-tunnel-in`).inputs;
            assert.deepEqual([rule.ipProtocol, rule.fromPort, rule.toPort, rule.cidrIpv4], ["udp", 4789, 4789, `${tunnelSource}/32`]);
            const mgmt = stateOf(m.named(`${NAME}-bigip-mgmt-eni`)).privateIp;
            assert.deepEqual(ofType(m, INGRESS).filter((r) => ["47", "-1"].includes(String(r.inputs.ipProtocol))).map((r) => r.inputs.cidrIpv4).sort(),
                [`${mgmt}/32`, `${tunnelSource}/32`].sort());
            assert.equal(ofType(m, INGRESS).filter((r) => r.inputs.ipProtocol === "udp").length, 1);
        });

        it("renders a VXLAN device on dstport 4789 with the VNI", () => {
            const { env, script, text } = collectorUserData(m);
            // Remote tcpdump streams are GRE whatever the clones use: Ethernet over GRE from the self IP gets its own gretap.
            assert.match(text, new RegExp(`TUNNEL_MODE='gretap'\\n\\s*TUNNEL_DEV='rcap-teb'\\n\\s*LOCAL='[0-9.]+'\\n\\s*REMOTE='${tunnelSource.replace(/\./g, "\\.")}'`));
            assert.equal(env.TUNNEL_MODE, "vxlan");
            assert.equal(env.VXLAN_VNI, String(VNI));
            assert.equal(env.VXLAN_PORT, "4789");
            assert.match(script, /type vxlan id "\$VXLAN_VNI" .*dstport "\$VXLAN_PORT"/);
            assert.equal(env.TUNNEL_MTU, "8951");
            assert.equal(env.REMOTE, tunnelSource);
        });

        it("keys the BIG-IP VXLAN tunnel with the VNI, MTU 8951 with peering", () => {
            const i = ofType(m, CHAIN)[0].inputs;
            assert.equal(i.encapsulation, "vxlan");
            assert.equal(i.key, VNI);
            assert.equal(i.mtu, 8951);
            assert.equal(i.name, `${NAME}-collector`);
            assert.equal(b.c.tunnels[0].vni, VNI);
            assert.equal(b.c.tunnels[0].mtu, 8951);
            assert.ok(ofType(m, SAVE)[0].inputs.triggers.includes(VNI));
        });
    });

    describe("bring-your-own network", () => {
        const existing = {
            bigip: {
                vpcId: "vpc-0b16", cidr: "192.168.0.0/20", managementSubnetId: "subnet-0a01", externalSubnetId: "subnet-0a02",
                routeTableIds: ["rtb-0b01", "rtb-0b02"],
            },
            collector: { vpcId: "vpc-0c16", cidr: "192.168.16.0/24", subnetId: "subnet-0c01", routeTableIds: ["rtb-0c01"] },
        };
        let m: Mocked;
        before(async () => {
            const cidrs: Record<string, string> = { "subnet-0a01": "192.168.0.0/24", "subnet-0a02": "192.168.2.0/23" };
            m = await mocks({ invokes: { "aws:ec2/getSubnet:getSubnet": (i) => ({ id: i.id, availabilityZone: "us-east-1c", cidrBlock: cidrs[i.id] }) } });
            await build(m, defaults({ network: { existing } }));
        });

        it("creates no VPC, subnet, Internet gateway, route table or association", () => {
            for (const t of [VPC, SUBNET, IGW, RT, RTA]) assert.equal(ofType(m, t).length, 0, t);
            assert.ok(mine(m).length > 30, "the rest of the graph is still there");
        });

        it("routes only in the given route tables, each to the other VPC's CIDR", () => {
            assert.deepEqual(crossRoutes(m), [
                `rtb-0b01 -> 192.168.16.0/24 via ${NAME}-network-peering-id`,
                `rtb-0b02 -> 192.168.16.0/24 via ${NAME}-network-peering-id`,
                `rtb-0c01 -> 192.168.0.0/20 via ${NAME}-network-peering-id`,
            ]);
            assert.equal(ofType(m, ROUTE).length, 3, "no default routes either");
            const peering = ofType(m, PEERING)[0].inputs;
            assert.deepEqual([peering.vpcId, peering.peerVpcId], ["vpc-0b16", "vpc-0c16"]);
        });

        it("gives the data self IP the given external subnet's real prefix (looked up), and routes via its first host", () => {
            const tunnelSource = stateOf(m.named(`${NAME}-bigip-external-eni`)).privateIp;
            assert.equal(ofType(m, SELF)[0].inputs.address, `${tunnelSource}/23`);
            assert.deepEqual([ofType(m, BIGIP_ROUTE)[0].inputs.network, ofType(m, BIGIP_ROUTE)[0].inputs.gw], ["192.168.16.0/24", "192.168.2.1"]);
        });

        it("places the instances' interfaces and security groups in the given subnets and VPCs", () => {
            assert.equal(m.named(`${NAME}-bigip-mgmt-eni`).inputs.subnetId, "subnet-0a01");
            assert.equal(m.named(`${NAME}-bigip-external-eni`).inputs.subnetId, "subnet-0a02");
            assert.equal(m.named(`${NAME}-collector-eni`).inputs.subnetId, "subnet-0c01");
            for (const sg of ofType(m, SG)) {
                assert.equal(sg.inputs.vpcId, sg.name.startsWith(`${NAME}-collector`) ? "vpc-0c16" : "vpc-0b16", sg.name);
            }
            const tunnelSource = stateOf(m.named(`${NAME}-bigip-external-eni`)).privateIp;
            assert.equal(m.named(`${NAME}-collector-tunnel-in`).inputs.cidrIpv4, `${tunnelSource}/32`);
        });
    });

    describe("configureBigip: false", () => {
        let m: Mocked;
        let b: Built;
        before(async () => {
            m = await mocks();
            b = await build(m, defaults({ configureBigip: false }));
        });

        it("registers no BIG-IP dynamic resource at all", () => {
            assert.deepEqual(m.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/")).map((r) => r.name), []);
            assert.equal(b.c.bigipConfig, undefined);
            assert.ok(ofType(m, INSTANCE).length === 2 && ofType(m, COMMAND).length === 0, "the instances are still built, and no SSH step");
            assert.match(m.resources.find((r) => r.type === INSTANCE && r.name.endsWith("bigip-instance"))!.inputs.userData, /clone-l3 first boot/, "and the first boot");
        });
    });

    describe("cloneTargets", () => {
        let m: Mocked;
        let b: Built;
        before(async () => {
            m = await mocks();
            b = await build(m, defaults({
                cloneTargets: [
                    { virtualServer: "app_vs", context: "clientside" },
                    { virtualServer: "/Common/api_vs", context: "serverside", takeOver: true },
                ],
            }));
        });

        it("attaches the pool by its full path to each virtual server, clientside and serverside", () => {
            const pool = ofType(m, POOL)[0];
            const fullPath = stateOf(pool).fullPath;
            assert.equal(fullPath, `/Common/${NAME}-collector-pool`);
            const attachments = ofType(m, ATTACHMENT);
            assert.equal(attachments.length, 2);
            assert.deepEqual(attachments.map((a) => [a.inputs.virtualServer, a.inputs.context, a.inputs.pool, a.inputs.takeOver ?? false]).sort(), [
                ["/Common/api_vs", "serverside", fullPath, true],
                ["app_vs", "clientside", fullPath, false],
            ]);
            for (const a of attachments) assert.equal(b.parents[a.name], NAME);
            assert.equal(b.c.bigipConfig!.attachments.length, 2);
        });

        it("saves after the attachments too, and re-saves when a target changes", () => {
            const save = ofType(m, SAVE)[0];
            assert.deepEqual([...b.deps[save.name]].sort(),
                [`${NAME}-clone-Common-api_vs-serverside`, `${NAME}-clone-app_vs-clientside`, `${NAME}-collector-pool`, `${NAME}-collector-tunnel`,
                    `${NAME}-route-0`, `${NAME}-self-external`, `${NAME}-vlan-external`]);
            assert.ok(save.inputs.triggers.includes("app_vs|clientside|false|collector"));
            assert.ok(save.inputs.triggers.includes("/Common/api_vs|serverside|true|collector"));
        });
    });
});
