/**
 * The queue of changes a session has not been told yet (selected.ts): nothing is lost, \Recent goes
 * to the session that hears of a message first, and the queue stays bounded however long a client
 * stays silent while others change the mailbox.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_PENDING_CHANGES, MAX_PENDING_FLAG_MESSAGES } from '../../src/imap/limits.js';
import { imapWorld, type ImapWorld, type RawImap } from './helpers.js';

let world: ImapWorld;
afterEach(async () => world?.close());

async function session(mailbox = 'INBOX'): Promise<RawImap> {
  const raw = await world.raw();
  await raw.loginAndSelect(mailbox);
  return raw;
}

describe('flag news', () => {
  it("another session's flag change survives this session's own .SILENT STORE behind a held EXPUNGE", async () => {
    world = await imapWorld();
    ['one', 'two'].forEach((subject) => world.deliver(subject, { flags: subject === 'one' ? ['\\Deleted'] : [] }));
    const a = await session();
    const b = await session();
    // B expunges message 1: A may not hear of it during a non-UID STORE (RFC 3501 7.4.1)...
    expect(await b.command('b1', 'UID EXPUNGE 1')).toContain('* 1 EXPUNGE');
    // ...then flags message 2, which A has not been told either.
    expect(await b.command('b2', 'STORE 1 +FLAGS.SILENT (\\Flagged)')).toBe('b2 OK STORE completed\r\n');
    // A changes message 2 too, silently: its own change needs no report, B's still does.
    expect(await a.command('a1', 'STORE 2 +FLAGS.SILENT (\\Seen)')).toBe('a1 OK STORE completed\r\n');
    expect(await a.command('a2', 'NOOP')).toBe('* 1 EXPUNGE\r\n* 1 FETCH (UID 2 FLAGS (\\Flagged \\Seen \\Recent))\r\na2 OK NOOP completed\r\n');
  });

  it('a response that carried the FLAGS makes a later report unnecessary, a silent one does not', async () => {
    world = await imapWorld();
    ['one', 'two'].forEach((subject) => world.deliver(subject));
    const a = await session();
    const b = await session();
    expect(await b.command('b1', 'STORE 1:2 +FLAGS.SILENT (\\Flagged)')).toBe('b1 OK STORE completed\r\n');
    // UID FETCH reports queued news first (an unsolicited FETCH), then its own data.
    expect(await a.command('a1', 'UID FETCH 1 FLAGS')).toBe(
      '* 1 FETCH (UID 1 FLAGS (\\Flagged \\Recent))\r\n* 2 FETCH (UID 2 FLAGS (\\Flagged \\Recent))\r\n* 1 FETCH (UID 1 FLAGS (\\Flagged \\Recent))\r\na1 OK UID FETCH completed\r\n',
    );
    // Nothing left: A's own echoed STORE is its own news.
    expect(await a.command('a2', 'STORE 1 +FLAGS (\\Seen)')).toBe('* 1 FETCH (UID 1 FLAGS (\\Flagged \\Seen \\Recent))\r\na2 OK STORE completed\r\n');
    expect(await a.command('a3', 'NOOP')).toBe('a3 OK NOOP completed\r\n');
  });
});

describe('\\Recent (RFC 3501 2.3.2)', () => {
  it('is claimed only for messages whose EXISTS the session has heard', async () => {
    world = await imapWorld();
    world.deliver('old', { flags: ['\\Deleted'] });
    const a = await session();
    const b = await session();
    world.deliver('first new');
    expect(await b.command('b1', 'UID EXPUNGE 1')).toContain('* 1 EXPUNGE');
    world.deliver('second new');
    // A hears of uid 2 (and claims it), then the EXPUNGE is held during a non-UID FETCH, and with it
    // the EXISTS of uid 3 that came after.
    expect(await a.command('a1', 'FETCH 1 UID')).toBe('* 2 EXISTS\r\n* 1 RECENT\r\n* 1 FETCH (UID 1)\r\na1 OK [EXPUNGEISSUED] FETCH completed; some of these messages were expunged by another session\r\n');
    a.destroy();
    // A never heard of uid 3, so it is still \Recent for the next session.
    const c = await world.raw();
    await c.command('c0', 'LOGIN alice@example.com secret');
    expect(await c.command('c1', 'SELECT INBOX')).toContain('* 1 RECENT');
  });

  it('EXAMINE shows new arrivals as \\Recent without claiming them', async () => {
    world = await imapWorld();
    const examiner = await world.raw();
    await examiner.command('e0', 'LOGIN alice@example.com secret');
    expect(await examiner.command('e1', 'EXAMINE INBOX')).toContain('* 0 RECENT');
    world.deliver('arrives');
    expect(await examiner.command('e2', 'NOOP')).toBe('* 1 EXISTS\r\n* 1 RECENT\r\ne2 OK NOOP completed\r\n');
    expect(await examiner.command('e3', 'FETCH 1 FLAGS')).toBe('* 1 FETCH (FLAGS (\\Recent))\r\ne3 OK FETCH completed\r\n');
    const selector = await session();
    expect(await selector.command('s1', 'FETCH 1 FLAGS')).toBe('* 1 FETCH (FLAGS (\\Recent))\r\ns1 OK FETCH completed\r\n');
  });
});

describe('a silent session while others change the mailbox', () => {
  it('keeps one entry per message for flag news, then one mark, and still reports every change', async () => {
    world = await imapWorld();
    const count = MAX_PENDING_FLAG_MESSAGES + 500;
    for (let i = 0; i < count; i++) world.deliver(`m${i}`);
    const idle = await session();
    const busy = await session();
    for (const flag of ['\\Seen', '\\Flagged', '\\Answered', '$Label']) {
      expect(await busy.command('b', `STORE 1:* +FLAGS.SILENT (${flag})`)).toMatch(/b OK STORE completed\r\n$/);
    }
    const reply = await idle.command('i', 'NOOP');
    const fetches = reply.split('\r\n').filter((line) => line.includes(' FETCH '));
    expect(fetches).toHaveLength(count);
    expect(fetches[0]).toBe('* 1 FETCH (UID 1 FLAGS (\\Answered \\Flagged \\Seen $Label \\Recent))');
  });

  it(`says BYE past ${MAX_PENDING_CHANGES} untold arrivals instead of holding them`, async () => {
    world = await imapWorld();
    const silent = await session();
    for (let i = 0; i <= MAX_PENDING_CHANGES; i++) world.deliver(`m${i}`);
    await silent.closedByServer();
    expect(silent.text).toBe('* BYE Too many changes while you were away; please reconnect\r\n');
    // A fresh session sees everything.
    const fresh = await session();
    expect(await fresh.command('n', 'NOOP')).toBe('n OK NOOP completed\r\n');
    expect(world.alice.inbox.messages).toHaveLength(MAX_PENDING_CHANGES + 1);
  });
});
