/**
 * Each EC2 instance's image in a plan, and what would replace the instance (pure): read from the resource options the
 * program registers the instance with (`ignoreChanges`, `deleteBeforeReplace`), i.e. what the engine would be told.
 */
import { PlannedResource } from "./run";

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
}

/** The component type in the instance's URN (its parent chain) tells what it is. */
function roleOf(urn: string): { role: string; setting?: string } {
    if (urn.includes("clonel3:bigip:BigIpInstance$")) return { role: "BIG-IP", setting: "bigipAmiId" };
    if (urn.includes("clonel3:collector:Collector$")) return { role: "collector", setting: "collectorAmiId" };
    if (/::[^:]*-demo-instance$/.test(urn)) return { role: "demo server" };
    return { role: "instance" };
}

export function imagesOf(resources: PlannedResource[]): ImagePlan[] {
    return resources.filter((r) => r.type === INSTANCE).map((r) => ({
        resource: r.name,
        ...roleOf(r.urn),
        ami: String(r.inputs.ami),
        keptAfterFirstDeploy: r.options.ignoreChanges.includes("ami"),
        deleteBeforeReplace: r.options.deleteBeforeReplace,
        replacedOnNewUserData: r.inputs.userDataReplaceOnChange === true,
    }));
}

/** The "Images" section of the text plan: the rule once, then each instance. */
export function renderImages(images: ImagePlan[]): string[] {
    const lines = [
        "A looked-up image is resolved at the first deploy and then kept: later images (and a changed lookup pattern) do",
        "not replace the instance; they only shape instances created later. An explicit image id replaces the instance",
        "when it is changed.",
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
    }
    return lines;
}
