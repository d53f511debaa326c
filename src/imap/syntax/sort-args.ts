/**
 * SORT and THREAD arguments (RFC 5256 3, RFC 5957 DISPLAYFROM/DISPLAYTO, ESORT RFC 5267):
 *   SORT [SP "RETURN" SP "(" ... ")"] SP "(" sort-criterion *(SP sort-criterion) ")" SP charset 1*(SP search-key)
 *   THREAD SP algorithm SP charset 1*(SP search-key)
 * The charset is required here, without the word CHARSET.
 */
import { ArgReader } from './args.js';
import { syntaxError } from './errors.js';
import { parseSearchKeys, readCharset, type SearchArgs, type SearchKey } from './search.js';
import { parseSearchReturn, type SearchReturn } from './search-return.js';
import type { Token } from './tokens.js';

export const SORT_KEYS = ['ARRIVAL', 'CC', 'DATE', 'FROM', 'SIZE', 'SUBJECT', 'TO', 'DISPLAYFROM', 'DISPLAYTO'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface SortCriterion {
  readonly key: SortKey;
  readonly reverse: boolean;
}

export interface SortArgs {
  readonly program: readonly SortCriterion[];
  readonly charset: SearchArgs['charset'];
  readonly criteria: SearchKey;
  readonly returns: SearchReturn | undefined;
}

export function parseSortArgs(args: readonly Token[], { uid = false } = {}): SortArgs {
  const command = uid ? 'UID SORT' : 'SORT';
  const reader = new ArgReader(args, command);
  const returns = reader.takeWord('RETURN') ? parseSearchReturn(reader.list('a list of return options after RETURN'), command) : undefined;
  const list = new ArgReader(reader.list('a parenthesized list of sort criteria such as (REVERSE DATE)'), `${command} criteria`);
  const program: SortCriterion[] = [];
  while (list.hasMore()) {
    const reverse = list.takeWord('REVERSE');
    const word = list.atom('a sort key (ARRIVAL CC DATE FROM SIZE SUBJECT TO DISPLAYFROM DISPLAYTO)').toUpperCase();
    if (!(SORT_KEYS as readonly string[]).includes(word)) throw syntaxError('SYNTAX', `${command}: unknown sort key "${word}"; known are ${SORT_KEYS.join(' ')}`);
    program.push({ key: word as SortKey, reverse });
  }
  if (program.length === 0) throw syntaxError('SYNTAX', `${command}: empty list of sort criteria`);
  const charset = readCharset(reader, command);
  const criteria = parseSearchKeys(reader, charset);
  return { program, charset, criteria, returns };
}

export interface ThreadArgs {
  /** Upper-cased algorithm name; the command checks it is offered. */
  readonly algorithm: string;
  readonly charset: SearchArgs['charset'];
  readonly criteria: SearchKey;
}

export function parseThreadArgs(args: readonly Token[], { uid = false } = {}): ThreadArgs {
  const command = uid ? 'UID THREAD' : 'THREAD';
  const reader = new ArgReader(args, command);
  const algorithm = reader.atom('a threading algorithm (ORDEREDSUBJECT, REFERENCES or REFS)').toUpperCase();
  const charset = readCharset(reader, command);
  const criteria = parseSearchKeys(reader, charset);
  return { algorithm, charset, criteria };
}
