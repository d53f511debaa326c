import { describe, expect, it } from 'vitest';
import { Pop3Client } from '../../src/pop3/index.js';
import { MASK, type WireEvent } from '../../src/protocol/transcript.js';
import { SEEN } from '../../src/store/index.js';
import { MESSAGE_1, MESSAGE_2, MESSAGE_3, rejection, snapshotStore, T0, pop3Fixture } from './helpers.js';

const fixture = pop3Fixture();

async function connect(onWire?: (event: WireEvent) => void): Promise<Pop3Client> {
  const client = await Pop3Client.connect({ host: '127.0.0.1', port: fixture.env.port, onWire, connectionId: 7 });
  fixture.track(client);
  return client;
}


describe('Pop3Client against the mailsim server', () => {
  it('exposes the greeting and its APOP timestamp', async () => {
    const client = await connect();
    expect(client.greeting).toBe(`+OK mailsim POP3 server ready <1.${T0}@mailsim.test>`);
    expect(client.apopTimestamp).toBe(`<1.${T0}@mailsim.test>`);
    expect(await client.capa()).toContain('UIDL');
  });

  it('runs a whole session: login, stat, list, uidl, retr, top, dele, rset, noop, quit', async () => {
    const client = await connect();
    await client.login('alice@example.com', 'secret');
    const sizes = [MESSAGE_1.length, MESSAGE_2.length, MESSAGE_3.length];
    expect(await client.stat()).toEqual({ count: 3, size: sizes[0]! + sizes[1]! + sizes[2]! });
    expect(await client.list()).toEqual(sizes.map((size, i) => ({ number: i + 1, size })));
    expect(await client.uidl()).toEqual(fixture.env.alice.inbox.messages.map((m, i) => ({ number: i + 1, uid: m.id })));
    await client.dele(1);
    await client.rset();
    expect((await client.retr(2)).toString()).toBe(MESSAGE_2);
    expect((await client.top(3, 1)).toString()).toBe('From: erin@example.com\r\nSubject: three\r\n\r\nLine 1\r\n');
    await client.dele(3);
    await client.noop();
    await client.quit();
    expect(fixture.env.alice.inbox.messages.map((m) => m.id)).toHaveLength(2);
    expect(fixture.env.alice.inbox.messages.map((m) => m.hasFlag(SEEN))).toEqual([false, true]);
  });

  it('logs in with APOP', async () => {
    const client = await connect();
    await client.apop('alice', 'secret');
    expect((await client.stat()).count).toBe(3);
  });

  it('turns -ERR into Pop3Error with the server text and response code', async () => {
    const client = await connect();
    const auth = await rejection(client.login('alice', 'wrong'));
    expect(auth).toMatchObject({ code: 'ERR', respCode: 'AUTH', response: '-ERR [AUTH] invalid user name or password' });
    expect(auth.message).toBe('PASS failed: -ERR [AUTH] invalid user name or password');
    await client.login('alice', 'secret');
    const missing = await rejection(client.retr(9));
    expect(missing).toMatchObject({ code: 'ERR', respCode: undefined, response: '-ERR no message 9 (maildrop has 3)' });
    expect((await client.stat()).count).toBe(3);

    const second = await connect();
    expect(await rejection(second.login('alice', 'secret'))).toMatchObject({ code: 'ERR', respCode: 'IN-USE' });
  });

  it('queues calls made without awaiting and answers each in order', async () => {
    const client = await connect();
    const results = await Promise.all([
      client.login('alice', 'secret'),
      client.stat(),
      client.retr(1),
      client.list(),
      client.dele(2),
      client.stat(),
    ]);
    expect(results[1]).toEqual({ count: 3, size: MESSAGE_1.length + MESSAGE_2.length + MESSAGE_3.length });
    expect(results[2]?.toString()).toBe(MESSAGE_1);
    expect(results[5]).toEqual({ count: 2, size: MESSAGE_1.length + MESSAGE_3.length });
  });

  it('destroy() drops without QUIT: the server deletes nothing, calls reject with CLOSED', async () => {
    const before = snapshotStore(fixture.env.store);
    const client = await connect();
    await client.login('alice', 'secret');
    await client.dele(1);
    await client.retr(2);
    const pending = client.noop();
    client.destroy();
    expect(await rejection(pending)).toMatchObject({ code: 'CLOSED' });
    expect(await rejection(client.stat())).toMatchObject({ code: 'CLOSED' });
    await (await fixture.env.acceptedNth(1)).closed;
    expect(snapshotStore(fixture.env.store)).toEqual(before);
    const again = await connect();
    await again.login('alice', 'secret');
  });

  it('rejects calls after quit() with CLOSED', async () => {
    const client = await connect();
    await client.quit();
    expect(await rejection(client.noop())).toMatchObject({ code: 'CLOSED' });
  });

  it('rejects arguments that would break the command line, sending nothing', async () => {
    const events: WireEvent[] = [];
    const client = await connect((event) => events.push(event));
    await expect(client.login('alice\r\nDELE 1', 'x')).rejects.toThrow(RangeError);
    await expect(client.login('alice', 'x\ny')).rejects.toThrow(RangeError);
    await expect(client.retr(-1)).rejects.toThrow(RangeError);
    await expect(client.top(1, 1.5)).rejects.toThrow(RangeError);
    expect(await client.capa()).toContain('TOP');
    expect(events.filter((e) => e.direction === 'C').map((e) => e.text)).toEqual(['CAPA']);
  });

  it('reports its wire lines with secrets masked and bodies summarized', async () => {
    const events: WireEvent[] = [];
    const client = await connect((event) => events.push(event));
    await client.login('alice', 'secret');
    await client.retr(2);
    await client.apop('alice', 'secret').catch(() => undefined);
    await client.quit();
    expect(events.every((e) => e.protocol === 'pop3' && e.connection === 7)).toBe(true);
    expect(events.map((e) => `${e.direction}: ${e.text}`)).toEqual([
      `S: +OK mailsim POP3 server ready <1.${T0}@mailsim.test>`,
      'C: USER alice',
      'S: +OK send PASS for alice',
      `C: PASS ${MASK}`,
      `S: +OK alice@example.com has 3 messages (${MESSAGE_1.length + MESSAGE_2.length + MESSAGE_3.length} octets)`,
      'C: RETR 2',
      `S: +OK ${MESSAGE_2.length} octets`,
      `S: <${MESSAGE_2.length} octets>`,
      'S: .',
      `C: APOP alice ${MASK}`,
      'S: -ERR APOP is only valid before login',
      'C: QUIT',
      'S: +OK mailsim POP3 server signing off (0 messages deleted)',
    ]);
  });
});
