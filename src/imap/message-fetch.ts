/**
 * The data items of one FETCH response (RFC 3501 7.4.2, RFC 7162 3.1.4). Everything comes from the
 * stored octets as they are: sizes count them, sections are cut from them, line endings are never
 * converted, so RFC822.SIZE, BODYSTRUCTURE sizes and the length of BODY[] always agree.
 */
import { previewText } from '../mime/preview.js';
import { binaryContent, bodyStructure, envelope, getParsed, getSection, partial, type ParsedMessage } from '../mime/index.js';
import { no } from './errors.js';
import { emailId, threadId } from './object-ids.js';
import type { Message } from '../store/message.js';
import type { ResponseCache } from './response-cache.js';
import type { SelectedMailbox } from './selected.js';
import { atom, Literal8, fetchResponseName, formatInternalDate, SIMPLE_FETCH_ATTRIBUTES, Verbatim, type Atom, type FetchItem, type ImapValue, type SectionSpec } from './syntax/index.js';

export interface FetchResponseOptions {
  /** This FETCH set \Seen (RFC 3501 6.4.5): the response must carry the new FLAGS. */
  readonly flagsChanged: boolean;
  /** CONDSTORE is on: a FETCH that changed flags must also carry UID and MODSEQ (RFC 7162 3.1). */
  readonly condstore: boolean;
}

/**
 * What a FETCH command asks of every message, worked out once per command rather than once per
 * message: the items, their response names as atoms, and the server's cache of item text.
 */
export interface FetchPlan {
  readonly items: readonly FetchItem[];
  readonly names: readonly Atom[];
  /** The response names as text (a handful: a list's `includes` costs less than building a Set). */
  readonly asked: readonly string[];
  readonly cache: ResponseCache;
  /** Some item reads the message's MIME structure (FETCH (FLAGS UID) of a mailbox never does). */
  readonly readsMime: boolean;
}

/** Items answered from the message's store fields alone, never from its parsed structure. */
const STORE_FIELDS: ReadonlySet<string> = new Set(['FLAGS', 'UID', 'INTERNALDATE', 'RFC822.SIZE', 'MODSEQ', 'SAVEDATE', 'RFC822', 'EMAILID']);

export function fetchPlan(items: readonly FetchItem[], cache: ResponseCache): FetchPlan {
  const names = items.map((item) => fetchResponseName(item));
  const readsMime = items.some((item) => item.kind !== 'attribute' || !STORE_FIELDS.has(item.name));
  return { items, names: names.map(responseNameAtom), asked: names, cache, readsMime };
}

/**
 * The atoms of the names most FETCH commands ask for, made once: a client fetching a message per
 * command asked for a new Atom (and its check) per command. Other names are made per command;
 * they can hold client text (HEADER.FIELDS), which a cache would have to bound.
 */
const COMMON_NAMES: ReadonlyMap<string, Atom> = new Map(
  [...SIMPLE_FETCH_ATTRIBUTES, 'BODY[]', 'BODY[HEADER]', 'BODY[TEXT]', 'BINARY[]', 'PREVIEW'].map((name) => [name, atom(name)]),
);

function responseNameAtom(name: string): Atom {
  return COMMON_NAMES.get(name) ?? atom(name);
}

const FLAGS = atom('FLAGS');
const UID = atom('UID');
const MODSEQ = atom('MODSEQ');

/** The message's FLAGS list as this session reports it, from the cache (news of it now told). */
function flagsValue(selected: SelectedMailbox, message: Message, cache: ResponseCache): Verbatim {
  selected.noteFlagsReported(message);
  return new Verbatim(cache.flagsText(message.flagSet, selected.reportsRecent(message)));
}

const HEADER: SectionSpec = { part: [], text: 'HEADER' };
const TEXT: SectionSpec = { part: [], text: 'TEXT' };
const EMPTY = Buffer.alloc(0);

/** Message octets go out as a literal, whatever they hold; nothing at all as "" rather than {0}. */
function octets(bytes: Buffer): ImapValue {
  return bytes.length === 0 ? '' : bytes;
}

/**
 * The parenthesized list of `* n FETCH (...)`: name, value, name, value, in the order asked
 * (the syntax layer already expanded macros, dropped duplicates and added UID for UID FETCH).
 */
export function fetchResponse(selected: SelectedMailbox, message: Message, plan: FetchPlan, options: FetchResponseOptions): ImapValue[] {
  let parsed: ParsedMessage | undefined;
  // Parsed on first use only: FETCH (FLAGS UID) of a whole mailbox never touches the bytes.
  const mime = (): ParsedMessage => (parsed ??= getParsed(message.raw));
  const { items, names, asked, cache } = plan;
  const out: ImapValue[] = [];
  for (let i = 0; i < items.length; i++) out.push(names[i]!, itemValue(selected, message, items[i]!, mime, cache));
  if (options.flagsChanged) {
    if (!asked.includes('FLAGS')) out.push(FLAGS, flagsValue(selected, message, cache));
    if (options.condstore) {
      if (!asked.includes('UID')) out.push(UID, message.uid);
      if (!asked.includes('MODSEQ')) out.push(MODSEQ, [message.modseq]);
    }
  }
  return out;
}

/**
 * Throws NO [UNKNOWN-CTE] when a BINARY item of the list cannot be answered for this message:
 * checked before FETCH sets \Seen, so a refused FETCH changes nothing.
 */
export function assertFetchable(message: Message, items: readonly FetchItem[]): void {
  let parsed: ParsedMessage | undefined;
  for (const item of items) if (item.kind === 'binary') binaryValue(message, { ...item, size: true }, () => (parsed ??= getParsed(message.raw)));
}

/**
 * BINARY[part]<partial> and BINARY.SIZE[part] (RFC 3516 4.2): decoded content, as a literal8 when it
 * holds NUL (an ordinary literal otherwise, which every client reads); NIL for a part that is not
 * there; NO [UNKNOWN-CTE] for an encoding we cannot undo.
 */
function binaryValue(message: Message, item: FetchItem & { kind: 'binary' }, mime: () => ParsedMessage): ImapValue {
  const content = binaryContent(mime(), message.raw, item.part);
  if (content.kind === 'missing') return null;
  if (content.kind === 'unknown-encoding') {
    throw no(`Part ${item.part.join('.')} of message ${message.uid} has Content-Transfer-Encoding ${content.encoding}, which this server cannot decode`, 'UNKNOWN-CTE');
  }
  if (item.size) return content.bytes.length;
  const bytes = item.partial === undefined ? content.bytes : partial(content.bytes, item.partial.offset, item.partial.length);
  return bytes.includes(0) ? new Literal8(bytes) : octets(bytes);
}

function itemValue(selected: SelectedMailbox, message: Message, item: FetchItem, mime: () => ParsedMessage, cache: ResponseCache): ImapValue {
  if (item.kind === 'section') {
    // A section that does not exist is NIL (the value is an nstring, RFC 3501 9): "" would claim an
    // empty part. An offset past the end of an existing one is "" (RFC 3501 6.4.5).
    // BODY[] is the stored octets: no need to parse the message for it (the common whole-message fetch).
    const whole = item.section.part.length === 0 && item.section.text === undefined;
    const section = whole ? message.raw : getSection(mime(), message.raw, item.section);
    if (section === null) return null;
    return octets(item.partial === undefined ? section : partial(section, item.partial.offset, item.partial.length));
  }
  if (item.kind === 'binary') return binaryValue(message, item, mime);
  if (item.kind === 'preview') {
    // RFC 8970 3.2: "PREVIEW text"; the FUZZY draft forms carry the algorithm: (FUZZY "text").
    const text = previewText(mime(), message.raw);
    return item.fuzzy ? [atom('FUZZY'), text] : text;
  }
  switch (item.name) {
    case 'FLAGS':
      return flagsValue(selected, message, cache);
    case 'UID':
      return message.uid;
    case 'INTERNALDATE':
      return formatInternalDate(message.internalDate);
    case 'RFC822.SIZE':
      return message.size;
    case 'ENVELOPE':
      return new Verbatim(cache.structureText('ENVELOPE', message.raw, () => envelope(mime())));
    case 'BODY':
      return new Verbatim(cache.structureText('BODY', message.raw, () => bodyStructure(mime(), false)));
    case 'BODYSTRUCTURE':
      return new Verbatim(cache.structureText('BODYSTRUCTURE', message.raw, () => bodyStructure(mime(), true)));
    case 'RFC822':
      return message.raw;
    case 'RFC822.HEADER':
      return octets(getSection(mime(), message.raw, HEADER) ?? EMPTY);
    case 'RFC822.TEXT':
      return octets(getSection(mime(), message.raw, TEXT) ?? EMPTY);
    case 'SAVEDATE':
      return formatInternalDate(message.savedAt);
    case 'EMAILID':
      return [atom(emailId(message))];
    case 'THREADID': {
      const id = threadId(message);
      return id === null ? null : [atom(id)];
    }
    case 'MODSEQ':
      return [message.modseq];
  }
}
