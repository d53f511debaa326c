/**
 * IDLE news held while a scenario step delivers (imap/idle-news.ts): idling sessions hear of the
 * step's arrivals once, at the release, in one EXISTS; never more than MAX_HELD_IDLE_CHANGES wait;
 * without a hold (`mailsim serve`) every arrival is told at once. Raw sessions over real sockets.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_HELD_IDLE_CHANGES, MAX_PENDING_CHANGES } from '../../src/imap/limits.js';
import { imapWorld, type ImapWorld, type RawImap } from './helpers.js';

let world: ImapWorld;
afterEach(async () => world?.close());

async function idling(): Promise<RawImap> {
  const raw = await world.raw();
  await raw.loginAndSelect();
  raw.write('I IDLE\r\n');
  await raw.readUntil(/^\+ idling\r\n/m);
  raw.take();
  return raw;
}

/** Ends IDLE and returns everything the session was told before the tagged OK. */
async function done(raw: RawImap): Promise<string> {
  raw.write('DONE\r\n');
  await raw.readUntil(/^I OK IDLE terminated\r\n/m);
  return raw.take();
}

const pending = (): number => world.server.usage().imap!.pendingChanges;

describe('IDLE news during a hold', () => {
  it('tells every idling session of a held step once, in one EXISTS, when the hold ends', async () => {
    world = await imapWorld();
    world.deliver('before');
    const a = await idling();
    const b = await idling();
    const release = world.server.holdIdleNews();
    for (const subject of ['one', 'two', 'three']) world.deliver(subject);
    // Held, not written: both sessions still have the three arrivals to tell.
    expect(pending()).toBe(6);
    release();
    release(); // a second call does nothing
    expect(pending()).toBe(0);
    // \Recent goes to one session: A, which selected first and was told first.
    expect(await done(a)).toBe('* 4 EXISTS\r\n* 4 RECENT\r\nI OK IDLE terminated\r\n');
    expect(await done(b)).toBe('* 4 EXISTS\r\n* 0 RECENT\r\nI OK IDLE terminated\r\n');
  });

  it('tells each arrival at once without a hold, as `mailsim serve` does', async () => {
    world = await imapWorld();
    const a = await idling();
    world.deliver('one');
    world.deliver('two');
    expect(pending()).toBe(0);
    expect(await done(a)).toBe('* 1 EXISTS\r\n* 1 RECENT\r\n* 2 EXISTS\r\n* 2 RECENT\r\nI OK IDLE terminated\r\n');
  });

  it('never lets more than MAX_HELD_IDLE_CHANGES wait, so a long hold cannot end the session', async () => {
    expect(MAX_HELD_IDLE_CHANGES).toBeLessThan(MAX_PENDING_CHANGES);
    world = await imapWorld();
    const a = await idling();
    const release = world.server.holdIdleNews();
    for (let i = 1; i <= MAX_HELD_IDLE_CHANGES + 5; i++) world.deliver(`m${i}`);
    // Told at the bound (MAX_HELD_IDLE_CHANGES arrivals), holding the 5 that came after.
    expect(pending()).toBe(5);
    release();
    expect(pending()).toBe(0);
    const told = await done(a);
    expect(told.match(/^\* \d+ EXISTS/gm)).toEqual([`* ${MAX_HELD_IDLE_CHANGES} EXISTS`, `* ${MAX_HELD_IDLE_CHANGES + 5} EXISTS`]);
    expect(told).not.toContain('BYE');
  });

  it('holds nested: news goes out at the last release, or with the end of IDLE, whichever comes first', async () => {
    world = await imapWorld();
    const a = await idling();
    const outer = world.server.holdIdleNews();
    const inner = world.server.holdIdleNews();
    world.deliver('one');
    inner();
    expect(pending()).toBe(1);
    // DONE ends IDLE under the outer hold: the arrival is reported before the tagged OK.
    expect(await done(a)).toBe('* 1 EXISTS\r\n* 1 RECENT\r\nI OK IDLE terminated\r\n');
    const b = await idling();
    world.deliver('two');
    expect(pending()).toBe(2);
    outer();
    // B idles and is told; A no longer idles and hears of it with its next command.
    expect(pending()).toBe(1);
    expect(await done(b)).toBe('* 2 EXISTS\r\n* 1 RECENT\r\nI OK IDLE terminated\r\n');
    expect(await a.command('n', 'NOOP')).toBe('* 2 EXISTS\r\n* 1 RECENT\r\nn OK NOOP completed\r\n');
  });
});
