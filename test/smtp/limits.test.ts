/**
 * SMTP connection caps, failed-AUTH delays and secrets in transcripts (issue 11, defects 7, 11
 * and 12), the server-wide receiving budget and connections let go, over real sockets.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionCaps } from '../../src/protocol/connection-gate.js';
import { LoginThrottle } from '../../src/protocol/login-throttle.js';
import type { WireEvent } from '../../src/protocol/transcript.js';
import { SYSTEM_TIMERS } from '../../src/server/timers.js';
import { VirtualClock } from '../../src/sim/clock.js';
import { MESSAGE_STALL_TIMEOUT_MS } from '../../src/smtp/limits.js';
import { SmtpService } from '../../src/smtp/service.js';
import { MailStore } from '../../src/store/index.js';
import { ManualTimers } from '../helpers/manual-timers.js';
import { settle } from '../helpers/settle.js';
import { OpenedSockets } from './helpers.js';

const opened = new OpenedSockets();
afterEach(() => opened.close());

async function setup(options: { caps?: ConnectionCaps; timers?: ManualTimers; throttle?: boolean } = {}) {
  const clock = new VirtualClock(0);
  const store = new MailStore(clock);
  store.addAccount('alice@example.com', 'secret');
  const wire: WireEvent[] = [];
  const smtp = new SmtpService({
    store,
    clock,
    timers: options.timers ?? SYSTEM_TIMERS,
    onWire: (e) => wire.push(e),
    ...(options.caps ? { caps: options.caps } : {}),
    ...(options.throttle ? { throttle: new LoginThrottle(clock) } : {}),
  });
  const port = await opened.listen((socket) => smtp.accept(socket));
  return { smtp, port, wire, store };
}

const connect = (port: number) => opened.connect(port);

describe('SMTP connection caps (defect 7)', () => {
  it('answers a connection over the per-address cap with 421 and closes it at once', async () => {
    const { port, smtp } = await setup({ caps: { total: 10, perAddress: 1 } });
    const first = await connect(port);
    expect(await first.reply()).toMatch(/^220 /);
    const second = await connect(port);
    expect(await second.next()).toBe('421 4.7.0 mailsim.test too many connections from your address, try again later');
    await second.closed;
    first.socket.destroy();
    await settle(() => smtp.connections);
    expect(smtp.connections).toBe(0);
    expect(await (await connect(port)).reply()).toMatch(/^220 /);
  });
});

describe('SMTP AUTH', () => {
  const PLAIN = Buffer.from('\0alice@example.com\0hunter2').toString('base64');

  it('a leading space or extra spaces before AUTH do not bring the credentials into the transcript (defect 11)', async () => {
    const { port, wire } = await setup();
    const conn = await connect(port);
    await conn.reply();
    conn.write('EHLO client.test\r\n');
    await conn.reply();
    for (const line of [` AUTH PLAIN ${PLAIN}`, `AUTH  PLAIN  ${PLAIN}`]) {
      conn.write(`${line}\r\n`);
      await conn.reply();
    }
    const transcript = wire.map((e) => e.text).join('\n');
    expect(transcript).not.toContain(PLAIN);
    expect(transcript).toContain('AUTH PLAIN ********');
  });

  it('never shows a credential given without a mechanism, or pipelined behind a refused AUTH', async () => {
    const { port, wire } = await setup();
    const conn = await connect(port);
    await conn.reply();
    // Before EHLO AUTH is refused (503), and the answer the client sent behind it is no command.
    conn.write(`AUTH PLAIN\r\n${PLAIN}\r\nEHLO client.test\r\n`);
    expect(await conn.reply()).toMatch(/^503 /);
    expect(await conn.reply()).toMatch(/^500 /);
    await conn.reply();
    conn.write(`AUTH ${PLAIN}\r\n`);
    expect(await conn.reply()).toMatch(/^504 /);
    const transcript = wire.map((e) => e.text).join('\n');
    expect(transcript).not.toContain(PLAIN);
    expect(transcript).toContain('AUTH ********');
  });

  it('holds each failed AUTH reply from an address longer than the last (defect 12)', async () => {
    const timers = new ManualTimers();
    const { port } = await setup({ timers, throttle: true });
    const conn = await connect(port);
    await conn.reply();
    conn.write('EHLO client.test\r\n');
    await conn.reply();
    for (const delay of [2_000, 4_000]) {
      conn.write(`AUTH PLAIN ${PLAIN}\r\n`);
      await settle(() => timers.scheduled.length);
      expect(timers.scheduled).toEqual([delay]);
      timers.advance(delay);
      expect(await conn.reply()).toBe('535 5.7.8 Authentication credentials invalid');
    }
  });
});

describe('SMTP connections let go', () => {
  it('frees the slot as soon as the client closes after the 421 for its third failed AUTH, held replies and all', async () => {
    const timers = new ManualTimers();
    const { port, smtp } = await setup({ timers, throttle: true });
    const conn = await connect(port);
    await conn.reply();
    conn.write('EHLO client.test\r\n');
    await conn.reply();
    const wrong = Buffer.from('\0alice@example.com\0wrong').toString('base64');
    for (let i = 0; i < 3; i++) {
      conn.write(`AUTH PLAIN ${wrong}\r\n`);
      await settle(() => timers.scheduled.length);
      timers.advance(timers.scheduled[0]!);
      expect(await conn.reply()).toBe('535 5.7.8 Authentication credentials invalid');
    }
    expect(await conn.reply()).toMatch(/^421 4\.7\.0 /);
    // Sent after the server's close, then the client's own: the server must still see that close.
    conn.write('NOOP\r\n');
    conn.socket.end();
    await settle(() => smtp.connections);
    expect(smtp.connections).toBe(0);
    expect(timers.scheduled).toEqual([]);
  });
});

describe('postmaster (RFC 5321 4.5.1)', () => {
  it('accepts mail for postmaster, bare or at a domain it serves, and refuses other unknown names', async () => {
    const { port, store } = await setup();
    const conn = await connect(port);
    await conn.reply();
    conn.write('EHLO client.test\r\n');
    await conn.reply();
    conn.write('MAIL FROM:<x@example.org>\r\n');
    expect(await conn.reply()).toMatch(/^250 /);
    for (const rcpt of ['<postmaster>', '<Postmaster@example.com>', '<POSTMASTER@EXAMPLE.COM>']) {
      conn.write(`RCPT TO:${rcpt}\r\n`);
      expect(await conn.reply()).toMatch(/^250 /);
    }
    conn.write('RCPT TO:<postmaster@elsewhere.example>\r\n');
    expect(await conn.reply()).toMatch(/^550 5\.1\.1 /);
    conn.write('RCPT TO:<nobody@example.com>\r\n');
    expect(await conn.reply()).toMatch(/^550 5\.1\.1 /);
    conn.write('DATA\r\n');
    expect(await conn.reply()).toMatch(/^354 /);
    conn.write('Subject: to the postmaster\r\n\r\nhello\r\n.\r\n');
    expect(await conn.reply()).toMatch(/^250 /);
    // alice is the only account of example.com: she reads the postmaster's mail, bare or at her
    // domain, in any case; one mailbox gets one copy.
    expect(store.account('alice@example.com')!.inbox.messages).toHaveLength(1);
  });
});

describe('message octets being received, for the whole server (MAX_RECEIVING_OCTETS)', () => {
  it('refuses with 452 a message that finds the budget spent by another connection, and takes it once that is done', async () => {
    const clock = new VirtualClock(0);
    const store = new MailStore(clock);
    const alice = store.addAccount('alice@example.com', 'secret');
    const smtp = new SmtpService({ store, clock, timers: SYSTEM_TIMERS, maxReceivingOctets: 1000 });
    const port = await opened.listen((socket) => smtp.accept(socket));
    const open = async () => {
      const conn = await connect(port);
      await conn.reply();
      conn.write('EHLO client.test\r\nMAIL FROM:<x@example.org>\r\nRCPT TO:<alice@example.com>\r\nDATA\r\n');
      for (const code of ['250', '250', '250', '354']) expect((await conn.reply()).slice(0, 3)).toBe(code);
      return conn;
    };
    const first = await open();
    const second = await open();
    // The first holds 800 octets of an unfinished message; the second's 400 do not fit beside them.
    first.write(`${'a'.repeat(798)}\r\n`);
    await settle(() => smtp.usage().bufferedInputBytes);
    second.write(`${'b'.repeat(398)}\r\n.\r\n`);
    expect(await second.reply()).toMatch(/^452 4\.3\.1 /);
    first.write('.\r\n');
    expect(await first.reply()).toMatch(/^250 2\.0\.0 /);
    // Given back: the second connection's next message fits.
    second.write('MAIL FROM:<x@example.org>\r\nRCPT TO:<alice@example.com>\r\nBDAT 900 LAST\r\n' + 'c'.repeat(900));
    for (const code of ['250', '250']) expect((await second.reply()).slice(0, 3)).toBe(code);
    expect(await second.reply()).toMatch(/^250 2\.0\.0 Delivered/);
    expect(alice.inbox.messages.map((m) => /aaa|bbb|ccc/.exec(m.raw.toString())?.[0])).toEqual(['aaa', 'ccc']);
    expect(smtp.usage().bufferedInputBytes).toBe(0);
  });
});

describe('a message being received may not stall (MESSAGE_STALL_TIMEOUT_MS)', () => {
  it('ends the connection with 421 when a message gains no octets for a minute, NOOPs between BDAT chunks or not, and gives its octets back', async () => {
    const timers = new ManualTimers();
    const { port, smtp } = await setup({ timers });
    const conn = await connect(port);
    await conn.reply();
    conn.write('EHLO client.test\r\nMAIL FROM:<x@example.org>\r\nRCPT TO:<alice@example.com>\r\nBDAT 5\r\nhello');
    for (const code of ['250', '250', '250']) expect((await conn.reply()).slice(0, 3)).toBe(code);
    expect(await conn.reply()).toBe('250 2.0.0 5 octets received');
    expect(timers.scheduled).toEqual([MESSAGE_STALL_TIMEOUT_MS]);
    // A NOOP is activity, but no octets of the message: the stall timer keeps running.
    conn.write('NOOP\r\n');
    expect(await conn.reply()).toBe('250 2.0.0 OK');
    expect(timers.scheduled).toEqual([MESSAGE_STALL_TIMEOUT_MS]);
    expect(smtp.usage().bufferedInputBytes).toBe(5);
    timers.advance(MESSAGE_STALL_TIMEOUT_MS);
    expect(await conn.reply()).toMatch(/^421 4\.4\.2 .*stopped arriving/);
    await conn.closed;
    await settle(() => smtp.connections);
    expect(smtp.usage()).toMatchObject({ connections: 0, bufferedInputBytes: 0 });
  });

  it('re-arms on every octet and is cancelled when the message is whole: nothing stays scheduled', async () => {
    const timers = new ManualTimers();
    const { port, store } = await setup({ timers });
    const conn = await connect(port);
    await conn.reply();
    conn.write('EHLO client.test\r\nMAIL FROM:<x@example.org>\r\nRCPT TO:<alice@example.com>\r\nDATA\r\n');
    for (const code of ['250', '250', '250', '354']) expect((await conn.reply()).slice(0, 3)).toBe(code);
    conn.write('Subject: slow\r\n');
    await settle(() => timers.scheduled.length);
    expect(timers.scheduled).toEqual([MESSAGE_STALL_TIMEOUT_MS]);
    conn.write('\r\nbody\r\n.\r\n');
    expect(await conn.reply()).toMatch(/^250 2\.0\.0 Delivered/);
    expect(timers.scheduled).toEqual([]);
    expect(store.account('alice@example.com')!.inbox.messages).toHaveLength(1);
  });
});

describe('ESMTP needs EHLO, and BDAT sizes', () => {
  it('after HELO refuses AUTH, BDAT (its chunk still skipped) and STARTTLS, and says "with SMTP"', async () => {
    const { port, store } = await setup();
    const conn = await connect(port);
    await conn.reply();
    conn.write(`HELO client.test\r\nAUTH PLAIN ${Buffer.from('\0alice@example.com\0secret').toString('base64')}\r\nMAIL FROM:<x@example.org>\r\nRCPT TO:<alice@example.com>\r\nBDAT 6 LAST\r\nNOOP\r\nSTARTTLS\r\nDATA\r\n`);
    const replies = [];
    for (let i = 0; i < 7; i++) replies.push((await conn.reply()).slice(0, 3));
    // HELO, AUTH, MAIL, RCPT, BDAT (its 6 octets "NOOP\r\n" read, not run; refused, it ends the
    // transaction, RFC 3030 2), STARTTLS (no TLS here: 502), DATA (no transaction now).
    expect(replies).toEqual(['250', '503', '250', '250', '503', '502', '503']);
    conn.write('MAIL FROM:<x@example.org>\r\nRCPT TO:<alice@example.com>\r\nDATA\r\n');
    for (const code of ['250', '250', '354']) expect((await conn.reply()).slice(0, 3)).toBe(code);
    conn.write('Subject: plain\r\n\r\nhi\r\n.\r\n');
    expect(await conn.reply()).toMatch(/^250 /);
    expect(store.account('alice@example.com')!.inbox.messages).toHaveLength(1);
    expect(store.account('alice@example.com')!.inbox.messages[0]!.raw.toString()).toContain(') with SMTP id ');
  });

  it('reads a BDAT size with leading zeros, and closes on one too large to count', async () => {
    const { port, store } = await setup();
    const conn = await connect(port);
    await conn.reply();
    conn.write('EHLO client.test\r\nMAIL FROM:<x@example.org>\r\nRCPT TO:<alice@example.com>\r\nBDAT 000000000000000000006 LAST\r\nRSET\r\n');
    for (const code of ['250', '250', '250']) expect((await conn.reply()).slice(0, 3)).toBe(code);
    expect(await conn.reply()).toMatch(/^250 2\.0\.0 Delivered/);
    expect(store.account('alice@example.com')!.inbox.messages[0]!.raw.toString().endsWith('RSET\r\n')).toBe(true);
    conn.write('BDAT 1234567890123456 LAST\r\nRSET\r\n');
    expect(await conn.reply()).toMatch(/^421 4\.7\.0 /);
    await conn.closed;
  });
});
