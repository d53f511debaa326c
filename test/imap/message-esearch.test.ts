import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { imapWorld, T0, type ImapWorld, type RawImap } from './helpers.js';

const ORIGIN = { label: 'test' };
const HOUR = 60 * 60 * 1000;
let world: ImapWorld;

/**
 * Eleven messages as in the examples of RFC 4731 and RFC 5182: \Flagged on 2, 5, 10 and 11,
 * message 5 from Smith, so "FLAGGED SINCE 1-Feb-1994 NOT FROM Smith" is 2, 10 and 11. Message n
 * arrived n hours before the virtual clock's now.
 */
async function start(capabilities?: string[]): Promise<void> {
  world = await imapWorld(capabilities ? { capabilities } : {});
  world.clock.advance(24 * HOUR);
  for (let n = 1; n <= 11; n++) {
    const from = n === 5 ? 'Smith <smith@example.com>' : 'Jones <jones@example.com>';
    const raw = Buffer.from(`From: ${from}\r\nSubject: message ${n}\r\nDate: Mon, 04 Mar 2024 09:00:00 +0000\r\n\r\nbody ${n}\r\n`);
    world.alice.inbox.append(raw, ORIGIN, { flags: [2, 5, 10, 11].includes(n) ? ['\\Flagged'] : [], internalDate: world.clock.now() - n * HOUR });
  }
}

beforeEach(async () => start());
afterEach(async () => world.close());

async function selected(): Promise<RawImap> {
  const raw = await world.raw();
  await raw.loginAndSelect();
  return raw;
}

const CRITERIA = 'FLAGGED SINCE 1-Feb-1994 NOT FROM "Smith"';

describe('ESEARCH (RFC 4731)', () => {
  it("answers the RFC's own examples", async () => {
    const raw = await selected();
    expect(await raw.command('A282', `SEARCH RETURN (MIN COUNT) ${CRITERIA}`)).toBe('* ESEARCH (TAG "A282") MIN 2 COUNT 3\r\nA282 OK SEARCH completed\r\n');
    expect(await raw.command('A283', `SEARCH RETURN () ${CRITERIA}`)).toBe('* ESEARCH (TAG "A283") ALL 2,10:11\r\nA283 OK SEARCH completed\r\n');
    expect(await raw.command('A284', 'SEARCH RETURN (MIN) SUBJECT nothing')).toBe('* ESEARCH (TAG "A284")\r\nA284 OK SEARCH completed\r\n');
  });

  it('UID SEARCH says UID; MIN MAX ALL COUNT come in that order; COUNT 0 when nothing matched', async () => {
    const raw = await selected();
    expect(await raw.command('a', `UID SEARCH RETURN (COUNT ALL MAX MIN) ${CRITERIA}`)).toBe('* ESEARCH (TAG "a") UID MIN 2 MAX 11 ALL 2,10:11 COUNT 3\r\na OK UID SEARCH completed\r\n');
    expect(await raw.command('b', 'SEARCH RETURN (MIN MAX ALL COUNT) SUBJECT nothing')).toBe('* ESEARCH (TAG "b") COUNT 0\r\nb OK SEARCH completed\r\n');
  });

  it('adds MODSEQ, the highest of the messages returned (RFC 7162 3.1.5)', async () => {
    const raw = await selected();
    const inbox = world.alice.inbox;
    const top = Math.max(...[2, 10, 11].map((n) => inbox.messages[n - 1]!.modseq));
    expect(await raw.command('m', `SEARCH RETURN (ALL) MODSEQ 1 ${CRITERIA}`)).toBe(`* ESEARCH (TAG "m") ALL 2,10:11 MODSEQ ${top}\r\nm OK SEARCH completed\r\n`);
    expect(await raw.command('n', `SEARCH RETURN (MIN) MODSEQ 1 ${CRITERIA}`)).toBe(`* ESEARCH (TAG "n") MIN 2 MODSEQ ${inbox.messages[1]!.modseq}\r\nn OK SEARCH completed\r\n`);
  });

  it('an IMAP4rev1 session keeps * SEARCH without RETURN', async () => {
    const raw = await selected();
    expect(await raw.command('p', CRITERIA.replace(/^/, 'SEARCH '))).toBe('* SEARCH 2 10 11\r\np OK SEARCH completed\r\n');
  });
});

describe('ESEARCH and PARTIAL through imapflow', () => {
  it('parses what it asked for', async () => {
    const client = await world.client();
    await client.mailboxOpen('INBOX');
    const result = await client.search({ flagged: true }, { uid: true, returnOptions: ['MIN', 'MAX', 'COUNT', 'ALL'] });
    expect(result).toMatchObject({ min: 2, max: 11, count: 4 });
    const page = await client.search({ all: true }, { uid: true, returnOptions: [{ partial: '-1:-2' }] });
    expect(JSON.stringify(page)).toContain('10');
    expect(JSON.stringify(page)).toContain('11');
  });
});

describe('SEARCHRES (RFC 5182)', () => {
  it("saves the result for $, as in the RFC's example", async () => {
    const raw = await selected();
    expect(await raw.command('A282', `SEARCH RETURN (SAVE) ${CRITERIA}`)).toBe('A282 OK SEARCH completed\r\n');
    expect(await raw.command('A283', 'FETCH $ (UID FLAGS)')).toBe(
      '* 2 FETCH (UID 2 FLAGS (\\Flagged \\Recent))\r\n* 10 FETCH (UID 10 FLAGS (\\Flagged \\Recent))\r\n* 11 FETCH (UID 11 FLAGS (\\Flagged \\Recent))\r\nA283 OK FETCH completed\r\n',
    );
    expect(await raw.command('b', 'SEARCH $ SUBJECT "message 1"')).toBe('* SEARCH 10 11\r\nb OK SEARCH completed\r\n');
    expect(await raw.command('c', 'UID SEARCH UID $')).toBe('* SEARCH 2 10 11\r\nc OK UID SEARCH completed\r\n');
    expect(await raw.command('d', 'STORE $ +FLAGS.SILENT (\\Seen)')).toBe('d OK STORE completed\r\n');
    expect(world.alice.inbox.messages.filter((m) => m.hasFlag('\\Seen')).map((m) => m.uid)).toEqual([2, 10, 11]);
    expect(await raw.command('e', 'UID COPY $ Archive')).toMatch(/^e OK \[COPYUID \d+ 2,10:11 1:3\] UID COPY completed\r\n$/);
  });

  it('with MIN and MAX only, saves only those; RETURN (SAVE ALL) answers and saves', async () => {
    const raw = await selected();
    expect(await raw.command('a', `SEARCH RETURN (SAVE MIN MAX) ${CRITERIA}`)).toBe('* ESEARCH (TAG "a") MIN 2 MAX 11\r\na OK SEARCH completed\r\n');
    expect(await raw.command('b', 'SEARCH $')).toBe('* SEARCH 2 11\r\nb OK SEARCH completed\r\n');
    expect(await raw.command('c', 'SEARCH RETURN (SAVE ALL) FROM smith')).toBe('* ESEARCH (TAG "c") ALL 5\r\nc OK SEARCH completed\r\n');
    expect(await raw.command('d', 'SEARCH $')).toBe('* SEARCH 5\r\nd OK SEARCH completed\r\n');
  });

  it('forgets the saved result when another mailbox is selected', async () => {
    const raw = await selected();
    await raw.command('a', `SEARCH RETURN (SAVE) ${CRITERIA}`);
    await raw.command('s', 'SELECT INBOX');
    expect(await raw.command('b', 'FETCH $ FLAGS')).toBe('b OK FETCH completed\r\n');
  });
});

describe('PARTIAL (RFC 9394)', () => {
  it('returns one page from the start or from the end, echoing the range', async () => {
    const raw = await selected();
    expect(await raw.command('a', 'SEARCH RETURN (PARTIAL 1:2) ALL')).toBe('* ESEARCH (TAG "a") PARTIAL (1:2 1:2)\r\na OK SEARCH completed\r\n');
    expect(await raw.command('b', 'UID SEARCH RETURN (PARTIAL -1:-3 COUNT) ALL')).toBe('* ESEARCH (TAG "b") UID PARTIAL (-1:-3 9:11) COUNT 11\r\nb OK UID SEARCH completed\r\n');
    expect(await raw.command('c', 'SEARCH RETURN (PARTIAL 20:30) ALL')).toBe('* ESEARCH (TAG "c") PARTIAL (20:30 NIL)\r\nc OK SEARCH completed\r\n');
    expect(await raw.command('d', 'SEARCH RETURN (PARTIAL 3:2) FLAGGED')).toBe('* ESEARCH (TAG "d") PARTIAL (2:3 5,10)\r\nd OK SEARCH completed\r\n');
    expect(await raw.command('e', 'SORT RETURN (PARTIAL 1:3) (REVERSE ARRIVAL) UTF-8 ALL')).toBe('* ESEARCH (TAG "e") PARTIAL (1:3 1:3)\r\ne OK SORT completed\r\n');
    expect(await raw.command('f', 'SORT RETURN (PARTIAL 1:3) (ARRIVAL) UTF-8 ALL')).toBe('* ESEARCH (TAG "f") PARTIAL (1:3 11,10,9)\r\nf OK SORT completed\r\n');
  });
});

describe('ESORT (RFC 5267 3)', () => {
  it('MIN and MAX are the first and last in sort order; ALL keeps the order', async () => {
    const raw = await selected();
    expect(await raw.command('a', 'SORT RETURN (MIN MAX COUNT ALL) (ARRIVAL) UTF-8 FLAGGED')).toBe('* ESEARCH (TAG "a") MIN 11 MAX 2 ALL 11,10,5,2 COUNT 4\r\na OK SORT completed\r\n');
    expect(await raw.command('b', 'UID SORT RETURN () (REVERSE ARRIVAL) UTF-8 FLAGGED')).toBe('* ESEARCH (TAG "b") UID ALL 2,5,10:11\r\nb OK UID SORT completed\r\n');
  });
});

describe('WITHIN (RFC 5032)', () => {
  it('OLDER and YOUNGER count seconds back from the virtual clock', async () => {
    const raw = await selected();
    expect(await raw.command('a', 'SEARCH YOUNGER 10800')).toBe('* SEARCH 1 2 3\r\na OK SEARCH completed\r\n');
    expect(await raw.command('b', 'SEARCH OLDER 32400')).toBe('* SEARCH 10 11\r\nb OK SEARCH completed\r\n');
    world.clock.advance(8 * HOUR);
    expect(await raw.command('c', 'SEARCH OLDER 32400')).toBe('* SEARCH 2 3 4 5 6 7 8 9 10 11\r\nc OK SEARCH completed\r\n');
    expect(await raw.command('d', 'SEARCH YOUNGER 0')).toBe('d BAD SEARCH: a number of seconds after YOUNGER must be greater than 0\r\n');
  });
});

describe('CONTEXT=SEARCH and CONTEXT=SORT (RFC 5267 4)', () => {
  it('keeps an updating SEARCH up to date as this and other sessions change the mailbox', async () => {
    const raw = await selected();
    expect(await raw.command('u', 'UID SEARCH RETURN (UPDATE) FLAGGED')).toBe('* ESEARCH (TAG "u") UID ALL 2,5,10:11\r\nu OK UID SEARCH completed\r\n');
    world.alice.inbox.append(Buffer.from('Subject: new\r\n\r\nx\r\n'), ORIGIN, { flags: ['\\Flagged'] });
    expect(await raw.command('n', 'NOOP')).toBe('* 12 EXISTS\r\n* 12 RECENT\r\n* ESEARCH (TAG "u") UID ADDTO (0 12)\r\nn OK NOOP completed\r\n');
    expect(await raw.command('s', 'STORE 5 -FLAGS.SILENT (\\Flagged)')).toBe('* ESEARCH (TAG "u") UID REMOVEFROM (0 5)\r\ns OK STORE completed\r\n');
    const other = await world.raw();
    await other.loginAndSelect();
    await other.command('x', 'STORE 2 +FLAGS.SILENT (\\Deleted)');
    await other.command('y', 'EXPUNGE');
    expect(await raw.command('m', 'NOOP')).toBe('* 2 FETCH (UID 2 FLAGS (\\Flagged \\Deleted \\Recent))\r\n* 2 EXPUNGE\r\n* ESEARCH (TAG "u") UID REMOVEFROM (0 2)\r\nm OK NOOP completed\r\n');
    expect(await raw.command('c', 'CANCELUPDATE "u"')).toBe('c OK CANCELUPDATE completed\r\n');
    world.alice.inbox.append(Buffer.from('Subject: newer\r\n\r\nx\r\n'), ORIGIN, { flags: ['\\Flagged'] });
    expect(await raw.command('o', 'NOOP')).toBe('* 12 EXISTS\r\n* 12 RECENT\r\no OK NOOP completed\r\n');
    expect(await raw.command('d', 'CANCELUPDATE "u"')).toBe('d BAD CANCELUPDATE: no updating search with tag u\r\n');
  });

  it('an updating SORT reports positions in the sorted list', async () => {
    const raw = await selected();
    expect(await raw.command('v', 'UID SORT RETURN (UPDATE) (REVERSE ARRIVAL) UTF-8 FLAGGED')).toBe('* ESEARCH (TAG "v") UID ALL 2,5,10:11\r\nv OK UID SORT completed\r\n');
    world.alice.inbox.append(Buffer.from('Subject: new\r\n\r\nx\r\n'), ORIGIN, { flags: ['\\Flagged'] });
    expect(await raw.command('n', 'NOOP')).toBe('* 12 EXISTS\r\n* 12 RECENT\r\n* ESEARCH (TAG "v") UID ADDTO (1 12)\r\nn OK NOOP completed\r\n');
    expect(await raw.command('s', 'STORE 10 -FLAGS.SILENT (\\Flagged)')).toBe('* ESEARCH (TAG "v") UID REMOVEFROM (4 10)\r\ns OK STORE completed\r\n');
  });

  it(`refuses a duplicate tag and more than ten updating searches with NOUPDATE`, async () => {
    const raw = await selected();
    for (let i = 0; i < 10; i++) await raw.command(`t${i}`, 'SEARCH RETURN (UPDATE) FLAGGED');
    expect(await raw.command('t0', 'SEARCH RETURN (UPDATE) FLAGGED')).toBe(
      '* ESEARCH (TAG "t0") ALL 2,5,10:11\r\n* NO [NOUPDATE "t0"] An updating search with this tag is already running; use another tag\r\nt0 OK SEARCH completed\r\n',
    );
    expect(await raw.command('t10', 'SEARCH RETURN (UPDATE) FLAGGED')).toBe(
      '* ESEARCH (TAG "t10") ALL 2,5,10:11\r\n* NO [NOUPDATE "t10"] At most 10 updating searches at once; CANCELUPDATE one first\r\nt10 OK SEARCH completed\r\n',
    );
  });
});

describe('search extensions turned off', () => {
  it('refuses their options with BAD', async () => {
    await world.close();
    await start(['-ESEARCH', '-WITHIN', '-SORT']);
    const raw = await selected();
    expect(await raw.command('a', 'SEARCH RETURN (ALL) ALL')).toBe('a BAD SEARCH RETURN needs ESEARCH, which this server does not offer\r\n');
    expect(await raw.command('b', 'SEARCH $')).toBe('b BAD The "$" search result needs SEARCHRES, which this server does not offer\r\n');
    expect(await raw.command('c', 'SEARCH OLDER 5')).toBe('c BAD OLDER and YOUNGER needs WITHIN, which this server does not offer\r\n');
    expect(await raw.command('d', 'SORT (DATE) UTF-8 ALL')).toBe('d BAD Unknown command SORT\r\n');
    expect(await raw.command('e', 'FETCH $ FLAGS')).toBe('e BAD The "$" search result needs SEARCHRES, which this server does not offer\r\n');
  });
});
void T0;
