/**
 * IMDSv2 by image (pure): whether the BIG-IP's EC2 instance may require IMDSv2 (`httpTokens: "required"`), decided
 * from the TMOS version in the image's description pattern or name, known offline.
 *
 * Sources (README "Images"): BIG-IP VE gained IMDSv2 in 16.1.2.1 (F5 bug ID968657), and F5 announced it for 15.1.5.1
 * (SummitRoute/imdsv2_wall_of_shame#4, linking https://cdn.f5.com/product/bugtracker/ID968657.html and K74004244);
 * F5's own Terraform module leaves it off unless asked (terraform-aws-bigip-module `variables.tf`: `enable_imdsv2`,
 * default false). An image whose version cannot be known offline, or an older one, keeps IMDSv1 available.
 */
import type { BigIpAmiQuery } from "./ami";

/** The first version of each branch with IMDSv2 support; later majors (17.x and up) are later releases. */
export const IMDSV2_FIRST_VERSIONS = { "15.1": "15.1.5.1", "16.1": "16.1.2.1" } as const;

export type HttpTokens = "required" | "optional";

/** The BIG-IP instance's IMDS setting and why, in words the plan prints. */
export interface ImdsDecision {
    httpTokens: HttpTokens;
    /** The TMOS version (or version prefix, e.g. "17.1.*") read from the image; undefined when it cannot be read. */
    version?: string;
    reason: string;
}

/** What the image is known by offline: a description pattern (or name) to look up, or an explicit AMI id. */
export type ImageSource = { descriptionPattern: string } | { id: string };

/** The image source of a validated plan's `ami`: its id, or the description pattern its lookup filters on. */
export function imageSourceOf(ami: { id: string } | { query: BigIpAmiQuery }): ImageSource {
    return "id" in ami ? { id: ami.id } : { descriptionPattern: ami.query.filters[0].values[0] };
}

/** A version read from an image text: its numeric components, and whether more may follow (a wildcard). */
export interface TmosVersion {
    parts: number[];
    /** True when the text pins the whole version; false when a wildcard lets any continuation match. */
    exact: boolean;
}

/**
 * The TMOS version in an F5 image description or name such as `F5 BIGIP-17.1.1.3-0.0.5 PAYG-Good 25Mbps-…`, or in a
 * lookup pattern such as `F5 BIGIP-17.1* PAYG-Good 25Mbps*`. Undefined when there is no `BIGIP-<digits>`, or when a
 * wildcard comes before it (the text then may match anything).
 */
export function tmosVersionOf(text: string): TmosVersion | undefined {
    const at = text.search(/BIGIP-\d/i);
    if (at < 0 || /[*?]/.test(text.slice(0, at))) return undefined;
    const m = /^BIGIP-(\d+(?:\.\d+)*)(\.?)(.?)/i.exec(text.slice(at));
    if (!m) return undefined;
    const parts = m[1].split(".").map(Number);
    // "17.1*", "17.1.*", "17.?": a wildcard continues the version; "-", " " or the end close it.
    const exact = !/[*?]/.test(m[3]);
    return { parts, exact };
}

/** -1, 0 or 1, comparing versions component by component (missing components count as 0). */
export function compareVersions(a: readonly number[], b: readonly number[]): number {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
        const d = (a[i] ?? 0) - (b[i] ?? 0);
        if (d !== 0) return d < 0 ? -1 : 1;
    }
    return 0;
}

const parse = (v: string) => v.split(".").map(Number);

/** True when one exact TMOS version supports IMDSv2: 15.1.x from 15.1.5.1, 16.1.2.1 and later (16.0.x does not). */
export function supportsImdsV2(parts: readonly number[]): boolean {
    if (compareVersions(parts, parse(IMDSV2_FIRST_VERSIONS["16.1"])) >= 0) return true;
    return parts[0] === 15 && compareVersions(parts, parse(IMDSV2_FIRST_VERSIONS["15.1"])) >= 0;
}

/**
 * True when every version the text can stand for supports IMDSv2. A pattern stands for its prefix and anything after
 * it; every such version is at least the prefix (as a version) and keeps the prefix's major once a "." follows it,
 * so checking the prefix is enough, except on 15.1.x, which needs the major fixed (it must not reach 16.0.x).
 */
function allSupport(v: TmosVersion): boolean {
    if (!supportsImdsV2(v.parts)) return false;
    return v.exact || v.parts[0] !== 15 || v.parts.length >= 2;
}

function show(v: TmosVersion): string {
    return v.exact ? v.parts.join(".") : `${v.parts.join(".")}.*`;
}

const RULE = `BIG-IP VE supports IMDSv2 from ${IMDSV2_FIRST_VERSIONS["16.1"]} (and ${IMDSV2_FIRST_VERSIONS["15.1"]} on 15.1.x)`;

/** The IMDS setting for a BIG-IP image (pure): IMDSv2 required only when every image it can be supports it. */
export function bigIpImdsDecision(source: ImageSource): ImdsDecision {
    if ("id" in source) {
        return { httpTokens: "optional", reason: `explicit image ${source.id}: its TMOS version cannot be known offline; ${RULE}` };
    }
    const what = `image pattern ${JSON.stringify(source.descriptionPattern)}`;
    const v = tmosVersionOf(source.descriptionPattern);
    if (v === undefined) return { httpTokens: "optional", reason: `${what} names no TMOS version; ${RULE}` };
    return allSupport(v)
        ? { httpTokens: "required", version: show(v), reason: `TMOS ${show(v)} (${what}); ${RULE}` }
        : { httpTokens: "optional", version: show(v), reason: `TMOS ${show(v)} (${what}) may lack it; ${RULE}` };
}
