import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { imapWorld, type ImapWorld, type RawImap } from './helpers.js';

let world: ImapWorld;
const NUL_BYTES = Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00]);
const MULTIPART = Buffer.from(
  [
    'From: a@example.com',
    'Subject: parts',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    'Caf=C3=A9 =',
    'ok',
    '--b',
    'Content-Type: application/octet-stream',
    'Content-Transfer-Encoding: base64',
    '',
    NUL_BYTES.toString('base64'),
    '--b',
    'Content-Type: text/plain',
    '',
    'plain seven bit',
    '--b',
    'Content-Type: application/octet-stream',
    'Content-Transfer-Encoding: x-uuencode',
    '',
    'begin 644 x',
    '--b--',
    '',
  ].join('\r\n'),
  'latin1',
);

beforeEach(async () => {
  world = await imapWorld();
  world.alice.inbox.append(MULTIPART, { label: 'test' });
});
afterEach(async () => world.close());

async function selected(): Promise<RawImap> {
  const raw = await world.raw();
  await raw.loginAndSelect();
  return raw;
}

describe('BINARY (RFC 3516)', () => {
  it('undoes quoted-printable and base64; 7bit as is; a literal8 only when the content holds NUL', async () => {
    const raw = await selected();
    expect(await raw.command('a', 'FETCH 1 (BINARY.PEEK[1])')).toBe('* 1 FETCH (BINARY[1] {8}\r\nCafé ok)\r\na OK FETCH completed\r\n'.replace('Café', Buffer.from('Café', 'utf8').toString('latin1')));
    expect(await raw.command('b', 'FETCH 1 (BINARY.PEEK[2])')).toBe(`* 1 FETCH (BINARY[2] ~{5}\r\n${NUL_BYTES.toString('latin1')})\r\nb OK FETCH completed\r\n`);
    expect(await raw.command('c', 'FETCH 1 (BINARY.PEEK[3] BINARY.SIZE[2] BINARY.SIZE[1])')).toBe(
      '* 1 FETCH (BINARY[3] {15}\r\nplain seven bit BINARY.SIZE[2] 5 BINARY.SIZE[1] 8)\r\nc OK FETCH completed\r\n',
    );
    expect(await raw.command('d', 'FETCH 1 (BINARY.PEEK[2]<1.2>)')).toBe('* 1 FETCH (BINARY[2]<1> {2}\r\n\x01\x02)\r\nd OK FETCH completed\r\n');
    expect(await raw.command('e', 'FETCH 1 (BINARY.PEEK[9])')).toBe('* 1 FETCH (BINARY[9] NIL)\r\ne OK FETCH completed\r\n');
    expect(world.alice.inbox.messages[0]!.hasFlag('\\Seen')).toBe(false);
  });

  it('refuses an encoding it cannot undo with NO [UNKNOWN-CTE]; BINARY without PEEK sets \\Seen', async () => {
    const raw = await selected();
    expect(await raw.command('a', 'FETCH 1 (BINARY[4])')).toBe(
      'a NO [UNKNOWN-CTE] Part 4 of message 1 has Content-Transfer-Encoding x-uuencode, which this server cannot decode\r\n',
    );
    expect(await raw.command('b', 'FETCH 1 (BINARY[3])')).toBe('* 1 FETCH (BINARY[3] {15}\r\nplain seven bit FLAGS (\\Seen \\Recent))\r\nb OK FETCH completed\r\n');
    expect(await raw.command('c', 'FETCH 1 BINARY[1.MIME]')).toBe('c BAD FETCH: BINARY[...] takes part numbers only, as in BINARY[1.2]\r\n');
    expect(await raw.command('d', 'FETCH 1 BINARY.SIZE[1]<0.5>')).toBe('d BAD FETCH: BINARY.SIZE takes no partial <...>\r\n');
  });

  it('APPEND takes a literal8 with NUL octets, and nothing else does', async () => {
    const raw = await selected();
    const message = Buffer.concat([Buffer.from('Subject: bin\r\n\r\n'), NUL_BYTES]);
    raw.write(`a APPEND INBOX ~{${message.length}}\r\n`);
    await raw.readUntil(/^\+ /m);
    raw.take();
    raw.write(Buffer.concat([message, Buffer.from('\r\n')]));
    expect(await raw.readUntil(/^a OK/m)).toMatch(/^(\* 2 EXISTS\r\n\* 2 RECENT\r\n)?a OK \[APPENDUID \d+ 2\] APPEND completed\r\n$/);
    expect(world.alice.inbox.messages[1]!.raw.equals(message)).toBe(true);
    expect(await raw.command('b', 'SEARCH SUBJECT ~{3+}\r\nbin')).toBe("b BAD SEARCH: the SUBJECT search string: literal8 (~{n}) is only allowed for APPEND's message\r\n");
  });

  it('imapflow downloads a part with binary: true', async () => {
    const client = await world.client();
    await client.mailboxOpen('INBOX');
    const { content } = await client.download('1', '2', { binary: true });
    if (!content) throw new Error('no content');
    const chunks: Buffer[] = [];
    for await (const chunk of content) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(NUL_BYTES)).toBe(true);
    expect(world.wire.some((e) => e.direction === 'C' && e.text.includes('BINARY.PEEK[2]'))).toBe(true);
  });

  it('without BINARY: its items and literal8 are BAD', async () => {
    await world.close();
    world = await imapWorld({ capabilities: ['-BINARY'] });
    world.alice.inbox.append(MULTIPART, { label: 'test' });
    const raw = await selected();
    expect(await raw.command('a', 'FETCH 1 BINARY.PEEK[1]')).toBe('a BAD BINARY[...] needs BINARY, which this server does not offer\r\n');
    expect(await raw.command('b', 'APPEND INBOX ~{2}')).toBe('b BAD literal8 (~{n}) needs the BINARY extension, which this server does not offer\r\n');
  });
});
