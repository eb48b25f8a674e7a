/**
 * Each EC2 instance's image in a plan, and what would replace the instance (pure): read from the resource options the
 * program registers the instance with (`ignoreChanges`, `deleteBeforeReplace`), i.e. what the engine would be told.
 */
import { bigIpImdsDecision, IMDSV2_FIRST_VERSIONS, ImdsDecision } from "../../components/bigip/instance/imds";
import { lookupOfExampleAmiId, PlannedResource } from "./run";

const INSTANCE = "aws:ec2/instance:Instance";

/** One instance's image and replacement behaviour. */
export interface ImagePlan {
    resource: string;
    /** What the instance is: "BIG-IP", "collector", "demo server" or "instance". */
    role: string;
    /** The `ami` input (an example id when looked up offline). */
    ami: string;
    /** True when the image comes from a lookup and is kept once deployed (`ignoreChanges` holds `ami`). */
    keptAfterFirstDeploy: boolean;
    /** True when a replacement deletes the old instance first (it is launched on a pre-created network interface). */
    deleteBeforeReplace: boolean;
    /** True when new user data replaces the instance (`userDataReplaceOnChange`). */
    replacedOnNewUserData: boolean;
    /** The stack key that gives an explicit image id, where the stack has one. */
    setting?: string;
    /** The instance's `metadataOptions.httpTokens` ("required": IMDSv2 only) and, for the BIG-IP, why. */
    imds: { httpTokens: string; reason?: string };
}

/** The component type in the instance's URN (its parent chain) tells what it is. */
function roleOf(urn: string): { role: string; setting?: string } {
    if (urn.includes("clonel3:bigip:BigIpInstance$")) return { role: "BIG-IP", setting: "bigipAmiId" };
    if (urn.includes("clonel3:collector:Collector$")) return { role: "collector", setting: "collectorAmiId" };
    if (/::[^:]*-demo-instance$/.test(urn)) return { role: "demo server" };
    return { role: "instance" };
}

/**
 * The BIG-IP's IMDS decision, recomputed from what the plan knows of its image (the same pure rule the instance uses,
 * components/bigip/instance/imds.ts): the lookup's pattern, or the explicit id.
 */
function bigIpImds(ami: string): ImdsDecision {
    const pattern = lookupOfExampleAmiId(ami);
    return bigIpImdsDecision(pattern !== undefined ? { descriptionPattern: pattern } : { id: ami });
}

export function imagesOf(resources: PlannedResource[]): ImagePlan[] {
    return resources.filter((r) => r.type === INSTANCE).map((r) => {
        const role = roleOf(r.urn);
        const ami = String(r.inputs.ami);
        const httpTokens = String((r.inputs.metadataOptions as { httpTokens?: unknown } | undefined)?.httpTokens ?? "optional");
        return {
            resource: r.name,
            ...role,
            ami,
            keptAfterFirstDeploy: r.options.ignoreChanges.includes("ami"),
            deleteBeforeReplace: r.options.deleteBeforeReplace,
            replacedOnNewUserData: r.inputs.userDataReplaceOnChange === true,
            imds: role.role === "BIG-IP" ? { httpTokens, reason: bigIpImds(ami).reason } : { httpTokens },
        };
    });
}

/** One line on the instance metadata service: IMDSv2 required, or optional (IMDSv1 stays open), and why for a BIG-IP. */
function imdsLine(i: ImagePlan): string {
    const what = i.imds.httpTokens === "required" ? "IMDSv2 required" : "IMDSv2 optional (IMDSv1 stays available)";
    return `      Instance metadata: ${what}${i.imds.reason ? ` — ${i.imds.reason}` : ""}.`;
}

/** The "Images" section of the text plan: the rule once, then each instance. */
export function renderImages(images: ImagePlan[]): string[] {
    const lines = [
        "A looked-up image is resolved at the first deploy and then kept: later images (and a changed lookup pattern) do",
        "not replace the instance; they only shape instances created later. An explicit image id replaces the instance",
        "when it is changed.",
        `The BIG-IP requires IMDSv2 only when its image is known to support it (TMOS ${IMDSV2_FIRST_VERSIONS["16.1"]} and later, or`,
        `${IMDSV2_FIRST_VERSIONS["15.1"]} and later on 15.1.x, read from the lookup pattern); otherwise IMDSv2 stays optional. Other instances require it.`,
    ];
    for (const i of images) {
        const how = i.deleteBeforeReplace
            ? "delete-before-replace: relaunched on the same network interfaces, so its private IPs and Elastic IPs are kept"
            : "the new instance is created before the old one is deleted";
        const also = i.replacedOnNewUserData ? " New user data also replaces it, the same way." : "";
        if (i.keptAfterFirstDeploy) {
            lines.push(`  ${i.resource} (${i.role}): image looked up, ${i.ami}`,
                `      resolved at first deploy and kept (ignoreChanges: ami). To move it to another image, ${i.setting ? `set ${i.setting}` : "give an explicit image id"}:`,
                `      that replaces it (${how}).${also}`);
        } else {
            lines.push(`  ${i.resource} (${i.role}): explicit image ${i.ami}${i.setting ? ` (${i.setting})` : ""}`,
                `      changing it replaces the instance (${how}).${also}`);
        }
        lines.push(imdsLine(i));
    }
    return lines;
}
