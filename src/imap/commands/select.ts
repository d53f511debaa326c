import { SYSTEM_FLAGS } from '../../store/flags.js';
import type { Mailbox } from '../../store/mailbox.js';
import { defineCommand, type CommandContext } from '../command.js';
import { ImapCommandError } from '../errors.js';
import { listEntries } from '../mailbox-list.js';
import { sendListLine } from './list.js';
import type { ImapFeatures } from '../features.js';
import { AUTHENTICATED } from '../session.js';
import { mailboxId } from '../object-ids.js';
import { vanishedEarlier, vanishedSince } from '../qresync.js';
import type { SelectedMailbox } from '../selected.js';
import { atom, flagAtoms, parseSelectArgs, type QresyncParams, type SelectArgs } from '../syntax/index.js';

/** SELECT (RFC 3501 6.3.1, RFC 9051 6.3.2 in an IMAP4rev2 session) with (CONDSTORE) (RFC 7162 3.1.8). */
export const select = defineCommand({
  name: 'SELECT',
  reportsChangesBefore: false,
  states: AUTHENTICATED,
  parse: (command, features) => selectArgs(parseSelectArgs(command.args, 'SELECT', command.names), features),
  handle: (ctx, args) => open(ctx, args, false),
});

/** EXAMINE (RFC 3501 6.3.2): SELECT, read-only; \Recent is left for the next SELECT. */
export const examine = defineCommand({
  name: 'EXAMINE',
  reportsChangesBefore: false,
  states: AUTHENTICATED,
  parse: (command, features) => selectArgs(parseSelectArgs(command.args, 'EXAMINE', command.names), features),
  handle: (ctx, args) => open(ctx, args, true),
});

function selectArgs(args: SelectArgs, features: ImapFeatures): SelectArgs {
  if (args.condstore) features.require('CONDSTORE', 'The CONDSTORE select parameter');
  if (args.qresync) features.require('QRESYNC', 'The QRESYNC select parameter');
  return args;
}

function open(ctx: CommandContext, { mailbox: name, condstore, qresync }: SelectArgs, readOnly: boolean): void {
  // RFC 7162 3.2.5: the QRESYNC parameter without ENABLE QRESYNC is BAD.
  if (qresync && !ctx.session.qresync) throw new ImapCommandError('BAD', 'SELECT (QRESYNC ...) needs ENABLE QRESYNC first');
  // RFC 7162 3.2.11, RFC 9051 6.3.2: [CLOSED] marks where the old mailbox's responses end.
  if (ctx.session.selectedOrUndefined && (ctx.session.qresync || ctx.session.rev2)) ctx.sendStatus('OK', 'Previous mailbox closed', { code: 'CLOSED' });
  // A failed SELECT leaves the session unselected (RFC 3501 6.3.1).
  ctx.session.deselect();
  const account = ctx.session.account;
  const mailbox = account.mailbox(name);
  if (!mailbox) {
    const code = account.isNoselect(name) ? 'CANNOT' : 'NONEXISTENT';
    throw new ImapCommandError('NO', account.isNoselect(name) ? `${name} cannot be selected (\\Noselect)` : `No mailbox named ${name}`, { code });
  }
  if (condstore) ctx.session.enabled.add('CONDSTORE');
  const selected = ctx.session.select(mailbox, readOnly);
  const flags = mailboxFlags(mailbox);
  ctx.send(atom('FLAGS'), flagAtoms(flags));
  ctx.sendStatus('OK', readOnly ? 'No permanent flags in a read-only mailbox' : 'Flags and keywords can be stored', {
    code: 'PERMANENTFLAGS',
    // "\*": new keywords may be created; imapflow drops keywords unless it sees this.
    flags: readOnly ? [] : [...flags, '\\*'],
  });
  ctx.send(selected.count, atom('EXISTS'));
  if (ctx.session.rev2) {
    // RFC 9051 6.3.2: no RECENT, no [UNSEEN]; a LIST response names the mailbox with its attributes.
    const entry = listEntries(account, { patterns: [mailbox.name], selection: NO_SELECTION, returnSubscribed: false })[0];
    if (entry) sendListLine(ctx, 'LIST', entry);
  } else {
    ctx.send(selected.recentCount, atom('RECENT'));
    const firstUnseen = selected.messages.findIndex((m) => !m.hasFlag('\\Seen'));
    if (firstUnseen >= 0) ctx.sendStatus('OK', `Message ${firstUnseen + 1} is the first unseen`, { code: 'UNSEEN', value: firstUnseen + 1 });
  }
  ctx.sendStatus('OK', 'UIDs valid', { code: 'UIDVALIDITY', value: mailbox.uidValidity });
  ctx.sendStatus('OK', 'Predicted next UID', { code: 'UIDNEXT', value: mailbox.uidNext });
  // RFC 7162 3.1.2.1: HIGHESTMODSEQ on every successful SELECT/EXAMINE of a server with CONDSTORE.
  if (ctx.features.has('OBJECTID')) ctx.sendStatus('OK', 'Mailbox id', { code: 'MAILBOXID', id: mailboxId(mailbox) });
  if (ctx.features.has('CONDSTORE')) ctx.sendStatus('OK', 'Highest', { code: 'HIGHESTMODSEQ', value: mailbox.highestModSeq });
  // RFC 7162 3.2.5.2: with the UIDVALIDITY it knows, the client hears what it missed; otherwise a plain SELECT.
  if (qresync && qresync.uidValidity === mailbox.uidValidity) resynchronize(ctx, selected, qresync);
  ctx.complete(`${readOnly ? 'EXAMINE' : 'SELECT'} completed`, { code: readOnly ? 'READ-ONLY' : 'READ-WRITE' });
}

/** `* VANISHED (EARLIER)` for what was expunged since the client's modseq, then FETCH for what changed. */
function resynchronize(ctx: CommandContext, selected: SelectedMailbox, params: QresyncParams): void {
  const vanished = vanishedEarlier(vanishedSince(selected.mailbox, params.modseq, params.knownUids));
  if (vanished) ctx.send(...vanished);
  selected.messages.forEach((message, index) => {
    if (BigInt(message.modseq) <= params.modseq) return;
    ctx.send(index + 1, atom('FETCH'), [atom('UID'), message.uid, atom('FLAGS'), flagAtoms(selected.flagsToReport(message)), atom('MODSEQ'), [message.modseq]]);
  });
}

const NO_SELECTION = { subscribed: false, remote: false, recursiveMatch: false, specialUse: false } as const;

/** System flags plus every keyword used in the mailbox, for FLAGS and PERMANENTFLAGS. */
export function mailboxFlags(mailbox: Mailbox): string[] {
  return [...SYSTEM_FLAGS, ...[...mailbox.keywords].sort()];
}
