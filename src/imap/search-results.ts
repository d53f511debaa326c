/**
 * How SEARCH and SORT answer: `* SEARCH 2 5` / `* SORT 5 2` (RFC 3501, RFC 5256), or with RETURN
 * options - and always in an IMAP4rev2 session's SEARCH - `* ESEARCH (TAG "a") UID MIN 2 ...`
 * (ESEARCH RFC 4731, ESORT RFC 5267, PARTIAL RFC 9394, MODSEQ RFC 7162 3.1.5). SAVE keeps the
 * result for "$" (SEARCHRES, RFC 5182).
 */
import type { CommandContext } from './command.js';
import type { Numbered } from './selected.js';
import {
  atom,
  compactInOrder,
  compactSequenceSet,
  formatPartialRange,
  selectPartial,
  Verbatim,
  type ImapValue,
  type SearchReturn,
} from './syntax/index.js';

export interface SearchResult {
  /** 'SEARCH': ascending sequence order; 'SORT': the sort order. */
  readonly kind: 'SEARCH' | 'SORT';
  readonly found: readonly Numbered[];
  readonly returns: SearchReturn | undefined;
  /** The criteria had a MODSEQ key: answer with the highest mod-sequence too. */
  readonly withModSeq: boolean;
}

/** RETURN (ALL), what an IMAP4rev2 SEARCH without RETURN means (RFC 9051 6.4.4). */
export const RETURN_ALL: SearchReturn = { min: false, max: false, all: true, count: false, save: false, update: false, partial: undefined };

export function sendSearchResult(ctx: CommandContext, result: SearchResult): void {
  const { found, kind, withModSeq } = result;
  const number = (n: Numbered): number => (ctx.uid ? n.message.uid : n.seq);
  const returns = result.returns ?? (kind === 'SEARCH' && ctx.session.enabled.has('IMAP4rev2') ? RETURN_ALL : undefined);
  if (returns === undefined) {
    const values: ImapValue[] = [atom(kind)];
    if (found.length > 0) {
      // One pre-joined value: a mailbox of 100,000 matches would not fit in a spread call.
      values.push(new Verbatim(Buffer.from(found.map(number).join(' '), 'latin1')));
      if (withModSeq) values.push([atom('MODSEQ'), highestModSeq(found)]);
    }
    ctx.send(...values);
    return;
  }
  // With only MIN and/or MAX, those are the messages "returned": SAVE keeps and MODSEQ covers them (RFC 5182 2.4).
  const onlyMinMax = (returns.min || returns.max) && !returns.all && !returns.count && !returns.partial;
  const first = kind === 'SORT' ? found[0] : minBy(found, number);
  const last = kind === 'SORT' ? found[found.length - 1] : maxBy(found, number);
  const returned = onlyMinMax ? [...new Set([returns.min ? first : undefined, returns.max ? last : undefined].filter((n) => n !== undefined))] : found;
  if (returns.save) ctx.session.selected.savedResult = new Set(returned.map((n) => n.message.uid));
  if (returns.save && !returns.min && !returns.max && !returns.all && !returns.count && !returns.partial) return;
  const values: ImapValue[] = [atom('ESEARCH'), [atom('TAG'), ctx.tag]];
  if (ctx.uid) values.push(atom('UID'));
  if (found.length > 0) {
    if (returns.min && first) values.push(atom('MIN'), number(first));
    if (returns.max && last) values.push(atom('MAX'), number(last));
    if (returns.all) values.push(atom('ALL'), atom(setOf(kind, found.map(number))));
  }
  if (returns.partial) {
    const part = selectPartial(found, returns.partial).map(number);
    values.push(atom('PARTIAL'), [atom(formatPartialRange(returns.partial)), part.length === 0 ? null : atom(setOf(kind, part))]);
  }
  if (returns.count) values.push(atom('COUNT'), found.length);
  if (withModSeq && returned.length > 0) values.push(atom('MODSEQ'), highestModSeq(returned));
  ctx.send(...values);
}

/** A SEARCH set is sorted and compacted; a SORT set keeps the sort order (only runs are joined). */
function setOf(kind: 'SEARCH' | 'SORT', numbers: readonly number[]): string {
  return kind === 'SORT' ? compactInOrder(numbers) : compactSequenceSet(numbers);
}

function highestModSeq(found: readonly Numbered[]): number {
  return found.reduce((highest, { message }) => Math.max(highest, message.modseq), 0);
}

function minBy(found: readonly Numbered[], number: (n: Numbered) => number): Numbered | undefined {
  return found.reduce<Numbered | undefined>((best, n) => (best === undefined || number(n) < number(best) ? n : best), undefined);
}

function maxBy(found: readonly Numbered[], number: (n: Numbered) => number): Numbered | undefined {
  return found.reduce<Numbered | undefined>((best, n) => (best === undefined || number(n) > number(best) ? n : best), undefined);
}
