/**
 * Limits of the SMTP service. Each is a named constant so tests, docs and the EHLO SIZE keyword
 * can quote it.
 */

/** Largest message accepted, in octets: what the big providers allow (25 MB), so tests see real limits. */
export const MAX_MESSAGE_SIZE = 25 * 1024 * 1024;

/** Recipients per message; a cap keeps one transaction from fanning out unboundedly. */
export const MAX_RECIPIENTS = 100;

/** Concurrent SMTP connections in all; one runaway sender must not exhaust file descriptors. */
export const MAX_CONNECTIONS = 1000;

/**
 * Concurrent connections from one address: Postfix's default for smtpd
 * (smtpd_client_connection_count_limit = 50, postconf(5)), enough for any real sender's pool.
 */
export const MAX_CONNECTIONS_PER_ADDRESS = 50;

/**
 * Longest command line, counting its CRLF. RFC 5321 4.5.3.1.4 allows 512 octets, and its
 * extensions more: RFC 4954 4 lets an AUTH line (a SASL initial response) reach 12,288.
 */
export const MAX_COMMAND_LINE_OCTETS = 12_288;

/** Unrecognized or malformed commands before the connection is closed with 421 (RFC 5321 4.3.2 lets a server close on errors). */
export const MAX_BAD_COMMANDS = 10;

/** Failed AUTH attempts on one connection before it is closed with 421, as POP3 and IMAP allow 3. */
export const MAX_FAILED_LOGINS = 3;

/** A client silent this long is disconnected: RFC 5321 4.5.3.2.7 asks a server to wait at least 5 minutes. */
export const IDLE_TIMEOUT_MS = 5 * 60 * 1000;

/** After our last reply (QUIT's 221, a 421) the client has this long to close its side, then the socket is dropped. */
export const CLOSE_LINGER_MS = 10_000;

/** Replies waiting to be written in one turn before they go out at once. */
export const MAX_OUTPUT_BATCH_BYTES = 64 * 1024;

/**
 * Replies a client may leave unread before we stop reading its commands. A pipelining client
 * (RFC 2920) that never reads would otherwise have us queue a reply per command forever.
 */
export const MAX_UNREAD_REPLY_BYTES = 256 * 1024;

/**
 * Significant digits of a BDAT chunk size. A chunk over the message size is still read (and
 * refused), so its end is found; past 10^15 octets it could not be counted exactly, and the
 * connection is closed instead.
 */
export const MAX_BDAT_SIZE_DIGITS = 15;

/**
 * A message being received that gains no octets for this long ends its connection (421): it holds
 * part of MAX_RECEIVING_OCTETS, and NOOPs alone would keep the idle timeout from firing.
 */
export const MESSAGE_STALL_TIMEOUT_MS = 60_000;

/**
 * Message octets the whole SMTP service holds while they are being received, over all connections
 * (as IMAP bounds its literals): 1,000 connections each sending a 25 MB message must not need
 * 25 GB. A message that finds the budget spent is read to its end, kept nowhere, and refused with
 * 452 (RFC 5321 4.2.2: insufficient system storage), to be tried again later.
 */
export const MAX_RECEIVING_OCTETS = 200 * 1024 * 1024;
