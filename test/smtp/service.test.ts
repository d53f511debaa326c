import net from 'node:net';
import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import type { WireEvent } from '../../src/protocol/transcript.js';
import { SYSTEM_TIMERS } from '../../src/server/timers.js';
import { TrackedListener } from '../../src/server/listener.js';
import { VirtualClock } from '../../src/sim/clock.js';
import { SmtpService } from '../../src/smtp/service.js';
import { MailStore } from '../../src/store/index.js';

const T0 = Date.UTC(2024, 2, 4, 9, 30, 0);
let listener: TrackedListener | undefined;

afterEach(async () => {
  await listener?.close();
  listener = undefined;
});

async function setup(maxMessageSize?: number) {
  const clock = new VirtualClock(T0);
  const store = new MailStore(clock);
  const alice = store.addAccount('alice@example.com', 'secret');
  const bob = store.addAccount('bob@example.com', 'secret');
  const wire: WireEvent[] = [];
  const smtp = new SmtpService({ store, clock, timers: SYSTEM_TIMERS, onWire: (e) => wire.push(e), ...(maxMessageSize ? { maxMessageSize } : {}) });
  listener = new TrackedListener((socket) => smtp.accept(socket));
  const port = await listener.listen(0, '127.0.0.1');
  const transport = (auth?: { user: string; pass: string }) =>
    nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, name: 'client.test', ...(auth ? { auth } : {}) });
  return { clock, store, alice, bob, port, wire, transport };
}

describe('SmtpService', () => {
  it('delivers to the INBOX of each known recipient with trace headers and the clock as internal date', async () => {
    const { alice, bob, transport } = await setup();
    const info = await transport().sendMail({ from: 'carol@example.org', to: 'alice@example.com, bob@example.com', subject: 'Hi', text: 'Hello\n' });
    expect(info.accepted).toEqual(['alice@example.com', 'bob@example.com']);
    const [message] = alice.inbox.messages;
    expect(message!.internalDate).toBe(T0);
    const text = message!.raw.toString();
    expect(text.startsWith('Return-Path: <carol@example.org>\r\nReceived: from client.test (127.0.0.1)\r\n\tby mailsim.test (mailsim) with ESMTP id ')).toBe(true);
    expect(text).toContain('\tfor <alice@example.com>; Mon, 04 Mar 2024 09:30:00 +0000\r\n');
    expect(text).toContain('Subject: Hi\r\n');
    expect(bob.inbox.messages).toHaveLength(1);
  });

  it('refuses unknown recipients with 550 and delivers nothing', async () => {
    const { alice, transport } = await setup();
    const error = await transport()
      .sendMail({ from: 'x@example.org', to: 'nobody@example.com', subject: 'x', text: 'x' })
      .catch((e: { responseCode?: number; response?: string }) => e);
    expect(error).toMatchObject({ responseCode: 550 });
    expect((error as { response: string }).response).toContain('no such user here');
    expect(alice.inbox.messages).toHaveLength(0);
  });

  it('delivers to the known recipients when some are unknown', async () => {
    const { alice, transport } = await setup();
    const info = await transport().sendMail({ from: 'x@example.org', to: 'alice@example.com, nobody@example.com', subject: 'x', text: 'x' });
    expect(info.accepted).toEqual(['alice@example.com']);
    expect(info.rejected).toEqual(['nobody@example.com']);
    expect(alice.inbox.messages).toHaveLength(1);
  });

  it('refuses a message over the size limit with 552 and stores nothing', async () => {
    const { alice, transport } = await setup(1024);
    const error = await transport()
      .sendMail({ from: 'x@example.org', to: 'alice@example.com', subject: 'big', text: 'x'.repeat(4096) })
      .catch((e: { responseCode?: number }) => e);
    expect(error).toMatchObject({ responseCode: 552 });
    expect(alice.inbox.messages).toHaveLength(0);
  });

  it('accepts AUTH PLAIN with a valid password and refuses a wrong one with 535', async () => {
    const { alice, transport, wire } = await setup();
    await transport({ user: 'alice@example.com', pass: 'secret' }).sendMail({ from: 'alice@example.com', to: 'alice@example.com', subject: 'me', text: 'x' });
    expect(alice.inbox.messages).toHaveLength(1);
    const error = await transport({ user: 'alice@example.com', pass: 'nope' })
      .sendMail({ from: 'alice@example.com', to: 'alice@example.com', subject: 'me', text: 'x' })
      .catch((e: { responseCode?: number }) => e);
    expect(error).toMatchObject({ responseCode: 535 });
    // The transcript never shows the credentials.
    const clientLines = wire.filter((e) => e.direction === 'C').map((e) => e.text).join('\n');
    expect(clientLines).not.toContain(Buffer.from('\0alice@example.com\0secret').toString('base64'));
    expect(clientLines).toContain('AUTH PLAIN');
  });

  it('records a transcript with C: and S: lines and summarises the message data', async () => {
    const { transport, wire } = await setup();
    await transport().sendMail({ from: 'x@example.org', to: 'alice@example.com', subject: 'x', text: 'x' });
    const lines = wire.map((e) => `${e.direction}: ${e.text}`);
    expect(lines[0]).toMatch(/^S: 220 mailsim\.test ESMTP/);
    expect(lines).toContain('C: EHLO client.test');
    expect(lines).toContain('C: MAIL FROM:<x@example.org>');
    expect(lines.some((l) => /^C: <\d+ octets>$/.test(l))).toBe(true);
    expect(new Set(wire.map((e) => e.protocol))).toEqual(new Set(['smtp']));
  });

  it('greets at once: a client that speaks the moment it connects is answered, not told it talks too soon', async () => {
    const { port } = await setup();
    const socket = net.connect(port, '127.0.0.1');
    socket.on('connect', () => socket.write('EHLO early.test\r\n'));
    let data = '';
    const replies = await new Promise<string>((resolve, reject) => {
      socket.on('error', reject);
      socket.on('data', (chunk) => {
        data += chunk.toString();
        // The greeting, then the last line of the EHLO reply ("250 " after "250-" lines), or a refusal.
        if (/^(250 |421 )/m.test(data)) resolve(data);
      });
    });
    socket.destroy();
    expect(replies).toMatch(/^220 mailsim\.test ESMTP/);
    expect(replies).not.toContain('421');
    expect(replies).toMatch(/^250-mailsim\.test Nice to meet you/m);
  });

  it('answers garbage with an error and keeps serving', async () => {
    const { port, alice, transport } = await setup();
    const reply = await new Promise<string>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      let data = '';
      socket.on('data', (chunk) => {
        data += chunk.toString();
        if (data.includes('\r\n') && !data.includes('\0')) {
          if (!data.includes('500') && !data.includes('502')) socket.write('\0\x01garbage here\r\n');
          else {
            socket.end();
            resolve(data);
          }
        }
      });
    });
    expect(reply).toMatch(/\r\n5\d\d /);
    await transport().sendMail({ from: 'x@example.org', to: 'alice@example.com', subject: 'after', text: 'x' });
    expect(alice.inbox.messages).toHaveLength(1);
  });
});
