import { describe, expect, it } from 'vitest';
import { apopDigest, CAPABILITIES } from '../../src/pop3/index.js';
import { MASK } from '../../src/protocol/transcript.js';
import { deliver, MESSAGE_1, MESSAGE_2, MESSAGE_3, RawConnection, startPop3, T0, TOTAL_3, pop3Fixture } from './helpers.js';

const fixture = pop3Fixture();

async function connect(): Promise<{ conn: RawConnection; greeting: string }> {
  const result = await RawConnection.greeted(fixture.env.port);
  fixture.track(result.conn);
  return result;
}


describe('POP3 greeting and CAPA', () => {
  it('greets with a deterministic APOP timestamp from the connection counter and clock', async () => {
    const first = await connect();
    const second = await connect();
    expect(first.greeting).toBe(`+OK mailsim POP3 server ready <1.${T0}@mailsim.test>`);
    expect(second.greeting).toBe(`+OK mailsim POP3 server ready <2.${T0}@mailsim.test>`);
  });

  it('uses the configured host name', async () => {
    const other = await startPop3('pop.example.net');
    const { conn, greeting } = await RawConnection.greeted(other.port);
    expect(greeting).toBe(`+OK mailsim POP3 server ready <1.${T0}@pop.example.net>`);
    conn.destroy();
    await other.close();
  });

  it('lists capabilities before and after login', async () => {
    const { conn } = await connect();
    const expected = ['TOP', 'USER', 'UIDL', 'RESP-CODES', 'PIPELINING', 'AUTH-RESP-CODE', 'IMPLEMENTATION mailsim'];
    expect(CAPABILITIES).toEqual(expected);
    expect(await conn.listing('CAPA')).toEqual({ status: '+OK capability list follows', lines: expected });
    await conn.login();
    expect((await conn.listing('CAPA')).lines).toEqual(expected);
  });
});

describe('POP3 login', () => {
  it('logs in with USER/PASS using the full address', async () => {
    const { conn } = await connect();
    expect(await conn.command('USER alice@example.com')).toBe('+OK send PASS for alice@example.com');
    expect(await conn.command('PASS secret')).toBe(`+OK alice@example.com has 3 messages (${TOTAL_3} octets)`);
    expect(await conn.command('STAT')).toBe(`+OK 3 ${TOTAL_3}`);
  });

  it('accepts a unique local part as the login name', async () => {
    const { conn } = await connect();
    expect(await conn.login('alice', 'secret')).toMatch(/^\+OK alice@example.com has 3 messages/);
  });

  it('takes everything after "PASS " as the password, spaces included', async () => {
    fixture.env.bob.setPassword('correct horse battery');
    const { conn } = await connect();
    expect(await conn.login('bob', 'correct horse battery')).toBe('+OK bob@example.com has 0 messages (0 octets)');
  });

  it('says "1 message", not "1 messages"', async () => {
    deliver(fixture.env.bob, 'X');
    const { conn } = await connect();
    expect(await conn.login('bob', 'hunter2')).toBe('+OK bob@example.com has 1 message (3 octets)');
    expect(await conn.listing('LIST')).toEqual({ status: '+OK 1 message (3 octets)', lines: ['1 3'] });
    expect(await conn.command('DELE 1')).toMatch(/^\+OK/);
    expect(await conn.command('RSET')).toBe('+OK maildrop has 1 message (3 octets)');
    expect(await conn.command('DELE 1')).toMatch(/^\+OK/);
    expect(await conn.command('QUIT')).toBe('+OK mailsim POP3 server signing off (1 message deleted)');
  });

  it('logs in with APOP using MD5(timestamp + secret)', async () => {
    const { conn, greeting } = await connect();
    const timestamp = /<[^>]+>/.exec(greeting)![0];
    expect(await conn.command(`APOP alice ${apopDigest(timestamp, 'secret')}`)).toBe(
      `+OK alice@example.com has 3 messages (${TOTAL_3} octets)`,
    );
    expect(await conn.command('STAT')).toBe(`+OK 3 ${TOTAL_3}`);
  });

  it('accepts an upper-case APOP digest', async () => {
    const { conn, greeting } = await connect();
    const timestamp = /<[^>]+>/.exec(greeting)![0];
    expect(await conn.command(`APOP alice ${apopDigest(timestamp, 'secret').toUpperCase()}`)).toMatch(/^\+OK /);
  });
});

describe('POP3 transaction commands', () => {
  const sizes = [MESSAGE_1.length, MESSAGE_2.length, MESSAGE_3.length];

  it('STAT, LIST and LIST n report CRLF sizes', async () => {
    const { conn } = await connect();
    await conn.login();
    const total = sizes.reduce((a, b) => a + b, 0);
    expect(await conn.command('STAT')).toBe(`+OK 3 ${total}`);
    expect(await conn.listing('LIST')).toEqual({
      status: `+OK 3 messages (${total} octets)`,
      lines: sizes.map((size, i) => `${i + 1} ${size}`),
    });
    expect(await conn.command('LIST 2')).toBe(`+OK 2 ${sizes[1]}`);
  });

  it('UIDL and UIDL n report the stable store id', async () => {
    const { conn } = await connect();
    await conn.login();
    const ids = fixture.env.alice.inbox.messages.map((m) => m.id);
    expect((await conn.listing('UIDL')).lines).toEqual(ids.map((id, i) => `${i + 1} ${id}`));
    expect(await conn.command('UIDL 3')).toBe(`+OK 3 ${ids[2]}`);
  });

  it('RETR sends the whole message, then the terminator', async () => {
    const { conn } = await connect();
    await conn.login();
    conn.send('RETR 1\r\n');
    const { status, body } = await conn.multiline();
    expect(status).toBe(`+OK ${MESSAGE_1.length} octets`);
    expect(body.toString()).toBe(MESSAGE_1);
  });

  it('TOP n 0 returns the header and the blank line; TOP n k adds k body lines', async () => {
    const { conn } = await connect();
    await conn.login();
    conn.send('TOP 3 0\r\n');
    expect((await conn.multiline()).body.toString()).toBe('From: erin@example.com\r\nSubject: three\r\n\r\n');
    conn.send('TOP 3 2\r\n');
    const { status, body } = await conn.multiline();
    expect(status).toBe('+OK top of message 3 follows');
    expect(body.toString()).toBe('From: erin@example.com\r\nSubject: three\r\n\r\nLine 1\r\nLine 2\r\n');
    conn.send('TOP 3 99\r\n');
    expect((await conn.multiline()).body.toString()).toBe(MESSAGE_3);
  });

  it('TOP of a message without a body still ends the header with a blank line', async () => {
    deliver(fixture.env.alice, 'Subject: header only\r\n');
    const { conn } = await connect();
    await conn.login();
    conn.send('TOP 4 5\r\n');
    expect((await conn.multiline()).body.toString()).toBe('Subject: header only\r\n\r\n');
  });

  it('DELE marks, NOOP answers, RSET reports the restored maildrop', async () => {
    const { conn } = await connect();
    await conn.login();
    expect(await conn.command('DELE 2')).toBe('+OK message 2 deleted');
    expect(await conn.command('NOOP')).toBe('+OK nothing to do');
    expect(await conn.command('STAT')).toBe(`+OK 2 ${sizes[0]! + sizes[2]!}`);
    expect(await conn.command('RSET')).toBe(`+OK maildrop has 3 messages (${sizes[0]! + sizes[1]! + sizes[2]!} octets)`);
  });

  it('QUIT before login says goodbye and closes', async () => {
    const { conn } = await connect();
    expect(await conn.command('QUIT')).toBe('+OK mailsim POP3 server signing off');
    await conn.waitClosed();
    expect(conn.unread.length).toBe(0);
  });

  it('QUIT after login reports how many messages it deleted and closes', async () => {
    const { conn } = await connect();
    await conn.login();
    await conn.command('DELE 1');
    await conn.command('DELE 3');
    expect(await conn.command('QUIT')).toBe('+OK mailsim POP3 server signing off (2 messages deleted)');
    await conn.waitClosed();
  });

  it('treats command keywords case-insensitively', async () => {
    const { conn } = await connect();
    expect(await conn.command('user alice')).toMatch(/^\+OK/);
    expect(await conn.command('pAsS secret')).toMatch(/^\+OK/);
    expect(await conn.command('stat')).toBe(`+OK 3 ${TOTAL_3}`);
    expect(await conn.command('LiSt 2')).toBe(`+OK 2 ${sizes[1]}`);
  });
});

describe('POP3 transcript', () => {
  it('masks PASS, summarizes RETR bodies and reports listings in full', async () => {
    const { conn } = await connect();
    await conn.login();
    await conn.listing('LIST');
    conn.send('RETR 2\r\n');
    await conn.multiline();
    await conn.command('QUIT');
    await conn.waitClosed();
    const lines = fixture.env.wire.map((e) => `${e.protocol} ${e.connection} ${e.direction}: ${e.text}`);
    expect(lines).toEqual([
      `pop3 1 S: +OK mailsim POP3 server ready <1.${T0}@mailsim.test>`,
      'pop3 1 C: USER alice@example.com',
      'pop3 1 S: +OK send PASS for alice@example.com',
      `pop3 1 C: PASS ${MASK}`,
      `pop3 1 S: +OK alice@example.com has 3 messages (${TOTAL_3} octets)`,
      'pop3 1 C: LIST',
      `pop3 1 S: +OK 3 messages (${TOTAL_3} octets)`,
      `pop3 1 S: 1 ${MESSAGE_1.length}`,
      `pop3 1 S: 2 ${MESSAGE_2.length}`,
      `pop3 1 S: 3 ${MESSAGE_3.length}`,
      'pop3 1 S: .',
      'pop3 1 C: RETR 2',
      `pop3 1 S: +OK ${MESSAGE_2.length} octets`,
      `pop3 1 S: <${MESSAGE_2.length} octets>`,
      'pop3 1 S: .',
      'pop3 1 C: QUIT',
      'pop3 1 S: +OK mailsim POP3 server signing off (0 messages deleted)',
    ]);
    expect(lines.join('\n')).not.toContain('secret');
  });

  it('masks the APOP digest and a PASS sent in the wrong state', async () => {
    const { conn, greeting } = await connect();
    await conn.command('PASS secret');
    const digest = apopDigest(/<[^>]+>/.exec(greeting)![0], 'secret');
    await conn.command(`APOP alice ${digest}`);
    const client = fixture.env.wire.filter((e) => e.direction === 'C').map((e) => e.text);
    expect(client).toEqual([`PASS ${MASK}`, `APOP alice ${MASK}`]);
  });
});
