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

/**
 * Arrivals and removals one session may have waiting to be told (a client that selected a mailbox
 * and then says nothing, while others deliver or expunge). Past this the connection says BYE
 * rather than hold them all: a reconnecting client resyncs with one SELECT, which costs the
 * server less than remembering, say, a bulk import of 100,000 messages for every silent session.
 */
export const MAX_PENDING_CHANGES = 10_000;

/**
 * Messages whose flag changes one session tracks one by one. Beyond this (a `STORE 1:*` on a big
 * mailbox by another session), the session keeps a single "changed since modseq n" mark and, when
 * it next may, reports the flags of every message above it: memory stays constant per session.
 */
export const MAX_PENDING_FLAG_MESSAGES = 1_000;
