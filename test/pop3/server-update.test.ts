import { beforeEach, describe, expect, it } from 'vitest';
import { IDLE_TIMEOUT_MS } from '../../src/pop3/index.js';
import { DELETED, SEEN } from '../../src/store/index.js';
import { deliver, MESSAGE_1, MESSAGE_2, MESSAGE_3, RawConnection, snapshotStore, pop3Fixture } from './helpers.js';

const fixture = pop3Fixture();
let connections = 0;

/** Opens a connection and returns it with the server side of it (for waiting on its close). */
async function connect() {
  const { conn } = await RawConnection.greeted(fixture.env.port);
  fixture.track(conn);
  const server = await fixture.env.acceptedNth(++connections);
  return { conn, server };
}

async function loggedIn() {
  const opened = await connect();
  expect(await opened.conn.login()).toMatch(/^\+OK/);
  return opened;
}

const subjects = () => fixture.env.alice.inbox.messages.map((m) => /Subject: (\w+)/.exec(m.raw.toString())![1]);
const imap = { label: 'imap alice@example.com' };

beforeEach(() => {
  connections = 0;
});

describe('POP3 deletions happen only at QUIT', () => {
  it('DELE hides a message in the session but the store keeps it until QUIT', async () => {
    const { conn } = await loggedIn();
    await conn.command('DELE 1');
    await conn.command('DELE 3');
    expect(await conn.command('STAT')).toBe(`+OK 1 ${MESSAGE_2.length}`);
    expect((await conn.listing('LIST')).lines).toEqual([`2 ${MESSAGE_2.length}`]);
    expect((await conn.listing('UIDL')).lines).toEqual([`2 ${fixture.env.alice.inbox.messages[1]!.id}`]);
    expect(subjects()).toEqual(['one', 'two', 'three']);
    await conn.command('QUIT');
    expect(subjects()).toEqual(['two']);
  });

  it('records the removal in the journal as "pop3 <address>" and never sets \\Deleted', async () => {
    const { conn } = await loggedIn();
    conn.send('RETR 2\r\n');
    await conn.multiline();
    await conn.command('DELE 2');
    await conn.command('QUIT');
    const changes = fixture.env.store.journal.history().filter((e) => e.origin.label.startsWith('pop3'));
    expect(changes.map((e) => [e.origin.label, e.change.kind])).toEqual([['pop3 alice@example.com', 'expunge']]);
    expect(fixture.env.alice.inbox.messages.some((m) => m.hasFlag(DELETED))).toBe(false);
  });

  it('a dropped connection deletes nothing', async () => {
    const before = snapshotStore(fixture.env.store);
    const { conn, server } = await loggedIn();
    await conn.command('DELE 1');
    await conn.command('DELE 2');
    conn.send('RETR 3\r\n');
    await conn.multiline();
    conn.destroy();
    await server.closed;
    expect(snapshotStore(fixture.env.store)).toEqual(before);
  });

  it('RSET unmarks the session marks', async () => {
    const { conn } = await loggedIn();
    await conn.command('DELE 1');
    await conn.command('DELE 2');
    await conn.command('RSET');
    expect(await conn.command('LIST 1')).toBe(`+OK 1 ${MESSAGE_1.length}`);
    await conn.command('DELE 3');
    expect(await conn.command('QUIT')).toMatch(/\(1 message deleted\)/);
    expect(subjects()).toEqual(['one', 'two']);
  });

  it('numbers the next session afresh and keeps UIDLs stable', async () => {
    const ids = fixture.env.alice.inbox.messages.map((m) => m.id);
    const first = await loggedIn();
    await first.conn.command('DELE 1');
    await first.conn.command('QUIT');
    const { conn } = await loggedIn();
    expect((await conn.listing('UIDL')).lines).toEqual([`1 ${ids[1]}`, `2 ${ids[2]}`]);
  });
});

describe('POP3 maildrop snapshot', () => {
  it('hides messages delivered after login until the next session', async () => {
    const first = await loggedIn();
    deliver(fixture.env.alice, 'Subject: late\r\n\r\nlate\r\n');
    expect(await first.conn.command('STAT')).toMatch(/^\+OK 3 /);
    expect(await first.conn.command('RETR 4')).toBe('-ERR no message 4 (maildrop has 3)');
    await first.conn.command('QUIT');
    const second = await loggedIn();
    expect(await second.conn.command('STAT')).toMatch(/^\+OK 4 /);
  });

  it('tolerates messages IMAP expunged before QUIT', async () => {
    const { conn } = await loggedIn();
    await conn.command('DELE 1');
    await conn.command('DELE 2');
    const [m1, m2] = fixture.env.alice.inbox.messages;
    fixture.env.alice.inbox.expunge([m1!, m2!], imap);
    expect(await conn.command('RETR 2')).toBe('-ERR message 2 already deleted');
    expect(await conn.command('LIST 3')).toBe(`+OK 3 ${MESSAGE_3.length}`);
    expect(await conn.command('QUIT')).toBe('+OK mailsim POP3 server signing off (0 messages deleted)');
    expect(subjects()).toEqual(['three']);
  });

  it('refuses RETR and TOP of a message IMAP expunged meanwhile, still lists it', async () => {
    const { conn } = await loggedIn();
    fixture.env.alice.inbox.expunge([fixture.env.alice.inbox.messages[0]!], imap);
    expect(await conn.command('RETR 1')).toBe('-ERR message 1 was removed by another session');
    expect(await conn.command('TOP 1 0')).toBe('-ERR message 1 was removed by another session');
    expect(await conn.command('LIST 1')).toBe(`+OK 1 ${MESSAGE_1.length}`);
    expect(await conn.command('DELE 1')).toBe('+OK message 1 deleted');
    expect(await conn.command('QUIT')).toMatch(/\(0 messages deleted\)/);
  });
});

describe('POP3 \\Seen at QUIT', () => {
  const seen = () => fixture.env.alice.inbox.messages.map((m) => m.hasFlag(SEEN));

  it('sets \\Seen on RETR-ieved messages only when the session QUITs', async () => {
    const { conn } = await loggedIn();
    conn.send('RETR 1\r\n');
    await conn.multiline();
    conn.send('TOP 2 5\r\n');
    await conn.multiline();
    expect(seen()).toEqual([false, false, false]);
    await conn.command('QUIT');
    expect(seen()).toEqual([true, false, false]);
    const labels = fixture.env.store.journal.history().filter((e) => e.change.kind === 'flags').map((e) => e.origin.label);
    expect(labels).toEqual(['pop3 alice@example.com']);
  });

  it('sets nothing when the connection drops or after RSET', async () => {
    const dropped = await loggedIn();
    dropped.conn.send('RETR 1\r\n');
    await dropped.conn.multiline();
    dropped.conn.destroy();
    await dropped.server.closed;
    const { conn } = await loggedIn();
    conn.send('RETR 2\r\n');
    await conn.multiline();
    await conn.command('RSET');
    await conn.command('QUIT');
    expect(seen()).toEqual([false, false, false]);
  });
});

describe('POP3 maildrop lock', () => {
  const inUse = '-ERR [IN-USE] maildrop of alice@example.com is locked by another session';

  it('refuses a second session with [IN-USE] and releases the lock at QUIT', async () => {
    const first = await loggedIn();
    const second = await connect();
    expect(await second.conn.login()).toBe(inUse);
    await first.conn.command('QUIT');
    expect(await second.conn.login()).toMatch(/^\+OK alice@example.com/);
  });

  it('locks per account: another account logs in meanwhile', async () => {
    await loggedIn();
    const other = await connect();
    expect(await other.conn.login('bob', 'hunter2')).toMatch(/^\+OK bob@example.com/);
  });

  it('releases the lock when the connection drops', async () => {
    const first = await loggedIn();
    const second = await connect();
    expect(await second.conn.login()).toBe(inUse);
    first.conn.destroy();
    await first.server.closed;
    expect(await second.conn.login()).toMatch(/^\+OK alice@example.com/);
  });

  it('closes an idle session without deleting and releases the lock', async () => {
    const before = snapshotStore(fixture.env.store);
    const first = await loggedIn();
    await first.conn.command('DELE 1');
    expect(first.server.socket.timeout).toBe(IDLE_TIMEOUT_MS);
    // The socket's own inactivity timer firing (RFC 1939 autologout), without waiting 10 minutes.
    first.server.socket.emit('timeout');
    await first.conn.waitClosed();
    expect(first.conn.unread.length).toBe(0);
    expect(snapshotStore(fixture.env.store)).toEqual(before);
    const second = await connect();
    expect(await second.conn.login()).toMatch(/^\+OK alice@example.com/);
  });

  it('on server shutdown says nothing, deletes nothing and closes', async () => {
    const before = snapshotStore(fixture.env.store);
    const { conn } = await loggedIn();
    await conn.command('DELE 1');
    await fixture.env.close();
    await conn.waitClosed();
    expect(conn.unread.length).toBe(0);
    expect(snapshotStore(fixture.env.store)).toEqual(before);
  });
});
