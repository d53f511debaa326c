import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start.js';
import { imapWorld, type ImapWorld, type RawImap } from './helpers.js';

let world: ImapWorld;
beforeEach(async () => {
  world = await imapWorld();
  world.deliver('one', { body: 'x'.repeat(2000) });
  world.deliver('two');
});
afterEach(async () => world.close());

async function loggedIn(): Promise<RawImap> {
  const raw = await world.raw();
  await raw.command('l', 'LOGIN alice secret');
  return raw;
}

describe('QUOTA (RFC 9208)', () => {
  it('GETQUOTAROOT, GETQUOTA and SETQUOTA over the one root ""', async () => {
    const raw = await loggedIn();
    expect(await raw.command('a', 'GETQUOTAROOT INBOX')).toBe('* QUOTAROOT "INBOX" ""\r\n* QUOTA "" ()\r\na OK GETQUOTAROOT completed\r\n');
    const kib = Math.ceil(world.alice.inbox.totalSize / 1024);
    expect(await raw.command('b', 'SETQUOTA "" (STORAGE 3 MESSAGE 3)')).toBe(`* QUOTA "" (STORAGE ${kib} 3 MESSAGE 2 3)\r\nb OK SETQUOTA completed\r\n`);
    expect(await raw.command('c', 'GETQUOTA ""')).toBe(`* QUOTA "" (STORAGE ${kib} 3 MESSAGE 2 3)\r\nc OK GETQUOTA completed\r\n`);
    expect(await raw.command('d', 'GETQUOTA "User quota"')).toBe('d NO [NONEXISTENT] No quota root User quota; this server has one, ""\r\n');
    expect(await raw.command('e', 'SETQUOTA "" (FOLDERS 3)')).toBe('e BAD SETQUOTA: unknown resource FOLDERS; this server knows STORAGE and MESSAGE\r\n');
    expect(await raw.command('f', 'GETQUOTAROOT Nowhere')).toBe('f NO [NONEXISTENT] No mailbox named Nowhere\r\n');
  });

  it('APPEND and COPY past a limit get NO [OVERQUOTA] and store nothing; MOVE is not counted', async () => {
    const raw = await loggedIn();
    await raw.command('q', 'SETQUOTA "" (MESSAGE 3)');
    expect(await raw.command('a', 'APPEND INBOX {2+}\r\nhi')).toMatch(/^a OK /);
    expect(await raw.command('b', 'APPEND INBOX {2+}\r\nho')).toBe('b NO [OVERQUOTA] Over quota: the account may hold 3 messages and holds 3\r\n');
    await raw.command('s', 'SELECT INBOX');
    expect(await raw.command('c', 'COPY 1 Archive')).toBe('c NO [OVERQUOTA] Over quota: the account may hold 3 messages and holds 3\r\n');
    expect(await raw.command('m', 'MOVE 1 Archive')).toMatch(/^\* OK \[COPYUID /);
    await raw.command('r', 'SETQUOTA "" (STORAGE 1)');
    expect(await raw.command('d', 'APPEND INBOX {2+}\r\nhi')).toMatch(/^d NO \[OVERQUOTA\] Over quota: \d+ KiB would pass the limit of 1 KiB\r\n$/);
    expect(world.alice.mailbox('Archive')!.messages).toHaveLength(1);
  });

  it('STATUS (DELETED-STORAGE) is what expunging would free', async () => {
    const raw = await loggedIn();
    world.alice.inbox.setFlags([world.alice.inbox.messages[0]!], 'add', ['\\Deleted'], { label: 'test' });
    expect(await raw.command('s', 'STATUS INBOX (DELETED-STORAGE DELETED)')).toBe('* STATUS "INBOX" (DELETED-STORAGE 3 DELETED 1)\r\ns OK STATUS completed\r\n');
  });
});

describe('quota through startServer and imapflow', () => {
  let server: RunningServer | undefined;
  afterEach(async () => server?.close());

  it('a user created with a quota: imapflow reads it and gets the error when it appends past it', async () => {
    server = await startServer({ ports: { pop3: false }, users: [{ user: 'carol', password: 'pw', quota: { messages: 1 } }] });
    const { ImapFlow } = await import('imapflow');
    const client = new ImapFlow({ host: '127.0.0.1', port: server.ports.imap!, secure: false, logger: false, auth: { user: 'carol', pass: 'pw' } });
    client.on('error', () => undefined);
    await client.connect();
    try {
      await client.append('INBOX', 'Subject: one\r\n\r\n1\r\n');
      expect(await client.getQuota('INBOX')).toMatchObject({ path: 'INBOX', message: { usage: 1, limit: 1 } });
      await expect(client.append('INBOX', 'Subject: two\r\n\r\n2\r\n')).rejects.toThrow();
      expect((await server.messages('carol')).length).toBe(1);
    } finally {
      await client.logout();
    }
  });
});
