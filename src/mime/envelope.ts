import addressparser, { type Address } from 'nodemailer/lib/addressparser';
import { decodeEncodedWords } from './transfer-decoding.js';
import type { HeaderBlock, HeaderField, ImapData, ParsedMessage } from './types.js';

/**
 * Placeholders Dovecot puts in an address it cannot split. A NIL host would mean "start of a
 * group" to the client (RFC 3501 7.4.2), so a real address never gets one.
 */
const MISSING_MAILBOX = 'MISSING_MAILBOX';
const MISSING_DOMAIN = 'MISSING_DOMAIN';

/** A word that can only be a bare local part (`From: postmaster`), not a display name. */
const BARE_LOCAL_PART = /^[^\s"(),:;<>@[\]\\]+$/;

/** One address of an address header, as ENVELOPE and SEARCH see it. */
interface ParsedAddress {
  readonly name: string | null;
  readonly adl: string | null;
  readonly mailbox: string | null;
  readonly host: string | null;
}

/** The ENVELOPE of a stored message (RFC 3501 7.4.2). */
export function envelope(parsed: ParsedMessage): ImapData[] {
  return envelopeOf(parsed.root.headers);
}

/**
 * ENVELOPE fields from one header block: date, subject, from, sender, reply-to, to, cc, bcc,
 * in-reply-to, message-id. Values are unfolded but not decoded: encoded words stay as written,
 * as real servers send them, and a field that is not UTF-8 goes out as the octets it was stored
 * with (a literal), never re-encoded. The first occurrence of each field counts.
 */
export function envelopeOf(headers: HeaderBlock): ImapData[] {
  const from = addressField(headers.first('from'));
  return [
    textField(headers.first('date')),
    textField(headers.first('subject')),
    from,
    // RFC 3501: an absent or empty Sender / Reply-To is reported as From.
    addressField(headers.first('sender')) ?? from,
    addressField(headers.first('reply-to')) ?? from,
    addressField(headers.first('to')),
    addressField(headers.first('cc')),
    addressField(headers.first('bcc')),
    textField(headers.first('in-reply-to')),
    textField(headers.first('message-id')),
  ];
}

/**
 * The addresses of every field of this name, as SEARCH FROM/TO/CC/BCC matches them: decoded display
 * name and mailbox@host, comments and quoting undone ("Bob <bob@example.com>", "bob@example.com"),
 * and group names. A needle then cannot match across two addresses or inside a comment's parentheses.
 */
export function searchableAddresses(headers: HeaderBlock, name: string): string[] {
  const out: string[] = [];
  for (const value of headers.getAll(name)) {
    for (const address of parseAddresses(value)) {
      if (address.host === null) {
        if (address.mailbox !== null) out.push(address.mailbox); // a group's name
        continue;
      }
      const mailbox = `${address.mailbox ?? ''}@${address.host}`;
      out.push(address.name === null ? mailbox : `${decodeEncodedWords(address.name)} <${mailbox}>`);
    }
  }
  return out;
}

/** A field's value as it is, or its own octets when they are not UTF-8. */
function textField(field: HeaderField | undefined): ImapData {
  if (field === undefined) return null;
  return field.latin1 ? storedOctets(field.value) : field.value;
}

/** An address header as a list of (name adl mailbox host), or null (NIL) when it holds none. */
function addressField(field: HeaderField | undefined): ImapData[] | null {
  if (field === undefined) return null;
  const text = (value: string | null): ImapData => (value === null || !field.latin1 ? value : storedOctets(value));
  const list: ImapData[] = parseAddresses(field.value).map((a) => [text(a.name), a.adl, text(a.mailbox), text(a.host)]);
  // env-from = "(" 1*address ")": the addresses follow each other with no SP between them.
  return list.length > 0 ? [{ adjacent: list }] : null;
}

/**
 * A latin1-read value back as the octets it came from. NUL cannot be in a literal (CHAR8), so a
 * value holding one stays text (the serializer writes U+FFFD for it).
 */
function storedOctets(value: string): ImapData {
  const octets = Buffer.from(value, 'latin1');
  return octets.includes(0) ? value : octets;
}

/** The addresses of one header value, groups in RFC 3501 group syntax, source routes kept. */
function parseAddresses(value: string): ParsedAddress[] {
  let entries: Address[];
  try {
    entries = addressparser(value);
  } catch {
    return [];
  }
  const routes = sourceRoutes(value);
  const list: ParsedAddress[] = [];
  for (const entry of entries) {
    if (entry.group !== undefined) {
      // RFC 3501 group syntax: a NIL host starts the group (mailbox = its name), NIL ends it. A
      // member without an address is a comment or a lone name ("group: (foo) ;"): no address.
      list.push({ name: null, adl: null, mailbox: entry.name === '' ? null : entry.name, host: null });
      for (const member of entry.group) {
        if (member.group === undefined && member.address !== '') pushMailbox(list, member.name, member.address, routes);
      }
      list.push({ name: null, adl: null, mailbox: null, host: null });
    } else {
      pushMailbox(list, entry.name, entry.address, routes);
    }
  }
  return list;
}

function pushMailbox(list: ParsedAddress[], name: string, address: string, routes: ReadonlyMap<string, string>): void {
  if (address === '' && name === '') return;
  if (address === '' && BARE_LOCAL_PART.test(name)) {
    list.push({ name: null, adl: null, mailbox: name, host: MISSING_DOMAIN });
    return;
  }
  const at = address.lastIndexOf('@');
  const mailbox = at === -1 ? address : address.slice(0, at);
  const host = at === -1 ? '' : address.slice(at + 1);
  list.push({
    name: name === '' ? null : name,
    adl: routes.get(address.toLowerCase()) ?? null,
    mailbox: mailbox === '' ? MISSING_MAILBOX : mailbox,
    host: host === '' ? MISSING_DOMAIN : host,
  });
}

/**
 * Obsolete source routes, `<@relay1,@relay2:user@domain>` (RFC 5322 4.4 obs-route), which RFC 3501
 * 7.4.2 reports as the address's adl. addressparser drops them, so we find them in the field text
 * ourselves: address (lower-cased) -> route as RFC 3501 writes it, "@relay1,@relay2". One pass with
 * indexOf, no backtracking pattern, so a long hostile header costs linear time.
 */
function sourceRoutes(value: string): Map<string, string> {
  const routes = new Map<string, string>();
  for (let at = value.indexOf('<@'); at !== -1; at = value.indexOf('<@', at + 1)) {
    const end = value.indexOf('>', at);
    if (end === -1) break;
    const inside = value.slice(at + 1, end);
    const colon = inside.indexOf(':');
    if (colon > 0) {
      const hops = inside.slice(0, colon).split(',').map((hop) => hop.trim());
      const address = inside.slice(colon + 1).trim();
      if (hops.every((hop) => /^@[^\s@"]+$/.test(hop)) && address.includes('@')) routes.set(address.toLowerCase(), hops.join(','));
    }
    at = end;
  }
  return routes;
}
