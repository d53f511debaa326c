import { describe, expect, it } from 'vitest';
import { apopDigest, MAX_COMMAND_LINE_OCTETS, MAX_FAILED_LOGINS } from '../../src/pop3/index.js';
import { SeededRandom } from '../../src/sim/rng.js';
import { MESSAGE_1, MESSAGE_2, MESSAGE_3, RawConnection, snapshotStore, pop3Fixture } from './helpers.js';

const fixture = pop3Fixture();

async function connect(): Promise<RawConnection> {
  const { conn } = await RawConnection.greeted(fixture.env.port);
  fixture.track(conn);
  return conn;
}

async function loggedIn(): Promise<RawConnection> {
  const conn = await connect();
  expect(await conn.login()).toMatch(/^\+OK/);
  return conn;
}


describe('POP3 refuses malformed commands and the session goes on', () => {
  it('answers unknown and empty commands', async () => {
    const conn = await connect();
    expect(await conn.command('HELO there')).toBe('-ERR unknown command "HELO"');
    expect(await conn.command('')).toBe('-ERR empty command line');
    expect(await conn.command(' STAT')).toBe('-ERR empty command line');
    expect(await conn.command('CAPA')).toBe('+OK capability list follows');
  });

  it.each([
    ['STAT', '-ERR STAT is only valid after login'],
    ['LIST', '-ERR LIST is only valid after login'],
    ['RETR 1', '-ERR RETR is only valid after login'],
    ['DELE 1', '-ERR DELE is only valid after login'],
    ['NOOP', '-ERR NOOP is only valid after login'],
    ['RSET', '-ERR RSET is only valid after login'],
    ['TOP 1 0', '-ERR TOP is only valid after login'],
    ['UIDL', '-ERR UIDL is only valid after login'],
    ['PASS secret', '-ERR PASS must follow USER'],
  ])('refuses %s before login', async (line, expected) => {
    const conn = await connect();
    expect(await conn.command(line)).toBe(expected);
    expect(await conn.login()).toMatch(/^\+OK/);
  });

  it.each([
    ['USER alice', '-ERR USER is only valid before login'],
    ['PASS secret', '-ERR PASS is only valid before login'],
    ['APOP alice 0123456789abcdef0123456789abcdef', '-ERR APOP is only valid before login'],
  ])('refuses %s after login', async (line, expected) => {
    const conn = await loggedIn();
    expect(await conn.command(line)).toBe(expected);
    expect(await conn.command('STAT')).toMatch(/^\+OK 3 /);
  });

  it.each([
    ['USER', '-ERR missing argument; usage: USER name'],
    ['USER a b', '-ERR too many arguments; usage: USER name'],
    ['PASS', '-ERR missing argument; usage: PASS password'],
    ['APOP alice', '-ERR missing argument; usage: APOP name digest'],
    ['APOP alice not-a-digest', '-ERR APOP digest must be 32 hexadecimal digits'],
    ['CAPA please', '-ERR too many arguments; usage: CAPA'],
  ])('refuses %s before login', async (line, expected) => {
    const conn = await connect();
    expect(await conn.command(line)).toBe(expected);
    expect(await conn.login()).toMatch(/^\+OK/);
  });

  it.each([
    ['STAT 1', '-ERR too many arguments; usage: STAT'],
    ['LIST 1 2', '-ERR too many arguments; usage: LIST [message-number]'],
    ['LIST x', '-ERR invalid message number "x"'],
    ['LIST -1', '-ERR invalid message number "-1"'],
    ['LIST 0', '-ERR no message 0 (maildrop has 3)'],
    ['LIST 4', '-ERR no message 4 (maildrop has 3)'],
    ['UIDL 99999999999999999999', '-ERR no message 99999999999999999999 (maildrop has 3)'],
    ['RETR', '-ERR missing argument; usage: RETR message-number'],
    ['RETR 1.5', '-ERR invalid message number "1.5"'],
    ['RETR 0', '-ERR no message 0 (maildrop has 3)'],
    ['RETR 7', '-ERR no message 7 (maildrop has 3)'],
    ['DELE', '-ERR missing argument; usage: DELE message-number'],
    ['DELE 4', '-ERR no message 4 (maildrop has 3)'],
    ['TOP 1', '-ERR missing argument; usage: TOP message-number lines'],
    ['TOP 1 x', '-ERR line count must be a non-negative number, got "x"'],
    ['TOP 1 -1', '-ERR line count must be a non-negative number, got "-1"'],
    ['TOP 9 0', '-ERR no message 9 (maildrop has 3)'],
    ['NOOP now', '-ERR too many arguments; usage: NOOP'],
    ['RSET all', '-ERR too many arguments; usage: RSET'],
    ['QUIT now', '-ERR too many arguments; usage: QUIT'],
  ])('refuses %s after login', async (line, expected) => {
    const conn = await loggedIn();
    expect(await conn.command(line)).toBe(expected);
    expect(await conn.command('STAT')).toMatch(/^\+OK 3 /);
  });

  it('refuses every command on a message marked deleted', async () => {
    const conn = await loggedIn();
    await conn.command('DELE 2');
    for (const line of ['RETR 2', 'TOP 2 0', 'DELE 2', 'LIST 2', 'UIDL 2']) {
      expect(await conn.command(line)).toBe('-ERR message 2 already deleted');
    }
    expect(await conn.command('LIST 3')).toBe(`+OK 3 ${MESSAGE_3.length}`);
  });
});

describe('POP3 authentication failures', () => {
  it('answers bad credentials with [AUTH], same text for unknown users, and forgets the user', async () => {
    const conn = await connect();
    await conn.command('USER alice');
    expect(await conn.command('PASS wrong')).toBe('-ERR [AUTH] invalid user name or password');
    expect(await conn.command('PASS secret')).toBe('-ERR PASS must follow USER');
    expect(await conn.command('USER nobody@example.com')).toBe('+OK send PASS for nobody@example.com');
    expect(await conn.command('PASS secret')).toBe('-ERR [AUTH] invalid user name or password');
    expect(await conn.login()).toMatch(/^\+OK alice@example.com/);
  });

  it('refuses a wrong APOP digest with [AUTH]', async () => {
    const { conn, greeting } = await RawConnection.greeted(fixture.env.port);
    fixture.track(conn);
    const timestamp = /<[^>]+>/.exec(greeting)![0];
    expect(await conn.command(`APOP alice ${apopDigest(timestamp, 'wrong')}`)).toBe('-ERR [AUTH] invalid user name or password');
    expect(await conn.command(`APOP nobody ${apopDigest(timestamp, 'secret')}`)).toBe('-ERR [AUTH] invalid user name or password');
    expect(await conn.command(`APOP alice ${apopDigest(timestamp, 'secret')}`)).toMatch(/^\+OK alice@example.com/);
  });

  it(`closes after ${MAX_FAILED_LOGINS} failed logins`, async () => {
    const conn = await connect();
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) {
      await conn.command('USER alice');
      expect(await conn.command(`PASS guess${i}`)).toBe('-ERR [AUTH] invalid user name or password');
    }
    await conn.command('USER alice');
    expect(await conn.command('PASS secret-guess')).toBe('-ERR [AUTH] too many failures');
    await conn.waitClosed();
    expect(conn.unread.length).toBe(0);
  });

  it('does not count an IN-USE refusal as a failed login', async () => {
    const holder = await loggedIn();
    const conn = await connect();
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
      expect(await conn.login()).toBe('-ERR [IN-USE] maildrop of alice@example.com is locked by another session');
    }
    expect(await conn.command('CAPA')).toMatch(/^\+OK/);
    expect(holder.isClosed).toBe(false);
  });
});

describe('POP3 survives hostile input without touching the store', () => {
  it('answers NUL bytes, binary garbage and over-long lines with -ERR', async () => {
    const before = snapshotStore(fixture.env.store);
    const conn = await loggedIn();
    conn.send(Buffer.from('\0\0\0\r\n'));
    expect(await conn.line()).toBe('-ERR unknown command "\\x00\\x00\\x00"');
    conn.send(Buffer.from([0xff, 0xfe, 0x80, 0x0d, 0x41, 0x0d, 0x0a]));
    expect(await conn.line()).toMatch(/^-ERR unknown command "/);
    conn.send(Buffer.from('DELE\x001\r\n'));
    expect(await conn.line()).toBe('-ERR unknown command "DELE\\x001"');
    conn.send(Buffer.from('RETR \x07\0\r\n'));
    expect(await conn.line()).toBe('-ERR invalid message number "\\x07\\x00"');
    conn.send(Buffer.from('TOP 1 \x1b\r\n'));
    expect(await conn.line()).toBe('-ERR line count must be a non-negative number, got "\\x1b"');
    conn.send('X'.repeat(10_000) + '\r\n');
    expect(await conn.line()).toBe(`-ERR line too long (limit ${MAX_COMMAND_LINE_OCTETS} octets)`);
    conn.send('RETR ' + '1'.repeat(MAX_COMMAND_LINE_OCTETS) + '\r\n');
    expect(await conn.line()).toBe(`-ERR line too long (limit ${MAX_COMMAND_LINE_OCTETS} octets)`);
    expect(await conn.command('STAT')).toMatch(/^\+OK 3 /);
    expect(await conn.command('QUIT')).toMatch(/^\+OK .*\(0 messages deleted\)/);
    await conn.waitClosed();
    expect(snapshotStore(fixture.env.store)).toEqual(before);
  });

  it('survives seeded random garbage, then still serves every message unchanged', async () => {
    const before = snapshotStore(fixture.env.store);
    const conn = await loggedIn();
    const random = new SeededRandom(1939);
    const garbage = Buffer.from(Array.from({ length: 20_000 }, () => random.int(0, 255)));
    const lines = garbage.toString('latin1').split('\n').length;
    conn.send(garbage);
    conn.send('\r\n');
    for (let i = 0; i < lines; i++) expect(await conn.line()).toMatch(/^-ERR /);
    for (const [n, text] of [MESSAGE_1, MESSAGE_2, MESSAGE_3].entries()) {
      conn.send(`RETR ${n + 1}\r\n`);
      expect((await conn.multiline()).body.toString()).toBe(text);
    }
    conn.destroy();
    await (await fixture.env.acceptedNth(1)).closed;
    expect(snapshotStore(fixture.env.store)).toEqual(before);
  });

  it(`accepts a line of exactly ${MAX_COMMAND_LINE_OCTETS} octets and refuses one more`, async () => {
    const conn = await loggedIn();
    const fits = 'NOOP' + ' '.repeat(MAX_COMMAND_LINE_OCTETS - 6);
    expect(Buffer.byteLength(fits + '\r\n')).toBe(MAX_COMMAND_LINE_OCTETS);
    expect(await conn.command(fits)).toBe('+OK nothing to do');
    expect(await conn.command(fits + ' ')).toBe(`-ERR line too long (limit ${MAX_COMMAND_LINE_OCTETS} octets)`);
  });

  it('discards an over-long line sent in pieces up to its line end', async () => {
    const conn = await loggedIn();
    for (let i = 0; i < 20; i++) conn.send('LIST ' + '9'.repeat(100));
    conn.send(' 1\r\nSTAT\r\n');
    expect(await conn.line()).toBe(`-ERR line too long (limit ${MAX_COMMAND_LINE_OCTETS} octets)`);
    expect(await conn.line()).toMatch(/^\+OK 3 /);
  });

  it('reports hostile input in the transcript with control characters escaped', async () => {
    const conn = await connect();
    conn.send(Buffer.from('\x1b[31mRED\r\n'));
    await conn.line();
    conn.send('Y'.repeat(1000) + '\r\n');
    await conn.line();
    const client = fixture.env.wire.filter((e) => e.direction === 'C').map((e) => e.text);
    expect(client).toEqual(['\\x1b[31mRED', '<over-long line discarded, 1002 octets>']);
  });
});
