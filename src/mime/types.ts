/**
 * Data shapes of the MIME layer. Everything here is plain data computed once per stored message;
 * the offsets point into the message's raw bytes and always satisfy
 * 0 <= headerStart <= headerEnd <= bodyEnd <= raw.length.
 */

/**
 * IMAP-shaped data as the FETCH writer needs it: a string is sent as a quoted string or a literal
 * (whichever it can be), a number as a number, null as NIL, an array as a parenthesized list with
 * SP between its items, and `{ adjacent: [...] }` as its items with nothing between them - the
 * `1*body` of a multipart and the `1*address` of an address list (RFC 3501 9). A Buffer is a
 * literal of those exact octets (header text that is not UTF-8, sent as stored).
 */
export type ImapData = string | number | null | Buffer | ImapData[] | AdjacentData;

export interface AdjacentData {
  readonly adjacent: readonly ImapData[];
}

/** One header field: a first line plus its folded continuation lines. */
export interface HeaderField {
  /**
   * Field name as written (case kept). Empty for a line that is not a field (no colon, or a
   * continuation line with nothing to continue); such lines are kept so that the fields tile
   * the header block and HEADER.FIELDS.NOT can return them.
   */
  readonly name: string;
  /** Raw value: unfolded (line breaks inside removed, the WSP kept), trimmed, not decoded. */
  readonly value: string;
  /** Offset of the field's first byte. */
  readonly start: number;
  /** Offset after its last byte, including the line ending when the field has one. */
  readonly end: number;
  /**
   * Set when the value's octets are not valid UTF-8 and were read as latin1: each character is
   * then exactly one of the stored octets, so Buffer.from(value, 'latin1') gives them back.
   */
  readonly latin1?: true;
}

/** The fields of one header block in message order, with case-insensitive lookup. */
export interface HeaderBlock {
  readonly fields: readonly HeaderField[];
  /** Value of the first field with this name, or undefined. */
  get(name: string): string | undefined;
  /** Values of all fields with this name, in message order. */
  getAll(name: string): string[];
  /** The first field with this name, or undefined. */
  first(name: string): HeaderField | undefined;
}

/** A Content-Type or Content-Disposition parameter: name as written, value decoded to UTF-8. */
export interface MimeParam {
  readonly name: string;
  readonly value: string;
}

export interface MimeDisposition {
  /** Lowercased disposition type, e.g. "attachment". */
  readonly type: string;
  readonly params: readonly MimeParam[];
}

/** One MIME entity: a message root, a body part, or the root of an encapsulated message. */
export interface MimePart {
  /**
   * IMAP section number (RFC 3501 6.4.5). A non-multipart message root is "1" (or "N.1" inside
   * message/rfc822 part N); a multipart message root has no number of its own and carries its
   * container's ("" at the top level, "N" inside message/rfc822 part N).
   */
  readonly partNumber: string;
  /** Offset of the first header byte. */
  readonly headerStart: number;
  /** Offset of the first body byte: after the blank line ending the header block. */
  readonly headerEnd: number;
  /**
   * Offset after the last body byte. Inside a multipart, the line ending before a delimiter
   * line belongs to the delimiter (RFC 2046 5.1.1), so it is not part of the body.
   */
  readonly bodyEnd: number;
  readonly headers: HeaderBlock;
  /** Lowercased media type. Defaults per RFC 2045 5.2 (message/rfc822 inside multipart/digest). */
  readonly type: string;
  /** Lowercased media subtype. */
  readonly subtype: string;
  /** Content-Type parameters in header order (RFC 2231 continuations joined and decoded). */
  readonly params: readonly MimeParam[];
  /** Lowercased Content-Transfer-Encoding, "7bit" when absent or not a token. */
  readonly encoding: string;
  readonly id: string | null;
  readonly description: string | null;
  readonly md5: string | null;
  readonly location: string | null;
  readonly disposition: MimeDisposition | null;
  /** Language tags from Content-Language, or null when absent or empty. */
  readonly language: readonly string[] | null;
  /** Body size in octets (bodyEnd - headerEnd): what BODYSTRUCTURE reports. */
  readonly size: number;
  /** Body lines as IMAP servers count them: the number of LF octets in the body. */
  readonly lines: number;
  /** Body parts of a multipart; empty for every other type. A multipart always has at least one. */
  readonly children: readonly MimePart[];
  /** Root of the encapsulated message of a message/rfc822 or message/global part, else null. */
  readonly message: MimePart | null;
}

export interface ParsedMessage {
  /** The top-level entity; its header block is the message header. */
  readonly root: MimePart;
  /** Length of the raw message in octets. */
  readonly size: number;
  /** MIME entities in the tree (at most MAX_MIME_PARTS): what parsing it cost, in parts. */
  readonly parts: number;
}

/** Section text specifiers of FETCH BODY[...] (RFC 3501 6.4.5). */
export type SectionText = 'HEADER' | 'HEADER.FIELDS' | 'HEADER.FIELDS.NOT' | 'TEXT' | 'MIME';

export interface SectionSpec {
  /** Part path, e.g. [4, 2, 1] for BODY[4.2.1...]; empty for the whole message. */
  readonly part: readonly number[];
  readonly text?: SectionText;
  /** Header field names for HEADER.FIELDS and HEADER.FIELDS.NOT. */
  readonly fields?: readonly string[];
}
