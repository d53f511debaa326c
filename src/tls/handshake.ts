import type net from 'node:net';
import tls from 'node:tls';

/**
 * How long a client may take to complete the TLS handshake. A real handshake on loopback takes a
 * few milliseconds; a peer that connects and sends nothing (or a plaintext client on the TLS port)
 * must not hold a socket for the whole idle timeout.
 */
export const HANDSHAKE_TIMEOUT_MS = 15_000;

/** Why a handshake did not complete, for the operator's log (never for the peer). */
export type HandshakeFailure = { readonly reason: 'error'; readonly error: Error } | { readonly reason: 'timeout' } | { readonly reason: 'closed' };

/**
 * Runs the server side of a TLS handshake over an accepted (or STARTTLS-upgrading) socket and
 * calls `onSecure` with the TLS socket once it completes; on any failure - a bad ClientHello, a
 * plaintext client, a client that rejects our certificate, a timeout, a reset - the socket is
 * destroyed and `onFailure` is told. Either callback runs at most once. Every error on either
 * socket has a listener, so no failed handshake can surface as an unhandled 'error' event.
 *
 * The raw socket's own listeners should be removed first (STARTTLS): from here on the TLS socket
 * reads it.
 */
export function serverHandshake(
  socket: net.Socket,
  context: tls.SecureContext,
  onSecure: (secure: tls.TLSSocket) => void,
  onFailure: (failure: HandshakeFailure) => void = () => undefined,
): tls.TLSSocket {
  let settled = false;
  const secure = new tls.TLSSocket(socket, { isServer: true, secureContext: context });
  const fail = (failure: HandshakeFailure): void => {
    if (settled) return;
    settled = true;
    secure.destroy();
    socket.destroy();
    onFailure(failure);
  };
  // The socket's own inactivity timer, not a global one: it is reset by every octet received.
  const onTimeout = (): void => fail({ reason: 'timeout' });
  secure.setTimeout(HANDSHAKE_TIMEOUT_MS, onTimeout);
  const onError = (error: Error): void => fail({ reason: 'error', error });
  const onClose = (): void => fail({ reason: 'closed' });
  // Kept for the socket's whole life: after the handshake the protocol adds its own handlers,
  // but a late error (a reset during shutdown) must never be the only listener-less one.
  socket.on('error', () => undefined);
  secure.on('error', onError);
  secure.once('close', onClose);
  // 'secure' fires again on a TLS 1.2 renegotiation; only the first one hands the socket over.
  secure.once('secure', () => {
    if (settled) return;
    settled = true;
    secure.setTimeout(0);
    secure.off('timeout', onTimeout);
    secure.off('error', onError);
    secure.off('close', onClose);
    secure.on('error', () => undefined);
    secure.setNoDelay(true);
    onSecure(secure);
  });
  return secure;
}

/** Contexts already made, by the credentials object: each variant of a run starts a server with the run's one certificate. */
const serverContexts = new WeakMap<object, tls.SecureContext>();

/**
 * A secure context from PEM credentials; TLS 1.2 is the oldest a current client offers. Made
 * once per credentials object (about 1.5 ms each), and forgotten with it.
 */
export function secureContextOf(credentials: { readonly cert: string; readonly key: string }): tls.SecureContext {
  let context = serverContexts.get(credentials);
  if (context === undefined) {
    context = tls.createSecureContext({ cert: credentials.cert, key: credentials.key, minVersion: 'TLSv1.2' });
    serverContexts.set(credentials, context);
  }
  return context;
}
