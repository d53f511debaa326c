/**
 * LIST and LSUB arguments: RFC 3501 6.3.8 / 6.3.9 and the extended form of RFC 5258, with the
 * SPECIAL-USE option of RFC 6154 and RETURN (STATUS (...)) of RFC 5819:
 *   LIST [SP "(" [select-opt *(SP select-opt)] ")"] SP mailbox SP (list-mailbox / "(" patterns ")")
 *        [SP "RETURN" SP "(" [return-opt *(SP return-opt)] ")"]
 */
import { ArgReader, type NameEncoding } from './args.js';
import { syntaxError } from './errors.js';
import { parseStatusItems, type StatusItem } from './status-items.js';
import { describeToken, type Token } from './tokens.js';

export interface ListSelection {
  readonly subscribed: boolean;
  readonly remote: boolean;
  readonly recursiveMatch: boolean;
  readonly specialUse: boolean;
}

export interface ListReturn {
  readonly subscribed: boolean;
  readonly children: boolean;
  readonly specialUse: boolean;
  /** RETURN (STATUS (...)): send a STATUS response for each listed mailbox. */
  readonly status: readonly StatusItem[] | undefined;
}

export interface ListArgs {
  /** True when selection or return options or a pattern list were used (RFC 5258 rules apply). */
  readonly extended: boolean;
  readonly selection: ListSelection;
  /** The reference name, decoded; see joinReference() in list-pattern.ts. */
  readonly reference: string;
  /** Patterns, decoded from modified UTF-7; [""] alone asks for the hierarchy delimiter. */
  /** Decoded patterns; one that is not valid modified UTF-7 matches nothing and is left out. */
  readonly patterns: readonly string[];
  readonly returns: ListReturn;
}

const SELECT_OPTIONS: Readonly<Record<string, keyof ListSelection>> = {
  SUBSCRIBED: 'subscribed',
  REMOTE: 'remote',
  RECURSIVEMATCH: 'recursiveMatch',
  'SPECIAL-USE': 'specialUse',
};

export function parseListArgs(args: readonly Token[], names: NameEncoding = 'mutf7'): ListArgs {
  const reader = new ArgReader(args, 'LIST', names);
  let extended = false;
  const selection = { subscribed: false, remote: false, recursiveMatch: false, specialUse: false };
  if (reader.peek()?.kind === 'list') {
    extended = true;
    for (const token of reader.list('selection options')) {
      const option = token.kind === 'atom' ? SELECT_OPTIONS[token.value.toUpperCase()] : undefined;
      // RFC 5258 3.1: an unrecognised selection option must be answered with BAD.
      if (option === undefined) throw syntaxError('SYNTAX', `LIST: unknown selection option ${describeToken(token)}`);
      selection[option] = true;
    }
    // RFC 5258 3.1: RECURSIVEMATCH only modifies another option (other than REMOTE).
    if (selection.recursiveMatch && !selection.subscribed && !selection.specialUse) {
      throw syntaxError('SYNTAX', 'LIST: RECURSIVEMATCH must be combined with SUBSCRIBED or SPECIAL-USE');
    }
  }
  const reference = reader.mailbox('a reference name');
  let patterns: string[];
  if (reader.peek()?.kind === 'list') {
    extended = true;
    const group = new ArgReader(reader.list('mailbox patterns'), 'LIST patterns', names);
    if (!group.hasMore()) throw syntaxError('SYNTAX', 'LIST: empty pattern list');
    patterns = [];
    while (group.hasMore()) {
      const pattern = group.listMailbox();
      if (pattern !== null) patterns.push(pattern);
    }
  } else {
    const pattern = reader.listMailbox();
    patterns = pattern === null ? [] : [pattern];
  }
  const returns = { subscribed: false, children: false, specialUse: false, status: undefined as StatusItem[] | undefined };
  if (reader.takeWord('RETURN')) {
    extended = true;
    const options = new ArgReader(reader.list('return options after RETURN'), 'LIST RETURN');
    while (options.hasMore()) {
      const word = options.atom('a return option').toUpperCase();
      if (word === 'SUBSCRIBED') returns.subscribed = true;
      else if (word === 'CHILDREN') returns.children = true;
      else if (word === 'SPECIAL-USE') returns.specialUse = true;
      else if (word === 'STATUS') {
        const items = options.list('a STATUS item list after STATUS');
        returns.status = options.convert(() => parseStatusItems(items));
      } else throw syntaxError('SYNTAX', `LIST: unknown return option "${word}"`);
    }
  }
  reader.end();
  return { extended, selection, reference, patterns, returns };
}

export interface LsubArgs {
  readonly reference: string;
  /** null: not valid modified UTF-7, so nothing matches. */
  readonly pattern: string | null;
}

/** LSUB mailbox SP list-mailbox. */
export function parseLsubArgs(args: readonly Token[], names: NameEncoding = 'mutf7'): LsubArgs {
  const reader = new ArgReader(args, 'LSUB', names);
  const reference = reader.mailbox('a reference name');
  const pattern = reader.listMailbox();
  reader.end();
  return { reference, pattern };
}
