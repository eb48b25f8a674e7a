/** Shared setup for the REST client's integration tests against the strict emulator. */
import * as assert from "assert";
import { Emulator, startEmulator } from "../../emulator";
import { BigIpConnection, openSession, OpenSession, resetReadiness } from "../../../components/bigip/rest";

/** A pinned connection with tiny retry delays and readiness intervals (tests, not timing goals). */
export function connOf(e: Emulator, extra: Partial<BigIpConnection> = {}): BigIpConnection {
    return {
        host: e.host, port: e.port, username: "admin", password: "admin-pw",
        tls: { fingerprint256: e.fingerprint256 },
        requestTimeoutMs: 5_000, readinessIntervalMs: 50, readinessTimeoutMs: 10_000,
        retry: { attempts: 8, baseDelayMs: 2, maxDelayMs: 20 },
        ...extra,
    };
}

/** `METHOD /path status` lines, for assertions and failure messages. */
export const lines = (e: Emulator) => e.log.map((l) => `${l.method} ${l.path} ${l.status}${l.fault ? ` [${l.fault}]` : ""}`);

export const arp = (name: string, ip: string, mac = "02:00:00:00:00:01") => ({ name, partition: "Common", ipAddress: ip, macAddress: mac });

/** Expects `p` to reject; returns the error. */
export async function rejects(p: Promise<unknown>): Promise<any> {
    try {
        await p;
    } catch (e) {
        return e;
    }
    throw new Error("expected a rejection");
}

/**
 * One emulator and one open session for a `describe` block; closing checks the session logged out.
 * Faults are cleared and the log emptied before each test.
 */
export function useSession(): { e: Emulator; s: OpenSession } {
    const box = {} as { e: Emulator; s: OpenSession };
    before(async () => {
        box.e = await startEmulator();
        resetReadiness();
        box.s = await openSession(connOf(box.e));
    });
    after(async () => {
        await box.s.close();
        assert.strictEqual(box.e.activeTokens(), 0);
        await box.e.close();
    });
    beforeEach(() => { box.e.setFaults(undefined); box.e.clearLog(); });
    return box;
}
