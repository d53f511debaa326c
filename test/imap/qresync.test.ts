import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { imapWorld, type ImapWorld, type RawImap } from './helpers.js';

let world: ImapWorld;
/** HIGHESTMODSEQ after the five first messages arrived: what a client remembers from last time. */
let known: number;

beforeEach(async () => {
  world = await imapWorld();
  for (let n = 1; n <= 5; n++) world.deliver(`m${n}`);
  known = world.alice.inbox.highestModSeq;
});
afterEach(async () => world.close());

async function loggedIn(enable = true): Promise<RawImap> {
  const raw = await world.raw();
  await raw.command('l', 'LOGIN alice secret');
  if (enable) expect(await raw.command('e', 'ENABLE QRESYNC')).toBe('* ENABLED QRESYNC\r\ne OK ENABLE completed\r\n');
  return raw;
}

/** While the client was away: \Flagged on 2, 3 and 5 expunged, a sixth message arrived. */
async function changesWhileAway(): Promise<void> {
  const other = await world.raw();
  await other.loginAndSelect();
  await other.command('a', 'STORE 2 +FLAGS.SILENT (\\Flagged)');
  await other.command('b', 'STORE 3,5 +FLAGS.SILENT (\\Deleted)');
  await other.command('c', 'EXPUNGE');
  world.deliver('m6');
}

describe('QRESYNC (RFC 7162 3.2)', () => {
  it('SELECT (QRESYNC ...) reports what was expunged and what changed since the known modseq', async () => {
    await changesWhileAway();
    const raw = await loggedIn();
    const box = world.alice.inbox;
    const [two, six] = [box.byUid(2)!, box.byUid(6)!];
    expect(await raw.command('s', `SELECT INBOX (QRESYNC (${box.uidValidity} ${known}))`)).toBe(
      '* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n' +
        '* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags and keywords can be stored\r\n' +
        '* 4 EXISTS\r\n* 1 RECENT\r\n* OK [UNSEEN 1] Message 1 is the first unseen\r\n' +
        `* OK [UIDVALIDITY ${box.uidValidity}] UIDs valid\r\n* OK [UIDNEXT 7] Predicted next UID\r\n* OK [MAILBOXID (F${box.uidValidity})] Mailbox id\r\n* OK [HIGHESTMODSEQ ${box.highestModSeq}] Highest\r\n` +
        '* VANISHED (EARLIER) 3,5\r\n' +
        `* 2 FETCH (UID 2 FLAGS (\\Flagged) MODSEQ (${two.modseq}))\r\n` +
        `* 4 FETCH (UID 6 FLAGS (\\Recent) MODSEQ (${six.modseq}))\r\n` +
        's OK [READ-WRITE] SELECT completed\r\n',
    );
  });

  it('limits VANISHED to the known UIDs, and ignores the parameters when UIDVALIDITY changed', async () => {
    await changesWhileAway();
    const raw = await loggedIn();
    const box = world.alice.inbox;
    const limited = await raw.command('s', `EXAMINE INBOX (QRESYNC (${box.uidValidity} ${known} 1:4 (1:4 1:4)))`);
    expect(limited).toContain('* VANISHED (EARLIER) 3\r\n');
    const stale = await raw.command('t', `EXAMINE INBOX (QRESYNC (${box.uidValidity + 1} ${known}))`);
    expect(stale).not.toContain('VANISHED');
    expect(stale).not.toMatch(/FETCH/);
  });

  it('reports expunges as VANISHED, several in a row as one set, and says [CLOSED] between mailboxes', async () => {
    const raw = await loggedIn();
    await raw.command('s', 'SELECT INBOX');
    const other = await world.raw();
    await other.loginAndSelect();
    await other.command('a', 'STORE 2,3,5 +FLAGS.SILENT (\\Deleted)');
    await other.command('b', 'EXPUNGE');
    const noop = await raw.command('n', 'NOOP');
    expect(noop).toMatch(/\* VANISHED 2:3,5\r\nn OK NOOP completed\r\n$/);
    expect(noop).not.toContain('EXPUNGE');
    await raw.command('d', 'STORE 1 +FLAGS.SILENT (\\Deleted)');
    expect(await raw.command('x', 'EXPUNGE')).toBe('* VANISHED 1\r\nx OK EXPUNGE completed\r\n');
    expect(await raw.command('y', 'SELECT Archive')).toMatch(/^\* OK \[CLOSED\] Previous mailbox closed\r\n\* FLAGS/);
  });

  it('UID FETCH (CHANGEDSINCE n VANISHED) names the vanished UIDs of the set first', async () => {
    await changesWhileAway();
    const raw = await loggedIn();
    await raw.command('s', 'SELECT INBOX');
    const two = world.alice.inbox.byUid(2)!;
    const six = world.alice.inbox.byUid(6)!;
    expect(await raw.command('f', `UID FETCH 1:* (FLAGS) (CHANGEDSINCE ${known} VANISHED)`)).toBe(
      `* VANISHED (EARLIER) 3,5\r\n* 2 FETCH (UID 2 FLAGS (\\Flagged) MODSEQ (${two.modseq}))\r\n* 4 FETCH (UID 6 FLAGS (\\Recent) MODSEQ (${six.modseq}))\r\nf OK UID FETCH completed\r\n`,
    );
    expect(await raw.command('g', `UID FETCH 4:* (FLAGS) (CHANGEDSINCE ${known} VANISHED)`)).toBe(
      `* VANISHED (EARLIER) 5\r\n* 4 FETCH (UID 6 FLAGS (\\Recent) MODSEQ (${six.modseq}))\r\ng OK UID FETCH completed\r\n`,
    );
    expect(await raw.command('h', `FETCH 1:* (FLAGS) (CHANGEDSINCE ${known} VANISHED)`)).toBe('h BAD FETCH: VANISHED goes with UID FETCH and CHANGEDSINCE\r\n');
  });

  it('needs ENABLE QRESYNC first', async () => {
    const raw = await loggedIn(false);
    const box = world.alice.inbox;
    expect(await raw.command('s', `SELECT INBOX (QRESYNC (${box.uidValidity} ${known}))`)).toBe('s BAD SELECT (QRESYNC ...) needs ENABLE QRESYNC first\r\n');
    await raw.command('t', 'SELECT INBOX');
    expect(await raw.command('f', `UID FETCH 1:* (FLAGS) (CHANGEDSINCE ${known} VANISHED)`)).toBe('f BAD VANISHED needs ENABLE QRESYNC first\r\n');
  });

  it('remembers expunges past its history bound only as "not here any more"', async () => {
    const box = world.alice.inbox;
    // Forget history: pretend it was trimmed by recording beyond the bound with a fake mailbox history.
    const history = box.expungeHistory as unknown as { forgottenUpTo: number };
    history.forgottenUpTo = box.highestModSeq;
    const other = await world.raw();
    await other.loginAndSelect();
    await other.command('a', 'STORE 4 +FLAGS.SILENT (\\Deleted)');
    await other.command('b', 'EXPUNGE');
    const raw = await loggedIn();
    expect(await raw.command('s', `EXAMINE INBOX (QRESYNC (${box.uidValidity} 1))`)).toContain('* VANISHED (EARLIER) 4\r\n');
  });

  it('imapflow resynchronises with it', async () => {
    const box = world.alice.inbox;
    const uidValidity = box.uidValidity;
    await changesWhileAway();
    const client = await world.client({ qresync: true });
    const expunged: number[] = [];
    client.on('expunge', (event: { uid?: number }) => event.uid !== undefined && expunged.push(event.uid));
    await client.mailboxOpen('INBOX', { uidValidity: BigInt(uidValidity), changedSince: BigInt(known) } as never);
    expect(expunged.sort()).toEqual([3, 5]);
    expect(world.wire.some((e) => e.direction === 'C' && e.text.includes(`(QRESYNC (${uidValidity} ${known}))`))).toBe(true);
  });
});
