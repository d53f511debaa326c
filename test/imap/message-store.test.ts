import { afterEach, describe, expect, it } from 'vitest';
import { imapWorld, type ImapWorld, type RawImap } from './helpers.js';

let world: ImapWorld;
afterEach(async () => world?.close());

const ORIGIN = { label: 'test' };

async function selected(): Promise<RawImap> {
  const raw = await world.raw();
  await raw.loginAndSelect();
  return raw;
}

describe('STORE, byte for byte', () => {
  it('adds, removes and replaces flags and echoes FETCH (UID FLAGS) for every message of the set', async () => {
    world = await imapWorld();
    const [one, two] = [world.deliver('one', { flags: ['\\Seen'] }), world.deliver('two')];
    const raw = await selected();
    expect(await raw.command('a', 'STORE 1:2 +FLAGS (\\Flagged)')).toBe(
      '* 1 FETCH (UID 1 FLAGS (\\Flagged \\Seen \\Recent))\r\n* 2 FETCH (UID 2 FLAGS (\\Flagged \\Recent))\r\na OK STORE completed\r\n',
    );
    // A message that already had the flag is still echoed (its flags, unchanged).
    expect(await raw.command('b', 'STORE 2,1 -FLAGS \\Seen')).toBe(
      '* 1 FETCH (UID 1 FLAGS (\\Flagged \\Recent))\r\n* 2 FETCH (UID 2 FLAGS (\\Flagged \\Recent))\r\nb OK STORE completed\r\n',
    );
    expect(await raw.command('c', 'UID STORE 2 FLAGS (\\answered \\DRAFT)')).toBe('* 2 FETCH (UID 2 FLAGS (\\Answered \\Draft \\Recent))\r\nc OK UID STORE completed\r\n');
    expect(await raw.command('d', 'STORE 2 FLAGS ()')).toBe('* 2 FETCH (UID 2 FLAGS (\\Recent))\r\nd OK STORE completed\r\n');
    expect([one.flags, two.flags]).toEqual([['\\Flagged'], []]);
    // Our own changes are not reported to us a second time.
    expect(await raw.command('e', 'NOOP')).toBe('e OK NOOP completed\r\n');
  });

  it('.SILENT answers with nothing but the tagged OK', async () => {
    world = await imapWorld();
    const one = world.deliver('one');
    const raw = await selected();
    expect(await raw.command('a', 'STORE 1 +FLAGS.SILENT (\\Deleted)')).toBe('a OK STORE completed\r\n');
    expect(await raw.command('b', 'UID STORE 1 -FLAGS.SILENT (\\Deleted)')).toBe('b OK UID STORE completed\r\n');
    expect(await raw.command('c', 'STORE 1 FLAGS.SILENT (\\Seen)')).toBe('c OK STORE completed\r\n');
    expect(one.flags).toEqual(['\\Seen']);
  });

  it('announces a new keyword with FLAGS and PERMANENTFLAGS, then echoes it', async () => {
    world = await imapWorld();
    const one = world.deliver('one');
    const raw = await selected();
    const system = '\\Answered \\Flagged \\Deleted \\Seen \\Draft';
    expect(await raw.command('a', 'STORE 1 +FLAGS ($Forwarded Work)')).toBe(
      `* FLAGS (${system} $Forwarded Work)\r\n` +
        `* OK [PERMANENTFLAGS (${system} $Forwarded Work \\*)] Flags and keywords can be stored\r\n` +
        '* 1 FETCH (UID 1 FLAGS ($Forwarded Work \\Recent))\r\na OK STORE completed\r\n',
    );
    // Known keywords, matched case-insensitively: no announcement, no change.
    expect(await raw.command('b', 'STORE 1 +FLAGS (work)')).toBe('* 1 FETCH (UID 1 FLAGS ($Forwarded Work \\Recent))\r\nb OK STORE completed\r\n');
    expect(one.flags).toEqual(['$Forwarded', 'Work']);
  });

  it('with CONDSTORE on, echoes MODSEQ; UNCHANGEDSINCE refuses stale messages with [MODIFIED]', async () => {
    world = await imapWorld();
    const [one, two, three] = ['one', 'two', 'three'].map((subject) => world.deliver(subject));
    const raw = await selected();
    const before = world.alice.inbox.highestModSeq;
    world.alice.inbox.setFlags([two!], 'add', ['\\Flagged'], ORIGIN);
    // UNCHANGEDSINCE turns CONDSTORE on (RFC 7162 3.1). Message 2 changed after `before`: refused.
    const reply = await raw.command('a', `STORE 1:3 (UNCHANGEDSINCE ${before}) +FLAGS (\\Seen)`);
    expect(reply).toBe(
      '* 2 FETCH (UID 2 FLAGS (\\Flagged \\Recent))\r\n' +
        `* 1 FETCH (UID 1 FLAGS (\\Seen \\Recent) MODSEQ (${one!.modseq}))\r\n` +
        `* 3 FETCH (UID 3 FLAGS (\\Seen \\Recent) MODSEQ (${three!.modseq}))\r\n` +
        'a OK [MODIFIED 2] Conditional STORE failed for some messages\r\n',
    );
    expect(two!.flags).toEqual(['\\Flagged']);
    // UID STORE names the refused messages by UID; UNCHANGEDSINCE 0 always fails (RFC 7162 3.1.3).
    expect(await raw.command('b', 'UID STORE 1:3 (UNCHANGEDSINCE 0) -FLAGS (\\Seen)')).toBe('b OK [MODIFIED 1:3] Conditional STORE failed for some messages\r\n');
    expect(await raw.command('c', 'STORE 2 +FLAGS (\\Answered)')).toBe(`* 2 FETCH (UID 2 FLAGS (\\Answered \\Flagged \\Recent) MODSEQ (${two!.modseq}))\r\nc OK STORE completed\r\n`);
  });

  it('.SILENT with UNCHANGEDSINCE still sends FETCH (UID MODSEQ) for what it changed (RFC 7162 3.1.3)', async () => {
    world = await imapWorld();
    const [one, two] = ['one', 'two'].map((subject) => world.deliver(subject));
    const raw = await selected();
    const since = world.alice.inbox.highestModSeq;
    expect(await raw.command('a', `UID STORE 1:2 (UNCHANGEDSINCE ${since}) +FLAGS.SILENT (\\Deleted)`)).toBe(
      `* 1 FETCH (UID 1 MODSEQ (${one!.modseq}))\r\n* 2 FETCH (UID 2 MODSEQ (${two!.modseq}))\r\na OK UID STORE completed\r\n`,
    );
    // Nothing to change on message 1; message 2 changed since: MODIFIED, and no FETCH at all.
    world.alice.inbox.setFlags([two!], 'add', ['\\Flagged'], ORIGIN);
    expect(await raw.command('b', `STORE 1:2 (UNCHANGEDSINCE ${one!.modseq}) +FLAGS.SILENT (\\Deleted)`)).toBe(
      `* 2 FETCH (UID 2 FLAGS (\\Flagged \\Deleted \\Recent) MODSEQ (${two!.modseq}))\r\nb OK [MODIFIED 2] Conditional STORE failed for some messages\r\n`,
    );
  });
});

describe('STORE refusals', () => {
  it('refuses a read-only mailbox with NO and changes nothing', async () => {
    world = await imapWorld();
    const one = world.deliver('one');
    const raw = await world.raw();
    await raw.command('l', 'LOGIN alice secret');
    await raw.command('x', 'EXAMINE INBOX');
    expect(await raw.command('a', 'STORE 1 +FLAGS (\\Seen)')).toBe('a NO [READ-ONLY] Mailbox is read-only (EXAMINE); flags cannot be changed\r\n');
    expect(await raw.command('b', 'UID STORE 1 +FLAGS.SILENT (\\Seen)')).toBe('b NO [READ-ONLY] Mailbox is read-only (EXAMINE); flags cannot be changed\r\n');
    expect(one.flags).toEqual([]);
  });

  it('answers BAD for out-of-range numbers, \\Recent, unknown system flags and bad syntax', async () => {
    world = await imapWorld();
    world.deliver('one');
    const before = world.snapshot();
    const raw = await selected();
    expect(await raw.command('a', 'STORE 2 +FLAGS (\\Seen)')).toBe('a BAD Message sequence number out of range in 2: the mailbox has 1 message\r\n');
    expect(await raw.command('b', 'STORE 1 +FLAGS (\\Recent)')).toMatch(/^b BAD .*\\Recent/);
    expect(await raw.command('c', 'STORE 1 +FLAGS (\\Important)')).toMatch(/^c BAD /);
    expect(await raw.command('d', 'STORE 1 FLAGZ (\\Seen)')).toMatch(/^d BAD STORE: expected FLAGS, \+FLAGS or -FLAGS/);
    expect(await raw.command('e', 'STORE 1 +FLAGS')).toMatch(/^e BAD /);
    expect(await raw.command('f', 'STORE 1 (UNCHANGEDSINCE x) +FLAGS (\\Seen)')).toMatch(/^f BAD /);
    expect(await raw.command('g', 'UID STORE 9 +FLAGS (\\Seen)')).toBe('g OK UID STORE completed\r\n');
    expect(world.snapshot()).toBe(before);
  });
});

describe('STORE through imapflow', () => {
  it('messageFlagsAdd / Remove / Set with system flags and keywords', async () => {
    world = await imapWorld();
    const [one, two] = [world.deliver('one'), world.deliver('two')];
    const client = await world.client();
    await client.mailboxOpen('INBOX');
    const events: Array<{ uid?: number; flags: string[] }> = [];
    client.on('flags', (event: { uid?: number; flags: Set<string> }) => events.push({ uid: event.uid, flags: [...event.flags] }));
    expect(await client.messageFlagsAdd('1:*', ['\\Seen', '$Forwarded'])).toBe(true);
    expect([one.flags, two.flags]).toEqual([
      ['\\Seen', '$Forwarded'],
      ['\\Seen', '$Forwarded'],
    ]);
    expect(await client.messageFlagsRemove({ uid: '2' }, ['$Forwarded'], { uid: true })).toBe(true);
    expect(two.flags).toEqual(['\\Seen']);
    expect(await client.messageFlagsSet('1', ['\\Flagged', 'Project-X'])).toBe(true);
    expect(one.flags).toEqual(['\\Flagged', 'Project-X']);
    // imapflow reads untagged FLAGS only while selecting; the FLAGS we send for a new keyword is
    // harmless to it, and it keeps accepting keywords because PERMANENTFLAGS has \*.
    // Every echo reached imapflow as a flags event, with its UID.
    expect(events.at(-1)).toEqual({ uid: 1, flags: ['\\Flagged', 'Project-X'] });
    const listed = [];
    for await (const message of client.fetch('1:*', { flags: true })) listed.push([message.uid, [...(message.flags ?? [])]]);
    // No \Recent: imapflow enables IMAP4rev2 (RFC 9051 E.1).
    expect(listed).toEqual([
      [1, ['\\Flagged', 'Project-X']],
      [2, ['\\Seen']],
    ]);
  });

  it('a conditional store through imapflow leaves a message changed by someone else alone', async () => {
    world = await imapWorld();
    const [one, two] = [world.deliver('one'), world.deliver('two')];
    const client = await world.client();
    await client.mailboxOpen('INBOX');
    const since = BigInt(world.alice.inbox.highestModSeq);
    world.alice.inbox.setFlags([two], 'add', ['\\Answered'], ORIGIN);
    expect(await client.messageFlagsAdd('1:2', ['\\Seen'], { unchangedSince: since })).toBe(true);
    expect([one.flags, two.flags]).toEqual([['\\Seen'], ['\\Answered']]);
  });
});
