/**
 * Counts, not timings (speed is measured in `npm run bench`): a command's responses leave in one
 * socket write, and an unchanged message's FLAGS, ENVELOPE and BODYSTRUCTURE are serialized once
 * however often they are fetched. Either regression would make a big mailbox's sync cost grow
 * with every response or every repeat, and these counts would show it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ResponseCache } from '../../src/imap/response-cache.js';
import { isParsed } from '../../src/mime/parse.js';
import { FlagSet } from '../../src/store/flags.js';
import { imapWorld, type ImapWorld } from './helpers.js';

let world: ImapWorld | undefined;

afterEach(async () => {
  await world?.close();
  world = undefined;
});

const usage = () => world!.server.usage().imap!;

async function selectedWorld(messages: number) {
  world = await imapWorld();
  for (let i = 1; i <= messages; i++) world.deliver(`message ${i}`);
  const raw = await world.raw();
  await raw.loginAndSelect();
  return raw;
}

describe('socket writes', () => {
  it('answers a FETCH of 300 messages in one write, not one per response', async () => {
    const raw = await selectedWorld(300);
    const before = usage().socketWrites;
    const reply = await raw.command('F1', 'FETCH 1:300 (UID FLAGS)');
    expect(reply.match(/^\* \d+ FETCH /gm)).toHaveLength(300);
    expect(usage().socketWrites - before).toBe(1);
  });

  it('writes a FETCH bigger than one batch in batches, a few writes for thousands of responses', async () => {
    const raw = await selectedWorld(3_000);
    const before = usage().socketWrites;
    const reply = await raw.command('F1', 'FETCH 1:3000 (UID FLAGS RFC822.SIZE)');
    expect(reply.match(/^\* \d+ FETCH /gm)).toHaveLength(3_000);
    const writes = usage().socketWrites - before;
    // About 150 kB of responses in 64 KiB batches: a handful of writes, never thousands.
    expect(writes).toBeGreaterThan(1);
    expect(writes).toBeLessThanOrEqual(Math.ceil(Buffer.byteLength(reply) / (64 * 1024)) + 1);
  });
});

describe('cached FETCH items', () => {
  it('serializes FLAGS, ENVELOPE and BODYSTRUCTURE of an unchanged message once, however often they are fetched', async () => {
    const raw = await selectedWorld(50);
    const before = usage().responseCacheMisses;
    const first = await raw.command('F1', 'FETCH 1:50 (FLAGS ENVELOPE BODYSTRUCTURE)');
    expect(usage().responseCacheMisses - before).toBe(150);
    const again = await raw.command('F2', 'FETCH 1:50 (FLAGS ENVELOPE BODYSTRUCTURE)');
    expect(usage().responseCacheMisses - before).toBe(150);
    // The same bytes from the cache as from the first serialization.
    expect(again.replace(/^F2 /m, 'F1 ')).toBe(first);
    // Another session shares the server's cache.
    const other = await world!.raw();
    await other.loginAndSelect();
    await other.command('F3', 'FETCH 1:50 (ENVELOPE)');
    expect(usage().responseCacheMisses - before).toBe(150);
  });

  it('builds FLAGS again only for the message whose flags changed, and sends the new flags', async () => {
    const raw = await selectedWorld(20);
    await raw.command('F1', 'FETCH 1:20 (FLAGS)');
    const before = usage().responseCacheMisses;
    await raw.command('S1', 'STORE 7 +FLAGS.SILENT (\\Flagged $Work)');
    const reply = await raw.command('F2', 'FETCH 1:20 (FLAGS)');
    expect(usage().responseCacheMisses - before).toBe(1);
    // This session selected first, so every message is \Recent for it too.
    expect(reply).toMatch(/^\* 7 FETCH \(FLAGS \(\\Flagged \$Work \\Recent\)\)\r$/m);
    expect(reply).toMatch(/^\* 8 FETCH \(FLAGS \(\\Recent\)\)\r$/m);
  });

  it('adds \\Recent for the session that has it, from the same cached text', async () => {
    world = await imapWorld();
    world.deliver('new');
    const raw = await world.raw();
    await raw.loginAndSelect();
    expect(await raw.command('F1', 'FETCH 1 (FLAGS)')).toMatch(/^\* 1 FETCH \(FLAGS \(\\Recent\)\)\r$/m);
    await raw.command('S1', 'STORE 1 +FLAGS.SILENT (\\Seen)');
    expect(await raw.command('F2', 'FETCH 1 (FLAGS)')).toMatch(/^\* 1 FETCH \(FLAGS \(\\Seen \\Recent\)\)\r$/m);
    const other = await world.raw();
    await other.loginAndSelect();
    expect(await other.command('F3', 'FETCH 1 (FLAGS)')).toMatch(/^\* 1 FETCH \(FLAGS \(\\Seen\)\)\r$/m);
  });
});

describe('ResponseCache bound', () => {
  it('keeps the structure text it holds within its bound, oldest out first', () => {
    const cache = new ResponseCache(64 * 1024);
    const raws = Array.from({ length: 2_000 }, (_, i) => Buffer.from(`message ${i}`));
    for (const raw of raws) cache.structureText('ENVELOPE', raw, () => ['x'.repeat(100)]);
    expect(cache.serializations).toBe(2_000);
    expect(cache.cachedStructureOctets).toBeLessThanOrEqual(64 * 1024);
    // The newest are still there; the oldest were dropped and are built again.
    cache.structureText('ENVELOPE', raws[1_999]!, () => ['new']);
    expect(cache.serializations).toBe(2_000);
    expect(cache.structureText('ENVELOPE', raws[0]!, () => ['again'])).toBe('("again")');
    expect(cache.serializations).toBe(2_001);
  });

  it('does not keep a text too big for it', () => {
    const cache = new ResponseCache(16 * 1024);
    const raw = Buffer.from('bomb');
    cache.structureText('BODYSTRUCTURE', raw, () => ['y'.repeat(2_000)]);
    cache.structureText('BODYSTRUCTURE', raw, () => ['y'.repeat(2_000)]);
    expect(cache.serializations).toBe(2);
    expect(cache.cachedStructureOctets).toBe(0);
  });

  it('builds FLAGS text again after every change of the set, and only then', () => {
    const cache = new ResponseCache();
    const flags = new FlagSet(['\\Seen']);
    expect(cache.flagsText(flags, false)).toBe('(\\Seen)');
    expect(cache.flagsText(flags, true)).toBe('(\\Seen \\Recent)');
    expect(cache.serializations).toBe(1);
    flags.add('\\seen');
    expect(cache.flagsText(flags, false)).toBe('(\\Seen)');
    expect(cache.serializations).toBe(1);
    flags.add('$Label1');
    flags.delete('\\Seen');
    expect(cache.flagsText(flags, false)).toBe('($Label1)');
    expect(cache.serializations).toBe(2);
  });
});

describe('whole-message FETCH', () => {
  it('sends BODY[] from the stored octets without parsing the message; a part of it needs the parse', async () => {
    world = await imapWorld();
    const messages = Array.from({ length: 20 }, (_, i) => world!.deliver(`message ${i + 1}`));
    const raw = await world.raw();
    await raw.loginAndSelect();
    const reply = await raw.command('F1', 'FETCH 1:20 (UID BODY.PEEK[])');
    expect(reply.match(/^\* \d+ FETCH /gm)).toHaveLength(20);
    expect(reply).toContain(messages[0]!.raw.toString('latin1'));
    expect(messages.filter((m) => isParsed(m.raw))).toHaveLength(0);
    await raw.command('F2', 'FETCH 1 (BODY.PEEK[1])');
    expect(isParsed(messages[0]!.raw)).toBe(true);
  });
});
