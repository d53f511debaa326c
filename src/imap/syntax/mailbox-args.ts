/**
 * Arguments of the commands that take only mailbox names and sequence sets: CREATE, DELETE,
 * SUBSCRIBE, UNSUBSCRIBE (one mailbox), RENAME (two), COPY / MOVE (set and mailbox, RFC 3501
 * 6.4.7, RFC 6851), UID EXPUNGE (a UID set, RFC 4315), and commands without arguments.
 */
import { ArgReader, type NameEncoding } from './args.js';
import type { SequenceSet } from './sequence-set.js';
import type { Token } from './tokens.js';

/** CREATE / DELETE / SUBSCRIBE / UNSUBSCRIBE mailbox: the decoded name. */
export function parseMailboxArg(args: readonly Token[], command: string, names: NameEncoding = 'mutf7'): string {
  const reader = new ArgReader(args, command, names);
  const mailbox = reader.mailbox();
  reader.end();
  return mailbox;
}

export interface RenameArgs {
  readonly from: string;
  readonly to: string;
}

export function parseRenameArgs(args: readonly Token[], names: NameEncoding = 'mutf7'): RenameArgs {
  const reader = new ArgReader(args, 'RENAME', names);
  const from = reader.mailbox('the existing mailbox name');
  const to = reader.mailbox('the new mailbox name');
  reader.end();
  return { from, to };
}

export interface CopyArgs {
  readonly sequence: SequenceSet;
  readonly mailbox: string;
}

/** COPY / MOVE / UID COPY / UID MOVE sequence-set SP mailbox. */
export function parseCopyArgs(args: readonly Token[], command: string, names: NameEncoding = 'mutf7'): CopyArgs {
  const reader = new ArgReader(args, command, names);
  const sequence = reader.sequenceSet();
  const mailbox = reader.mailbox('the destination mailbox');
  reader.end();
  return { sequence, mailbox };
}

/** UID EXPUNGE sequence-set. */
export function parseUidExpungeArgs(args: readonly Token[]): SequenceSet {
  const reader = new ArgReader(args, 'UID EXPUNGE');
  const set = reader.sequenceSet('a UID set');
  reader.end();
  return set;
}

/** NOOP, CAPABILITY, LOGOUT, CHECK, CLOSE, UNSELECT, EXPUNGE, IDLE, NAMESPACE, STARTTLS take none. */
export function parseNoArgs(args: readonly Token[], command: string): void {
  new ArgReader(args, command).end();
}
