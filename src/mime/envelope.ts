import addressparser, { type Address } from 'nodemailer/lib/addressparser';
import type { HeaderBlock, ImapData, ParsedMessage } from './types.js';

/**
 * Placeholders Dovecot puts in an address it cannot split. A NIL host would mean "start of a
 * group" to the client (RFC 3501 7.4.2), so a real address never gets one.
 */
const MISSING_MAILBOX = 'MISSING_MAILBOX';
const MISSING_DOMAIN = 'MISSING_DOMAIN';

/** A word that can only be a bare local part (`From: postmaster`), not a display name. */
const BARE_LOCAL_PART = /^[^\s"(),:;<>@[\]\\]+$/;

/** The ENVELOPE of a stored message (RFC 3501 7.4.2). */
export function envelope(parsed: ParsedMessage): ImapData[] {
  return envelopeOf(parsed.root.headers);
}

/**
 * ENVELOPE fields from one header block: date, subject, from, sender, reply-to, to, cc, bcc,
 * in-reply-to, message-id. Values are unfolded but not decoded: encoded words stay as written,
 * as real servers send them. The first occurrence of each field counts.
 */
export function envelopeOf(headers: HeaderBlock): ImapData[] {
  const from = addressList(headers.get('from'));
  return [
    stringOrNil(headers.get('date')),
    stringOrNil(headers.get('subject')),
    from,
    // RFC 3501: an absent or empty Sender / Reply-To is reported as From.
    addressList(headers.get('sender')) ?? from,
    addressList(headers.get('reply-to')) ?? from,
    addressList(headers.get('to')),
    addressList(headers.get('cc')),
    addressList(headers.get('bcc')),
    stringOrNil(headers.get('in-reply-to')),
    stringOrNil(headers.get('message-id')),
  ];
}

function stringOrNil(value: string | undefined): string | null {
  return value ?? null;
}

/** An address header as a list of (name adl mailbox host), or null (NIL) when it holds none. */
function addressList(value: string | undefined): ImapData[] | null {
  if (value === undefined) return null;
  let entries: Address[];
  try {
    entries = addressparser(value);
  } catch {
    return null;
  }
  const list: ImapData[] = [];
  for (const entry of entries) {
    if (entry.group !== undefined) {
      // RFC 3501 group syntax: a NIL host starts the group (mailbox = its name), NIL ends it.
      list.push([null, null, entry.name === '' ? null : entry.name, null]);
      for (const member of entry.group) {
        if (member.group === undefined) pushMailbox(list, member.name, member.address);
      }
      list.push([null, null, null, null]);
    } else {
      pushMailbox(list, entry.name, entry.address);
    }
  }
  // env-from = "(" 1*address ")": the addresses follow each other with no SP between them.
  return list.length > 0 ? [{ adjacent: list }] : null;
}

function pushMailbox(list: ImapData[], name: string, address: string): void {
  if (address === '' && name === '') return;
  if (address === '' && BARE_LOCAL_PART.test(name)) {
    list.push([null, null, name, MISSING_DOMAIN]);
    return;
  }
  const at = address.lastIndexOf('@');
  const mailbox = at === -1 ? address : address.slice(0, at);
  const host = at === -1 ? '' : address.slice(at + 1);
  // nodemailer's addressparser drops source routes, so adl is always NIL.
  list.push([name === '' ? null : name, null, mailbox === '' ? MISSING_MAILBOX : mailbox, host === '' ? MISSING_DOMAIN : host]);
}
