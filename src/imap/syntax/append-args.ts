/**
 * APPEND arguments (RFC 3501 6.3.11):
 *   APPEND mailbox [SP flag-list] [SP date-time] SP literal
 * MULTIAPPEND, CATENATE and literal8 are extensions we do not offer.
 */
import { ArgReader } from './args.js';
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
}

export function parseAppendArgs(args: readonly Token[]): AppendArgs {
  const reader = new ArgReader(args, 'APPEND');
  const mailbox = reader.mailbox();
  let flags: string[] = [];
  if (reader.peek()?.kind === 'list') {
    const list = reader.list('a flag list');
    flags = reader.convert(() => parseFlagTokens(list));
  }
  let internalDate: number | undefined;
  if (reader.peek()?.kind === 'quoted') {
    const text = reader.string('a date-time such as "17-Jul-1996 02:44:25 -0700"');
    internalDate = reader.convert(() => parseDateTime(text));
  }
  const message = reader.literal('the message as a literal {n}');
  reader.end();
  return { mailbox, flags, internalDate, message };
}
