import { getParsed, isParsed } from '../../mime/index.js';
import { SEEN } from '../../store/flags.js';
import { defineCommand, onlyWithUid } from '../command.js';
import { assertFetchable, fetchPlan, fetchResponse } from '../message-fetch.js';
import { messagesOf, requireSavedResultSupport } from '../message-set.js';
import { bad } from '../errors.js';
import { vanishedEarlier, vanishedSince } from '../qresync.js';
import { SELECTED } from '../session.js';
import type { Message } from '../../store/message.js';
import { atom, fetchSetsSeen, isSavedResult, parseFetchArgs } from '../syntax/index.js';

/**
 * FETCH and UID FETCH (RFC 3501 6.4.5, 6.4.8) with MODSEQ and (CHANGEDSINCE n) (RFC 7162 3.1.4).
 *
 * - Non-PEEK BODY[...], RFC822 and RFC822.TEXT set \Seen, except in a read-only (EXAMINE) session;
 *   the change is this session's own, so the queue will not report it: the response itself carries
 *   FLAGS (and UID and MODSEQ once CONDSTORE is on, RFC 7162 3.1). Other sessions hear of it as usual.
 * - A message another session expunged that this session has not been told about yet (a "ghost")
 *   is still fetched from the bytes we keep (RFC 3501 allows either); it is never marked \Seen,
 *   and the tagged OK says [EXPUNGEISSUED] (RFC 5530). SEARCH treats ghosts the same way.
 * - No EXPUNGE during a non-UID FETCH (RFC 3501 7.4.1); UID FETCH may carry them.
 * - Runs in steps, one message each, so a FETCH of a big mailbox is paced by the client's reading.
 */
const FETCH = atom('FETCH');

export const fetch = defineCommand({
  name: 'FETCH',
  states: SELECTED,
  allowsExpunge: onlyWithUid,
  parse(command, features) {
    const args = parseFetchArgs(command.args, { uid: command.uid });
    requireSavedResultSupport(args.sequence, features);
    if (args.items.some((item) => item.kind === 'binary')) features.require('BINARY', 'BINARY[...]');
    if (args.items.some((item) => item.kind === 'attribute' && (item.name === 'EMAILID' || item.name === 'THREADID'))) features.require('OBJECTID', 'EMAILID and THREADID');
    if (args.items.some((item) => item.kind === 'attribute' && item.name === 'SAVEDATE')) features.require('SAVEDATE', 'FETCH SAVEDATE');
    for (const item of args.items) {
      if (item.kind !== 'preview') continue;
      if (item.name === 'SNIPPET') features.require('SNIPPET=FUZZY', 'SNIPPET (FUZZY)');
      else if (item.fuzzy) features.require('PREVIEW=FUZZY', 'PREVIEW (FUZZY)');
      else features.require('PREVIEW', 'FETCH PREVIEW');
    }
    if (args.changedSince !== undefined) features.require('CONDSTORE', 'CHANGEDSINCE');
    if (args.vanished) features.require('QRESYNC', 'The VANISHED fetch modifier');
    if (args.items.some((item) => item.kind === 'attribute' && item.name === 'MODSEQ')) features.require('CONDSTORE', 'FETCH MODSEQ');
    return args;
  },
  handle(ctx, { sequence, items, changedSince, vanished }) {
    const session = ctx.session;
    const selected = session.selected;
    if (vanished) {
      // RFC 7162 3.2.6: only once QRESYNC is enabled; the UIDs of the set expunged since CHANGEDSINCE come first.
      if (!session.qresync) throw bad('VANISHED needs ENABLE QRESYNC first');
      const gone = vanishedEarlier(vanishedSince(selected.mailbox, changedSince!, isSavedResult(sequence) ? undefined : sequence));
      if (gone) ctx.send(...gone);
    }
    // RFC 7162 3.1: CHANGEDSINCE and the MODSEQ item are CONDSTORE enabling commands.
    if (changedSince !== undefined || items.some((item) => item.kind === 'attribute' && item.name === 'MODSEQ')) {
      session.enabled.add('CONDSTORE');
    }
    const setsSeen = !selected.readOnly && items.some(fetchSetsSeen);
    const targets = messagesOf(ctx, sequence);
    const plan = fetchPlan(items, ctx.responseCache);
    let ghosts = false;
    /** Answers one message; returns the step's work (0 when CHANGEDSINCE leaves it out). */
    const fetchOne = (seq: number, message: Message): number => {
      if (changedSince !== undefined && BigInt(message.modseq) <= changedSince) return 0;
      const parsedBefore = !plan.readsMime || isParsed(message.raw);
      // NO [UNKNOWN-CTE] before this message's \Seen is set (RFC 3516).
      assertFetchable(message, items);
      ghosts ||= message.expunged;
      let flagsChanged = false;
      if (setsSeen && !message.expunged && !message.hasFlag(SEEN)) {
        flagsChanged = selected.mailbox.setFlags([message], 'add', [SEEN], session.origin).changed.length > 0;
      }
      ctx.send(seq, FETCH, fetchResponse(selected, message, plan, { flagsChanged, condstore: session.condstore }));
      return !parsedBefore && isParsed(message.raw) ? getParsed(message.raw).parts : 1;
    };
    const finish = (): void => {
      if (ghosts) ctx.complete(`${ctx.name} completed; some of these messages were expunged by another session`, { code: 'EXPUNGEISSUED' });
    };
    // One message is answered now, without a generator (a client that downloads bodies one FETCH
    // per message sends thousands of these); the connection still holds the tagged reply until
    // the socket drains when the message filled it (connection.ts onCommand).
    if (targets.length <= 1) {
      for (const { seq, message } of targets) fetchOne(seq, message);
      return finish();
    }
    // One message per step: the connection paces them to what the client reads (command.ts). A
    // step's work is one unit, or the parts of the message it had to parse first.
    return (function* () {
      for (const { seq, message } of targets) {
        const work = fetchOne(seq, message);
        if (work > 0) yield work;
      }
      finish();
    })();
  },
});
