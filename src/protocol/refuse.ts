import type net from 'node:net';

/**
 * Refuses a connection over a cap: writes the protocol's one-line refusal and closes at once.
 * The error listener comes first: a peer that resets right away (SO_LINGER 0) must not turn the
 * write's ECONNRESET into an unhandled 'error' that ends the process.
 */
export function refuseConnection(socket: net.Socket, line: string): void {
  socket.on('error', () => socket.destroy());
  socket.end(line, () => socket.destroy());
}
