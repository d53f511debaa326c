import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { imapWorld, T0, type ImapWorld, type RawImap } from './helpers.js';

let world: ImapWorld;
const ORIGIN = { label: 'test' };
const DAY = 24 * 60 * 60 * 1000;

const ALTERNATIVE = [
  'From: a@example.com',
  'Subject: html and text',
  'MIME-Version: 1.0',
  'Content-Type: multipart/alternative; boundary="x"',
  '',
  '--x',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Caf=C3=A9   at\tten,',
  '   please.',
  '--x',
  'Content-Type: text/html',
  '',
  '<p>ignored</p>',
  '--x--',
  '',
].join('\r\n');
const HTML_ONLY = 'Content-Type: text/html\r\n\r\n<html><style>p{}</style><p>Hello &amp; <b>welcome</b></p></html>\r\n';

beforeEach(async () => {
  world = await imapWorld();
  const inbox = world.alice.inbox;
  // APPEND with an old date: the internal date is that date, the save date is the clock's now.
  inbox.append(Buffer.from(ALTERNATIVE), ORIGIN, { internalDate: T0 - 30 * DAY });
  inbox.append(Buffer.from(HTML_ONLY), ORIGIN);
  inbox.append(Buffer.from(`Subject: long\r\n\r\n${'word '.repeat(100)}\r\n`), ORIGIN);
  world.clock.advance(2 * DAY);
});
afterEach(async () => world.close());

async function selected(): Promise<RawImap> {
  const raw = await world.raw();
  await raw.loginAndSelect();
  return raw;
}

describe('PREVIEW (RFC 8970) and its draft forms', () => {
  it('the first plain-text part, decoded and collapsed; HTML without markup; at most 256 characters', async () => {
    const raw = await selected();
    const cafe = Buffer.from('Café at ten, please.', 'utf8');
    expect(await raw.command('a', 'FETCH 1 (PREVIEW)')).toBe(`* 1 FETCH (PREVIEW {${cafe.length}}\r\n${cafe.toString('latin1')})\r\na OK FETCH completed\r\n`);
    expect(await raw.command('b', 'FETCH 2 (PREVIEW (LAZY))')).toBe('* 2 FETCH (PREVIEW "Hello & welcome")\r\nb OK FETCH completed\r\n');
    const long = await raw.command('c', 'FETCH 3 PREVIEW');
    // 256 characters: 51 times "word " and the first letter of the 52nd.
    expect(long).toBe(`* 3 FETCH (PREVIEW "${'word '.repeat(51)}w")\r\nc OK FETCH completed\r\n`);
    expect(await raw.command('d', 'FETCH 2 (PREVIEW (FUZZY) SNIPPET (FUZZY))')).toBe(
      '* 2 FETCH (PREVIEW (FUZZY "Hello & welcome") SNIPPET (FUZZY "Hello & welcome"))\r\nd OK FETCH completed\r\n',
    );
    expect(await raw.command('e', 'FETCH 2 (SNIPPET)')).toBe('e BAD FETCH: SNIPPET needs its algorithm, as in SNIPPET (FUZZY)\r\n');
    expect(await raw.command('f', 'FETCH 2 (PREVIEW (FAST))')).toBe('f BAD FETCH: unknown PREVIEW modifier; LAZY and FUZZY are known\r\n');
    expect(world.alice.inbox.messages.some((m) => m.hasFlag('\\Seen'))).toBe(false);
  });
});

describe('SAVEDATE (RFC 8514)', () => {
  it('FETCH SAVEDATE is when the message was saved here, not its internal date', async () => {
    const raw = await selected();
    expect(await raw.command('a', 'FETCH 1 (INTERNALDATE SAVEDATE)')).toBe('* 1 FETCH (INTERNALDATE " 3-Feb-2024 09:00:00 +0000" SAVEDATE " 4-Mar-2024 09:00:00 +0000")\r\na OK FETCH completed\r\n');
    await raw.command('c', 'COPY 1 Archive');
    await raw.command('s', 'SELECT Archive');
    expect(await raw.command('b', 'FETCH 1 (SAVEDATE)')).toBe('* 1 FETCH (SAVEDATE " 6-Mar-2024 09:00:00 +0000")\r\nb OK FETCH completed\r\n');
  });

  it('SEARCH SAVEDBEFORE, SAVEDON, SAVEDSINCE, SAVEDATESUPPORTED', async () => {
    const raw = await selected();
    world.alice.inbox.append(Buffer.from('Subject: later\r\n\r\nx\r\n'), ORIGIN);
    await raw.command('n', 'NOOP');
    expect(await raw.command('a', 'SEARCH SAVEDON 4-Mar-2024')).toBe('* SEARCH 1 2 3\r\na OK SEARCH completed\r\n');
    expect(await raw.command('b', 'SEARCH SAVEDSINCE 5-Mar-2024')).toBe('* SEARCH 4\r\nb OK SEARCH completed\r\n');
    expect(await raw.command('c', 'SEARCH SAVEDBEFORE 5-Mar-2024 BEFORE 1-Mar-2024')).toBe('* SEARCH 1\r\nc OK SEARCH completed\r\n');
    expect(await raw.command('d', 'SEARCH SAVEDATESUPPORTED')).toBe('* SEARCH 1 2 3 4\r\nd OK SEARCH completed\r\n');
  });
});
