import { defineCommand } from '../command.js';
import { bad, no } from '../errors.js';
import { QUOTA_ROOT, sendQuota } from '../quota.js';
import { AUTHENTICATED } from '../session.js';
import { ArgReader } from '../syntax/index.js';

/**
 * SETQUOTA root (resource limit ...) (RFC 9208 4.1.3, QUOTASET): replaces the root's limits;
 * a resource left out has no limit. Any user may set their own: this is a test server, and a test
 * that fills a mailbox to see its client's error needs a small quota.
 */
export const setQuota = defineCommand({
  name: 'SETQUOTA',
  states: AUTHENTICATED,
  parse(command) {
    const reader = new ArgReader(command.args, 'SETQUOTA');
    const root = reader.astring('a quota root');
    const list = new ArgReader(reader.list('a list of resource limits such as (STORAGE 512)'), 'SETQUOTA');
    reader.end();
    const limits: { storage?: number; messages?: number } = {};
    while (list.hasMore()) {
      const resource = list.atom('STORAGE or MESSAGE').toUpperCase();
      const limit = list.number(`a limit after ${resource}`, { max: Number.MAX_SAFE_INTEGER });
      if (resource === 'STORAGE') limits.storage = limit;
      else if (resource === 'MESSAGE') limits.messages = limit;
      else throw bad(`SETQUOTA: unknown resource ${resource}; this server knows STORAGE and MESSAGE`);
    }
    return { root, limits };
  },
  handle(ctx, { root, limits }) {
    if (root !== QUOTA_ROOT) throw no(`No quota root ${root}; this server has one, ""`, 'NONEXISTENT');
    ctx.session.account.quota = limits;
    sendQuota(ctx, ctx.session.account);
  },
});
