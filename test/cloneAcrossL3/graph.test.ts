/**
 * The default deployment (peering, multi-NIC, GRE, onboarding configured): the whole graph, parent by parent,
 * and what each part is given.
 */
import { providerText } from "../../components/provider/text";
import * as assert from "node:assert/strict";
import { parse } from "yaml";
import { deriveMac } from "../../components/collector/mac";
import { Mocked, promiseOf } from "../helpers/mocks";
import {
    ADMIN, ATTACHMENT, BIGIP_ROUTE, Built, CHAIN, CHECK, COMPONENT, CREATED_FINGERPRINT, FINGERPRINT, SELF, VLAN, GET_AMI, INGRESS, NAME, PEERING, POOL, SAVE, SG,
    TGW, VPC, build, captureRegistrationErrors, collectorUserData, crossRoutes, defaults, dynamicResources,
    mine, mocks, ofType, stateOf,
} from "./fixture";

describe("CloneAcrossL3 (composed component)", () => {
    captureRegistrationErrors();

    describe("default: peering, multi-NIC, GRE, onboarding", () => {
        let b: Built;
        let m: Mocked;
        let tunnelSource: string;
        let collectorIp: string;
        before(async () => {
            m = await mocks();
            b = await build(m, defaults());
            tunnelSource = stateOf(m.named(`${NAME}-bigip-external-eni`)).privateIp;
            collectorIp = stateOf(m.named(`${NAME}-collector-eni`)).privateIp;
        });

        it("registers every child under clonel3:index:CloneAcrossL3, parent by parent", () => {
            const root = m.named(NAME);
            assert.equal(root.type, COMPONENT);
            assert.equal(root.urn, `urn:pulumi:test::clone-l3::${COMPONENT}::${NAME}`);
            const children = mine(m).filter((r) => r.name !== NAME);
            assert.ok(children.length > 40, `expected the whole graph, got ${children.length}`);
            for (const r of children) {
                // Walk the constructed parent chain up to the component; each hop must match the URN's parent type.
                const chain: string[] = [];
                for (let n: string | undefined = r.name; n !== undefined && n !== NAME; n = b.parents[n]) {
                    assert.ok(!chain.includes(n), `parent cycle at ${n}`);
                    chain.push(n);
                    assert.ok(b.parents[n] !== undefined, `${n} has no parent: it escaped the component`);
                }
                const parent = m.named(b.parents[r.name]!);
                assert.ok(r.urn.includes(`::${parent.type}$${r.type}::${r.name}`), `${r.name}: ${r.urn} is not under ${parent.type}`);
            }
            for (const part of ["network", "bigip", "collector"]) {
                assert.equal(b.parents[`${NAME}-${part}`], NAME, `${part} is a direct child of the component`);
            }
            for (const r of dynamicResources(m)) assert.equal(b.parents[r.name], NAME, `${r.name} is a direct child of the component`);
        });

        it("creates two VPCs joined by peering, with routes on BOTH sides to the other VPC's CIDR", async () => {
            const vpcs = ofType(m, VPC);
            assert.deepEqual(vpcs.map((v) => `${v.name}=${v.inputs.cidrBlock}`).sort(),
                [`${NAME}-network-bigip-vpc=10.0.0.0/16`, `${NAME}-network-collector-vpc=10.1.0.0/16`]);
            const [peering] = ofType(m, PEERING);
            assert.equal(ofType(m, PEERING).length, 1);
            assert.deepEqual([peering.inputs.vpcId, peering.inputs.peerVpcId, peering.inputs.autoAccept],
                [`${NAME}-network-bigip-vpc-id`, `${NAME}-network-collector-vpc-id`, true]);
            const pcx = `${NAME}-network-peering-id`;
            assert.deepEqual(crossRoutes(m), [
                `${NAME}-network-bigip-rt-id -> 10.1.0.0/16 via ${pcx}`,
                `${NAME}-network-collector-rt-id -> 10.0.0.0/16 via ${pcx}`,
            ]);
            assert.equal(ofType(m, TGW).length, 0);
            assert.equal(b.c.tunnels[0].underlayPath, "peering");
            // The collector (the tunnel's far end) only starts once both routes exist.
            assert.deepEqual([...b.deps[`${NAME}-collector`]].sort(), [`${NAME}-network-bigip-rt0-to-collector`, `${NAME}-network-collector-rt0-to-bigip`]);
        });

        it("looks the BIG-IP image up in aws-marketplace by description", () => {
            const lookups = m.invokes.filter((i) => i.token === GET_AMI && i.inputs.owners?.includes("aws-marketplace"));
            assert.equal(lookups.length, 1);
            assert.deepEqual(lookups[0].inputs.owners, ["aws-marketplace"]);
            assert.deepEqual(lookups[0].inputs.filters, [{ name: "description", values: ["F5 BIGIP-17.1* PAYG-Good 25Mbps*"] }]);
            assert.equal(lookups[0].inputs.mostRecent, true);
            assert.equal(m.named(`${NAME}-bigip-instance`).inputs.ami, "ami-0bigip000000000");
        });

        it("puts the management EIP (domain vpc) on the MANAGEMENT ENI, and the URL on it", async () => {
            const eip = m.named(`${NAME}-bigip-mgmt-eip`);
            assert.equal(eip.inputs.domain, "vpc");
            assert.equal(eip.inputs.networkInterface, `${NAME}-bigip-mgmt-eni-id`);
            assert.equal(eip.inputs.associateWithPrivateIp, stateOf(m.named(`${NAME}-bigip-mgmt-eni`)).privateIp);
            assert.equal(m.named(`${NAME}-bigip-mgmt-eni`).inputs.subnetId, `${NAME}-network-mgmt-id`);
            assert.equal(m.named(`${NAME}-bigip-external-eni`).inputs.subnetId, `${NAME}-network-external-id`);
            const url = await promiseOf(b.c.managementUrl);
            assert.equal(url, `https://${stateOf(eip).publicIp}`);
            assert.deepEqual(m.named(`${NAME}-bigip-instance`).inputs.networkInterfaces,
                [{ deviceIndex: 0, networkInterfaceId: `${NAME}-bigip-mgmt-eni-id` }, { deviceIndex: 1, networkInterfaceId: `${NAME}-bigip-external-eni-id` }]);
        });

        it("sources the tunnel from the external ENI and admits GRE (47) only from that /32", async () => {
            assert.match(tunnelSource, /^\d+\.\d+\.\d+\.\d+$/);
            assert.equal(await promiseOf(b.c.bigip!.tunnelSourceIp), tunnelSource);
            assert.notEqual(tunnelSource, stateOf(m.named(`${NAME}-bigip-mgmt-eni`)).privateIp);
            const rule = m.named(`${NAME}-collector-tunnel-in`);
            assert.equal(rule.type, INGRESS);
            assert.equal(rule.inputs.ipProtocol, "47");
            assert.equal(rule.inputs.cidrIpv4, `${tunnelSource}/32`);
            assert.equal(rule.inputs.securityGroupId, `${NAME}-collector-sg-id`);
            const gre = ofType(m, INGRESS).filter((r) => ["47", "gre", "-1", "all"].includes(String(r.inputs.ipProtocol).toLowerCase()));
            // Besides the clone tunnel, only the BIG-IP's management address, for remote tcpdump streams.
            const mgmt = stateOf(m.named(`${NAME}-bigip-mgmt-eni`)).privateIp;
            assert.deepEqual(gre.map((r) => `${r.name} ${r.inputs.cidrIpv4}`).sort(),
                [`${NAME}-collector-rcap-mgmt-in ${mgmt}/32`, `${NAME}-collector-tunnel-in ${tunnelSource}/32`]);
            for (const sg of ofType(m, SG)) assert.equal(sg.inputs.ingress, undefined, `${sg.name} has no inline rules`);
        });

        it("admits SSH and management only from adminCidrs", () => {
            // GRE and the doctor's ICMP echo come from the tunnel source only (collector tests); everything else from admins.
            const others = ofType(m, INGRESS).filter((r) => r.inputs.ipProtocol !== "47" && r.inputs.ipProtocol !== "icmp");
            assert.ok(others.length > 0);
            for (const r of others) {
                assert.equal(r.inputs.ipProtocol, "tcp", r.name);
                assert.ok(ADMIN.includes(r.inputs.cidrIpv4), `${r.name} admits ${r.inputs.cidrIpv4}`);
            }
            const rules = (sg: string) => others.filter((r) => r.inputs.securityGroupId === `${sg}-id`)
                .map((r) => `${r.inputs.fromPort}-${r.inputs.toPort} ${r.inputs.cidrIpv4}`).sort();
            assert.deepEqual(rules(`${NAME}-bigip-mgmt-sg`), ADMIN.flatMap((c) => [`22-22 ${c}`, `443-443 ${c}`]).sort());
            assert.deepEqual(rules(`${NAME}-collector-sg`), ADMIN.map((c) => `22-22 ${c}`).sort());
            assert.deepEqual(m.named(`${NAME}-bigip-mgmt-eni`).inputs.securityGroups, [`${NAME}-bigip-mgmt-sg-id`]);
        });

        it("renders the collector user data with REMOTE = tunnel source, LOCAL = collector ENI, the tunnel MAC and MTU 8963", async () => {
            const { env } = collectorUserData(m);
            assert.equal(env.TUNNEL_MODE, "gretap");
            assert.equal(env.REMOTE, tunnelSource);
            assert.equal(env.LOCAL, collectorIp);
            assert.equal(await promiseOf(b.c.collectors.collector.privateIp), collectorIp);
            assert.equal(env.TUNNEL_MAC, b.c.tunnels[0].collectorMac);
            assert.equal(b.c.tunnels[0].collectorMac, deriveMac(`${NAME}-collector/clone0`));
            assert.equal(env.TUNNEL_MTU, "8963");
            assert.equal(env.OVERLAY_ADDRESS, "10.254.0.2/29");
            assert.equal(env.VXLAN_VNI, undefined);
            assert.equal(m.named(`${NAME}-collector-eni`).inputs.subnetId, `${NAME}-network-collector-id`);
            assert.equal(m.named(`${NAME}-collector-instance`).inputs.keyName, `${NAME}-bigip-key`);
        });

        it("gives the collector receivers for remote tcpdump streams from the data self IP and the management address, IP and Ethernet inside", () => {
            const doc = parse(m.named(`${NAME}-collector-instance`).inputs.userData, { version: "1.1" });
            const mgmt = stateOf(m.named(`${NAME}-bigip-mgmt-eni`)).privateIp;
            const envOf = (dev: string) => String(doc.write_files.find((f: any) => f.path === `/etc/clone-tunnel/${dev}.env`)?.content ?? "");
            for (const [dev, mode, remote] of [["rcap-ip", "gre", tunnelSource], ["rcap-mgmt", "gretap", mgmt], ["rcap-mgmt-ip", "gre", mgmt]]) {
                assert.match(envOf(dev), new RegExp(`TUNNEL_MODE='${mode}'\nTUNNEL_DEV='${dev}'\nLOCAL='${collectorIp}'\nREMOTE='${remote}'`), dev);
                assert.ok(doc.runcmd.some((c: string[]) => c.join(" ") === `systemctl enable --now clone-tunnel@${dev}.service`), dev);
            }
            assert.equal(envOf("rcap-teb"), "", "Ethernet over GRE from the self IP lands on the gretap clone tunnel itself");
        });

        it("reports the tunnel details", () => {
            assert.deepEqual(b.c.tunnels, [{
                collector: "collector", encapsulation: "gre", vni: undefined, mtu: 8963, underlayPath: "peering", overlayCidr: "10.254.0.0/29",
                bigipOverlayIp: "10.254.0.1", collectorOverlayIp: "10.254.0.2", collectorMac: deriveMac(`${NAME}-collector/clone0`),
                collectorDevice: "clone0", bigipTunnelName: `${NAME}-collector`, clonePool: `/Common/${NAME}-collector-pool`,
            }]);
        });

        it("gives the BIG-IP its data plane: VLAN external on 1.1 (MTU 9001), the ENI's address with the subnet's prefix, a route to the collector VPC", async () => {
            const [vlan] = ofType(m, VLAN);
            assert.equal(ofType(m, VLAN).length, 1, "no internal NIC, no internal VLAN");
            assert.deepEqual([vlan.name, vlan.inputs.name, vlan.inputs.interfaces, vlan.inputs.mtu], [`${NAME}-vlan-external`, "external", [{ name: "1.1" }], 9001]);
            const [self] = ofType(m, SELF);
            assert.equal(self.inputs.address, `${tunnelSource}/24`, "the created external subnet is a /24");
            assert.equal(self.inputs.vlan, `/Common/external`);
            assert.equal(self.inputs.allowService, "none");
            assert.deepEqual(b.deps[self.name], [vlan.name]);
            const [route] = ofType(m, BIGIP_ROUTE);
            assert.deepEqual([route.inputs.network, route.inputs.gw], ["10.1.0.0/16", "10.0.2.1"], "collector VPC via the external subnet's router");
            assert.deepEqual(b.deps[route.name], [self.name]);
            assert.ok(b.deps[vlan.name].includes(`${NAME}-bigip`), "the VLAN waits for the BIG-IP (and its onboarding)");
        });

        it("checks the underlay (read-only) after the data plane exists, before the tunnel chain", () => {
            const [check] = ofType(m, CHECK);
            assert.equal(ofType(m, CHECK).length, 1);
            assert.deepEqual([check.inputs.localAddress, check.inputs.remoteAddress, check.inputs.requiredMtu], [tunnelSource, collectorIp, 8963 + 38]);
            for (const d of [`${NAME}-bigip`, `${NAME}-vlan-external`, `${NAME}-self-external`, `${NAME}-route-0`]) assert.ok(b.deps[check.name].includes(d), d);
            assert.deepEqual(b.deps[ofType(m, CHAIN)[0].name], [check.name]);
        });

        it("builds the BIG-IP tunnel chain from the tunnel source to the collector", async () => {
            const chains = ofType(m, CHAIN);
            assert.equal(chains.length, 1);
            const i = chains[0].inputs;
            assert.equal(i.encapsulation, "gre");
            assert.equal(i.key, 0);
            assert.equal(i.localAddress, tunnelSource);
            assert.equal(i.remoteAddress, collectorIp);
            assert.equal(i.mtu, 8963);
            assert.equal(i.selfAddress, "10.254.0.1/29");
            assert.equal(i.collectorAddress, "10.254.0.2");
            assert.equal(i.collectorMac, b.c.tunnels[0].collectorMac);
            assert.equal(i.name, `${NAME}-collector`);
            // REST goes to the management EIP on 443, as admin, pinned to the certificate the stack generated (issue 15.3).
            assert.equal(i.connection.host, stateOf(m.named(`${NAME}-bigip-mgmt-eip`)).publicIp);
            assert.equal(i.connection.port, 443);
            assert.equal(i.connection.username, "admin");
            assert.deepEqual(i.connection.tls, { fingerprint256: CREATED_FINGERPRINT, pinnedAtFirstBoot: true });
            assert.equal(i.connection.readinessTimeoutMs, 30 * 60_000);
            assert.ok(!b.created.has(`${NAME}-bigip-onboard`), "no SSH onboarding step");
            for (const n of [`${NAME}-bigip-admin-password-secret`, `${NAME}-bigip-mgmt-cert`, `${NAME}-bigip-profile`]) assert.equal(b.parents[n], `${NAME}-bigip`, n);
        });

        it("makes the clone pool with the single member 10.254.0.2:0, after the chain", () => {
            const pools = ofType(m, POOL);
            assert.equal(pools.length, 1);
            assert.deepEqual(pools[0].inputs.members, ["10.254.0.2:0"]);
            assert.equal(pools[0].inputs.name, `${NAME}-collector-pool`);
            assert.equal(pools[0].inputs.monitor, undefined, "no monitor: a failing one would silently stop cloning");
            assert.deepEqual(b.deps[pools[0].name], [`${NAME}-collector-tunnel`]);
            assert.equal(ofType(m, ATTACHMENT).length, 0, "no clone targets, no attachments");
        });

        it("saves the configuration after everything on the device, re-saving when any of their settings changes", () => {
            const saves = ofType(m, SAVE);
            assert.equal(saves.length, 1);
            const save = saves[0];
            assert.equal(save.urn, `urn:pulumi:test::clone-l3::${COMPONENT}$${SAVE}::${NAME}-save`);
            assert.equal(b.parents[save.name], NAME);
            assert.deepEqual([...b.deps[save.name]].sort(),
                [`${NAME}-collector-pool`, `${NAME}-collector-tunnel`, `${NAME}-route-0`, `${NAME}-self-external`, `${NAME}-vlan-external`]);
            const t = save.inputs.triggers;
            for (const v of [tunnelSource, collectorIp, 8963, 9001, "10.254.0.0/29", b.c.tunnels[0].collectorMac, "gre", `${NAME}-collector`, `${tunnelSource}/24`]) {
                assert.ok(t.includes(v), `triggers include ${v}: ${JSON.stringify(t)}`);
            }
            assert.equal(save.inputs.connection.host, stateOf(m.named(`${NAME}-bigip-mgmt-eip`)).publicIp);
        });

        it("gives every BIG-IP resource the same REST connection", () => {
            const dyn = dynamicResources(m);
            assert.deepEqual(dyn.map((r) => r.type).sort(), [BIGIP_ROUTE, CHAIN, CHECK, POOL, SAVE, SELF, VLAN].sort());
            const first = JSON.stringify(dyn[0].inputs.connection);
            for (const r of dyn) {
                assert.equal(JSON.stringify(r.inputs.connection), first, r.name);
                // The short text that loads the package's provider for the type (components/provider/text.ts).
                assert.equal(r.inputs.__provider, providerText(r.type.slice(r.type.lastIndexOf(":") + 1)), `${r.name} carries its provider text`);
                assert.ok(r.inputs.__provider.length <= 16 * 1024);
            }
        });
    });
});
