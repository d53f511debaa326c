import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { imapWorld, type ImapWorld, type RawImap } from './helpers.js';

let world: ImapWorld;
const ORIGIN = { label: 'test' };
const ATTACHED = [
  'From: a@example.com',
  'Subject: with parts',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b"',
  '',
  '--b',
  'Content-Type: text/plain',
  '',
  'first part',
  '--b',
  'Content-Type: application/pdf',
  'Content-Transfer-Encoding: base64',
  '',
  'JVBERi0=',
  '--b--',
  '',
].join('\r\n');

beforeEach(async () => {
  world = await imapWorld();
  world.alice.inbox.append(Buffer.from(ATTACHED), ORIGIN);
});
afterEach(async () => world.close());

async function loggedIn(): Promise<RawImap> {
  const raw = await world.raw();
  await raw.command('l', 'LOGIN alice secret');
  return raw;
}

/** `tag APPEND <head><literal parts...>` sent at once with {n+} literals. */
function literal(text: string): string {
  return `{${Buffer.byteLength(text)}+}\r\n${text}`;
}

describe('MULTIAPPEND (RFC 3502)', () => {
  it('stores several messages in one command, with one APPENDUID set', async () => {
    const raw = await loggedIn();
    const sent = world.alice.mailbox('Sent')!;
    const reply = await raw.command('a', `APPEND Sent (\\Seen) ${literal('Subject: one\r\n\r\n1\r\n')} " 5-Jan-2024 03:04:05 +0000" ${literal('Subject: two\r\n\r\n2\r\n')}`);
    expect(reply).toBe(`a OK [APPENDUID ${sent.uidValidity} 1:2] APPEND completed\r\n`);
    expect(sent.messages.map((m) => [m.flags, m.internalDate])).toEqual([
      [['\\Seen'], world.clock.now()],
      [[], Date.UTC(2024, 0, 5, 3, 4, 5)],
    ]);
  });

  it('stores none when one of them fails', async () => {
    const raw = await loggedIn();
    const snapshot = world.snapshot();
    expect(await raw.command('b', `APPEND Sent ${literal('Subject: ok\r\n\r\n1\r\n')} {0+}\r\n`)).toBe('b NO [CANNOT] Cannot save a zero-byte message\r\n');
    expect(world.snapshot()).toBe(snapshot);
  });
});

describe('CATENATE (RFC 4469)', () => {
  it('joins TEXT literals and sections of stored messages', async () => {
    const raw = await loggedIn();
    const inbox = world.alice.inbox;
    const head = 'From: me@example.com\r\nSubject: Fwd: with parts\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="n"\r\n\r\n--n\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--n\r\n';
    const tail = '\r\n--n--\r\n';
    const reply = await raw.command(
      'A003',
      `APPEND Drafts (\\Seen \\Draft) CATENATE (TEXT ${literal(head)} URL "/INBOX;UIDVALIDITY=${inbox.uidValidity}/;UID=1/;SECTION=2.MIME" URL "/INBOX;UIDVALIDITY=${inbox.uidValidity}/;UID=1/;SECTION=2" TEXT ${literal(tail)})`,
    );
    const drafts = world.alice.mailbox('Drafts')!;
    expect(reply).toBe(`A003 OK [APPENDUID ${drafts.uidValidity} 1] APPEND completed\r\n`);
    expect(drafts.messages[0]!.raw.toString()).toBe(`${head}Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=${tail}`);
  });

  it('takes a URL relative to the selected mailbox and a PARTIAL; refuses what it cannot read with [BADURL]', async () => {
    const raw = await loggedIn();
    await raw.command('s', 'SELECT INBOX');
    expect(await raw.command('a', `APPEND Drafts CATENATE (URL ";UID=1/;SECTION=1/;PARTIAL=0.5" TEXT ${literal('!')})`)).toMatch(/^a OK \[APPENDUID \d+ 1\] APPEND completed\r\n$/);
    expect(world.alice.mailbox('Drafts')!.messages[0]!.raw.toString()).toBe('first!');
    const uv = world.alice.inbox.uidValidity;
    for (const url of [`/INBOX;UIDVALIDITY=${uv + 1}/;UID=1`, `/INBOX;UIDVALIDITY=${uv}/;UID=9`, '/Nowhere/;UID=1', `/INBOX/;UID=1/;SECTION=7`, 'imap://elsewhere/INBOX;UID=1/;SECTION=HEADER.FIELDS']) {
      expect(await raw.command('b', `APPEND Drafts CATENATE (URL "${url}")`)).toBe(`b NO [BADURL ${url}] CATENATE: cannot read ${url} on this server\r\n`);
    }
  });

  it('without CATENATE or MULTIAPPEND: BAD', async () => {
    await world.close();
    world = await imapWorld({ capabilities: ['-CATENATE', '-MULTIAPPEND'] });
    const raw = await loggedIn();
    expect(await raw.command('a', `APPEND Drafts CATENATE (TEXT ${literal('x')})`)).toBe('a BAD APPEND CATENATE needs CATENATE, which this server does not offer\r\n');
    expect(await raw.command('b', `APPEND Drafts ${literal('x')} ${literal('y')}`)).toBe('b BAD Several messages in one APPEND needs MULTIAPPEND, which this server does not offer\r\n');
  });
});
