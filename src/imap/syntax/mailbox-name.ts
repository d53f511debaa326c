/**
 * Modified UTF-7 mailbox names (RFC 3501 5.1.3). The store holds Unicode names; IMAP without
 * UTF8=ACCEPT (which we do not offer) carries them as 7-bit text: printable ASCII stands for itself,
 * "&" is "&-", and anything else is UTF-16BE in base64 with "," for "/", between "&" and "-".
 * Decode every name a client sends, encode every name we send.
 */
import { syntaxError } from './errors.js';

const PRINTABLE_MIN = 0x20;
const PRINTABLE_MAX = 0x7e;
const AMPERSAND = 0x26;

function isPrintable(code: number): boolean {
  return code >= PRINTABLE_MIN && code <= PRINTABLE_MAX;
}

/** "Entwürfe" -> "Entw&APw-rfe". */
export function encodeMailboxName(name: string): string {
  let out = '';
  let pending: number[] = []; // UTF-16 code units waiting to be base64-encoded
  const flush = (): void => {
    if (pending.length === 0) return;
    const bytes = Buffer.alloc(pending.length * 2);
    pending.forEach((unit, i) => bytes.writeUInt16BE(unit, i * 2));
    out += '&' + bytes.toString('base64').replace(/=+$/, '').replace(/\//g, ',') + '-';
    pending = [];
  };
  for (let i = 0; i < name.length; i++) {
    const unit = name.charCodeAt(i);
    if (isPrintable(unit)) {
      flush();
      out += unit === AMPERSAND ? '&-' : name[i];
    } else {
      pending.push(unit);
    }
  }
  flush();
  return out;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * "Entw&APw-rfe" -> "Entwürfe". Throws INVALID_MAILBOX_NAME for 8-bit or control octets, an
 * unterminated or malformed "&...-" run, or a non-canonical encoding (printable ASCII inside base64,
 * two adjacent runs, non-zero padding bits): RFC 3501 gives each name exactly one spelling, and
 * accepting others would let two spellings name one mailbox.
 */
export function decodeMailboxName(encoded: string): string {
  let out = '';
  let i = 0;
  while (i < encoded.length) {
    const code = encoded.charCodeAt(i);
    if (!isPrintable(code)) {
      throw syntaxError('INVALID_MAILBOX_NAME', `mailbox name contains ${code > 0x7f ? 'non-ASCII' : 'control'} characters; use modified UTF-7`);
    }
    if (code !== AMPERSAND) {
      out += encoded[i];
      i++;
      continue;
    }
    const end = encoded.indexOf('-', i + 1);
    if (end === -1) throw syntaxError('INVALID_MAILBOX_NAME', 'unterminated "&" shift in modified UTF-7 mailbox name');
    const run = encoded.slice(i + 1, end);
    out += run === '' ? '&' : decodeRun(run);
    i = end + 1;
  }
  if (encodeMailboxName(out) !== encoded) {
    throw syntaxError('INVALID_MAILBOX_NAME', 'mailbox name is not in canonical modified UTF-7');
  }
  return out;
}

function decodeRun(run: string): string {
  if (!/^[A-Za-z0-9+,]+$/.test(run) || run.length % 4 === 1) {
    throw syntaxError('INVALID_MAILBOX_NAME', `invalid modified base64 "&${run}-" in mailbox name`);
  }
  const bytes = Buffer.from(run.replace(/,/g, '/'), 'base64');
  if (bytes.length % 2 !== 0) throw syntaxError('INVALID_MAILBOX_NAME', `"&${run}-" does not encode whole UTF-16 characters`);
  let text = '';
  for (let j = 0; j < bytes.length; j += 2) text += String.fromCharCode(bytes.readUInt16BE(j));
  if (LONE_SURROGATE.test(text)) throw syntaxError('INVALID_MAILBOX_NAME', `"&${run}-" holds an unpaired UTF-16 surrogate`);
  return text;
}
