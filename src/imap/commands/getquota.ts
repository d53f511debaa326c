import { defineCommand } from '../command.js';
import { no } from '../errors.js';
import { QUOTA_ROOT, sendQuota } from '../quota.js';
import { AUTHENTICATED } from '../session.js';
import { ArgReader } from '../syntax/index.js';

/** GETQUOTA root (RFC 9208 4.1.1): the root's usage and limits. The only root is "". */
export const getQuota = defineCommand({
  name: 'GETQUOTA',
  states: AUTHENTICATED,
  parse(command) {
    const reader = new ArgReader(command.args, 'GETQUOTA');
    const root = reader.astring('a quota root');
    reader.end();
    return root;
  },
  handle(ctx, root) {
    if (root !== QUOTA_ROOT) throw no(`No quota root ${root}; this server has one, ""`, 'NONEXISTENT');
    sendQuota(ctx, ctx.session.account);
  },
});
