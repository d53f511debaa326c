import { defineCommand } from '../command.js';
import { no } from '../errors.js';
import { creatableName } from '../mailbox-names.js';
import { AUTHENTICATED } from '../session.js';
import { parseMailboxArg } from '../syntax/index.js';

/**
 * SUBSCRIBE (RFC 3501 6.3.6). A name without a mailbox may be subscribed, as the RFC allows and
 * Dovecot does; it must still be a name we could create (no wildcards, no empty levels).
 */
export const subscribe = defineCommand({
  name: 'SUBSCRIBE',
  states: AUTHENTICATED,
  parse: (command) => parseMailboxArg(command.args, 'SUBSCRIBE', command.names),
  handle(ctx, name) {
    ctx.session.account.subscribe(creatableName(name));
  },
});

/** UNSUBSCRIBE (RFC 3501 6.3.7). Unsubscribing an existing mailbox twice is fine; a name that is neither is NO. */
export const unsubscribe = defineCommand({
  name: 'UNSUBSCRIBE',
  states: AUTHENTICATED,
  parse: (command) => parseMailboxArg(command.args, 'UNSUBSCRIBE', command.names),
  handle(ctx, name) {
    if (!ctx.session.account.unsubscribe(name)) throw no(`${name} is not subscribed`, 'NONEXISTENT');
  },
});
