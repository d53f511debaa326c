import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../../src/store/index.js';
import { supportedCharsets } from '../../src/imap/syntax/index.js';
import { ALTERNATIVE, crlf } from '../mime/fixtures.js';
import { imapWorld, T0, type ImapWorld, type RawImap } from './helpers.js';

const ORIGIN = { label: 'test' };
const DAY = 24 * 60 * 60 * 1000;

/** A message with Cc and Bcc, a 2-digit-year Date and a UTF-8 subject in an encoded word. */
const MEMO = crlf(
  'From: Carol <carol@example.net>',
  'To: alice@example.com',
  'Cc: Dave <dave@example.com>',
  'Bcc: eve@example.org',
  'Subject: =?utf-8?Q?Gr=C3=BC=C3=9Fe?= from the team',
  'Date: 7 Mar 24 23:30 -0800',
  'X-Priority: 1',
  '',
  'The attached numbers are final.',
  '',
);

let world: ImapWorld;
let messages: Message[];

/**
 * 1 "one"     T0 (4 Mar)      \Seen           Date: 4 Mar 2024
 * 2 ALTERNATIVE T0+1d (5 Mar)   \Flagged        Date: 5 Mar 2024, body "Café at 10." (QP)
 * 3 MEMO      T0+2d (6 Mar)   $Work           Date: 7 Mar 24 (7 Mar in its own zone, 8 Mar UTC)
 * 4 "big"     T0+3d (7 Mar)   \Deleted \Seen  a large body
 */
beforeEach(async () => seed());

async function seed(capabilities?: string[]): Promise<void> {
  world = await imapWorld(capabilities ? { capabilities } : {});
  const inbox = world.alice.inbox;
  messages = [
    world.deliver('one', { flags: ['\\Seen'] }),
    inbox.append(Buffer.from(ALTERNATIVE), ORIGIN, { flags: ['\\Flagged'], internalDate: T0 + DAY }),
    inbox.append(Buffer.from(MEMO), ORIGIN, { flags: ['$Work'], internalDate: T0 + 2 * DAY }),
    inbox.append(Buffer.from(`From: big@example.com\r\nSubject: big\r\n\r\n${'x'.repeat(2000)}\r\n`), ORIGIN, { flags: ['\\Deleted', '\\Seen'], internalDate: T0 + 3 * DAY }),
  ];
}
afterEach(async () => world.close());

async function selected(): Promise<RawImap> {
  const raw = await world.raw();
  await raw.loginAndSelect();
  return raw;
}

/** The numbers of `* SEARCH ...`, after checking the exact shape of the answer. */
async function search(raw: RawImap, criteria: string): Promise<string> {
  const reply = await raw.command('s', `SEARCH ${criteria}`);
  const match = /^\* SEARCH((?: \d+)*)\r\ns OK SEARCH completed\r\n$/.exec(reply);
  if (match === null) throw new Error(`unexpected reply to SEARCH ${criteria}:\n${reply}`);
  return match[1]!.trim();
}

describe('SEARCH keys (RFC 3501 6.4.4)', () => {
  it.each([
    ['ALL', '1 2 3 4'],
    ['SEEN', '1 4'],
    ['UNSEEN', '2 3'],
    ['FLAGGED', '2'],
    ['UNFLAGGED', '1 3 4'],
    ['DELETED', '4'],
    ['UNDELETED', '1 2 3'],
    ['ANSWERED', ''],
    ['UNANSWERED', '1 2 3 4'],
    ['DRAFT', ''],
    ['UNDRAFT', '1 2 3 4'],
    ['KEYWORD $Work', '3'],
    ['KEYWORD $work', '3'],
    ['UNKEYWORD $Work', '1 2 4'],
    ['RECENT', '1 2 3 4'],
    ['NEW', '2 3'],
    ['OLD', ''],
    ['SUBJECT ONE', '1'],
    ['SUBJECT "weekly notes"', '2'],
    ['FROM carol', '3'],
    ['FROM "bob@example.com"', '1'],
    ['FROM jose', '2'],
    ['TO alice', '1 3'],
    ['TO ben@', '2'],
    ['CC dave', '3'],
    ['BCC eve@example.org', '3'],
    ['BCC carol', ''],
    ['BODY "final"', '3'],
    ['BODY carol', ''],
    ['TEXT carol', '3'],
    ['TEXT "body of ONE"', '1'],
    ['HEADER Message-ID "<1@test>"', '1'],
    ['HEADER x-priority ""', '3'],
    ['HEADER In-Reply-To notes-1', '2'],
    ['HEADER X-Missing ""', ''],
    ['BEFORE 5-Mar-2024', '1'],
    ['ON 6-Mar-2024', '3'],
    ['SINCE 6-Mar-2024', '3 4'],
    ['SINCE 1-Jan-2025', ''],
    ['SENTBEFORE 5-Mar-2024', '1'],
    ['SENTON 5-Mar-2024', '2'],
    // Message 4 has no Date: its internal date (7 Mar) stands in.
    ['SENTON 7-Mar-2024', '3 4'],
    ['SENTSINCE 6-Mar-2024', '3 4'],
    ['LARGER 1000', '4'],
    ['SMALLER 200', '1'],
    ['2:3', '2 3'],
    ['3:*', '3 4'],
    ['1,4 SEEN', '1 4'],
    ['9', ''],
    ['UID 2', '2'],
    ['UID 3:*', '3 4'],
    ['UID 50:*', '4'],
    ['NOT SEEN', '2 3'],
    ['NOT NOT SEEN', '1 4'],
    ['OR FLAGGED KEYWORD $Work', '2 3'],
    ['OR (SEEN LARGER 1000) FROM nobody', '4'],
    ['OR OR FLAGGED DELETED SUBJECT one', '1 2 4'],
    ['SEEN NOT DELETED', '1'],
    ['(UNSEEN) (OR SUBJECT team SUBJECT notes)', '2 3'],
    ['MODSEQ 1', '1 2 3 4'],
  ])('SEARCH %s -> %s', async (criteria, expected) => {
    const raw = await selected();
    // MODSEQ answers with (MODSEQ n) too, tested on its own below.
    if (criteria.startsWith('MODSEQ')) {
      expect(await raw.command('s', `SEARCH ${criteria}`)).toMatch(new RegExp(`^\\* SEARCH ${expected} \\(MODSEQ \\d+\\)\\r\\n`));
      return;
    }
    expect(await search(raw, criteria)).toBe(expected);
  });

  it('decodes before matching: encoded-word subjects, QP bodies, UTF-8 literals with CHARSET', async () => {
    const raw = await selected();
    // Literals are the way to send 8-bit text; LITERAL+ lets us send them without waiting.
    const literal = (text: string) => `{${Buffer.byteLength(text)}+}\r\n${text}`;
    expect(await search(raw, `CHARSET UTF-8 SUBJECT ${literal('ÉQUIPE')}`)).toBe('2');
    expect(await search(raw, `CHARSET utf-8 BODY ${literal('café at')}`)).toBe('2');
    expect(await search(raw, `CHARSET UTF-8 FROM ${literal('josé')}`)).toBe('2');
    expect(await search(raw, `CHARSET UTF-8 TEXT ${literal('grüße')}`)).toBe('3');
    // A client that says US-ASCII and sends 8-bit means UTF-8.
    expect(await search(raw, `CHARSET US-ASCII SUBJECT ${literal('Grüße')}`)).toBe('3');
    // Decomposed é (e + U+0301) finds the precomposed one: both sides are NFC-normalised.
    expect(await search(raw, `CHARSET UTF-8 BODY ${literal('cafe\u0301')}`)).toBe('2');
  });

  it('takes a synchronizing literal: asks for it with a continuation, then searches', async () => {
    const raw = await selected();
    const text = Buffer.from('grüße', 'utf8');
    raw.write(`s SEARCH CHARSET UTF-8 OR SUBJECT {${text.length}}\r\n`);
    expect(await raw.readUntil(/^\+ .*\r\n/m)).toBe('+ Ready for literal data\r\n');
    raw.take();
    raw.write(Buffer.concat([text, Buffer.from(' KEYWORD $Work\r\n')]));
    expect(await raw.readUntil(/^s OK.*\r\n/m)).toBe('* SEARCH 3\r\ns OK SEARCH completed\r\n');
  });

  it('FROM/TO/CC/BCC match the parsed addresses, not a substring of the raw field (issue 11)', async () => {
    world.alice.inbox.append(
      Buffer.from('From: "Bob \\"The\\" Builder" <bob(work)@builder.example>\r\nTo: ann@x.com, carol@y.com\r\nCc: =?utf-8?q?J=C3=BCrgen?= <j@z.de>\r\nSubject: s\r\n\r\nhi\r\n'),
      ORIGIN,
    );
    const raw = await selected();
    // Quoting undone, the comment inside the address dropped.
    expect(await search(raw, 'FROM "Bob \\"The\\" Builder"')).toBe('5');
    expect(await search(raw, 'FROM bob@builder.example')).toBe('5');
    expect(await search(raw, 'FROM work')).toBe('');
    // Never across two addresses, and encoded-word names decoded.
    expect(await search(raw, 'TO "x.com, carol"')).toBe('');
    expect(await search(raw, 'TO carol@y')).toBe('5');
    expect(await search(raw, 'CHARSET UTF-8 CC "Jürgen <j@"')).toBe('5');
  });

  it('SEARCH 1:3 still finds 2 when another session expunged it and this one has not been told (issue 11)', async () => {
    const raw = await selected();
    world.alice.inbox.expunge([messages[1]!], ORIGIN);
    expect(await raw.command('a', 'SEARCH 1:3')).toBe('* SEARCH 1 2 3\r\na OK [EXPUNGEISSUED] SEARCH completed; some of these messages were expunged by another session\r\n');
    expect(await raw.command('b', 'FETCH 2 UID')).toBe('* 2 FETCH (UID 2)\r\nb OK [EXPUNGEISSUED] FETCH completed; some of these messages were expunged by another session\r\n');
    expect(await raw.command('c', 'NOOP')).toBe('* 2 EXPUNGE\r\nc OK NOOP completed\r\n');
    expect(await raw.command('d', 'SEARCH 1:3')).toBe('* SEARCH 1 2 3\r\nd OK SEARCH completed\r\n');
  });

  it('answers UID SEARCH with UIDs, and keeps a message expunged by another session until its EXPUNGE is sent, with [EXPUNGEISSUED]', async () => {
    const raw = await selected();
    world.alice.inbox.expunge([messages[0]!], ORIGIN);
    world.deliver('five');
    // Non-UID SEARCH: no EXPUNGE (RFC 3501 7.4.1), and the EXISTS queued behind it waits too.
    expect(await raw.command('a', 'SEARCH ALL')).toBe('* SEARCH 1 2 3 4\r\na OK [EXPUNGEISSUED] SEARCH completed; some of these messages were expunged by another session\r\n');
    // UID SEARCH may report the EXPUNGE, and then the new message.
    expect(await raw.command('b', 'UID SEARCH UNSEEN')).toBe('* 1 EXPUNGE\r\n* 4 EXISTS\r\n* 4 RECENT\r\n* SEARCH 2 3 5\r\nb OK UID SEARCH completed\r\n');
    expect(await raw.command('c', 'SEARCH UID 5')).toBe('* SEARCH 4\r\nc OK SEARCH completed\r\n');
  });

  it('adds (MODSEQ n) with the highest mod-sequence found, and nothing when nothing matched (RFC 7162 3.1.5)', async () => {
    const raw = await selected();
    const since = world.alice.inbox.highestModSeq;
    world.alice.inbox.setFlags([messages[1]!], 'add', ['\\Answered'], ORIGIN);
    world.alice.inbox.setFlags([messages[2]!], 'add', ['\\Answered'], ORIGIN);
    expect(await raw.command('a', `SEARCH MODSEQ ${since + 1}`)).toBe(
      '* 2 FETCH (UID 2 FLAGS (\\Answered \\Flagged \\Recent))\r\n* 3 FETCH (UID 3 FLAGS (\\Answered $Work \\Recent))\r\n' +
        `* SEARCH 2 3 (MODSEQ ${messages[2]!.modseq})\r\na OK SEARCH completed\r\n`,
    );
    expect(await raw.command('b', `UID SEARCH MODSEQ "/flags/\\\\Seen" all ${since + 1} NOT UID 3`)).toBe(`* SEARCH 2 (MODSEQ ${messages[1]!.modseq})\r\nb OK UID SEARCH completed\r\n`);
    expect(await raw.command('c', `SEARCH MODSEQ ${world.alice.inbox.highestModSeq + 1}`)).toBe('* SEARCH\r\nc OK SEARCH completed\r\n');
    // SEARCH MODSEQ turned CONDSTORE on: unsolicited FETCH now carries MODSEQ.
    world.alice.inbox.setFlags([messages[0]!], 'add', ['\\Answered'], ORIGIN);
    expect(await raw.command('d', 'NOOP')).toBe(`* 1 FETCH (UID 1 FLAGS (\\Answered \\Seen \\Recent) MODSEQ (${messages[0]!.modseq}))\r\nd OK NOOP completed\r\n`);
  });

  it('sees \\Recent as this session has it', async () => {
    const first = await selected();
    const second = await selected();
    expect(await search(first, 'RECENT')).toBe('1 2 3 4');
    expect(await search(second, 'RECENT')).toBe('');
    expect(await search(second, 'OLD')).toBe('1 2 3 4');
  });
});

describe('SEARCH CHARSET (RFC 3501 6.4.4)', () => {
  it('decodes literals and quoted strings in the charset named, and matches the decoded text', async () => {
    const raw = await selected();
    // "Grüße" in ISO-8859-1 is 47 72 FC DF 65: not UTF-8.
    const latin1 = Buffer.from('Grüße', 'latin1');
    raw.take();
    raw.write(Buffer.concat([Buffer.from(`a SEARCH CHARSET ISO-8859-1 SUBJECT {${latin1.length}+}\r\n`), latin1, Buffer.from('\r\n')]));
    expect(await raw.readUntil(/^a OK/m)).toBe('* SEARCH 3\r\na OK SEARCH completed\r\n');
    raw.take();
    raw.write(Buffer.concat([Buffer.from('b SEARCH CHARSET WINDOWS-1252 BODY "Caf'), Buffer.from([0xe9]), Buffer.from('"\r\n')]));
    expect(await raw.readUntil(/^b OK/m)).toBe('* SEARCH 2\r\nb OK SEARCH completed\r\n');
    const koi8 = Buffer.from([0xf0, 0xd2, 0xc9]); // "При" in KOI8-R: matches nothing here, but is read
    raw.take();
    raw.write(Buffer.concat([Buffer.from(`c SEARCH CHARSET koi8-r TEXT {3+}\r\n`), koi8, Buffer.from('\r\n')]));
    expect(await raw.readUntil(/^c OK/m)).toBe('* SEARCH\r\nc OK SEARCH completed\r\n');
    raw.take();
    // Without a charset, 8-bit quoted text must be UTF-8.
    raw.write(Buffer.concat([Buffer.from('d SEARCH BODY "Caf'), Buffer.from([0xe9]), Buffer.from('"\r\n')]));
    expect(await raw.readUntil(/^d BAD/m)).toBe('d BAD SEARCH: the BODY search string is not valid UTF-8\r\n');
  });
});

describe('SEARCH refusals', () => {
  it.each([
    ['CHARSET X-MARTIAN ALL', `a NO [BADCHARSET (${supportedCharsets().join(' ')})] SEARCH: charset "X-MARTIAN" is not supported\r\n`],
    ['', /^a BAD .*search key/],
    ['FROB', 'a BAD unknown search key "FROB"\r\n'],
    ['SINCE 31-Feb-2024', /^a BAD .*Feb 2024 has no day 31/],
    ['KEYWORD \\Seen', /^a BAD .*keyword/],
    ['OR SEEN', /^a BAD /],
    ['ALL CHARSET UTF-8', /^a BAD .*CHARSET must come first/],
    ['RETURN (FROB) ALL', 'a BAD SEARCH: unknown return option FROB\r\n'],
    ['UID x', /^a BAD /],
  ])('SEARCH %s', async (criteria, expected) => {
    const raw = await selected();
    const reply = await raw.command('a', `SEARCH ${criteria}`.trimEnd());
    if (typeof expected === 'string') expect(reply).toBe(expected);
    else expect(reply).toMatch(expected);
  });

  it('is only valid with a mailbox selected', async () => {
    const raw = await world.raw();
    await raw.command('l', 'LOGIN alice secret');
    expect(await raw.command('a', 'SEARCH ALL')).toBe('a BAD [CLIENTBUG] SEARCH is not valid in the authenticated state\r\n');
  });
});

describe('SEARCH through imapflow', () => {
  it('compiles its query objects into searches we answer right', async () => {
    const client = await world.client();
    await client.mailboxOpen('INBOX');
    const uids = (query: Parameters<typeof client.search>[0]) => client.search(query, { uid: true });
    expect(await uids({ all: true })).toEqual([1, 2, 3, 4]);
    expect(await uids({ seen: false })).toEqual([2, 3]);
    expect(await uids({ flagged: true, seen: false })).toEqual([2]);
    expect(await uids({ or: [{ from: 'carol' }, { subject: 'one' }] })).toEqual([1, 3]);
    expect(await uids({ not: { seen: true } })).toEqual([2, 3]);
    expect(await uids({ on: new Date(T0 + 2 * DAY) })).toEqual([3]);
    expect(await uids({ sentBefore: new Date(Date.UTC(2024, 2, 5)) })).toEqual([1]);
    expect(await uids({ header: { 'message-id': '<1@test>' } })).toEqual([1]);
    expect(await uids({ header: { 'x-priority': true } })).toEqual([3]);
    expect(await uids({ larger: 1000 })).toEqual([4]);
    expect(await uids({ smaller: 200 })).toEqual([1]);
    expect(await uids({ uid: '2:*' })).toEqual([2, 3, 4]);
    expect(await uids({ keyword: '$Work' })).toEqual([3]);
    expect(await uids({ unKeyword: '$Work', deleted: false })).toEqual([1, 2]);
    expect(await uids({ cc: 'dave', bcc: 'eve' })).toEqual([3]);
    // Non-ASCII: imapflow adds CHARSET UTF-8 and sends a literal.
    expect(await uids({ body: 'café' })).toEqual([2]);
    expect(await uids({ subject: 'grüße' })).toEqual([3]);
    expect(await uids({ text: 'ÉQUIPE' })).toEqual([2]);
    expect(await uids({ modseq: BigInt(messages[3]!.modseq) })).toEqual([4]);
    expect(await client.search({ seen: true })).toEqual([1, 4]);
  });

  it('with WITHIN on, imapflow turns since/before into YOUNGER/OLDER from its own clock, not the server\'s', async () => {
    const client = await world.client();
    await client.mailboxOpen('INBOX');
    // The virtual clock stands at T0 (March 2024); imapflow counts seconds back from the real now,
    // so "since 5 March" becomes YOUNGER <years>, which every message here meets.
    expect(await client.search({ since: new Date(Date.UTC(2024, 2, 5)) }, { uid: true })).toEqual([1, 2, 3, 4]);
    await world.close();
    await seed(['-WITHIN']);
    const plain = await world.client();
    await plain.mailboxOpen('INBOX');
    // Without WITHIN it sends SINCE/BEFORE dates, which the server compares with internal dates.
    expect(await plain.search({ since: new Date(Date.UTC(2024, 2, 5)), before: new Date(Date.UTC(2024, 2, 7)) }, { uid: true })).toEqual([2, 3]);
  });
});
