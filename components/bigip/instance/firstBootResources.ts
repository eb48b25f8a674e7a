/**
 * The AWS side of a created BIG-IP's first boot (issue 15): the admin password and the management key in AWS Secrets
 * Manager, an instance profile that may read exactly those two secrets, the stack-generated management certificate,
 * and the user data (firstBoot/: startup script → Runtime Init → Declarative Onboarding). Nothing here opens SSH.
 *
 * What a reader of the user data or the plan sees: secret ARNs and the public certificate, never a secret. The password
 * and the key are in Pulumi state as secrets (inputs of the secret versions) and in Secrets Manager.
 */
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as tls from "@pulumi/tls";
import { X509Certificate } from "crypto";
import { jsonStringBody } from "../../common/secrets";
import { tagsFor } from "../../common/tags";
import { DO_1_44_0, FirstBootCluster, FirstBootSettings, managementKeySecretString, renderFirstBoot, RUNTIME_INIT_2_0_3 } from "./firstBoot";

/** Amazon's VPC DNS resolver and Time Sync Service, reachable from every VPC without internet access. */
export const AWS_DNS_RESOLVER = "169.254.169.253";
export const AWS_TIME_SYNC = "169.254.169.123";
/** Days a deleted secret can still be restored (Secrets Manager allows 7..30, or 0 to delete at once). */
export const SECRET_RECOVERY_DAYS = 7;
/** Validity of the generated management certificate: ten years, as BIG-IP's own self-signed default. */
export const MGMT_CERT_VALIDITY_HOURS = 10 * 365 * 24;

/** The inputs of the generated key and certificate a later run never changes (see createFirstBoot). */
export const FROZEN_KEY = ["algorithm", "rsaBits", "ecdsaCurve"];
export const FROZEN_CERT = ["privateKeyPem", "subject", "validityPeriodHours", "allowedUses", "earlyRenewalHours", "dnsNames", "ipAddresses",
    "uris", "isCaCertificate", "setAuthorityKeyId", "setSubjectKeyId"];

/** The device hostname the first boot sets: the resource name as a DNS label under `clone-l3.internal`. */
export function firstBootHostname(name: string): string {
    const label = name.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 63).replace(/-+$/, "");
    return `${label || "bigip"}.clone-l3.internal`;
}

/** The IAM policy document: `secretsmanager:GetSecretValue` (all Runtime Init calls) on the given secrets only. */
export function readSecretsPolicy(secretArns: string[]): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Sid: "RuntimeInitReadsFirstBootSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: secretArns }],
    });
}

const EC2_ASSUME_ROLE = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

export interface FirstBootResources {
    /** The startup script (EC2 user data); holds no secret. */
    readonly userData: pulumi.Output<string>;
    /** The instance profile that may read the two secrets. */
    readonly instanceProfileName: pulumi.Output<string>;
    /** SHA-256 fingerprint of the management certificate the first boot installs (`AA:BB:…`). */
    readonly certificateFingerprint: pulumi.Output<string>;
    /** What the instance must wait for: both secret values stored and the profile's policy in place, before it boots. */
    readonly waitFor: pulumi.Resource[];
}

export interface FirstBootInputs {
    /** The checked admin password (a secret Output). */
    readonly password: pulumi.Output<string>;
    /** OpenSSH public key for admin, when the stack has it (not with an existing key pair). */
    readonly sshPublicKey?: string;
    /** The unit's place in an HA pair (bigipInstance.ts clusterSettings), rendered into the DO declaration. */
    readonly cluster?: pulumi.Output<FirstBootCluster>;
    readonly tags?: Record<string, string>;
}

function secret(name: string, role: string, what: string, value: pulumi.Input<string>, tags: Record<string, string> | undefined, parent: pulumi.Resource) {
    const s = new aws.secretsmanager.Secret(`${name}-${role}-secret`, {
        namePrefix: `${name}-${role}-`, description: `${name}: ${what}, read by F5 Runtime Init at first boot`,
        recoveryWindowInDays: SECRET_RECOVERY_DAYS, tags: tagsFor(`${name}-${role}`, tags),
    }, { parent });
    const version = new aws.secretsmanager.SecretVersion(`${name}-${role}-value`, { secretId: s.id, secretString: pulumi.secret(value) }, { parent });
    return { secret: s, version };
}

/** Registers the first boot's resources under `parent` and renders its user data. */
export function createFirstBoot(name: string, inputs: FirstBootInputs, parent: pulumi.Resource): FirstBootResources {
    const hostname = firstBootHostname(name);
    // Frozen once made: the running BIG-IP keeps the certificate its first boot installed (userData is ignored after
    // creation), so a later change of these inputs (a rename, new defaults, a provider upgrade) must not move the pin.
    const key = new tls.PrivateKey(`${name}-mgmt-tls-key`, { algorithm: "RSA", rsaBits: 2048 }, { parent, ignoreChanges: FROZEN_KEY });
    const cert = new tls.SelfSignedCert(`${name}-mgmt-cert`, {
        privateKeyPem: key.privateKeyPem,
        subject: { commonName: hostname, organization: "clone-l3" },
        validityPeriodHours: MGMT_CERT_VALIDITY_HOURS,
        allowedUses: ["digital_signature", "key_encipherment", "server_auth"],
    }, { parent, ignoreChanges: FROZEN_CERT });
    // JSON-escaped: Runtime Init renders it into the DO declaration's JSON text (common/secrets.ts PASSWORD_RULE).
    const password = secret(name, "admin-password", "BIG-IP admin password, escaped as inside a JSON string",
        inputs.password.apply(jsonStringBody), inputs.tags, parent);
    const mgmtKey = secret(name, "mgmt-key", "base64 of the management certificate's private key (PEM)",
        key.privateKeyPem.apply(managementKeySecretString), inputs.tags, parent);
    const passwordSecret = password.secret, keySecret = mgmtKey.secret;

    const role = new aws.iam.Role(`${name}-role`, {
        description: `${name} BIG-IP: reads its first-boot secrets`, assumeRolePolicy: EC2_ASSUME_ROLE, tags: tagsFor(`${name}-role`, inputs.tags),
    }, { parent });
    const policy = new aws.iam.RolePolicy(`${name}-read-secrets`, {
        role: role.id, policy: pulumi.all([passwordSecret.arn, keySecret.arn]).apply(readSecretsPolicy),
    }, { parent });
    const profile = new aws.iam.InstanceProfile(`${name}-profile`, { role: role.name, tags: tagsFor(`${name}-profile`, inputs.tags) }, { parent });

    const userData = pulumi.all([passwordSecret.arn, keySecret.arn, cert.certPem, inputs.cluster]).apply(([passwordArn, keyArn, certificatePem, cluster]) => {
        const settings: FirstBootSettings = {
            hostname,
            adminUser: "admin",
            adminPasswordSecretId: passwordArn,
            ...(inputs.sshPublicKey !== undefined ? { sshPublicKey: inputs.sshPublicKey.trim() } : {}),
            dnsServers: [AWS_DNS_RESOLVER],
            ntpServers: [AWS_TIME_SYNC],
            timezone: "UTC",
            provisioning: { ltm: "nominal" },
            managementCertificate: { certificatePem, keySecretId: keyArn },
            ...(cluster ? { cluster } : {}),
            runtimeInit: RUNTIME_INIT_2_0_3,
            declarativeOnboarding: DO_1_44_0,
        };
        return renderFirstBoot(settings).startupScript;
    });
    return {
        userData,
        instanceProfileName: profile.name,
        certificateFingerprint: cert.certPem.apply((pem) => new X509Certificate(pem).fingerprint256),
        waitFor: [password.version, mgmtKey.version, policy],
    };
}
