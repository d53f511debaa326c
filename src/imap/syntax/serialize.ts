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

/** Bytes already in wire form (e.g. a cached BODYSTRUCTURE); the caller vouches for them. */
export class Verbatim {
  constructor(readonly bytes: Buffer) {}
}

/**
 * null -> NIL; number / bigint -> decimal; string -> quoted string when it is 7-bit without NUL, CR
 * or LF, otherwise a literal of its UTF-8 octets (we do not offer UTF8=ACCEPT, so 8-bit text may
 * not be quoted); Buffer -> literal; Atom / Verbatim -> as is; array -> parenthesized list.
 */
export type ImapValue = null | number | bigint | string | Buffer | Atom | Verbatim | readonly ImapValue[];

export function atom(text: string): Atom {
  return new Atom(text);
}

/** Flags as atoms, for FLAGS / PERMANENTFLAGS lists. */
export function flagAtoms(flags: Iterable<string>): Atom[] {
  return [...flags].map((flag) => new Atom(flag));
}

/** A Unicode mailbox name as the modified UTF-7 string the client expects (RFC 3501 5.1.3). */
export function mailboxValue(name: string): string {
  return encodeMailboxName(name);
}

const CRLF = Buffer.from('\r\n');
const SPACE = Buffer.from(' ');

function writeNumber(value: number | bigint, out: Buffer[]): void {
  if (typeof value === 'number' && !(Number.isSafeInteger(value) && value >= 0)) {
    throw new ImapSerializeError('INVALID_NUMBER', `IMAP numbers are non-negative integers, got ${value}`);
  }
  if (typeof value === 'bigint' && value < 0n) throw new ImapSerializeError('INVALID_NUMBER', `IMAP numbers are non-negative, got ${value}`);
  out.push(Buffer.from(String(value), 'latin1'));
}

function writeLiteral(bytes: Buffer, out: Buffer[]): void {
  out.push(Buffer.from(`{${bytes.length}}\r\n`, 'latin1'), bytes);
}

function writeValue(value: ImapValue, out: Buffer[]): void {
  if (value === null) out.push(Buffer.from('NIL'));
  else if (typeof value === 'number' || typeof value === 'bigint') writeNumber(value, out);
  else if (typeof value === 'string') {
    if (canQuote(value)) out.push(Buffer.from(quoteString(value), 'latin1'));
    else writeLiteral(Buffer.from(value, 'utf8'), out);
  } else if (Buffer.isBuffer(value)) writeLiteral(value, out);
  else if (value instanceof Atom) out.push(Buffer.from(value.text, 'latin1'));
  else if (value instanceof Verbatim) out.push(value.bytes);
  else {
    out.push(Buffer.from('('));
    value.forEach((item, i) => {
      if (i > 0) out.push(SPACE);
      writeValue(item, out);
    });
    out.push(Buffer.from(')'));
  }
}

/** The bytes of one value, without a line end. */
export function serializeValue(value: ImapValue): Buffer {
  const out: Buffer[] = [];
  writeValue(value, out);
  return Buffer.concat(out);
}

/** Values separated by single spaces, without a line end. */
export function serializeValues(values: readonly ImapValue[]): Buffer {
  const out: Buffer[] = [];
  values.forEach((value, i) => {
    if (i > 0) out.push(SPACE);
    writeValue(value, out);
  });
  return Buffer.concat(out);
}

/**
 * An untagged data response: `untagged(3, atom('EXISTS'))` -> "* 3 EXISTS\r\n",
 * `untagged(5, atom('FETCH'), [atom('UID'), 42, atom('FLAGS'), flagAtoms(['\\Seen'])])`.
 */
export function untagged(...values: ImapValue[]): Buffer {
  return Buffer.concat([Buffer.from('* '), serializeValues(values), CRLF]);
}
