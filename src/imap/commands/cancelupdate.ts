import { defineCommand } from '../command.js';
import { bad } from '../errors.js';
import { cancelSearchUpdates } from '../search-context.js';
import { SELECTED } from '../session.js';
import { ArgReader } from '../syntax/index.js';

/** CANCELUPDATE "tag" *(SP "tag") (RFC 5267 4.2): stop keeping those searches up to date. */
export const cancelUpdate = defineCommand({
  name: 'CANCELUPDATE',
  states: SELECTED,
  parse(command) {
    const reader = new ArgReader(command.args, 'CANCELUPDATE');
    const tags: string[] = [reader.string('the tag of an updating search, quoted')];
    while (reader.hasMore()) tags.push(reader.string('the tag of an updating search, quoted'));
    return tags;
  },
  handle(ctx, tags) {
    const unknown = cancelSearchUpdates(ctx.session.selected, tags);
    if (unknown.length > 0) throw bad(`CANCELUPDATE: no updating search with tag ${unknown.join(', ')}`);
  },
});
