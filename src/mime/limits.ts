/**
 * Limits of the MIME parser. Whatever a stored message contains, parsing it stays linear in its
 * size and bounded in memory; content beyond a limit is kept as opaque bytes, never dropped.
 */

/**
 * Deepest nesting of multiparts and encapsulated messages we descend into. Real mail nests a few
 * levels (a forward of a forward of an alternative); a container deeper than this is treated as
 * an opaque application/octet-stream leaf so recursion and part numbers stay bounded. Dovecot
 * stops at 100 (MESSAGE_PARSER_DEFAULT_MAX_NESTED_MIME_PARTS, src/lib-mail/message-parser.h).
 */
export const MAX_MIME_DEPTH = 64;

/**
 * Most MIME entities we build for one message; past it the rest of a multipart is its epilogue
 * (still in BODY[] and in the multipart's body, just not split), as hardened parsers do. Go's
 * mime/multipart stops at 1,000 parts (multipartmaxparts, the fix for CVE-2023-24536); Dovecot
 * allows 10,000, but at our cost per part (~20 us to parse, a few hundred octets cached) forty
 * messages of 10,000 parts took 12.8 s of FETCH BODYSTRUCTURE and 850 MB. Real mail has a few
 * dozen parts; a digest of a busy mailing list a few hundred.
 */
export const MAX_MIME_PARTS = 1_000;

/**
 * Most header fields we index per header block. Further lines stay in the block (BODY[HEADER]
 * and HEADER.FIELDS.NOT still return them) but are gathered into one nameless field.
 */
export const MAX_HEADER_FIELDS = 10_000;

/**
 * Longest boundary we split by. A delimiter line is "--" + boundary and must fit in an RFC 5322
 * line of 998 octets; a longer boundary can never legally occur, so such a multipart has no parts.
 */
export const MAX_BOUNDARY_OCTETS = 994;

/**
 * Longest Content-* field value we interpret, in characters. Parameter parsing costs about
 * 0.1 s per MB, and no sane MIME field comes near this (RFC 2231 exists so long parameters can be
 * split across lines); characters past it are ignored, the bytes stay in the header block.
 */
export const MAX_CONTENT_FIELD_CHARS = 64 * 1024;
