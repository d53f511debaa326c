import type { Message } from '../../store/message.js';
import { defineCommand, onlyWithUid } from '../command.js';
import { ImapCommandError } from '../errors.js';
import { messagesOf, modSeqNumber, requireSavedResultSupport } from '../message-set.js';
import { SELECTED } from '../session.js';
import { atom, flagAtoms, parseStoreArgs, type ImapValue } from '../syntax/index.js';
import { mailboxFlags } from './select.js';

/**
 * STORE and UID STORE (RFC 3501 6.4.6) with (UNCHANGEDSINCE n) (RFC 7162 3.1.3).
 *
 * Our own flag changes never come back through the change queue, so this handler writes the
 * untagged FETCH for them: `* n FETCH (UID u FLAGS (...) [MODSEQ (m)])` for every message of the
 * set unless .SILENT; with UNCHANGEDSINCE, even .SILENT gets `* n FETCH (UID u MODSEQ (m))` for
 * each message it changed (RFC 7162 3.1.3: "MUST be sent, even if the .SILENT suffix is
 * specified"). Messages that failed the UNCHANGEDSINCE test get no FETCH and are named in
 * [MODIFIED ...] (sequence numbers, or UIDs for UID STORE). Other sessions get their FETCH from
 * their queues, .SILENT or not. Expunged messages not yet reported ("ghosts") are skipped.
 */
export const store = defineCommand({
  name: 'STORE',
  states: SELECTED,
  allowsExpunge: onlyWithUid,
  parse(command, features) {
    const args = parseStoreArgs(command.args, command.uid ? 'UID STORE' : 'STORE');
    requireSavedResultSupport(args.sequence, features);
    if (args.unchangedSince !== undefined) features.require('CONDSTORE', 'UNCHANGEDSINCE');
    return args;
  },
  handle(ctx, { sequence, unchangedSince, operation, silent, flags }) {
    const session = ctx.session;
    const selected = session.selected;
    const targets = messagesOf(ctx, sequence);
    if (selected.readOnly) throw new ImapCommandError('NO', 'Mailbox is read-only (EXAMINE); flags cannot be changed', { code: 'READ-ONLY' });
    if (unchangedSince !== undefined) session.enabled.add('CONDSTORE');
    const mailbox = selected.mailbox;
    const keywordsBefore = mailbox.keywords.size;
    const live = targets.filter(({ message }) => !message.expunged).map(({ message }) => message);
    const result = mailbox.setFlags(live, operation, flags, session.origin, unchangedSince === undefined ? undefined : modSeqNumber(unchangedSince));

    // A new keyword changes the mailbox's flag list; tell this session as SELECT would (RFC 3501 7.2.6).
    if (mailbox.keywords.size !== keywordsBefore) {
      const all = mailboxFlags(mailbox);
      ctx.send(atom('FLAGS'), flagAtoms(all));
      ctx.sendStatus('OK', 'Flags and keywords can be stored', { code: 'PERMANENTFLAGS', flags: [...all, '\\*'] });
    }

    const changed = new Set<Message>(result.changed);
    const modified = new Set<Message>(result.modified);
    const condstore = session.condstore;
    for (const { seq, message } of targets) {
      if (message.expunged || modified.has(message)) continue;
      let items: ImapValue[];
      if (!silent) {
        items = [atom('UID'), message.uid, atom('FLAGS'), flagAtoms(selected.flagsToReport(message))];
        if (condstore) items.push(atom('MODSEQ'), [message.modseq]);
      } else if (unchangedSince !== undefined && changed.has(message)) {
        items = [atom('UID'), message.uid, atom('MODSEQ'), [message.modseq]];
      } else {
        continue;
      }
      ctx.send(seq, atom('FETCH'), items);
    }

    if (modified.size > 0) {
      const numbers = targets.filter(({ message }) => modified.has(message)).map(({ seq, message }) => (ctx.uid ? message.uid : seq));
      ctx.complete('Conditional STORE failed for some messages', { code: 'MODIFIED', numbers });
    }
  },
});
