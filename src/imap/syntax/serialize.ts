/**
 * Response values to bytes. Handlers build responses from typed values - numbers, strings, flags as
 * atoms, nested lists - and never concatenate wire text themselves, so quoting, literals and CRLF
 * are decided in this one place.
 */
import { canQuote, quoteString } from './chars.js';
import { encodeMailboxName } from './mailbox-name.js';

export type SerializeErrorCode = 'INVALID_ATOM' | 'INVALID_NUMBER' | 'INVALID_TAG';

/** A handler passed a value that cannot be written; a bug in the caller, never client input. */
export class ImapSerializeError extends Error {
  constructor(
    readonly code: SerializeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ImapSerializeError';
  }
}

/**
 * Text written as is: flags (`\Seen`), keywords, response names (`FETCH`, `EXISTS`) and fetch
 * labels such as `BODY[HEADER.FIELDS (SUBJECT)]<0>`. Printable ASCII and space only, so no atom
 * can break the line.
 */
export class Atom {
  constructor(readonly text: string) {
    if (!/^[\x20-\x7e]+$/.test(text)) throw new ImapSerializeError('INVALID_ATOM', `cannot write ${JSON.stringify(text)} as an atom`);
  }
}

/** literal8 (RFC 3516): `~{n}` and octets that may hold NUL, for BINARY[...] data. */
export class Literal8 {
  constructor(readonly bytes: Buffer) {}
}

/**
 * Octets already in wire form (e.g. a cached BODYSTRUCTURE); the caller vouches for them. A string
 * holds them one octet per character (latin1), so cached text joins the response's text without
 * a Buffer of its own.
 */
export class Verbatim {
  constructor(readonly bytes: Buffer | string) {}
}

/**
 * Values written one after another with nothing between them. RFC 3501 9 has two places where a
 * list holds items without SP: `body-type-mpart = 1*body SP media-subtype` (the parts of a
 * multipart) and `env-from = "(" 1*address ")"` (an ENVELOPE address list). c-client (alpine) reads
 * the grammar literally and stops at a space there, so `((...) (...) "MIXED")` loses every part but
 * the first. A plain object, not a class, so the MIME layer can build one without importing this.
 */
export interface Adjacent {
  readonly adjacent: readonly ImapValue[];
}

/**
 * null -> NIL; number / bigint -> decimal; string -> quoted string when it is 7-bit without NUL, CR
 * or LF, otherwise a literal of its UTF-8 octets (we do not offer UTF8=ACCEPT, so 8-bit text may
 * not be quoted), NUL as U+FFFD; Buffer -> literal of its octets as they are (message data); Atom / Verbatim -> as is; array -> parenthesized list, items
 * separated by one SP; Adjacent -> its items with no separator.
 */
export type ImapValue = null | number | bigint | string | Buffer | Atom | Verbatim | Literal8 | QuotedUtf8 | Adjacent | readonly ImapValue[];

export function atom(text: string): Atom {
  return new Atom(text);
}

/** `adjacent(a, b)` writes "ab": see Adjacent. */
export function adjacent(...values: ImapValue[]): Adjacent {
  return { adjacent: values };
}

/** Flags as atoms, for FLAGS / PERMANENTFLAGS lists. */
export function flagAtoms(flags: Iterable<string>): Atom[] {
  return [...flags].map((flag) => new Atom(flag));
}

/**
 * A UTF-8 string quoted as is (RFC 6855 3, RFC 9051 4.3: quoted strings may hold UTF-8 once the
 * client enabled UTF8=ACCEPT or IMAP4rev2). Only for text without NUL, CR or LF.
 */
export class QuotedUtf8 {
  constructor(readonly text: string) {}
}

/**
 * A Unicode mailbox name as the client expects it: modified UTF-7 (RFC 3501 5.1.3), or UTF-8 in a
 * session that enabled UTF8=ACCEPT or IMAP4rev2.
 */
export function mailboxValue(name: string, names: 'mutf7' | 'utf8' = 'mutf7'): ImapValue {
  if (names === 'mutf7') return encodeMailboxName(name);
  return /^[\x00-\x7f]*$/.test(name) || /[\0\r\n]/.test(name) ? name : new QuotedUtf8(name);
}

/**
 * A piece of wire output: text as a latin1 string (one character per octet), or octets. A
 * connection keeps the text of its responses as strings until it writes them, and makes one Buffer
 * of a whole turn's text there, instead of one per response (which was a good part of the cost of
 * a pipelined FETCH per message).
 */
export type WirePiece = string | Buffer;

/** The octets of pieces, as one Buffer. */
function piecesToBuffer(pieces: readonly WirePiece[]): Buffer {
  if (pieces.length === 1) return typeof pieces[0] === 'string' ? Buffer.from(pieces[0], 'latin1') : pieces[0]!;
  return Buffer.concat(pieces.map((piece) => (typeof piece === 'string' ? Buffer.from(piece, 'latin1') : piece)));
}

/**
 * Collects output as latin1 text and only switches to Buffers for literals: one Buffer per token
 * made a BODYSTRUCTURE of a thousand parts cost tens of thousands of small allocations.
 */
class Writer {
  private readonly chunks: WirePiece[] = [];
  private text = '';

  write(text: string): void {
    this.text += text;
  }

  writeBytes(bytes: Buffer): void {
    this.flushText();
    this.chunks.push(bytes);
  }

  toBuffer(): Buffer {
    this.flushText();
    return piecesToBuffer(this.chunks);
  }

  /** The pieces as they are: text as strings, literal octets (a stored message) the caller's Buffer, uncopied. */
  toChunks(): WirePiece[] {
    this.flushText();
    return this.chunks;
  }

  private flushText(): void {
    if (this.text === '') return;
    this.chunks.push(this.text);
    this.text = '';
  }
}

function writeNumber(value: number | bigint, out: Writer): void {
  if (typeof value === 'number' && !(Number.isSafeInteger(value) && value >= 0)) {
    throw new ImapSerializeError('INVALID_NUMBER', `IMAP numbers are non-negative integers, got ${value}`);
  }
  if (typeof value === 'bigint' && value < 0n) throw new ImapSerializeError('INVALID_NUMBER', `IMAP numbers are non-negative, got ${value}`);
  out.write(String(value));
}

function writeLiteral(bytes: Buffer, out: Writer): void {
  out.write(`{${bytes.length}}\r\n`);
  out.writeBytes(bytes);
}

function writeValue(value: ImapValue, out: Writer): void {
  if (value === null) out.write('NIL');
  else if (typeof value === 'number' || typeof value === 'bigint') writeNumber(value, out);
  else if (typeof value === 'string') {
    if (canQuote(value)) out.write(quoteString(value));
    // A literal is CHAR8 (%x01-ff, RFC 3501 9): no IMAP4rev1 string can carry NUL, so a text value
    // with one (a decoded RFC 2231 parameter, say) gets U+FFFD in its place.
    else writeLiteral(Buffer.from(value.includes('\0') ? value.replace(/\0/g, '\uFFFD') : value, 'utf8'), out);
  } else if (Buffer.isBuffer(value)) writeLiteral(value, out);
  else if (value instanceof Atom) out.write(value.text);
  else if (value instanceof Verbatim) {
    if (typeof value.bytes === 'string') out.write(value.bytes);
    else out.writeBytes(value.bytes);
  }
  else if (value instanceof QuotedUtf8) out.writeBytes(Buffer.from(quoteString(value.text), 'utf8'));
  else if (value instanceof Literal8) {
    out.write(`~{${value.bytes.length}}\r\n`);
    out.writeBytes(value.bytes);
  } else if (isAdjacent(value)) {
    for (const item of value.adjacent) writeValue(item, out);
  } else {
    out.write('(');
    writeSeparated(value, out);
    out.write(')');
  }
}

function writeSeparated(values: readonly ImapValue[], out: Writer): void {
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out.write(' ');
    writeValue(values[i]!, out);
  }
}

function isAdjacent(value: Adjacent | readonly ImapValue[]): value is Adjacent {
  return !Array.isArray(value);
}

/** The bytes of one value, without a line end. */
export function serializeValue(value: ImapValue): Buffer {
  const out = new Writer();
  writeValue(value, out);
  return out.toBuffer();
}

/** Values separated by single spaces, without a line end. */
export function serializeValues(values: readonly ImapValue[]): Buffer {
  const out = new Writer();
  writeSeparated(values, out);
  return out.toBuffer();
}

/**
 * The wire text of one value as a latin1 string (one character per octet, literals included),
 * for caches that keep a response item (ENVELOPE, BODYSTRUCTURE) to send again as a Verbatim.
 */
export function serializeValueText(value: ImapValue): string {
  const out = new Writer();
  writeValue(value, out);
  return piecesToText(out.toChunks());
}

/** Pieces as one latin1 string (one character per octet). */
function piecesToText(pieces: readonly WirePiece[]): string {
  let text = '';
  for (const piece of pieces) text += typeof piece === 'string' ? piece : piece.toString('latin1');
  return text;
}

/** An untagged response as one Buffer: "* ", the values separated by SP, CRLF. */
export function untaggedResponse(values: readonly ImapValue[]): Buffer {
  return piecesToBuffer(untaggedResponseChunks(values));
}

/**
 * The same in pieces, for a connection that writes them together (one vectored write): a FETCH
 * BODY[] response is then its text and a view of the stored message, never a copy of the message.
 */
export function untaggedResponseChunks(values: readonly ImapValue[]): WirePiece[] {
  const out = new Writer();
  out.write('* ');
  writeSeparated(values, out);
  out.write('\r\n');
  return out.toChunks();
}

/**
 * An untagged data response: `untagged(3, atom('EXISTS'))` -> "* 3 EXISTS\r\n",
 * `untagged(5, atom('FETCH'), [atom('UID'), 42, atom('FLAGS'), flagAtoms(['\\Seen'])])`.
 */
export function untagged(...values: ImapValue[]): Buffer {
  return untaggedResponse(values);
}
