/**
 * EC2 instance types (pure): a known-family check and the CPU architecture of each family, so an ARM type is
 * refused for an x86_64 image (BIG-IP VE and the CentOS Stream x86_64 collector image) before anything is created.
 * The family list is the current and previous general-purpose, compute, memory and storage families; a family
 * missing here is refused with a message saying so (add it here when AWS launches one).
 */
import { check } from "./errors";

export type Architecture = "x86_64" | "arm64";

const X86 = [
    "t2", "t3", "t3a", "m4", "m5", "m5a", "m5d", "m5ad", "m5n", "m5dn", "m5zn", "m6i", "m6id", "m6in", "m6idn", "m6a",
    "m7i", "m7i-flex", "m7a", "m8i", "c4", "c5", "c5a", "c5d", "c5ad", "c5n", "c6i", "c6id", "c6in", "c6a", "c7i", "c7i-flex", "c7a",
    "r4", "r5", "r5a", "r5b", "r5d", "r5ad", "r5n", "r5dn", "r6i", "r6id", "r6in", "r6idn", "r6a", "r7i", "r7iz", "r7a",
    "x1", "x1e", "x2idn", "x2iedn", "x2iezn", "z1d", "i3", "i3en", "i4i", "d2", "d3", "d3en", "h1", "g4dn", "g5", "p3", "inf1",
];
const ARM = ["a1", "t4g", "m6g", "m6gd", "m7g", "m7gd", "m8g", "c6g", "c6gd", "c6gn", "c7g", "c7gd", "c7gn", "c8g",
    "r6g", "r6gd", "r7g", "r7gd", "r8g", "x2gd", "im4gn", "is4gen", "i4g", "g5g"];

const SIZE = /^(nano|micro|small|medium|large|xlarge|[1-9]\d?xlarge|metal(-\d+xl)?)$/;

/** The architecture of a known `family.size`, or undefined when the family or the size is not known. */
export function instanceArchitecture(instanceType: string): Architecture | undefined {
    const [family, size, ...rest] = instanceType.split(".");
    if (rest.length || size === undefined || !SIZE.test(size)) return undefined;
    return X86.includes(family) ? "x86_64" : ARM.includes(family) ? "arm64" : undefined;
}

/**
 * Checks `value` is a known EC2 instance type; with `image`, also that it runs that image's architecture.
 * `example` is shown in the message.
 */
export function checkInstanceType(value: unknown, setting: string, example: string, image?: { architecture: Architecture; what: string }): string {
    check(typeof value === "string" && /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/.test(value), setting,
        `${JSON.stringify(value)} is not an EC2 instance type like ${example}`);
    const arch = instanceArchitecture(value);
    check(arch !== undefined, setting, `${JSON.stringify(value)} is not a known EC2 instance type (family.size, e.g. ${example}; families known: ${X86.length + ARM.length})`);
    check(!image || arch === image.architecture, setting,
        `"${value}" is an ${arch} (${arch === "arm64" ? "Graviton" : "Intel/AMD"}) type, but ${image?.what} is ${image?.architecture} only; pick an ${image?.architecture} type like ${example}`);
    return value;
}
