import type { HeaderField, MimePart, ParsedMessage, SectionSpec } from './types.js';

const CRLF = Buffer.from('\r\n', 'latin1');
const LF = 0x0a;

/**
 * The bytes of FETCH BODY[section] (RFC 3501 6.4.5), or null when the section does not exist.
 * The partial <offset.length> suffix is the caller's (see `partial`).
 *
 * - []: the whole message; [].HEADER / .TEXT / .HEADER.FIELDS: of the message itself.
 * - [n...]: the body of that part. For a message/rfc822 part that is the whole encapsulated
 *   message, headers included; [n...].HEADER / .TEXT / .HEADER.FIELDS address its header and body,
 *   and [n..., 1] its first body part (the body itself when it is not multipart).
 * - [n...].MIME: the part's own MIME header block.
 * HEADER includes the blank line; HEADER.FIELDS[.NOT] returns the matching field lines as stored
 * (folding kept) followed by CRLF.
 */
export function getSection(parsed: ParsedMessage, raw: Buffer, spec: SectionSpec): Buffer | null {
  if (spec.part.length === 0) {
    if (spec.text === undefined) return raw;
    if (spec.text === 'MIME') return null;
    return messageText(parsed.root, raw, spec);
  }
  const part = resolvePart(parsed, spec.part);
  if (part === null) return null;
  switch (spec.text) {
    case undefined:
      return raw.subarray(part.headerEnd, part.bodyEnd);
    case 'MIME':
      return raw.subarray(part.headerStart, part.headerEnd);
    default:
      // HEADER, HEADER.FIELDS[.NOT] and TEXT only apply to an encapsulated message.
      return part.message === null ? null : messageText(part.message, raw, spec);
  }
}

/** The part a section path names, or null. */
export function resolvePart(parsed: ParsedMessage, path: readonly number[]): MimePart | null {
  let candidates = addressableParts(parsed.root);
  let part: MimePart | null = null;
  for (const number of path) {
    part = Number.isInteger(number) && number >= 1 ? candidates[number - 1] ?? null : null;
    if (part === null) return null;
    candidates = part.message !== null ? addressableParts(part.message) : part.children;
  }
  return part;
}

/**
 * The parts numbered 1, 2, ... under a message root: a multipart root's children, or the root
 * itself when it is not multipart (its body is part 1).
 */
function addressableParts(messageRoot: MimePart): readonly MimePart[] {
  return messageRoot.type === 'multipart' ? messageRoot.children : [messageRoot];
}

function messageText(messageRoot: MimePart, raw: Buffer, spec: SectionSpec): Buffer {
  switch (spec.text) {
    case 'TEXT':
      return raw.subarray(messageRoot.headerEnd, messageRoot.bodyEnd);
    case 'HEADER.FIELDS':
      return headerFields(messageRoot.headers.fields, raw, spec.fields ?? [], true);
    case 'HEADER.FIELDS.NOT':
      return headerFields(messageRoot.headers.fields, raw, spec.fields ?? [], false);
    default:
      return raw.subarray(messageRoot.headerStart, messageRoot.headerEnd);
  }
}

function headerFields(fields: readonly HeaderField[], raw: Buffer, names: readonly string[], keep: boolean): Buffer {
  const wanted = new Set(names.map((name) => name.toLowerCase()));
  const chunks: Buffer[] = [];
  for (const field of fields) {
    const matches = field.name !== '' && wanted.has(field.name.toLowerCase());
    if (matches !== keep) continue;
    chunks.push(raw.subarray(field.start, field.end));
    // A last field cut off by the end of input or by a delimiter still gets its own line.
    if (raw[field.end - 1] !== LF) chunks.push(CRLF);
  }
  chunks.push(CRLF);
  return Buffer.concat(chunks);
}

/**
 * Applies a FETCH partial <offset.length>: the octets from `offset`, at most `length` of them.
 * An offset past the end gives an empty buffer (RFC 3501 6.4.5).
 */
export function partial(buf: Buffer, offset: number, length?: number): Buffer {
  const start = Math.min(Math.max(0, Math.trunc(offset) || 0), buf.length);
  const end = length === undefined ? buf.length : Math.min(buf.length, start + Math.max(0, Math.trunc(length) || 0));
  return buf.subarray(start, end);
}
