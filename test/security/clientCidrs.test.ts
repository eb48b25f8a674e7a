/**
 * Issue 14, security 6: `clientCidrs` (the sources admitted to the BIG-IP's virtual servers) follow the same union and
 * reserved-block rules as `adminCidrs` unless explicitly opened with `allowOpenClients`; in single-NIC mode, where
 * those rules sit on the management interface, the refusal says so. Checked before anything is registered.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { BigIpInstanceArgs } from "../../components/bigip/instance/bigipInstance";
import { validateBigIpInstanceArgs } from "../../components/bigip/instance/validate";
import { validateCloneAcrossL3Args } from "../../components/cloneAcrossL3/validate";
import { ConfigError } from "../../components/common/errors";
import { NAME, defaults } from "../cloneAcrossL3/fixture";

const KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABZmFrZS1wcml2YXRlLWtleS1mb3ItdGVzdHM=\n-----END OPENSSH PRIVATE KEY-----\n";
const base: BigIpInstanceArgs = {
    vpcId: "vpc-1", managementSubnetId: "subnet-m", externalSubnetId: "subnet-x", adminCidrs: ["198.51.100.0/24"],
    sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIiIi test@example",
    adminPassword: pulumi.secret("Good-pw-1"), sshPrivateKey: KEY,
};
const single: BigIpInstanceArgs = { ...base, nics: "single", externalSubnetId: undefined };

function refused(f: () => unknown, setting: string, ...detail: RegExp[]): string {
    let err: unknown;
    try { f(); } catch (e) { err = e; }
    assert.ok(err instanceof ConfigError, `expected a ConfigError for ${setting}, got ${String(err)}`);
    assert.equal(err.setting, setting, err.message);
    for (const d of detail) assert.match(err.message, d);
    return err.message;
}

const WIDE: [string, string[]][] = [
    ["0.0.0.0/0", ["0.0.0.0/0"]],
    ["two /1 halves", ["0.0.0.0/1", "128.0.0.0/1"]],
    ["four /2s", ["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/2", "192.0.0.0/2"]],
    ["a /7", ["10.0.0.0/7"]],
];
const RESERVED: [string, string][] = [
    ["127.0.0.1/32", "loopback"], ["169.254.169.254/32", "link-local"], ["224.0.0.0/4", "multicast"], ["240.0.0.0/4", "reserved"], ["0.0.0.0/8", "this network"],
];

describe("clientCidrs (issue 14, security 6)", () => {
    for (const [what, cidrs] of WIDE) {
        it(`${what}: refused without allowOpenClients, naming the setting and the opt-in; accepted with it`, () => {
            refused(() => validateBigIpInstanceArgs({ ...base, clientCidrs: cidrs }), "clientCidrs",
                /more than a \/8/, /virtual servers' ports \(tcp\/80, tcp\/443\)/, /set allowOpenClients: true/);
            assert.deepEqual(validateBigIpInstanceArgs({ ...base, clientCidrs: cidrs, allowOpenClients: true }).clientCidrs, cidrs);
        });
    }

    for (const [cidr, what] of RESERVED) {
        it(`${cidr} (${what}) is refused even with allowOpenClients`, () => {
            refused(() => validateBigIpInstanceArgs({ ...base, clientCidrs: ["203.0.113.0/24", cidr], allowOpenClients: true }), "clientCidrs[1]",
                new RegExp(what), /never be the source of a client connection/);
        });
    }

    it("a duplicate, a non-string and an empty list are refused as for adminCidrs", () => {
        refused(() => validateBigIpInstanceArgs({ ...base, clientCidrs: ["203.0.113.0/24", "203.0.113.0/24"] }), "clientCidrs", /listed twice/);
        refused(() => validateBigIpInstanceArgs({ ...base, clientCidrs: [42 as any] }), "clientCidrs[0]", /IPv4 CIDR string/);
        refused(() => validateBigIpInstanceArgs({ ...base, clientCidrs: [] }), "clientCidrs", /at least one CIDR/);
        refused(() => validateBigIpInstanceArgs({ ...base, clientCidrs: ["0.0.0.0/0"], allowOpenClients: "yes" as any }), "allowOpenClients", /true or false/);
    });

    it("single NIC: the refusal says the rules sit on the management interface; the opt-in opens them there", () => {
        refused(() => validateBigIpInstanceArgs({ ...single, clientCidrs: ["0.0.0.0/0"], virtualServerPorts: [443] }), "clientCidrs",
            /tcp\/443\) on the management interface \(single NIC/, /the whole internet/);
        const plan = validateBigIpInstanceArgs({ ...single, clientCidrs: ["0.0.0.0/0"], allowOpenClients: true, virtualServerPorts: [443] });
        assert.deepEqual(plan.clientCidrs, ["0.0.0.0/0"]);
    });

    it("a list within a /8 needs no opt-in, and the default is adminCidrs", () => {
        assert.deepEqual(validateBigIpInstanceArgs({ ...base, clientCidrs: ["203.0.113.0/24", "10.0.0.0/9"] }).clientCidrs, ["203.0.113.0/24", "10.0.0.0/9"]);
        assert.deepEqual(validateBigIpInstanceArgs(base).clientCidrs, base.adminCidrs);
    });

    it("the component: bigip.clientCidrs 0.0.0.0/0 is refused naming bigip.allowOpenClients, before anything is registered", () => {
        refused(() => validateCloneAcrossL3Args(defaults({}, { clientCidrs: ["0.0.0.0/0"] }), NAME), "bigip.clientCidrs", /set bigip\.allowOpenClients: true/);
        refused(() => validateCloneAcrossL3Args(defaults({}, { clientCidrs: ["0.0.0.0/1", "128.0.0.0/1"] }), NAME), "bigip.clientCidrs");
        const plan = validateCloneAcrossL3Args(defaults({}, { clientCidrs: ["0.0.0.0/0"], allowOpenClients: true }), NAME);
        assert.ok(plan.bigip.kind === "create");
        assert.deepEqual(plan.bigip.plan.clientCidrs, ["0.0.0.0/0"]);
    });
});
