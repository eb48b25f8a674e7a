/**
 * iControl REST client core for the BIG-IP dynamic providers. Import from here; everything is safe to capture
 * in a serialized provider (no live state at module scope).
 */
export * from "./types";
export { withSession, openSession, closeSession, mgmtPath } from "./session";
export type { OpenSession } from "./session";
export { withDeviceSession, closeSessions, endRun, sharedSessionCount, setSessionIdleMs, SESSION_IDLE_MS } from "./shared";
export { hasUnsavedChanges, resetUnsaved } from "./unsaved";
export { resetReadiness, waitForReady, isFatalForReadiness, isBootRefusal, BOOT_401_RETRIES } from "./readiness";
export { parseErrorBody, backoffDelay, isTransientKind } from "./errors";
export type { ErrorKind, ParsedError, RetryPolicy } from "./errors";
export { parseLoginResponse, parseReady, parseVersion, parseCollection, parseStats, describeReady } from "./parsers";
export type { LoginResult, ReadyState, StatsEntry, StatValue } from "./parsers";
export { resolveConnection, MAX_ANSWER_BYTES } from "./transport";
export { redact, redactWith, remember, REDACTED } from "./redact";
export type { Resolved } from "./transport";
