import { resolvePart } from './section.js';
import { decodeTransfer } from './transfer-decoding.js';
import type { ParsedMessage } from './types.js';

/** Encodings whose content needs no decoding (RFC 2045 6.2): the octets are the content. */
const IDENTITY = new Set(['7bit', '8bit', 'binary']);

export type BinaryContent = { readonly kind: 'content'; readonly bytes: Buffer } | { readonly kind: 'missing' } | { readonly kind: 'unknown-encoding'; readonly encoding: string };

/**
 * What FETCH BINARY[part] returns (RFC 3516 4.2): the part's body with its Content-Transfer-Encoding
 * undone; BINARY[] is the whole message as stored. An encoding we cannot undo (x-uuencode, a
 * made-up name) is for the caller to refuse with [UNKNOWN-CTE].
 */
export function binaryContent(parsed: ParsedMessage, raw: Buffer, path: readonly number[]): BinaryContent {
  if (path.length === 0) return { kind: 'content', bytes: raw };
  const part = resolvePart(parsed, path);
  if (part === null) return { kind: 'missing' };
  const body = raw.subarray(part.headerEnd, part.bodyEnd);
  if (part.encoding === 'base64' || part.encoding === 'quoted-printable') return { kind: 'content', bytes: decodeTransfer(body, part.encoding) };
  if (IDENTITY.has(part.encoding)) return { kind: 'content', bytes: body };
  return { kind: 'unknown-encoding', encoding: part.encoding };
}
