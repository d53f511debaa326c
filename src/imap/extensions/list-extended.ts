import { defineExtension } from './extension.js';

/** LIST-EXTENDED (RFC 5258): LIST selection options, several patterns and RETURN options. */
export const listExtended = defineExtension({
  id: 'LIST-EXTENDED',
  rfc: 'RFC 5258',
  title: 'extended LIST',
  capabilities: ['LIST-EXTENDED'],
  options: ['LIST (SUBSCRIBED REMOTE RECURSIVEMATCH)', 'LIST (pattern ...)', 'LIST RETURN (SUBSCRIBED CHILDREN)'],
});
