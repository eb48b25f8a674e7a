/**
 * A provider host in miniature for shared.test.ts: opens the shared session to the emulator named in the
 * environment, says so on stdout, and then idles until it is signalled (as the engine ends a run).
 */
import { withDeviceSession } from "../../../components/bigip/rest";

const conn = {
    host: "127.0.0.1", port: Number(process.env.EMU_PORT), username: "admin", password: "admin-pw",
    tls: { fingerprint256: String(process.env.EMU_FP) }, requestTimeoutMs: 5_000,
};
setInterval(() => undefined, 60_000); // a provider host stays up until the engine stops it
// CHILD_BUSY: the session is still in use (an operation in flight) when the signal comes.
withDeviceSession(conn, "reading", async (s) => {
    await s.get("tm/sys/version");
    if (process.env.CHILD_BUSY) {
        process.stdout.write("held\n");
        await new Promise(() => undefined);
    }
}, "read").then(() => process.stdout.write("held\n"), (e) => { process.stderr.write(String(e?.message ?? e)); process.exit(3); });
