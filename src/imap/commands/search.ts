import { defineCommand, onlyWithUid } from '../command.js';
import { searchMessages, usesModSeq } from '../search-eval.js';
import { SELECTED } from '../session.js';
import { atom, parseSearchArgs, Verbatim, type ImapValue } from '../syntax/index.js';

/**
 * SEARCH and UID SEARCH (RFC 3501 6.4.4, 6.4.8) with MODSEQ (RFC 7162 3.1.5). CHARSET may be
 * US-ASCII or UTF-8 (anything else: NO [BADCHARSET (US-ASCII UTF-8)] from the syntax layer).
 * With a MODSEQ key the result ends with (MODSEQ n), the highest mod-sequence of the messages
 * returned, and is bare when nothing matched (RFC 7162 3.1.5). No EXPUNGE during a non-UID SEARCH
 * (RFC 3501 7.4.1): its numbers would be stale before the client read them.
 */
export const search = defineCommand({
  name: 'SEARCH',
  states: SELECTED,
  allowsExpunge: onlyWithUid,
  parse(command, features) {
    const args = parseSearchArgs(command.args, { uid: command.uid });
    if (usesModSeq(args.criteria)) features.require('CONDSTORE', 'SEARCH MODSEQ');
    return args;
  },
  handle(ctx, { criteria }) {
    const withModSeq = usesModSeq(criteria);
    // RFC 7162 3.1: SEARCH MODSEQ is a CONDSTORE enabling command.
    if (withModSeq) ctx.session.enabled.add('CONDSTORE');
    const found = searchMessages(ctx.session.selected, criteria);
    const values: ImapValue[] = [atom('SEARCH')];
    if (found.length > 0) {
      // One pre-joined value: a mailbox of 100,000 matches would not fit in a spread call.
      values.push(new Verbatim(Buffer.from(found.map(({ seq, message }) => (ctx.uid ? message.uid : seq)).join(' '), 'latin1')));
      if (withModSeq) values.push([atom('MODSEQ'), found.reduce((highest, { message }) => Math.max(highest, message.modseq), 0)]);
    }
    ctx.send(...values);
  },
});
