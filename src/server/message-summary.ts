import PostalMime from 'postal-mime';
import type { Message } from '../store/message.js';

/** A stored message as a test asserts on it: what a mail client's message list shows, plus flags. */
export interface StoredMessage {
  readonly uid: number;
  /** The Message-ID header, with its angle brackets, when the message has one. */
  readonly messageId?: string;
  /** Decoded Subject; "(no subject)" when there is none. */
  readonly subject: string;
  /** Decoded From: "Name <address>" or just the address; "" when there is none. */
  readonly from: string;
  /** The plain-text body as a client would show it; "" when the message has no text part. */
  readonly text: string;
  /** Sorted: system flags first in RFC order, then keywords. */
  readonly flags: readonly string[];
  /** When the server stored it (from the server's clock). */
  readonly internalDate: Date;
  /** Octets as stored, including the Return-Path and Received headers SMTP adds. */
  readonly size: number;
}

/**
 * Parses with postal-mime, a client-side parser, rather than the server's own MIME code: a test
 * should see the message the way a mail client would, not the way the server under test does.
 */
export async function summarizeMessage(message: Message): Promise<StoredMessage> {
  const email = await PostalMime.parse(message.raw);
  const from = email.from ? (email.from.name ? `${email.from.name} <${email.from.address ?? ''}>` : (email.from.address ?? '')) : '';
  return {
    uid: message.uid,
    ...(email.messageId ? { messageId: email.messageId } : {}),
    subject: email.subject ?? '(no subject)',
    from,
    text: email.text ?? '',
    flags: message.flags,
    internalDate: new Date(message.internalDate),
    size: message.size,
  };
}
