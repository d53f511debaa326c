import { afterEach, describe, expect, it } from 'vitest';
import type { ImapFlow } from 'imapflow';
import { MAX_QUEUED_RESPONSES_BYTES } from '../../src/imap/limits.js';
import type { Message } from '../../src/store/index.js';
import { ALTERNATIVE, FORWARDED, FORWARDED_INNER, FORWARDED_REPLY, LF_ONLY, MIXED_NESTED, SIMPLE_TEXT } from '../mime/fixtures.js';
import { imapWorld, T0, type ImapWorld, type RawImap } from './helpers.js';

let world: ImapWorld;
afterEach(async () => world?.close());

const ORIGIN = { label: 'test' };

async function selected(mailbox = 'INBOX'): Promise<RawImap> {
  const raw = await world.raw();
  await raw.loginAndSelect(mailbox);
  return raw;
}

function store(text: string, options: { mailbox?: string; flags?: string[] } = {}): Message {
  return world.alice.mailbox(options.mailbox ?? 'INBOX')!.append(Buffer.from(text), ORIGIN, { flags: options.flags ?? [] });
}

/** The ENVELOPE the helpers' deliver() produces for a subject and Message-ID number. */
function envelopeOf(subject: string, id: number): string {
  const bob = '(("Bob" NIL "bob" "example.com"))';
  return `("Mon, 04 Mar 2024 09:00:00 +0000" "${subject}" ${bob} ${bob} ${bob} ((NIL NIL "alice" "example.com")) NIL NIL NIL "<${id}@test>")`;
}

async function readAll(stream: NodeJS.ReadableStream | undefined): Promise<Buffer> {
  if (stream === undefined) throw new Error('download() found nothing');
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

describe('FETCH data items, byte for byte', () => {
  it('expands ALL, FAST and FULL, and keeps the order items were asked in', async () => {
    world = await imapWorld();
    const one = world.deliver('one', { flags: ['\\Seen'] });
    const raw = await selected();
    const date = 'INTERNALDATE " 4-Mar-2024 09:00:00 +0000"';
    expect(await raw.command('a', 'FETCH 1 ALL')).toBe(
      `* 1 FETCH (FLAGS (\\Seen \\Recent) ${date} RFC822.SIZE ${one.size} ENVELOPE ${envelopeOf('one', 1)})\r\na OK FETCH completed\r\n`,
    );
    expect(await raw.command('b', 'FETCH 1 FAST')).toBe(`* 1 FETCH (FLAGS (\\Seen \\Recent) ${date} RFC822.SIZE ${one.size})\r\nb OK FETCH completed\r\n`);
    expect(await raw.command('c', 'FETCH 1 FULL')).toBe(
      `* 1 FETCH (FLAGS (\\Seen \\Recent) ${date} RFC822.SIZE ${one.size} ENVELOPE ${envelopeOf('one', 1)} ` +
        'BODY ("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 13 1))\r\nc OK FETCH completed\r\n',
    );
    expect(await raw.command('d', 'FETCH 1 (RFC822.SIZE uid FLAGS UID)')).toBe(`* 1 FETCH (RFC822.SIZE ${one.size} UID 1 FLAGS (\\Seen \\Recent))\r\nd OK FETCH completed\r\n`);
  });

  it('UID FETCH answers with UID first, skips UIDs that do not exist, and n:* reaches the last message', async () => {
    world = await imapWorld();
    world.deliver('one');
    world.deliver('two');
    world.deliver('three');
    world.alice.inbox.expunge([world.alice.inbox.messages[1]!], ORIGIN);
    const raw = await selected();
    expect(await raw.command('a', 'UID FETCH 1:* FLAGS')).toBe(
      '* 1 FETCH (UID 1 FLAGS (\\Recent))\r\n* 2 FETCH (UID 3 FLAGS (\\Recent))\r\na OK UID FETCH completed\r\n',
    );
    expect(await raw.command('b', 'UID FETCH 2,7:9 FLAGS')).toBe('b OK UID FETCH completed\r\n');
    // RFC 3501 6.4.8: "*" is the largest UID, so 100:* still names it.
    expect(await raw.command('c', 'UID FETCH 100:* (UID)')).toBe('* 2 FETCH (UID 3)\r\nc OK UID FETCH completed\r\n');
  });

  it('sends RFC822, RFC822.HEADER, RFC822.TEXT and BODY[] as literals of the stored octets', async () => {
    world = await imapWorld();
    const message = store(SIMPLE_TEXT);
    const raw = await selected();
    const header = SIMPLE_TEXT.slice(0, SIMPLE_TEXT.indexOf('\r\n\r\n') + 4);
    const text = SIMPLE_TEXT.slice(header.length);
    const reply = await raw.command('a', 'FETCH 1 (RFC822.HEADER RFC822.TEXT BODY.PEEK[])');
    expect(reply).toBe(
      `* 1 FETCH (RFC822.HEADER {${header.length}}\r\n${header} RFC822.TEXT {${text.length}}\r\n${text} ` +
        `BODY[] {${message.size}}\r\n${SIMPLE_TEXT} FLAGS (\\Seen \\Recent))\r\na OK FETCH completed\r\n`,
    );
    expect(await raw.command('b', 'FETCH 1 RFC822')).toBe(`* 1 FETCH (RFC822 {${message.size}}\r\n${SIMPLE_TEXT})\r\nb OK FETCH completed\r\n`);
  });

  it('never converts line endings: an LF-only message is sent as stored and RFC822.SIZE counts those octets', async () => {
    world = await imapWorld();
    store(LF_ONLY);
    const raw = await selected();
    expect(await raw.command('a', 'FETCH 1 (RFC822.SIZE BODY.PEEK[])')).toBe(
      `* 1 FETCH (RFC822.SIZE ${LF_ONLY.length} BODY[] {${LF_ONLY.length}}\r\n${LF_ONLY})\r\na OK FETCH completed\r\n`,
    );
    expect(await raw.command('b', 'FETCH 1 BODY.PEEK[1]')).toBe('* 1 FETCH (BODY[1] {8}\r\none\ntwo\n)\r\nb OK FETCH completed\r\n');
  });

  it('cuts header fields, text, MIME headers and partial ranges, with the origin in the response name', async () => {
    world = await imapWorld();
    store(SIMPLE_TEXT);
    const raw = await selected();
    expect(await raw.command('a', 'FETCH 1 BODY.PEEK[HEADER.FIELDS (subject FROM x-none)]')).toBe(
      '* 1 FETCH (BODY[HEADER.FIELDS (subject FROM x-none)] {60}\r\nFrom: Alice Example <alice@example.com>\r\nSubject: Lunch?\r\n\r\n)\r\na OK FETCH completed\r\n',
    );
    expect(await raw.command('b', 'FETCH 1 BODY.PEEK[HEADER.FIELDS.NOT (From To Date Message-ID Content-Type)]')).toBe(
      '* 1 FETCH (BODY[HEADER.FIELDS.NOT (From To Date Message-ID Content-Type)] {19}\r\nSubject: Lunch?\r\n\r\n)\r\nb OK FETCH completed\r\n',
    );
    expect(await raw.command('c', 'FETCH 1 (BODY.PEEK[TEXT]<4.11> BODY.PEEK[TEXT]<0.3>)')).toBe(
      '* 1 FETCH (BODY[TEXT]<4> {11}\r\nwe still on BODY[TEXT]<0> {3}\r\nAre)\r\nc OK FETCH completed\r\n',
    );
    // <offset> alone (what imapflow sends for source: { start }) runs to the end.
    const tail = SIMPLE_TEXT.slice(SIMPLE_TEXT.length - 10);
    expect(await raw.command('d', `FETCH 1 BODY.PEEK[]<${SIMPLE_TEXT.length - 10}>`)).toBe(
      `* 1 FETCH (BODY[]<${SIMPLE_TEXT.length - 10}> {10}\r\n${tail})\r\nd OK FETCH completed\r\n`,
    );
    // RFC 3501 6.4.5: an origin past the end gives an empty string; a part that does not exist is NIL.
    expect(await raw.command('e', 'FETCH 1 (BODY.PEEK[TEXT]<5000.10> BODY.PEEK[2] BODY.PEEK[1.HEADER] BODY.PEEK[3]<0.5>)')).toBe(
      '* 1 FETCH (BODY[TEXT]<5000> "" BODY[2] NIL BODY[1.HEADER] NIL BODY[3]<0> NIL)\r\ne OK FETCH completed\r\n',
    );
    // A non-multipart message's body is part 1; its MIME header is the message header.
    expect(await raw.command('f', 'FETCH 1 BODY.PEEK[1]')).toBe('* 1 FETCH (BODY[1] {46}\r\nAre we still on for lunch?\r\nSee you at noon.\r\n)\r\nf OK FETCH completed\r\n');
  });

  it('reports MODSEQ and honours (CHANGEDSINCE n), which turn CONDSTORE on', async () => {
    world = await imapWorld();
    const one = world.deliver('one');
    const two = world.deliver('two');
    const raw = await selected();
    const since = world.alice.inbox.highestModSeq;
    world.alice.inbox.setFlags([two], 'add', ['\\Flagged'], ORIGIN);
    // The change is reported first (without MODSEQ: CONDSTORE is not on yet), then the answer.
    expect(await raw.command('a', `FETCH 1:* (FLAGS) (CHANGEDSINCE ${since})`)).toBe(
      `* 2 FETCH (UID 2 FLAGS (\\Flagged \\Recent))\r\n* 2 FETCH (FLAGS (\\Flagged \\Recent) MODSEQ (${two.modseq}))\r\na OK FETCH completed\r\n`,
    );
    expect(await raw.command('b', 'UID FETCH 1:* (FLAGS) (CHANGEDSINCE 0)')).toBe(
      `* 1 FETCH (UID 1 FLAGS (\\Recent) MODSEQ (${one.modseq}))\r\n* 2 FETCH (UID 2 FLAGS (\\Flagged \\Recent) MODSEQ (${two.modseq}))\r\nb OK UID FETCH completed\r\n`,
    );
    // Now on: another session's change arrives with MODSEQ.
    world.alice.inbox.setFlags([one], 'add', ['\\Answered'], ORIGIN);
    expect(await raw.command('c', 'NOOP')).toBe(`* 1 FETCH (UID 1 FLAGS (\\Answered \\Recent) MODSEQ (${one.modseq}))\r\nc OK NOOP completed\r\n`);

    const plain = await world.raw();
    await plain.loginAndSelect();
    expect(await plain.command('d', 'FETCH 2 MODSEQ')).toBe(`* 2 FETCH (MODSEQ (${two.modseq}))\r\nd OK FETCH completed\r\n`);
    world.alice.inbox.setFlags([one], 'add', ['\\Draft'], ORIGIN);
    expect(await plain.command('e', 'NOOP')).toContain(`MODSEQ (${one.modseq})`);
  });
});

describe('FETCH sets \\Seen implicitly (RFC 3501 6.4.5)', () => {
  it('BODY[], RFC822 and RFC822.TEXT set it and say so with FLAGS; PEEK, HEADER items and EXAMINE do not', async () => {
    world = await imapWorld();
    const messages = ['a', 'b', 'c', 'd'].map((subject) => world.deliver(subject));
    const raw = await selected();
    expect(await raw.command('a', 'FETCH 1 (BODY.PEEK[] RFC822.HEADER BODY.PEEK[TEXT])')).not.toContain('FLAGS');
    expect(messages[0]!.flags).toEqual([]);
    expect(await raw.command('b', 'FETCH 1 BODY[TEXT]')).toBe('* 1 FETCH (BODY[TEXT] {11}\r\nBody of a\r\n FLAGS (\\Seen \\Recent))\r\nb OK FETCH completed\r\n');
    expect(messages[0]!.flags).toEqual(['\\Seen']);
    // Already seen: nothing changes, no FLAGS added.
    expect(await raw.command('c', 'FETCH 1 BODY[TEXT]')).toBe('* 1 FETCH (BODY[TEXT] {11}\r\nBody of a\r\n)\r\nc OK FETCH completed\r\n');
    // FLAGS asked for: it shows the new value, once.
    expect(await raw.command('d', 'FETCH 2 (FLAGS RFC822.TEXT)')).toBe('* 2 FETCH (FLAGS (\\Seen \\Recent) RFC822.TEXT {11}\r\nBody of b\r\n)\r\nd OK FETCH completed\r\n');
    expect(await raw.command('e', 'FETCH 3 RFC822')).toMatch(/^\* 3 FETCH \(RFC822 \{\d+\}\r\n[^]*\r\n FLAGS \(\\Seen \\Recent\)\)\r\ne OK FETCH completed\r\n$/);
    expect(messages.map((m) => m.hasFlag('\\Seen'))).toEqual([true, true, true, false]);

    const reader = await world.raw();
    await reader.command('l', 'LOGIN alice secret');
    await reader.command('x', 'EXAMINE INBOX');
    expect(await reader.command('f', 'FETCH 4 (BODY[] RFC822.TEXT)')).not.toContain('FLAGS');
    expect(messages[3]!.flags).toEqual([]);
  });

  it('with CONDSTORE on, the FETCH that set \\Seen also carries UID and MODSEQ (RFC 7162 3.1)', async () => {
    world = await imapWorld();
    const message = world.deliver('one');
    const raw = await selected();
    await raw.command('e', 'ENABLE CONDSTORE');
    expect(await raw.command('a', 'FETCH 1 BODY[TEXT]')).toBe(
      `* 1 FETCH (BODY[TEXT] {13}\r\nBody of one\r\n FLAGS (\\Seen \\Recent) UID 1 MODSEQ (${message.modseq}))\r\na OK FETCH completed\r\n`,
    );
    // The change is this session's own: it is not reported to it again.
    expect(await raw.command('b', 'NOOP')).toBe('b OK NOOP completed\r\n');
  });
});

describe('FETCH of MIME messages', () => {
  it('sends BODYSTRUCTURE and BODY of a nested multipart', async () => {
    world = await imapWorld();
    store(MIXED_NESTED);
    const raw = await selected();
    const text = '"TEXT" "PLAIN" ("charset" "us-ascii") NIL NIL "7BIT" 26 1';
    const html = '"TEXT" "HTML" ("charset" "us-ascii") NIL NIL "7BIT" 33 1';
    const pdf = '"APPLICATION" "PDF" ("name" "report.pdf") "<part3@example.net>" "Quarterly report" "BASE64" 20';
    expect(await raw.command('a', 'FETCH 1 (BODYSTRUCTURE BODY)')).toBe(
      `* 1 FETCH (BODYSTRUCTURE (((${text} NIL NIL NIL NIL)(${html} NIL NIL NIL NIL) "ALTERNATIVE" ("boundary" "mix-inner") NIL NIL NIL)` +
        `(${pdf} NIL ("ATTACHMENT" ("filename" "report.pdf")) NIL NIL) "MIXED" ("boundary" "mix-outer") NIL NIL NIL) ` +
        `BODY (((${text})(${html}) "ALTERNATIVE")(${pdf}) "MIXED"))\r\na OK FETCH completed\r\n`,
    );
  });

  // RFC 3501 6.4.5: inside message/rfc822 part 2 holding a multipart, the parts are 2.1, 2.2 (its
  // own multipart has no number); a non-multipart encapsulated body is 3.1.
  it('addresses parts of encapsulated messages (message/rfc822)', async () => {
    world = await imapWorld();
    store(FORWARDED);
    const raw = await selected();
    const innerHeader = FORWARDED_INNER.slice(0, FORWARDED_INNER.indexOf('\r\n\r\n') + 4);
    expect(await raw.command('a', 'FETCH 1 (BODY.PEEK[2] BODY.PEEK[2.HEADER.FIELDS (Subject)] BODY.PEEK[2.1] BODY.PEEK[3.1] BODY.PEEK[2.MIME])')).toBe(
      `* 1 FETCH (BODY[2] {${FORWARDED_INNER.length}}\r\n${FORWARDED_INNER} BODY[2.HEADER.FIELDS (Subject)] {19}\r\nSubject: Lunch?\r\n\r\n ` +
        'BODY[2.1] {16}\r\nLunch at noon?\r\n BODY[3.1] {6}\r\nYes.\r\n ' +
        'BODY[2.MIME] {61}\r\nContent-Type: message/rfc822\r\nContent-Disposition: inline\r\n\r\n)\r\na OK FETCH completed\r\n',
    );
    expect(await raw.command('b', 'FETCH 1 BODY.PEEK[2.HEADER]')).toBe(`* 1 FETCH (BODY[2.HEADER] {${innerHeader.length}}\r\n${innerHeader})\r\nb OK FETCH completed\r\n`);
    expect(await raw.command('c', 'FETCH 1 BODY.PEEK[3]')).toBe(`* 1 FETCH (BODY[3] {${FORWARDED_REPLY.length}}\r\n${FORWARDED_REPLY})\r\nc OK FETCH completed\r\n`);
    // The body of a message/rfc822 part: its envelope and structure in the parent's BODYSTRUCTURE.
    const structure = await raw.command('d', 'FETCH 1 BODYSTRUCTURE');
    expect(structure).toContain('("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 58 (NIL "Re: Lunch?" (("Bob" NIL "bob" "example.org"))');
  });

  it('imapflow reads the same structure, envelope and parts', async () => {
    world = await imapWorld();
    store(ALTERNATIVE);
    const forwarded = store(FORWARDED);
    const client = await world.client();
    await client.mailboxOpen('INBOX');
    const message = await client.fetchOne('2', { envelope: true, bodyStructure: true, headers: ['Subject'], bodyParts: ['2.1', '3'] });
    expect(message).not.toBe(false);
    if (message === false) return;
    expect(message.uid).toBe(forwarded.uid);
    expect(message.envelope?.subject).toBe('Fwd: Lunch?');
    expect(message.envelope?.from).toEqual([{ name: 'Eve', address: 'eve@example.org' }]);
    expect(message.envelope?.messageId).toBe('<fwd-4@example.org>');
    expect(message.bodyStructure?.type).toBe('multipart/mixed');
    expect(message.bodyStructure?.childNodes?.map((node) => [node.part, node.type])).toEqual([
      ['1', 'text/plain'],
      ['2', 'message/rfc822'],
      ['3', 'message/rfc822'],
    ]);
    const inner = message.bodyStructure!.childNodes![1]!;
    expect(inner.envelope?.subject).toBe('Lunch?');
    expect(inner.childNodes?.[0]?.childNodes?.map((node) => [node.part, node.type, node.size])).toEqual([
      ['2.1', 'text/plain', 16],
      ['2.2', 'text/html', 23],
    ]);
    expect(message.headers?.toString()).toBe('Subject: Fwd: Lunch?\r\n\r\n');
    expect(message.bodyParts?.get('2.1')?.toString()).toBe('Lunch at noon?\r\n');
    expect(message.bodyParts?.get('3')?.toString()).toBe(FORWARDED_REPLY);

    const alternative = await client.fetchOne('1', { envelope: true, bodyStructure: true });
    if (alternative === false) throw new Error('no message 1');
    // Encoded words stay encoded on the wire; imapflow decodes them.
    expect(alternative.envelope?.subject).toBe('Équipe weekly notes');
    expect(alternative.bodyStructure?.childNodes?.map((node) => [node.type, node.encoding, node.parameters?.charset])).toEqual([
      ['text/plain', 'quoted-printable', 'utf-8'],
      ['text/html', 'quoted-printable', 'utf-8'],
    ]);
  });
});

describe('FETCH through imapflow', () => {
  async function open(): Promise<ImapFlow> {
    const client = await world.client();
    await client.mailboxOpen('INBOX');
    return client;
  }

  it('fetches flags, internal date, size, envelope and source for a range', async () => {
    world = await imapWorld();
    const delivered = [world.deliver('one', { flags: ['\\Seen', '$Forwarded'] }), world.deliver('two')];
    const client = await open();
    const seen: unknown[] = [];
    for await (const message of client.fetch('1:*', { uid: true, flags: true, internalDate: true, size: true, envelope: true, source: true })) {
      seen.push({
        seq: message.seq,
        uid: message.uid,
        flags: [...(message.flags ?? [])],
        date: (message.internalDate as Date).getTime(),
        size: message.size,
        subject: message.envelope?.subject,
        source: message.source?.equals(delivered[message.seq - 1]!.raw),
      });
    }
    expect(seen).toEqual([
      // imapflow enables IMAP4rev2, which has no \Recent (RFC 9051 E.1).
      { seq: 1, uid: 1, flags: ['\\Seen', '$Forwarded'], date: T0, size: delivered[0]!.size, subject: 'one', source: true },
      { seq: 2, uid: 2, flags: [], date: T0, size: delivered[1]!.size, subject: 'two', source: true },
    ]);
    // source is fetched with BODY.PEEK: nothing became \Seen.
    expect(delivered[1]!.flags).toEqual([]);
  });

  it('fetches one message bigger than the queued-output bound whole, one FETCH for it alone', async () => {
    // A one-message FETCH is answered without steps; its tagged OK must still wait for the socket
    // to drain, or it finds more than MAX_QUEUED_RESPONSES_BYTES queued and ends the session.
    world = await imapWorld();
    const body = `${'x'.repeat(76)}\r\n`.repeat(Math.ceil((MAX_QUEUED_RESPONSES_BYTES + 1024 * 1024) / 78));
    const message = store(`Subject: big\r\n\r\n${body}`);
    expect(message.size).toBeGreaterThan(MAX_QUEUED_RESPONSES_BYTES);
    // Without COMPRESS: deflated, 17 MB of one letter would never fill the socket.
    const client = await world.client({ compression: false });
    await client.mailboxOpen('INBOX');
    const fetched = await client.fetchOne('1', { uid: true, source: true });
    if (fetched === false) throw new Error('message 1 missing');
    expect(fetched.source?.equals(message.raw)).toBe(true);
    // The session goes on.
    const again = await client.fetchOne('1', { uid: true });
    expect(again === false ? undefined : again.uid).toBe(message.uid);
  });

  it('fetches partial sources, with and without a length', async () => {
    world = await imapWorld();
    const message = store(SIMPLE_TEXT);
    const client = await open();
    const tail = await client.fetchOne('1', { source: { start: 100 } });
    const window = await client.fetchOne('1', { source: { start: 10, maxLength: 20 } });
    const past = await client.fetchOne('1', { source: { start: 5000, maxLength: 20 } });
    if (tail === false || window === false || past === false) throw new Error('message 1 missing');
    expect(tail.source).toEqual(message.raw.subarray(100));
    expect(window.source).toEqual(message.raw.subarray(10, 30));
    expect(past.source?.length ?? 0).toBe(0);
  });

  it('downloads a whole message in chunks and a decoded attachment', async () => {
    world = await imapWorld();
    const message = store(MIXED_NESTED);
    const client = await open();
    const whole = await client.download('1', undefined, { chunkSize: 100 });
    expect(await readAll(whole.content)).toEqual(message.raw);
    const attachment = await client.download('1', '2');
    expect(attachment.meta).toMatchObject({ contentType: 'application/pdf', encoding: 'base64', filename: 'report.pdf' });
    expect(await readAll(attachment.content)).toEqual(Buffer.from('JVBERi0xLjQKJcfsj6IK', 'base64'));
    const text = await client.download('1', '1.1');
    expect((await readAll(text.content)).toString()).toBe('See the attached report.\r\n');
    // download() fetches with BODY.PEEK: still unseen.
    expect(message.flags).toEqual([]);
  });

  it('downloads part 1 of a single-part message as its TEXT', async () => {
    world = await imapWorld();
    store(SIMPLE_TEXT);
    const client = await open();
    const part = await client.download('1', '1');
    expect(part.meta).toMatchObject({ contentType: 'text/plain', charset: 'utf-8' });
    expect((await readAll(part.content)).toString()).toBe('Are we still on for lunch?\r\nSee you at noon.\r\n');
  });

  it('fetches only what changed since a mod-sequence (CONDSTORE changedSince)', async () => {
    world = await imapWorld();
    const [, two, three] = ['one', 'two', 'three'].map((subject) => world.deliver(subject));
    const client = await open();
    const since = BigInt(world.alice.inbox.highestModSeq);
    world.alice.inbox.setFlags([two!, three!], 'add', ['\\Flagged'], ORIGIN);
    await client.noop();
    const changed: Array<[number, bigint | undefined]> = [];
    for await (const message of client.fetch('1:*', { uid: true, flags: true }, { uid: true, changedSince: since })) changed.push([message.uid, message.modseq]);
    expect(changed).toEqual([
      [2, BigInt(two!.modseq)],
      [3, BigInt(three!.modseq)],
    ]);
  });

  it('fetches a message that is not there as nothing, and a sequence number beyond the mailbox as an error', async () => {
    world = await imapWorld();
    world.deliver('one');
    const client = await open();
    expect(await client.fetchOne('99', { flags: true }, { uid: true })).toBe(false);
    await expect(client.fetchOne('5', { flags: true })).rejects.toThrow();
    expect(await client.fetchOne('1', { flags: true })).toMatchObject({ seq: 1, uid: 1 });
  });
});

describe('FETCH errors', () => {
  it('answers BAD for sequence numbers beyond the mailbox and for malformed items, and goes on', async () => {
    world = await imapWorld();
    world.deliver('one');
    world.deliver('two');
    const raw = await selected();
    expect(await raw.command('a', 'FETCH 3 FLAGS')).toBe('a BAD Message sequence number out of range in 3: the mailbox has 2 messages\r\n');
    expect(await raw.command('b', 'FETCH 1,2:4 FLAGS')).toBe('b BAD Message sequence number out of range in 1,2:4: the mailbox has 2 messages\r\n');
    expect(await raw.command('c', 'FETCH 0 FLAGS')).toMatch(/^c BAD FETCH: invalid sequence set "0"/);
    expect(await raw.command('d', 'FETCH 1 FOO')).toBe('d BAD FETCH: unknown fetch attribute "FOO"\r\n');
    expect(await raw.command('e', 'FETCH 1 BINARY[TEXT]')).toMatch(/^e BAD .*BINARY/);
    expect(await raw.command('f', 'FETCH 1 BODY[]<0.0>')).toMatch(/^f BAD .*partial length must be greater than 0/);
    expect(await raw.command('g', 'FETCH 1 (FLAGS) (CHANGEDSINCE 1 VANISHED)')).toMatch(/^g BAD .*VANISHED goes with UID FETCH/);
    expect(await raw.command('h', 'FETCH 1')).toMatch(/^h BAD .*missing fetch attributes/);
    const long = Array.from({ length: 30 }, (_, i) => `${i * 2 + 10}`).join(',');
    expect(await raw.command('i', `FETCH ${long} FLAGS`)).toMatch(/^i BAD Message sequence number out of range in 10,12,14,16,18,20,22,24,26,28,30,32,34,3\.\.\.: the mailbox has 2 messages\r\n$/);
    expect(await raw.command('j', 'FETCH 2 UID')).toBe('* 2 FETCH (UID 2)\r\nj OK FETCH completed\r\n');
  });

  it('treats "*" in an empty mailbox as out of range, but UID FETCH 1:* as simply empty', async () => {
    world = await imapWorld();
    const raw = await selected();
    expect(await raw.command('a', 'FETCH 1:* FLAGS')).toBe('a BAD Message sequence number out of range in 1:*: the mailbox is empty\r\n');
    expect(await raw.command('b', 'UID FETCH 1:* FLAGS')).toBe('b OK UID FETCH completed\r\n');
  });

  it('is only valid with a mailbox selected', async () => {
    world = await imapWorld();
    const raw = await world.raw();
    await raw.command('l', 'LOGIN alice secret');
    expect(await raw.command('a', 'FETCH 1 FLAGS')).toBe('a BAD [CLIENTBUG] FETCH is not valid in the authenticated state\r\n');
    expect(await raw.command('b', 'UID FETCH 1 FLAGS')).toBe('b BAD [CLIENTBUG] UID FETCH is not valid in the authenticated state\r\n');
  });
});
