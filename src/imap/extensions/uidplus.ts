import { defineExtension } from './extension.js';

/** UIDPLUS (RFC 4315): UID EXPUNGE, and the UIDs APPEND and COPY assigned ([APPENDUID], [COPYUID]). */
export const uidplus = defineExtension({
  id: 'UIDPLUS',
  rfc: 'RFC 4315',
  title: 'UID EXPUNGE, APPENDUID and COPYUID',
  capabilities: ['UIDPLUS'],
  options: ['UID EXPUNGE', 'APPEND [APPENDUID]', 'COPY [COPYUID]', 'MOVE [COPYUID]'],
});
