/** The doctor's report and the device objects it reads (see index.ts for what the doctor checks). */
import { CloneDelivery, CloneDeviceState } from "../resolve";
import type { PathProbe } from "./pathMtu";

/** ✓ holds, ⚠ worth a look but not broken, ✗ broken, ? could not be checked. */
export type CheckStatus = "ok" | "warn" | "fail" | "unknown";

export type DoctorLink =
    | "source-self-ip" | "source-vlan" | "vlan-mtu" | "route" | "path-mtu"
    | "profile" | "tunnel"
    | "tunnel-self-ip" | "arp" | "fdb"
    | "member" | "monitor" | "member-state"
    | "walk" | "attachment" | "clone-stats" | "config-saved";

export type DoctorSection = "tunnel source" | "tunnel" | "overlay" | "clone pool" | "walk";

export interface DoctorCheck {
    link: DoctorLink;
    /** Short name shown in front of the line (`static ARP`). */
    label: string;
    status: CheckStatus;
    /** What was found, in a network engineer's words. */
    detail: string;
    /** What to change when the link is broken (or worth a look). */
    hint?: string;
}

export interface DoctorPathCheck extends DoctorCheck {
    section: DoctorSection;
}

export interface DoctorPathReport {
    collector: string;
    pool: string;
    tunnel: string;
    encapsulation: "gre" | "vxlan";
    key: number;
    mtu: number;
    ok: boolean;
    checks: DoctorPathCheck[];
    /** What the device does with the member's copies, when the walk got that far. */
    delivery?: CloneDelivery;
}

export interface DoctorReport {
    /** `host:port` of the BIG-IP. */
    device: string;
    /** TMOS version, when the device told. */
    version?: string;
    tunnelSourceIp: string;
    /** No link is broken (warnings and "not checkable" do not count). */
    ok: boolean;
    counts: Record<CheckStatus, number>;
    paths: DoctorPathReport[];
    attachments: DoctorCheck[];
    cloneStats: DoctorCheck & { counters?: Record<string, number> };
    configSaved: DoctorCheck;
}

/** What the doctor reads: the walk's collections, the underlay's, the expected virtuals and the clone counters. */
export interface DoctorDeviceState extends CloneDeviceState {
    vlans: any[];
    routes: any[];
    /** The virtual servers the expectation names, as GET returned them (missing ones are left out). */
    virtuals: any[];
    /** The answer of GET net/clone-stats; undefined when the device did not give one (see cloneStatsError). */
    cloneStats?: any;
    cloneStatsError?: string;
    version?: string;
    /** The don't-fragment probes per collector (pathMtu.ts); absent when the reader did not probe (no `path MTU` line). */
    pathProbes?: Record<string, PathProbe>;
}
