import type { Mailbox } from '../../store/mailbox.js';
import { defineCommand, type CommandContext } from '../command.js';
import { bad, ImapCommandError, no } from '../errors.js';
import { resolveImapUrl } from '../imap-url.js';
import { isCreatableName } from '../mailbox-names.js';
import { checkQuota } from '../quota.js';
import { AUTHENTICATED } from '../session.js';
import { parseAppendArgs, type AppendMessage } from '../syntax/index.js';

/**
 * APPEND (RFC 3501 6.3.11) with UIDPLUS APPENDUID (RFC 4315 3), MULTIAPPEND (RFC 3502), CATENATE
 * (RFC 4469) and UTF8 (RFC 6855 4). Literals are stored byte for byte. Every message is checked
 * before any is stored, so a MULTIAPPEND that fails stores nothing (RFC 3502 6.3.11: atomic).
 * A missing mailbox is [TRYCREATE] when CREATE would make it (RFC 3501 requires that hint unless
 * the server is sure creation would fail). Appending to the selected mailbox reports EXISTS
 * through the session's change queue, like any other arrival.
 */
export const append = defineCommand({
  name: 'APPEND',
  states: AUTHENTICATED,
  parse(command, features) {
    const args = parseAppendArgs(command.args, command.names);
    if (args.messages.length > 1) features.require('MULTIAPPEND', 'Several messages in one APPEND');
    if (args.messages.some((m) => m.content.kind === 'catenate')) features.require('CATENATE', 'APPEND CATENATE');
    return args;
  },
  handle(ctx, { mailbox: name, messages }) {
    if (messages.some((m) => m.utf8) && !ctx.session.enabled.has('UTF8=ACCEPT')) throw bad('APPEND UTF8 (...) needs ENABLE UTF8=ACCEPT first');
    const mailbox = ctx.session.account.mailbox(name);
    if (!mailbox) {
      if (!isCreatableName(name)) throw no(`No mailbox named ${name}, and that name cannot be created`, 'NONEXISTENT');
      throw no(`No mailbox named ${name}; create it first`, 'TRYCREATE');
    }
    const contents = messages.map((message) => contentOf(ctx, message));
    checkQuota(ctx, contents.map((c) => c.length));
    const uids = messages.map((message, i) => mailbox.append(contents[i]!, ctx.session.origin, { flags: message.flags, internalDate: message.internalDate }).uid);
    if (ctx.features.has('UIDPLUS')) ctx.complete('APPEND completed', { code: 'APPENDUID', uidValidity: mailbox.uidValidity, uids });
  },
});

/** The octets of one message, checked: not empty, within APPENDLIMIT, every URL resolved. */
function contentOf(ctx: CommandContext, message: AppendMessage): Buffer {
  const content = message.content;
  let bytes: Buffer;
  if (content.kind === 'literal') {
    bytes = content.bytes;
  } else {
    const selected: Mailbox | undefined = ctx.session.selectedOrUndefined?.mailbox;
    bytes = Buffer.concat(
      content.parts.map((part) => {
        if (part.kind === 'text') return part.bytes;
        const resolved = resolveImapUrl(part.url, ctx.session.account, selected);
        // RFC 4469 6: a URL that cannot be resolved is NO [BADURL url].
        if (resolved === undefined) throw new ImapCommandError('NO', `CATENATE: cannot read ${part.url.slice(0, 100)} on this server`, { code: 'BADURL', url: part.url });
        return resolved;
      }),
    );
  }
  // As Dovecot: an empty literal is almost certainly a client bug, not a message to keep.
  if (bytes.length === 0) throw no('Cannot save a zero-byte message', 'CANNOT');
  const limit = ctx.features.profile.appendLimit;
  if (bytes.length > limit) throw no(`Message of ${bytes.length} octets is larger than this server's APPENDLIMIT of ${limit}`, 'TOOBIG');
  return bytes;
}
