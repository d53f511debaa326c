import { HIERARCHY_DELIMITER } from '../../store/account.js';
import type { SpecialUse } from '../../store/mailbox.js';
import { defineCommand } from '../command.js';
import { bad, no } from '../errors.js';
import { creatableName } from '../mailbox-names.js';
import { mailboxId } from '../object-ids.js';
import { AUTHENTICATED } from '../session.js';
import { ArgReader, describeToken, type NameEncoding, type Token } from '../syntax/index.js';

/** What the store can mark a mailbox as (RFC 6154 2), by the lower-case attribute. */
const SPECIAL_USES: ReadonlyMap<string, SpecialUse> = new Map(
  (['\\All', '\\Archive', '\\Drafts', '\\Flagged', '\\Junk', '\\Sent', '\\Trash'] as const).map((use) => [use.toLowerCase(), use]),
);

interface CreateArgs {
  readonly mailbox: string;
  readonly specialUse: SpecialUse | undefined;
}

/**
 * CREATE (RFC 3501 6.3.3): creates the mailbox and any missing parents. A trailing "/" only
 * declares that children will follow; "Foo/" creates the selectable mailbox "Foo". CREATE INBOX
 * is [ALREADYEXISTS]. Creating a \Noselect parent's name makes it a real mailbox.
 *
 * With CREATE-SPECIAL-USE (RFC 6154 3), `CREATE name (USE (\Sent))` with one attribute the store
 * knows; several are NO [CANNOT] (we keep one use per mailbox), an unknown one NO [CANNOT] too.
 */
export const create = defineCommand({
  name: 'CREATE',
  states: AUTHENTICATED,
  parse(command, features) {
    const args = parseCreateArgs(command.args, command.names);
    if (args.specialUse !== undefined) features.require('CREATE-SPECIAL-USE', 'CREATE (USE (...))');
    return args;
  },
  handle(ctx, { mailbox, specialUse }) {
    const account = ctx.session.account;
    const trimmed = mailbox.endsWith(HIERARCHY_DELIMITER) ? mailbox.slice(0, -HIERARCHY_DELIMITER.length) : mailbox;
    const name = creatableName(trimmed);
    if (account.mailbox(name)) throw no(`Mailbox ${name} already exists`, 'ALREADYEXISTS');
    // Not subscribed: RFC 3501 6.3.9 LSUB lists what the user subscribed, and CREATE is not that.
    const created = account.createMailbox(name, specialUse);
    // RFC 8474 4.1: the new mailbox's id in the tagged OK.
    if (ctx.features.has('OBJECTID')) ctx.complete('CREATE completed', { code: 'MAILBOXID', id: mailboxId(created) });
  },
});

/** mailbox [SP "(" "USE" SP "(" use-attr *(SP use-attr) ")" ")"] (RFC 4466 create-params). */
function parseCreateArgs(args: readonly Token[], names: NameEncoding = 'mutf7'): CreateArgs {
  const reader = new ArgReader(args, 'CREATE', names);
  const mailbox = reader.mailbox();
  let specialUse: SpecialUse | undefined;
  if (reader.hasMore()) {
    const params = new ArgReader(reader.list('a parameter list such as (USE (\\Archive))'), 'CREATE');
    while (params.hasMore()) {
      const param = params.atom('a CREATE parameter').toUpperCase();
      // RFC 4466 2.2: an unknown parameter is BAD.
      if (param !== 'USE') throw bad(`CREATE: unknown parameter ${param}; only USE is supported`);
      const uses = params.list('a list of special-use attributes after USE');
      if (uses.length > 1) throw no('A mailbox can have only one special use here', 'CANNOT');
      const token = uses[0];
      if (token === undefined) continue;
      const use = token.kind === 'atom' ? SPECIAL_USES.get(token.value.toLowerCase()) : undefined;
      if (!use) throw no(`Unknown special use ${describeToken(token)}; known are ${[...SPECIAL_USES.values()].join(' ')}`, 'CANNOT');
      specialUse = use;
    }
  }
  reader.end();
  return { mailbox, specialUse };
}
