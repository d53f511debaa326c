import net from 'node:net';

/** How long close() waits for peers to finish reading the farewell before destroying sockets. */
export const CLOSE_GRACE_MS = 2_000;

/**
 * A TCP listener that tracks its sockets so close() can end every connection cleanly
 * (keep-alive clients would otherwise hold the process open, and tests would hang).
 */
export class TrackedListener {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(onConnection: (socket: net.Socket) => void) {
    this.server = net.createServer((socket) => {
      // Protocol responses are many small writes; without this, Nagle's algorithm and delayed ACKs
      // add tens of milliseconds to every round trip.
      socket.setNoDelay(true);
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      onConnection(socket);
    });
  }

  /** Listens and resolves with the bound port (port 0 picks a free one). */
  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        // Once listening, an error here is one failed accept (EMFILE: out of file descriptors);
        // Node keeps listening, and with no listener the 'error' would end the process.
        this.server.on('error', () => undefined);
        resolve((this.server.address() as net.AddressInfo).port);
      });
    });
  }

  get connectionCount(): number {
    return this.sockets.size;
  }

  /**
   * Stops accepting, lets each protocol say goodbye (`farewell`, e.g. "* BYE shutting down"),
   * half-closes every socket and waits up to CLOSE_GRACE_MS for peers before destroying the rest.
   */
  async close(farewell?: (socket: net.Socket) => void): Promise<void> {
    const listenerClosed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    const socketsClosed = [...this.sockets].map(
      (socket) =>
        new Promise<void>((resolve) => {
          if (socket.destroyed) return resolve();
          socket.once('close', () => resolve());
          try {
            farewell?.(socket);
          } catch {
            // A socket already half-closed may refuse the write; ending it is all that matters.
          }
          socket.end();
        }),
    );
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CLOSE_GRACE_MS);
      timer.unref();
    });
    await Promise.race([Promise.all(socketsClosed), grace]);
    clearTimeout(timer);
    for (const socket of this.sockets) socket.destroy();
    await listenerClosed;
  }
}
