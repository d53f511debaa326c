import { defineExtension } from './extension.js';

/** SORT=DISPLAY (RFC 5957): sort by the display name of the first From or To address. */
export const sortDisplay = defineExtension({
  id: 'SORT=DISPLAY',
  rfc: 'RFC 5957',
  title: 'sorting by display name',
  capabilities: ['SORT=DISPLAY'],
  requires: ['SORT'],
  options: ['SORT (DISPLAYFROM)', 'SORT (DISPLAYTO)'],
});
