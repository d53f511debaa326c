/**
 * APPEND arguments (RFC 3501 6.3.11) with MULTIAPPEND (RFC 3502: several messages), CATENATE
 * (RFC 4469: a message made of TEXT literals and URLs of stored messages) and UTF8 (~{n})
 * (RFC 6855 4):
 *   APPEND mailbox 1*(SP [flag-list SP] [date-time SP] (literal / "CATENATE" SP "(" cat-part *(SP cat-part) ")" / "UTF8" SP "(" literal8 ")"))
 * cat-part = "TEXT" SP literal / "URL" SP astring. Which of these the server offers is the command's business.
 */
import { ArgReader, type NameEncoding } from './args.js';
import { parseDateTime } from './dates.js';
import { syntaxError } from './errors.js';
import { parseFlagTokens } from './flags.js';
import type { Token } from './tokens.js';

export type CatenatePart = { readonly kind: 'text'; readonly bytes: Buffer } | { readonly kind: 'url'; readonly url: string };

export type AppendContent = { readonly kind: 'literal'; readonly bytes: Buffer } | { readonly kind: 'catenate'; readonly parts: readonly CatenatePart[] };

export interface AppendMessage {
  /** Canonical, de-duplicated; may be empty (imapflow sends "()" when it only has a date). */
  readonly flags: readonly string[];
  /** Epoch ms from the date-time argument; undefined means "now" by the server's clock. */
  readonly internalDate: number | undefined;
  readonly content: AppendContent;
  /** Sent as UTF8 (~{n}) (RFC 6855 4); the command refuses it unless UTF8=ACCEPT is enabled. */
  readonly utf8?: boolean;
}

export interface AppendArgs {
  /** Decoded Unicode name. */
  readonly mailbox: string;
  /** One, or several with MULTIAPPEND. */
  readonly messages: readonly AppendMessage[];
}

/** Most messages one MULTIAPPEND may carry: each is a literal, and literals per command are bounded anyway. */
export const MAX_APPEND_MESSAGES = 100;

/** Most parts one CATENATE may join (RFC 4469 has no limit; this bounds the work of one message). */
export const MAX_CATENATE_PARTS = 100;

export function parseAppendArgs(args: readonly Token[], names: NameEncoding = 'mutf7'): AppendArgs {
  const reader = new ArgReader(args, 'APPEND', names);
  const mailbox = reader.mailbox();
  const messages: AppendMessage[] = [];
  do {
    if (messages.length >= MAX_APPEND_MESSAGES) throw syntaxError('SYNTAX', `APPEND: at most ${MAX_APPEND_MESSAGES} messages in one command`);
    messages.push(readMessage(reader));
  } while (reader.hasMore());
  return { mailbox, messages };
}

function readMessage(reader: ArgReader): AppendMessage {
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
  if (reader.takeWord('UTF8')) {
    // UTF8=ACCEPT (RFC 6855 4): UTF8 (~{n}) carries a message with UTF-8 headers.
    const inner = new ArgReader(reader.list('(~{n}) after UTF8'), 'APPEND UTF8');
    const bytes = inner.literal('the message as a literal8 ~{n}');
    inner.end();
    return { flags, internalDate, content: { kind: 'literal', bytes }, utf8: true };
  }
  if (reader.takeWord('CATENATE')) {
    const parts = new ArgReader(reader.list('(TEXT {n} URL "...") after CATENATE'), 'APPEND CATENATE');
    const out: CatenatePart[] = [];
    while (parts.hasMore()) {
      if (out.length >= MAX_CATENATE_PARTS) throw syntaxError('SYNTAX', `APPEND CATENATE: at most ${MAX_CATENATE_PARTS} parts`);
      const word = parts.atom('TEXT or URL').toUpperCase();
      if (word === 'TEXT') out.push({ kind: 'text', bytes: parts.literal('a literal after TEXT') });
      else if (word === 'URL') out.push({ kind: 'url', url: parts.astring('an IMAP URL after URL') });
      else throw syntaxError('SYNTAX', `APPEND CATENATE: expected TEXT or URL, got ${word}`);
    }
    if (out.length === 0) throw syntaxError('SYNTAX', 'APPEND CATENATE: empty list of parts');
    return { flags, internalDate, content: { kind: 'catenate', parts: out } };
  }
  return { flags, internalDate, content: { kind: 'literal', bytes: reader.literal('the message as a literal {n}') } };
}
