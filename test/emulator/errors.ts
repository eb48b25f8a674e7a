/**
 * Error bodies in the two styles a BIG-IP uses (reference §2): mcpd/config errors
 * `{code, message: "<hex>:<sev>: …", errorStack, apiError}` and REST-framework errors
 * `{code, message, referer, restOperationId, kind: ":resterrorresponse"}`.
 * Texts come from the reference wherever it has them; the others are marked "guessed".
 */

/** An answer to send instead of the normal one; thrown from anywhere below the HTTP layer. */
export class DeviceError extends Error {
    constructor(
        readonly status: number,
        readonly body: Record<string, unknown> | undefined,
        /** Non-JSON body (the 503 HTML page), sent verbatim. */
        readonly raw?: string,
        readonly contentType = "application/json",
    ) {
        super(typeof body?.message === "string" ? body.message : raw ?? `HTTP ${status}`);
    }
}

let restOperationId = 41;
/** The referer a device echoes: our only client address is loopback. */
export const REFERER = "127.0.0.1";

export function mcpdError(status: number, message: string, apiError = 3): DeviceError {
    return new DeviceError(status, { code: status, message, errorStack: [], apiError });
}

export function restError(status: number, message: string, withReferer = true): DeviceError {
    return new DeviceError(status, {
        code: status, message, ...(withReferer ? { referer: REFERER } : {}), restOperationId: ++restOperationId, kind: ":resterrorresponse",
    });
}

export const notFound = (label: string, fullPath: string) =>
    mcpdError(404, `01020036:3: The requested ${label} (${fullPath}) was not found.`);

export const alreadyExists = (label: string, fullPath: string, partition: string) =>
    mcpdError(409, `01020066:3: The requested ${label} (${fullPath}) already exists in partition ${partition}.`);

export const missingRef = (target: string, label: string, fullPath: string, prop: string) =>
    mcpdError(400, `01070712:3: Values (${target}) specified for ${label} (${fullPath}): foreign key index (${prop}_FK) do not point at an item that exists in the database.`);

export const inUse = (label: string, path: string, otherLabel: string, otherPath: string) =>
    mcpdError(400, `01070265:3: The ${label} (${path}) cannot be deleted because it is in use by a ${otherLabel} (${otherPath}).`);

export const unexpectedPair = (itemPath: string, key: string, value: unknown) =>
    mcpdError(400, `Found unexpected json pair at configuration item ${itemPath}. The json pair is "${key}":${JSON.stringify(value)}.`, 26214401);

/** Wrong JSON type, enum value or format. Guessed text (the REST layer's parse error), names key and value. */
export const invalidValue = (key: string, value: unknown) =>
    mcpdError(400, `invalid property value "${key}":${JSON.stringify(value)}`, 26214401);

/** mcpd validation failure; the code is the real generic one, the texts after it are guessed. */
export const configError = (text: string) => mcpdError(400, `01070734:3: Configuration error: ${text}`);

/** The device's answer to creating or deleting an FDB tunnel object (k8s-bigip-ctlr#1508). */
export const enterValidOption = () => mcpdError(400, "enter a valid option", 26214401);

export const folderNotFound = (partition: string) =>
    mcpdError(400, `The requested folder (/${partition}) was not found.`, 26214401);

export const invalidJson = () => mcpdError(400, "Found invalid JSON body in the request.", 1);

/** Unknown URI (REST framework). */
export const notRegistered = (path: string) => restError(404, `Public URI path not registered: ${path.replace(/^\/mgmt/, "")}`);

export const methodNotAllowed = (method: string, path: string) =>
    restError(405, `Method ${method} is not supported on ${path.replace(/^\/mgmt/, "")}`);

/** Transient bodies (errors-transient.json, reference §1.12). */
export const TRANSIENT = {
    restarting503: () => new DeviceError(503, undefined,
        "<html><head><title>BIG-IP&reg; - Configuration Utility restarting...</title></head>" +
        "<body>long html response..: Configuration Utility restarting...</body></html>", "text/html"),
    notRegistered404: (path: string) => restError(404,
        `URI path ${path} not registered.  Please verify URI is supported and wait for /available suffix to be responsive.`, false),
    mcpdLost500: () => mcpdError(500, "The connection to mcpd has been lost, try again.", 32768001),
    noAuth401: (path: string) => restError(401,
        `Authorization failed: no user authentication header or token detected. Uri:http://localhost:8100${path} Referrer:${REFERER} Sender:${REFERER}`),
    unavailable503: (path: string) => restError(503, `Unable to process request ${path.replace(/^\/mgmt/, "")}. Service is unavailable.`),
};
