/**
 * Evaluates a SEARCH criteria tree (RFC 3501 6.4.4, RFC 7162 3.1.5) over one session's view.
 *
 * - Strings match as case-insensitive substrings after Unicode NFC normalisation, against decoded
 *   text: encoded words in headers, transfer encodings and charsets in bodies (mime/search-text).
 * - SUBJECT looks at that header field of the message (every occurrence), decoded; FROM/TO/CC/BCC
 *   at its addresses as parsed ("Name <mailbox@host>", comments and quoting undone), so a string
 *   cannot match across two addresses or inside a comment; HEADER at any field of that name, an
 *   empty string matching every message that has the field.
 * - BEFORE/ON/SINCE take the internal date's UTC day, the zone INTERNALDATE is printed in;
 *   SENTBEFORE/SENTON/SENTSINCE the day written in the Date: header, its time and zone ignored
 *   (RFC 3501: "disregarding time and timezone"). Without a readable Date:, the internal date.
 * - Sequence numbers and UIDs beyond the mailbox simply match nothing.
 */
import { decodeEncodedWords, foldedTextForSearch, foldText, getParsed, headerValues, searchableAddresses, type ParsedMessage } from '../mime/index.js';
import type { Message } from '../store/message.js';
import { emailId, threadId } from './object-ids.js';
import type { Numbered, SelectedMailbox } from './selected.js';
import {
  calendarDateOf,
  compareCalendarDates,
  isSavedResult,
  MONTHS,
  resolveSequenceSet,
  resolveUidSet,
  type CalendarDate,
  type SearchKey,
  type TextSearchField,
} from './syntax/index.js';

/**
 * The messages of the view that match, in sequence order. A message another session expunged
 * whose EXPUNGE this session has not been sent yet (a "ghost") is still in the view, so it is
 * searched like the others, on the bytes and flags it had: its sequence number still exists for
 * this client, FETCH still returns it, and a SEARCH 1:3 that skipped number 2 would contradict
 * FETCH 2. The command then says so with [EXPUNGEISSUED] (RFC 5530).
 */
export function searchMessages(selected: SelectedMailbox, criteria: SearchKey, now: number): Numbered[] {
  const evaluator = new SearchEvaluator(selected, now);
  const out: Numbered[] = [];
  selected.messages.forEach((message, index) => {
    const candidate = new Candidate(index + 1, message);
    if (evaluator.matches(criteria, candidate)) out.push({ seq: candidate.seq, message });
  });
  return out;
}

/** True when the criteria use MODSEQ anywhere: the response then carries (MODSEQ n), RFC 7162 3.1.5. */
export function usesModSeq(key: SearchKey): boolean {
  return someKey(key, (k) => k.kind === 'modseq');
}

/** True when some key of the tree passes the test (to find MODSEQ, WITHIN, "$" before running). */
export function someKey(key: SearchKey, test: (key: SearchKey) => boolean): boolean {
  if (test(key)) return true;
  switch (key.kind) {
    case 'not':
      return someKey(key.key, test);
    case 'or':
      return someKey(key.left, test) || someKey(key.right, test);
    case 'and':
      return key.keys.some((inner) => someKey(inner, test));
    default:
      return false;
  }
}

/** One message under test; parses the message only when a key needs its contents. */
class Candidate {
  private parsedValue?: ParsedMessage;
  private foldedHeaders?: string;
  private foldedBody?: string;

  constructor(
    readonly seq: number,
    readonly message: Message,
  ) {}

  get parsed(): ParsedMessage {
    return (this.parsedValue ??= getParsed(this.message.raw));
  }

  get headersText(): string {
    return (this.foldedHeaders ??= foldedTextForSearch(this.parsed, this.message.raw).headers);
  }

  get bodyText(): string {
    return (this.foldedBody ??= foldedTextForSearch(this.parsed, this.message.raw).body);
  }

  header(name: string): string[] {
    return headerValues(this.parsed, name).map((value) => fold(decodeEncodedWords(value)));
  }

  /** The parsed addresses of every field of this name (mime/envelope.ts searchableAddresses). */
  addresses(name: string): string[] {
    return searchableAddresses(this.parsed.root.headers, name).map(fold);
  }
}

class SearchEvaluator {
  /** Resolved sets per key, so `1:1000` is expanded once per SEARCH, not once per message. */
  private readonly sets = new Map<SearchKey, Set<number>>();
  private readonly folded = new Map<string, string>();

  constructor(
    private readonly selected: SelectedMailbox,
    /** The clock's now, for WITHIN (RFC 5032). */
    private readonly now: number,
  ) {}

  matches(key: SearchKey, candidate: Candidate): boolean {
    const message = candidate.message;
    switch (key.kind) {
      case 'all':
        return true;
      case 'flag':
        return message.hasFlag(key.flag) === key.set;
      case 'keyword':
        return message.hasFlag(key.keyword) === key.set;
      case 'recent':
        return this.selected.isRecent(message);
      case 'text':
        return this.matchesText(key.field, this.fold(key.value), candidate);
      case 'header': {
        const needle = this.fold(key.value);
        return candidate.header(key.field).some((value) => value.includes(needle));
      }
      case 'date':
        return compareDay(key.source === 'internal' ? internalDay(message) : key.source === 'saved' ? calendarDateOf(message.savedAt) : sentDay(candidate), key.op, key.date);
      case 'savedate-supported':
        return true;
      case 'size':
        return key.op === 'larger' ? message.size > key.size : message.size < key.size;
      case 'sequence':
        // "$" (SEARCHRES) names the saved messages whether as sequence numbers or UIDs.
        if (isSavedResult(key.set)) return this.selected.savedResult.has(message.uid);
        return this.set(key, () => resolveSequenceSet(key.set, this.selected.count)).has(candidate.seq);
      case 'uid':
        if (isSavedResult(key.set)) return this.selected.savedResult.has(message.uid);
        return this.set(key, () => resolveUidSet(key.set, this.selected.messages.map((m) => m.uid))).has(message.uid);
      case 'objectid':
        return (key.field === 'email' ? emailId(message) : threadId(message)) === key.id;
      case 'within': {
        const age = this.now - message.internalDate;
        return key.op === 'older' ? age > key.seconds * 1000 : age <= key.seconds * 1000;
      }
      case 'modseq':
        return BigInt(message.modseq) >= key.modseq;
      case 'not':
        return !this.matches(key.key, candidate);
      case 'or':
        return this.matches(key.left, candidate) || this.matches(key.right, candidate);
      case 'and':
        return key.keys.every((inner) => this.matches(inner, candidate));
    }
  }

  private matchesText(field: TextSearchField, needle: string, candidate: Candidate): boolean {
    switch (field) {
      case 'BODY':
        return candidate.bodyText.includes(needle);
      case 'TEXT':
        return candidate.headersText.includes(needle) || candidate.bodyText.includes(needle);
      case 'FROM':
      case 'TO':
      case 'CC':
      case 'BCC':
        // Addresses as parsed, comments and quoting undone: not a substring of the raw field.
        return candidate.addresses(field).some((value) => value.includes(needle));
      default:
        return candidate.header(field).some((value) => value.includes(needle));
    }
  }

  private set(key: SearchKey, resolve: () => number[]): Set<number> {
    let set = this.sets.get(key);
    if (set === undefined) {
      set = new Set(resolve());
      this.sets.set(key, set);
    }
    return set;
  }

  private fold(text: string): string {
    let folded = this.folded.get(text);
    if (folded === undefined) {
      folded = fold(text);
      this.folded.set(text, folded);
    }
    return folded;
  }
}

const fold = foldText;

function compareDay(day: CalendarDate, op: 'before' | 'on' | 'since', wanted: CalendarDate): boolean {
  const order = compareCalendarDates(day, wanted);
  return op === 'before' ? order < 0 : op === 'on' ? order === 0 : order >= 0;
}

/** The UTC calendar day, as INTERNALDATE prints it (see utcDayRange in syntax/dates). */
function internalDay(message: Message): CalendarDate {
  return calendarDateOf(message.internalDate);
}

/** `[Mon, ]4 Mar 2024 ...` (RFC 5322 3.3, two-digit years per its obsolete syntax, 4.3). */
const DATE_FIELD = /^\s*(?:[A-Za-z]{3}\s*,\s*)?([0-9]{1,2})\s+([A-Za-z]{3})[a-z]*\s+([0-9]{2,4})\b/;

function sentDay(candidate: Candidate): CalendarDate {
  const value = candidate.parsed.root.headers.get('date');
  const match = value === undefined ? null : DATE_FIELD.exec(value);
  if (match !== null) {
    const month = MONTHS.findIndex((name) => name.toLowerCase() === match[2]!.toLowerCase()) + 1;
    let year = Number(match[3]);
    if (match[3]!.length === 2) year += year < 50 ? 2000 : 1900;
    else if (match[3]!.length === 3) year += 1900;
    const day = Number(match[1]);
    if (month >= 1 && day >= 1 && day <= 31) return { year, month, day };
  }
  return internalDay(candidate.message);
}
