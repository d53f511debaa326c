import type { WireEvent } from '../protocol/transcript.js';

/** The ID a simulated IMAP device sends first ("mailsim phone"): how a server connection is known to be a device's. */
const DEVICE_ID = /^\S+ ID \("name" "mailsim ([^"]+)"/;

interface Connection {
  device?: string;
  /** This device's own number for the connection: 1 for its first, and so on. */
  number?: number;
  /** Lines seen before the connection said which device it is (the greeting, say). */
  readonly pending: WireEvent[];
}

/**
 * Files the server's own transcript of each IMAP connection under the device that opened it.
 * The server's order of lines is the order things happened: a push the server wrote before a
 * client's DONE comes first, however the two crossed on the socket — what the client reads is
 * not (it depends on when the bytes arrive), so device traces come from here. A connection is
 * known by the ID command every simulated IMAP device sends first.
 */
export class WireRouter {
  private readonly connections = new Map<number, Connection>();
  private readonly counters = new Map<string, number>();

  constructor(private readonly deliver: (device: string, event: WireEvent) => void) {}

  onServerWire(event: WireEvent): void {
    if (event.protocol !== 'imap') return;
    let connection = this.connections.get(event.connection);
    if (!connection) {
      connection = { pending: [] };
      this.connections.set(event.connection, connection);
    }
    if (connection.device === undefined) {
      const id = event.direction === 'C' ? DEVICE_ID.exec(event.text) : null;
      if (!id) {
        connection.pending.push(event);
        return;
      }
      const device = id[1]!;
      const number = (this.counters.get(device) ?? 0) + 1;
      this.counters.set(device, number);
      connection.device = device;
      connection.number = number;
      for (const early of connection.pending.splice(0)) this.deliver(device, { ...early, connection: number });
    }
    this.deliver(connection.device, { ...event, connection: connection.number! });
  }
}
