/** The doctor's report and the device objects it reads (see index.ts for what the doctor checks). */
import { CloneDelivery, CloneDeviceState } from "../resolve";
import type { PathProbe } from "./pathMtu";
import type { DeviceFailure } from "./session";

/** ✓ holds, ⚠ worth a look but not broken, ✗ broken, ? could not be checked. */
export type CheckStatus = "ok" | "warn" | "fail" | "unknown";

export type DoctorLink =
    | "source-self-ip" | "source-vlan" | "vlan-mtu" | "route" | "path-mtu"
    | "profile" | "tunnel"
    | "tunnel-self-ip" | "arp" | "fdb"
    | "member" | "monitor" | "member-state"
    | "walk" | "attachment" | "clone-stats" | "config-saved"
    | "failover" | "tunnel-sync" | "active-unit";

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
    /** A unit of an HA pair: what it says of itself (read only when the expectation has a peer). */
    ha?: DoctorHaState;
}

/** `GET cm/failover-status` and `GET sys db iptunnel.configsync` of one unit: the answer, or why there is none. */
export interface DoctorHaState {
    failoverStatus?: string;
    failoverDetails?: string;
    failoverError?: string;
    tunnelSync?: string;
    tunnelSyncError?: string;
}

/** How a unit of a pair is named on every line: `bigip1 (active)`, `bigip2 (standby)`, `bigip2 (unreachable)`. */
export type UnitRole = "active" | "standby" | "unreachable" | string;

export interface DoctorUnitReport {
    /** `bigip1` (the first unit, `existingBigip`) or `bigip2` (`existingBigip.peer`). */
    unit: string;
    role: UnitRole;
    /** `bigip1 (active)`: the name shown on each of its lines. */
    tag: string;
    /** `host:port`. */
    device: string;
    version?: string;
    tunnelSourceIp: string;
    /** cm/failover-status: ACTIVE / STANDBY (✓), anything else ⚠, not read ?. */
    failover: DoctorCheck;
    /** sys db iptunnel.configsync must be `disable` (✗ otherwise). */
    tunnelSync: DoctorCheck;
    /** The unit's own report (per-unit and synced links); absent when it could not be read. */
    report?: DoctorReport;
    /** Why it could not be read (then every one of its lines says so). */
    error?: { failure: DeviceFailure; message: string };
}

/** The doctor on an HA pair: each unit checked on its own, which one is active, and what config-sync has not copied. */
export interface DoctorPairReport {
    pair: true;
    /** Both units were read and no link is broken on either. */
    ok: boolean;
    counts: Record<CheckStatus, number>;
    /** The unit that reports ACTIVE, when exactly one does. */
    active?: string;
    /** Which unit is active (⚠ when both or neither). */
    activeUnit: DoctorCheck;
    units: DoctorUnitReport[];
}
