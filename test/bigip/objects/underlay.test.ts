/**
 * checkUnderlay over device objects shaped as the REST GETs return them (the captured 14.1.2.1 items, and the
 * AWS layout of this project): each of the four links broken in turn, with details and hints an engineer can act on.
 */
import * as assert from "assert";
import { readFileSync } from "fs";
import { join } from "path";
import { checkUnderlay, describeUnderlayProblems, UnderlayDevice, UnderlayReport } from "../../../components/bigip/objects/underlay";
import { fixture } from "../../helpers/fixtures";

const capture = (file: string): any => JSON.parse(readFileSync(join(__dirname, "..", "..", "emulator", "captures", file), "utf8"));

const vlan = (name: string, mtu: number) => ({ kind: "tm:net:vlan:vlanstate", name, partition: "Common", fullPath: `/Common/${name}`, mtu, tag: 4094 });
const self = (name: string, address: string, on: string) => ({ kind: "tm:net:self:selfstate", name, partition: "Common", fullPath: `/Common/${name}`, address, vlan: `/Common/${on}` });
const route = (name: string, network: string, gw: string) => ({ kind: "tm:net:route:routestate", name, partition: "Common", fullPath: `/Common/${name}`, network, gw, mtu: 0 });

/** The layout the stack builds: VLAN external (9001) with data self IP 10.0.2.5/24, a tunnel with its overlay self IP, a route to the collector VPC. */
const aws = (): UnderlayDevice => ({
    vlans: [vlan("external", 9001)],
    selfIps: [self("external-self", "10.0.2.5/24", "external"), self("clone-self", "10.254.0.1/29", "clone")],
    routes: [route("to-collectors", "10.1.0.0/16", "10.0.2.1")],
});
const want = { localAddress: "10.0.2.5", remoteAddress: "10.1.1.20", requiredMtu: 1550 };

const byLink = (r: UnderlayReport, link: string) => r.checks.find((c) => c.link === link);

describe("checkUnderlay", () => {
    it("all four links hold: self IP, its VLAN, the VLAN's MTU, and the route that covers the remote", () => {
        const r = checkUnderlay(aws(), want);
        assert.strictEqual(r.ok, true, describeUnderlayProblems(r));
        assert.deepStrictEqual(r.checks.map((c) => [c.link, c.ok]), [["self-ip", true], ["vlan", true], ["vlan-mtu", true], ["route", true]]);
        assert.deepStrictEqual([r.selfIp, r.vlan, r.vlanMtu], ["/Common/external-self", "/Common/external", 9001]);
        assert.strictEqual(byLink(r, "route")!.detail, "10.1.1.20 is reachable via route /Common/to-collectors (10.1.0.0/16, gw 10.0.2.1)");
        assert.strictEqual(describeUnderlayProblems(r), "");
    });

    it("self-ip broken: the local address is nobody's; VLAN checks are skipped, the hint names the fix and the choices", () => {
        const r = checkUnderlay(aws(), { ...want, localAddress: "10.0.2.9" });
        assert.strictEqual(r.ok, false);
        assert.deepStrictEqual(r.checks.map((c) => [c.link, c.ok]), [["self-ip", false], ["route", true]]);
        const c = byLink(r, "self-ip")!;
        assert.strictEqual(c.detail, "10.0.2.9 is not a self IP on this BIG-IP; the tunnel would source packets from an address the device does not own");
        assert.strictEqual(c.hint, "create `net self <name> address 10.0.2.9/24 vlan /Common/external` or set tunnelSourceIp to one of: 10.0.2.5 (VLAN /Common/external)");
        assert.strictEqual(r.selfIp, undefined);
        assert.match(describeUnderlayProblems(r), /^- self-ip: 10\.0\.2\.9 is not a self IP on this BIG-IP; .*\. Fix: create `net self/);
    });

    it("vlan broken: the local self IP sits on a tunnel, not a VLAN", () => {
        const r = checkUnderlay(aws(), { ...want, localAddress: "10.254.0.1" });
        assert.deepStrictEqual(r.checks.map((c) => [c.link, c.ok]), [["self-ip", true], ["vlan", false], ["route", true]]);
        assert.match(byLink(r, "vlan")!.detail, /^self IP \/Common\/clone-self \(10\.254\.0\.1\/29\) sits on \/Common\/clone, which is not a VLAN/);
        assert.strictEqual(byLink(r, "vlan")!.hint, "source the tunnel from a self IP on a VLAN: 10.0.2.5 (VLAN /Common/external)");
        assert.strictEqual(r.ok, false);
    });

    it("vlan-mtu broken: a 1500-byte VLAN cannot carry 9001-byte outer packets", () => {
        const dev = aws();
        dev.vlans = [vlan("external", 1500)];
        const r = checkUnderlay(dev, { ...want, requiredMtu: 9001 });
        const c = byLink(r, "vlan-mtu")!;
        assert.deepStrictEqual([r.ok, c.ok, r.vlanMtu], [false, false, 1500]);
        assert.strictEqual(c.detail, "VLAN /Common/external has MTU 1500, but the tunnel's outer packets are up to 9001 bytes "
            + "(tunnel MTU + encapsulation overhead): larger ones would be fragmented or dropped");
        assert.match(c.hint!, /^raise it with `modify net vlan \/Common\/external mtu 9001` .* or lower the tunnel MTU by 7501 bytes$/);
        assert.strictEqual(checkUnderlay(dev, { ...want, requiredMtu: 1500 }).ok, true, "exactly the VLAN MTU fits");
    });

    it("route broken: nothing covers the remote; the hint proposes the subnet's first host as next hop", () => {
        const dev = aws();
        dev.routes = [route("elsewhere", "10.9.0.0/16", "10.0.2.1")];
        const r = checkUnderlay(dev, want);
        const c = byLink(r, "route")!;
        assert.deepStrictEqual([r.ok, c.ok], [false, false]);
        assert.strictEqual(c.detail, "10.1.1.20 is not reachable from this BIG-IP: it is in no self IP subnet on a VLAN, and no route covers it (routes: 10.9.0.0/16 via 10.0.2.1)");
        assert.strictEqual(c.hint, "add `net route <name> network <the remote network, e.g. the collector VPC CIDR> gw 10.0.2.1` "
            + "(in AWS a subnet's router is its first host), or a default route through that next hop");
        dev.routes = [];
        assert.match(byLink(checkUnderlay(dev, want), "route")!.detail, /\(there are no routes\)$/);
    });

    it("reachability: a default route covers anything, a more specific route wins, a connected subnet wins a tie", () => {
        const dev = aws();
        dev.routes = [route("dflt", "default", "10.0.2.1")];
        assert.strictEqual(byLink(checkUnderlay(dev, want), "route")!.detail, "10.1.1.20 is reachable via the default route /Common/dflt (default, gw 10.0.2.1)");
        dev.routes.push(route("specific", "10.1.1.0/24", "10.0.2.254"));
        assert.match(byLink(checkUnderlay(dev, want), "route")!.detail, /via route \/Common\/specific \(10\.1\.1\.0\/24, gw 10\.0\.2\.254\)$/);
        const near = checkUnderlay(dev, { ...want, remoteAddress: "10.0.2.77" });
        assert.strictEqual(byLink(near, "route")!.detail, "10.0.2.77 is directly connected (inside 10.0.2.0/24 of self IP /Common/external-self on VLAN /Common/external)");
        // The overlay self IP's subnet is not an underlay path.
        dev.routes = [];
        assert.strictEqual(byLink(checkUnderlay(dev, { ...want, remoteAddress: "10.254.0.2" }), "route")!.ok, false);
    });

    it("route-domain suffixes are ignored when comparing addresses; IPv6 works too", () => {
        const dev = aws();
        dev.selfIps[0] = self("external-self", "10.0.2.5%1/24", "external");
        dev.routes = [route("to-collectors", "10.1.0.0%1/16", "10.0.2.1%1")];
        assert.strictEqual(checkUnderlay(dev, { ...want, localAddress: "10.0.2.5%1" }).ok, true);
        assert.strictEqual(checkUnderlay(dev, want).ok, true);
        const v6: UnderlayDevice = { vlans: [vlan("external", 9001)], selfIps: [self("s6", "2600:1f18::5/64", "external")], routes: [route("r6", "2600:1f19::/56", "2600:1f18::1")] };
        assert.strictEqual(checkUnderlay(v6, { localAddress: "2600:1f18:0:0::5", remoteAddress: "2600:1f19:0:10::20", requiredMtu: 1550 }).ok, true);
    });

    it("on the captured 14.1.2.1 device: the self IP on VLAN Services is found, its 1500 MTU and the default route judged", () => {
        const dev: UnderlayDevice = {
            selfIps: fixture("net-self.14.1.2.1.json").items,
            vlans: capture("net-vlan.14.1.2.1.json").items,
            routes: capture("net-route.14.1.2.1.json").items,
        };
        const r = checkUnderlay(dev, { localAddress: "172.16.2.233", remoteAddress: "198.51.100.7", requiredMtu: 1550 });
        assert.deepStrictEqual([r.selfIp, r.vlan, r.vlanMtu], ["/Common/Services-SelfIP", "/Common/Services", 1500]);
        assert.deepStrictEqual(r.checks.map((c) => [c.link, c.ok]), [["self-ip", true], ["vlan", true], ["vlan-mtu", false], ["route", true]]);
        assert.match(byLink(r, "route")!.detail, /via the default route \/Common\/Defaul_Route \(default, gw 192\.168\.40\.2\)$/);
    });

    it("bad addresses are reported, not thrown", () => {
        const r = checkUnderlay({ selfIps: [], vlans: [], routes: [] }, { localAddress: "nope", remoteAddress: "", requiredMtu: 1550 });
        assert.deepStrictEqual(r.checks.map((c) => [c.link, c.ok]), [["self-ip", false], ["route", false]]);
        assert.match(byLink(r, "self-ip")!.detail, /"nope" is not an IP address/);
    });
});
