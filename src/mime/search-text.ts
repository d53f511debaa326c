import { decodeCharset, decodeEncodedWords, decodeTransfer } from './transfer-decoding.js';
import type { HeaderBlock, MimePart, ParsedMessage } from './types.js';

/** Text that IMAP SEARCH matches against: decoded, so "café" finds a base64 UTF-8 body, and folded. */
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

/** What SEARCH compares: Unicode NFC, lower case (so "Café" finds "CAFÉ" however it was composed). */
export function foldText(text: string): string {
  return text.normalize('NFC').toLowerCase();
}

/**
 * Characters of folded SEARCH text kept over the whole process. Decoding a message's text parts
 * (transfer encoding, charset) and folding them is most of what a SEARCH BODY or TEXT costs, and
 * clients repeat searches (a filter, a search box typed into letter by letter): a 10,000-message
 * mailbox of 3 kB texts (30 M characters) is answered from memory each time. Past the bound the
 * oldest entries go and are decoded again when searched; a single message with more than a
 * sixteenth of it is never kept.
 */
export const MAX_SEARCH_TEXT_CHARS = 32 * 1024 * 1024;

/** One cached text in age order, for the bound. */
interface Aged {
  readonly raw: WeakRef<Buffer>;
  readonly chars: number;
}

/** Folded text per stored message, held weakly (it goes with the message) and bounded in total. */
class SearchTextCache {
  private readonly texts = new WeakMap<Buffer, SearchText>();
  private aged: Aged[] = [];
  private oldest = 0;
  /** May overstate what is held (texts of collected messages count until they reach the front). */
  private chars = 0;
  /** Texts decoded and folded because the cache did not have them (the tests count these). */
  computed = 0;

  constructor(private readonly maxChars: number) {}

  get(parsed: ParsedMessage, raw: Buffer): SearchText {
    const cached = this.texts.get(raw);
    if (cached !== undefined) return cached;
    this.computed++;
    const decoded = textForSearch(parsed, raw);
    const text: SearchText = { headers: foldText(decoded.headers), body: foldText(decoded.body) };
    const chars = text.headers.length + text.body.length;
    if (chars > this.maxChars / 16) return text;
    this.texts.set(raw, text);
    this.aged.push({ raw: new WeakRef(raw), chars });
    this.chars += chars;
    while (this.chars > this.maxChars && this.oldest < this.aged.length) {
      const gone = this.aged[this.oldest++]!;
      this.chars -= gone.chars;
      const buffer = gone.raw.deref();
      if (buffer) this.texts.delete(buffer);
    }
    if (this.oldest > 1024 && this.oldest * 2 > this.aged.length) {
      this.aged = this.aged.slice(this.oldest);
      this.oldest = 0;
    }
    return text;
  }
}

const searchTexts = new SearchTextCache(MAX_SEARCH_TEXT_CHARS);

/** SEARCH text of a message, decoded but not folded, built afresh (foldedTextForSearch caches). */
export function textForSearch(parsed: ParsedMessage, raw: Buffer): SearchText {
  const body: string[] = [];
  collectBodyText(parsed.root, raw, body);
  return { headers: headerText(parsed.root.headers), body: body.join('\n') };
}

/**
 * SEARCH text of a message, folded (foldText), decoded and folded once per stored message while it
 * stays in the cache rather than once per SEARCH.
 */
export function foldedTextForSearch(parsed: ParsedMessage, raw: Buffer): SearchText {
  return searchTexts.get(parsed, raw);
}

/** How many texts have been decoded and folded so far in this process (for the tests that count). */
export function searchTextsComputed(): number {
  return searchTexts.computed;
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
