/**
 * Stack configuration → CloneAcrossL3 arguments. Every key is declared in Pulumi.yaml; this file only maps
 * them, and refuses the combinations the component cannot see (a half-specified existing BIG-IP, instance
 * settings given with one), naming the config key. The component then validates the rest.
 */
import * as pulumi from "@pulumi/pulumi";
import { CloneAcrossL3Args, CloneCollectorSpec, CloneTarget, ConfigError, ExistingBigIpVpc, ExistingCollectorVpc } from "../components";
import { COLLECTORS_RULE } from "../components/cloneAcrossL3/collectors";

type Tags = Record<string, string>;

/** Keys that only apply when this stack creates the BIG-IP (their Pulumi.yaml defaults are not "set"). */
const INSTANCE_KEYS = ["adminPassword", "sshPrivateKey", "sshPublicKey", "bigipAmiId", "bigipSshHostKey", "bigipTlsFingerprint"] as const;

/**
 * `sshIdentityFile`: the private key's path on the user's machine, printed as `ssh -i <path>` in the ssh outputs (never
 * read). Refused unless it is a plain path a shell reads as one word (a leading `~/` is kept for the shell to expand).
 */
export function readSshIdentityFile(config: pulumi.Config): string | undefined {
    const v = config.get("sshIdentityFile");
    if (v === undefined || v === "") return undefined;
    if (!/^(~\/)?[A-Za-z0-9_.\/+-]+$/.test(v) || v.includes("..")) {
        throw new ConfigError("sshIdentityFile", `${JSON.stringify(v)} is not a plain file path (letters, digits, . _ + - /, an optional leading ~/)`);
    }
    return v;
}

/** `ssh …` with `-i <file>` when the stack knows the private key's path. */
export function withIdentity(command: pulumi.Input<string>, file: string | undefined): pulumi.Output<string> {
    return pulumi.output(command).apply((c) => (file === undefined ? c : c.replace(/^ssh /, `ssh -i ${file} `)));
}

export function readStackConfig(config: pulumi.Config): CloneAcrossL3Args {
    const optional = (key: string): string | undefined => {
        const v = config.get(key);
        return v === undefined || v === "" ? undefined : v;
    };

    const existingHost = optional("existingBigipHost");
    const existingBigipVpc = config.getObject<ExistingBigIpVpc>("existingBigipVpc");
    const existingCollectorVpc = config.getObject<ExistingCollectorVpc>("existingCollectorVpc");
    const byoKeys = {
        existingBigipTunnelSourceIp: optional("existingBigipTunnelSourceIp"),
        existingBigipTlsFingerprint: optional("existingBigipTlsFingerprint"),
        existingBigipTlsCaPem: optional("existingBigipTlsCaPem"),
        existingBigipPeerHost: optional("existingBigipPeerHost"),
        existingBigipPeerTunnelSourceIp: optional("existingBigipPeerTunnelSourceIp"),
        existingBigipPeerTlsFingerprint: optional("existingBigipPeerTlsFingerprint"),
        existingBigipPeerTlsCaPem: optional("existingBigipPeerTlsCaPem"),
        existingBigipPeerUsername: optional("existingBigipPeerUsername"),
        // 0 (the Pulumi.yaml default) = the first unit's port.
        existingBigipPeerPort: config.getNumber("existingBigipPeerPort") || undefined,
    };
    const peerPassword = config.getSecret("existingBigipPeerPassword");
    const existingPassword = config.getSecret("existingBigipPassword");
    if (existingHost === undefined) {
        for (const [k, v] of Object.entries(byoKeys)) {
            if (v !== undefined) throw new ConfigError(k, "only applies with existingBigipHost (a BIG-IP you already run)");
        }
        if (existingPassword !== undefined) throw new ConfigError("existingBigipPassword", "only applies with existingBigipHost");
        if (peerPassword !== undefined) throw new ConfigError("existingBigipPeerPassword", "only applies with existingBigipHost and existingBigipPeerHost");
    } else {
        if (existingPassword === undefined) throw new ConfigError("existingBigipPassword", "is required with existingBigipHost (pulumi config set --secret existingBigipPassword …)");
        if (byoKeys.existingBigipTunnelSourceIp === undefined) {
            throw new ConfigError("existingBigipTunnelSourceIp", "is required with existingBigipHost: the self IP on a data VLAN that sources the tunnels");
        }
        if ((byoKeys.existingBigipTlsFingerprint === undefined) === (byoKeys.existingBigipTlsCaPem === undefined)) {
            throw new ConfigError("existingBigipTlsFingerprint", "give exactly one of existingBigipTlsFingerprint or existingBigipTlsCaPem (TLS trust for iControl REST)");
        }
        const peerKeys = ["existingBigipPeerTunnelSourceIp", "existingBigipPeerTlsFingerprint", "existingBigipPeerTlsCaPem", "existingBigipPeerUsername",
            "existingBigipPeerPort"] as const;
        if (byoKeys.existingBigipPeerHost === undefined) {
            for (const k of peerKeys) if (byoKeys[k] !== undefined) throw new ConfigError(k, "only applies with existingBigipPeerHost (the other unit of an HA pair)");
            if (peerPassword !== undefined) throw new ConfigError("existingBigipPeerPassword", "only applies with existingBigipPeerHost (the other unit of an HA pair)");
        } else if (byoKeys.existingBigipPeerTunnelSourceIp === undefined) {
            throw new ConfigError("existingBigipPeerTunnelSourceIp", "is required with existingBigipPeerHost: the other unit's own non-floating self IP on a data VLAN that sources its tunnels");
        } else if ((byoKeys.existingBigipPeerTlsFingerprint === undefined) === (byoKeys.existingBigipPeerTlsCaPem === undefined)) {
            throw new ConfigError("existingBigipPeerTlsFingerprint", "give exactly one of existingBigipPeerTlsFingerprint or existingBigipPeerTlsCaPem (TLS trust for the other unit)");
        }
        if (existingBigipVpc === undefined) throw new ConfigError("existingBigipVpc", "is required with existingBigipHost: { vpcId, cidr, routeTableIds } of the BIG-IP's VPC");
        const given = { adminPassword: config.getSecret("adminPassword"), sshPrivateKey: config.getSecret("sshPrivateKey"),
            sshPublicKey: optional("sshPublicKey"), bigipAmiId: optional("bigipAmiId"), bigipSshHostKey: optional("bigipSshHostKey"),
            bigipTlsFingerprint: optional("bigipTlsFingerprint") };
        for (const k of INSTANCE_KEYS) {
            if (given[k] !== undefined) throw new ConfigError(k, "only applies when this stack creates the BIG-IP; remove it (or existingBigipHost)");
        }
        if (config.getBoolean("bigipHa") === true) {
            throw new ConfigError("bigipHa", "only applies when this stack creates the BIG-IP; for an HA pair you already run, set existingBigipPeerHost");
        }
    }

    const bigipAmiId = optional("bigipAmiId");
    const capture = { fileSizeMb: config.getNumber("captureFileSizeMb"), fileCount: config.getNumber("captureFileCount") };
    // Collector-wide settings from their own keys, overridden by each entry of `collectors`.
    const collectorDefaults: CloneCollectorSpec = {
        instanceType: optional("collectorInstanceType"),
        ami: { id: optional("collectorAmiId"), owner: optional("collectorAmiOwner"), namePattern: optional("collectorAmiPattern") },
        capture,
        // With an existing BIG-IP there is no BIG-IP key pair to share: keyName is the collectors' own.
        keyName: existingHost !== undefined ? optional("keyName") : undefined,
    };
    const listed = config.getObject<CloneCollectorSpec[]>("collectors") ?? [];
    if (!Array.isArray(listed)) throw new ConfigError("collectors", COLLECTORS_RULE);
    const collectors = (listed.length ? listed : [{}]).map((c) => (c?.existing !== undefined
        ? c // an existing collector takes none of the instance settings
        : { ...collectorDefaults, ...c, ami: { ...collectorDefaults.ami, ...(c?.ami ?? {}) }, capture: { ...capture, ...(c?.capture ?? {}) } }));

    const encapsulation = config.get("encapsulation") as "gre" | "vxlan" | undefined;
    const network = {
        connectivity: config.get("connectivity") as "peering" | "transitGateway" | "none" | undefined,
        ...(existingBigipVpc !== undefined || existingCollectorVpc !== undefined
            ? { existing: { bigip: existingBigipVpc, collector: existingCollectorVpc } }
            : { bigipVpcCidr: optional("bigipVpcCidr"), collectorVpcCidr: optional("collectorVpcCidr") }),
        availabilityZone: optional("availabilityZone"),
    };

    // The provider's region: the component checks availabilityZone against it, up front.
    const awsRegion = new pulumi.Config("aws").get("region");
    const tags = config.getObject<Tags>("tags");

    return {
        adminCidrs: config.requireObject<string[]>("adminCidrs"),
        region: awsRegion,
        tags,
        allowOpenAdmin: config.getBoolean("allowOpenAdmin"),
        encapsulation,
        vni: encapsulation === "vxlan" ? config.getNumber("vni") : undefined,
        overlayCidr: optional("overlayCidr"),
        bigipDataMtu: config.getNumber("bigipDataMtu"),
        tunnelMtu: config.getNumber("tunnelMtu") || undefined,
        allowMtuBelow1500: config.getBoolean("allowMtuBelow1500"),
        configureBigip: config.getBoolean("configureBigip"),
        // A BIG-IP created by 0.2.0 keeps the certificate it had: pin that one instead of the generated one (README).
        bigipTls: existingHost === undefined && optional("bigipTlsFingerprint") !== undefined
            ? { fingerprint256: optional("bigipTlsFingerprint")! } : undefined,
        network,
        ...(existingHost !== undefined ? {
            existingBigip: {
                host: existingHost,
                port: config.getNumber("existingBigipPort"),
                username: optional("existingBigipUsername"),
                password: existingPassword!,
                tls: byoKeys.existingBigipTlsFingerprint !== undefined
                    ? { fingerprint256: byoKeys.existingBigipTlsFingerprint } : { caPem: byoKeys.existingBigipTlsCaPem! },
                tunnelSourceIp: byoKeys.existingBigipTunnelSourceIp!,
                ...(byoKeys.existingBigipPeerHost !== undefined ? {
                    peer: {
                        host: byoKeys.existingBigipPeerHost,
                        port: byoKeys.existingBigipPeerPort,
                        username: byoKeys.existingBigipPeerUsername,
                        password: peerPassword,
                        tls: byoKeys.existingBigipPeerTlsFingerprint !== undefined
                            ? { fingerprint256: byoKeys.existingBigipPeerTlsFingerprint } : { caPem: byoKeys.existingBigipPeerTlsCaPem! },
                        tunnelSourceIp: byoKeys.existingBigipPeerTunnelSourceIp!,
                    },
                } : {}),
            },
        } : {
            bigip: {
                nics: config.get("nics") as "single" | "multi" | undefined,
                ha: config.getBoolean("bigipHa"),
                instanceType: optional("bigipInstanceType"),
                // The CLI fills in Pulumi.yaml defaults (bigipAmiPattern always has one): an explicit id replaces the lookup.
                ami: bigipAmiId !== undefined ? { id: bigipAmiId } : {
                    descriptionPattern: optional("bigipAmiPattern"),
                    includeDeprecated: config.getBoolean("includeDeprecatedAmis"),
                },
                keyName: optional("keyName"),
                sshPublicKey: optional("sshPublicKey"),
                adminPassword: config.requireSecret("adminPassword"),
                // No longer used (0.3.0: no SSH in the first boot); passed on only so the component warns to remove them.
                sshHostKey: optional("bigipSshHostKey"),
                sshPrivateKey: config.getSecret("sshPrivateKey"),
            },
        }),
        collectors,
        clonePools: config.get("clonePools") as "perCollector" | "shared" | undefined,
        cloneTargets: config.getObject<CloneTarget[]>("cloneTargets"),
        demo: config.getBoolean("demo"),
    };
}
