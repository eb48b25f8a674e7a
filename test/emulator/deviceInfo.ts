/**
 * `GET /mgmt/shared/identified-devices/config/device-info`, read by F5's own clients (f5-cloud-libs `BigIp.deviceInfo()`
 * and its `ready()`, which compares `version` with 13.1.0). Keys and key order are those of a real 15.1.0.4 VE answer
 * (f5devcentral/f5-conx-core `tests/artifacts/f5_device_atc_infos.ts` @ e90fd3ec, values anonymized there); values are
 * this emulator's: `version`, `build`, `edition` as `sys/version` answers them, a VE with one data interface.
 */
import { createHash } from "crypto";

/** Stable made-up identifiers (the capture's are anonymized): derived from the version, same on every start. */
function id(seed: string): string {
    const h = createHash("sha1").update(`emulator:${seed}`).digest("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** The device-info answer of this emulated device (`build`/`edition` as sys/version reports them). */
export function deviceInfo(version: string, build: string, edition: string): Record<string, unknown> {
    const mac = "02:00:5e:00:00:01";
    return {
        baseMac: mac, hostMac: mac, halUuid: id("hal"), chassisSerialNumber: id("chassis"),
        slots: [{ volume: "HD1.1", product: "BIG-IP", version, build, isActive: true }],
        license: {
            licenseEndDateTime: "2030-01-01T00:00:00+00:00", registrationKey: "EMULA-TORXX-XXXXX-XXXXX-XXXXXXX",
            activeModules: ["Best Bundle, VE-1G|EMULATOR|Routing Bundle, VE|SSL, VE"],
            generation: 0, lastUpdateMicros: 0,
        },
        interfaces: ["1.1", "mgmt"],
        isIControlRestSupported: true, icrdPort: 8100, time: Date.now(), physicalMemory: 8192, platform: "Z100",
        cpu: "Intel(R) Xeon(R) CPU (emulated)", machineId: id("machine"),
        address: "127.0.0.1", hostname: "bigip1.localdomain", version, product: "BIG-IP",
        platformMarketingName: "BIG-IP Virtual Edition", edition, build, restFrameworkVersion: `${version}-${build}`,
        managementAddress: "127.0.0.1", mcpDeviceName: "/Common/bigip1.localdomain",
        isClustered: false, isVirtual: true, hypervisorType: "0",
        generation: 0, lastUpdateMicros: 0,
        kind: "shared:resolver:device-groups:deviceinfostate",
        selfLink: "https://localhost/mgmt/shared/identified-devices/config/device-info",
    };
}
