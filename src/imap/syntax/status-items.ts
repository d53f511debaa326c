/**
 * STATUS data items (RFC 3501 6.3.10, CONDSTORE RFC 7162 3.1.2.2 HIGHESTMODSEQ, RFC 8438 SIZE,
 * RFC 7889 APPENDLIMIT),
 * used by STATUS and by LIST's RETURN (STATUS (...)) (RFC 5819).
 */
import { ArgReader, type NameEncoding } from './args.js';
import { syntaxError } from './errors.js';
import { describeToken, type Token } from './tokens.js';

export const STATUS_ITEMS = ['MESSAGES', 'RECENT', 'UIDNEXT', 'UIDVALIDITY', 'UNSEEN', 'HIGHESTMODSEQ', 'SIZE', 'APPENDLIMIT', 'DELETED', 'MAILBOXID', 'DELETED-STORAGE'] as const;
export type StatusItem = (typeof STATUS_ITEMS)[number];

const KNOWN = new Set<string>(STATUS_ITEMS);

/** A non-empty list of items, upper-cased and de-duplicated in the order given. */
export function parseStatusItems(tokens: readonly Token[]): StatusItem[] {
  if (tokens.length === 0) throw syntaxError('SYNTAX', 'empty STATUS item list; ask for at least one of ' + STATUS_ITEMS.join(' '));
  const items: StatusItem[] = [];
  for (const token of tokens) {
    const name = token.kind === 'atom' ? token.value.toUpperCase() : undefined;
    if (name === undefined || !KNOWN.has(name)) {
      throw syntaxError('SYNTAX', `unknown STATUS item ${describeToken(token)}; known items are ${STATUS_ITEMS.join(' ')}`);
    }
    if (!items.includes(name as StatusItem)) items.push(name as StatusItem);
  }
  return items;
}

export interface StatusArgs {
  readonly mailbox: string;
  readonly items: readonly StatusItem[];
}

/** STATUS mailbox SP "(" status-att *(SP status-att) ")". */
export function parseStatusArgs(args: readonly Token[], names: NameEncoding = 'mutf7'): StatusArgs {
  const reader = new ArgReader(args, 'STATUS', names);
  const mailbox = reader.mailbox();
  const list = reader.list('a parenthesized list of STATUS items, such as (MESSAGES UNSEEN)');
  const items = reader.convert(() => parseStatusItems(list));
  reader.end();
  return { mailbox, items };
}
