import type net from 'node:net';

/** What one protocol's connections hold right now, in all (RunningServer.usage()). */
export interface ProtocolUsage {
  readonly connections: number;
  /** Received octets not yet handled: framing buffers and literals being received. */
  readonly bufferedInputBytes: number;
  /** Response octets written but not yet taken by the peers (socket buffers). */
  readonly queuedOutputBytes: number;
  /** Writes to sockets since the server started: one per batch of replies, not one per reply. */
  readonly socketWrites: number;
}

/** Sums what a POP3 or SMTP service's sessions hold: their unhandled input and their sockets' unsent output. */
export function sessionsUsage(sessions: ReadonlyMap<net.Socket, { readonly bufferedInputBytes: number }>): { bufferedInputBytes: number; queuedOutputBytes: number } {
  let bufferedInputBytes = 0;
  let queuedOutputBytes = 0;
  for (const [socket, session] of sessions) {
    bufferedInputBytes += session.bufferedInputBytes;
    queuedOutputBytes += socket.writableLength;
  }
  return { bufferedInputBytes, queuedOutputBytes };
}
