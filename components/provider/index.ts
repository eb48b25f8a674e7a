/**
 * Behind the stable entry point `@clone-l3/pulumi-clone-across-l3/provider/v1` (v1.js beside this file): the dynamic
 * provider of each BIG-IP resource type, by the type name its `__provider` text (text.ts) asks for. Every type a
 * release ever stored must stay here, and each must accept the state (inputs and outputs) earlier releases wrote.
 *
 * Results pass `onTheWire` first: the host converts them with protobuf's `Struct.fromJavaScript`, which throws
 * "Unexpected struct type." on an `undefined` anywhere (an unset optional field, a description the device left out).
 * Errors leave scrubbed of credentials (`scrubbed`).
 */
import * as dynamic from "@pulumi/pulumi/dynamic";
import { redact } from "../bigip/rest/redact";
import { afterFirstBootTls, BigIpTls } from "../bigip/rest/types";
import { clonePoolAttachmentProvider } from "../bigip/objects/clonePoolAttachment";
import { configSaveProvider } from "../bigip/objects/configSave";
import { fdbRecordProvider } from "../bigip/objects/fdbTunnel";
import { poolProvider } from "../bigip/objects/pool";
import { routeProvider } from "../bigip/objects/route";
import { selfIpProvider } from "../bigip/objects/selfIp";
import { staticArpProvider } from "../bigip/objects/arp";
import { tunnelProvider } from "../bigip/objects/tunnel";
import { tunnelChainProvider } from "../bigip/objects/tunnelChain";
import { tunnelProfileProvider } from "../bigip/objects/tunnelProfile";
import { underlayCheckProvider } from "../bigip/objects/underlayCheck";
import { virtualServerProvider } from "../bigip/objects/virtual";
import { vlanProvider } from "../bigip/objects/vlan";

/** Every resource type of protocol 1, by the name in its type token `pulumi-nodejs:dynamic/clonel3-bigip:<Type>`. */
export const PROVIDERS: Readonly<Record<string, dynamic.ResourceProvider>> = {
    ClonePoolAttachment: clonePoolAttachmentProvider,
    ConfigSave: configSaveProvider,
    FdbRecord: fdbRecordProvider,
    Pool: poolProvider,
    Route: routeProvider,
    SelfIp: selfIpProvider,
    StaticArp: staticArpProvider,
    Tunnel: tunnelProvider,
    TunnelChain: tunnelChainProvider,
    TunnelProfile: tunnelProfileProvider,
    UnderlayCheck: underlayCheckProvider,
    VirtualServer: virtualServerProvider,
    Vlan: vlanProvider,
};

/**
 * A value as it can travel in a protobuf Struct, with JSON's meaning: `undefined` object members are left out,
 * `undefined` list items become `null`. Everything else is kept as it is.
 */
export function onTheWire<T>(v: T): T {
    if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : onTheWire(x))) as unknown as T;
    if (v && typeof v === "object") {
        return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, onTheWire(x)])) as T;
    }
    return v;
}

const wrapped = new Map<string, dynamic.ResourceProvider>();

/** The provider for `type`, its results made wire-safe. Throws, naming the known types, for a type this release lacks. */
export function provider(type: string): dynamic.ResourceProvider {
    const p = Object.prototype.hasOwnProperty.call(PROVIDERS, type) ? PROVIDERS[type] : undefined;
    if (!p) throw new Error(`@clone-l3/pulumi-clone-across-l3: no dynamic provider for resource type ${JSON.stringify(type)} in this release (known: ${Object.keys(PROVIDERS).join(", ")})`);
    let w = wrapped.get(type);
    if (!w) wrapped.set(type, (w = wireSafe(p)));
    return w;
}

/**
 * An error on its way to the engine (its message is shown and logged, the host prints its stack): scrubbed of every
 * credential by shape and by value (rest/redact.ts), whatever made it — a device text quoted by a provider too.
 * A created-but-failed error keeps its `id` and `properties`.
 */
function scrubbed(e: unknown): unknown {
    if (!(e instanceof Error)) return new Error(redact(String(e)));
    e.message = redact(e.message);
    if (e.stack) e.stack = redact(e.stack);
    const reasons = (e as { reasons?: unknown }).reasons;
    if (Array.isArray(reasons)) (e as { reasons?: unknown }).reasons = reasons.map((r) => redact(String(r)));
    return e;
}

/** `fn`, its result made wire-safe and its error scrubbed. */
async function guarded<T>(fn: () => Promise<T>): Promise<T> {
    try {
        return onTheWire(await fn());
    } catch (e) {
        throw scrubbed(e);
    }
}

/**
 * Properties of an object that exists in state, for its read, update and delete: its device finished its first boot
 * once (the object was made on it), so a certificate other than the pinned one is not "first boot still running" but a
 * mismatch, failed at once instead of after the readiness timeout (`pinnedAtFirstBoot: false` also makes the error say
 * what to check: components/bigip/rest/transport.ts). A creation keeps the setting: it may meet a first boot.
 */
export function afterFirstBoot<T>(props: T): T {
    const c = (props as { connection?: { tls?: BigIpTls } } | undefined)?.connection;
    if (c?.tls?.pinnedAtFirstBoot !== true) return props;
    return { ...props, connection: { ...c, tls: afterFirstBootTls(c.tls) } };
}

/** `result` with the connection the engine gave (the state keeps what the program registered, not afterFirstBoot's). */
function withConnectionOf<R>(result: R, key: "props" | "outs", given: unknown): R {
    const c = (given as { connection?: unknown } | undefined)?.connection;
    const inner = (result as Record<string, any> | undefined)?.[key];
    if (c === undefined || !inner || typeof inner !== "object" || !("connection" in inner)) return result;
    return { ...result, [key]: { ...inner, connection: c } };
}

function wireSafe(p: dynamic.ResourceProvider): dynamic.ResourceProvider {
    const w: dynamic.ResourceProvider = {
        create: (inputs) => guarded(() => p.create(inputs)),
    };
    if (p.check) w.check = (olds, news) => guarded(() => p.check!(olds, news));
    if (p.diff) w.diff = (id, olds, news) => guarded(() => p.diff!(id, olds, news));
    if (p.read) w.read = (id, props) => guarded(async () => withConnectionOf(await p.read!(id, afterFirstBoot(props)), "props", props));
    if (p.update) w.update = (id, olds, news) => guarded(async () => withConnectionOf(await p.update!(id, afterFirstBoot(olds), afterFirstBoot(news)), "outs", news));
    if (p.delete) w.delete = (id, props) => guarded(() => p.delete!(id, afterFirstBoot(props)));
    return w;
}
