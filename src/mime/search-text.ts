import { decodeCharset, decodeEncodedWords, decodeTransfer } from './transfer-decoding.js';
import type { HeaderBlock, MimePart, ParsedMessage } from './types.js';

/** Text that IMAP SEARCH matches against: decoded, so "café" finds a base64 UTF-8 body. */
export interface SearchText {
  /** The message header, one `Name: value` line per field, encoded words decoded. */
  readonly headers: string;
  /**
   * Decoded text of every text/* part, in part order, including those of encapsulated messages
   * (whose headers are included too, as they are part of the outer message's body).
   */
  readonly body: string;
}

/** Values of a header field of the message (not of its parts), unfolded and not decoded. */
export function headerValues(parsed: ParsedMessage, name: string): string[] {
  return parsed.root.headers.getAll(name);
}

const searchTextCache = new WeakMap<ParsedMessage, SearchText>();

/** SEARCH text of a message, computed once per parsed message. */
export function textForSearch(parsed: ParsedMessage, raw: Buffer): SearchText {
  let text = searchTextCache.get(parsed);
  if (text === undefined) {
    const body: string[] = [];
    collectBodyText(parsed.root, raw, body);
    text = { headers: headerText(parsed.root.headers), body: body.join('\n') };
    searchTextCache.set(parsed, text);
  }
  return text;
}

function headerText(headers: HeaderBlock): string {
  return headers.fields
    .map((field) => (field.name === '' ? field.value : `${field.name}: ${decodeEncodedWords(field.value)}`))
    .join('\n');
}

function collectBodyText(part: MimePart, raw: Buffer, out: string[]): void {
  if (part.message !== null) {
    out.push(headerText(part.message.headers));
    collectBodyText(part.message, raw, out);
    return;
  }
  for (const child of part.children) collectBodyText(child, raw, out);
  if (part.type !== 'text') return;
  const charset = part.params.find((param) => param.name.toLowerCase() === 'charset')?.value;
  const decoded = decodeTransfer(raw.subarray(part.headerEnd, part.bodyEnd), part.encoding);
  out.push(decodeCharset(decoded, charset));
}
