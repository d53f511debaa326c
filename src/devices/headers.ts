import PostalMime from 'postal-mime';

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
export async function readListingHeaders(raw: Buffer): Promise<ListingHeaders> {
  const email = await PostalMime.parse(raw);
  const from = email.from ? (email.from.name ? `${email.from.name} <${email.from.address ?? ''}>` : (email.from.address ?? '')) : '';
  const date = email.date ? Date.parse(email.date) : Number.NaN;
  return {
    attachments: email.attachments.length,
    ...(email.messageId ? { messageId: email.messageId } : {}),
    subject: email.subject ?? '(no subject)',
    from,
    ...(Number.isNaN(date) ? {} : { date }),
  };
}

/** How many attachments a whole message carries, as a client counts them. */
export async function countAttachments(raw: Buffer): Promise<number> {
  return (await PostalMime.parse(raw)).attachments.length;
}
