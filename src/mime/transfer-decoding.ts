import libmime from 'libmime';
import { decode as libmimeDecode } from 'libmime/lib/charset';

const EQUALS = 0x3d;
const CR = 0x0d;
const LF = 0x0a;

/** Undoes a Content-Transfer-Encoding. Unknown encodings (and 7bit/8bit/binary) pass through. */
export function decodeTransfer(body: Buffer, encoding: string): Buffer {
  switch (encoding) {
    case 'base64':
      // Node's decoder skips line breaks and stops at garbage instead of throwing.
      return Buffer.from(body.toString('latin1'), 'base64');
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    default:
      return body;
  }
}

/**
 * RFC 2045 6.7 quoted-printable: `=XX` is an octet, `=` at a line end is a soft break. A `=` not
 * followed by either is kept literally (the robustness rule of 6.7 note 1).
 */
export function decodeQuotedPrintable(body: Buffer): Buffer {
  const out = Buffer.alloc(body.length);
  let length = 0;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i] ?? 0;
    if (byte !== EQUALS) {
      out[length++] = byte;
      continue;
    }
    const next = body[i + 1];
    if (next === LF) {
      i += 1;
    } else if (next === CR && body[i + 2] === LF) {
      i += 2;
    } else {
      const high = hexValue(next);
      const low = hexValue(body[i + 2]);
      if (high >= 0 && low >= 0) {
        out[length++] = high * 16 + low;
        i += 2;
      } else {
        out[length++] = byte;
      }
    }
  }
  return out.subarray(0, length);
}

function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

/**
 * Text in a declared charset as a JS string. Declared UTF-8 decodes with U+FFFD for bad bytes;
 * us-ascii (the RFC 2045 default, often wrong in practice) is tried as UTF-8 and falls back to
 * latin1; other charsets go through libmime (iconv-lite), then the WHATWG decoder, and an
 * unknown charset falls back to latin1 so every byte stays searchable.
 */
export function decodeCharset(bytes: Buffer, charset: string | undefined): string {
  const label = (charset ?? '').trim().toLowerCase();
  if (label === 'utf-8' || label === 'utf8') return lenientUtf8.decode(bytes);
  if (label === '' || label === 'us-ascii' || label === 'ascii') {
    try {
      return strictUtf8.decode(bytes);
    } catch {
      return bytes.toString('latin1');
    }
  }
  // iconv-lite first: Node's TextDecoder maps windows-1252 0x80-0x9F to C1 controls, not "€" etc.
  if (libmime.createDecodeStream(label).supported) {
    try {
      return libmimeDecode(bytes, label);
    } catch {
      // fall through to the WHATWG decoder
    }
  }
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    // not a label either decoder knows
  }
  return bytes.toString('latin1');
}

/** RFC 2047 encoded words of a header value decoded to a string; the value itself if that fails. */
export function decodeEncodedWords(value: string): string {
  try {
    return libmime.decodeWords(value);
  } catch {
    return value;
  }
}
