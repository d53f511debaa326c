/**
 * OBJECTID (RFC 8474): stable ids for mailboxes and messages, made from what the store already
 * keeps so the same scenario always prints the same ids (no random numbers).
 * - MAILBOXID: from the mailbox's UIDVALIDITY, unique in the store and kept across RENAME.
 * - EMAILID: a digest of the message's octets, so COPY and MOVE keep it (RFC 8474 5.1; identical
 *   messages share one, which 5.1 allows).
 * - THREADID: a digest of the thread's first Message-ID (References, else In-Reply-To, else the
 *   message's own), NIL for a message with none of them.
 */
import { createHash } from 'node:crypto';
import { getParsed } from '../mime/index.js';
import type { Mailbox } from '../store/mailbox.js';
import type { Message } from '../store/message.js';

const MSG_ID = /<[^<>\s]*>/;

function digest(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 24);
}

export function mailboxId(mailbox: Mailbox): string {
  return `F${mailbox.uidValidity}`;
}

const emailIds = new WeakMap<Message, string>();

export function emailId(message: Message): string {
  let id = emailIds.get(message);
  if (id === undefined) emailIds.set(message, (id = `M${digest(message.raw)}`));
  return id;
}

export function threadId(message: Message): string | null {
  const headers = getParsed(message.raw).root.headers;
  const root = headers.get('references')?.match(MSG_ID)?.[0] ?? headers.get('in-reply-to')?.match(MSG_ID)?.[0] ?? headers.get('message-id')?.match(MSG_ID)?.[0];
  return root === undefined ? null : `T${digest(root)}`;
}
