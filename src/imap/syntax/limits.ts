/**
 * Limits of the IMAP syntax layer. Each is a named constant so tests, the session and the
 * CAPABILITY/APPENDLIMIT text can quote it, and so memory per connection stays bounded whatever
 * a peer sends.
 */

/**
 * Longest command line (one segment between literals), in octets without its CRLF. RFC 7162 3.2.3
 * asks servers to accept at least 8192 octets, and real clients send far longer lines: a UID set
 * built from a sparse mailbox ("1,3,7,12,...") or a long SEARCH easily passes 8 KiB. 64 KiB takes
 * all of them while a connection can still only pin a small amount of memory per line.
 */
export const MAX_LINE_LENGTH = 64 * 1024;

/**
 * Largest literal we accept, in octets. Literals are APPEND's message bodies; 50 MiB is above what
 * common providers accept as a message (Gmail, Outlook: 25-35 MiB plus encoding) yet keeps one
 * command's buffer bounded. A bigger synchronizing literal is refused with NO [TOOBIG]
 * (RFC 7889 / RFC 4469) before the client sends it.
 */
export const MAX_LITERAL_SIZE = 50 * 1024 * 1024;

/**
 * Most literals one command may carry. Commands take at most a handful (LOGIN two, a SEARCH one
 * per string key), so 256 is generous; the cap stops a command made of endless `{0}` literals,
 * each costing a continuation round-trip and an allocation.
 */
export const MAX_LITERALS_PER_COMMAND = 256;

/**
 * Most octets one command may hold, lines plus literals. One maximal APPEND (a 50 MiB literal and
 * its line) fits; anything larger is many big literals in one command, which no client needs and
 * which would otherwise let a peer make us buffer MAX_LITERALS_PER_COMMAND * MAX_LITERAL_SIZE.
 */
export const MAX_COMMAND_SIZE = MAX_LITERAL_SIZE + 2 * MAX_LINE_LENGTH;

/**
 * Deepest nesting of parenthesized lists in one command. Real commands nest two or three levels
 * (LIST ... RETURN (STATUS (MESSAGES)), SEARCH groups); the cap keeps recursion bounded.
 */
export const MAX_NESTING_DEPTH = 32;

/**
 * Deepest chain of search keys (NOT/OR/parentheses). imapflow builds OR as a balanced tree, so 100
 * levels cover more operands than a line can hold, while "NOT NOT NOT ..." cannot exhaust the stack.
 */
export const MAX_SEARCH_DEPTH = 100;

/** RFC 2971 3.3: at most 30 ID field-value pairs, fields of at most 30 and values of 1024 octets. */
export const MAX_ID_PAIRS = 30;
export const MAX_ID_FIELD_LENGTH = 30;
export const MAX_ID_VALUE_LENGTH = 1024;
