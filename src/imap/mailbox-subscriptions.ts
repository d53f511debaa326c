/**
 * Subscriptions (RFC 3501 6.3.6-6.3.7, LSUB, LIST (SUBSCRIBED)). RFC 3501 subscribes names, not
 * mailboxes: a name may be subscribed before its mailbox exists and stays subscribed after a
 * DELETE. We keep an existing mailbox's subscription on the mailbox (Mailbox.subscribed, true
 * from creation, so it travels with RENAME) and every other subscribed name in the account's
 * subscriptionsWithoutMailbox. Rule: a name that has a mailbox answers from the mailbox.
 */
import type { Account } from '../store/account.js';
import { compareMailboxNames, normalizeMailboxName } from '../store/account.js';
import type { Mailbox } from '../store/mailbox.js';

/** Every subscribed name, INBOX first then by name. */
export function subscribedNames(account: Account): string[] {
  const names = new Set<string>();
  for (const box of account.mailboxes()) if (box.subscribed) names.add(box.name);
  for (const name of account.subscriptionsWithoutMailbox) if (!account.mailbox(name)) names.add(name);
  return [...names].sort(compareMailboxNames);
}

/** `name` must be canonical (see creatableName). */
export function subscribe(account: Account, name: string): void {
  const box = account.mailbox(name);
  if (box) box.subscribed = true;
  else account.subscriptionsWithoutMailbox.add(name);
}

/** Returns false when the name was not subscribed (and has no mailbox). */
export function unsubscribe(account: Account, name: string): boolean {
  const box = account.mailbox(name);
  if (!box) return account.subscriptionsWithoutMailbox.delete(normalizeMailboxName(name));
  box.subscribed = false;
  return true;
}

/** Before DELETE removes the mailbox: its subscription stays with the name (RFC 3501 6.3.6). */
export function keepSubscriptionOfDeleted(account: Account, box: Mailbox): void {
  if (box.subscribed) account.subscriptionsWithoutMailbox.add(box.name);
  else account.subscriptionsWithoutMailbox.delete(box.name);
}

/**
 * After CREATE or RENAME brought mailboxes into being (parents included): a subscription left on
 * one of their names becomes that mailbox's, so it cannot resurface when the mailbox moves away.
 */
export function adoptSubscriptions(account: Account): void {
  for (const name of [...account.subscriptionsWithoutMailbox]) {
    const box = account.mailbox(name);
    if (!box) continue;
    box.subscribed = true;
    account.subscriptionsWithoutMailbox.delete(name);
  }
}
