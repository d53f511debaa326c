import { defineCommand } from '../command.js';
import { bad, no } from '../errors.js';
import { isCreatableName } from '../mailbox-names.js';
import { AUTHENTICATED } from '../session.js';
import { parseAppendArgs } from '../syntax/index.js';

/**
 * APPEND (RFC 3501 6.3.11) with UIDPLUS APPENDUID (RFC 4315 3). The literal is stored byte for
 * byte. A missing mailbox is [TRYCREATE] when CREATE would make it (RFC 3501 requires that hint
 * unless the server is sure creation would fail). Appending to the selected mailbox reports
 * EXISTS through the session's change queue, like any other arrival.
 */
export const append = defineCommand({
  name: 'APPEND',
  states: AUTHENTICATED,
  parse: (command) => parseAppendArgs(command.args, command.names),
  handle(ctx, { mailbox: name, flags, internalDate, message, utf8 }) {
    if (utf8 && !ctx.session.enabled.has('UTF8=ACCEPT')) throw bad('APPEND UTF8 (...) needs ENABLE UTF8=ACCEPT first');
    const mailbox = ctx.session.account.mailbox(name);
    if (!mailbox) {
      if (!isCreatableName(name)) throw no(`No mailbox named ${name}, and that name cannot be created`, 'NONEXISTENT');
      throw no(`No mailbox named ${name}; create it first`, 'TRYCREATE');
    }
    // As Dovecot: an empty literal is almost certainly a client bug, not a message to keep.
    if (message.length === 0) throw no('Cannot save a zero-byte message', 'CANNOT');
    const limit = ctx.features.profile.appendLimit;
    if (message.length > limit) throw no(`Message of ${message.length} octets is larger than this server's APPENDLIMIT of ${limit}`, 'TOOBIG');
    const appended = mailbox.append(message, ctx.session.origin, { flags, internalDate });
    if (ctx.features.has('UIDPLUS')) ctx.complete('APPEND completed', { code: 'APPENDUID', uidValidity: mailbox.uidValidity, uid: appended.uid });
  },
});
