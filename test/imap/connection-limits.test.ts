/**
 * What one IMAP connection may hold and for how long (issue 11, defects 3, 6 and 12): the socket
 * is paused with the framer, literals are capped before login and server-wide, a half-sent literal
 * and a connection that never logs in time out, failed logins are answered late. Timers are the
 * test's own (ManualTimers): nothing here waits on the clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  LOGIN_TIMEOUT_MS,
  MAX_BUFFERED_INPUT_BYTES,
  MAX_LITERAL_BEFORE_LOGIN,
  MAX_LITERAL_BYTES_IN_FLIGHT,
  STALLED_COMMAND_TIMEOUT_MS,
} from '../../src/imap/limits.js';
import { MAX_LITERAL_SIZE } from '../../src/imap/syntax/limits.js';
import { ManualTimers } from '../helpers/manual-timers.js';
import { settle } from '../helpers/settle.js';
import { imapWorld, RawImap, type ImapWorld } from './helpers.js';

let world: ImapWorld;
afterEach(async () => world?.close());

const imapUsage = () => world.server.usage().imap!;

describe('literals before login (defect 6)', () => {
  it(`a literal over ${MAX_LITERAL_BEFORE_LOGIN} octets gets BYE at once, without inviting its octets`, async () => {
    world = await imapWorld();
    for (const line of ['a LOGIN {52428800}\r\n', `b LOGIN {${MAX_LITERAL_BEFORE_LOGIN + 1}+}\r\n`]) {
      const raw = await world.raw();
      raw.write(line);
      await raw.closedByServer();
      expect(raw.text).toBe(`* BYE Literals over ${MAX_LITERAL_BEFORE_LOGIN} octets need a login first\r\n`);
    }
    expect(imapUsage().literalBytes).toBe(0);
  });

  it('small literals still log in', async () => {
    world = await imapWorld();
    const raw = await world.raw();
    raw.write('a LOGIN {17}\r\n');
    await raw.readUntil(/^\+ Ready for literal data\r\n/m);
    raw.take();
    raw.write('alice@example.com {6+}\r\nsecret\r\n');
    expect(await raw.readUntil(/^a OK/m)).toMatch(/^a OK \[CAPABILITY [^\]]+\] Logged in as alice@example.com\r\n$/);
  });
});

describe('literals after login (defect 6)', () => {
  it(`the server receives at most ${MAX_LITERAL_BYTES_IN_FLIGHT} literal octets at once; past that, NO [UNAVAILABLE]`, async () => {
    world = await imapWorld();
    const uploads = MAX_LITERAL_BYTES_IN_FLIGHT / MAX_LITERAL_SIZE;
    const raws: RawImap[] = [];
    for (let i = 0; i <= uploads; i++) {
      const raw = await world.raw();
      await raw.command('l', 'LOGIN alice@example.com secret');
      raw.write(`a APPEND INBOX {${MAX_LITERAL_SIZE}}\r\n`);
      raws.push(raw);
    }
    for (const raw of raws.slice(0, uploads)) expect(await raw.readUntil(/\r\n/)).toBe('+ Ready for literal data\r\n');
    expect(await raws[uploads]!.readUntil(/\r\n/)).toBe('a NO [UNAVAILABLE] The server is receiving too much mail at once; try again shortly\r\n');
    expect(imapUsage().literalBytes).toBe(MAX_LITERAL_BYTES_IN_FLIGHT);
    // One upload gives up: its share is free again.
    raws[0]!.destroy();
    await settle(() => imapUsage().literalBytes);
    expect(imapUsage().literalBytes).toBe(MAX_LITERAL_BYTES_IN_FLIGHT - MAX_LITERAL_SIZE);
    raws[uploads]!.take();
    raws[uploads]!.write(`b APPEND INBOX {${MAX_LITERAL_SIZE}}\r\n`);
    expect(await raws[uploads]!.readUntil(/\r\n/)).toBe('+ Ready for literal data\r\n');
  });

  it('a literal that stops arriving times out with BYE; one that keeps coming does not', async () => {
    const timers = new ManualTimers();
    world = await imapWorld({ timers });
    const raw = await world.raw();
    await raw.command('l', 'LOGIN alice@example.com secret');
    raw.write('a APPEND INBOX {100}\r\n');
    await raw.readUntil(/^\+ Ready/m);
    raw.take();
    raw.write('Subject: half\r\n');
    await settle(() => imapUsage().bufferedInputBytes);
    timers.advance(STALLED_COMMAND_TIMEOUT_MS - 1);
    expect(raw.closed).toBe(false);
    timers.advance(1);
    await raw.closedByServer();
    expect(raw.text).toBe('* BYE Timed out waiting for the rest of the command\r\n');
    expect(imapUsage().literalBytes).toBe(0);

    const steady = await world.raw();
    await steady.command('l', 'LOGIN alice@example.com secret');
    steady.write('b APPEND INBOX {26}\r\n');
    await steady.readUntil(/^\+ Ready/m);
    steady.write('Subject: slow\r\n');
    await settle(() => imapUsage().bufferedInputBytes);
    timers.advance(STALLED_COMMAND_TIMEOUT_MS - 1);
    // The rest of the literal (11 octets) and the command's line end.
    steady.write('\r\nat last\r\n' + '\r\n');
    await settle(() => imapUsage().bufferedInputBytes);
    timers.advance(STALLED_COMMAND_TIMEOUT_MS - 1);
    expect(await steady.readUntil(/^b OK/m)).toContain('b OK [APPENDUID');
    timers.advance(STALLED_COMMAND_TIMEOUT_MS);
    expect(await steady.command('n', 'NOOP')).toContain('n OK NOOP completed');
  });
});

describe('logging in', () => {
  it(`a connection that has not logged in after ${LOGIN_TIMEOUT_MS / 60_000} minutes gets BYE; a logged-in one stays`, async () => {
    const timers = new ManualTimers();
    world = await imapWorld({ timers });
    const idle = await world.raw();
    const user = await world.raw();
    await user.command('l', 'LOGIN alice@example.com secret');
    timers.advance(LOGIN_TIMEOUT_MS);
    await idle.closedByServer();
    expect(idle.text).toBe('* BYE No login within 3 minutes; closing\r\n');
    expect(await user.command('n', 'NOOP')).toBe('n OK NOOP completed\r\n');
  });

  it('with throttling on, each failed login from an address is answered later than the last (defect 12)', async () => {
    const timers = new ManualTimers();
    world = await imapWorld({ timers, loginThrottle: { initialDelayMs: 2_000, maxDelayMs: 15_000, forgetAfterMs: 29_000 } });
    const raw = await world.raw();
    const delays: number[] = [];
    for (const tag of ['a', 'b']) {
      raw.take();
      const before = timers.scheduled.length;
      raw.write(`${tag} LOGIN alice@example.com wrong\r\n`);
      await settle(() => timers.scheduled.length);
      delays.push(timers.scheduled.at(-1)!);
      expect(timers.scheduled.length).toBe(before + 1);
      // Nothing is said until the delay has passed, and later commands wait behind it.
      raw.write(`${tag}n NOOP\r\n`);
      await settle(() => world.wire.length);
      expect(raw.text).toBe('');
      timers.advance(delays.at(-1)!);
      expect(await raw.readUntil(new RegExp(`^${tag}n OK`, 'm'))).toBe(
        `${tag} NO [AUTHENTICATIONFAILED] Invalid user name or password\r\n${tag}n OK NOOP completed\r\n`,
      );
    }
    expect(delays).toEqual([2_000, 4_000]);
    // A new connection from the same address keeps the penalty; the third failure also says BYE.
    const again = await world.raw();
    again.write('c LOGIN alice@example.com wrong\r\n');
    await settle(() => timers.scheduled.length);
    expect(timers.scheduled.at(-1)).toBe(8_000);
    timers.advance(8_000);
    expect(await again.readUntil(/^c NO/m)).toContain('c NO [AUTHENTICATIONFAILED]');
    raw.take();
    raw.write('d LOGIN alice@example.com wrong\r\n');
    await settle(() => timers.scheduled.length);
    timers.advance(15_000);
    await raw.closedByServer();
    expect(raw.text).toBe('* BYE Too many failed logins\r\nd NO [AUTHENTICATIONFAILED] Invalid user name or password\r\n');
  });

  it('without throttling a failed login is answered at once', async () => {
    const timers = new ManualTimers();
    world = await imapWorld({ timers });
    const raw = await world.raw();
    expect(await raw.command('a', 'LOGIN alice@example.com wrong')).toBe('a NO [AUTHENTICATIONFAILED] Invalid user name or password\r\n');
  });
});

describe('back-pressure (defect 3)', () => {
  it('a client that sends commands but never reads cannot make the server buffer its input or its responses', async () => {
    world = await imapWorld();
    const body = 'x'.repeat(198) + '\r\n';
    for (let i = 0; i < 40; i++) world.deliver(`m${i}`, { body: body.repeat(1000) });
    const raw = await world.raw();
    await raw.loginAndSelect();
    // From here on the test reads the stream itself, counting tagged answers line by line.
    const socket = raw.socket;
    socket.removeAllListeners('data');
    socket.pause();
    const noops = 20_000;
    const tag = 'n'.repeat(200);
    // 16 MB of responses asked for, then 4 MB of commands behind them.
    socket.write('f FETCH 1:* BODY.PEEK[]\r\n'.repeat(2) + `${tag} NOOP\r\n`.repeat(noops) + 'z LOGOUT\r\n');
    const held = await settle(() => `${imapUsage().bufferedInputBytes} ${imapUsage().queuedOutputBytes}`);
    const [bufferedInput, queuedOutput] = held.split(' ').map(Number);
    expect(bufferedInput).toBeLessThan(MAX_BUFFERED_INPUT_BYTES);
    expect(queuedOutput).toBeLessThan(1024 * 1024);
    // Reading again, the client gets every answer, in order.
    const counts = new Map<string, number>();
    let carry = '';
    socket.on('data', (chunk: Buffer) => {
      const lines = (carry + chunk.toString('latin1')).split('\r\n');
      carry = lines.pop()!;
      for (const line of lines) if (/^(f|n+|z) (OK|NO|BAD)/.test(line)) counts.set(line, (counts.get(line) ?? 0) + 1);
    });
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.resume();
    await closed;
    expect(Object.fromEntries(counts)).toEqual({ 'f OK FETCH completed': 2, [`${tag} OK NOOP completed`]: noops, 'z OK LOGOUT completed': 1 });
  });
});
