import PostalMime from 'postal-mime';
import { listingStrings, rememberedListingHeaders } from './plain-headers.js';

/** What a mail client shows in its message list, read from the raw headers. */
export interface ListingHeaders {
  readonly messageId?: string;
  readonly subject: string;
  readonly from: string;
  readonly date?: number;
  /** Attachments the message carries; only known when the whole message was read. */
  readonly attachments: number;
}

/**
 * Parses the headers a client lists (decoding encoded words, as a user's client would).
 * Devices are clients, so they use a well-kept client-side parser rather than our server's MIME code.
 */
export function readListingHeaders(raw: Buffer): Promise<ListingHeaders> {
  // The runner reads a stored message's headers when it arrives and again for the server's final
  // state: the same Buffer (stored bytes never change), parsed once. Devices parse the bytes they
  // download, which are their own Buffers.
  let parsed = parsedHeaders.get(raw);
  if (!parsed) parsedHeaders.set(raw, (parsed = parseListingHeaders(raw)));
  return parsed;
}

/** Weak: a message deleted from the store takes its entry with it. */
const parsedHeaders = new WeakMap<Buffer, Promise<ListingHeaders>>();

async function parseListingHeaders(raw: Buffer): Promise<ListingHeaders> {
  // The list needs only the header block: parsing a whole body (decoding quoted-printable,
  // base64 attachments) to read four headers dominated large runs. The body is parsed only when
  // the message is multipart, to count its attachments.
  const block = headerBlock(raw);
  const plain = block.multipart ? undefined : rememberedListingHeaders(block.header);
  return plain ?? postalListingHeaders(raw, block);
}

/** The listing headers as postal-mime alone reads them: the test holds the plain path equal to this. */
export function listingHeadersByPostalMime(raw: Buffer): Promise<ListingHeaders> {
  return postalListingHeaders(raw, headerBlock(raw));
}

interface HeaderBlock {
  /** Offset just past the blank line that ends it. */
  readonly headerEnd: number;
  /** Its octets as Latin-1 text. */
  readonly header: string;
  readonly multipart: boolean;
}

function headerBlock(raw: Buffer): HeaderBlock {
  const headerEnd = endOfHeaders(raw);
  const header = raw.subarray(0, headerEnd).toString('latin1');
  return { headerEnd, header, multipart: /^content-type:[ \t]*multipart\//im.test(header) };
}

async function postalListingHeaders(raw: Buffer, { headerEnd, header, multipart }: HeaderBlock): Promise<ListingHeaders> {
  // Without a body, Content-Transfer-Encoding means nothing, but postal-mime still readies a
  // quoted-printable decoder for it (a 100 KiB buffer per message). Latin-1 keeps the bytes as they are.
  const email = await PostalMime.parse(multipart || headerEnd === raw.length ? raw : Buffer.from(header.replace(TRANSFER_ENCODING_FIELD, ''), 'latin1'));
  const from = email.from ? (email.from.name ? `${email.from.name} <${email.from.address ?? ''}>` : (email.from.address ?? '')) : '';
  const date = email.date ? Date.parse(email.date) : Number.NaN;
  return {
    attachments: email.attachments.length,
    ...(email.messageId ? { messageId: listingStrings.intern(email.messageId) } : {}),
    subject: email.subject === undefined ? '(no subject)' : listingStrings.intern(email.subject),
    from: listingStrings.intern(from),
    ...(Number.isNaN(date) ? {} : { date }),
  };
}

/** How many attachments a whole message carries, as a client counts them. */
export async function countAttachments(raw: Buffer): Promise<number> {
  return (await PostalMime.parse(raw)).attachments.length;
}

/** A Content-Transfer-Encoding field with its folded continuation lines. */
const TRANSFER_ENCODING_FIELD = /^content-transfer-encoding:.*(?:\r?\n[ \t].*)*\r?\n/gim;

/** Offset just past the blank line that ends the header block (the whole message if there is none). */
function endOfHeaders(raw: Buffer): number {
  const crlf = raw.indexOf('\r\n\r\n');
  if (crlf !== -1) return crlf + 4;
  const lf = raw.indexOf('\n\n');
  return lf === -1 ? raw.length : lf + 2;
}
