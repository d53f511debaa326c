/**
 * POP3 connection caps, login timeout, failed-login delays and secrets in transcripts (issue 11,
 * defects 7, 11 and 12). Timers are the test's own; nothing waits on the clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LOGIN_TIMEOUT_MS } from '../../src/pop3/limits.js';
import { LoginThrottle } from '../../src/protocol/login-throttle.js';
import { ManualTimers } from '../helpers/manual-timers.js';
import { settle } from '../helpers/settle.js';
import { RawConnection, startPop3, type Pop3Env } from './helpers.js';

let env: Pop3Env | undefined;
const opened: RawConnection[] = [];
afterEach(async () => {
  for (const conn of opened.splice(0)) conn.destroy();
  await env?.close();
  env = undefined;
});

async function greeted(): Promise<RawConnection> {
  const { conn } = await RawConnection.greeted(env!.port);
  opened.push(conn);
  return conn;
}

describe('connection caps (defect 7)', () => {
  it('refuses a connection over the per-address cap with -ERR [SYS/TEMP] and closes it at once', async () => {
    env = await startPop3(undefined, { caps: { total: 10, perAddress: 2 } });
    await greeted();
    await greeted();
    const conn = await RawConnection.open(env.port);
    opened.push(conn);
    expect(await conn.line()).toBe('-ERR [SYS/TEMP] too many connections from your address, try again later');
    await conn.waitClosed();
    // A slot frees when a connection ends.
    opened[0]!.destroy();
    await settle(() => env!.service.usage().connections);
    expect((await greeted()).isClosed).toBe(false);
  });

  it('refuses a connection over the total cap', async () => {
    env = await startPop3(undefined, { caps: { total: 1, perAddress: 5 } });
    await greeted();
    const conn = await RawConnection.open(env.port);
    opened.push(conn);
    expect(await conn.line()).toBe('-ERR [SYS/TEMP] too many connections, try again later');
    await conn.waitClosed();
  });
});

describe('logging in', () => {
  it(`closes a connection that has not logged in after ${LOGIN_TIMEOUT_MS / 60_000} minutes, not one that has`, async () => {
    const timers = new ManualTimers();
    env = await startPop3(undefined, { timers });
    const idle = await greeted();
    const user = await greeted();
    expect(await user.login()).toMatch(/^\+OK/);
    timers.advance(LOGIN_TIMEOUT_MS);
    await idle.waitClosed();
    expect(await user.command('NOOP')).toBe('+OK nothing to do');
  });

  it('holds each failed login reply from an address longer than the last (defect 12)', async () => {
    const timers = new ManualTimers();
    env = await startPop3(undefined, { timers, throttle: new LoginThrottle({ now: () => 0 }) });
    const conn = await greeted();
    expect(await conn.command('USER alice@example.com')).toMatch(/^\+OK/);
    conn.send('PASS wrong\r\nNOOP\r\n');
    await settle(() => timers.scheduled.length);
    expect(timers.scheduled).toEqual([LOGIN_TIMEOUT_MS, 2_000]);
    expect(conn.unread.length).toBe(0);
    timers.advance(2_000);
    expect(await conn.line()).toBe('-ERR [AUTH] invalid user name or password');
    expect(await conn.line()).toBe('-ERR NOOP is only valid after login');
    await conn.command('USER alice@example.com');
    conn.send('PASS wrong again\r\n');
    await settle(() => timers.scheduled.length);
    expect(timers.scheduled.at(-1)).toBe(4_000);
  });
});

describe('secrets in transcripts (defect 11)', () => {
  const PASSWORD = 'hunter2';
  const b64 = (text: string) => Buffer.from(text).toString('base64');

  it.each([
    ['a leading space before PASS', ` PASS ${PASSWORD}`, 'C: PASS ********'],
    ['a tab after PASS', `PASS\t${PASSWORD}`, 'C: PASS ********'],
    ['AUTH PLAIN with an initial response', `AUTH PLAIN ${b64(`\0bob@example.com\0${PASSWORD}`)}`, 'C: AUTH PLAIN ********'],
    ['a password after the user name', `USER bob@example.com ${PASSWORD}`, 'C: USER bob@example.com ********'],
    ['APOP with its digest', 'APOP bob@example.com 0123456789abcdef0123456789abcdef', 'C: APOP bob@example.com ********'],
  ])('%s', async (_what, line, shown) => {
    env = await startPop3();
    const conn = await greeted();
    if (line.includes('PASS')) await conn.command('USER bob@example.com');
    await conn.command(line);
    const transcript = env.wire.map((e) => `${e.direction}: ${e.text}`);
    expect(transcript).toContain(shown);
    expect(transcript.join('\n')).not.toContain(PASSWORD);
    expect(transcript.join('\n')).not.toContain('0123456789abcdef');
  });

  it('the SASL lines a client sends after AUTH LOGIN are neither traced nor echoed', async () => {
    env = await startPop3();
    const conn = await greeted();
    expect(await conn.command('AUTH LOGIN')).toBe('-ERR unknown command "AUTH"');
    expect(await conn.command(b64('bob@example.com'))).toBe('-ERR unknown command; the AUTH exchange had already ended');
    expect(await conn.command(b64(PASSWORD))).toBe('-ERR unknown command; the AUTH exchange had already ended');
    expect(await conn.command('CAPA')).toBe('+OK capability list follows');
    const transcript = env.wire.map((e) => e.text).join('\n');
    expect(transcript).not.toContain(b64(PASSWORD));
    expect(transcript).not.toContain(b64('bob@example.com'));
  });
});
