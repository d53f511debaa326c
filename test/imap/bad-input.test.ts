import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_LINE_LENGTH, MAX_LITERAL_SIZE } from '../../src/imap/syntax/index.js';
import { imapWorld, type ImapWorld, type RawImap } from './helpers.js';

/**
 * RFC 3501 and DESIGN.md: no input may crash the server or change a stored message. Each test
 * sends one kind of bad input, checks the answer, then checks the server still serves another
 * client and every stored message is byte-for-byte and flag-for-flag what it was.
 */
let world: ImapWorld;
let before: string;

beforeEach(async () => {
  world = await imapWorld();
  world.deliver('one', { flags: ['\\Seen'] });
  world.deliver('two');
  world.alice.createMailbox('Work');
  world.deliver('three', { mailbox: 'Work' });
  before = world.snapshot();
});

afterEach(async () => {
  // The server still answers a well-behaved client, and nothing stored changed.
  const check = await world.raw();
  expect(await check.command('ok', 'NOOP')).toBe('ok OK NOOP completed\r\n');
  expect(world.snapshot()).toBe(before);
  await world.close();
});

async function selected(): Promise<RawImap> {
  const raw = await world.raw();
  await raw.loginAndSelect();
  return raw;
}

describe('bad input never crashes the server or changes a message', () => {
  it('garbage bytes get BAD and the session goes on', async () => {
    const raw = await selected();
    raw.write(Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x0d, 0x0a]));
    expect(await raw.readUntil(/\r\n/)).toMatch(/^\* BAD /);
    raw.take();
    expect(await raw.command('a', 'NOOP')).toBe('a OK NOOP completed\r\n');
  });

  it('unknown commands and missing arguments get BAD', async () => {
    const raw = await selected();
    expect(await raw.command('a', 'XYZZY 1 2 3')).toBe('a BAD Unknown command XYZZY\r\n');
    expect(await raw.command('b', 'SELECT')).toMatch(/^b BAD /);
    expect(await raw.command('c', 'LOGIN')).toMatch(/^c BAD /);
    expect(await raw.command('d', 'UID FROB 1')).toMatch(/^d BAD /);
  });

  it('commands in the wrong state get BAD', async () => {
    const raw = await world.raw();
    for (const command of ['EXPUNGE', 'CLOSE', 'UNSELECT', 'CHECK', 'IDLE', 'ENABLE CONDSTORE', 'NAMESPACE']) {
      expect(await raw.command('w', command)).toMatch(/^w BAD \[CLIENTBUG\] .* is not valid in the not-authenticated state\r\n$/);
    }
  });

  it('NUL bytes in a command line get BAD', async () => {
    const raw = await selected();
    raw.write('a NOOP\0\r\n');
    expect(await raw.readUntil(/^a /m)).toMatch(/^a BAD /m);
    raw.write('b SELECT "IN\0BOX"\r\n');
    expect(await raw.readUntil(/^b /m)).toMatch(/^b BAD /m);
  });

  it('a line past the limit gets BAD, is discarded, and the next command works', async () => {
    const raw = await selected();
    raw.write(`a NOOP ${'x'.repeat(MAX_LINE_LENGTH + 10)}\r\n`);
    expect(await raw.readUntil(/^a /m)).toMatch(/^a BAD Line too long\r\n/m);
    expect(await raw.command('b', 'NOOP')).toBe('b OK NOOP completed\r\n');
  });

  it('a synchronizing literal announcing gigabytes gets NO [TOOBIG] without a continuation', async () => {
    const raw = await selected();
    raw.write(`a APPEND INBOX {${MAX_LITERAL_SIZE * 100}}\r\n`);
    const reply = await raw.readUntil(/^a /m);
    expect(reply).toMatch(/^a NO \[TOOBIG\] /m);
    expect(reply).not.toContain('+ Ready');
    expect(await raw.command('b', 'NOOP')).toBe('b OK NOOP completed\r\n');
  });

  it('a non-synchronizing literal announcing gigabytes gets BYE and a closed connection', async () => {
    const raw = await selected();
    raw.write(`a APPEND INBOX {${MAX_LITERAL_SIZE * 100}+}\r\nsome bytes`);
    await raw.closedByServer();
    expect(raw.text).toMatch(/^a BAD .*\r\n\* BYE Literal too large; closing\r\n$/);
  });

  it('an empty line and a tag alone get BAD', async () => {
    const raw = await selected();
    raw.write('\r\n');
    expect(await raw.readUntil(/\r\n/)).toMatch(/^\* BAD /);
    raw.take();
    expect(await raw.command('lonely', '')).toMatch(/BAD/);
  });

  it('wrong passwords: NO each time, BYE after the limit, and the account still works', async () => {
    const raw = await world.raw();
    expect(await raw.command('a', 'LOGIN alice@example.com nope')).toMatch(/^a NO \[AUTHENTICATIONFAILED\]/);
    expect(await raw.command('b', 'LOGIN alice@example.com "also nope"')).toMatch(/^b NO/);
    raw.write('c LOGIN alice@example.com still-nope\r\n');
    await raw.closedByServer();
    const good = await world.raw();
    expect(await good.command('d', 'LOGIN alice@example.com secret')).toMatch(/^d OK/);
  });

  it('hundreds of connects and disconnects, some mid-command, leave the server serving', async () => {
    const sockets: Promise<void>[] = [];
    for (let i = 0; i < 300; i++) {
      sockets.push(
        new Promise<void>((resolve) => {
          const socket = net.connect(world.port, '127.0.0.1');
          socket.on('error', () => resolve());
          socket.on('close', () => resolve());
          socket.once('data', () => {
            if (i % 3 === 0) socket.write('a LOGIN alice@example.com sec');
            else if (i % 3 === 1) socket.write('a LOGIN alice@example.com secret\r\nb SELECT INBOX\r\nc IDLE\r\n');
            socket.destroy();
          });
        }),
      );
    }
    await Promise.all(sockets);
    const raw = await selected();
    expect(await raw.command('z', 'NOOP')).toBe('z OK NOOP completed\r\n');
  });

  it('a client that drops the connection in the middle of a literal changes nothing', async () => {
    const raw = await selected();
    raw.write('a APPEND INBOX {100}\r\n');
    await raw.readUntil(/^\+ /m);
    raw.write('only part of the message');
    raw.destroy();
  });

  it('pipelined commands are answered in order', async () => {
    const raw = await selected();
    raw.take();
    raw.write('p1 NOOP\r\np2 CAPABILITY\r\np3 FROB\r\np4 NOOP\r\n');
    const reply = await raw.readUntil(/^p4 /m);
    const tags = reply.split('\r\n').filter((l) => /^p\d/.test(l)).map((l) => l.split(' ').slice(0, 2).join(' '));
    expect(tags).toEqual(['p1 OK', 'p2 OK', 'p3 BAD', 'p4 OK']);
  });
});
