import { afterEach, describe, expect, it } from 'vitest';
import { featuresOf } from '../../src/imap/features.js';
import { STANDARD_PROFILE } from '../../src/providers/standard.js';
import { imapWorld, type ImapWorld } from './helpers.js';

let world: ImapWorld;
afterEach(async () => world?.close());

describe('IMAP session basics', () => {
  it('greets with capabilities and answers CAPABILITY in any state', async () => {
    world = await imapWorld();
    const raw = await world.raw();
    const reply = await raw.command('a', 'CAPABILITY');
    expect(reply).toBe(`* CAPABILITY ${featuresOf(STANDARD_PROFILE).capabilities.join(' ')}\r\na OK CAPABILITY completed\r\n`);
    expect(reply).not.toContain('STARTTLS');
  });

  it('logs in with LOGIN and refuses a wrong password with AUTHENTICATIONFAILED', async () => {
    world = await imapWorld();
    const raw = await world.raw();
    expect(await raw.command('a', 'LOGIN alice@example.com wrong')).toBe('a NO [AUTHENTICATIONFAILED] Invalid user name or password\r\n');
    expect(await raw.command('b', 'LOGIN nobody secret')).toBe('b NO [AUTHENTICATIONFAILED] Invalid user name or password\r\n');
    expect(await raw.command('c', 'LOGIN "alice@example.com" "secret"')).toMatch(/^c OK \[CAPABILITY IMAP4rev1 .*\] Logged in as alice@example.com\r\n$/);
    expect(await raw.command('d', 'LOGIN alice@example.com secret')).toMatch(/^d BAD .*not valid in the authenticated state/);
  });

  it('says BYE after too many failed logins', async () => {
    world = await imapWorld();
    const raw = await world.raw();
    await raw.command('a', 'LOGIN alice x');
    await raw.command('b', 'LOGIN alice y');
    raw.write('c LOGIN alice z\r\n');
    await raw.closedByServer();
    expect(raw.text).toBe('* BYE Too many failed logins\r\nc NO [AUTHENTICATIONFAILED] Invalid user name or password\r\n');
  });

  it('authenticates with PLAIN, with and without an initial response, and honours cancel', async () => {
    world = await imapWorld();
    const token = Buffer.from('\0alice@example.com\0secret').toString('base64');
    const first = await world.raw();
    expect(await first.command('a', `AUTHENTICATE PLAIN ${token}`)).toMatch(/^a OK /);
    const second = await world.raw();
    second.write('b AUTHENTICATE PLAIN\r\n');
    await second.readUntil(/^\+ \r\n/m);
    second.take();
    second.write(`${token}\r\n`);
    expect(await second.readUntil(/^b OK/m)).toMatch(/^b OK \[CAPABILITY [^\]]+\] Logged in as alice@example.com\r\n$/);
    const third = await world.raw();
    third.write('c AUTHENTICATE PLAIN\r\n');
    await third.readUntil(/^\+ \r\n/m);
    third.take();
    third.write('*\r\n');
    expect(await third.readUntil(/^c BAD/m)).toBe('c BAD AUTHENTICATE cancelled\r\n');
    expect(await third.command('d', 'NOOP')).toBe('d OK NOOP completed\r\n');
    const fourth = await world.raw();
    expect(await fourth.command('e', 'AUTHENTICATE CRAM-MD5')).toBe('e NO [CANNOT] Unsupported mechanism CRAM-MD5; use PLAIN\r\n');
  });

  it('never shows the password in the transcript', async () => {
    world = await imapWorld();
    const raw = await world.raw();
    await raw.command('a', 'LOGIN alice@example.com secret');
    const token = Buffer.from('\0alice@example.com\0secret').toString('base64');
    const other = await world.raw();
    other.write('b AUTHENTICATE PLAIN\r\n');
    await other.readUntil(/^\+ /m);
    other.write(`${token}\r\n`);
    await other.readUntil(/^b OK/m);
    const text = world.wire.map((e) => `${e.direction}: ${e.text}`).join('\n');
    expect(text).toContain('C: a LOGIN alice@example.com ********');
    expect(text).toContain('C: b AUTHENTICATE PLAIN\nS: + \nC: ********');
    expect(text).not.toContain('secret');
    expect(text).not.toContain(token);
  });

  it('answers unknown commands, wrong states and bad arguments with BAD and goes on', async () => {
    world = await imapWorld();
    const raw = await world.raw();
    expect(await raw.command('a', 'FROBNICATE')).toBe('a BAD Unknown command FROBNICATE\r\n');
    expect(await raw.command('b', 'SELECT INBOX')).toMatch(/^b BAD \[CLIENTBUG\] SELECT is not valid in the not-authenticated state/);
    expect(await raw.command('c', 'LOGIN onlyuser')).toMatch(/^c BAD /);
    expect(await raw.command('d', 'NOOP extra')).toMatch(/^d BAD /);
    raw.take();
    raw.write('\r\n');
    expect(await raw.readUntil(/\r\n/)).toMatch(/^\* BAD /);
    expect(await raw.command('e', 'NOOP')).toBe('e OK NOOP completed\r\n');
  });

  it('selects a mailbox with the RFC 3501 responses and CONDSTORE HIGHESTMODSEQ', async () => {
    world = await imapWorld();
    world.deliver('one', { flags: ['\\Seen'] });
    world.deliver('two');
    const raw = await world.raw();
    const reply = await raw.loginAndSelect();
    const box = world.alice.inbox;
    expect(reply).toBe(
      '* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n' +
        '* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags and keywords can be stored\r\n' +
        '* 2 EXISTS\r\n* 2 RECENT\r\n' +
        '* OK [UNSEEN 2] Message 2 is the first unseen\r\n' +
        `* OK [UIDVALIDITY ${box.uidValidity}] UIDs valid\r\n* OK [UIDNEXT 3] Predicted next UID\r\n` +
        `* OK [MAILBOXID (F${box.uidValidity})] Mailbox id\r\n* OK [HIGHESTMODSEQ ${box.highestModSeq}] Highest\r\n` +
        'S1 OK [READ-WRITE] SELECT completed\r\n',
    );
    const again = await world.raw();
    await again.command('L', 'LOGIN alice secret');
    const examined = await again.command('E', 'EXAMINE INBOX');
    expect(examined).toContain('* 0 RECENT\r\n');
    expect(examined).toContain('E OK [READ-ONLY] EXAMINE completed');
    expect(await again.command('F', 'SELECT Nowhere')).toBe('F NO [NONEXISTENT] No mailbox named Nowhere\r\n');
    expect(await again.command('G', 'NOOP')).toBe('G OK NOOP completed\r\n');
    expect(await again.command('H', 'CLOSE')).toMatch(/^H BAD .*not valid in the authenticated state/);
  });

  it('pushes EXISTS, FETCH FLAGS and EXPUNGE to an idling session at once', async () => {
    world = await imapWorld();
    const kept = world.deliver('kept');
    const raw = await world.raw();
    await raw.loginAndSelect();
    await raw.command('E', 'ENABLE CONDSTORE');
    raw.write('I IDLE\r\n');
    await raw.readUntil(/^\+ idling\r\n/m);
    raw.take();
    const added = world.deliver('new');
    await raw.readUntil(/\* 2 RECENT\r\n/);
    expect(raw.take()).toBe('* 2 EXISTS\r\n* 2 RECENT\r\n');
    world.alice.inbox.setFlags([kept], 'add', ['\\Seen'], { label: 'other' });
    await raw.readUntil(/FETCH/);
    expect(raw.take()).toBe(`* 1 FETCH (UID 1 FLAGS (\\Seen \\Recent) MODSEQ (${kept.modseq}))\r\n`);
    world.alice.inbox.expunge([kept], { label: 'other' });
    await raw.readUntil(/EXPUNGE/);
    expect(raw.take()).toBe('* 1 EXPUNGE\r\n');
    raw.write('DONE\r\n');
    expect(await raw.readUntil(/^I OK/m)).toBe('I OK IDLE terminated\r\n');
    expect(added.uid).toBe(2);
  });

  it('queues changes for a session that is not idling until its next command', async () => {
    world = await imapWorld();
    const first = world.deliver('first');
    const raw = await world.raw();
    await raw.loginAndSelect();
    world.alice.inbox.expunge([first], { label: 'other' });
    world.deliver('second');
    expect(raw.text).toBe('');
    expect(await raw.command('n', 'NOOP')).toBe('* 1 EXPUNGE\r\n* 1 EXISTS\r\n* 1 RECENT\r\nn OK NOOP completed\r\n');
  });

  it('ends IDLE with BAD when the line is not DONE', async () => {
    world = await imapWorld();
    const raw = await world.raw();
    await raw.loginAndSelect();
    raw.write('I IDLE\r\n');
    await raw.readUntil(/^\+ idling/m);
    raw.take();
    raw.write('NOT DONE\r\n');
    expect(await raw.readUntil(/^I /m)).toBe('I BAD Expected DONE to end IDLE\r\n');
    expect(await raw.command('n', 'NOOP')).toBe('n OK NOOP completed\r\n');
  });

  it('ENABLE CONDSTORE with a mailbox selected reports HIGHESTMODSEQ, and ignores unknown extensions', async () => {
    world = await imapWorld();
    world.deliver('one');
    const raw = await world.raw();
    await raw.loginAndSelect();
    expect(await raw.command('e', 'ENABLE CONDSTORE UTF8=ACCEPT X-UNKNOWN')).toBe(
      `* ENABLED CONDSTORE UTF8=ACCEPT\r\n* OK [HIGHESTMODSEQ ${world.alice.inbox.highestModSeq}] Highest\r\ne OK ENABLE completed\r\n`,
    );
    expect(await raw.command('f', 'ENABLE CONDSTORE')).toBe('* ENABLED\r\nf OK ENABLE completed\r\n');
  });

  it('answers ID, NAMESPACE, CHECK and UNSELECT', async () => {
    world = await imapWorld();
    const raw = await world.raw();
    expect(await raw.command('i', 'ID NIL')).toMatch(/^\* ID \("name" "mailsim" "version" "[^"]+" "vendor" "mailsim"\)\r\ni OK ID completed\r\n$/);
    await raw.command('l', 'LOGIN alice secret');
    expect(await raw.command('n', 'NAMESPACE')).toBe('* NAMESPACE (("" "/")) NIL NIL\r\nn OK NAMESPACE completed\r\n');
    await raw.command('s', 'SELECT INBOX');
    expect(await raw.command('c', 'CHECK')).toBe('c OK CHECK completed\r\n');
    expect(await raw.command('u', 'UNSELECT')).toBe('u OK UNSELECT completed\r\n');
    expect(await raw.command('x', 'CHECK')).toMatch(/^x BAD .*not valid in the authenticated state/);
  });

  it('CLOSE expunges \\Deleted messages silently; UNSELECT and EXAMINE+CLOSE do not', async () => {
    world = await imapWorld();
    world.deliver('keep');
    world.deliver('drop', { flags: ['\\Deleted'] });
    const raw = await world.raw();
    await raw.command('l', 'LOGIN alice secret');
    await raw.command('e', 'EXAMINE INBOX');
    expect(await raw.command('c1', 'CLOSE')).toBe('c1 OK CLOSE completed\r\n');
    expect(world.alice.inbox.messages).toHaveLength(2);
    await raw.command('s', 'SELECT INBOX');
    expect(await raw.command('u', 'UNSELECT')).toBe('u OK UNSELECT completed\r\n');
    expect(world.alice.inbox.messages).toHaveLength(2);
    await raw.command('s2', 'SELECT INBOX');
    expect(await raw.command('c2', 'CLOSE')).toBe('c2 OK CLOSE completed\r\n');
    expect(world.alice.inbox.messages.map((m) => m.uid)).toEqual([1]);
  });

  it('EXPUNGE reports removed messages with decreasing-safe sequence numbers, and UID EXPUNGE only its set', async () => {
    world = await imapWorld();
    for (const s of ['a', 'b', 'c', 'd']) world.deliver(s, { flags: s === 'c' ? [] : ['\\Deleted'] });
    const raw = await world.raw();
    await raw.loginAndSelect();
    expect(await raw.command('u', 'UID EXPUNGE 2')).toBe('* 2 EXPUNGE\r\nu OK UID EXPUNGE completed\r\n');
    expect(await raw.command('x', 'EXPUNGE')).toBe('* 1 EXPUNGE\r\n* 2 EXPUNGE\r\nx OK EXPUNGE completed\r\n');
    expect(world.alice.inbox.messages.map((m) => m.uid)).toEqual([3]);
  });

  it('LOGOUT says BYE, completes, and closes', async () => {
    world = await imapWorld();
    const raw = await world.raw();
    raw.write('z LOGOUT\r\n');
    await raw.closedByServer();
    expect(raw.text).toBe('* BYE Logging out\r\nz OK LOGOUT completed\r\n');
  });

  it('drives imapflow through connect, ENABLE and IDLE events', async () => {
    world = await imapWorld();
    world.deliver('hello');
    const client = await world.client();
    expect(client.enabled.has('CONDSTORE')).toBe(true);
  });
});
