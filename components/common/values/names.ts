/**
 * Names (pure): BIG-IP object names and full paths (`/Partition/name`), pool-member names, and the Linux device
 * names of a collector's tunnel interface.
 */
import { check } from "../errors";
import { canonIpPort } from "./addr";

/** A BIG-IP object name we create: letters, digits and `._-:`, starting with a letter, digit or underscore; ≤ 64. */
const OBJECT_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,63}$/;
/** A partition (folder) name: as an object name, without `:`. */
const PARTITION = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;
/** A name as a reference to an object: a bare name or `/Partition/name`. */
const REFERENCE = /^(\/[A-Za-z0-9_.-]+\/)?[A-Za-z0-9_][A-Za-z0-9_.:-]{0,254}$/;

/** Whether `v` is an object name we may create (the name of one of our resources). */
export function isObjectName(v: unknown): v is string {
    return typeof v === "string" && OBJECT_NAME.test(v);
}

/** Whether `v` is a partition name. */
export function isPartitionName(v: unknown): v is string {
    return typeof v === "string" && PARTITION.test(v);
}

/** Whether `v` names an object: a bare name or a full path `/Partition/name`. */
export function isObjectReference(v: unknown): v is string {
    return typeof v === "string" && REFERENCE.test(v);
}

/** A name or full path → `/Partition/name` (a bare name is in `partition`); undefined for a non-string or "". */
export function canonFullPath(v: unknown, partition = "Common"): string | undefined {
    if (typeof v !== "string" || v === "") return undefined;
    return v.startsWith("/") ? v : `/${partition}/${v}`;
}

/** A member or destination name without its partition (`/Common/10.0.0.1:80` → `10.0.0.1:80`), canonical; undefined when it is not `IP:port`. */
export function canonMemberName(v: unknown): string | undefined {
    if (typeof v !== "string") return undefined;
    return canonIpPort(v.replace(/^\/[^/]+\//, ""));
}

/** Fallback devices the kernel creates in every namespace once the tunnel modules load (see the collector script). */
export const RESERVED_DEVICE_NAMES: readonly string[] =
    ["gre0", "gretap0", "erspan0", "ip6gre0", "ip6tnl0", "sit0", "tunl0", "ip_vti0", "ip6_vti0"];

/** A Linux network device name, same rules as the collector script: 1..15 of [A-Za-z0-9_.-], not "." or "..", not a kernel fallback name. */
export function checkDeviceName(name: unknown, setting: string): string {
    check(typeof name === "string" && /^[A-Za-z0-9_.-]{1,15}$/.test(name) && name !== "." && name !== "..", setting,
        `${JSON.stringify(name)} is not a Linux device name (1 to 15 of letters, digits, "_", ".", "-")`);
    check(!RESERVED_DEVICE_NAMES.includes(name), setting,
        `"${name}" is reserved: the kernel creates it as a fallback tunnel device (reserved: ${RESERVED_DEVICE_NAMES.join(", ")})`);
    return name;
}
