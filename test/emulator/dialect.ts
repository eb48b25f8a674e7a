/**
 * How the emulated device spells values back (per emulated TMOS version), so the providers' compares are proven
 * against the device's spellings and not against an echo of what they wrote. `startEmulator({ dialect })` overrides
 * single switches; `startEmulator({ dialect: VERBATIM })` echoes values as written (the old behaviour).
 * Sources and Inference notes: README.md, "Device spellings".
 */
export interface Dialect {
    /** MAC values without zero padding (`0:50:56:99:77:6`): ARP `macAddress`. */
    unpaddedMacs: boolean;
    /**
     * FDB record names: `written` keeps the name a record was created with (a name is a name: an admin's
     * `2:0:5e:10:0:f` stays that, and is not found as `02:00:5e:10:00:0f`), `unpadded` renames every record to its
     * unpadded MAC. A record is only ever found by its own name (case aside).
     */
    recordNames: "written" | "unpadded";
    /** `%N` printed only where the route domain is not the partition's default (0): `10.0.0.1%0` reads `10.0.0.1`. */
    routeDomainSuffixes: boolean;
    /** `expandSubcollections=true` honoured; when false (a version that ignores it) references never carry `items`. */
    expandSubcollections: boolean;
    /**
     * Shape of an expanded sub-collection reference: `link` = `{link, isSubcollection, items}` (16.0.0 capture of
     * `net/vlan`), `kind` = `{kind, selfLink, isSubcollection, items}` (12.1.0, CCCL `bigip_net_data.json`).
     */
    expandedShape: "link" | "kind";
}

/** Echo what was written (no device spellings): for tests that want the stored text back. */
export const VERBATIM: Dialect = { unpaddedMacs: false, recordNames: "written", routeDomainSuffixes: false, expandSubcollections: true, expandedShape: "link" };

/** The device's spellings for `version`. */
export function dialectFor(version: string): Dialect {
    const major = Number(version.split(".")[0]);
    return {
        unpaddedMacs: true,
        recordNames: "written",
        routeDomainSuffixes: true,
        expandSubcollections: true,
        expandedShape: major < 13 ? "kind" : "link",
    };
}

/** `02:00:5e:10:00:0f` → `2:0:5e:10:0:f` (lower case, as `show net arp` prints it). Leaves non-MACs alone. */
export function unpadMac(v: unknown): unknown {
    if (typeof v !== "string" || !/^[0-9A-Fa-f]{1,2}(:[0-9A-Fa-f]{1,2}){5}$/.test(v)) return v;
    return v.split(":").map((o) => o.toLowerCase().replace(/^0(?=.)/, "")).join(":");
}

/** Drops a `%0` route-domain suffix wherever it sits (`10.0.0.1%0`, `10.0.0.1%0/24`, `/Common/10.0.0.1%0:80`). */
export function dropDefaultRd(v: unknown): unknown {
    if (typeof v !== "string") return v;
    return v.replace(/%0+(?=$|[/:.])/, "");
}

/** Same MAC whatever the padding or case. */
export function sameMac(a: string, b: string): boolean {
    const pad = (m: string) => m.toLowerCase().split(":").map((o) => o.padStart(2, "0")).join(":");
    return pad(a) === pad(b);
}
