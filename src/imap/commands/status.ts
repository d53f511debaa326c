import { defineCommand, type CommandContext } from '../command.js';
import { bad, no } from '../errors.js';
import { sendMailboxStatus } from '../mailbox-status.js';
import { AUTHENTICATED } from '../session.js';
import type { ImapFeatures } from '../features.js';
import { parseStatusArgs, type StatusItem } from '../syntax/index.js';

/**
 * STATUS (RFC 3501 6.3.10) with HIGHESTMODSEQ (RFC 7162) and SIZE (RFC 8438). Allowed on the
 * selected mailbox too; its values then match what the session has been told.
 */
export const status = defineCommand({
  name: 'STATUS',
  states: AUTHENTICATED,
  parse(command, features) {
    const args = parseStatusArgs(command.args, command.names);
    requireStatusItems(args.items, features);
    return args;
  },
  handle(ctx, { mailbox: name, items }) {
    const account = ctx.session.account;
    const mailbox = account.mailbox(name);
    if (!mailbox) {
      if (account.isNoselect(name)) throw no(`${name} cannot be selected (\\Noselect), so it has no status`, 'CANNOT');
      throw no(`No mailbox named ${name}`, 'NONEXISTENT');
    }
    if (ctx.session.rev2 && items.includes('RECENT')) throw bad('STATUS RECENT is not part of IMAP4rev2');
    if (items.includes('HIGHESTMODSEQ')) enableCondstore(ctx);
    sendMailboxStatus(ctx, mailbox, items);
  },
});

/** STATUS items of pieces that are off are BAD, as an unknown item would be. */
export function requireStatusItems(items: readonly StatusItem[], features: ImapFeatures): void {
  if (items.includes('HIGHESTMODSEQ')) features.require('CONDSTORE', 'STATUS HIGHESTMODSEQ');
  if (items.includes('SIZE')) features.require('STATUS=SIZE', 'STATUS SIZE');
  if (items.includes('APPENDLIMIT')) features.require('APPENDLIMIT', 'STATUS APPENDLIMIT');
  if (items.includes('DELETED')) features.require('IMAP4rev2', 'STATUS DELETED');
  if (items.includes('MAILBOXID')) features.require('OBJECTID', 'STATUS MAILBOXID');
  if (items.includes('DELETED-STORAGE')) features.require('QUOTA', 'STATUS DELETED-STORAGE');
}

/**
 * RFC 7162 3.1: STATUS (HIGHESTMODSEQ) is a CONDSTORE enabling command. When that happens with a
 * mailbox selected, the client learns the selected mailbox's HIGHESTMODSEQ, since it will now see
 * MODSEQ in every FETCH.
 */
function enableCondstore(ctx: CommandContext): void {
  if (ctx.session.condstore) return;
  ctx.session.enabled.add('CONDSTORE');
  const selected = ctx.session.selectedOrUndefined;
  if (selected) ctx.sendStatus('OK', 'Highest', { code: 'HIGHESTMODSEQ', value: selected.mailbox.highestModSeq });
}
