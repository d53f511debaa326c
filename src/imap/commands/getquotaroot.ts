import { defineCommand } from '../command.js';
import { no } from '../errors.js';
import { QUOTA_ROOT, sendQuota } from '../quota.js';
import { AUTHENTICATED } from '../session.js';
import { atom, mailboxValue, parseMailboxArg } from '../syntax/index.js';

/** GETQUOTAROOT mailbox (RFC 9208 4.1.2): `* QUOTAROOT mailbox ""`, then that root's QUOTA. */
export const getQuotaRoot = defineCommand({
  name: 'GETQUOTAROOT',
  states: AUTHENTICATED,
  parse: (command) => parseMailboxArg(command.args, 'GETQUOTAROOT', command.names),
  handle(ctx, name) {
    const account = ctx.session.account;
    const mailbox = account.mailbox(name);
    if (!mailbox) throw no(`No mailbox named ${name}`, 'NONEXISTENT');
    ctx.send(atom('QUOTAROOT'), mailboxValue(mailbox.name, ctx.session.names), QUOTA_ROOT);
    sendQuota(ctx, account);
  },
});
