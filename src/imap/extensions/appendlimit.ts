import { defineExtension } from './extension.js';

/**
 * APPENDLIMIT (RFC 7889): the largest message APPEND takes, advertised as APPENDLIMIT=n; a larger
 * literal is refused with NO [TOOBIG] before its octets are sent (synchronizing literals).
 */
export const appendLimit = defineExtension({
  id: 'APPENDLIMIT',
  rfc: 'RFC 7889',
  title: 'the APPEND size limit',
  capabilities: (profile) => [`APPENDLIMIT=${profile.appendLimit}`],
  options: ['APPEND NO [TOOBIG]', 'STATUS (APPENDLIMIT)', 'LIST RETURN (STATUS (APPENDLIMIT))'],
});
