/**
 * Session limits. Protocol limits on lines and literals live in syntax/limits.ts.
 */
import { MAX_LITERAL_SIZE } from './syntax/limits.js';

/** Failed LOGIN/AUTHENTICATE attempts before the server says BYE: slows password guessing. */
export const MAX_FAILED_AUTH = 3;

/** RFC 3501 5.4: an inactivity autologout timer must be at least 30 minutes. */
export const AUTOLOGOUT_MS = 30 * 60_000;

/** Concurrent connections per server; one runaway client must not exhaust file descriptors. */
export const MAX_CONNECTIONS = 1000;

/**
 * Concurrent connections from one remote address, so one client cannot take every slot. Dovecot
 * allows 10 per user and address once logged in (mail_max_userip_connections); we count every
 * connection of an address, logged in or not and for any user, so ten times that. Thunderbird
 * opens at most 5 per account (mail.server.default.max_cached_connections).
 */
export const MAX_CONNECTIONS_PER_ADDRESS = 100;

/**
 * Response octets a connection may have waiting in its socket for a client that does not read.
 * FETCH waits for the socket to drain between messages, and every command's tagged reply waits
 * for it once a response filled it, so this is reached only by unsolicited news (IDLE) piling up
 * for a client that stopped reading: past it the connection is dropped.
 */
export const MAX_QUEUED_RESPONSES_BYTES = 16 * 1024 * 1024;

/**
 * Response octets a connection gathers before writing them to its socket in one go (see
 * ImapConnection's batch). Everything one event-loop turn produces goes out as one write; a turn
 * that produces more (a FETCH of many messages) writes whenever this much has gathered, then
 * waits for the socket like any write. 64 KiB is what a Node client reads in one chunk (libuv's
 * read buffer), and few turns produce more: the bound costs a big FETCH nothing, and a connection
 * never holds more than this on top of what its socket holds.
 */
export const MAX_OUTPUT_BATCH_BYTES = 64 * 1024;

/**
 * Received octets a connection may hold unframed. The socket is paused whenever the session
 * cannot take more input (a command in progress, responses not read), so only what was already
 * in flight arrives: a few chunks of 64 KiB. More than this means pausing failed; we say BYE.
 */
export const MAX_BUFFERED_INPUT_BYTES = 1024 * 1024;

/**
 * Largest literal before login. Dovecot's imap-login reads commands with an 8 KiB parser
 * (MAX_IMAP_LINE 8192, src/imap-login/imap-login-client.c) and a bigger literal is a fatal parser
 * error answered with BYE; a LOGIN needs a few hundred octets at most. Without this, four
 * unauthenticated `LOGIN {52428800}` took 800 MB and stalled every other client.
 */
export const MAX_LITERAL_BEFORE_LOGIN = 8 * 1024;

/**
 * Literal octets the whole server receives at once (APPENDs in progress on all connections). One
 * connection holds at most one literal of MAX_LITERAL_SIZE; this lets four of those arrive at once
 * and refuses a fifth (NO [UNAVAILABLE], try again) rather than let uploads take all memory.
 */
export const MAX_LITERAL_BYTES_IN_FLIGHT = 4 * MAX_LITERAL_SIZE;

/**
 * How long a half-received command (inside a literal, or between two) may go without a single
 * octet. A client sends a literal right after the continuation it asked for; one that stalls
 * mid-literal pins up to 50 MiB, so after this it gets BYE.
 */
export const STALLED_COMMAND_TIMEOUT_MS = 60_000;

/**
 * Time to log in, from the greeting. Dovecot's login processes disconnect a client that has not
 * logged in after 3 minutes (CLIENT_LOGIN_TIMEOUT_MSECS, src/login-common/client-common.h), so
 * idle unauthenticated connections cannot hold connection slots for the 30-minute autologout.
 */
export const LOGIN_TIMEOUT_MS = 3 * 60_000;

/**
 * Work a stepped command (FETCH) does per turn of the event loop before other connections get
 * theirs (it also stops whenever the socket needs to drain). A unit is one message answered, or
 * one MIME part parsed when the message was not parsed yet (about 20 us each), so a turn stays
 * near 50 ms even when every message is a MIME bomb at MAX_MIME_PARTS.
 */
export const MAX_WORK_PER_TURN = 2_000;

/**
 * How long a connection we are closing gets to take our last words (BYE) before its socket is
 * destroyed: a client that stopped reading would otherwise keep a half-closed socket for good.
 */
export const CLOSING_GRACE_MS = 5_000;

/**
 * Arrivals and removals one session may have waiting to be told (a client that selected a mailbox
 * and then says nothing, while others deliver or expunge). Past this the connection says BYE
 * rather than hold them all: a reconnecting client resyncs with one SELECT, which costs the
 * server less than remembering, say, a bulk import of 100,000 messages for every silent session.
 */
export const MAX_PENDING_CHANGES = 10_000;

/**
 * Changes an idling session may have held back while a scenario step delivers (idle-news.ts):
 * at this many it is told at once. Well under MAX_PENDING_CHANGES, so a hold never ends a session.
 */
export const MAX_HELD_IDLE_CHANGES = 1_000;

/**
 * Messages whose flag changes one session tracks one by one. Beyond this (a `STORE 1:*` on a big
 * mailbox by another session), the session keeps a single "changed since modseq n" mark and, when
 * it next may, reports the flags of every message above it: memory stays constant per session.
 */
export const MAX_PENDING_FLAG_MESSAGES = 1_000;
