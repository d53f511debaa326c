/**
 * Two sessions on one mailbox (RFC 3501 5.5, 7.4.1; DESIGN.md): each keeps its own sequence
 * numbers; EXPUNGE never arrives during a non-UID FETCH, STORE or SEARCH, and never after an EXISTS
 * that happened later; a session's own flag changes come back in its own STORE/FETCH response and
 * reach the others at once when they idle.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { imapWorld, type ImapWorld, type RawImap } from './helpers.js';

let world: ImapWorld;
afterEach(async () => world?.close());

async function session(): Promise<RawImap> {
  const raw = await world.raw();
  await raw.loginAndSelect();
  return raw;
}

/** B flags message `seq` \Deleted and expunges it, as a second device would. */
async function deleteFrom(b: RawImap, seq: number): Promise<void> {
  expect(await b.command('bd', `STORE ${seq} +FLAGS.SILENT (\\Deleted)`)).toBe('bd OK STORE completed\r\n');
  expect(await b.command('bx', 'EXPUNGE')).toBe(`* ${seq} EXPUNGE\r\nbx OK EXPUNGE completed\r\n`);
}

/** B expunges one message that was \Deleted from the start (so A hears of no flag change first). */
async function expungeFrom(b: RawImap, uid: number, seq: number): Promise<void> {
  // (B may first hear of A's flag changes.)
  expect((await b.command('bx', `UID EXPUNGE ${uid}`)).endsWith(`* ${seq} EXPUNGE\r\nbx OK UID EXPUNGE completed\r\n`)).toBe(true);
}

/** Waits for what matches, returns it and everything before, and clears it. */
async function next(raw: RawImap, pattern: RegExp): Promise<string> {
  await raw.readUntil(pattern);
  return raw.take();
}

async function idle(raw: RawImap): Promise<void> {
  raw.write('I IDLE\r\n');
  await raw.readUntil(/^\+ idling\r\n/m);
  raw.take();
}

async function done(raw: RawImap): Promise<string> {
  raw.write('DONE\r\n');
  await raw.readUntil(/^I OK/m);
  return raw.take();
}

describe('EXPUNGE from another session (RFC 3501 7.4.1)', () => {
  it('is held back during FETCH, STORE and SEARCH, whose numbers stay the old ones; NOOP reports it', async () => {
    world = await imapWorld();
    ['one', 'two', 'three'].forEach((subject) => world.deliver(subject));
    const a = await session();
    const b = await session();
    await deleteFrom(b, 1);
    // B's flag change is reported; its EXPUNGE is not: message 1 is still there for A (a "ghost").
    expect(await a.command('a1', 'FETCH 1:3 (UID FLAGS)')).toBe(
      '* 1 FETCH (UID 1 FLAGS (\\Deleted \\Recent))\r\n' +
        '* 1 FETCH (UID 1 FLAGS (\\Deleted \\Recent))\r\n* 2 FETCH (UID 2 FLAGS (\\Recent))\r\n* 3 FETCH (UID 3 FLAGS (\\Recent))\r\na1 OK [EXPUNGEISSUED] FETCH completed; some of these messages were expunged by another session\r\n',
    );
    // Its data is still served, and fetching its body does not make it \Seen.
    expect(await a.command('a2', 'FETCH 1 BODY[TEXT]')).toBe('* 1 FETCH (BODY[TEXT] {13}\r\nBody of one\r\n)\r\na2 OK [EXPUNGEISSUED] FETCH completed; some of these messages were expunged by another session\r\n');
    // STORE on the ghost changes nothing and echoes nothing; on message 3 it works as numbered.
    expect(await a.command('a3', 'STORE 1,3 +FLAGS (\\Flagged)')).toBe('* 3 FETCH (UID 3 FLAGS (\\Flagged \\Recent))\r\na3 OK STORE completed\r\n');
    // SEARCH answers from the same view: the ghost still matches, and the OK says it is one.
    expect(await a.command('a4', 'SEARCH ALL')).toBe('* SEARCH 1 2 3\r\na4 OK [EXPUNGEISSUED] SEARCH completed; some of these messages were expunged by another session\r\n');
    expect(await a.command('a5', 'NOOP')).toBe('* 1 EXPUNGE\r\na5 OK NOOP completed\r\n');
    expect(await a.command('a6', 'FETCH 1:* UID')).toBe('* 1 FETCH (UID 2)\r\n* 2 FETCH (UID 3)\r\na6 OK FETCH completed\r\n');
    expect(world.alice.inbox.messages.map((m) => `${m.uid} ${m.flags.join(',')}`)).toEqual(['2 ', '3 \\Flagged']);
  });

  it('comes with UID FETCH, UID STORE and UID SEARCH, before their data', async () => {
    world = await imapWorld();
    ['one', 'two', 'three', 'four'].forEach((subject, i) => world.deliver(subject, { flags: i < 3 ? ['\\Deleted'] : [] }));
    const a = await session();
    const b = await session();
    await expungeFrom(b, 1, 1);
    expect(await a.command('a1', 'UID FETCH 1:* UID')).toBe('* 1 EXPUNGE\r\n* 1 FETCH (UID 2)\r\n* 2 FETCH (UID 3)\r\n* 3 FETCH (UID 4)\r\na1 OK UID FETCH completed\r\n');
    await expungeFrom(b, 2, 1);
    expect(await a.command('a2', 'UID STORE 4 +FLAGS (\\Seen)')).toBe('* 1 EXPUNGE\r\n* 2 FETCH (UID 4 FLAGS (\\Seen \\Recent))\r\na2 OK UID STORE completed\r\n');
    await expungeFrom(b, 3, 1);
    expect(await a.command('a3', 'UID SEARCH ALL')).toBe('* 1 EXPUNGE\r\n* SEARCH 4\r\na3 OK UID SEARCH completed\r\n');
  });

  it('is reported before an EXISTS that came after it, never after', async () => {
    world = await imapWorld();
    world.deliver('one', { flags: ['\\Deleted'] });
    world.deliver('two');
    const a = await session();
    const b = await session();
    await expungeFrom(b, 1, 1);
    world.deliver('three');
    // FETCH may not send the EXPUNGE, so it may not send the later EXISTS either: 1:* is still 2.
    expect(await a.command('a1', 'FETCH 1:* UID')).toBe('* 1 FETCH (UID 1)\r\n* 2 FETCH (UID 2)\r\na1 OK [EXPUNGEISSUED] FETCH completed; some of these messages were expunged by another session\r\n');
    expect(await a.command('a2', 'NOOP')).toBe('* 1 EXPUNGE\r\n* 2 EXISTS\r\n* 2 RECENT\r\na2 OK NOOP completed\r\n');
    expect(await a.command('a3', 'FETCH 1:* UID')).toBe('* 1 FETCH (UID 2)\r\n* 2 FETCH (UID 3)\r\na3 OK FETCH completed\r\n');
  });

  it('never lets a UID come back: the next message gets a new one', async () => {
    world = await imapWorld();
    ['one', 'two', 'three'].forEach((subject, i) => world.deliver(subject, { flags: i === 2 ? ['\\Deleted'] : [] }));
    const a = await session();
    const b = await session();
    await expungeFrom(b, 3, 3);
    world.deliver('four');
    expect(await a.command('a1', 'UID FETCH 3:* (UID)')).toBe('* 3 EXPUNGE\r\n* 3 EXISTS\r\n* 3 RECENT\r\n* 3 FETCH (UID 4)\r\na1 OK UID FETCH completed\r\n');
    expect(await a.command('a2', 'UID FETCH 3 (UID)')).toBe('a2 OK UID FETCH completed\r\n');
  });

  it('non-UID COPY and MOVE read the set in the numbering the client had; a ghost is refused with EXPUNGEISSUED', async () => {
    world = await imapWorld();
    ['one', 'two', 'three'].forEach((subject, i) => world.deliver(subject, { flags: i === 0 ? ['\\Deleted'] : [] }));
    const a = await session();
    const b = await session();
    await expungeFrom(b, 1, 1);
    const trash = world.alice.mailbox('Trash')!;
    const subjects = (name: string) => world.alice.mailbox(name)!.messages.map((m) => /Subject: (\w+)/.exec(m.raw.toString())![1]);
    // COPY 2 is still "two" for A; COPY sends no EXPUNGE.
    expect(await a.command('a1', 'COPY 2 Archive')).toMatch(/^a1 OK \[COPYUID \d+ 2 1\] COPY completed\r\n$/);
    expect(await a.command('a2', 'COPY 1:2 Archive')).toBe('a2 NO [EXPUNGEISSUED] Some of the messages were expunged by another session\r\n');
    // MOVE 3 is "three": moved, then both EXPUNGEs - B's first, each number valid as it comes.
    expect(await a.command('a3', 'MOVE 3 Trash')).toBe(`* OK [COPYUID ${trash.uidValidity} 3 1] Moved\r\n* 1 EXPUNGE\r\n* 2 EXPUNGE\r\na3 OK MOVE completed\r\n`);
    expect(subjects('Archive')).toEqual(['two']);
    expect(subjects('Trash')).toEqual(['three']);
    expect(await a.command('a4', 'FETCH 1:* UID')).toBe('* 1 FETCH (UID 2)\r\na4 OK FETCH completed\r\n');
  });

  it('a MOVE that meets a ghost fails whole, and reports the EXPUNGE with its NO', async () => {
    world = await imapWorld();
    world.deliver('one');
    world.deliver('two', { flags: ['\\Deleted'] });
    const a = await session();
    const b = await session();
    await expungeFrom(b, 2, 2);
    const before = world.snapshot();
    expect(await a.command('a1', 'MOVE 1:2 Trash')).toBe('* 2 EXPUNGE\r\na1 NO [EXPUNGEISSUED] Some of the messages were expunged by another session\r\n');
    expect(world.snapshot()).toBe(before);
    expect(await a.command('a2', 'MOVE 1 Trash')).toMatch(/^\* OK \[COPYUID \d+ 1 1\] Moved\r\n\* 1 EXPUNGE\r\na2 OK MOVE completed\r\n$/);
  });
});

describe('flag changes between sessions', () => {
  it("A's STORE echoes FETCH (UID FLAGS MODSEQ) to A, and idling B gets it at once", async () => {
    world = await imapWorld();
    const one = world.deliver('one');
    const a = await session();
    const b = await session();
    await a.command('ae', 'ENABLE CONDSTORE');
    await b.command('be', 'ENABLE CONDSTORE');
    await idle(b);
    expect(await a.command('a1', 'STORE 1 +FLAGS (\\Flagged)')).toBe(`* 1 FETCH (UID 1 FLAGS (\\Flagged \\Recent) MODSEQ (${one.modseq}))\r\na1 OK STORE completed\r\n`);
    // B selected second: \Recent is A's.
    expect(await next(b, /FETCH.*\r\n/)).toBe(`* 1 FETCH (UID 1 FLAGS (\\Flagged) MODSEQ (${one.modseq}))\r\n`);
    // .SILENT: nothing for A, B still told.
    expect(await a.command('a2', 'STORE 1 -FLAGS.SILENT (\\Flagged)')).toBe('a2 OK STORE completed\r\n');
    expect(await next(b, /FETCH.*\r\n/)).toBe(`* 1 FETCH (UID 1 FLAGS () MODSEQ (${one.modseq}))\r\n`);
    expect(await done(b)).toBe('I OK IDLE terminated\r\n');
    // A never hears of its own changes again.
    expect(await a.command('a3', 'NOOP')).toBe('a3 OK NOOP completed\r\n');
  });

  it("A's FETCH that sets \\Seen reaches idling B; several changes to one message are sent once, latest flags", async () => {
    world = await imapWorld();
    world.deliver('one');
    const a = await session();
    const b = await session();
    await idle(b);
    expect(await a.command('a1', 'FETCH 1 BODY[TEXT]')).toBe('* 1 FETCH (BODY[TEXT] {13}\r\nBody of one\r\n FLAGS (\\Seen \\Recent))\r\na1 OK FETCH completed\r\n');
    expect(await next(b, /FETCH.*\r\n/)).toBe('* 1 FETCH (UID 1 FLAGS (\\Seen))\r\n');
    expect(await done(b)).toBe('I OK IDLE terminated\r\n');
    await a.command('a2', 'STORE 1 +FLAGS.SILENT (\\Answered)');
    await a.command('a3', 'STORE 1 +FLAGS.SILENT (\\Flagged)');
    expect(await b.command('b1', 'NOOP')).toBe('* 1 FETCH (UID 1 FLAGS (\\Answered \\Flagged \\Seen))\r\nb1 OK NOOP completed\r\n');
  });

  it('imapflow on A flags and deletes; raw B, idling, follows every change', async () => {
    world = await imapWorld();
    ['one', 'two'].forEach((subject) => world.deliver(subject));
    const client = await world.client();
    await client.mailboxOpen('INBOX');
    const b = await session();
    await idle(b);
    await client.messageFlagsAdd({ uid: '2' }, ['$Forwarded'], { uid: true });
    // imapflow has CONDSTORE on; B has not.
    expect(await next(b, /FETCH.*\r\n/)).toBe('* 2 FETCH (UID 2 FLAGS ($Forwarded))\r\n');
    await client.messageDelete({ uid: '1' }, { uid: true });
    expect(await next(b, /EXPUNGE\r\n/)).toBe('* 1 FETCH (UID 1 FLAGS (\\Deleted))\r\n* 1 EXPUNGE\r\n');
    expect(await done(b)).toBe('I OK IDLE terminated\r\n');
    expect(await b.command('b1', 'FETCH 1:* (UID FLAGS)')).toBe('* 1 FETCH (UID 2 FLAGS ($Forwarded))\r\nb1 OK FETCH completed\r\n');
  });
});
