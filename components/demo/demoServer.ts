/**
 * The demo web server in AWS: a small Amazon Linux 2023 instance in the BIG-IP's data subnet that answers
 * HTTP only to the BIG-IP's data self IP (SNAT automap sources the serverside connections from it).
 */
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { instanceOptions } from "../common/instanceLifecycle";
import { tagsFor } from "../common/tags";
import { renderDemoCloudConfig } from "./cloudInit";

/** Amazon Linux 2023 from Amazon's own account; names look like `al2023-ami-2023.6.20250123.4-kernel-6.1-arm64`. */
export const DEMO_AMI = { owner: "amazon", namePattern: (arch: string) => `al2023-ami-2023.*-kernel-*-${arch}` };

export interface DemoServerArgs {
    vpcId: pulumi.Input<string>;
    subnetId: pulumi.Input<string>;
    /** The BIG-IP data self IP: the only source allowed to reach the server. */
    bigipSelfIp: pulumi.Input<string>;
    instanceType: string;
    architecture: "arm64" | "x86_64";
    amiId?: string;
    port: number;
    tags?: Record<string, string>;
}

export interface DemoServer {
    instance: aws.ec2.Instance;
    privateIp: pulumi.Output<string>;
    userData: string;
}

/** The AMI lookup arguments for the demo server (pure). */
export function demoAmiQuery(architecture: "arm64" | "x86_64"): aws.ec2.GetAmiArgs {
    return {
        owners: [DEMO_AMI.owner],
        mostRecent: true,
        filters: [
            { name: "name", values: [DEMO_AMI.namePattern(architecture)] },
            { name: "architecture", values: [architecture] },
            { name: "state", values: ["available"] },
        ],
    };
}

export function createDemoServer(name: string, a: DemoServerArgs, parent: pulumi.Resource): DemoServer {
    const sg = new aws.ec2.SecurityGroup(`${name}-sg`, {
        vpcId: a.vpcId, description: `clone-l3 demo web server: tcp/${a.port} from the BIG-IP only`, tags: tagsFor(`${name}-sg`, a.tags),
    }, { parent });
    const rule = new aws.vpc.SecurityGroupIngressRule(`${name}-http-in`, {
        securityGroupId: sg.id, ipProtocol: "tcp", fromPort: a.port, toPort: a.port, cidrIpv4: pulumi.interpolate`${a.bigipSelfIp}/32`,
        description: "HTTP from the BIG-IP data self IP (SNAT automap)",
    }, { parent });
    const ami = a.amiId !== undefined ? pulumi.output(a.amiId) : aws.ec2.getAmiOutput(demoAmiQuery(a.architecture), { parent }).id;
    const userData = renderDemoCloudConfig(a.port);
    // No key pair and no SSH rule: nothing logs in; no egress rule: it only answers the BIG-IP.
    const instance = new aws.ec2.Instance(`${name}-instance`, {
        ami,
        instanceType: a.instanceType,
        subnetId: a.subnetId,
        vpcSecurityGroupIds: [sg.id],
        associatePublicIpAddress: false,
        userData,
        userDataReplaceOnChange: true,
        metadataOptions: { httpTokens: "required", httpEndpoint: "enabled" },
        rootBlockDevice: { encrypted: true, volumeType: "gp3", deleteOnTermination: true },
        tags: tagsFor(`${name}-instance`, a.tags),
    // Amazon publishes AL2023 images weekly: a looked-up one is kept once deployed. No pre-created ENI, so a replacement
    // (new user data, a changed amiId) may create the new server before deleting the old one.
    }, instanceOptions({ parent, dependsOn: [rule] }, { image: a.amiId !== undefined ? "explicit" : "lookup", preCreatedPrimaryEni: false }));
    return { instance, privateIp: instance.privateIp, userData };
}
