/** One tag map for every AWS child: `Name` plus the user's tags (the user's win, except `Name`). */
export function tagsFor(name: string, userTags?: Record<string, string>): Record<string, string> {
    return { ...(userTags ?? {}), Name: name };
}
