/**
 * APPEND arguments (RFC 3501 6.3.11):
 *   APPEND mailbox [SP flag-list] [SP date-time] SP literal
 * and UTF8 (~{n}) (RFC 6855 4).
 */
import { ArgReader, type NameEncoding } from './args.js';
import { parseDateTime } from './dates.js';
import { parseFlagTokens } from './flags.js';
import type { Token } from './tokens.js';

export interface AppendArgs {
  /** Decoded Unicode name. */
  readonly mailbox: string;
  /** Canonical, de-duplicated; may be empty (imapflow sends "()" when it only has a date). */
  readonly flags: readonly string[];
  /** Epoch ms from the date-time argument; undefined means "now" by the server's clock. */
  readonly internalDate: number | undefined;
  readonly message: Buffer;
  /** Sent as UTF8 (~{n}) (RFC 6855 4); the command refuses it unless UTF8=ACCEPT is enabled. */
  readonly utf8?: boolean;
}

export function parseAppendArgs(args: readonly Token[], names: NameEncoding = 'mutf7'): AppendArgs {
  const reader = new ArgReader(args, 'APPEND', names);
  const mailbox = reader.mailbox();
  let flags: string[] = [];
  if (reader.peek()?.kind === 'list') {
    const list = reader.list('a flag list');
    flags = reader.convert(() => parseFlagTokens(list));
  }
  let internalDate: number | undefined;
  let utf8 = false;
  if (reader.peek()?.kind === 'quoted') {
    const text = reader.string('a date-time such as "17-Jul-1996 02:44:25 -0700"');
    internalDate = reader.convert(() => parseDateTime(text));
  }
  // UTF8=ACCEPT (RFC 6855 4): UTF8 (~{n}) carries a message with UTF-8 headers.
  let message: Buffer;
  if (reader.takeWord('UTF8')) {
    const inner = new ArgReader(reader.list('(~{n}) after UTF8'), 'APPEND UTF8');
    message = inner.literal('the message as a literal8 ~{n}');
    inner.end();
    utf8 = true;
  } else {
    message = reader.literal('the message as a literal {n}');
  }
  reader.end();
  return { mailbox, flags, internalDate, message, ...(utf8 ? { utf8 } : {}) };
}
