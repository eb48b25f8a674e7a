import * as assert from "assert";
import { Emulator, startEmulator } from ".";
import { basic, call, expectError, login } from "./client";

/** Keys, in order, of a real 15.1.0.4 VE device-info answer (f5devcentral/f5-conx-core tests/artifacts/f5_device_atc_infos.ts @ e90fd3ec). */
const CAPTURED_KEYS = ["baseMac", "hostMac", "halUuid", "chassisSerialNumber", "slots", "license", "interfaces",
    "isIControlRestSupported", "icrdPort", "time", "physicalMemory", "platform", "cpu", "machineId", "address", "hostname",
    "version", "product", "platformMarketingName", "edition", "build", "restFrameworkVersion", "managementAddress",
    "mcpDeviceName", "isClustered", "isVirtual", "hypervisorType", "generation", "lastUpdateMicros", "kind", "selfLink"];

describe("emulator: what F5's client reads for readiness (f5-cloud-libs ready(), deviceInfo())", () => {
    let e: Emulator;
    before(async () => { e = await startEmulator(); });
    after(async () => { await e.close(); });

    it("GET device-info: the captured keys in order, this device's version, BIG-IP", async () => {
        const r = await call(e, "GET", "/mgmt/shared/identified-devices/config/device-info", undefined, await login(e));
        assert.strictEqual(r.status, 200, r.text);
        assert.deepStrictEqual(Object.keys(r.body), CAPTURED_KEYS);
        assert.strictEqual(r.body.version, "14.1.2.1");
        assert.strictEqual(r.body.product, "BIG-IP");
        assert.strictEqual(r.body.kind, "shared:resolver:device-groups:deviceinfostate");
        assert.deepStrictEqual(Object.keys(r.body.slots[0]), ["volume", "product", "version", "build", "isActive"]);
        expectError(await call(e, "POST", "/mgmt/shared/identified-devices/config/device-info", {}, basic()), 405, /not supported/);
    });

    it("every availability endpoint ready() polls answers 2xx, and mcp-state is running", async () => {
        const h = basic();
        for (const p of ["/mgmt/shared/echo/available", "/mgmt/shared/identified-devices/config/device-info/available",
            "/mgmt/tm/sys/available", "/mgmt/tm/cm/available", "/mgmt/shared/iapp/package-management-tasks/available"]) {
            assert.strictEqual((await call(e, "GET", p, undefined, h)).status, 200, p);
        }
        const m = await call(e, "GET", "/mgmt/tm/sys/mcp-state", undefined, h);
        for (const v of Object.values<any>(m.body.entries)) assert.strictEqual(v.nestedStats.entries.phase.description, "running");
    });

    it("passwordExpired: the right password is refused with the device's text (login and Basic); a wrong one as before", async () => {
        const x = await startEmulator({ passwordExpired: true });
        try {
            const text = "Authentication failed: Password expired. Update password via /mgmt/shared/authz/users";
            expectError(await call(x, "POST", "/mgmt/shared/authn/login", { username: "admin", password: "admin-pw", loginProviderName: "tmos" }), 401, text);
            expectError(await call(x, "GET", "/mgmt/tm/sys/version", undefined, basic()), 401, text);
            expectError(await call(x, "GET", "/mgmt/shared/authz/users", undefined, basic()), 401, text);
            expectError(await call(x, "GET", "/mgmt/tm/sys/version", undefined, basic("admin", "nope")), 401, "Authentication failed.");
            assert.strictEqual(x.activeTokens(), 0);
        } finally { await x.close(); }
    });
});
