/**
 * A self-signed management certificate like a BIG-IP's (CN=localhost.localdomain, no SAN), made with the
 * openssl CLI once per process: RSA key generation is the slow part of starting an emulator. A second, different one
 * (same subject) stands for the factory certificate a new device presents until its first boot installs the stack's.
 */
import { execFile } from "child_process";
import { X509Certificate } from "crypto";
import { mkdtemp, readFile, rm } from "fs/promises";
import { tmpdir } from "os";
import { join } from "path";
import { promisify } from "util";

export interface DeviceCert { keyPem: string; certPem: string; fingerprint256: string }

const cached = new Map<"device" | "factory", Promise<DeviceCert>>();

async function generate(): Promise<DeviceCert> {
    const dir = await mkdtemp(join(tmpdir(), "bigip-emulator-"));
    try {
        const key = join(dir, "key.pem"), cert = join(dir, "cert.pem");
        await promisify(execFile)("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes",
            "-subj", "/CN=localhost.localdomain", "-days", "2", "-keyout", key, "-out", cert]);
        const [keyPem, certPem] = await Promise.all([readFile(key, "utf8"), readFile(cert, "utf8")]);
        return { keyPem, certPem, fingerprint256: new X509Certificate(certPem).fingerprint256 };
    } finally {
        await rm(dir, { recursive: true, force: true });
    }
}

function once(which: "device" | "factory"): Promise<DeviceCert> {
    let p = cached.get(which);
    if (!p) {
        p = generate().catch((e) => { cached.delete(which); throw e; });
        cached.set(which, p);
    }
    return p;
}

/** The emulator's management certificate (the one a test pins). */
export function deviceCert(): Promise<DeviceCert> {
    return once("device");
}

/** The factory certificate (`EmulatorOptions.factoryCertificate`): another key, the same subject as `deviceCert`. */
export function factoryCert(): Promise<DeviceCert> {
    return once("factory");
}
