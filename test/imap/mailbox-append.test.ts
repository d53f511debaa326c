import { afterEach, describe, expect, it } from 'vitest';
import { imapWorld, T0, type ImapWorld, type RawImap } from './helpers.js';

let world: ImapWorld;
afterEach(async () => world?.close());

async function loggedIn(): Promise<RawImap> {
  const raw = await world.raw();
  await raw.command('L', 'LOGIN alice@example.com secret');
  return raw;
}

/** `tag APPEND <args> {n+}` followed by the octets, in one write (LITERAL+). */
async function append(raw: RawImap, tag: string, args: string, message: Buffer | string): Promise<string> {
  const bytes = Buffer.isBuffer(message) ? message : Buffer.from(message, 'latin1');
  raw.take();
  raw.write(Buffer.concat([Buffer.from(`${tag} APPEND ${args} {${bytes.length}+}\r\n`), bytes, Buffer.from('\r\n')]));
  await raw.readUntil(new RegExp(`^${tag} (OK|NO|BAD)[^\\r\\n]*\\r\\n`, 'm'));
  return raw.take();
}

describe('APPEND (RFC 3501 6.3.11, UIDPLUS RFC 4315)', () => {
  it('stores the literal byte for byte with flags and internal date, and answers APPENDUID', async () => {
    world = await imapWorld();
    const sent = world.alice.mailbox('Sent')!;
    const raw = await loggedIn();
    // CRLF, a bare LF, 8-bit and NUL octets, no final newline: all kept as sent.
    const message = Buffer.concat([Buffer.from('Subject: caf\xe9\r\nX: a\nb\r\n\r\nbody\x00end', 'latin1')]);
    expect(await append(raw, 'a', 'Sent (\\Seen \\flagged $Work) "05-Mar-2024 10:30:00 +0200"', message)).toBe(
      `a OK [APPENDUID ${sent.uidValidity} 1] APPEND completed\r\n`,
    );
    const [stored] = sent.messages;
    expect(stored!.raw.equals(message)).toBe(true);
    expect([...stored!.flags].sort()).toEqual(['$Work', '\\Flagged', '\\Seen']);
    expect(stored!.internalDate).toBe(Date.UTC(2024, 2, 5, 8, 30, 0));
    expect(sent.keywords.has('$Work')).toBe(true);
    // Without a date the internal date is the server clock's now; UIDs keep growing.
    world.clock.advance(60_000);
    expect(await append(raw, 'b', 'Sent', 'Subject: two\r\n\r\n')).toBe(`b OK [APPENDUID ${sent.uidValidity} 2] APPEND completed\r\n`);
    expect(sent.messages[1]!.internalDate).toBe(T0 + 60_000);
    expect(sent.messages[1]!.flags).toEqual([]);
    expect(await append(raw, 'c', 'Sent ()', 'Subject: three\r\n\r\n')).toBe(`c OK [APPENDUID ${sent.uidValidity} 3] APPEND completed\r\n`);
  });

  it('waits for the synchronizing literal with a continuation', async () => {
    world = await imapWorld();
    const raw = await loggedIn();
    raw.take();
    raw.write('a APPEND INBOX {12}\r\n');
    expect(await raw.readUntil(/\r\n/)).toBe('+ Ready for literal data\r\n');
    raw.take();
    raw.write('Subject: hi\n\r\n');
    expect(await raw.readUntil(/^a /m)).toBe(`a OK [APPENDUID ${world.alice.inbox.uidValidity} 1] APPEND completed\r\n`);
    expect(world.alice.inbox.messages[0]!.raw.toString()).toBe('Subject: hi\n');
  });

  it('announces the new message to this session when it has the mailbox selected', async () => {
    world = await imapWorld();
    world.deliver('first');
    const raw = await world.raw();
    await raw.loginAndSelect();
    expect(await append(raw, 'a', 'INBOX (\\Seen)', 'Subject: mine\r\n\r\nx\r\n')).toBe(
      `* 2 EXISTS\r\n* 2 RECENT\r\na OK [APPENDUID ${world.alice.inbox.uidValidity} 2] APPEND completed\r\n`,
    );
  });

  it('reaches another session: at its next command, or at once while it idles', async () => {
    world = await imapWorld();
    const poller = await world.raw();
    await poller.loginAndSelect();
    const idler = await world.raw();
    await idler.loginAndSelect('Drafts');
    idler.write('I IDLE\r\n');
    await idler.readUntil(/^\+ /m);
    idler.take();
    const actor = await loggedIn();
    expect(await append(actor, 'a', 'Drafts (\\Draft)', 'Subject: draft\r\n\r\n')).toMatch(/^a OK \[APPENDUID \d+ 1\]/);
    expect(await idler.readUntil(/RECENT\r\n/)).toBe('* 1 EXISTS\r\n* 1 RECENT\r\n');
    idler.take();
    expect(await append(actor, 'b', 'INBOX', 'Subject: hello\r\n\r\n')).toMatch(/^b OK \[APPENDUID \d+ 1\]/);
    expect(poller.text).toBe('');
    expect(await poller.command('n', 'NOOP')).toBe('* 1 EXISTS\r\n* 1 RECENT\r\nn OK NOOP completed\r\n');
    idler.write('DONE\r\n');
    expect(await idler.readUntil(/^I /m)).toBe('I OK IDLE terminated\r\n');
  });

  it('answers each bad APPEND with a reason, stores nothing, and goes on', async () => {
    world = await imapWorld();
    world.alice.createMailbox('Old/Child');
    world.alice.deleteMailbox('Old', { label: 'test' });
    world.deliver('existing');
    const snapshot = world.snapshot();
    const raw = await loggedIn();
    expect(await append(raw, 'a', 'Nowhere', 'Subject: x\r\n\r\n')).toBe('a NO [TRYCREATE] No mailbox named Nowhere; create it first\r\n');
    expect(await append(raw, 'b', 'Old', 'Subject: x\r\n\r\n')).toBe('b NO [TRYCREATE] No mailbox named Old; create it first\r\n');
    expect(await append(raw, 'c', '"a*b"', 'Subject: x\r\n\r\n')).toBe('c NO [NONEXISTENT] No mailbox named a*b, and that name cannot be created\r\n');
    expect(await append(raw, 'd', 'INBOX', '')).toBe('d NO [CANNOT] Cannot save a zero-byte message\r\n');
    expect(await append(raw, 'e', 'INBOX (\\Recent)', 'Subject: x\r\n\r\n')).toMatch(/^e BAD APPEND: \\Recent cannot be set or cleared by a client/);
    expect(await append(raw, 'f', 'INBOX (\\Bogus)', 'Subject: x\r\n\r\n')).toMatch(/^f BAD APPEND: unknown system flag "\\Bogus"/);
    expect(await append(raw, 'g', 'INBOX "31-Feb-2024 00:00:00 +0000"', 'Subject: x\r\n\r\n')).toMatch(/^g BAD APPEND: /);
    expect(await raw.command('h', 'APPEND INBOX (\\Seen)')).toMatch(/^h BAD APPEND: missing the message as a literal/);
    expect(await raw.command('i', 'APPEND')).toMatch(/^i BAD APPEND: missing a mailbox name/);
    expect(await append(raw, 'j', 'INBOX (\\Seen) extra', 'x')).toMatch(/^j BAD APPEND: /);
    expect(world.snapshot()).toBe(snapshot);
    const other = await world.raw();
    expect(await append(other, 'k', 'INBOX', 'Subject: x\r\n\r\n')).toBe('k BAD [CLIENTBUG] APPEND is not valid in the not-authenticated state\r\n');
    expect(await append(raw, 'l', 'INBOX', 'Subject: fine\r\n\r\n')).toMatch(/^l OK \[APPENDUID \d+ 2\] APPEND completed/);
  });
});
