import { check } from "./errors";

/** One tag map for every AWS child: `Name` plus the user's tags (the user's win, except `Name`). */
export function tagsFor(name: string, userTags?: Record<string, string>): Record<string, string> {
    return { ...(userTags ?? {}), Name: name };
}

/**
 * User tags as AWS accepts them: an object of string values, keys 1..128 and values 0..256 characters, no `aws:`
 * prefix (reserved by AWS), at most 50 tags. Undefined is an empty map.
 */
export function checkTags(tags: unknown, setting: string): Record<string, string> {
    if (tags === undefined) return {};
    check(typeof tags === "object" && tags !== null && !Array.isArray(tags), setting, "must be an object mapping tag names to string values");
    const entries = Object.entries(tags as Record<string, unknown>);
    check(entries.length <= 50, setting, `has ${entries.length} tags; AWS allows at most 50 per resource`);
    for (const [k, v] of entries) {
        check(typeof v === "string", `${setting}.${k}`, `${JSON.stringify(v)} is not a string; tag values must be strings (quote numbers and booleans)`);
        check(k.length >= 1 && k.length <= 128 && !/^aws:/i.test(k), `${setting}.${k}`, "tag keys must be 1..128 characters and must not start with \"aws:\"");
        check(v.length <= 256, `${setting}.${k}`, "tag values must be at most 256 characters");
    }
    return { ...(tags as Record<string, string>) };
}
