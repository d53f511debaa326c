/**
 * A short plain-text preview of a message (RFC 8970 PREVIEW, Dovecot's SNIPPET): the first
 * text/plain part that is not an attachment, else the first text/html one without its markup,
 * whitespace collapsed, at most PREVIEW_MAX_CHARS characters. Encapsulated messages are not looked
 * into: their text is not this message's. Exported for reports that want the same preview.
 */
import { decodeCharset, decodeTransfer } from './transfer-decoding.js';
import type { MimePart, ParsedMessage } from './types.js';

/** RFC 8970 3.1: a preview is at most 256 characters. */
export const PREVIEW_MAX_CHARS = 256;

/** Octets of a text part read for its preview: enough for 256 characters after any markup. */
const PREVIEW_SCAN_OCTETS = 64 * 1024;

const previewCache = new WeakMap<ParsedMessage, string>();

export function previewText(parsed: ParsedMessage, raw: Buffer): string {
  let preview = previewCache.get(parsed);
  if (preview === undefined) {
    const plain = firstText(parsed.root, 'plain');
    const html = plain ? undefined : firstText(parsed.root, 'html');
    const part = plain ?? html;
    preview = part ? shorten(html ? stripHtml(partText(part, raw)) : partText(part, raw)) : '';
    previewCache.set(parsed, preview);
  }
  return preview;
}

function firstText(part: MimePart, subtype: string): MimePart | undefined {
  if (part.children.length > 0) {
    for (const child of part.children) {
      const found = firstText(child, subtype);
      if (found) return found;
    }
    return undefined;
  }
  const attachment = part.disposition?.type.toLowerCase() === 'attachment';
  return part.type === 'text' && part.subtype === subtype && !attachment ? part : undefined;
}

function partText(part: MimePart, raw: Buffer): string {
  const charset = part.params.find((param) => param.name.toLowerCase() === 'charset')?.value;
  const body = raw.subarray(part.headerEnd, Math.min(part.bodyEnd, part.headerEnd + PREVIEW_SCAN_OCTETS));
  return decodeCharset(decodeTransfer(body, part.encoding), charset);
}

function stripHtml(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&quot;/gi, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/gi, '&');
}

function shorten(text: string): string {
  const collapsed = text.replace(/\s+/g, ' ').trim();
  const chars = [...collapsed];
  return chars.length <= PREVIEW_MAX_CHARS ? collapsed : chars.slice(0, PREVIEW_MAX_CHARS).join('').trimEnd();
}
