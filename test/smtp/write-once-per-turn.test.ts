/**
 * SMTP replies leave in one write per turn of the event loop (service.ts writeOncePerTurn): a
 * pipelined MAIL, RCPT, DATA is answered with one write, not three. Counted on the server's own
 * socket (its _write and _writev, which Node calls once per write it hands to the kernel), over
 * a real connection to smtp-server behind SmtpService.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TrackedListener } from '../../src/server/listener.js';
import { SYSTEM_TIMERS } from '../../src/server/timers.js';
import { VirtualClock } from '../../src/sim/clock.js';
import { SmtpService, writeOncePerTurn } from '../../src/smtp/service.js';
import { MailStore } from '../../src/store/index.js';

let listener: TrackedListener | undefined;
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await listener?.close();
  listener = undefined;
});

/** Counts the writes a socket hands to its handle, each with how many chunks it carried. */
function countWrites(socket: net.Socket): number[] {
  const writes: number[] = [];
  const internals = socket as unknown as { _write: (...a: unknown[]) => void; _writev: (chunks: unknown[], cb: unknown) => void };
  const write = internals._write.bind(socket);
  const writev = internals._writev.bind(socket);
  internals._write = (...args: unknown[]) => {
    writes.push(1);
    write(...args);
  };
  internals._writev = (chunks: unknown[], cb: unknown) => {
    writes.push(chunks.length);
    writev(chunks, cb);
  };
  return writes;
}

/** A client that collects what the server sends and can wait for a reply line starting with `code`. */
async function connect(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  sockets.push(socket);
  let received = '';
  let waiter: (() => void) | undefined;
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    received += chunk;
    waiter?.();
  });
  const until = (code: string): Promise<void> =>
    new Promise((resolve) => {
      const check = (): void => {
        if (new RegExp(`(^|\\r\\n)${code}( [^\\r]*)?\\r\\n$`).test(received)) {
          waiter = undefined;
          resolve();
        }
      };
      waiter = check;
      check();
    });
  return { socket, until, received: () => received };
}

describe('SMTP replies, one write per turn', () => {
  it('answers a pipelined MAIL, RCPT and DATA with one write of three replies', async () => {
    const clock = new VirtualClock(Date.UTC(2024, 2, 4, 9, 30));
    const store = new MailStore(clock);
    const alice = store.addAccount('alice@example.com', 'secret');
    const smtp = new SmtpService({ store, clock, timers: SYSTEM_TIMERS });
    let writes: number[] = [];
    listener = new TrackedListener((socket) => {
      writes = countWrites(socket);
      smtp.accept(socket);
    });
    const port = await listener.listen(0, '127.0.0.1');
    const client = await connect(port);
    await client.until('220');
    client.socket.write('EHLO client.test\r\n');
    await client.until('250');
    const before = writes.length;
    client.socket.write('MAIL FROM:<carol@example.org>\r\nRCPT TO:<alice@example.com>\r\nDATA\r\n');
    await client.until('354');
    expect(client.received()).toMatch(/250 [^\r]*\r\n250 [^\r]*\r\n354 [^\r]*\r\n$/);
    expect(writes.slice(before)).toEqual([3]);
    // The message still arrives whole, and QUIT's 221 goes out before the close.
    client.socket.write('Subject: Hi\r\n\r\nHello\r\n.\r\nQUIT\r\n');
    await client.until('221');
    expect(alice.inbox.messages).toHaveLength(1);
    expect(alice.inbox.messages[0]!.raw.toString()).toContain('Subject: Hi\r\n\r\nHello\r\n');
  });

  it('writes what one turn wrote together, a later turn apart, and everything before end()', async () => {
    const accepted = new Promise<net.Socket>((resolve) => {
      listener = new TrackedListener(resolve);
    });
    const port = await listener!.listen(0, '127.0.0.1');
    const client = await connect(port);
    const server = await accepted;
    sockets.push(server);
    const writes = countWrites(server);
    writeOncePerTurn(server);
    server.write('a\r\n');
    server.write('b\r\n');
    await client.until('b');
    expect(writes).toEqual([2]);
    server.write('c\r\n');
    server.end('d\r\n');
    await new Promise((resolve) => client.socket.once('end', resolve));
    expect(client.received()).toBe('a\r\nb\r\nc\r\nd\r\n');
    expect(writes).toEqual([2, 2]);
  });
});
