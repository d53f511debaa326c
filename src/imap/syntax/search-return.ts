/**
 * RETURN options of SEARCH and SORT: ESEARCH (RFC 4731: MIN MAX ALL COUNT), SEARCHRES (RFC 5182:
 * SAVE), CONTEXT=SEARCH/SORT (RFC 5267: CONTEXT, UPDATE) and PARTIAL (RFC 9394):
 *   "RETURN" SP "(" [return-opt *(SP return-opt)] ")"
 * `RETURN ()` means RETURN (ALL) (RFC 4731 3.1). Which of these the server offers is the
 * command's business; this only reads them.
 */
import { ArgReader } from './args.js';
import { syntaxError } from './errors.js';
import type { Token } from './tokens.js';

/** A PARTIAL range (RFC 9394 3): positions 1:100 from the start, or -1:-100 from the end. */
export interface PartialRange {
  /** 1-based, low <= high. */
  readonly low: number;
  readonly high: number;
  /** Counted from the end: -1 is the last result. */
  readonly fromEnd: boolean;
}

export interface SearchReturn {
  readonly min: boolean;
  readonly max: boolean;
  readonly all: boolean;
  readonly count: boolean;
  readonly save: boolean;
  /** CONTEXT=SEARCH: keep the result and report ADDTO/REMOVEFROM as the mailbox changes. */
  readonly update: boolean;
  readonly partial: PartialRange | undefined;
}

/** Reads the list after RETURN. */
export function parseSearchReturn(tokens: readonly Token[], command: string): SearchReturn {
  const reader = new ArgReader(tokens, `${command} RETURN`);
  const options = { min: false, max: false, all: false, count: false, save: false, update: false, partial: undefined as PartialRange | undefined };
  while (reader.hasMore()) {
    const word = reader.atom('a return option (MIN, MAX, ALL, COUNT, SAVE, PARTIAL, CONTEXT, UPDATE)').toUpperCase();
    switch (word) {
      case 'MIN':
        options.min = true;
        break;
      case 'MAX':
        options.max = true;
        break;
      case 'ALL':
        options.all = true;
        break;
      case 'COUNT':
        options.count = true;
        break;
      case 'SAVE':
        options.save = true;
        break;
      case 'CONTEXT':
        // RFC 5267 4.2: a hint that the client will ask again; nothing to do for us.
        break;
      case 'UPDATE':
        if (options.update) throw syntaxError('SYNTAX', `${command}: UPDATE given twice`);
        options.update = true;
        break;
      case 'PARTIAL': {
        if (options.partial) throw syntaxError('SYNTAX', `${command}: PARTIAL given twice`);
        const text = reader.atom('a PARTIAL range such as 1:100 or -1:-100');
        options.partial = reader.convert(() => parsePartialRange(text));
        break;
      }
      default:
        throw syntaxError('SYNTAX', `${command}: unknown return option ${word}`);
    }
  }
  // RFC 9394 3: PARTIAL and ALL cannot be asked for together.
  if (options.partial && options.all) throw syntaxError('SYNTAX', `${command}: PARTIAL and ALL cannot be combined`);
  // RETURN () and RETURN (UPDATE) alone mean ALL (RFC 4731 3.1, RFC 5267 4.3).
  if (!options.min && !options.max && !options.all && !options.count && !options.save && !options.partial) options.all = true;
  return options;
}

/** partial-range-first = nz-number ":" nz-number; partial-range-last = "-" nz-number ":-" nz-number. */
export function parsePartialRange(text: string): PartialRange {
  const match = /^(-?)([1-9][0-9]{0,9}):(-?)([1-9][0-9]{0,9})$/.exec(text);
  if (match === null || match[1] !== match[3]) throw syntaxError('SYNTAX', `invalid PARTIAL range "${text}", expected 1:100 or -1:-100`);
  const a = Number(match[2]);
  const b = Number(match[4]);
  if (a > 0xffffffff || b > 0xffffffff) throw syntaxError('SYNTAX', `PARTIAL range "${text}" is out of range`);
  return { low: Math.min(a, b), high: Math.max(a, b), fromEnd: match[1] === '-' };
}

/** The range as the response echoes it: `1:100`, `-1:-100`. */
export function formatPartialRange(range: PartialRange): string {
  return range.fromEnd ? `-${range.low}:-${range.high}` : `${range.low}:${range.high}`;
}

/** The items of `results` (in result order) that the range selects. */
export function selectPartial<T>(results: readonly T[], range: PartialRange): T[] {
  if (!range.fromEnd) return results.slice(range.low - 1, range.high);
  const end = results.length - range.low + 1;
  return results.slice(Math.max(0, results.length - range.high), Math.max(0, end));
}
