/**
 * Session limits. Protocol limits on lines and literals live in syntax/limits.ts.
 */

/** Failed LOGIN/AUTHENTICATE attempts before the server says BYE: slows password guessing. */
export const MAX_FAILED_AUTH = 3;

/** RFC 3501 5.4: an inactivity autologout timer must be at least 30 minutes. */
export const AUTOLOGOUT_MS = 30 * 60_000;

/** Concurrent connections per server; one runaway client must not exhaust file descriptors. */
export const MAX_CONNECTIONS = 1000;

/** Commands in one connection's backlog while the client is not reading our responses. */
export const MAX_QUEUED_RESPONSES_BYTES = 16 * 1024 * 1024;
