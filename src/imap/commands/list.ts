import { HIERARCHY_DELIMITER } from '../../store/account.js';
import { defineCommand, type CommandContext } from '../command.js';
import { listEntries, type ListEntry } from '../mailbox-list.js';
import { sendMailboxStatus } from '../mailbox-status.js';
import { requireStatusItems } from './status.js';
import { AUTHENTICATED } from '../session.js';
import { atom, joinReference, mailboxValue, parseListArgs, type ImapValue } from '../syntax/index.js';

/**
 * LIST (RFC 3501 6.3.8) with LIST-EXTENDED (RFC 5258): selection options SUBSCRIBED, REMOTE (we
 * have no remote mailboxes, so it changes nothing), RECURSIVEMATCH and SPECIAL-USE (RFC 6154);
 * return options SUBSCRIBED, CHILDREN, SPECIAL-USE and STATUS (RFC 5819).
 *
 * \HasChildren / \HasNoChildren and special-use attributes are sent whether asked for or not, as
 * Dovecot does (RFC 5258 4 and RFC 6154 2 allow it); \Subscribed only when asked for.
 */
export const list = defineCommand({
  name: 'LIST',
  states: AUTHENTICATED,
  parse(command, features) {
    const args = parseListArgs(command.args, command.names);
    if (args.extended) features.require('LIST-EXTENDED', 'LIST with selection options, several patterns or RETURN');
    if (args.returns.status) features.require('LIST-STATUS', 'LIST RETURN (STATUS)');
    if (args.returns.status) requireStatusItems(args.returns.status, features);
    if (args.selection.specialUse || args.returns.specialUse) features.require('SPECIAL-USE', 'The SPECIAL-USE list option');
    return args;
  },
  handle(ctx, args) {
    // RFC 3501 6.3.8: an empty pattern asks for the delimiter and the root of the reference; we
    // have one namespace, whose root is "".
    if (args.patterns.length === 1 && args.patterns[0] === '') {
      ctx.send(atom('LIST'), [atom('\\Noselect')], HIERARCHY_DELIMITER, '');
      return;
    }
    const entries = listEntries(ctx.session.account, {
      patterns: args.patterns.map((pattern) => joinReference(args.reference, pattern, HIERARCHY_DELIMITER)),
      selection: args.selection,
      returnSubscribed: args.returns.subscribed || args.selection.subscribed,
    });
    const children = ctx.features.has('CHILDREN') || args.returns.children;
    for (const entry of entries) {
      sendListLine(ctx, 'LIST', children ? entry : withoutChildren(entry));
      // RFC 5819: a STATUS for every listed mailbox that can be selected, right after its LIST.
      if (args.returns.status && entry.mailbox) sendMailboxStatus(ctx, entry.mailbox, args.returns.status);
    }
  },
});

/** CHILDREN off and not asked for (RFC 5258 RETURN (CHILDREN)): no \HasChildren / \HasNoChildren. */
function withoutChildren(entry: ListEntry): ListEntry {
  return { ...entry, attributes: entry.attributes.filter((a) => a !== '\\HasChildren' && a !== '\\HasNoChildren') };
}

/** `* LIST (attributes) "/" name [("CHILDINFO" (criteria))]`; LSUB uses it too. Special uses only with SPECIAL-USE. */
export function sendListLine(ctx: CommandContext, response: 'LIST' | 'LSUB', entry: ListEntry): void {
  const attributes = ctx.features.has('SPECIAL-USE') ? entry.attributes : entry.attributes.filter((a) => a !== entry.mailbox?.specialUse);
  const values: ImapValue[] = [atom(response), attributes.map(atom), HIERARCHY_DELIMITER, mailboxValue(entry.name, ctx.session.names)];
  if (entry.childInfo) values.push(['CHILDINFO', [...entry.childInfo]]);
  ctx.send(...values);
}
