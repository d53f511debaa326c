/**
 * Limits of the POP3 server. Each is a named constant so tests, docs and reports can quote it.
 */

/**
 * Longest command line we accept, in octets including its CRLF. RFC 2449 4 caps commands at 255
 * octets; we allow twice that because real clients exceed it with long addresses used as login
 * names and long passphrases, and rejecting a working client helps nobody. A longer line is
 * answered with -ERR and discarded up to its line end, so memory stays bounded whatever a peer sends.
 */
export const MAX_COMMAND_LINE_OCTETS = 512;

/**
 * Failed USER/PASS or APOP attempts per connection before we say `-ERR [AUTH] too many failures`
 * and close: enough for a user to fix a typo, few enough to make password guessing slow.
 */
export const MAX_FAILED_LOGINS = 3;

/**
 * Idle time after which the server closes a connection without entering UPDATE (nothing is
 * deleted). RFC 1939 3 requires an autologout timer of at least 10 minutes.
 */
export const IDLE_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * Longest piece of a client's bad input we quote back in -ERR text or a transcript: enough to
 * recognise the mistake, short enough that garbage cannot flood a report.
 */
export const MAX_QUOTED_INPUT_CHARS = 40;

/** TOP's line count is capped here so a huge number cannot cost more than a full RETR. */
export const MAX_TOP_LINES = 1_000_000_000;

/** Concurrent POP3 connections in all; one runaway client must not exhaust file descriptors. */
export const MAX_CONNECTIONS = 1000;

/**
 * Concurrent connections from one address. A POP3 client holds one connection per account and
 * check (the maildrop lock allows no more per account); 100 lets many accounts behind one address
 * poll at once while one client cannot take every slot.
 */
export const MAX_CONNECTIONS_PER_ADDRESS = 100;

/**
 * Time to log in, from the greeting: Dovecot's pop3-login, like its imap-login, disconnects a
 * client that has not logged in after 3 minutes (CLIENT_LOGIN_TIMEOUT_MSECS,
 * src/login-common/client-common.h). The 10-minute autologout applies from then on.
 */
export const LOGIN_TIMEOUT_MS = 3 * 60_000;

/**
 * Reply octets a session gathers before writing them to its socket (see Pop3Session.send): the
 * replies to a chunk of pipelined commands go out together, past this they are written at once and
 * the session waits for the socket as for any write. The same bound as IMAP's batch: 64 KiB is
 * what a Node client reads in one chunk. Message octets in the batch are views of the stored
 * message, not copies.
 */
export const MAX_OUTPUT_BATCH_BYTES = 64 * 1024;
