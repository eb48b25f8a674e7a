/**
 * The composed component's modes: several collectors (a pool each, or one shared pool), the demo application,
 * an existing BIG-IP, an existing collector — each as the resource graph it registers under mocks.
 */
import * as assert from "node:assert/strict";
import { deriveMac } from "../../components/collector/mac";
import { Mocked, promiseOf, secretPaths } from "../helpers/mocks";
import {
    ATTACHMENT, BIGIP_ROUTE, BYO_PASSWORD, Built, CHAIN, CHECK, COMMAND, CREATED_FINGERPRINT, EIP, ENI, FINGERPRINT, GET_AMI, INGRESS, INSTANCE, NAME, PEERING,
    POOL, SAVE, SELF, VIRTUAL, VLAN, VPC, build, byoBigip, captureRegistrationErrors, defaults, dynamicResources, mocks, ofType, stateOf,
} from "./fixture";

const THREE = [{ name: "ids1" }, { name: "ids2" }, { name: "pcap", instanceType: "t3.large" }];

/** Every resource `name` waits for, directly or through others. */
function waitsFor(b: Built, name: string, seen = new Set<string>()): Set<string> {
    for (const d of b.deps[name] ?? []) {
        if (seen.has(d)) continue;
        seen.add(d);
        waitsFor(b, d, seen);
    }
    return seen;
}

describe("CloneAcrossL3 (composed component)", () => {
    captureRegistrationErrors();

    describe("three collectors, a clone pool each", () => {
        let m: Mocked;
        let b: Built;
        before(async () => {
            m = await mocks();
            b = await build(m, defaults({
                collectors: THREE,
                cloneTargets: [
                    { virtualServer: "app_vs", context: "clientside", collector: "ids1" },
                    { virtualServer: "app_vs", context: "serverside", collector: "ids2" },
                    { virtualServer: "/Common/api_vs", context: "clientside", collector: "pcap" },
                ],
            }));
        });

        it("creates three collectors, each with its own instance, security group rule, MAC and overlay /29", async () => {
            assert.deepEqual(Object.keys(b.c.collectors), ["ids1", "ids2", "pcap"]);
            assert.deepEqual(ofType(m, INSTANCE).map((i) => i.name).sort(), [`${NAME}-bigip-instance`, `${NAME}-ids1-instance`, `${NAME}-ids2-instance`, `${NAME}-pcap-instance`]);
            assert.equal(m.named(`${NAME}-pcap-instance`).inputs.instanceType, "t3.large");
            const tunnelSource = await promiseOf(b.c.tunnelSourceIp);
            for (const n of ["ids1", "ids2", "pcap"]) assert.equal(m.named(`${NAME}-${n}-tunnel-in`).inputs.cidrIpv4, `${tunnelSource}/32`);
            assert.deepEqual(b.c.tunnels.map((t) => [t.collector, t.overlayCidr, t.bigipOverlayIp, t.collectorOverlayIp, t.collectorMac, t.clonePool]), [
                ["ids1", "10.254.0.0/29", "10.254.0.1", "10.254.0.2", deriveMac(`${NAME}-ids1/clone0`), `/Common/${NAME}-ids1-pool`],
                ["ids2", "10.254.0.8/29", "10.254.0.9", "10.254.0.10", deriveMac(`${NAME}-ids2/clone0`), `/Common/${NAME}-ids2-pool`],
                ["pcap", "10.254.0.16/29", "10.254.0.17", "10.254.0.18", deriveMac(`${NAME}-pcap/clone0`), `/Common/${NAME}-pcap-pool`],
            ]);
            assert.equal(new Set(b.c.tunnels.map((t) => t.collectorMac)).size, 3);
        });

        it("builds three independent tunnel chains, each to its collector's address, each behind its own underlay check", async () => {
            const chains = ofType(m, CHAIN);
            assert.equal(chains.length, 3);
            for (const n of ["ids1", "ids2", "pcap"]) {
                const chain = m.named(`${NAME}-${n}-tunnel`).inputs;
                const ip = stateOf(m.named(`${NAME}-${n}-eni`)).privateIp;
                const t = b.c.tunnels.find((x) => x.collector === n)!;
                assert.deepEqual([chain.name, chain.remoteAddress, chain.selfAddress, chain.collectorAddress, chain.collectorMac],
                    [`${NAME}-${n}`, ip, `${t.bigipOverlayIp}/29`, t.collectorOverlayIp, t.collectorMac]);
                assert.equal(m.named(`${NAME}-${n}-underlay`).inputs.remoteAddress, ip);
                assert.deepEqual(b.deps[`${NAME}-${n}-tunnel`], [`${NAME}-${n}-underlay`]);
            }
            assert.equal(ofType(m, CHECK).length, 3);
        });

        it("makes one pool per collector, each with only that collector's overlay IP, after that collector's chain", () => {
            assert.deepEqual(ofType(m, POOL).map((p) => [p.inputs.name, p.inputs.members, b.deps[p.name]]).sort(), [
                [`${NAME}-ids1-pool`, ["10.254.0.2:0"], [`${NAME}-ids1-tunnel`]],
                [`${NAME}-ids2-pool`, ["10.254.0.10:0"], [`${NAME}-ids2-tunnel`]],
                [`${NAME}-pcap-pool`, ["10.254.0.18:0"], [`${NAME}-pcap-tunnel`]],
            ]);
        });

        it("exports the doctor's expectation: per collector its tunnel, pool, underlay IP, MAC, key and MTU; every attachment", async () => {
            const d = await promiseOf(b.c.doctor);
            assert.equal(d.device.port, 443);
            assert.deepEqual(d.device.tls, { fingerprint256: CREATED_FINGERPRINT, pinnedAtFirstBoot: true });
            assert.equal(d.tunnelSourceIp, await promiseOf(b.c.tunnelSourceIp));
            assert.deepEqual(d.paths.map((p) => [p.collector, p.tunnel, p.pool, p.collectorIp, p.collectorOverlayIp, p.encapsulation, p.key, p.mtu, p.requiredMtu]), ["ids1", "ids2", "pcap"].map((n, i) =>
                [n, `/Common/${NAME}-${n}`, `/Common/${NAME}-${n}-pool`, stateOf(m.named(`${NAME}-${n}-eni`)).privateIp, `10.254.0.${2 + 8 * i}`, "gre", 0, 8963, 9001]));
            assert.deepEqual(d.paths.map((p) => p.collectorMac), b.c.tunnels.map((t) => t.collectorMac));
            assert.deepEqual(d.attachments.map((a) => `${a.virtualServer} ${a.context} ${a.pool}`).sort(), [
                `/Common/api_vs clientside /Common/${NAME}-pcap-pool`, `/Common/app_vs clientside /Common/${NAME}-ids1-pool`, `/Common/app_vs serverside /Common/${NAME}-ids2-pool`]);
        });

        it("attaches each target to the pool of the collector it names", () => {
            assert.deepEqual(ofType(m, ATTACHMENT).map((a) => [a.inputs.virtualServer, a.inputs.context, a.inputs.pool]).sort(), [
                ["/Common/api_vs", "clientside", `/Common/${NAME}-pcap-pool`],
                ["app_vs", "clientside", `/Common/${NAME}-ids1-pool`],
                ["app_vs", "serverside", `/Common/${NAME}-ids2-pool`],
            ]);
        });
    });

    describe("three collectors in one shared pool (sensor farm)", () => {
        let m: Mocked;
        let b: Built;
        before(async () => {
            m = await mocks();
            b = await build(m, defaults({ collectors: THREE, clonePools: "shared", cloneTargets: [{ virtualServer: "app_vs", context: "serverside" }] }));
        });

        it("makes a single pool with the three overlay IPs as members, after all three chains", () => {
            const pools = ofType(m, POOL);
            assert.equal(pools.length, 1);
            assert.deepEqual([pools[0].inputs.name, pools[0].inputs.members], [`${NAME}-pool`, ["10.254.0.2:0", "10.254.0.10:0", "10.254.0.18:0"]]);
            assert.deepEqual([...b.deps[pools[0].name]].sort(), [`${NAME}-ids1-tunnel`, `${NAME}-ids2-tunnel`, `${NAME}-pcap-tunnel`]);
            assert.equal(ofType(m, CHAIN).length, 3);
            assert.deepEqual(b.c.tunnels.map((t) => t.clonePool), Array(3).fill(`/Common/${NAME}-pool`));
        });

        it("attaches that pool", () => {
            assert.deepEqual(ofType(m, ATTACHMENT).map((a) => a.inputs.pool), [`/Common/${NAME}-pool`]);
        });
    });

    describe("demo", () => {
        let m: Mocked;
        let b: Built;
        let tunnelSource: string;
        let vip: string;
        before(async () => {
            m = await mocks();
            b = await build(m, defaults({ demo: true, collectors: [{ name: "ids" }, { name: "pcap" }] }));
            tunnelSource = stateOf(m.named(`${NAME}-bigip-external-eni`)).privateIp;
            vip = stateOf(m.named(`${NAME}-bigip-external-eni`)).privateIps[1];
        });

        it("gives the BIG-IP's external ENI a secondary private IP with its own EIP for the virtual", () => {
            assert.equal(m.named(`${NAME}-bigip-external-eni`).inputs.privateIpsCount, 1);
            assert.ok(vip && vip !== tunnelSource);
            const eip = m.named(`${NAME}-bigip-vip0-eip`);
            assert.deepEqual([eip.type, eip.inputs.networkInterface, eip.inputs.associateWithPrivateIp], [EIP, `${NAME}-bigip-external-eni-id`, vip]);
        });

        it("runs a t4g.nano Amazon Linux 2023 (arm64) web server in the external subnet, reachable only from the BIG-IP self IP", () => {
            const server = m.named(`${NAME}-demo-instance`);
            assert.deepEqual([server.inputs.instanceType, server.inputs.subnetId, server.inputs.associatePublicIpAddress], ["t4g.nano", `${NAME}-network-external-id`, false]);
            assert.equal(server.inputs.keyName, undefined);
            const lookup = m.invokes.find((i) => i.token === GET_AMI && i.inputs.owners?.includes("amazon"))!;
            assert.deepEqual(lookup.inputs.filters, [
                { name: "name", values: ["al2023-ami-2023.*-kernel-*-arm64"] }, { name: "architecture", values: ["arm64"] }, { name: "state", values: ["available"] },
            ]);
            const rules = ofType(m, INGRESS).filter((r) => r.inputs.securityGroupId === `${NAME}-demo-sg-id`);
            assert.deepEqual(rules.map((r) => [r.inputs.fromPort, r.inputs.cidrIpv4]), [[80, `${tunnelSource}/32`]]);
            assert.match(server.inputs.userData, /python3 -m http\.server 80/);
        });

        it("puts the server in a pool behind an HTTP virtual on the VIP with SNAT automap, cloned clientside to the first collector and serverside to the second", () => {
            const serverIp = stateOf(m.named(`${NAME}-demo-instance`)).privateIp;
            const pool = m.named(`${NAME}-demo-pool`);
            assert.deepEqual(pool.inputs.members, [`${serverIp}:80`]);
            const vs = m.named(`${NAME}-demo-vs`);
            assert.equal(vs.type, VIRTUAL);
            assert.deepEqual([vs.inputs.destination, vs.inputs.pool, vs.inputs.snat, vs.inputs.profiles], [`${vip}:80`, `/Common/${NAME}-demo-pool`, "automap", ["tcp", "http"]]);
            assert.deepEqual(ofType(m, ATTACHMENT).map((a) => [a.name, a.inputs.virtualServer, a.inputs.context, a.inputs.pool]).sort(), [
                [`${NAME}-demo-clone-clientside`, `/Common/${NAME}-demo-vs`, "clientside", `/Common/${NAME}-ids-pool`],
                [`${NAME}-demo-clone-serverside`, `/Common/${NAME}-demo-vs`, "serverside", `/Common/${NAME}-pcap-pool`],
            ]);
        });

        it("exports demoUrl = http://<the virtual's EIP>/ and opens port 80 to adminCidrs only", async () => {
            assert.equal(await promiseOf(b.c.demoUrl!), `http://${stateOf(m.named(`${NAME}-bigip-vip0-eip`)).publicIp}/`);
            const data = ofType(m, INGRESS).filter((r) => r.inputs.securityGroupId === `${NAME}-bigip-data-sg-id` && r.inputs.fromPort === 80);
            assert.deepEqual(data.map((r) => r.inputs.cidrIpv4).sort(), [...defaults().adminCidrs].sort());
        });

        it("removes every device object before the BIG-IP on destroy: each waits for the BIG-IP component", () => {
            for (const r of dynamicResources(m)) assert.ok(waitsFor(b, r.name).has(`${NAME}-bigip`), `${r.name} waits for ${NAME}-bigip`);
            // Attachments wait through their pool / virtual inputs; the save waits for every object.
            const save = ofType(m, SAVE)[0];
            for (const d of [`${NAME}-demo-vs`, `${NAME}-demo-clone-clientside`, `${NAME}-ids-pool`, `${NAME}-vlan-external`]) assert.ok(b.deps[save.name].includes(d), d);
        });
    });

    describe("an existing BIG-IP", () => {
        let m: Mocked;
        let b: Built;
        before(async () => {
            m = await mocks();
            b = await build(m, byoBigip({}, { cloneTargets: [{ virtualServer: "/Common/app_vs", context: "serverside" }] }));
        });

        it("creates no BIG-IP instance, onboarding or BIG-IP VPC; the new collector VPC is peered to the BIG-IP's", () => {
            assert.equal(b.c.bigip, undefined);
            assert.equal(ofType(m, COMMAND).length, 0);
            assert.deepEqual(ofType(m, INSTANCE).map((i) => i.name), [`${NAME}-collector-instance`]);
            assert.deepEqual(ofType(m, ENI).map((i) => i.name), [`${NAME}-collector-eni`]);
            assert.deepEqual(ofType(m, VPC).map((v) => v.name), [`${NAME}-network-collector-vpc`]);
            assert.equal(ofType(m, PEERING)[0].inputs.vpcId, "vpc-0b16");
        });

        it("sources the tunnel from the given self IP, and talks to the given host with the given TLS pin and a secret password", async () => {
            assert.equal(await promiseOf(b.c.tunnelSourceIp), "10.0.2.5");
            assert.equal(m.named(`${NAME}-collector-tunnel-in`).inputs.cidrIpv4, "10.0.2.5/32");
            const chain = ofType(m, CHAIN)[0];
            assert.equal(chain.inputs.localAddress, "10.0.2.5");
            assert.deepEqual([chain.inputs.connection.host, chain.inputs.connection.port, chain.inputs.connection.tls], ["192.0.2.10", 443, { fingerprint256: FINGERPRINT }]);
            for (const r of dynamicResources(m)) {
                assert.equal(r.inputs.connection.password, BYO_PASSWORD, r.name);
                assert.ok(secretPaths(r.rawInputs).some((p) => p === "connection" || p === "connection.password"), `${r.name}: password secret`);
            }
            assert.equal(await promiseOf(b.c.managementUrl), "https://192.0.2.10");
        });

        it("changes no VLAN, self IP or route of yours; checks the underlay before anything else is created on the device", () => {
            assert.deepEqual([ofType(m, VLAN).length, ofType(m, SELF).length, ofType(m, BIGIP_ROUTE).length], [0, 0, 0]);
            const [check] = ofType(m, CHECK);
            assert.deepEqual([check.inputs.localAddress, check.inputs.remoteAddress, check.inputs.requiredMtu],
                ["10.0.2.5", stateOf(m.named(`${NAME}-collector-eni`)).privateIp, 9001]);
            assert.deepEqual(b.deps[check.name], []);
            for (const r of dynamicResources(m).filter((x) => x.type !== CHECK && x.type !== ATTACHMENT)) {
                assert.ok(waitsFor(b, r.name).has(check.name), `${r.name} waits for the underlay check`);
            }
        });
    });

    describe("an existing collector", () => {
        let m: Mocked;
        let b: Built;
        let tunnelSource: string;
        before(async () => {
            m = await mocks();
            b = await build(m, defaults({ collectors: [{ name: "lab", existing: { underlayIp: "172.16.5.20" }, macAddress: "02:AA:BB:CC:DD:EE" }] }));
            tunnelSource = stateOf(m.named(`${NAME}-bigip-external-eni`)).privateIp;
        });

        it("creates no collector instance or security group, and tunnels to the given address with the given MAC", () => {
            assert.deepEqual(ofType(m, INSTANCE).map((i) => i.name), [`${NAME}-bigip-instance`]);
            assert.equal(ofType(m, INGRESS).filter((r) => r.name.startsWith(`${NAME}-lab`)).length, 0);
            const chain = ofType(m, CHAIN)[0].inputs;
            assert.deepEqual([chain.remoteAddress, chain.collectorMac, chain.name], ["172.16.5.20", "02:aa:bb:cc:dd:ee", `${NAME}-lab`]);
        });

        it("routes to it from the BIG-IP even though it is outside the collector VPC", () => {
            assert.deepEqual(ofType(m, BIGIP_ROUTE).map((r) => r.inputs.network).sort(), ["10.1.0.0/16", "172.16.5.20/32"]);
        });

        it("outputs the commands for that box: the script, its env file (LOCAL, REMOTE, MAC, MTU) and the unit", async () => {
            const text = await promiseOf(b.c.collectorCommands.lab);
            assert.match(text, /^# clone-l3: collector end of the gretap \(GRE-TEB\) tunnel clone0/);
            assert.match(text, /sudo install -D -m 0755 \/dev\/stdin \/usr\/local\/sbin\/clone-tunnel <<'CLONE_L3_EOF'\n#!\/bin\/sh/);
            for (const line of [`LOCAL='172.16.5.20'`, `REMOTE='${tunnelSource}'`, "TUNNEL_MAC='02:aa:bb:cc:dd:ee'", "TUNNEL_MTU='8963'", "OVERLAY_ADDRESS='10.254.0.2/29'"]) {
                assert.ok(text.includes(`\n${line}\n`), line);
            }
            assert.match(text, /sudo systemctl enable --now clone-tunnel@clone0\.service/);
        });
    });
});
