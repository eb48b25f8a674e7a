/** Small helpers the doctor's checks share: names as the device spells them, profile inheritance, monitors. */
import { bareAddress } from "../../common/values";
import { CloneDeviceState, pathOf } from "../resolve";

export const TEB = "transparent-ethernet-bridging";
/** The UDP port the collector's vxlan interface listens on (collector cloud-init: `dstport 4789`). */
export const VXLAN_PORT = 4789;

export const q = (v: unknown): string => (typeof v === "string" && !v.startsWith("/") ? `/Common/${v}` : String(v));
export const bare = (v: unknown): string => (typeof v === "string" ? bareAddress(v.trim()) : String(v));
export const encName = (e: "gre" | "vxlan") => (e === "gre" ? "GRE-TEB" : "VXLAN");
/** `10.254.0.2:0`, `2001:db8::2.0` (IPv6 members use a dot before the port). */
export const memberName = (ip: string, port = 0) => `${ip}${ip.includes(":") ? "." : ":"}${port}`;
export const portOf = (name: string): string | undefined => /[:.](\d+)$/.exec(name)?.[1];

/** A profile's effective value: its own, else its parent's (`defaultsFrom`), as the device inherits it. */
export function effective(dev: CloneDeviceState, p: any, key: string, depth = 0): unknown {
    if (p?.[key] !== undefined || depth > 5 || !p?.defaultsFrom) return p?.[key];
    const parent = [...dev.greProfiles, ...dev.vxlanProfiles].find((x) => pathOf(x) === q(p.defaultsFrom));
    return effective(dev, parent, key, depth + 1);
}

/** A monitor expression as written on a pool or member, or undefined when it is none (`""`, `none`, `/Common/none`). */
export function monitorOf(v: unknown): string | undefined {
    const t = typeof v === "string" ? v.trim() : "";
    return t === "" || t === "none" || t === "/Common/none" ? undefined : t;
}
