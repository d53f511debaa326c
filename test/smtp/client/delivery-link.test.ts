import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TrackedListener } from '../../../src/server/listener.js';
import { SYSTEM_TIMERS } from '../../../src/server/timers.js';
import { VirtualClock } from '../../../src/sim/clock.js';
import { DeliveryLink, MAX_REPLY_LINE_OCTETS, SmtpReplyError } from '../../../src/smtp/client/delivery-link.js';
import { SmtpService } from '../../../src/smtp/service.js';
import { MailStore } from '../../../src/store/index.js';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function ourServer(maxMessageSize?: number) {
  const clock = new VirtualClock(Date.UTC(2026, 11, 2, 9, 0, 0));
  const store = new MailStore(clock);
  const alice = store.addAccount('alice@example.com', 'secret');
  const smtp = new SmtpService({ store, clock, timers: SYSTEM_TIMERS, ...(maxMessageSize ? { maxMessageSize } : {}) });
  const listener = new TrackedListener((socket) => smtp.accept(socket));
  const port = await listener.listen(0, '127.0.0.1');
  closers.push(() => listener.close());
  const link = new DeliveryLink('127.0.0.1', port, 'sender.test');
  closers.push(() => link.close());
  return { alice, link, listener, store };
}

/** A scripted server: answers each line with `answer(line)` and records every chunk it receives. */
async function scriptedServer(greeting: string, answer: (line: string, socket: net.Socket) => string | undefined) {
  const chunks: string[] = [];
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.write(greeting);
    let buffered = '';
    let inData = false;
    socket.on('data', (chunk) => {
      chunks.push(chunk.toString('latin1'));
      buffered += chunk.toString('latin1');
      let end: number;
      let out = '';
      while ((end = buffered.indexOf('\r\n')) !== -1) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            out += '250 2.0.0 Stored\r\n';
          }
          continue;
        }
        const reply = answer(line, socket);
        if (reply === undefined) continue;
        if (reply.startsWith('354')) inData = true;
        out += reply;
      }
      if (out) socket.write(out);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.address() as net.AddressInfo).port;
  const link = new DeliveryLink('127.0.0.1', port, 'sender.test');
  closers.push(() => link.close());
  return { link, chunks };
}

const message = (n: number) => Buffer.from(`Subject: Message ${n}\r\nMessage-ID: <${n}@x.test>\r\n\r\n.dot line ${n}\r\n`);
const EHLO = '250-mailsim.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n';

describe('DeliveryLink', () => {
  it('delivers many messages at once into the server, each stored whole and in order', async () => {
    const { alice, link } = await ourServer();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => link.send('bob@example.org', ['alice@example.com'], message(i + 1))));
    expect(results.every((r) => r.accepted.join() === 'alice@example.com' && r.rejected.length === 0)).toBe(true);
    const stored = alice.inbox.messages.map((m) => m.raw.toString('latin1'));
    expect(stored).toHaveLength(50);
    stored.forEach((raw, i) => {
      expect(raw).toContain(`Subject: Message ${i + 1}\r\n`);
      // Unstuffed again by the server: what was sent is what is stored.
      expect(raw.endsWith(`\r\n\r\n.dot line ${i + 1}\r\n`)).toBe(true);
    });
  });

  it('sends MAIL, RCPT and DATA in one write, then the data with the next envelope in another', async () => {
    const { link, chunks } = await scriptedServer('220 scripted\r\n', (line) =>
      line.startsWith('EHLO') ? EHLO : line === 'DATA' ? '354 go ahead\r\n' : line === 'QUIT' ? '221 bye\r\n' : '250 ok\r\n',
    );
    await Promise.all([1, 2, 3].map((n) => link.send('bob@example.org', ['alice@example.com', 'carol@example.com'], message(n))));
    const envelope = 'MAIL FROM:<bob@example.org>\r\nRCPT TO:<alice@example.com>\r\nRCPT TO:<carol@example.com>\r\nDATA\r\n';
    expect(chunks).toEqual([
      'EHLO sender.test\r\n',
      envelope,
      `${message(1).toString('latin1').replace('\n.dot', '\n..dot')}.\r\n${envelope}`,
      `${message(2).toString('latin1').replace('\n.dot', '\n..dot')}.\r\n${envelope}`,
      `${message(3).toString('latin1').replace('\n.dot', '\n..dot')}.\r\n`,
    ]);
  });

  it('with CHUNKING, sends every waiting delivery in one write, MAIL, RCPT and BDAT with the message in CRLF form, waiting for no reply', async () => {
    const chunks: string[] = [];
    const server = net.createServer((socket) => {
      socket.on('error', () => undefined);
      socket.write('220 scripted\r\n');
      let buffered = Buffer.alloc(0);
      let skip = 0;
      socket.on('data', (chunk: Buffer) => {
        chunks.push(chunk.toString('latin1'));
        buffered = Buffer.concat([buffered, chunk]);
        let out = '';
        for (;;) {
          if (skip > 0) {
            const take = Math.min(skip, buffered.length);
            buffered = buffered.subarray(take);
            skip -= take;
            if (skip > 0) break;
            out += '250 2.0.0 Stored\r\n';
          }
          const end = buffered.indexOf('\r\n');
          if (end === -1) break;
          const line = buffered.subarray(0, end).toString('latin1');
          buffered = buffered.subarray(end + 2);
          const bdat = /^BDAT (\d+) LAST$/.exec(line);
          if (bdat) skip = Number(bdat[1]);
          else out += line.startsWith('EHLO') ? '250-mailsim.test\r\n250-PIPELINING\r\n250 CHUNKING\r\n' : '250 ok\r\n';
          if (skip === 0 && bdat) out += '250 2.0.0 Stored\r\n';
        }
        if (out) socket.write(out);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const link = new DeliveryLink('127.0.0.1', (server.address() as net.AddressInfo).port, 'sender.test');
    closers.push(() => link.close());
    // A bare LF and no final line end: sent as DATA would have made it, with CRLFs.
    const odd = Buffer.from('Subject: odd\n\nno end');
    const results = await Promise.all([message(1), message(2), odd].map((raw) => link.send('bob@example.org', ['alice@example.com'], raw)));
    expect(results.every((r) => r.accepted.length === 1)).toBe(true);
    const envelope = 'MAIL FROM:<bob@example.org>\r\nRCPT TO:<alice@example.com>\r\n';
    const bdat = (raw: string) => `${envelope}BDAT ${raw.length} LAST\r\n${raw}`;
    expect(chunks).toEqual(['EHLO sender.test\r\n', bdat(message(1).toString('latin1')) + bdat(message(2).toString('latin1')) + bdat('Subject: odd\r\n\r\nno end\r\n')]);
  });

  it('reports refused recipients, and a delivery with none accepted resets before the next', async () => {
    const { alice, link } = await ourServer();
    const some = await link.send('bob@example.org', ['nobody@example.com', 'alice@example.com'], message(1));
    expect(some).toEqual({ accepted: ['alice@example.com'], rejected: ['nobody@example.com'] });
    const none = link.send('bob@example.org', ['nobody@example.com'], message(2));
    const after = link.send('bob@example.org', ['alice@example.com'], message(3));
    expect(await none).toEqual({ accepted: [], rejected: ['nobody@example.com'] });
    expect(await after).toEqual({ accepted: ['alice@example.com'], rejected: [] });
    expect(alice.inbox.messages.map((m) => /Subject: (.*)\r/.exec(m.raw.toString())![1])).toEqual(['Message 1', 'Message 3']);
  });

  it('fails a message the server refuses with its words, and goes on with the next', async () => {
    const { alice, link } = await ourServer(1000);
    const big = link.send('bob@example.org', ['alice@example.com'], Buffer.concat([message(1), Buffer.alloc(2000, 0x61)]));
    const small = link.send('bob@example.org', ['alice@example.com'], message(2));
    const error = await big.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmtpReplyError);
    expect((error as SmtpReplyError).responseCode).toBe(552);
    expect((error as Error).message).toMatch(/^the SMTP server answered the message with 552 5\.3\.4 Message exceeds the size limit/);
    await small;
    expect(alice.inbox.messages).toHaveLength(1);
  });

  it('fails what is unanswered when the connection drops, and opens a new one for the next', async () => {
    let sessions = 0;
    const { link } = await scriptedServer('220 scripted\r\n', (line, socket) => {
      if (line.startsWith('EHLO')) return (sessions++, EHLO);
      if (line === 'DATA' && sessions === 1) return void socket.destroy();
      return line === 'DATA' ? '354 go ahead\r\n' : '250 ok\r\n';
    });
    const lost = await link.send('bob@example.org', ['alice@example.com'], message(1)).catch((e: Error) => e);
    expect(lost).toBeInstanceOf(Error);
    expect((lost as Error).message).toMatch(/^the SMTP server closed the connection|ECONNRESET/);
    await expect(link.send('bob@example.org', ['alice@example.com'], message(2))).resolves.toEqual({ accepted: ['alice@example.com'], rejected: [] });
    expect(sessions).toBe(2);
  });

  it('refuses a server without PIPELINING, a greeting that is not 220, and garbage', async () => {
    const noPipelining = await scriptedServer('220 scripted\r\n', (line) => (line.startsWith('EHLO') ? '250 old.example\r\n' : '250 ok\r\n'));
    await expect(noPipelining.link.send('a@b.c', ['d@e.f'], message(1))).rejects.toThrow('the SMTP server does not offer PIPELINING (RFC 2920), which mailsim delivers with');
    const busy = await scriptedServer('421 4.7.0 too many connections\r\n', () => undefined);
    await expect(busy.link.send('a@b.c', ['d@e.f'], message(1))).rejects.toThrow('the SMTP server greeted with 421 4.7.0 too many connections');
    const garbage = await scriptedServer('hello there\r\n', () => undefined);
    await expect(garbage.link.send('a@b.c', ['d@e.f'], message(1))).rejects.toThrow('the SMTP server sent a line that is not a reply: "hello there"');
  });

  it('refuses an address that would break the command line, before anything is sent', async () => {
    const { alice, link } = await ourServer();
    await expect(link.send('bob@example.org>\r\nRCPT TO:<eve@example.org', ['alice@example.com'], message(1))).rejects.toThrow('not an address an SMTP envelope can carry');
    await expect(link.send('bob@example.org', ['alice@example.com', 'a b@c.d'], message(1))).rejects.toThrow('"a b@c.d"');
    await expect(link.send('bob@example.org', [], message(1))).rejects.toThrow('at least one recipient');
    await link.send('', ['alice@example.com'], message(2));
    expect(alice.inbox.messages).toHaveLength(1);
  });

  it('delivers to an address that is not ASCII, with SMTPUTF8 and the lines in UTF-8, and refuses before sending what our server would not parse', async () => {
    const { link, store } = await ourServer();
    const jose = store.addAccount('josé@example.com', 'secret');
    await expect(link.send('bob@example.org', ['josé@example.com'], message(1))).resolves.toEqual({ accepted: ['josé@example.com'], rejected: [] });
    expect(jose.inbox.messages).toHaveLength(1);
    await expect(link.send('bob@example.org', ['b,0@x.test'], message(2))).rejects.toThrow('not an address an SMTP envelope can carry: "b,0@x.test"');
  });

  it('gives up on a reply line longer than its bound instead of holding it', async () => {
    const { link } = await scriptedServer(`220-${'x'.repeat(MAX_REPLY_LINE_OCTETS + 10)}`, () => undefined);
    await expect(link.send('a@b.c', ['d@e.f'], message(1))).rejects.toThrow(`the SMTP server sent more than ${MAX_REPLY_LINE_OCTETS} octets without a line end`);
  });
});
