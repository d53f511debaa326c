/**
 * SmtpSession over real sockets (127.0.0.1, port 0), fed what careless or hostile clients send:
 * smuggled ends of data, bytes cut anywhere, pipelines that do not wait, over-long lines, floods
 * nobody reads, STARTTLS with commands behind it, AUTH in every form and every way it can fail,
 * malformed paths, resets mid-message and QUIT. Nothing here sleeps: every test waits for a reply,
 * for the server to have read what was written (its socket's bytesRead), for a close, or for the
 * event loop to go quiet (settle).
 */
import net from 'node:net';
import tls from 'node:tls';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { MASK, type WireEvent } from '../../src/protocol/transcript.js';
import { SYSTEM_TIMERS } from '../../src/server/timers.js';
import { VirtualClock } from '../../src/sim/clock.js';
import { crlfMessage, smtpData } from '../../src/smtp/client/data.js';
import { MAX_BAD_COMMANDS, MAX_COMMAND_LINE_OCTETS, MAX_FAILED_LOGINS, MAX_RECIPIENTS, MAX_UNREAD_REPLY_BYTES } from '../../src/smtp/limits.js';
import { SmtpService } from '../../src/smtp/service.js';
import type { Message } from '../../src/store/message.js';
import { MailStore } from '../../src/store/index.js';
import { generateSelfSigned, type TlsIdentity } from '../../src/tls/certificate.js';
import { secureContextOf } from '../../src/tls/handshake.js';
import { cut } from '../helpers/cut.js';
import { settle } from '../helpers/settle.js';
import { OpenedSockets } from './helpers.js';

const T0 = Date.UTC(2024, 2, 4, 9, 30, 0);
const ALICE = 'alice@example.com';
const BOB = 'bob@example.com';
/** Distinctive, so a transcript that shows it is caught; "secret" could appear for other reasons. */
const PASSWORD = 'Pa55-w0rd!';

const opened = new OpenedSockets();
afterEach(() => opened.close());

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const PLAIN = b64(`\0${ALICE}\0${PASSWORD}`);

/** One certificate for the whole file: making one takes tens of milliseconds. */
let identity: TlsIdentity | undefined;
function certificate(): TlsIdentity {
  identity ??= generateSelfSigned();
  return identity;
}

// ---------------------------------------------------------------------------------------------
// A client that reads replies as octets (so a STARTTLS upgrade can move it to the TLS socket)
// ---------------------------------------------------------------------------------------------

class Client {
  private received: Buffer = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  /** The server ended its side (FIN) or the connection is gone. */
  private ended = false;

  constructor(public socket: net.Socket) {
    this.attach(socket);
  }

  private readonly onData = (chunk: Buffer): void => {
    this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk]);
    this.wake();
  };

  private readonly onEnd = (): void => {
    this.ended = true;
    this.wake();
  };

  private attach(socket: net.Socket): void {
    socket.on('error', () => undefined);
    socket.on('data', this.onData);
    socket.once('end', this.onEnd);
    socket.once('close', this.onEnd);
  }

  private wake(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }

  private wait(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** The next CRLF-terminated line; throws if the server closes first. */
  async line(): Promise<string> {
    for (;;) {
      const end = this.received.indexOf('\r\n');
      if (end !== -1) {
        const line = this.received.subarray(0, end).toString('utf8');
        this.received = this.received.subarray(end + 2);
        return line;
      }
      if (this.ended) throw new Error(`the server closed; unread: ${JSON.stringify(this.received.toString('latin1'))}`);
      await this.wait();
    }
  }

  /** Every line of the next reply ("250-a", "250 b"). */
  async replyLines(): Promise<string[]> {
    const lines: string[] = [];
    for (;;) {
      const line = await this.line();
      lines.push(line);
      if (!/^\d{3}-/.test(line)) return lines;
    }
  }

  /** The last line of the next reply. */
  async reply(): Promise<string> {
    return (await this.replyLines()).at(-1)!;
  }

  /** The last lines of the next `count` replies. */
  async replies(count: number): Promise<string[]> {
    const lines: string[] = [];
    for (let i = 0; i < count; i++) lines.push(await this.reply());
    return lines;
  }

  /** Everything still to come, once the server has closed its side. */
  async rest(): Promise<string> {
    while (!this.ended) await this.wait();
    const text = this.received.toString('latin1');
    this.received = Buffer.alloc(0);
    return text;
  }

  get hasEnded(): boolean {
    return this.ended;
  }

  /** Octets received and not read yet. */
  get unread(): number {
    return this.received.length;
  }

  /** Runs the client side of the TLS handshake over this connection and reads from it from now on. */
  async startTls(ca: string): Promise<void> {
    const plain = this.socket;
    plain.off('data', this.onData);
    plain.off('end', this.onEnd);
    plain.off('close', this.onEnd);
    const secure = await new Promise<tls.TLSSocket>((resolve, reject) => {
      const socket = tls.connect({ socket: plain, ca, host: '127.0.0.1' }, () => resolve(socket));
      socket.once('error', reject);
    });
    opened.track(secure);
    this.socket = secure;
    this.attach(secure);
  }
}

// ---------------------------------------------------------------------------------------------
// The server under test and small helpers
// ---------------------------------------------------------------------------------------------

interface SetupOptions {
  readonly maxMessageSize?: number;
  readonly maxReceivingOctets?: number;
  /** STARTTLS offered, or also required before AUTH. */
  readonly tls?: 'offered' | 'required';
}

async function setup(options: SetupOptions = {}) {
  const clock = new VirtualClock(T0);
  const store = new MailStore(clock);
  const alice = store.addAccount(ALICE, PASSWORD);
  const bob = store.addAccount(BOB, 'bobs-password');
  const wire: WireEvent[] = [];
  const tlsOption = options.tls ? { tls: { context: secureContextOf(certificate()), required: options.tls === 'required' } } : {};
  const smtp = new SmtpService({
    store,
    clock,
    timers: SYSTEM_TIMERS,
    onWire: (event) => wire.push(event),
    ...(options.maxMessageSize === undefined ? {} : { maxMessageSize: options.maxMessageSize }),
    ...(options.maxReceivingOctets === undefined ? {} : { maxReceivingOctets: options.maxReceivingOctets }),
    ...tlsOption,
  });
  const accepted: net.Socket[] = [];
  const port = await opened.listen((socket) => {
    accepted.push(socket);
    smtp.accept(socket);
  });

  /** A connected client that has read the greeting. */
  const connect = async (socketOptions: { allowHalfOpen?: boolean } = {}): Promise<Client> => {
    const socket = net.connect({ port, host: '127.0.0.1', ...socketOptions });
    socket.setNoDelay(true);
    opened.track(socket);
    const client = new Client(socket);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    expect(await client.reply()).toMatch(/^220 mailsim\.test ESMTP /);
    return client;
  };

  /** The server's end of a client's (plaintext) connection. */
  const serverSide = (client: Client): net.Socket => {
    const socket = accepted.find((s) => s.remotePort === client.socket.localPort);
    if (!socket) throw new Error('no accepted socket for this client');
    return socket;
  };

  return { smtp, store, alice, bob, wire, port, accepted, connect, serverSide };
}

/** EHLO; returns the reply's lines. */
async function ehlo(client: Client, name = 'client.test'): Promise<string[]> {
  client.write(`EHLO ${name}\r\n`);
  const lines = await client.replyLines();
  expect(lines.at(-1)).toMatch(/^250 /);
  return lines;
}

async function mailTo(client: Client, to = ALICE, from = 'carol@example.org'): Promise<void> {
  client.write(`MAIL FROM:<${from}>\r\nRCPT TO:<${to}>\r\n`);
  expect(await client.replies(2)).toEqual(['250 2.1.0 Accepted', '250 2.1.5 Accepted']);
}

async function authenticate(client: Client): Promise<void> {
  client.write(`AUTH PLAIN ${PLAIN}\r\n`);
  expect(await client.reply()).toBe('235 2.7.0 Authentication successful');
}

/** A stored message without the Return-Path and Received lines the service puts in front. */
function bodyOf(message: Message): Buffer {
  const raw = message.raw;
  expect(raw.subarray(0, 13).toString()).toBe('Return-Path: ');
  let at = 0;
  // Return-Path, "Received: from", "\tby", "\tfor": four lines.
  for (let i = 0; i < 4; i++) at = raw.indexOf('\r\n', at) + 2;
  return raw.subarray(at);
}

/**
 * Writes each piece on its own and waits until the server has read it, so the server really sees
 * the input cut there (a kernel may otherwise join small writes into one read).
 */
async function writeApart(client: Client, server: net.Socket, pieces: readonly Buffer[]): Promise<void> {
  for (const piece of pieces) {
    const target = server.bytesRead + piece.length;
    client.write(piece);
    while (server.bytesRead < target) await new Promise<void>((resolve) => server.once('data', () => resolve()));
  }
}

const bytesOf = (data: Buffer): Buffer[] => [...data].map((byte) => Buffer.from([byte]));

/** RFC 5321 4.5.2 read literally: the first dot of a line (after CRLF, or at the start) is removed. */
const unstuff = (text: string): string => text.replace(/(^|\r\n)\./g, '$1');

/** Messages made of what matters to framing: CR, LF, dot, and a little text (0xff: not UTF-8). */
const rawMessage = fc.array(fc.constantFrom(0x0d, 0x0a, 0x2e, 0x61, 0x62, 0xff), { maxLength: 80 }).map((bytes) => Buffer.from(bytes));
const fractions = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 });

// ---------------------------------------------------------------------------------------------

describe('DATA ends only at CRLF "." CRLF (SMTP smuggling)', () => {
  // A fake end, then a whole second transaction, then the real end. A server that took the fake
  // end for an end would deliver "smuggled" to bob as a message of its own.
  const FAKE_ENDS = ['\n.\n', '\r\n.\n', '\n.\r\n', '\r\n.\r', '\r.\r\n', '\r.\r'];
  const smuggling = (fake: string): string =>
    `Subject: carrier\r\n\r\nfirst${fake}MAIL FROM:<evil@example.org>\r\nRCPT TO:<${BOB}>\r\nDATA\r\nSubject: smuggled\r\n\r\nevil\r\n.\r\n`;

  for (const fake of FAKE_ENDS) {
    it(`${JSON.stringify(fake)} inside DATA is text: one message, holding everything, and no second transaction`, async () => {
      const { connect, alice, bob } = await setup();
      const client = await connect();
      await ehlo(client);
      await mailTo(client);
      client.write('DATA\r\n');
      expect(await client.reply()).toMatch(/^354 /);
      const sent = smuggling(fake);
      client.write(`${sent}NOOP\r\n`);
      // One 250 for the one message; the NOOP's own reply next (not a MAIL's 250 2.1.0).
      expect(await client.replies(2)).toEqual([`250 2.0.0 Delivered to ${ALICE}`, '250 2.0.0 OK']);
      expect(bob.inbox.messages).toHaveLength(0);
      expect(alice.inbox.messages).toHaveLength(1);
      // The message is what was sent up to the real end (its CRLF included), dots unstuffed.
      const expected = unstuff(sent.slice(0, -'.\r\n'.length));
      expect(bodyOf(alice.inbox.messages[0]!).toString('latin1')).toBe(expected);
    });
  }

  it('a fake end cut between two writes, at every place, is still no end', async () => {
    const { connect, serverSide, alice, bob } = await setup();
    const client = await connect();
    await ehlo(client);
    for (const fake of FAKE_ENDS) {
      const sent = Buffer.from(smuggling(fake), 'latin1');
      const at = sent.indexOf(fake, 0, 'latin1');
      for (let split = at; split <= at + fake.length; split++) {
        await mailTo(client);
        client.write('DATA\r\n');
        expect(await client.reply()).toMatch(/^354 /);
        await writeApart(client, serverSide(client), [sent.subarray(0, split), sent.subarray(split)]);
        client.write('NOOP\r\n');
        expect(await client.replies(2)).toEqual([`250 2.0.0 Delivered to ${ALICE}`, '250 2.0.0 OK']);
        expect(bodyOf(alice.inbox.messages.at(-1)!).toString('latin1')).toBe(unstuff(sent.toString('latin1').slice(0, -3)));
      }
    }
    expect(bob.inbox.messages).toHaveLength(0);
  });
});

describe('dot-unstuffing and BDAT octets, however the input is cut', () => {
  it('DATA written one octet per write stores crlfMessage(raw)', async () => {
    const { connect, serverSide, alice } = await setup();
    const client = await connect();
    await ehlo(client);
    const raw = Buffer.from('.leading dot\r\n..two dots\n.bare LF dot\r.bare CR dot\r\n.\rnot an end\r\n.x\r\nend.', 'latin1');
    await mailTo(client);
    client.write('DATA\r\n');
    expect(await client.reply()).toMatch(/^354 /);
    await writeApart(client, serverSide(client), bytesOf(smtpData(raw)));
    expect(await client.reply()).toBe(`250 2.0.0 Delivered to ${ALICE}`);
    expect(bodyOf(alice.inbox.messages[0]!).equals(crlfMessage(raw))).toBe(true);
  });

  it('DATA of random messages, cut at random places, stores crlfMessage(raw) (fast-check)', async () => {
    const { connect, serverSide, alice } = await setup();
    await fc.assert(
      fc.asyncProperty(rawMessage, fractions, async (raw, cuts) => {
        // A connection per run: a failing run must not leave the next one mid-message.
        const client = await connect();
        try {
          await ehlo(client);
          await mailTo(client);
          client.write('DATA\r\n');
          expect(await client.reply()).toMatch(/^354 /);
          const before = alice.inbox.messages.length;
          await writeApart(client, serverSide(client), cut(smtpData(raw), cuts));
          expect(await client.reply()).toBe(`250 2.0.0 Delivered to ${ALICE}`);
          expect(alice.inbox.messages).toHaveLength(before + 1);
          expect(bodyOf(alice.inbox.messages.at(-1)!).toString('hex')).toBe(crlfMessage(raw).toString('hex'));
        } finally {
          client.socket.destroy();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('BDAT stores its octets unchanged: random messages, random chunks, random cuts of the writes (fast-check)', async () => {
    const { connect, serverSide, alice } = await setup();
    await fc.assert(
      fc.asyncProperty(rawMessage, fractions, fractions, fc.boolean(), async (raw, chunkCuts, writeCuts, endWithEmptyLast) => {
        const client = await connect();
        try {
          await ehlo(client);
          await mailTo(client);
          const chunks = raw.length === 0 ? [] : cut(raw, chunkCuts);
          // The last chunk says LAST, or an empty "BDAT 0 LAST" ends the message.
          const pieces: Buffer[] = [];
          const expected: string[] = [];
          let octets = 0;
          chunks.forEach((chunk, i) => {
            const last = !endWithEmptyLast && i === chunks.length - 1;
            pieces.push(Buffer.from(`BDAT ${chunk.length}${last ? ' LAST' : ''}\r\n`), chunk);
            octets += chunk.length;
            expected.push(last ? `250 2.0.0 Delivered to ${ALICE}` : `250 2.0.0 ${octets} octets received`);
          });
          if (endWithEmptyLast || chunks.length === 0) {
            pieces.push(Buffer.from('BDAT 0 LAST\r\n'));
            expected.push(`250 2.0.0 Delivered to ${ALICE}`);
          }
          const before = alice.inbox.messages.length;
          await writeApart(client, serverSide(client), cut(Buffer.concat(pieces), writeCuts));
          expect(await client.replies(expected.length)).toEqual(expected);
          expect(alice.inbox.messages).toHaveLength(before + 1);
          expect(bodyOf(alice.inbox.messages.at(-1)!).toString('hex')).toBe(raw.toString('hex'));
        } finally {
          client.socket.destroy();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('BDAT written one octet per write: non-LAST chunks, then LAST; "BDAT 0 LAST" alone stores an empty message', async () => {
    const { connect, serverSide, alice } = await setup();
    const client = await connect();
    await ehlo(client);
    await mailTo(client);
    // Chunk octets that look like commands and an end of data are only octets.
    const wire = Buffer.from('BDAT 7\r\nNOOP\r\n.BDAT 8\r\n\r\n.\r\nQUIBDAT 3 LAST\r\nT\r\n');
    await writeApart(client, serverSide(client), bytesOf(wire));
    expect(await client.replies(3)).toEqual(['250 2.0.0 7 octets received', '250 2.0.0 15 octets received', `250 2.0.0 Delivered to ${ALICE}`]);
    expect(bodyOf(alice.inbox.messages[0]!).toString('latin1')).toBe('NOOP\r\n.\r\n.\r\nQUIT\r\n');
    await mailTo(client);
    client.write('BDAT 0 LAST\r\n');
    expect(await client.reply()).toBe(`250 2.0.0 Delivered to ${ALICE}`);
    expect(bodyOf(alice.inbox.messages[1]!).length).toBe(0);
  });

  it('RSET between BDAT chunks drops them: the next message holds only its own', async () => {
    const { connect, alice } = await setup();
    const client = await connect();
    await ehlo(client);
    await mailTo(client);
    client.write('BDAT 5\r\nstaleRSET\r\n');
    expect(await client.replies(2)).toEqual(['250 2.0.0 5 octets received', '250 2.0.0 Flushed']);
    await mailTo(client);
    client.write('BDAT 5 LAST\r\nfresh');
    expect(await client.reply()).toBe(`250 2.0.0 Delivered to ${ALICE}`);
    expect(alice.inbox.messages.map((m) => bodyOf(m).toString())).toEqual(['fresh']);
  });
});

describe('pipelining (RFC 2920)', () => {
  it('answers fifty MAIL, RCPT, BDAT ... LAST transactions sent in one write, in order, and stores each', async () => {
    const { connect, alice } = await setup();
    const client = await connect();
    await ehlo(client);
    let wire = '';
    for (let i = 0; i < 50; i++) {
      const message = `Subject: m${i}\r\n\r\nbody ${i}\r\n`;
      wire += `MAIL FROM:<carol@example.org>\r\nRCPT TO:<${ALICE}>\r\nBDAT ${message.length} LAST\r\n${message}`;
    }
    client.write(`${wire}QUIT\r\n`);
    const expected = Array.from({ length: 50 }, () => ['250 2.1.0 Accepted', '250 2.1.5 Accepted', `250 2.0.0 Delivered to ${ALICE}`]).flat();
    expect(await client.replies(150)).toEqual(expected);
    expect(await client.reply()).toBe('221 2.0.0 Bye');
    expect(alice.inbox.messages.map((m) => bodyOf(m).toString())).toEqual(Array.from({ length: 50 }, (_, i) => `Subject: m${i}\r\n\r\nbody ${i}\r\n`));
  });

  it('data sent right behind DATA, without waiting for 354, is still taken as the message (input is never flushed)', async () => {
    // RFC 2920 3.1 says the client must wait for 354; this one does not. The server, which
    // keeps what it has read, reads it as the message once it has said 354.
    const { connect, alice } = await setup();
    const client = await connect();
    await ehlo(client);
    let wire = '';
    for (let i = 0; i < 20; i++) wire += `MAIL FROM:<carol@example.org>\r\nRCPT TO:<${ALICE}>\r\nDATA\r\nSubject: early ${i}\r\n\r\n.hi\r\n.\r\n`;
    client.write(`${wire}QUIT\r\n`);
    const replies = await client.replies(81);
    expect(replies.map((r) => r.slice(0, 3))).toEqual([...Array.from({ length: 20 }, () => ['250', '250', '354', '250']).flat(), '221']);
    expect(alice.inbox.messages.map((m) => bodyOf(m).toString())).toEqual(Array.from({ length: 20 }, (_, i) => `Subject: early ${i}\r\n\r\nhi\r\n`));
  });

  it('when DATA is refused, data sent behind it is read as commands, one reply each (what RFC 2920 warns of); nothing is stored', async () => {
    const { connect, alice, bob } = await setup();
    const client = await connect();
    await ehlo(client);
    // Every RCPT fails, so DATA gets 554 and the "message" is read line by line as commands:
    // its header and blank line are bad commands (counted towards MAX_BAD_COMMANDS), and a
    // line that happens to be a command ("NOOP") runs. Harmless here; a body with a whole
    // MAIL/RCPT/DATA in it would be a transaction of the client's own making.
    client.write('MAIL FROM:<carol@example.org>\r\nRCPT TO:<nobody@example.com>\r\nDATA\r\nSubject: x\r\n\r\nNOOP\r\n.\r\nHELP\r\n');
    expect((await client.replies(8)).map((r) => r.slice(0, 9))).toEqual([
      '250 2.1.0',
      '550 5.1.1',
      '554 5.5.1',
      '500 5.5.2', // "Subject: x"
      '500 5.5.2', // ""
      '250 2.0.0', // "NOOP"
      '500 5.5.2', // "."
      '214 2.0.0',
    ]);
    expect(alice.inbox.messages).toHaveLength(0);
    expect(bob.inbox.messages).toHaveLength(0);
  });

  it('a BDAT chunk is skipped, not read as commands, when its transaction failed earlier in the pipeline', async () => {
    const { connect, alice } = await setup();
    const client = await connect();
    await ehlo(client);
    const chunk = 'NOOP\r\nRSET\r\nHELP\r\n';
    client.write(`MAIL FROM:bad\r\nRCPT TO:<${ALICE}>\r\nBDAT ${chunk.length} LAST\r\n${chunk}VRFY x\r\n`);
    expect(await client.replies(4)).toEqual([
      '501 5.1.7 Error: Bad sender address syntax',
      '503 5.5.1 Error: need MAIL command',
      '503 5.5.1 Error: need MAIL command',
      '252 2.5.0 Cannot VRFY user, but will accept message and attempt delivery',
    ]);
    expect(alice.inbox.messages).toHaveLength(0);
  });

  it('a BDAT chunk sent before EHLO is skipped too: its octets are not commands', async () => {
    // session.ts bdat() says "The chunk is read either way: its octets are not commands", but
    // the HELO guard in handleLine answers 503 before bdat() runs, so the chunk is then read
    // as command lines.
    const { connect } = await setup();
    const client = await connect();
    const chunk = 'HELP\r\nHELP\r\n';
    client.write(`BDAT ${chunk.length} LAST\r\n${chunk}NOOP\r\n`);
    expect(await client.replies(2)).toEqual(['503 5.5.1 Error: send HELO/EHLO first', '250 2.0.0 OK']);
  });
});

describe('bounds', () => {
  it(`takes a command line of exactly MAX_COMMAND_LINE_OCTETS (${MAX_COMMAND_LINE_OCTETS}) and refuses one octet more with 500 5.5.6, then goes on`, async () => {
    const { connect } = await setup();
    const client = await connect();
    const longest = `NOOP ${'x'.repeat(MAX_COMMAND_LINE_OCTETS - 'NOOP \r\n'.length)}\r\n`;
    expect(longest.length).toBe(MAX_COMMAND_LINE_OCTETS);
    client.write(longest);
    expect(await client.reply()).toBe('250 2.0.0 OK');
    client.write(`NOOP x${longest.slice(5)}`);
    expect(await client.reply()).toBe(`500 5.5.6 Error: line too long (limit ${MAX_COMMAND_LINE_OCTETS} octets)`);
    client.write('NOOP\r\n');
    expect(await client.reply()).toBe('250 2.0.0 OK');
  });

  it('keeps none of an endless line: what it holds stays under the line bound until the line ends', async () => {
    const { connect, serverSide, smtp } = await setup();
    const client = await connect();
    const piece = Buffer.from('y'.repeat(16 * 1024));
    await writeApart(client, serverSide(client), Array.from({ length: 32 }, () => piece));
    expect(smtp.usage().bufferedInputBytes).toBeLessThan(MAX_COMMAND_LINE_OCTETS);
    client.write('\r\nNOOP\r\n');
    expect(await client.replies(2)).toEqual([`500 5.5.6 Error: line too long (limit ${MAX_COMMAND_LINE_OCTETS} octets)`, '250 2.0.0 OK']);
  });

  it('an over-long line during an AUTH exchange ends the exchange: the next line is a command again', async () => {
    const { connect } = await setup();
    const client = await connect();
    await ehlo(client);
    client.write('AUTH PLAIN\r\n');
    expect(await client.line()).toBe('334 ');
    client.write(`${'A'.repeat(MAX_COMMAND_LINE_OCTETS)}\r\nNOOP\r\n`);
    expect(await client.replies(2)).toEqual([`500 5.5.6 Error: line too long (limit ${MAX_COMMAND_LINE_OCTETS} octets)`, '250 2.0.0 OK']);
  });

  it(`closes with 421 at the ${MAX_BAD_COMMANDS}th bad command and reads nothing after it`, async () => {
    const { connect, smtp } = await setup();
    const client = await connect();
    client.write(`${'XYZZY\r\n'.repeat(MAX_BAD_COMMANDS)}NOOP\r\nNOOP\r\n`);
    const rest = await client.rest();
    expect(rest).toBe(`${'500 5.5.2 Error: command not recognized\r\n'.repeat(MAX_BAD_COMMANDS)}421 4.7.0 mailsim.test Error: too many bad commands\r\n`);
    expect(await settle(() => smtp.connections)).toBe(0);
  });

  it('refuses a DATA message over maxMessageSize with 552, stores nothing, keeps none of it, and takes the next message', async () => {
    const { connect, serverSide, smtp, alice } = await setup({ maxMessageSize: 1000 });
    const client = await connect();
    await ehlo(client);
    await mailTo(client);
    client.write('DATA\r\n');
    expect(await client.reply()).toMatch(/^354 /);
    // Three times the limit, not yet ended: past the limit nothing is kept.
    const line = Buffer.from(`${'z'.repeat(98)}\r\n`);
    await writeApart(client, serverSide(client), Array.from({ length: 30 }, () => line));
    expect(smtp.usage().bufferedInputBytes).toBeLessThan(100);
    client.write('.\r\n');
    expect(await client.reply()).toBe('552 5.3.4 Message exceeds the size limit of 1000 octets');
    expect(alice.inbox.messages).toHaveLength(0);
    // Exactly the limit (after unstuffing: the doubled dot counts once) is taken.
    const exact = `.${'a'.repeat(997)}\r\n`;
    expect(exact.length).toBe(1000);
    await mailTo(client);
    client.write(`DATA\r\n`);
    expect(await client.reply()).toMatch(/^354 /);
    client.write(`.${exact}.\r\n`);
    expect(await client.reply()).toBe(`250 2.0.0 Delivered to ${ALICE}`);
    expect(bodyOf(alice.inbox.messages[0]!).toString()).toBe(exact);
  });

  it('refuses a BDAT message over maxMessageSize with 552, in one chunk or over several, skips the rest of it, and takes the next', async () => {
    const { connect, alice } = await setup({ maxMessageSize: 1000 });
    const client = await connect();
    await ehlo(client);
    await mailTo(client);
    client.write(`BDAT 1001 LAST\r\n${'b'.repeat(1001)}`);
    expect(await client.reply()).toBe('552 5.3.4 Message exceeds the size limit of 1000 octets');
    // Over several chunks: the one that passes the limit fails the transaction; the chunk
    // already pipelined behind it is read and refused (RFC 3030 2), not run as commands.
    await mailTo(client);
    client.write(`BDAT 600\r\n${'c'.repeat(600)}BDAT 600\r\n${'d'.repeat(600)}BDAT 6 LAST\r\nNOOP\r\n`);
    expect(await client.replies(3)).toEqual(['250 2.0.0 600 octets received', '552 5.3.4 Message exceeds the size limit of 1000 octets', '503 5.5.1 Error: need MAIL command']);
    expect(alice.inbox.messages).toHaveLength(0);
    await mailTo(client);
    client.write(`BDAT 1000 LAST\r\n${'e'.repeat(1000)}`);
    expect(await client.reply()).toBe(`250 2.0.0 Delivered to ${ALICE}`);
    expect(bodyOf(alice.inbox.messages[0]!).toString()).toBe('e'.repeat(1000));
  });

  it('refuses MAIL FROM with SIZE over maxMessageSize with 552 and takes SIZE at the limit', async () => {
    const { connect } = await setup({ maxMessageSize: 1000 });
    const client = await connect();
    const lines = await ehlo(client);
    expect(lines.some((l) => /^250[- ]SIZE 1000$/.test(l))).toBe(true);
    client.write('MAIL FROM:<carol@example.org> SIZE=1001\r\n');
    expect(await client.reply()).toBe('552 5.3.4 Error: message exceeds fixed maximum message size 1000');
    client.write('MAIL FROM:<carol@example.org> SIZE=99999999999999999999\r\n');
    expect(await client.reply()).toMatch(/^552 5\.3\.4 /);
    client.write('MAIL FROM:<carol@example.org> SIZE=1000\r\n');
    expect(await client.reply()).toBe('250 2.1.0 Accepted');
  });

  it('gives the server-wide receiving budget back however a message ends', async () => {
    // Budget = size limit = 1000. After each way a's message can end, b sends a message of the
    // whole budget: an octet a failed to give back would turn b's 250 into 452.
    const { connect, smtp, alice } = await setup({ maxMessageSize: 1000, maxReceivingOctets: 1000 });
    const a = await connect();
    const b = await connect();
    await ehlo(a);
    await ehlo(b);
    const wholeBudgetFits = async (): Promise<void> => {
      const stored = alice.inbox.messages.length;
      await mailTo(b);
      b.write(`BDAT 1000 LAST\r\n${'z'.repeat(1000)}`);
      expect(await b.reply()).toBe(`250 2.0.0 Delivered to ${ALICE}`);
      expect(alice.inbox.messages).toHaveLength(stored + 1);
    };
    const holdSome = async (c: Client): Promise<void> => {
      await mailTo(c);
      c.write(`BDAT 600\r\n${'a'.repeat(600)}`);
      expect(await c.reply()).toBe('250 2.0.0 600 octets received');
    };
    // The budget is in force: a's unfinished 600 octets leave no room for b's 600.
    await holdSome(a);
    await mailTo(b);
    b.write(`BDAT 600 LAST\r\n${'b'.repeat(600)}`);
    expect(await b.reply()).toMatch(/^452 4\.3\.1 /);
    const ends: [string, (c: Client) => Promise<void>][] = [
      ['RSET', async (c) => (c.write('RSET\r\n'), expect(await c.reply()).toBe('250 2.0.0 Flushed'))],
      ['EHLO', async (c) => void (await ehlo(c))],
      ['BDAT 0 LAST', async (c) => (c.write('BDAT 0 LAST\r\n'), expect(await c.reply()).toMatch(/^250 2\.0\.0 Delivered/))],
      ['a LAST chunk over the size limit', async (c) => (c.write(`BDAT 500 LAST\r\n${'x'.repeat(500)}`), expect(await c.reply()).toMatch(/^552 /))],
    ];
    for (const [, end] of ends) {
      if (ends[0]![1] !== end) await holdSome(a);
      await end(a);
      await wholeBudgetFits();
    }
    // A DATA message over the size limit.
    await mailTo(a);
    a.write('DATA\r\n');
    expect(await a.reply()).toMatch(/^354 /);
    a.write(`${'y'.repeat(2000)}\r\n.\r\n`);
    expect(await a.reply()).toMatch(/^552 /);
    await wholeBudgetFits();
    // Connections that go away mid-message: reset, half-closed, QUIT between chunks.
    for (const leave of ['reset', 'end', 'QUIT'] as const) {
      const c = await connect();
      await ehlo(c);
      await holdSome(c);
      if (leave === 'reset') c.socket.resetAndDestroy();
      else if (leave === 'end') c.socket.end();
      else c.write('QUIT\r\n');
      expect(await settle(() => smtp.connections)).toBe(2);
      await wholeBudgetFits();
    }
  });

  it(`takes MAX_RECIPIENTS (${MAX_RECIPIENTS}) recipients, answers 452 to more, and still delivers`, async () => {
    const { connect } = await setup();
    const client = await connect();
    await ehlo(client);
    // Authenticated, so addresses elsewhere are accepted (a submission) and cost no accounts.
    await authenticate(client);
    client.write('MAIL FROM:<alice@example.com>\r\n');
    expect(await client.reply()).toBe('250 2.1.0 Accepted');
    let rcpts = '';
    for (let i = 0; i <= MAX_RECIPIENTS; i++) rcpts += `RCPT TO:<r${i}@elsewhere.example>\r\n`;
    client.write(rcpts);
    const replies = await client.replies(MAX_RECIPIENTS + 1);
    expect(replies.slice(0, MAX_RECIPIENTS).every((r) => r === '250 2.1.5 Accepted')).toBe(true);
    expect(replies[MAX_RECIPIENTS]).toBe(`452 4.5.3 Too many recipients (at most ${MAX_RECIPIENTS})`);
    client.write('BDAT 2 LAST\r\nhi');
    expect(await client.reply()).toBe('250 2.0.0 Accepted for relaying');
  });
});

describe('a client that pipelines without reading', () => {
  /** What Node reads from a socket at most at once (libuv's 64 KiB read buffer). */
  const READ_OCTETS = 64 * 1024;
  const NOOP = 'NOOP\r\n';
  const NOOP_REPLY = '250 2.0.0 OK';
  /** The replies to one read of NOOPs: the session answers a whole read before it checks. */
  const REPLIES_TO_ONE_READ = Math.ceil(READ_OCTETS / NOOP.length) * (NOOP_REPLY.length + 2);

  it('is no longer read once its replies pile up, holds a bounded amount, and gets every reply in order once it reads', async () => {
    const { smtp, port, accepted } = await setup();
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    opened.track(socket);
    // The client never reads (until the end): the kernel's buffers fill, then the server's queue.
    socket.pause();
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    await settle(() => accepted.length);
    const server = accepted[0]!;
    // Enough NOOPs that the server must stop reading, whatever the kernel buffers hold.
    const BATCH = 100_000;
    let sent = 0;
    while (!(server.isPaused() && socket.writableLength > 0)) {
      if (sent >= 5_000_000) throw new Error(`the server never stopped reading (read ${server.bytesRead} octets)`);
      socket.write(NOOP.repeat(BATCH));
      sent += BATCH;
      await settle(() => `${server.bytesRead} ${server.writableLength} ${server.isPaused()}`, 200);
    }
    // It stopped: nothing more is read while the client still has commands to send.
    const read = server.bytesRead;
    expect(await settle(() => server.bytesRead, 200)).toBe(read);
    expect(read).toBeLessThan(sent * NOOP.length);
    const usage = smtp.usage();
    expect(usage.queuedOutputBytes).toBeGreaterThan(0);
    expect(usage.queuedOutputBytes).toBeLessThanOrEqual(MAX_UNREAD_REPLY_BYTES + REPLIES_TO_ONE_READ);
    expect(usage.bufferedInputBytes).toBeLessThan(NOOP.length);
    // Node's own buffer of the paused socket: a read or two, no more.
    expect(server.readableLength).toBeLessThanOrEqual(2 * READ_OCTETS);

    socket.write('HELP\r\nQUIT\r\n');
    const result = await new Promise<{ lines: number; problem?: string }>((resolve) => {
      let lines = 0;
      let left = '';
      let problem: string | undefined;
      const expectLine = (line: string): void => {
        const want = lines === 0 ? /^220 / : lines <= sent ? /^250 2\.0\.0 OK$/ : lines === sent + 1 ? /^214 / : /^221 2\.0\.0 Bye$/;
        if (problem === undefined && !want.test(line)) problem = `line ${lines}: ${JSON.stringify(line)}, expected ${want}`;
        lines++;
      };
      socket.on('data', (chunk: Buffer) => {
        const parts = (left + chunk.toString('latin1')).split('\r\n');
        left = parts.pop()!;
        for (const line of parts) expectLine(line);
      });
      socket.once('end', () => resolve(problem === undefined ? { lines } : { lines, problem }));
      socket.resume();
    });
    expect(result).toEqual({ lines: sent + 3 });
  });
});

describe('STARTTLS (RFC 3207)', () => {
  it('drops commands sent behind STARTTLS in the same plaintext write: none runs, before or after the handshake', async () => {
    const { connect, alice } = await setup({ tls: 'offered' });
    const client = await connect();
    expect(await ehlo(client)).toContain('250-STARTTLS');
    // A man in the middle appends a transaction to the client's STARTTLS.
    client.write(`STARTTLS\r\nRSET\r\nMAIL FROM:<evil@example.org>\r\nRCPT TO:<${ALICE}>\r\nDATA\r\nSubject: injected\r\n\r\n.\r\n`);
    expect(await client.line()).toBe('220 2.0.0 Ready to start TLS');
    // Nothing else in plaintext after the 220.
    expect(client.unread).toBe(0);
    await client.startTls(certificate().cert);
    // The first thing read over TLS is the NOOP's reply: not RSET's "Flushed", not a MAIL's 250.
    client.write('NOOP\r\n');
    expect(await client.reply()).toBe('250 2.0.0 OK');
    // Everything said before is forgotten: EHLO again first.
    client.write('MAIL FROM:<carol@example.org>\r\n');
    expect(await client.reply()).toBe('503 5.5.1 Error: send HELO/EHLO first');
    client.write('AUTH PLAIN\r\n');
    expect(await client.reply()).toBe('503 5.5.1 Error: send HELO/EHLO first');
    const lines = await ehlo(client);
    expect(lines.some((l) => l.includes('STARTTLS'))).toBe(false);
    expect(lines).toContain('250-AUTH PLAIN LOGIN');
    await authenticate(client);
    await mailTo(client);
    client.write('BDAT 2 LAST\r\nok');
    expect(await client.reply()).toBe(`250 2.0.0 Delivered to ${ALICE}`);
    expect(alice.inbox.messages).toHaveLength(1);
    expect(alice.inbox.messages[0]!.raw.toString()).toContain(' with ESMTPSA id ');
    client.write('STARTTLS\r\n');
    expect(await client.reply()).toBe('503 5.5.1 Error: TLS already active');
  });

  it('plaintext sent after the 220 instead of a handshake runs nothing: the connection is dropped', async () => {
    const { connect, smtp } = await setup({ tls: 'offered' });
    const client = await connect();
    await ehlo(client);
    client.write('STARTTLS\r\n');
    expect(await client.reply()).toBe('220 2.0.0 Ready to start TLS');
    client.write('RSET\r\nNOOP\r\n');
    // Whatever comes back (a TLS alert perhaps) is no SMTP reply.
    expect(await client.rest()).not.toMatch(/^\d{3}[ -]/m);
    client.socket.destroy();
    expect(await settle(() => smtp.connections)).toBe(0);
  });

  it('with TLS required, AUTH is offered only after STARTTLS: asked before, it gets 538; after, it succeeds', async () => {
    const { connect, wire } = await setup({ tls: 'required' });
    const client = await connect();
    expect((await ehlo(client)).some((line) => line.includes('AUTH'))).toBe(false);
    client.write(`AUTH PLAIN ${PLAIN}\r\n`);
    expect(await client.reply()).toBe('538 5.7.11 Error: encryption required; issue STARTTLS first');
    client.write('AUTH LOGIN\r\n');
    expect(await client.reply()).toMatch(/^538 /);
    client.write('STARTTLS\r\n');
    expect(await client.reply()).toBe('220 2.0.0 Ready to start TLS');
    await client.startTls(certificate().cert);
    expect(await ehlo(client)).toContain('250-AUTH PLAIN LOGIN');
    await authenticate(client);
    expectNoSecrets(wire, [PASSWORD, PLAIN]);
  });

  it('at a server shutdown in the middle of the handshake, drops the connection without a plaintext 421 into it', async () => {
    const { connect, smtp, serverSide } = await setup({ tls: 'offered' });
    const client = await connect();
    await ehlo(client);
    client.write('STARTTLS\r\n');
    expect(await client.reply()).toBe('220 2.0.0 Ready to start TLS');
    // The client never starts its handshake; the server shuts down meanwhile.
    const closed = new Promise<void>((resolve) => client.socket.once('close', () => resolve()));
    smtp.farewell(serverSide(client));
    await closed;
    await expect(client.line()).rejects.toThrow('unread: ""');
    await settle(() => smtp.connections);
    expect(smtp.connections).toBe(0);
  });

  it('answers STARTTLS with arguments 501, and 502 where no TLS is configured', async () => {
    const offered = await setup({ tls: 'offered' });
    const client = await offered.connect();
    await ehlo(client);
    client.write('STARTTLS now\r\n');
    expect(await client.reply()).toBe('501 5.5.4 Error: Syntax: STARTTLS');
    client.write('NOOP\r\n');
    expect(await client.reply()).toBe('250 2.0.0 OK');
    await opened.close();
    const plain = await setup();
    const other = await plain.connect();
    expect((await ehlo(other)).some((l) => l.includes('STARTTLS'))).toBe(false);
    other.write('STARTTLS\r\n');
    expect(await other.reply()).toBe('502 5.5.1 Error: STARTTLS is not offered on this port');
  });
});

/** Neither a secret nor its base64 appears anywhere in the transcript, in either direction. */
function expectNoSecrets(wire: readonly WireEvent[], secrets: readonly string[]): void {
  const transcript = wire.map((e) => `${e.direction}: ${e.text}`).join('\n');
  for (const secret of secrets) {
    expect(transcript, `transcript shows ${secret}`).not.toContain(secret);
    expect(transcript, `transcript shows base64 of ${secret}`).not.toContain(b64(secret));
  }
}

describe('AUTH (RFC 4954), and what the transcript shows of it', () => {
  const USER64 = b64(ALICE);
  const PASS64 = b64(PASSWORD);
  const SECRETS = [PASSWORD, PLAIN, USER64, PASS64];
  const clientLines = (wire: readonly WireEvent[]): string[] => wire.filter((e) => e.direction === 'C').map((e) => e.text);

  it('PLAIN with an initial response, and with the response after an empty 334', async () => {
    for (const initial of [true, false]) {
      const { connect, wire } = await setup();
      const client = await connect();
      await ehlo(client);
      if (initial) client.write(`AUTH PLAIN ${PLAIN}\r\n`);
      else {
        client.write('AUTH PLAIN\r\n');
        // An empty challenge: "334 " and nothing after it.
        expect(await client.line()).toBe('334 ');
        client.write(`${PLAIN}\r\n`);
      }
      expect(await client.reply()).toBe('235 2.7.0 Authentication successful');
      expect(clientLines(wire)).toContain(initial ? `AUTH PLAIN ${MASK}` : MASK);
      expectNoSecrets(wire, SECRETS);
    }
  });

  it('LOGIN step by step, and with the user name as initial response', async () => {
    for (const initial of [false, true]) {
      const { connect, wire } = await setup();
      const client = await connect();
      await ehlo(client);
      if (initial) client.write(`AUTH LOGIN ${USER64}\r\n`);
      else {
        client.write('AUTH LOGIN\r\n');
        expect(await client.line()).toBe('334 VXNlcm5hbWU6');
        client.write(`${USER64}\r\n`);
      }
      expect(await client.line()).toBe('334 UGFzc3dvcmQ6');
      client.write(`${PASS64}\r\n`);
      expect(await client.reply()).toBe('235 2.7.0 Authentication successful');
      expectNoSecrets(wire, SECRETS);
    }
  });

  it('"*" cancels at every step with 501, and the session can authenticate afterwards', async () => {
    const { connect, wire } = await setup();
    const client = await connect();
    await ehlo(client);
    for (const [command, answers] of [
      ['AUTH PLAIN', []],
      ['AUTH LOGIN', []],
      ['AUTH LOGIN', [USER64]],
    ] as const) {
      client.write(`${command}\r\n`);
      expect(await client.line()).toMatch(/^334 /);
      for (const answer of answers) {
        client.write(`${answer}\r\n`);
        expect(await client.line()).toMatch(/^334 /);
      }
      client.write('*\r\n');
      expect(await client.reply()).toBe('501 5.0.0 Authentication cancelled');
    }
    await authenticate(client);
    expectNoSecrets(wire, SECRETS);
  });

  it('answers a response that is not base64 with 501, as initial response or after 334', async () => {
    const { connect, wire } = await setup();
    const client = await connect();
    await ehlo(client);
    const notBase64 = `${PASSWORD}!`;
    client.write(`AUTH PLAIN ${notBase64}\r\n`);
    expect(await client.reply()).toBe('501 5.5.2 Error: cannot decode the response (not base64)');
    client.write('AUTH LOGIN\r\n');
    expect(await client.line()).toMatch(/^334 /);
    client.write(`${notBase64}\r\n`);
    expect(await client.reply()).toBe('501 5.5.2 Error: cannot decode the response (not base64)');
    client.write('NOOP\r\n');
    expect(await client.reply()).toBe('250 2.0.0 OK');
    expectNoSecrets(wire, [...SECRETS, notBase64]);
  });

  it('refuses a wrong password, and an authzid other than the authcid, with 535', async () => {
    const { connect, wire } = await setup();
    const client = await connect();
    await ehlo(client);
    const wrong = b64(`\0${ALICE}\0not-${PASSWORD}`);
    client.write(`AUTH PLAIN ${wrong}\r\n`);
    expect(await client.reply()).toBe('535 5.7.8 Authentication credentials invalid');
    // The right password for alice, asking to act as bob: acting as another user is not offered.
    const asBob = b64(`${BOB}\0${ALICE}\0${PASSWORD}`);
    client.write(`AUTH PLAIN ${asBob}\r\n`);
    expect(await client.reply()).toBe('535 5.7.8 Authentication credentials invalid');
    expectNoSecrets(wire, [...SECRETS, wrong, asBob, `not-${PASSWORD}`]);
  });

  it(`closes with 421 after MAX_FAILED_LOGINS (${MAX_FAILED_LOGINS}) failed logins`, async () => {
    const { connect } = await setup();
    const client = await connect();
    await ehlo(client);
    const wrong = b64(`\0${ALICE}\0wrong`);
    client.write(`AUTH PLAIN ${wrong}\r\n`.repeat(MAX_FAILED_LOGINS + 1));
    expect(await client.rest()).toBe(`${'535 5.7.8 Authentication credentials invalid\r\n'.repeat(MAX_FAILED_LOGINS)}421 4.7.0 mailsim.test Error: too many failed logins\r\n`);
  });

  it('an authzid equal to the authcid is accepted', async () => {
    const { connect } = await setup();
    const client = await connect();
    await ehlo(client);
    client.write(`AUTH PLAIN ${b64(`${ALICE}\0${ALICE}\0${PASSWORD}`)}\r\n`);
    expect(await client.reply()).toBe('235 2.7.0 Authentication successful');
  });

  it('refuses AUTH twice, AUTH inside a transaction and AUTH before EHLO with 503, and an unknown mechanism with 504', async () => {
    const { connect, wire } = await setup();
    const client = await connect();
    client.write(`AUTH PLAIN ${PLAIN}\r\n`);
    expect(await client.reply()).toBe('503 5.5.1 Error: send HELO/EHLO first');
    await ehlo(client);
    client.write('AUTH CRAM-MD5\r\n');
    expect(await client.reply()).toBe('504 5.5.4 Error: unrecognized authentication type');
    client.write('MAIL FROM:<carol@example.org>\r\n');
    expect(await client.reply()).toBe('250 2.1.0 Accepted');
    client.write(`AUTH PLAIN ${PLAIN}\r\n`);
    expect(await client.reply()).toBe('503 5.5.1 Error: AUTH is not allowed during a mail transaction');
    client.write('RSET\r\n');
    expect(await client.reply()).toBe('250 2.0.0 Flushed');
    await authenticate(client);
    client.write(`AUTH PLAIN ${PLAIN}\r\n`);
    expect(await client.reply()).toBe('503 5.5.1 Error: already authenticated');
    // Once authenticated, EHLO no longer offers AUTH.
    expect((await ehlo(client)).some((l) => l.includes('AUTH'))).toBe(false);
    expectNoSecrets(wire, SECRETS);
  });
});

describe('MAIL FROM and RCPT TO syntax', () => {
  /** Each on a fresh connection (MAX_BAD_COMMANDS would otherwise close it), then a NOOP. */
  async function refused(lines: readonly (string | Buffer)[], pattern: RegExp): Promise<void> {
    const { connect, alice } = await setup();
    for (const line of lines) {
      const client = await connect();
      await ehlo(client);
      if (typeof line === 'string' && line.startsWith('RCPT')) {
        client.write('MAIL FROM:<carol@example.org>\r\n');
        expect(await client.reply()).toBe('250 2.1.0 Accepted');
      }
      client.write(line);
      client.write('\r\nNOOP\r\n');
      const label = Buffer.from(line).toString('latin1');
      expect(await client.reply(), label).toMatch(pattern);
      expect(await client.reply(), label).toBe('250 2.0.0 OK');
      client.socket.destroy();
    }
    expect(alice.inbox.messages).toHaveLength(0);
  }

  it('answers malformed MAIL FROM with a 5xx and goes on', async () => {
    await refused(
      [
        'MAIL FROM:carol@example.org', // no brackets
        'MAIL FROM:<carol@example.org', // no closing bracket
        'MAIL FROM:<"carol@example.org>', // unbalanced quote
        'MAIL FROM:<carol@example.org>trailing', // garbage right after the path
        'MAIL FROM:<carol@example.org> SIZE=ten', // bad parameter value
        'MAIL FROM:<carol@example.org> SIZE', // SIZE without its value
        'MAIL FROM:<carol@example.org> BODY=9BIT',
        'MAIL FROM:<carol@example.org> SMTPUTF8=yes',
        'MAIL FROM:<carol@example.org> =x',
        'MAIL FROM:<carol@example.org> FOO=bar', // unknown parameter: 555
        'MAIL FROM:<carol@example.org> BODY=BINARYMIME', // not offered: 555
        'MAIL FROM:<car ol@example.org>',
        'MAIL FROM:<@relay.example>', // a source route to nothing
        'MAIL TO:<carol@example.org>',
        'MAIL FROM',
      ],
      /^5(01|55) 5\.\d\.\d /,
    );
  });

  it('answers malformed RCPT TO with a 5xx and goes on', async () => {
    await refused(
      [
        'RCPT TO:<>', // the null path is a sender, never a recipient
        'RCPT TO:<@relay.example:>',
        `RCPT TO:${ALICE}`,
        `RCPT TO:<${ALICE}`,
        `RCPT TO:<"${ALICE}>`,
        `RCPT TO:<${ALICE}>junk`,
        `RCPT TO:<${ALICE}> NOTIFY=NEVER`, // DSN is not offered: 555
        `RCPT FROM:<${ALICE}>`,
        `RCPT TO:<alice@@example.com>`,
      ],
      /^5(01|55) 5\.\d\.\d /,
    );
  });

  it('refuses an address that is not UTF-8 rather than storing it altered', async () => {
    // 0xff is no UTF-8; decoded with U+FFFD in its place, the address becomes another one.
    await refused([Buffer.concat([Buffer.from('MAIL FROM:<car'), Buffer.from([0xff]), Buffer.from('ol@example.org> SMTPUTF8')])], /^5\d\d /);
  });

  it('parses a quoted local part holding ">", drops a source route, and takes UTF-8 addresses (SMTPUTF8)', async () => {
    const { connect, store, alice } = await setup();
    const jorg = store.addAccount('jörg@example.com', 'x');
    const client = await connect();
    await ehlo(client);
    client.write(`MAIL FROM:<"odd > name"@example.org>\r\nRCPT TO:<@relay.example,@other.example:${ALICE}>\r\nBDAT 2 LAST\r\nhi`);
    expect(await client.replies(3)).toEqual(['250 2.1.0 Accepted', '250 2.1.5 Accepted', `250 2.0.0 Delivered to ${ALICE}`]);
    const first = alice.inbox.messages[0]!.raw.toString();
    expect(first.startsWith('Return-Path: <"odd > name"@example.org>\r\n')).toBe(true);
    expect(first).toContain(`\tfor <${ALICE}>; `);
    client.write('MAIL FROM:<jürgen@bücher.example> SMTPUTF8\r\nRCPT TO:<jörg@example.com>\r\nBDAT 2 LAST\r\nhi');
    expect(await client.replies(3)).toEqual(['250 2.1.0 Accepted', '250 2.1.5 Accepted', '250 2.0.0 Delivered to jörg@example.com']);
    const second = jorg.inbox.messages[0]!.raw.toString('utf8');
    expect(second.startsWith('Return-Path: <jürgen@bücher.example>\r\n')).toBe(true);
    expect(second).toContain('\tfor <jörg@example.com>; ');
  });

  it('answers EHLO and HELO without a name with 501, and MAIL before either with 503', async () => {
    const { connect } = await setup();
    const client = await connect();
    client.write('MAIL FROM:<carol@example.org>\r\nEHLO\r\nHELO  \r\nEHLO two words\r\nHELO client.test\r\n');
    expect(await client.replies(5)).toEqual([
      '503 5.5.1 Error: send HELO/EHLO first',
      '501 5.5.4 Error: Syntax: EHLO hostname',
      '501 5.5.4 Error: Syntax: HELO hostname',
      '501 5.5.4 Error: Syntax: EHLO hostname',
      '250 mailsim.test Nice to meet you, [127.0.0.1]',
    ]);
  });
});

describe('dropped connections', () => {
  /** After the drop: nothing stored, no connection left, and a new one delivers. */
  async function afterDrop(fixture: Awaited<ReturnType<typeof setup>>): Promise<void> {
    expect(await settle(() => fixture.smtp.connections)).toBe(0);
    expect(fixture.alice.inbox.messages).toHaveLength(0);
    const client = await fixture.connect();
    await ehlo(client);
    await mailTo(client);
    client.write('BDAT 2 LAST\r\nok');
    expect(await client.reply()).toBe(`250 2.0.0 Delivered to ${ALICE}`);
    expect(fixture.alice.inbox.messages).toHaveLength(1);
  }

  for (const how of ['destroy', 'reset', 'half-close'] as const) {
    const drop = (socket: net.Socket): void => {
      if (how === 'destroy') socket.destroy();
      else if (how === 'reset') socket.resetAndDestroy();
      else socket.end();
    };

    it(`${how} mid-DATA: nothing is stored, even with an end-of-data-looking tail`, async () => {
      const fixture = await setup();
      const client = await fixture.connect();
      await ehlo(client);
      await mailTo(client);
      client.write('DATA\r\n');
      expect(await client.reply()).toMatch(/^354 /);
      // All but the final ".\r\n": the server has the message's every octet but its end.
      await writeApart(client, fixture.serverSide(client), [Buffer.from('Subject: cut\r\n\r\nalmost\r\n')]);
      drop(client.socket);
      await afterDrop(fixture);
    });

    it(`${how} mid-BDAT: nothing is stored, neither a partial LAST chunk nor whole earlier chunks`, async () => {
      const fixture = await setup();
      const client = await fixture.connect();
      await ehlo(client);
      await mailTo(client);
      client.write('BDAT 4\r\nwhol');
      expect(await client.reply()).toBe('250 2.0.0 4 octets received');
      await writeApart(client, fixture.serverSide(client), [Buffer.from('BDAT 100 LAST\r\npartial')]);
      drop(client.socket);
      await afterDrop(fixture);
    });
  }
});

describe('QUIT', () => {
  it('answers 221, closes, and ignores whatever was sent behind it', async () => {
    const { connect, alice } = await setup();
    const client = await connect();
    await ehlo(client);
    client.write(`QUIT\r\nNOOP\r\nMAIL FROM:<carol@example.org>\r\nRCPT TO:<${ALICE}>\r\nDATA\r\n`);
    expect(await client.rest()).toBe('221 2.0.0 Bye\r\n');
    expect(client.hasEnded).toBe(true);
    expect(alice.inbox.messages).toHaveLength(0);
  });

  it('QUIT before EHLO is answered too', async () => {
    const { connect } = await setup();
    const client = await connect();
    client.write('QUIT\r\n');
    expect(await client.rest()).toBe('221 2.0.0 Bye\r\n');
  });

  it('lets the connection go after QUIT even when the client never closes its side', async () => {
    // A client that keeps its half open (allowHalfOpen) after reading 221. The server's end()
    // only half-closes, so the connection (and its slot under the connection caps) lives on
    // until the peer's FIN. The idle timer is what should end it: emitting 'timeout' stands for
    // IDLE_TIMEOUT_MS passing (Node emits exactly that event on the socket then).
    const { connect, serverSide, smtp } = await setup();
    const client = await connect({ allowHalfOpen: true });
    const server = serverSide(client);
    client.write('QUIT\r\n');
    expect(await client.rest()).toBe('221 2.0.0 Bye\r\n');
    server.emit('timeout');
    expect(await settle(() => smtp.connections)).toBe(0);
  });

  it('lets a silent client go at the idle timeout, even when it never closes its side', async () => {
    const { connect, serverSide, smtp } = await setup();
    const client = await connect({ allowHalfOpen: true });
    const server = serverSide(client);
    server.emit('timeout');
    expect(await client.rest()).toBe('421 4.4.2 mailsim.test Error: timeout exceeded\r\n');
    // At most one more idle period after the 421.
    server.emit('timeout');
    expect(await settle(() => smtp.connections)).toBe(0);
  });
});
