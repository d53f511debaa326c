/**
 * SEARCH arguments (RFC 3501 6.4.4, CONDSTORE RFC 7162 3.1.5) into a typed criteria tree:
 *   SEARCH [SP "CHARSET" SP astring] 1*(SP search-key)
 * Several keys side by side mean AND. NEW and OLD are expanded into the keys they are defined as,
 * so an evaluator handles fewer cases.
 */
import type { SystemFlag } from '../../store/flags.js';
import { ArgReader } from './args.js';
import { isAtomText } from './chars.js';
import { parseSearchDate, type CalendarDate } from './dates.js';
import { ImapSyntaxError, supportedCharsets, syntaxError } from './errors.js';
import { MAX_SEARCH_DEPTH } from './limits.js';
import { parseSearchReturn, type SearchReturn } from './search-return.js';
import { looksLikeSequenceSet, type SequenceSet } from './sequence-set.js';
import type { Token } from './tokens.js';

/** Keys that match a string inside the message (case-insensitive substring, RFC 3501 6.4.4). */
export type TextSearchField = 'BCC' | 'CC' | 'FROM' | 'SUBJECT' | 'TO' | 'BODY' | 'TEXT';

export type SearchKey =
  | { readonly kind: 'all' }
  /** ANSWERED (set: true) / UNANSWERED (set: false), and likewise DELETED, DRAFT, FLAGGED, SEEN. */
  | { readonly kind: 'flag'; readonly flag: SystemFlag; readonly set: boolean }
  | { readonly kind: 'keyword'; readonly keyword: string; readonly set: boolean }
  /** RECENT. NEW is and(recent, unseen); OLD is not(recent). */
  | { readonly kind: 'recent' }
  | { readonly kind: 'text'; readonly field: TextSearchField; readonly value: string }
  /** HEADER field value; an empty value matches every message that has the field. */
  | { readonly kind: 'header'; readonly field: string; readonly value: string }
  /** BEFORE/ON/SINCE (internal date) and SENTBEFORE/SENTON/SENTSINCE (Date: header). */
  | { readonly kind: 'date'; readonly source: 'internal' | 'sent' | 'saved'; readonly op: 'before' | 'on' | 'since'; readonly date: CalendarDate }
  /** SAVEDATESUPPORTED (RFC 8514 4.3): every message, as every message here has a save date. */
  | { readonly kind: 'savedate-supported' }
  | { readonly kind: 'size'; readonly op: 'larger' | 'smaller'; readonly size: number }
  | { readonly kind: 'sequence'; readonly set: SequenceSet }
  | { readonly kind: 'uid'; readonly set: SequenceSet }
  /**
   * CONDSTORE: messages with a mod-sequence >= modseq. The optional entry (per-flag metadata
   * modseqs) is parsed and kept but may be ignored: we keep one modseq per message (RFC 7162 3.1.5).
   */
  | { readonly kind: 'modseq'; readonly modseq: bigint; readonly entry?: { readonly name: string; readonly type: 'priv' | 'shared' | 'all' } }
  /** OBJECTID (RFC 8474 6): EMAILID id, THREADID id. */
  | { readonly kind: 'objectid'; readonly field: 'email' | 'thread'; readonly id: string }
  /** WITHIN (RFC 5032): internal date more than (OLDER) or at most (YOUNGER) `seconds` before now. */
  | { readonly kind: 'within'; readonly op: 'older' | 'younger'; readonly seconds: number }
  | { readonly kind: 'not'; readonly key: SearchKey }
  | { readonly kind: 'or'; readonly left: SearchKey; readonly right: SearchKey }
  | { readonly kind: 'and'; readonly keys: readonly SearchKey[] };

export interface SearchArgs {
  /** Upper-cased, one of supportedCharsets(); the strings of the criteria are already decoded with it. */
  readonly charset: string;
  readonly criteria: SearchKey;
  /** RETURN (...) of ESEARCH and its relatives; undefined for a plain RFC 3501 SEARCH. */
  readonly returns: SearchReturn | undefined;
}

const FLAG_KEYS: Readonly<Record<string, SystemFlag>> = {
  ANSWERED: '\\Answered',
  DELETED: '\\Deleted',
  DRAFT: '\\Draft',
  FLAGGED: '\\Flagged',
  SEEN: '\\Seen',
};
const TEXT_KEYS = new Set<string>(['BCC', 'CC', 'FROM', 'SUBJECT', 'TO', 'BODY', 'TEXT']);
const DATE_KEYS: Readonly<Record<string, { source: 'internal' | 'sent' | 'saved'; op: 'before' | 'on' | 'since' }>> = {
  SAVEDBEFORE: { source: 'saved', op: 'before' },
  SAVEDON: { source: 'saved', op: 'on' },
  SAVEDSINCE: { source: 'saved', op: 'since' },
  BEFORE: { source: 'internal', op: 'before' },
  ON: { source: 'internal', op: 'on' },
  SINCE: { source: 'internal', op: 'since' },
  SENTBEFORE: { source: 'sent', op: 'before' },
  SENTON: { source: 'sent', op: 'on' },
  SENTSINCE: { source: 'sent', op: 'since' },
};
const ENTRY_TYPES = new Set(['priv', 'shared', 'all']);

/**
 * Parses SEARCH / UID SEARCH arguments. Throws BADCHARSET for a charset not in supportedCharsets()
 * (answer `NO [BADCHARSET (...)]`). Strings are decoded with the charset (literals and quoted
 * strings alike); under US-ASCII they are read as UTF-8, as clients that say US-ASCII but send
 * 8-bit mean UTF-8.
 */
export function parseSearchArgs(args: readonly Token[], { uid = false } = {}): SearchArgs {
  const command = uid ? 'UID SEARCH' : 'SEARCH';
  const reader = new ArgReader(args, command);
  let charset: SearchArgs['charset'] = 'US-ASCII';
  let returns: SearchReturn | undefined;
  if (reader.takeWord('RETURN')) returns = parseSearchReturn(reader.list('a list of return options after RETURN'), command);
  if (reader.takeWord('CHARSET')) charset = readCharset(reader, command);
  const criteria = parseKeys(reader, 1, charset);
  return { charset, criteria, returns };
}

/** A charset name SEARCH, SORT and THREAD accept, or BADCHARSET. */
export function readCharset(reader: ArgReader, command: string): string {
  const name = reader.astring('a charset name such as UTF-8').toUpperCase();
  const known = supportedCharsets().find((supported) => supported === name);
  if (known === undefined) throw new ImapSyntaxError('BADCHARSET', `${command}: charset "${name}" is not supported`);
  return known;
}

/** The search keys that end SORT and THREAD, up to the end of the reader (several mean AND). */
export function parseSearchKeys(reader: ArgReader, charset: string): SearchKey {
  return parseKeys(reader, 1, charset);
}

/** One or more keys up to the end of the reader; several mean AND. */
function parseKeys(reader: ArgReader, depth: number, charset: string): SearchKey {
  if (!reader.hasMore()) reader.fail('a search key');
  const keys: SearchKey[] = [];
  while (reader.hasMore()) keys.push(parseKey(reader, depth, charset));
  return keys.length === 1 ? keys[0]! : { kind: 'and', keys };
}

/**
 * A search string in the command's charset (RFC 3501 6.4.4). UTF-8 and US-ASCII read as astring
 * does; another charset decodes a literal's or a quoted string's octets with it.
 */
function searchString(reader: ArgReader, charset: string, expected: string): string {
  const token = reader.peek();
  if (charset === 'UTF-8' || charset === 'US-ASCII' || (token?.kind !== 'literal' && !(token?.kind === 'quoted' && token.raw))) return reader.astring(expected);
  reader.next(expected);
  const bytes = token.kind === 'literal' ? token.value : token.raw!;
  return new TextDecoder(charset).decode(bytes);
}

function parseKey(reader: ArgReader, depth: number, charset: string): SearchKey {
  if (depth > MAX_SEARCH_DEPTH) throw syntaxError('TOO_DEEP', `search keys nested deeper than ${MAX_SEARCH_DEPTH} levels`);
  const token = reader.peek();
  if (token?.kind === 'list') {
    const group = reader.list('a search key');
    if (group.length === 0) throw syntaxError('SYNTAX', 'empty search key group "()"');
    return parseKeys(new ArgReader(group, 'SEARCH group'), depth + 1, charset);
  }
  if (token?.kind !== 'atom') reader.fail('a search key');
  const word = token.value.toUpperCase();
  if (looksLikeSequenceSet(word)) return { kind: 'sequence', set: reader.sequenceSet() };
  reader.next('a search key');
  const flag = FLAG_KEYS[word.startsWith('UN') ? word.slice(2) : word];
  if (flag !== undefined) return { kind: 'flag', flag, set: !word.startsWith('UN') };
  if (TEXT_KEYS.has(word)) return { kind: 'text', field: word as TextSearchField, value: searchString(reader, charset, `the ${word} search string`) };
  const dateKey = DATE_KEYS[word];
  if (dateKey !== undefined) {
    const text = reader.astring(`a date after ${word}, such as 1-Feb-2024`);
    return { kind: 'date', ...dateKey, date: reader.convert(() => parseSearchDate(text)) };
  }
  switch (word) {
    case 'ALL':
      return { kind: 'all' };
    case 'RECENT':
      return { kind: 'recent' };
    case 'NEW':
      return { kind: 'and', keys: [{ kind: 'recent' }, { kind: 'flag', flag: '\\Seen', set: false }] };
    case 'OLD':
      return { kind: 'not', key: { kind: 'recent' } };
    case 'KEYWORD':
    case 'UNKEYWORD':
      return { kind: 'keyword', keyword: readKeyword(reader, word), set: word === 'KEYWORD' };
    case 'HEADER':
      return { kind: 'header', field: reader.astring('a header field name'), value: searchString(reader, charset, 'the HEADER search string') };
    case 'LARGER':
    case 'SMALLER':
      return { kind: 'size', op: word === 'LARGER' ? 'larger' : 'smaller', size: reader.number(`a size after ${word}`, { max: Number.MAX_SAFE_INTEGER }) };
    case 'UID':
      return { kind: 'uid', set: reader.sequenceSet('a UID set after UID') };
    case 'NOT':
      return { kind: 'not', key: parseKey(reader, depth + 1, charset) };
    case 'OR': {
      const left = parseKey(reader, depth + 1, charset);
      return { kind: 'or', left, right: parseKey(reader, depth + 1, charset) };
    }
    case 'MODSEQ':
      return parseModSeqKey(reader);
    case 'SAVEDATESUPPORTED':
      return { kind: 'savedate-supported' };
    case 'EMAILID':
    case 'THREADID': {
      const id = reader.atom(`an object id after ${word}`);
      if (!/^[A-Za-z0-9_-]{1,255}$/.test(id)) throw syntaxError('SYNTAX', `SEARCH: "${id}" is not an object id (RFC 8474: letters, digits, "_" and "-")`);
      return { kind: 'objectid', field: word === 'EMAILID' ? 'email' : 'thread', id };
    }
    case 'OLDER':
    case 'YOUNGER':
      return { kind: 'within', op: word === 'OLDER' ? 'older' : 'younger', seconds: reader.number(`a number of seconds after ${word}`, { nonZero: true }) };
    case 'CHARSET':
      throw syntaxError('SYNTAX', 'CHARSET must come first, before any search key');
    default:
      throw syntaxError('SYNTAX', `unknown search key "${token.value}"`);
  }
}

/** flag-keyword = atom: "\\Seen" is not a keyword (search it with SEEN). */
function readKeyword(reader: ArgReader, word: string): string {
  const expected = `a keyword (an atom, not a system flag) after ${word}`;
  const token = reader.peek();
  if (token?.kind !== 'atom' || !isAtomText(token.value)) reader.fail(expected);
  return reader.atom(expected);
}

/** MODSEQ [entry-name SP entry-type-req SP] mod-sequence-valzer (RFC 7162 3.1.5). */
function parseModSeqKey(reader: ArgReader): SearchKey {
  const next = reader.peek();
  if (next?.kind === 'quoted' || next?.kind === 'literal') {
    const name = reader.string('a MODSEQ entry name such as "/flags/\\\\Seen"');
    const type = reader.atom('priv, shared or all').toLowerCase();
    if (!ENTRY_TYPES.has(type)) throw syntaxError('SYNTAX', `SEARCH: MODSEQ entry type must be priv, shared or all, got "${type}"`);
    return { kind: 'modseq', entry: { name, type: type as 'priv' | 'shared' | 'all' }, modseq: reader.modSeq('the MODSEQ value') };
  }
  return { kind: 'modseq', modseq: reader.modSeq('the MODSEQ value') };
}
