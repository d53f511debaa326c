import { createHash } from 'node:crypto';

/**
 * RFC 1939 7 APOP digest: MD5 of the greeting timestamp (brackets included) followed by the shared
 * secret, as 32 lower-case hex digits. Shared by the server (to check) and the client (to send).
 */
export function apopDigest(timestamp: string, secret: string): string {
  return createHash('md5').update(timestamp + secret, 'utf8').digest('hex');
}
