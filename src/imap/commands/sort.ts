import { defineCommand, onlyWithUid, type CommandContext } from '../command.js';
import { registerSearchUpdate } from '../search-context.js';
import { searchMessages, usesModSeq } from '../search-eval.js';
import { sendSearchResult } from '../search-results.js';
import { SELECTED } from '../session.js';
import { comparatorOf } from '../sort/comparators.js';
import { sortMessages } from '../sort/sort-messages.js';
import { parseSortArgs } from '../syntax/index.js';
import { checkSearchFeatures, refuseRecentInRev2 } from './search.js';

/**
 * SORT and UID SORT (RFC 5256 3): `* SORT 5 3 4`, the matching messages in the order of the sort
 * criteria; DISPLAYFROM and DISPLAYTO with SORT=DISPLAY (RFC 5957); RETURN options with ESORT and
 * CONTEXT=SORT (RFC 5267), where MIN and MAX are the first and last in sort order. Strings compare
 * with i;ascii-casemap, or i;unicode-casemap when I18NLEVEL=1 is on (RFC 5255 4.3).
 */
export const sort = defineCommand({
  name: 'SORT',
  states: SELECTED,
  allowsExpunge: onlyWithUid,
  parse(command, features) {
    const args = parseSortArgs(command.args, { uid: command.uid });
    if (args.program.some((c) => c.key === 'DISPLAYFROM' || c.key === 'DISPLAYTO')) features.require('SORT=DISPLAY', 'DISPLAYFROM and DISPLAYTO');
    checkSearchFeatures(args.criteria, args.returns, features, 'SORT');
    return args;
  },
  handle(ctx: CommandContext, { program, criteria, returns }) {
    refuseRecentInRev2(ctx, criteria);
    const withModSeq = usesModSeq(criteria);
    if (withModSeq) ctx.session.enabled.add('CONDSTORE');
    const found = searchMessages(ctx.session.selected, criteria, ctx.clock.now());
    const sorted = sortMessages(found, program, comparatorOf(ctx.features));
    sendSearchResult(ctx, { kind: 'SORT', found: sorted, returns, withModSeq });
    if (returns?.update) registerSearchUpdate(ctx, { criteria, sort: program, initial: sorted });
  },
});
