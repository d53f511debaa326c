/**
 * STORE arguments (RFC 3501 6.4.6, CONDSTORE RFC 7162 3.1.3):
 *   STORE sequence-set [SP "(" UNCHANGEDSINCE mod-sequence-valzer ")"] SP
 *         ["+" / "-"] "FLAGS" [".SILENT"] SP (flag-list / flag *(SP flag))
 */
import { ArgReader } from './args.js';
import { syntaxError } from './errors.js';
import { parseFlagTokens } from './flags.js';
import type { SequenceSet } from './sequence-set.js';
import type { Token } from './tokens.js';

/** FLAGS replaces, +FLAGS adds, -FLAGS removes. */
export type StoreOperation = 'set' | 'add' | 'remove';

export interface StoreArgs {
  readonly sequence: SequenceSet;
  /** CONDSTORE: only change messages whose mod-sequence is not above this. */
  readonly unchangedSince: bigint | undefined;
  readonly operation: StoreOperation;
  /** .SILENT: do not send the untagged FETCH (FLAGS) for this session (others still get theirs). */
  readonly silent: boolean;
  /** Canonical, de-duplicated; empty only for `FLAGS ()`, which clears all flags. */
  readonly flags: readonly string[];
}

const OPERATIONS: Readonly<Record<string, StoreOperation>> = { FLAGS: 'set', '+FLAGS': 'add', '-FLAGS': 'remove' };

export function parseStoreArgs(args: readonly Token[], command = 'STORE'): StoreArgs {
  const reader = new ArgReader(args, command);
  const sequence = reader.sequenceSet();
  let unchangedSince: bigint | undefined;
  if (reader.peek()?.kind === 'list') {
    const modifiers = new ArgReader(reader.list('store modifiers'), `${command} modifier`);
    if (!modifiers.takeWord('UNCHANGEDSINCE')) modifiers.fail('UNCHANGEDSINCE (the only STORE modifier)');
    unchangedSince = modifiers.modSeq('the UNCHANGEDSINCE mod-sequence');
    modifiers.end();
  }
  const action = reader.atom('FLAGS, +FLAGS or -FLAGS').toUpperCase();
  const silent = action.endsWith('.SILENT');
  const operation = OPERATIONS[silent ? action.slice(0, -'.SILENT'.length) : action];
  if (operation === undefined) {
    throw syntaxError('SYNTAX', `${command}: expected FLAGS, +FLAGS or -FLAGS (optionally .SILENT), got "${action}"`);
  }
  let flags: string[];
  if (reader.peek()?.kind === 'list') {
    const list = reader.list('a flag list');
    flags = reader.convert(() => parseFlagTokens(list));
    reader.end();
  } else {
    if (!reader.hasMore()) reader.fail('a flag list or flags');
    const bare = reader.rest();
    flags = reader.convert(() => parseFlagTokens(bare));
  }
  return { sequence, unchangedSince, operation, silent, flags };
}
