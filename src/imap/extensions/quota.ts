import { getQuota } from '../commands/getquota.js';
import { getQuotaRoot } from '../commands/getquotaroot.js';
import { setQuota } from '../commands/setquota.js';
import { defineExtension } from './extension.js';

/**
 * QUOTA (RFC 9208) with the STORAGE and MESSAGE resources and SETQUOTA (QUOTASET): one quota root
 * "" per account; APPEND and COPY past a limit get NO [OVERQUOTA]; STATUS (DELETED-STORAGE).
 */
export const quota = defineExtension({
  id: 'QUOTA',
  rfc: 'RFC 9208',
  title: 'quotas',
  capabilities: ['QUOTA', 'QUOTA=RES-STORAGE', 'QUOTA=RES-MESSAGE', 'QUOTASET'],
  commands: [getQuota, getQuotaRoot, setQuota],
  options: ['APPEND/COPY NO [OVERQUOTA]', 'STATUS (DELETED-STORAGE)'],
});
