/**
 * A reset connection (RST, SO_LINGER 0) in any state ends only that connection (issue 11, defect
 * 1): every socket, server and stream has an error handler. One test server, all three protocols,
 * small connection caps so "over the cap" is cheap to reach; afterwards every protocol still answers
 * and the stored mail is unchanged.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Pop3Client } from '../../src/pop3/client/index.js';
import { MailServer } from '../../src/server/mail-server.js';
import { deliveryTransport } from '../../src/server/delivery.js';
import { VirtualClock } from '../../src/sim/clock.js';
import { MailStore } from '../../src/store/index.js';
import { settle } from '../helpers/settle.js';
import { RawImap } from '../imap/helpers.js';

const T0 = Date.UTC(2024, 2, 4, 9, 0, 0);
const CAP = 3;

let server: MailServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start() {
  const clock = new VirtualClock(T0);
  const store = new MailStore(clock);
  const alice = store.addAccount('alice@example.com', 'secret');
  const body = 'y'.repeat(998) + '\r\n';
  for (let i = 0; i < 30; i++) alice.inbox.append(Buffer.from(`Subject: m${i}\r\n\r\n${body.repeat(100)}`), { label: 'test' });
  const caps = { total: CAP, perAddress: CAP };
  server = await MailServer.start({ store, clock, caps: { imap: caps, pop3: caps, smtp: caps } });
  const snapshot = () => alice.inbox.messages.map((m) => `${m.uid} ${m.flags.join(',')} ${m.raw.length}`).join('\n');
  return { store, alice, server, snapshot };
}

/** A plain socket, no delay, that collects what it reads; resolves once connected. */
async function open(port: number): Promise<{ socket: net.Socket; text: () => string; until: (pattern: RegExp) => Promise<void> }> {
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  socket.on('error', () => undefined);
  let received = '';
  const waiters: (() => void)[] = [];
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString('latin1');
    for (const wake of waiters.splice(0)) wake();
  });
  socket.on('close', () => {
    for (const wake of waiters.splice(0)) wake();
  });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const until = async (pattern: RegExp): Promise<void> => {
    while (!pattern.test(received)) {
      if (socket.destroyed) throw new Error(`closed before ${pattern}: ${received.slice(-200)}`);
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { socket, text: () => received, until };
}

/** Waits until the server has counted every connection as closed. */
async function allClosed(): Promise<void> {
  const open = await settle(() => {
    const usage = server!.usage();
    return (usage.imap?.connections ?? 0) + (usage.pop3?.connections ?? 0) + (usage.smtp?.connections ?? 0);
  });
  expect(open).toBe(0);
}

describe('a reset in any state ends that connection only', () => {
  it('IMAP: at the greeting, mid-literal, in IDLE, over the cap, during a large FETCH', async () => {
    const { alice, snapshot } = await start();
    const before = snapshot();
    const port = server!.ports.imap!;

    (await open(port)).socket.resetAndDestroy();

    const literal = await open(port);
    literal.socket.write('a LOGIN alice@example.com secret\r\nb APPEND INBOX {1000}\r\n');
    await literal.until(/^\+ Ready/m);
    literal.socket.write('Subject: half');
    literal.socket.resetAndDestroy();

    const idle = await open(port);
    idle.socket.write('a LOGIN alice@example.com secret\r\nb SELECT INBOX\r\nc IDLE\r\n');
    await idle.until(/^\+ idling/m);
    idle.socket.resetAndDestroy();
    // News for the reset session goes nowhere, and does not fail the session that causes it.
    alice.inbox.setFlags([alice.inbox.messages[0]!], 'add', ['\\Flagged'], { label: 'test' });

    const fetch = await open(port);
    fetch.socket.write('a LOGIN alice@example.com secret\r\nb SELECT INBOX\r\nc FETCH 1:* BODY.PEEK[]\r\n');
    await fetch.until(/\* 2 FETCH/);
    fetch.socket.resetAndDestroy();
    await allClosed();

    const held = await Promise.all(Array.from({ length: CAP }, () => open(port)));
    await Promise.all(held.map((c) => c.until(/^\* OK/m)));
    const over = await open(port);
    over.socket.resetAndDestroy();
    const refused = await open(port);
    await refused.until(/^\* BYE Too many connections/m);
    await new Promise((resolve) => refused.socket.once('close', resolve));
    for (const c of held) c.socket.resetAndDestroy();
    await allClosed();

    const raw = await RawImap.connect(port);
    expect(await raw.command('n', 'LOGIN alice@example.com secret')).toMatch(/^n OK/m);
    raw.destroy();
    alice.inbox.setFlags([alice.inbox.messages[0]!], 'remove', ['\\Flagged'], { label: 'test' });
    expect(snapshot()).toBe(before);
  });

  it('POP3: at the greeting, mid-line, during a RETR, over the cap', async () => {
    const { snapshot } = await start();
    const before = snapshot();
    const port = server!.ports.pop3!;

    (await open(port)).socket.resetAndDestroy();

    const line = await open(port);
    await line.until(/^\+OK/m);
    line.socket.write('USER ali');
    line.socket.resetAndDestroy();

    const retr = await open(port);
    retr.socket.write('USER alice@example.com\r\nPASS secret\r\nRETR 1\r\nRETR 2\r\nDELE 3\r\n');
    await retr.until(/octets\r\n/);
    retr.socket.resetAndDestroy();
    await allClosed();

    const held = await Promise.all(Array.from({ length: CAP }, () => open(port)));
    await Promise.all(held.map((c) => c.until(/^\+OK/m)));
    (await open(port)).socket.resetAndDestroy();
    const refused = await open(port);
    await refused.until(/^-ERR \[SYS\/TEMP\] too many connections/m);
    for (const c of held) c.socket.resetAndDestroy();
    await allClosed();

    const client = await Pop3Client.connect({ host: '127.0.0.1', port });
    await client.login('alice@example.com', 'secret');
    expect((await client.stat()).count).toBe(30);
    await client.quit();
    // The reset RETR session's DELE and \Seen never happened.
    expect(snapshot()).toBe(before);
  });

  it('SMTP: at the greeting, inside a transaction, mid-DATA, over the cap', async () => {
    const { alice } = await start();
    const port = server!.ports.smtp!;

    (await open(port)).socket.resetAndDestroy();

    for (const stop of ['MAIL', 'DATA']) {
      const smtp = await open(port);
      await smtp.until(/^220 /m);
      smtp.socket.write('EHLO reset.test\r\n');
      await smtp.until(/^250 /m);
      smtp.socket.write('MAIL FROM:<x@example.org>\r\n');
      await smtp.until(/2\.1\.0|^250 Accepted/m);
      if (stop === 'DATA') {
        smtp.socket.write('RCPT TO:<alice@example.com>\r\nDATA\r\n');
        await smtp.until(/^354 /m);
        smtp.socket.write('Subject: cut\r\n\r\nhalf a mess');
      }
      smtp.socket.resetAndDestroy();
    }
    await allClosed();

    const held = await Promise.all(Array.from({ length: CAP }, () => open(port)));
    await Promise.all(held.map((c) => c.until(/^220 /m)));
    (await open(port)).socket.resetAndDestroy();
    const refused = await open(port);
    await refused.until(/^421 4\.7\.0 .* too many connections/m);
    for (const c of held) c.socket.resetAndDestroy();
    await allClosed();

    const transport = deliveryTransport('127.0.0.1', port);
    await transport.sendMail({ envelope: { from: 'x@example.org', to: ['alice@example.com'] }, raw: 'Subject: whole\r\n\r\nall of it\r\n' });
    transport.close();
    expect(alice.inbox.messages).toHaveLength(31);
    expect(alice.inbox.messages.at(-1)!.raw.toString()).toContain('Subject: whole');
  });
});
