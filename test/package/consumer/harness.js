"use strict";
/**
 * Runs a consumer program under Pulumi mocks and prints one line `RESULT {json}`: how many resources
 * reached the (mock) engine, how many the program constructed, where the package was loaded from, and the
 * collector's rendered user data. Plain CommonJS so that `node harness.js`-style programs need no compiler.
 *
 * The mocks report back only what the real providers would compute and the component reads: private and
 * public IPs, the default route table, the key pair name, the generated management certificate (the example one
 * the pack test writes beside this file, from stacks/plan/exampleCert.ts) and key, the secrets' ARNs, the instance
 * profile's name, the BIG-IP objects' fullPath, and the AMI/zone/region look-ups.
 */
const fs = require("fs");
const path = require("path");
const pulumi = require("@pulumi/pulumi");

const CERT_PEM = fs.readFileSync(path.join(__dirname, "example-cert.pem"), "utf8");
let ip = 10;
const nextIp = (prefix) => { ip++; return `${prefix}.${Math.floor(ip / 250)}.${(ip % 250) + 1}`; };

function computed(args) {
    const i = args.inputs;
    switch (args.type) {
        case "aws:ec2/networkInterface:NetworkInterface": return { privateIp: i.privateIp ?? nextIp("10.0"), privateIps: [] };
        case "aws:ec2/instance:Instance": return { privateIp: i.privateIp ?? nextIp("10.0"), publicIp: nextIp("203.0") };
        case "aws:ec2/eip:Eip": return { publicIp: nextIp("198.51"), allocationId: `eipalloc-${args.name}` };
        case "aws:ec2/vpc:Vpc": return { defaultRouteTableId: `rtb-${args.name}`, mainRouteTableId: `rtb-${args.name}` };
        case "aws:ec2/keyPair:KeyPair": return { keyName: i.keyName ?? args.name };
        case "tls:index/privateKey:PrivateKey": return { privateKeyPem: "-----BEGIN PRIVATE KEY-----\n(mock)\n-----END PRIVATE KEY-----\n" };
        case "tls:index/selfSignedCert:SelfSignedCert": return { certPem: CERT_PEM };
        case "aws:secretsmanager/secret:Secret": return { arn: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${i.namePrefix ?? args.name}AbCdEf` };
        case "aws:iam/instanceProfile:InstanceProfile": return { name: i.name ?? `${args.name}-1234567` };
        default:
            return args.type.startsWith("pulumi-nodejs:dynamic/") && typeof i.name === "string"
                ? { fullPath: `/${i.partition ?? "Common"}/${i.name}` } : {};
    }
}

const invokes = {
    "aws:ec2/getAmi:getAmi": (i) => ({ id: i.owners?.includes("aws-marketplace") ? "ami-0bigip000000000" : "ami-0collector00000", architecture: "x86_64", name: "mock-ami" }),
    "aws:index/getAvailabilityZones:getAvailabilityZones": () => ({ names: ["us-east-1a", "us-east-1b"], zoneIds: ["use1-az1", "use1-az2"] }),
    "aws:index/getRegion:getRegion": () => ({ name: "us-east-1", region: "us-east-1", id: "us-east-1" }),
};

const valueOf = (o) => new Promise((resolve) => pulumi.output(o).apply((v) => { resolve(v); return v; }));

/**
 * `build(transformations)` constructs the component with those resource transformations (they see every
 * descendant, so the harness can wait for each one) and returns it. The collector user data is taken from
 * what reached the engine: the `userData` input of every registered EC2 instance that has one.
 */
async function run(build) {
    const failures = [];
    process.on("unhandledRejection", (e) => failures.push(String((e && e.stack) || e)));
    const started = Date.now();
    const watchdog = setInterval(() => {
        if (failures.length) {
            console.error(`the Pulumi runtime reported: ${failures.join("\n")}`);
            process.exit(2);
        }
        if (Date.now() - started > 90_000) {
            console.error("timed out waiting for registrations");
            process.exit(3);
        }
    }, 100);
    const registered = [];
    await pulumi.runtime.setMocks({
        newResource(args) {
            registered.push({ type: args.type, inputs: args.inputs });
            return { id: args.custom === false ? undefined : `${args.name}-id`, state: { ...args.inputs, ...computed(args) } };
        },
        call(args) {
            const f = invokes[args.token];
            if (!f) throw new Error(`no mock for invoke ${args.token}`);
            return f(args.inputs);
        },
    }, "consumer", "test", false);

    // Transformations also see the component itself, hence a Set.
    const constructed = new Set();
    const component = build([(t) => { constructed.add(t.resource); return undefined; }]);
    constructed.add(component);
    await Promise.all([...constructed].map((r) => valueOf(r.urn)));
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    clearInterval(watchdog);
    if (failures.length) {
        console.error(`the Pulumi runtime reported: ${failures.join("\n")}`);
        process.exit(2);
    }
    const result = {
        registered: registered.length,
        constructed: constructed.size,
        types: [...new Set(registered.map((r) => r.type))].sort(),
        resolvedFrom: require.resolve("@clone-l3/pulumi-clone-across-l3"),
        // The `__provider` text of each BIG-IP (dynamic) resource, by type.
        providerTexts: Object.fromEntries(registered.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"))
            .map((r) => [r.type.slice(r.type.lastIndexOf(":") + 1), r.inputs.__provider])),
        userData: registered.filter((r) => r.type === "aws:ec2/instance:Instance" && typeof r.inputs.userData === "string")
            .map((r) => r.inputs.userData),
    };
    console.log(`RESULT ${JSON.stringify(result)}`);
    process.exit(0);
}

module.exports = { run };
