import type { Listener } from './endpoints.js';

/**
 * Why the server could not start, with a stable `code` callers can branch on (the CLI turns each
 * into a message naming the flag to change):
 * - PORT_IN_USE: another process listens on `port` (EADDRINUSE).
 * - PORT_FORBIDDEN: the system reserves `port` for privileged processes (EACCES; below 1024 on Linux).
 * - SAME_PORT: two protocols were given the same non-zero port.
 * - BAD_PORT: a port outside 0..65535 or not a whole number.
 * - HOST_UNAVAILABLE: `host` is not an address of this machine or does not resolve.
 * - BAD_CAPABILITY: `capabilities` names an IMAP capability that does not exist, or the base protocol.
 * - BAD_TLS: `tls` has a certificate without its key (or the other way round), text that is not
 *   PEM, or a key that does not belong to the certificate.
 */
export type ServerStartErrorCode = 'PORT_IN_USE' | 'PORT_FORBIDDEN' | 'SAME_PORT' | 'BAD_PORT' | 'HOST_UNAVAILABLE' | 'BAD_CAPABILITY' | 'BAD_TLS';

export class ServerStartError extends Error {
  override readonly name = 'ServerStartError';

  constructor(
    readonly code: ServerStartErrorCode,
    message: string,
    /** The listeners concerned (two for SAME_PORT, none for HOST_UNAVAILABLE and BAD_TLS). */
    readonly protocols: readonly Listener[],
    readonly port?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
