import * as assert from "assert";
import { Network, NetworkArgs } from "../../components/network/network";
import { validateNetworkArgs } from "../../components/network/validate";
import { assertRejectedBeforeRegistration, Mocked, promiseOf, settle, useMocks } from "../helpers/mocks";
import { VPC, SUBNET, IGW, RT, ROUTE, RTA, PEERING, TGW, TGW_ATTACH as ATTACH } from "../helpers/types";


async function build(m: Mocked, args: NetworkArgs, name = "net"): Promise<Network> {
    const net = new Network(name, args);
    await settle(net.bigipVpcId, net.collectorVpcId, net.collectorSubnetId, net.availabilityZone);
    assert.ok(m.resources.length > 0);
    return net;
}

/** Routes whose table is `tableId`, as destination -> route inputs. */
function routesIn(m: Mocked, tableId: string) {
    return m.ofType(ROUTE).filter((r) => r.inputs.routeTableId === tableId);
}

describe("Network", () => {
    let m: Mocked;
    beforeEach(async () => { m = await useMocks(); });

    describe("default (created VPCs, peering)", () => {
        let net: Network;
        beforeEach(async () => { net = await build(m, {}); });

        it("creates two VPCs with the default CIDRs and DNS hostnames", () => {
            const vpcs = m.ofType(VPC);
            assert.deepStrictEqual(vpcs.map((v) => v.inputs.cidrBlock).sort(), ["10.0.0.0/16", "10.1.0.0/16"]);
            vpcs.forEach((v) => assert.strictEqual(v.inputs.enableDnsHostnames, true));
            assert.strictEqual(net.bigipVpcCidr, "10.0.0.0/16");
            assert.strictEqual(net.collectorVpcCidr, "10.1.0.0/16");
            assert.ok(m.named("net-bigip-vpc").urn.includes("clonel3:network:Network$aws:ec2/vpc:Vpc"));
        });

        it("carves the subnets in the right VPCs, in the first zone, without public IPs on launch", async () => {
            const subnets = Object.fromEntries(m.ofType(SUBNET).map((s) => [s.name, s.inputs]));
            assert.deepStrictEqual(Object.keys(subnets).sort(), ["net-collector", "net-external", "net-mgmt"]);
            assert.strictEqual(subnets["net-mgmt"].cidrBlock, "10.0.1.0/24");
            assert.strictEqual(subnets["net-external"].cidrBlock, "10.0.2.0/24");
            assert.strictEqual(subnets["net-collector"].cidrBlock, "10.1.1.0/24");
            assert.strictEqual(subnets["net-mgmt"].vpcId, "net-bigip-vpc-id");
            assert.strictEqual(subnets["net-external"].vpcId, "net-bigip-vpc-id");
            assert.strictEqual(subnets["net-collector"].vpcId, "net-collector-vpc-id");
            Object.values(subnets).forEach((s: any) => {
                assert.strictEqual(s.mapPublicIpOnLaunch, false);
                assert.strictEqual(s.availabilityZone, "us-east-1a");
            });
            assert.strictEqual(await promiseOf(net.availabilityZone), "us-east-1a");
            assert.strictEqual(await promiseOf(net.externalSubnetId), "net-external-id");
            assert.strictEqual(net.internalSubnetId, undefined);
        });

        it("routes each VPC to the other's CIDR through the peering connection", async () => {
            const peering = m.ofType(PEERING);
            assert.strictEqual(peering.length, 1);
            assert.deepStrictEqual([peering[0].inputs.vpcId, peering[0].inputs.peerVpcId, peering[0].inputs.autoAccept],
                ["net-bigip-vpc-id", "net-collector-vpc-id", true]);
            const toCollector = routesIn(m, "net-bigip-rt-id").filter((r) => r.inputs.destinationCidrBlock === "10.1.0.0/16");
            const toBigip = routesIn(m, "net-collector-rt-id").filter((r) => r.inputs.destinationCidrBlock === "10.0.0.0/16");
            assert.strictEqual(toCollector.length, 1);
            assert.strictEqual(toBigip.length, 1);
            for (const r of [...toCollector, ...toBigip]) assert.strictEqual(r.inputs.vpcPeeringConnectionId, "net-peering-id");
            assert.strictEqual(await promiseOf(net.peeringConnectionId), "net-peering-id");
            assert.strictEqual(net.transitGatewayId, undefined);
            assert.strictEqual(net.underlayPath, "peering");
            assert.strictEqual(m.ofType(TGW).length, 0);
        });

        it("gives each VPC an Internet gateway, a default route to it, and associates every subnet", async () => {
            assert.deepStrictEqual(m.ofType(IGW).map((g) => g.inputs.vpcId).sort(), ["net-bigip-vpc-id", "net-collector-vpc-id"]);
            assert.deepStrictEqual(m.ofType(RT).map((t) => t.inputs.vpcId).sort(), ["net-bigip-vpc-id", "net-collector-vpc-id"]);
            const defaults = m.ofType(ROUTE).filter((r) => r.inputs.destinationCidrBlock === "0.0.0.0/0");
            assert.deepStrictEqual(defaults.map((r) => [r.inputs.routeTableId, r.inputs.gatewayId]).sort(),
                [["net-bigip-rt-id", "net-bigip-igw-id"], ["net-collector-rt-id", "net-collector-igw-id"]]);
            assert.deepStrictEqual(m.ofType(RTA).map((a) => `${a.inputs.subnetId}@${a.inputs.routeTableId}`).sort(), [
                "net-collector-id@net-collector-rt-id", "net-external-id@net-bigip-rt-id", "net-mgmt-id@net-bigip-rt-id",
            ]);
            assert.deepStrictEqual(await Promise.all(net.internetGatewayIds.map(promiseOf)), ["net-bigip-igw-id", "net-collector-igw-id"]);
        });
    });

    it("creates the internal subnet on request, inside the BIG-IP VPC and associated", async () => {
        const net = await build(m, { createInternalSubnet: true, bigipVpcCidr: "172.16.0.0/20", collectorVpcCidr: "172.20.0.0/24" });
        const internal = m.named("net-internal");
        assert.strictEqual(internal.inputs.cidrBlock, "172.16.3.0/24");
        assert.strictEqual(internal.inputs.vpcId, "net-bigip-vpc-id");
        // A /24 collector VPC is too small for a /24 at index 1: the carve shrinks to /25.
        assert.strictEqual(m.named("net-collector").inputs.cidrBlock, "172.20.0.128/25");
        assert.strictEqual(m.named("net-internal-rta").inputs.routeTableId, "net-bigip-rt-id");
        assert.strictEqual(await promiseOf(net.internalSubnetId), "net-internal-id");
    });

    it("honours subnet overrides and an explicit zone", async () => {
        const net = await build(m, { availabilityZone: "us-east-1b", subnets: { management: "10.0.10.0/28", collector: "10.1.200.0/24" } });
        assert.strictEqual(m.named("net-mgmt").inputs.cidrBlock, "10.0.10.0/28");
        assert.strictEqual(m.named("net-collector").inputs.cidrBlock, "10.1.200.0/24");
        assert.strictEqual(m.named("net-mgmt").inputs.availabilityZone, "us-east-1b");
        assert.ok(!m.invokes.some((i) => i.token.includes("getAvailabilityZones")));
        assert.strictEqual(await promiseOf(net.availabilityZone), "us-east-1b");
    });

    it("transit gateway: one TGW, an attachment per VPC, routes via the TGW after the attachments, no peering", async () => {
        const deps: Record<string, string[]> = {};
        // Legacy transformations run client-side, so they expose each child's dependsOn under mocks.
        const net = new Network("net", { connectivity: "transitGateway" }, {
            transformations: [(t) => { deps[t.name] = ((t.opts.dependsOn ?? []) as any[]).map((d) => d.__name); return undefined; }],
        });
        await settle(net.bigipVpcId, net.collectorVpcId, net.availabilityZone);
        const tgw = m.ofType(TGW);
        assert.strictEqual(tgw.length, 1);
        assert.strictEqual(tgw[0].inputs.defaultRouteTableAssociation, "enable");
        assert.strictEqual(tgw[0].inputs.defaultRouteTablePropagation, "enable");
        assert.ok(tgw[0].inputs.description);
        const attachments = Object.fromEntries(m.ofType(ATTACH).map((a) => [a.inputs.vpcId, a.inputs]));
        assert.deepStrictEqual(attachments["net-bigip-vpc-id"].subnetIds, ["net-external-id"]);
        assert.deepStrictEqual(attachments["net-collector-vpc-id"].subnetIds, ["net-collector-id"]);
        assert.strictEqual(attachments["net-bigip-vpc-id"].transitGatewayId, "net-tgw-id");
        const cross = m.ofType(ROUTE).filter((r) => r.inputs.destinationCidrBlock !== "0.0.0.0/0");
        assert.deepStrictEqual(cross.map((r) => [r.inputs.routeTableId, r.inputs.destinationCidrBlock, r.inputs.transitGatewayId]).sort(), [
            ["net-bigip-rt-id", "10.1.0.0/16", "net-tgw-id"], ["net-collector-rt-id", "10.0.0.0/16", "net-tgw-id"],
        ]);
        assert.strictEqual(m.ofType(PEERING).length, 0);
        assert.strictEqual(net.underlayPath, "transit-gateway");
        assert.strictEqual(await promiseOf(net.transitGatewayId), "net-tgw-id");
        assert.strictEqual(net.connectivityRoutes.length, 2);
        for (const r of ["net-bigip-rt0-to-collector", "net-collector-rt0-to-bigip"]) {
            assert.deepStrictEqual(deps[r], ["net-bigip-tgw-attachment", "net-collector-tgw-attachment"], r);
        }
    });

    describe("bring-your-own VPCs", () => {
        const existing = {
            bigip: { vpcId: "vpc-b", cidr: "192.168.0.0/20", managementSubnetId: "subnet-m", externalSubnetId: "subnet-x", routeTableIds: ["rtb-b1", "rtb-b2"] },
            collector: { vpcId: "vpc-c", cidr: "192.168.16.0/24", subnetId: "subnet-c", routeTableIds: ["rtb-c1"] },
        };

        it("creates no VPC, subnet, gateway or route table; routes only in the given tables", async () => {
            const net = await build(m, { existing, availabilityZone: "eu-west-1a" });
            for (const t of [VPC, SUBNET, IGW, RT, RTA]) assert.strictEqual(m.ofType(t).length, 0, t);
            const routes = m.ofType(ROUTE);
            assert.deepStrictEqual(routes.map((r) => [r.inputs.routeTableId, r.inputs.destinationCidrBlock]).sort(), [
                ["rtb-b1", "192.168.16.0/24"], ["rtb-b2", "192.168.16.0/24"], ["rtb-c1", "192.168.0.0/20"],
            ]);
            routes.forEach((r) => assert.strictEqual(r.inputs.vpcPeeringConnectionId, "net-peering-id"));
            assert.deepStrictEqual([m.named("net-peering").inputs.vpcId, m.named("net-peering").inputs.peerVpcId], ["vpc-b", "vpc-c"]);
            assert.strictEqual(await promiseOf(net.managementSubnetId), "subnet-m");
            assert.strictEqual(await promiseOf(net.collectorSubnetId), "subnet-c");
            assert.strictEqual(net.internalSubnetId, undefined);
            assert.deepStrictEqual(net.internetGatewayIds, []);
        });

        it("with connectivity none creates nothing, reads the zone from the subnet, and reports the given underlay", async () => {
            const mm = await useMocks({ invokes: { "aws:ec2/getSubnet:getSubnet": (i) => ({ id: i.id, availabilityZone: "eu-west-1c" }) } });
            const net = new Network("net", { existing, connectivity: "none", underlayPath: "internet" });
            await settle(net.availabilityZone);
            assert.deepStrictEqual(mm.resources.map((r) => r.type), ["clonel3:network:Network"]);
            assert.strictEqual(await promiseOf(net.availabilityZone), "eu-west-1c");
            assert.strictEqual(net.underlayPath, "internet");
            assert.strictEqual(net.externalSubnetId !== undefined, true);
        });

        it("attaches the TGW in the management subnet when no external subnet is given", async () => {
            const { externalSubnetId: _x, ...bigip } = existing.bigip;
            await build(m, { existing: { ...existing, bigip }, connectivity: "transitGateway", availabilityZone: "eu-west-1a" });
            assert.deepStrictEqual(m.named("net-bigip-tgw-attachment").inputs.subnetIds, ["subnet-m"]);
            assert.strictEqual(m.ofType(ROUTE).length, 3);
        });
    });

    describe("one VPC brought, the other created", () => {
        it("an existing BIG-IP VPC: creates only the collector VPC, peers them, routes both ways", async () => {
            const net = await build(m, { existing: { bigip: { vpcId: "vpc-b", cidr: "192.168.0.0/20", routeTableIds: ["rtb-b1"] } }, availabilityZone: "eu-west-1a" });
            assert.deepStrictEqual(m.ofType(VPC).map((v) => `${v.name}=${v.inputs.cidrBlock}`), ["net-collector-vpc=10.1.0.0/16"]);
            assert.deepStrictEqual(m.ofType(SUBNET).map((x) => `${x.name}=${x.inputs.cidrBlock}`), ["net-collector=10.1.1.0/24"]);
            assert.deepStrictEqual(m.ofType(IGW).map((x) => x.name), ["net-collector-igw"]);
            assert.deepStrictEqual(m.ofType(ROUTE).filter((r) => r.inputs.destinationCidrBlock !== "0.0.0.0/0")
                .map((r) => [r.inputs.routeTableId, r.inputs.destinationCidrBlock]).sort(),
            [["net-collector-rt-id", "192.168.0.0/20"], ["rtb-b1", "10.1.0.0/16"]]);
            assert.deepStrictEqual([m.named("net-peering").inputs.vpcId, m.named("net-peering").inputs.peerVpcId], ["vpc-b", "net-collector-vpc-id"]);
            assert.strictEqual(net.managementSubnetId, undefined, "no management subnet was given or created");
            assert.strictEqual(await promiseOf(net.collectorSubnetId), "net-collector-id");
            assert.strictEqual(net.internetGateways.length, 1);
        });

        it("an existing collector VPC: creates only the BIG-IP VPC and its subnets", async () => {
            await build(m, { existing: { collector: { vpcId: "vpc-c", cidr: "192.168.16.0/24", subnetId: "subnet-c", routeTableIds: ["rtb-c1"] } } });
            assert.deepStrictEqual(m.ofType(VPC).map((v) => v.name), ["net-bigip-vpc"]);
            assert.deepStrictEqual(m.ofType(SUBNET).map((x) => x.name).sort(), ["net-external", "net-mgmt"]);
            assert.deepStrictEqual(m.named("net-collector-rt0-to-bigip").inputs.routeTableId, "rtb-c1");
        });
    });

    describe("invalid configs throw a ConfigError naming the setting, with nothing registered", () => {
        const byo = {
            bigip: { vpcId: "vpc-b", cidr: "10.0.0.0/16", managementSubnetId: "subnet-m", routeTableIds: ["rtb-b"] },
            collector: { vpcId: "vpc-c", cidr: "10.1.0.0/16", subnetId: "subnet-c", routeTableIds: ["rtb-c"] },
        };
        const cases: [string, any, string, RegExp?][] = [
            ["overlapping VPCs", { bigipVpcCidr: "10.0.0.0/16", collectorVpcCidr: "10.0.128.0/17" }, "collectorVpcCidr", /bigipVpcCidr/],
            ["bad CIDR", { bigipVpcCidr: "10.0.0.300/16" }, "bigipVpcCidr"],
            ["host bits set", { collectorVpcCidr: "10.1.0.1/16" }, "collectorVpcCidr"],
            ["VPC too large", { bigipVpcCidr: "10.0.0.0/8" }, "bigipVpcCidr", /\/16/],
            ["subnet outside its VPC", { subnets: { external: "10.1.2.0/24" } }, "subnets.external", /inside/],
            ["subnets overlapping each other", { subnets: { management: "10.0.2.0/23" } }, "subnets.external", /overlaps subnets.management/],
            ["internal subnet without createInternalSubnet", { subnets: { internal: "10.0.3.0/24" } }, "subnets.internal"],
            ["unknown connectivity", { connectivity: "vpn" }, "connectivity"],
            ["none without existing", { connectivity: "none" }, "connectivity", /existing/],
            ["underlayPath contradicting connectivity", { underlayPath: "internet" }, "underlayPath"],
            ["unknown underlayPath", { existing: byo, connectivity: "none", underlayPath: "carrier-pigeon" }, "underlayPath"],
            ["BYO without route tables", { existing: { ...byo, collector: { ...byo.collector, routeTableIds: [] } } }, "existing.collector.routeTableIds"],
            ["BYO overlapping CIDRs", { existing: { ...byo, collector: { ...byo.collector, cidr: "10.0.0.0/24" } } }, "existing.collector.cidr"],
            ["BYO plus creation settings", { existing: byo, bigipVpcCidr: "10.5.0.0/16" }, "bigipVpcCidr", /existing/],
            ["an empty existing", { existing: {} }, "existing", /bigip, collector or both/],
            ["a brought BIG-IP VPC with its subnets to create", { existing: { bigip: byo.bigip }, subnets: { external: "10.0.2.0/24" } }, "subnets.external", /existing\.bigip/],
            ["a brought collector VPC with a collector CIDR to create", { existing: { collector: byo.collector }, collectorVpcCidr: "10.9.0.0/16" }, "collectorVpcCidr"],
            ["none with only one VPC brought", { existing: { bigip: byo.bigip }, connectivity: "none" }, "connectivity", /both VPCs/],
            ["a brought collector VPC overlapping the created BIG-IP VPC", { existing: { collector: { ...byo.collector, cidr: "10.0.128.0/17" } } },
                "existing.collector.cidr", /bigipVpcCidr/],
            ["a TGW with a brought BIG-IP VPC that names no subnet", { existing: { bigip: { vpcId: "vpc-b", cidr: "10.0.0.0/16", routeTableIds: ["rtb-b"] } }, connectivity: "transitGateway" },
                "existing.bigip.externalSubnetId", /TGW attachment/],
        ];
        for (const [title, args, setting, detail] of cases) {
            it(title, () => assertRejectedBeforeRegistration(m, () => new Network("bad", args), setting, detail));
        }

        it("reports settings under the composing component's prefix", () => {
            assert.throws(() => validateNetworkArgs({ bigipVpcCidr: "10.0.0.0/16", collectorVpcCidr: "10.0.0.0/16" }, "network"),
                (e: any) => e.setting === "network.collectorVpcCidr" && /network\.bigipVpcCidr/.test(e.message));
        });
    });

    it("validateNetworkArgs resolves defaults purely", () => {
        assert.deepStrictEqual(validateNetworkArgs({}), {
            mode: "create", sides: { bigip: "create", collector: "create" },
            bigipVpcCidr: "10.0.0.0/16", collectorVpcCidr: "10.1.0.0/16", connectivity: "peering", underlayPath: "peering",
            subnets: { management: "10.0.1.0/24", external: "10.0.2.0/24", collector: "10.1.1.0/24" },
        });
    });
});
