/**
 * How a BIG-IP resource is told where its device is. The Input-typed form is what users write; the
 * plain form (rest/types BigIpConnection) is what provider methods receive.
 */
import * as pulumi from "@pulumi/pulumi";
import { BigIpConnection, BigIpTls } from "../rest/types";
import { isUnknown } from "./validation";

/** Connection settings for BIG-IP resources, as resource inputs. */
export interface BigIpConnectionArgs {
    /** Management host name or IP (e.g. the management Elastic IP). */
    readonly host: pulumi.Input<string>;
    /** Management port: 443 on multi-NIC VEs, 8443 on single-NIC. Defaults to 443. */
    readonly port?: pulumi.Input<number>;
    /** Defaults to `admin`. */
    readonly username?: pulumi.Input<string>;
    /**
     * The password, as a Pulumi secret. When omitted, the provider reads `BIGIP_PASSWORD` from its
     * environment at run time (useful when credentials rotate between `up` and `destroy`).
     */
    readonly password?: pulumi.Input<string>;
    /** `token` (default) or `basic`. */
    readonly auth?: pulumi.Input<"token" | "basic">;
    /** TLS trust: a CA/certificate PEM, a pinned SHA-256 fingerprint, or an explicit `insecure: true`. */
    readonly tls?: pulumi.Input<BigIpTls>;
    /** Per-request timeout in ms. Default 30 000. */
    readonly requestTimeoutMs?: pulumi.Input<number>;
    /** How long to wait for the device to become ready before the first change, in ms. Default 20 minutes. */
    readonly readinessTimeoutMs?: pulumi.Input<number>;
    /** Readiness poll interval in ms (≤ 5 000). Default 2 000. */
    readonly readinessIntervalMs?: pulumi.Input<number>;
    /** Retry policy for transient device errors. */
    readonly retry?: pulumi.Input<{ attempts?: number; baseDelayMs?: number; maxDelayMs?: number }>;
}

/**
 * The connection as a resource input. It stays a plain object literal (not one Output) so that only the
 * password is marked secret, whatever the caller passed: it is encrypted in state, and the engine carries
 * that secretness over to the same key in the outputs, while host and port stay readable in diffs.
 */
export function connectionInput(c: BigIpConnectionArgs): pulumi.Input<BigIpConnection> {
    const v: Record<string, unknown> = {
        host: c.host,
        port: c.port ?? 443,
        username: c.username ?? "admin",
        password: c.password === undefined ? undefined : pulumi.secret(c.password),
        auth: c.auth,
        tls: c.tls,
        requestTimeoutMs: c.requestTimeoutMs,
        readinessTimeoutMs: c.readinessTimeoutMs,
        readinessIntervalMs: c.readinessIntervalMs,
        retry: c.retry,
    };
    for (const k of Object.keys(v)) if (v[k] === undefined) delete v[k];
    return v as unknown as pulumi.Input<BigIpConnection>;
}

/**
 * Whether `news` may name another device than `olds`: a different `host:port`, or one not known yet (a preview while
 * the management address is being replaced). Such a change replaces the resource; an unknown one is shown as the
 * replacement it may be, so that a preview never says "update" where `up` replaces.
 */
export function mayMoveDevice(olds: BigIpConnection | undefined, news: BigIpConnection | undefined): boolean {
    if (isUnknown(news) || isUnknown(news?.host) || isUnknown(news?.port)) return true;
    return deviceKey(olds) !== deviceKey(news);
}

/** Identity of the device a resource lives on: moving to another device means a new object. */
export function deviceKey(c: BigIpConnection | undefined): string {
    return c ? `${c.host}:${c.port ?? 443}` : "";
}
