import { defineExtension } from './extension.js';

/**
 * BINARY (RFC 3516): FETCH BINARY[part], BINARY.PEEK[part] and BINARY.SIZE[part] with the
 * transfer encoding undone ([UNKNOWN-CTE] when it cannot be), and APPEND of a literal8 ~{n}.
 */
export const binary = defineExtension({
  id: 'BINARY',
  rfc: 'RFC 3516',
  title: 'decoded message parts',
  capabilities: ['BINARY'],
  options: ['FETCH BINARY[part]', 'FETCH BINARY.PEEK[part]', 'FETCH BINARY.SIZE[part]', 'APPEND ~{n}'],
});
