import { defineExtension } from './extension.js';

/** I18NLEVEL=1 (RFC 5255 4.3): SORT and THREAD compare with i;unicode-casemap (RFC 5051). */
export const i18nLevel = defineExtension({
  id: 'I18NLEVEL=1',
  rfc: 'RFC 5255',
  title: 'Unicode case-insensitive comparisons',
  capabilities: ['I18NLEVEL=1'],
  options: ['SORT and THREAD: i;unicode-casemap', 'SEARCH: case-insensitive Unicode matching'],
});
