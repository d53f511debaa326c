/**
 * SMTP replies leave in one write per turn of the event loop (session.ts, OutputBatch): a
 * pipelined MAIL, RCPT, DATA is answered with one write, not three. Counted on the server's own
 * socket (its _write and _writev, which Node calls once per write it hands to the kernel), over
 * a real connection to SmtpService.
 */
import type net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM_TIMERS } from '../../src/server/timers.js';
import { VirtualClock } from '../../src/sim/clock.js';
import { SmtpService } from '../../src/smtp/service.js';
import { MailStore } from '../../src/store/index.js';
import { OpenedSockets } from './helpers.js';

const opened = new OpenedSockets();
afterEach(() => opened.close());

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

describe('SMTP replies, one write per turn', () => {
  it('answers a pipelined MAIL, RCPT and DATA with one write of three replies', async () => {
    const clock = new VirtualClock(Date.UTC(2024, 2, 4, 9, 30));
    const store = new MailStore(clock);
    const alice = store.addAccount('alice@example.com', 'secret');
    const smtp = new SmtpService({ store, clock, timers: SYSTEM_TIMERS });
    let writes: number[] = [];
    const port = await opened.listen((socket) => {
      writes = countWrites(socket);
      smtp.accept(socket);
    });
    const client = await opened.connect(port);
    expect(await client.reply()).toMatch(/^220 /);
    client.write('EHLO client.test\r\n');
    expect(await client.reply()).toMatch(/^250 /);
    const before = writes.length;
    client.write('MAIL FROM:<carol@example.org>\r\nRCPT TO:<alice@example.com>\r\nDATA\r\n');
    expect([await client.reply(), await client.reply(), await client.reply()].map((line) => line.slice(0, 4))).toEqual(['250 ', '250 ', '354 ']);
    expect(writes.slice(before)).toEqual([1]);
    // The message still arrives whole, and QUIT's 221 goes out before the close.
    client.write('Subject: Hi\r\n\r\nHello\r\n.\r\nQUIT\r\n');
    expect(await client.reply()).toMatch(/^250 /);
    expect(await client.reply()).toMatch(/^221 /);
    expect(alice.inbox.messages).toHaveLength(1);
    expect(alice.inbox.messages[0]!.raw.toString()).toContain('Subject: Hi\r\n\r\nHello\r\n');
  });
});
