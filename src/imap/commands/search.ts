import { defineCommand, onlyWithUid, type CommandContext } from '../command.js';
import { bad } from '../errors.js';
import type { ImapFeatures } from '../features.js';
import { searchMessages, someKey, usesModSeq } from '../search-eval.js';
import { registerSearchUpdate } from '../search-context.js';
import { sendSearchResult } from '../search-results.js';
import { SELECTED } from '../session.js';
import { isSavedResult, parseSearchArgs, type SearchKey, type SearchReturn } from '../syntax/index.js';

/**
 * SEARCH and UID SEARCH (RFC 3501 6.4.4, 6.4.8) with MODSEQ (RFC 7162 3.1.5), OLDER/YOUNGER
 * (WITHIN, RFC 5032), RETURN options (ESEARCH RFC 4731, SEARCHRES RFC 5182, CONTEXT=SEARCH
 * RFC 5267, PARTIAL RFC 9394) and "$". CHARSET may be any of supportedCharsets() (else
 * NO [BADCHARSET (...)]); strings are decoded with it. With a MODSEQ key the result
 * ends with (MODSEQ n), the highest mod-sequence of the messages returned, and is bare when
 * nothing matched. No EXPUNGE during a non-UID SEARCH (RFC 3501 7.4.1): its numbers would be
 * stale before the client read them.
 */
export const search = defineCommand({
  name: 'SEARCH',
  states: SELECTED,
  allowsExpunge: onlyWithUid,
  parse(command, features) {
    const args = parseSearchArgs(command.args, { uid: command.uid });
    checkSearchFeatures(args.criteria, args.returns, features, 'SEARCH');
    return args;
  },
  handle(ctx, { criteria, returns }) {
    runSearch(ctx, criteria, returns);
  },
});


/** Options and keys of pieces that are off are BAD; shared with SORT. */
export function checkSearchFeatures(criteria: SearchKey, returns: SearchReturn | undefined, features: ImapFeatures, command: 'SEARCH' | 'SORT'): void {
  if (usesModSeq(criteria)) features.require('CONDSTORE', `${command} MODSEQ`);
  if (someKey(criteria, (k) => k.kind === 'within')) features.require('WITHIN', 'OLDER and YOUNGER');
  if (someKey(criteria, (k) => k.kind === 'objectid')) features.require('OBJECTID', 'SEARCH EMAILID and THREADID');
  if (someKey(criteria, (k) => k.kind === 'savedate-supported' || (k.kind === 'date' && k.source === 'saved'))) features.require('SAVEDATE', 'SAVEDBEFORE, SAVEDON, SAVEDSINCE and SAVEDATESUPPORTED');
  if (someKey(criteria, (k) => (k.kind === 'sequence' || k.kind === 'uid') && isSavedResult(k.set))) features.require('SEARCHRES', 'The "$" search result');
  if (returns === undefined) return;
  features.require(command === 'SEARCH' ? 'ESEARCH' : 'ESORT', `${command} RETURN`);
  if (returns.save) features.require('SEARCHRES', 'RETURN (SAVE)');
  if (returns.partial) features.require('PARTIAL', 'RETURN (PARTIAL)');
  if (returns.update) features.require(command === 'SEARCH' ? 'CONTEXT=SEARCH' : 'CONTEXT=SORT', 'RETURN (UPDATE)');
}

/** RFC 9051 E.1: RECENT, NEW and OLD are gone from an IMAP4rev2 session's SEARCH. */
export function refuseRecentInRev2(ctx: CommandContext, criteria: SearchKey): void {
  if (ctx.session.rev2 && someKey(criteria, (k) => k.kind === 'recent')) throw bad('RECENT, NEW and OLD are not part of IMAP4rev2; search for UNSEEN or by UID');
}

function runSearch(ctx: CommandContext, criteria: SearchKey, returns: SearchReturn | undefined): void {
  refuseRecentInRev2(ctx, criteria);
  const withModSeq = usesModSeq(criteria);
  // RFC 7162 3.1: SEARCH MODSEQ is a CONDSTORE enabling command.
  if (withModSeq) ctx.session.enabled.add('CONDSTORE');
  const selected = ctx.session.selected;
  const found = searchMessages(selected, criteria, ctx.clock.now());
  sendSearchResult(ctx, { kind: 'SEARCH', found, returns, withModSeq });
  if (found.some(({ message }) => message.expunged)) ctx.complete(`${ctx.name} completed; some of these messages were expunged by another session`, { code: 'EXPUNGEISSUED' });
  if (returns?.update) registerSearchUpdate(ctx, { criteria, sort: undefined, initial: found });
}
