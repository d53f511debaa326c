/**
 * IMAP URLs of this server's own messages, as CATENATE (RFC 4469 5) takes them (RFC 5092 syntax):
 *   imap://any-authority/INBOX;UIDVALIDITY=385759045/;UID=20/;SECTION=1.2/;PARTIAL=0.1024
 *   /INBOX;UIDVALIDITY=385759045/;UID=20          (absolute path on this server)
 *   ;UID=20/;SECTION=TEXT                          (in the selected mailbox)
 * The mailbox name is percent-encoded UTF-8. Sections are part numbers with an optional HEADER,
 * TEXT or MIME; a URL this server cannot resolve is undefined (the command answers [BADURL]).
 */
import { getParsed, getSection, partial } from '../mime/index.js';
import type { Account } from '../store/account.js';
import type { Mailbox } from '../store/mailbox.js';
import type { SectionSpec } from './syntax/index.js';

interface ImapUrl {
  readonly mailbox: string | undefined;
  readonly uidValidity: number | undefined;
  readonly uid: number;
  readonly section: SectionSpec;
  readonly partial: { readonly offset: number; readonly length?: number } | undefined;
}

const PATH = /^(?:imap:\/\/[^/]*)?(?:\/([^;/]+)(?:;UIDVALIDITY=([1-9][0-9]*))?)?\/?;UID=([1-9][0-9]*)(?:\/;SECTION=([^/]+))?(?:\/;PARTIAL=([0-9]+)(?:\.([1-9][0-9]*))?)?$/i;

function parseUrl(url: string): ImapUrl | undefined {
  const match = PATH.exec(url);
  if (match === null) return undefined;
  let mailbox: string | undefined;
  let section: SectionSpec | undefined = { part: [] };
  try {
    mailbox = match[1] === undefined ? undefined : decodeURIComponent(match[1]);
    if (match[4] !== undefined) section = parseUrlSection(decodeURIComponent(match[4]));
  } catch {
    return undefined;
  }
  if (section === undefined) return undefined;
  const uidValidity = match[2] === undefined ? undefined : Number(match[2]);
  const range = match[5] === undefined ? undefined : match[6] === undefined ? { offset: Number(match[5]) } : { offset: Number(match[5]), length: Number(match[6]) };
  return { mailbox, uidValidity, uid: Number(match[3]), section, partial: range };
}

/** "1.2", "1.2.MIME", "TEXT", "HEADER", "2.HEADER". */
function parseUrlSection(text: string): SectionSpec | undefined {
  const match = /^((?:[1-9][0-9]*)(?:\.[1-9][0-9]*)*)?(?:^|\.)?(HEADER|TEXT|MIME)?$/i.exec(text);
  if (match === null || (match[1] === undefined && match[2] === undefined)) return undefined;
  const part = match[1] === undefined ? [] : match[1].split('.').map(Number);
  const kind = match[2]?.toUpperCase() as SectionSpec['text'] | undefined;
  if (kind === 'MIME' && part.length === 0) return undefined;
  return kind === undefined ? { part } : { part, text: kind };
}

/** The octets a URL names, or undefined when it does not name a message section here. */
export function resolveImapUrl(url: string, account: Account, selected: Mailbox | undefined): Buffer | undefined {
  const parsed = parseUrl(url);
  if (!parsed) return undefined;
  const mailbox = parsed.mailbox === undefined ? selected : account.mailbox(parsed.mailbox);
  if (!mailbox || (parsed.uidValidity !== undefined && parsed.uidValidity !== mailbox.uidValidity)) return undefined;
  const message = mailbox.byUid(parsed.uid);
  if (!message) return undefined;
  const bytes = getSection(getParsed(message.raw), message.raw, parsed.section);
  if (bytes === null) return undefined;
  return parsed.partial === undefined ? bytes : partial(bytes, parsed.partial.offset, parsed.partial.length);
}
