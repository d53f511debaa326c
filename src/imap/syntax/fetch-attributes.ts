/**
 * FETCH arguments (RFC 3501 6.4.5, CONDSTORE RFC 7162 3.1.4):
 *   FETCH sequence-set SP ("ALL" / "FULL" / "FAST" / fetch-att / "(" fetch-att *(SP fetch-att) ")")
 *         [SP "(" "CHANGEDSINCE" SP mod-sequence-valzer ")"]
 * SectionSpec and PartialRange are the shapes the MIME layer extracts sections with.
 */
import { ArgReader, parseNumber, tokenText } from './args.js';
import { isAtomText, quoteString } from './chars.js';
import { syntaxError } from './errors.js';
import type { SequenceSet } from './sequence-set.js';
import type { Token } from './tokens.js';

/** A body section: `1.2.MIME` is { part: [1, 2], text: 'MIME' }; `[]` is { part: [] }. */
export interface SectionSpec {
  part: number[];
  text?: 'HEADER' | 'HEADER.FIELDS' | 'HEADER.FIELDS.NOT' | 'TEXT' | 'MIME';
  fields?: string[];
}

/**
 * `<offset.length>`: `length` octets from `offset` of the section. `length` is absent for the
 * `<offset>` form imapflow sends (see parsePartial): everything from `offset` to the end.
 */
export interface PartialRange {
  offset: number;
  length?: number;
}

/** Fetch attributes without arguments. BODY alone is the non-extensible BODYSTRUCTURE. */
export const SIMPLE_FETCH_ATTRIBUTES = [
  'FLAGS',
  'UID',
  'INTERNALDATE',
  'RFC822.SIZE',
  'ENVELOPE',
  'BODY',
  'BODYSTRUCTURE',
  'RFC822',
  'RFC822.HEADER',
  'RFC822.TEXT',
  'MODSEQ',
  // OBJECTID (RFC 8474 5)
  'EMAILID',
  'THREADID',
  // SAVEDATE (RFC 8514)
  'SAVEDATE',
] as const;
export type SimpleFetchAttribute = (typeof SIMPLE_FETCH_ATTRIBUTES)[number];

export type FetchItem =
  | { readonly kind: 'attribute'; readonly name: SimpleFetchAttribute }
  /**
   * BINARY[part]<partial>, BINARY.PEEK[...] and BINARY.SIZE[part] (RFC 3516): the part's content
   * with its transfer encoding undone, or its size.
   */
  /**
   * PREVIEW [(LAZY)] (RFC 8970), and the draft forms Dovecot also answers: PREVIEW (FUZZY) and
   * SNIPPET (FUZZY), whose responses name the algorithm.
   */
  | { readonly kind: 'preview'; readonly name: 'PREVIEW' | 'SNIPPET'; readonly fuzzy: boolean; readonly lazy: boolean }
  | { readonly kind: 'binary'; readonly peek: boolean; readonly size: boolean; readonly part: readonly number[]; readonly partial: PartialRange | undefined }
  /** BODY[section]<partial> or BODY.PEEK[...] (peek: do not set \Seen). */
  | { readonly kind: 'section'; readonly peek: boolean; readonly section: SectionSpec; readonly partial: PartialRange | undefined };

export interface FetchArgs {
  readonly sequence: SequenceSet;
  readonly items: readonly FetchItem[];
  /** CONDSTORE: only messages whose mod-sequence is above this. */
  readonly changedSince: bigint | undefined;
  /** QRESYNC (RFC 7162 3.2.6): also `* VANISHED (EARLIER)` for UIDs of the set expunged since. */
  readonly vanished?: boolean;
}

/** RFC 3501 6.4.5 macros; they may only appear alone, never inside a list. */
const MACROS: Readonly<Record<string, readonly SimpleFetchAttribute[]>> = {
  ALL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE'],
  FAST: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE'],
  FULL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODY'],
};

const SIMPLE = new Set<string>(SIMPLE_FETCH_ATTRIBUTES);

/**
 * Parses FETCH / UID FETCH arguments. Items are normalised so handlers need no special cases:
 * macros are expanded, duplicates of simple attributes dropped, UID added for UID FETCH
 * (RFC 3501 6.4.8) and MODSEQ added when CHANGEDSINCE is given (RFC 7162 3.1.4.1).
 */
export function parseFetchArgs(args: readonly Token[], { uid = false } = {}): FetchArgs {
  const command = uid ? 'UID FETCH' : 'FETCH';
  const reader = new ArgReader(args, command);
  const sequence = reader.sequenceSet();
  const itemsToken = reader.next('fetch attributes (ALL, FAST, FULL, an attribute or a list)');
  let items: FetchItem[];
  if (itemsToken.kind === 'atom' && MACROS[itemsToken.value.toUpperCase()] !== undefined) {
    items = MACROS[itemsToken.value.toUpperCase()]!.map((name) => ({ kind: 'attribute', name }));
  } else if (itemsToken.kind === 'list') {
    if (itemsToken.items.length === 0) throw syntaxError('SYNTAX', `${command}: empty fetch attribute list`);
    items = reader.convert(() => parseItemList(itemsToken.items));
  } else {
    items = [reader.convert(() => parseFetchItem(itemsToken))];
  }
  let changedSince: bigint | undefined;
  let vanished = false;
  if (reader.hasMore()) {
    const modifiers = new ArgReader(reader.list('fetch modifiers such as (CHANGEDSINCE n)'), `${command} modifier`);
    while (modifiers.hasMore()) {
      if (modifiers.takeWord('CHANGEDSINCE')) changedSince = modifiers.modSeq('the CHANGEDSINCE mod-sequence');
      else if (modifiers.takeWord('VANISHED')) vanished = true;
      else modifiers.fail('CHANGEDSINCE or VANISHED');
    }
    reader.end();
  }
  if (uid) items.unshift({ kind: 'attribute', name: 'UID' });
  if (changedSince !== undefined) items.push({ kind: 'attribute', name: 'MODSEQ' });
  // RFC 7162 3.2.6: VANISHED only with UID FETCH and CHANGEDSINCE.
  if (vanished && (!uid || changedSince === undefined)) throw syntaxError('SYNTAX', `${command}: VANISHED goes with UID FETCH and CHANGEDSINCE`);
  return vanished ? { sequence, items: dedupe(items), changedSince, vanished } : { sequence, items: dedupe(items), changedSince };
}

/** The items of a fetch-att list; PREVIEW and SNIPPET may be followed by their modifier list. */
function parseItemList(tokens: readonly Token[]): FetchItem[] {
  const items: FetchItem[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const name = token.kind === 'atom' ? token.value.toUpperCase() : '';
    const next = tokens[i + 1];
    if ((name === 'PREVIEW' || name === 'SNIPPET') && next?.kind === 'list') {
      items.push(parsePreview(name, next.items));
      i++;
    } else {
      items.push(parseFetchItem(token));
    }
  }
  return items;
}

/** PREVIEW (LAZY) / PREVIEW (FUZZY) / SNIPPET (FUZZY): the modifiers are atoms. */
function parsePreview(name: 'PREVIEW' | 'SNIPPET', modifiers: readonly Token[]): FetchItem {
  let fuzzy = false;
  let lazy = false;
  for (const modifier of modifiers) {
    const word = modifier.kind === 'atom' ? modifier.value.toUpperCase() : '';
    if (word === 'LAZY' && name === 'PREVIEW') lazy = true;
    else if (word === 'FUZZY') fuzzy = true;
    else throw syntaxError('SYNTAX', `unknown ${name} modifier; ${name === 'PREVIEW' ? 'LAZY and FUZZY are' : 'FUZZY is'} known`);
  }
  if (name === 'SNIPPET' && !fuzzy) throw syntaxError('SYNTAX', 'SNIPPET needs its algorithm, as in SNIPPET (FUZZY)');
  return { kind: 'preview', name, fuzzy, lazy };
}

function dedupe(items: FetchItem[]): FetchItem[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    if (item.kind !== 'attribute') return true;
    if (seen.has(item.name)) return false;
    seen.add(item.name);
    return true;
  });
}

/** One fetch-att inside or outside a list. */
export function parseFetchItem(token: Token): FetchItem {
  if (token.kind === 'atom') {
    const name = token.value.toUpperCase();
    if (SIMPLE.has(name)) return { kind: 'attribute', name: name as SimpleFetchAttribute };
    if (MACROS[name] !== undefined) throw syntaxError('SYNTAX', `the ${name} macro cannot be combined with other fetch attributes`);
    if (name.startsWith('BINARY')) throw syntaxError('SYNTAX', `${name} needs a section in brackets, as in ${name}[1]`);
    if (name === 'PREVIEW') return { kind: 'preview', name: 'PREVIEW', fuzzy: false, lazy: false };
    if (name === 'SNIPPET') throw syntaxError('SYNTAX', 'SNIPPET needs its algorithm, as in SNIPPET (FUZZY)');
    throw syntaxError('SYNTAX', `unknown fetch attribute "${token.value}"`);
  }
  if (token.kind === 'section') {
    if (token.name.startsWith('BINARY')) return parseBinaryItem(token.name, token.section, token.partial);
    return {
      kind: 'section',
      peek: token.name === 'BODY.PEEK',
      section: parseSection(token.section),
      partial: token.partial === undefined ? undefined : parsePartial(token.partial),
    };
  }
  throw syntaxError('SYNTAX', `expected a fetch attribute, got a ${token.kind}`);
}

/** section-binary = "[" [section-part] "]": part numbers only (RFC 3516 4.1). */
function parseBinaryItem(name: string, section: readonly Token[], partialText: string | undefined): FetchItem {
  const [first, extra] = section;
  if (extra !== undefined || (first !== undefined && (first.kind !== 'atom' || !/^[0-9]+(\.[0-9]+)*$/.test(first.value)))) {
    throw syntaxError('SYNTAX', `${name}[...] takes part numbers only, as in ${name}[1.2]`);
  }
  const part = first === undefined ? [] : first.value.split('.').map((n) => parseNumber(n, 'a section part number', { nonZero: true }));
  const size = name === 'BINARY.SIZE';
  if (size && partialText !== undefined) throw syntaxError('SYNTAX', 'BINARY.SIZE takes no partial <...>');
  return { kind: 'binary', peek: name !== 'BINARY', size, part, partial: partialText === undefined ? undefined : parsePartial(partialText) };
}

const TEXT_SPECS = new Set(['HEADER', 'HEADER.FIELDS', 'HEADER.FIELDS.NOT', 'TEXT', 'MIME']);

/**
 * section-spec = section-msgtext / (section-part ["." section-text]); the tokens are what stood
 * between "[" and "]": nothing, one atom (`1.2.MIME`), or an atom and a header list.
 */
export function parseSection(tokens: readonly Token[]): SectionSpec {
  const [first, fieldList, extra] = tokens;
  if (first === undefined) return { part: [] };
  if (first.kind !== 'atom') throw syntaxError('SYNTAX', 'a body section must start with a part number or HEADER/TEXT');
  const words = first.value.toUpperCase().split('.');
  if (words.some((word) => word === '')) throw syntaxError('SYNTAX', `invalid body section "${first.value}": empty part between dots`);
  const part: number[] = [];
  while (words.length > 0 && /^[0-9]+$/.test(words[0]!)) {
    part.push(parseNumber(words.shift()!, 'a section part number', { nonZero: true }));
  }
  const text = words.join('.');
  if (text === '') {
    if (fieldList !== undefined) throw syntaxError('SYNTAX', `unexpected tokens after section "${first.value}"`);
    return { part };
  }
  if (!TEXT_SPECS.has(text)) {
    throw syntaxError('SYNTAX', `invalid body section "${first.value}", expected part numbers and/or HEADER, HEADER.FIELDS, HEADER.FIELDS.NOT, TEXT or MIME`);
  }
  if (text === 'MIME' && part.length === 0) throw syntaxError('SYNTAX', 'MIME is only valid after a part number, as in BODY[1.MIME]');
  const spec: SectionSpec = { part, text: text as NonNullable<SectionSpec['text']> };
  if (text === 'HEADER.FIELDS' || text === 'HEADER.FIELDS.NOT') {
    if (fieldList?.kind !== 'list' || fieldList.items.length === 0) {
      throw syntaxError('SYNTAX', `${text} needs a non-empty list of header field names, as in ${text} (SUBJECT FROM)`);
    }
    spec.fields = fieldList.items.map((item) => {
      const name = item.kind === 'list' || item.kind === 'section' ? undefined : tokenText(item, 'header field name');
      if (name === undefined || name === '') throw syntaxError('SYNTAX', `${text}: header field names must be astrings`);
      return name;
    });
    if (extra !== undefined) throw syntaxError('SYNTAX', `unexpected tokens after the ${text} list`);
  } else if (fieldList !== undefined) {
    throw syntaxError('SYNTAX', `unexpected tokens after section "${first.value}"`);
  }
  return spec;
}

/**
 * "<" number "." nz-number ">" (RFC 3501 9). Leniently also "<" number ">", which the grammar does
 * not allow but imapflow sends for `source: { start }` (`BODY.PEEK[]<100>`): the octets from the
 * offset to the end. The response names it `BODY[]<100>` either way.
 */
export function parsePartial(text: string): PartialRange {
  const match = /^([0-9]+)(?:\.([0-9]+))?$/.exec(text);
  if (match === null) throw syntaxError('SYNTAX', `invalid partial <${text}>, expected <offset.length> such as <0.2048>`);
  const offset = parseNumber(match[1]!, 'the partial offset');
  if (match[2] === undefined) return { offset };
  return { offset, length: parseNumber(match[2], 'the partial length', { nonZero: true }) };
}

/** The section text as written inside the brackets: `1.2.HEADER.FIELDS (SUBJECT FROM)`. */
export function formatSection(section: SectionSpec): string {
  const words: string[] = section.part.map(String);
  if (section.text !== undefined) words.push(section.text);
  let text = words.join('.');
  if (section.fields !== undefined) {
    const names = section.fields.map((name) => (isAtomText(name) ? name : quoteString(name)));
    text += ` (${names.join(' ')})`;
  }
  return text;
}

/**
 * The name of a section item in a FETCH response: PEEK dropped, only the partial's origin kept
 * (RFC 3501 7.4.2: `BODY[1]<0>`). Serialize it as an Atom.
 */
export function fetchResponseName(item: FetchItem): string {
  if (item.kind === 'attribute') return item.name;
  if (item.kind === 'preview') return item.name;
  if (item.kind === 'binary') {
    const part = item.part.join('.');
    return item.size ? `BINARY.SIZE[${part}]` : `BINARY[${part}]${item.partial === undefined ? '' : `<${item.partial.offset}>`}`;
  }
  const origin = item.partial === undefined ? '' : `<${item.partial.offset}>`;
  return `BODY[${formatSection(item.section)}]${origin}`;
}

/** Fetching this sets \Seen (RFC 3501 6.4.5): BODY[...] without PEEK, RFC822 and RFC822.TEXT. */
export function fetchSetsSeen(item: FetchItem): boolean {
  if (item.kind === 'section') return !item.peek;
  if (item.kind === 'binary') return !item.peek;
  if (item.kind === 'preview') return false;
  return item.name === 'RFC822' || item.name === 'RFC822.TEXT';
}
