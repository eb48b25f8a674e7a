/** Which image the collector boots (pure): an explicit AMI id, or a by-name lookup of the newest match. */
import type * as aws from "@pulumi/aws";
import { check } from "../common/errors";

/**
 * CentOS Stream 9 from the official CentOS account. CentOS 7 is end of life, and Stream AMIs are kept for
 * only 180 days, so the image is looked up by name rather than pinned by id. A collector keeps the image it was
 * launched with (a newer one never replaces it); a replacement asked for another reason (new user data) relaunches
 * that same image, which fails with InvalidAMIID.NotFound once CentOS has removed it: then give `id` (a current image).
 */
export const COLLECTOR_AMI = {
    owner: "125523088429",
    namePattern: "CentOS Stream 9 x86_64 *",
    sshUser: "ec2-user",
} as const;

export interface CollectorAmiOptions {
    /** Explicit AMI id; skips the lookup (owner and namePattern are then ignored). */
    id?: string;
    /** Owning account id (or alias such as "amazon") for the lookup. Default COLLECTOR_AMI.owner. */
    owner?: string;
    /** Image name glob for the lookup. Default COLLECTOR_AMI.namePattern. */
    namePattern?: string;
    /** Login user of the image. Default COLLECTOR_AMI.sshUser. */
    sshUser?: string;
}

export type CollectorAmiQuery =
    | { kind: "id"; id: string; sshUser: string }
    | { kind: "lookup"; args: aws.ec2.GetAmiArgs; sshUser: string };

/** Validates the options and returns either the explicit id or the `aws.ec2.getAmi` arguments. */
export function collectorAmiQuery(opts: CollectorAmiOptions = {}, setting = "ami"): CollectorAmiQuery {
    const sshUser = opts.sshUser ?? COLLECTOR_AMI.sshUser;
    check(typeof sshUser === "string" && /^[a-z_][a-z0-9_-]{0,31}$/.test(sshUser), `${setting}.sshUser`,
        `${JSON.stringify(sshUser)} is not a Linux user name`);
    if (opts.id !== undefined) {
        check(typeof opts.id === "string" && /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/.test(opts.id), `${setting}.id`,
            `${JSON.stringify(opts.id)} is not an AMI id like ami-0123456789abcdef0`);
        return { kind: "id", id: opts.id, sshUser };
    }
    const owner = opts.owner ?? COLLECTOR_AMI.owner;
    const namePattern = opts.namePattern ?? COLLECTOR_AMI.namePattern;
    // @pulumi/aws v7 refuses mostRecent without an owner, and an owner keeps third parties' look-alikes out.
    check(typeof owner === "string" && /^(\d{12}|amazon|aws-marketplace|self)$/.test(owner), `${setting}.owner`,
        `${JSON.stringify(owner)} is not a 12-digit account id or one of amazon, aws-marketplace, self`);
    check(typeof namePattern === "string" && namePattern.trim() !== "", `${setting}.namePattern`, "must be a non-empty name glob");
    return {
        kind: "lookup",
        sshUser,
        args: {
            owners: [owner],
            mostRecent: true,
            filters: [
                { name: "name", values: [namePattern] },
                { name: "architecture", values: ["x86_64"] },
                { name: "state", values: ["available"] },
            ],
        },
    };
}
