import { afterEach, describe, expect, it } from 'vitest';
import { imapWorld, type ImapWorld } from './helpers.js';

let world: ImapWorld;
afterEach(async () => world?.close());

/** Resolves with the next `event` the client emits. */
function next<T>(client: { once(event: string, listener: (data: T) => void): unknown }, event: string): Promise<T> {
  return new Promise((resolve) => client.once(event, resolve));
}

describe('IDLE through imapflow', () => {
  it('an idling imapflow client gets exists, flags and expunge events from another session at once', async () => {
    world = await imapWorld();
    world.deliver('first');
    const watcher = await world.client();
    const actor = await world.client();
    await watcher.mailboxOpen('INBOX');
    await actor.mailboxOpen('INBOX');
    const idle = watcher.idle();

    const exists = next<{ path: string; count: number; prevCount: number }>(watcher, 'exists');
    await actor.append('INBOX', 'Subject: second\r\nMessage-ID: <second@test>\r\n\r\nhi\r\n');
    expect(await exists).toMatchObject({ path: 'INBOX', count: 2, prevCount: 1 });

    const flags = next<{ path: string; uid?: number; flags: Set<string> }>(watcher, 'flags');
    await actor.messageFlagsAdd('1', ['\\Flagged'], { uid: true });
    const flagged = await flags;
    expect(flagged.uid).toBe(1);
    expect([...flagged.flags]).toContain('\\Flagged');

    const expunge = next<{ path: string; seq: number }>(watcher, 'expunge');
    await actor.messageDelete('1', { uid: true });
    expect(await expunge).toMatchObject({ path: 'INBOX', seq: 1 });

    // The watcher was idling the whole time: none of this needed a command of its own.
    await watcher.noop();
    await idle;
    expect(watcher.mailbox && watcher.mailbox.exists).toBe(1);
  });

  it('keywords set by one session reach another as FETCH FLAGS while it idles', async () => {
    world = await imapWorld();
    world.deliver('tag me');
    const watcher = await world.client();
    const actor = await world.client();
    await watcher.mailboxOpen('INBOX');
    await actor.mailboxOpen('INBOX');
    const idle = watcher.idle();
    const flags = next<{ flags: Set<string> }>(watcher, 'flags');
    await actor.messageFlagsAdd('1:*', ['$Forwarded']);
    expect([...(await flags).flags]).toContain('$Forwarded');
    await watcher.noop();
    await idle;
  });
});
