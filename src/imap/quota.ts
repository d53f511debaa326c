/**
 * QUOTA (RFC 9208) over one quota root per account, named "" as in the RFC's examples: STORAGE in
 * units of 1024 octets (usage rounded up) and MESSAGE, counted over every mailbox of the account.
 */
import type { Account } from '../store/account.js';
import type { CommandContext } from './command.js';
import { no } from './errors.js';
import { atom, type ImapValue } from './syntax/index.js';

export const QUOTA_ROOT = '';

export interface QuotaUsage {
  /** Octets in all mailboxes. */
  readonly octets: number;
  readonly messages: number;
}

export function quotaUsage(account: Account): QuotaUsage {
  let octets = 0;
  let messages = 0;
  for (const mailbox of account.mailboxes()) {
    octets += mailbox.totalSize;
    messages += mailbox.messages.length;
  }
  return { octets, messages };
}

/** `* QUOTA "" (STORAGE used limit MESSAGE used limit)`, the resources that have a limit. */
export function sendQuota(ctx: CommandContext, account: Account): void {
  const usage = quotaUsage(account);
  const resources: ImapValue[] = [];
  if (account.quota.storage !== undefined) resources.push(atom('STORAGE'), Math.ceil(usage.octets / 1024), account.quota.storage);
  if (account.quota.messages !== undefined) resources.push(atom('MESSAGE'), usage.messages, account.quota.messages);
  ctx.send(atom('QUOTA'), QUOTA_ROOT, resources);
}

/**
 * NO [OVERQUOTA] (RFC 9208 4.3, RFC 5530) when adding these messages would pass a limit. Checked
 * by APPEND and COPY before they store anything; MOVE within the account adds nothing and is not.
 */
export function checkQuota(ctx: CommandContext, sizes: readonly number[]): void {
  if (!ctx.features.has('QUOTA')) return;
  const account = ctx.session.account;
  const { storage, messages } = account.quota;
  if (storage === undefined && messages === undefined) return;
  const usage = quotaUsage(account);
  const adding = sizes.reduce((a, b) => a + b, 0);
  if (messages !== undefined && usage.messages + sizes.length > messages) {
    throw no(`Over quota: the account may hold ${messages} messages and holds ${usage.messages}`, 'OVERQUOTA');
  }
  if (storage !== undefined && Math.ceil((usage.octets + adding) / 1024) > storage) {
    throw no(`Over quota: ${Math.ceil((usage.octets + adding) / 1024)} KiB would pass the limit of ${storage} KiB`, 'OVERQUOTA');
  }
}
