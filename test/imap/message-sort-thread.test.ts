import { afterEach, describe, expect, it } from 'vitest';
import { supportedCharsets } from '../../src/imap/syntax/index.js';
import { imapWorld, T0, type ImapWorld, type RawImap } from './helpers.js';

const ORIGIN = { label: 'test' };
const HOUR = 60 * 60 * 1000;
let world: ImapWorld;
afterEach(async () => world?.close());

function message(headers: Record<string, string>, body = 'text'): Buffer {
  return Buffer.from(`${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${body}\r\n`);
}

/**
 * 1 "Zoe Zulu" <adam@>  to carol@         Re: Banana              Date 5 Mar 08:00 UTC   arrived T0+3h
 * 2 bob@                to "Alice" <zed@> cc dave@  apple          Date 4 Mar 23:00 -0800 (5 Mar 07:00 UTC)  T0+1h
 * 3 "Carl" <carl@>      to bea@           [list] Cherry (fwd)     no Date (sent date = arrival, 4 Mar 11:00)  T0+2h
 * 4 =?utf-8?Q?=C3=89mile?= <emile@>  to ann@  Fwd: apple          Date 4 Mar 10:00 UTC   arrived T0 (4 Mar 09:00)
 */
async function sortWorld(capabilities?: string[]): Promise<RawImap> {
  world = await imapWorld(capabilities ? { capabilities } : {});
  const inbox = world.alice.inbox;
  const add = (headers: Record<string, string>, at: number, body?: string) => inbox.append(message(headers, body), ORIGIN, { internalDate: at });
  add({ From: '"Zoe Zulu" <adam@example.com>', To: 'carol@example.com', Subject: 'Re: Banana', Date: 'Tue, 05 Mar 2024 08:00:00 +0000' }, T0 + 3 * HOUR, 'x'.repeat(300));
  add({ From: 'bob@example.com', To: '"Alice" <zed@example.com>', Cc: 'dave@example.com', Subject: 'apple', Date: 'Mon, 04 Mar 2024 23:00:00 -0800' }, T0 + HOUR, 'x'.repeat(100));
  add({ From: '"Carl" <carl@example.com>', To: 'bea@example.com', Subject: '[list] Cherry (fwd)' }, T0 + 2 * HOUR, 'x'.repeat(200));
  add({ From: '=?utf-8?Q?=C3=89mile?= <emile@example.com>', To: 'ann@example.com', Subject: 'Fwd: apple', Date: 'Mon, 04 Mar 2024 10:00:00 +0000' }, T0);
  const raw = await world.raw();
  await raw.loginAndSelect();
  return raw;
}

async function sorted(raw: RawImap, args: string, tag = 's'): Promise<string> {
  const reply = await raw.command(tag, `SORT ${args}`);
  const match = new RegExp(`^\\* SORT((?: \\d+)*)\\r\\n${tag} OK SORT completed\\r\\n$`).exec(reply);
  if (!match) throw new Error(`unexpected reply to SORT ${args}:\n${reply}`);
  return match[1]!.trim();
}

describe('SORT (RFC 5256 3) and SORT=DISPLAY (RFC 5957)', () => {
  it.each([
    ['(ARRIVAL) UTF-8 ALL', '4 2 3 1'],
    ['(DATE) UTF-8 ALL', '4 3 2 1'], // 3 has no Date: its arrival stands in; 2's zone is applied
    ['(REVERSE DATE) UTF-8 ALL', '1 2 3 4'],
    ['(SUBJECT) UTF-8 ALL', '2 4 1 3'], // base subjects APPLE APPLE BANANA CHERRY; the tie by sequence
    ['(SUBJECT DATE) UTF-8 ALL', '4 2 1 3'],
    ['(SUBJECT REVERSE ARRIVAL) UTF-8 ALL', '2 4 1 3'],
    ['(FROM) UTF-8 ALL', '1 2 3 4'], // local parts adam bob carl emile, display names ignored
    ['(REVERSE FROM) UTF-8 ALL', '4 3 2 1'],
    ['(TO) UTF-8 ALL', '4 3 1 2'],
    ['(CC) UTF-8 ALL', '1 3 4 2'], // no Cc sorts as the empty string, first
    ['(SIZE) UTF-8 ALL', '4 2 3 1'],
    ['(DISPLAYFROM) UTF-8 ALL', '2 3 4 1'], // BOB@EXAMPLE.COM CARL EMILE (É decomposed, I18NLEVEL=1) ZOE ZULU
    ['(DISPLAYTO) UTF-8 ALL', '2 4 3 1'], // ALICE ANN@ BEA@ CAROL@
    ['(ARRIVAL) US-ASCII SUBJECT apple', '4 2'],
    ['(DATE) UTF-8 FROM nobody', ''],
  ])('SORT %s', async (args, expected) => {
    const raw = await sortWorld();
    expect(await sorted(raw, args)).toBe(expected);
  });

  it('UID SORT answers UIDs; i;ascii-casemap puts "Émile" after Z when I18NLEVEL=1 is off', async () => {
    const raw = await sortWorld(['-I18NLEVEL=1']);
    await raw.command('x', 'STORE 1 +FLAGS (\\Deleted)');
    await raw.command('e', 'EXPUNGE');
    expect(await raw.command('u', 'UID SORT (DISPLAYFROM) UTF-8 ALL')).toBe('* SORT 2 3 4\r\nu OK UID SORT completed\r\n');
    expect(await raw.command('v', 'UID SORT (DISPLAYFROM) UTF-8 UID 1:3')).toBe('* SORT 2 3\r\nv OK UID SORT completed\r\n');
    const again = await sortWorld(['-I18NLEVEL=1']);
    expect(await sorted(again, '(DISPLAYFROM) UTF-8 ALL')).toBe('2 3 1 4');
  });

  it('refuses what is not SORT', async () => {
    const raw = await sortWorld();
    expect(await raw.command('a', 'SORT (NAME) UTF-8 ALL')).toBe('a BAD SORT: unknown sort key "NAME"; known are ARRIVAL CC DATE FROM SIZE SUBJECT TO DISPLAYFROM DISPLAYTO\r\n');
    expect(await raw.command('b', 'SORT () UTF-8 ALL')).toBe('b BAD SORT: empty list of sort criteria\r\n');
    expect(await raw.command('c', 'SORT (DATE) ALL')).toBe(`c NO [BADCHARSET (${supportedCharsets().join(' ')})] SORT: charset "ALL" is not supported\r\n`);
    expect(await raw.command('d', 'SORT (DATE) UTF-8')).toBe('d BAD SORT: missing a search key (argument 3)\r\n');
    expect(await raw.command('e', 'SORT DATE UTF-8 ALL')).toMatch(/^e BAD SORT: expected a parenthesized list of sort criteria/);
    expect(await raw.command('f', 'SORT (REVERSE) UTF-8 ALL')).toMatch(/^f BAD SORT criteria: missing a sort key/);
    const plain = await sortWorld(['-SORT=DISPLAY']);
    expect(await plain.command('g', 'SORT (DISPLAYFROM) UTF-8 ALL')).toBe('g BAD DISPLAYFROM and DISPLAYTO needs SORT=DISPLAY, which this server does not offer\r\n');
  });
});

/**
 * Threads with a reply chain, a duplicate Message-ID, a missing one, references to messages that
 * are not here, and a References loop:
 *  1 <a> Party          1 Mar 09:00     6 <f> refs <gone2>  Re: Dinner  5 Mar
 *  2 <b> irt <a>  Re: Party  2 Mar      7 <g> Lunch  6 Mar
 *  3 <c> refs <a> <b> Re: Party 3 Mar   8 <a> (duplicate) Party dup  7 Mar
 *  4 <d> refs <gone> Lunch  1 Mar 12:00 9 (no Message-ID) Re: Party  8 Mar
 *  5 <e> refs <gone2> Re: Dinner 4 Mar  10 <h> refs <i> Loop  9 Mar;  11 <i> refs <h> Loop 10 Mar
 */
async function threadWorld(): Promise<RawImap> {
  world = await imapWorld();
  const inbox = world.alice.inbox;
  const specs: Array<[Record<string, string>, string]> = [
    [{ 'Message-ID': '<a@x>', Subject: 'Party' }, '01 Mar 2024 09:00'],
    [{ 'Message-ID': '<b@x>', 'In-Reply-To': '<a@x>', Subject: 'Re: Party' }, '02 Mar 2024 09:00'],
    [{ 'Message-ID': '<c@x>', References: '<a@x> <b@x>', Subject: 'Re: Party' }, '03 Mar 2024 09:00'],
    [{ 'Message-ID': '<d@x>', References: '<gone@x>', Subject: 'Lunch' }, '01 Mar 2024 12:00'],
    [{ 'Message-ID': '<e@x>', References: '<gone2@x>', Subject: 'Re: Dinner' }, '04 Mar 2024 09:00'],
    [{ 'Message-ID': '<f@x>', References: '<gone2@x>', Subject: 'Re: Dinner' }, '05 Mar 2024 09:00'],
    [{ 'Message-ID': '<g@x>', Subject: 'Lunch' }, '06 Mar 2024 09:00'],
    [{ 'Message-ID': '<a@x>', Subject: 'Party dup' }, '07 Mar 2024 09:00'],
    [{ Subject: 'Re: Party' }, '08 Mar 2024 09:00'],
    [{ 'Message-ID': '<h@x>', References: '<i@x>', Subject: 'Loop' }, '09 Mar 2024 09:00'],
    [{ 'Message-ID': '<i@x>', References: '<h@x>', Subject: 'Loop' }, '10 Mar 2024 09:00'],
  ];
  for (const [headers, date] of specs) inbox.append(message({ From: 'x@example.com', ...headers, Date: `${date}:00 +0000` }), ORIGIN, { internalDate: T0 });
  const raw = await world.raw();
  await raw.loginAndSelect();
  return raw;
}

describe('THREAD (RFC 5256 4-5)', () => {
  it('REFERENCES: links, prunes dummies, merges by base subject, sorts by sent date', async () => {
    const raw = await threadWorld();
    expect(await raw.command('t', 'THREAD REFERENCES UTF-8 ALL')).toBe('* THREAD (1 (2 3)(9))((4)(7))((5)(6))(8)(11 10)\r\nt OK THREAD completed\r\n');
  });

  it('REFS: no merge by subject, threads by their newest message', async () => {
    const raw = await threadWorld();
    expect(await raw.command('t', 'THREAD REFS UTF-8 ALL')).toBe('* THREAD (4)(1 2 3)((5)(6))(7)(8)(9)(11 10)\r\nt OK THREAD completed\r\n');
  });

  it('ORDEREDSUBJECT: one thread per base subject, the first message the parent of the rest', async () => {
    const raw = await threadWorld();
    expect(await raw.command('t', 'THREAD ORDEREDSUBJECT UTF-8 ALL')).toBe('* THREAD (1 (2)(3)(9))(4 7)(5 6)(8)(10 11)\r\nt OK THREAD completed\r\n');
  });

  it('threads only what the search finds; UID THREAD answers UIDs; nothing found is a bare THREAD', async () => {
    const raw = await threadWorld();
    expect(await raw.command('t', 'THREAD REFERENCES UTF-8 SUBJECT party')).toBe('* THREAD (1 (2 3)(9))(8)\r\nt OK THREAD completed\r\n');
    expect(await raw.command('u', 'UID THREAD ORDEREDSUBJECT UTF-8 2:3')).toBe('* THREAD (2 3)\r\nu OK UID THREAD completed\r\n');
    expect(await raw.command('v', 'THREAD REFS UTF-8 SUBJECT nothing')).toBe('* THREAD\r\nv OK THREAD completed\r\n');
  });

  it('refuses an unknown algorithm, naming the ones offered', async () => {
    const raw = await threadWorld();
    expect(await raw.command('a', 'THREAD JWZ UTF-8 ALL')).toBe('a BAD THREAD: unknown threading algorithm JWZ; this server offers ORDEREDSUBJECT, REFERENCES, REFS\r\n');
    expect(await raw.command('b', 'THREAD REFERENCES X-MARTIAN ALL')).toBe(`b NO [BADCHARSET (${supportedCharsets().join(' ')})] THREAD: charset "X-MARTIAN" is not supported\r\n`);
  });
});
