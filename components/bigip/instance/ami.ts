/** The BIG-IP VE AMI lookup, as a pure query (the component only hands it to `aws.ec2.getAmiOutput`). */

/**
 * Description pattern of the default image: newest BIG-IP 17.1 PAYG Good, 25 Mbps. F5's own tooling
 * filters on `description` (= image name without the marketplace UUID suffix), not on `name`.
 */
export const DEFAULT_BIGIP_AMI_PATTERN = "F5 BIGIP-17.1* PAYG-Good 25Mbps*";

/**
 * `aws-marketplace` (679593333241) is the generic Marketplace owner, not an F5 account: it only narrows
 * things down together with the `F5 BIGIP-*` description filter. @pulumi/aws v7 also refuses
 * `mostRecent` without an owner.
 */
export const BIGIP_AMI_OWNERS = ["aws-marketplace"];

export interface BigIpAmiSelection {
    /** Description filter (wildcards allowed). Defaults to `DEFAULT_BIGIP_AMI_PATTERN`. */
    readonly descriptionPattern?: string;
    /**
     * Also match deprecated images. Public AMIs are deprecated two years after creation and then vanish from
     * lookups unless this is set. Defaults to false.
     */
    readonly includeDeprecated?: boolean;
}

export interface BigIpAmiQuery {
    owners: string[];
    mostRecent: true;
    includeDeprecated: boolean;
    filters: { name: "description"; values: string[] }[];
}

/** The getAmi arguments for a selection (pure). */
export function bigIpAmiQuery(sel: BigIpAmiSelection = {}): BigIpAmiQuery {
    return {
        owners: [...BIGIP_AMI_OWNERS],
        mostRecent: true,
        includeDeprecated: sel.includeDeprecated ?? false,
        filters: [{ name: "description", values: [sel.descriptionPattern ?? DEFAULT_BIGIP_AMI_PATTERN] }],
    };
}
