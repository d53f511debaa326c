import { StringTable } from '../text/intern.js';
import type { ListingHeaders } from './headers.js';

/**
 * The subjects, senders and Message-IDs devices list, shared: every device of a run reads the same
 * ones. Copies, too, so a value cut from a header block does not keep the whole block alive.
 */
export const listingStrings = new StringTable();

// What the list needs, read without postal-mime when the header block is so plain that its parse
// could not differ: 7-bit text, no encoded words, a From of the form "Name <addr>" or "addr", a
// single text part. postal-mime readies decoders, an address parser and Blobs for every message,
// which for a `count: 3000` run was the largest cost after the protocols themselves. Anything
// less plain goes to postal-mime; test/devices/plain-headers.test.ts holds the two equal.
const ADDRESS = /^[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*$/;
const NAMED = /^([A-Za-z0-9]+(?: [A-Za-z0-9]+)*) <([^<>]*)>$/;
/** Content types whose single part postal-mime reads as body text, never as an attachment. */
const TEXT_TYPE = /^text\/plain(?:[ \t]*;[ \t]*charset=(?:"?utf-8"?|"?us-ascii"?))?$/i;
const WANTED = new Set(['subject', 'from', 'message-id', 'date', 'content-type', 'content-disposition']);

/**
 * Header blocks whose plain reading is remembered. Every device of a run downloads the same
 * messages, and a message's header block (its Received lines too) is the same text on every
 * device, so it is read once per message rather than once per device and message. 20,000 blocks
 * of a generated message's ~500 characters are about 10 MB; past the bound the oldest goes first.
 */
export const MAX_REMEMBERED_HEADER_BLOCKS = 20_000;

/** Header block -> its listing headers, or null where postal-mime must read it. */
const remembered = new Map<string, ListingHeaders | null>();

/** plainListingHeaders, remembered by header block (the result is shared: never change it). */
export function rememberedListingHeaders(header: string): ListingHeaders | undefined {
  const known = remembered.get(header);
  if (known !== undefined) return known ?? undefined;
  const listing = plainListingHeaders(header);
  if (remembered.size >= MAX_REMEMBERED_HEADER_BLOCKS) remembered.delete(remembered.keys().next().value!);
  remembered.set(header, listing ?? null);
  return listing;
}

/** Forgets the shared strings and header blocks (at the end of a run; what was handed out stays valid). */
export function forgetListings(): void {
  listingStrings.clear();
  remembered.clear();
}

/** Header blocks remembered now (for tests of the bound). */
export function rememberedHeaderBlocks(): number {
  return remembered.size;
}

/**
 * The listing headers of `header` (the header block, decoded as Latin-1), or undefined when
 * postal-mime must read them.
 */
export function plainListingHeaders(header: string): ListingHeaders | undefined {
  // 7-bit only: 8-bit headers are decoded as UTF-8 by postal-mime, and control characters (a bare
  // CR, NUL) are its business too.
  if (!/^[\x20-\x7e\t\r\n]*$/.test(header)) return undefined;
  const fields = new Map<string, string>();
  let started = false;
  let key: string | undefined;
  let value = '';
  const keep = (): void => {
    if (key !== undefined && !fields.has(key)) fields.set(key, value);
  };
  for (const line of header.split('\n')) {
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (text.includes('\r')) return undefined;
    if (text === '') break;
    if (text[0] === ' ' || text[0] === '\t') {
      // A folded continuation: unfolding keeps the folding whitespace, as postal-mime does.
      if (!started) return undefined;
      value += text;
      continue;
    }
    keep();
    const colon = text.indexOf(':');
    if (colon <= 0) return undefined;
    const name = text.slice(0, colon).toLowerCase();
    if (!/^[a-z0-9-]+$/.test(name)) return undefined;
    started = true;
    key = WANTED.has(name) ? name : undefined;
    value = text.slice(colon + 1);
  }
  keep();
  for (const [name, raw] of fields) fields.set(name, raw.replace(/^[ \t]+|[ \t]+$/g, ''));
  if (fields.has('content-disposition')) return undefined;
  const type = fields.get('content-type');
  if (type !== undefined && !TEXT_TYPE.test(type)) return undefined;
  const subject = fields.get('subject') ?? '';
  const messageId = fields.get('message-id') ?? '';
  if (subject.includes('=?') || messageId.includes('=?')) return undefined;
  const from = plainFrom(fields.get('from') ?? '');
  if (from === undefined) return undefined;
  const dateField = fields.get('date');
  const date = dateField === undefined || dateField === '' ? Number.NaN : new Date(dateField).getTime();
  return {
    attachments: 0,
    ...(messageId ? { messageId: listingStrings.intern(messageId) } : {}),
    subject: subject ? listingStrings.intern(subject) : '(no subject)',
    from: listingStrings.intern(from),
    ...(Number.isNaN(date) ? {} : { date }),
  };
}

/** "Name <addr>" or "addr" as the list shows it; undefined for anything postal-mime must parse. */
function plainFrom(value: string): string | undefined {
  if (value === '') return '';
  if (ADDRESS.test(value)) return value;
  const named = NAMED.exec(value);
  // The list shows "Name <addr>" exactly as written here (one space, nothing around it).
  return named !== null && ADDRESS.test(named[2]!) ? value : undefined;
}
