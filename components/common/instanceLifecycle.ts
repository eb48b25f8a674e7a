/**
 * When an EC2 instance of this library is replaced, and how. A BIG-IP or a collector is configured state (an onboarded
 * device, a tunnel endpoint other objects point at): a newly published image must never replace it behind the user's
 * back, and a replacement the user did ask for must be able to succeed on AWS.
 */
import * as pulumi from "@pulumi/pulumi";

/**
 * Where an instance's image comes from. "lookup": `aws.ec2.getAmi` with `mostRecent`, which answers with a newer image
 * whenever AWS or the vendor publishes one. "explicit": an AMI id the user gave.
 */
export type ImageSource = "lookup" | "explicit";

export interface InstanceLifecycle {
    /** Where the instance's `ami` input comes from. */
    readonly image: ImageSource;
    /** The instance is launched on a network interface created beforehand as its primary one (device index 0). */
    readonly preCreatedPrimaryEni: boolean;
    /** Its user data is a first-boot script (a BIG-IP's Runtime Init start), read once at the first boot. Defaults to false. */
    readonly firstBootUserData?: boolean;
}

/** The instance input a first-boot script is kept under. */
export const USER_DATA_INPUT = "userData";

/** The instance input a looked-up image is kept under. */
export const AMI_INPUT = "ami";

/**
 * The instance's resource options: `base` (its parent, dependsOn, …) with the lifecycle options merged in by
 * `pulumi.mergeOptions`, so nothing in `base` is dropped and `ignoreChanges` lists are joined, never replaced.
 * Transformations the user passes to an enclosing component run after this and see these options; one that adds its
 * own `ignoreChanges` should merge too (`pulumi.mergeOptions(args.opts, { ignoreChanges: [...] })`).
 *
 * - A looked-up image is resolved at the first deploy and then kept: `ignoreChanges: ["ami"]`, so a newer image
 *   returned by a later lookup (or a changed lookup pattern) does not replace the running instance; it only shapes
 *   instances created later. An explicit id is not ignored: changing it replaces the instance, as asked.
 * - An instance on a pre-created primary interface is replaced delete-before-replace. Pulumi's default
 *   (create the new instance, then delete the old one) cannot work: AWS refuses to launch an instance on an interface
 *   that is still attached to the old one (`InvalidNetworkInterface.InUse`, pulumi/pulumi-aws#2394). Deleting first
 *   detaches the interface (an interface attached at launch by id is not deleted on termination), and the new instance
 *   is launched on the same one: same private IP and Elastic IP, so the BIG-IP's tunnel, ARP and FDB entries, the
 *   collectors' security-group rules and the management URL stay valid across the replacement.
 * - A first-boot script is kept once deployed: `ignoreChanges: ["userData"]`. The AWS provider applies a user-data change
 *   by stopping and starting the instance (Terraform AWS provider `aws_instance.user_data`), and the script only acts at
 *   the first boot anyway: a library upgrade or a changed first-boot setting would reboot a running BIG-IP for nothing.
 *   The engine keeps the old value for an ignored input (pulumi/pulumi#2657), also when the instance is replaced: the
 *   replacement boots with the script the stack deployed, which names the same secrets and certificate (those are
 *   separate resources), so it onboards the same way. A collector's cloud-init is not kept: it is replaced with it.
 */
export function instanceOptions(base: pulumi.CustomResourceOptions, life: InstanceLifecycle): pulumi.CustomResourceOptions {
    const merged = pulumi.mergeOptions(base, {
        ...(life.image === "lookup" ? { ignoreChanges: [AMI_INPUT] } : {}),
        ...(life.preCreatedPrimaryEni ? { deleteBeforeReplace: true } : {}),
    });
    if (life.firstBootUserData) merged.ignoreChanges = [...(merged.ignoreChanges ?? []), USER_DATA_INPUT];
    if (merged.ignoreChanges) merged.ignoreChanges = [...new Set(merged.ignoreChanges)];
    return merged;
}
