/**
 * What a real client sends, read by our framer and parsers. imapflow's own command modules and
 * compiler produce the bytes (see imapflow-oracle.ts); we assert the typed values we get from them,
 * and that we ask for a continuation exactly where imapflow waits for one.
 */
import append from 'imapflow/lib/commands/append.js';
import authenticate from 'imapflow/lib/commands/authenticate.js';
import copy from 'imapflow/lib/commands/copy.js';
import create from 'imapflow/lib/commands/create.js';
import enable from 'imapflow/lib/commands/enable.js';
import expunge from 'imapflow/lib/commands/expunge.js';
import fetch from 'imapflow/lib/commands/fetch.js';
import id from 'imapflow/lib/commands/id.js';
import list from 'imapflow/lib/commands/list.js';
import login from 'imapflow/lib/commands/login.js';
import move from 'imapflow/lib/commands/move.js';
import rename from 'imapflow/lib/commands/rename.js';
import search from 'imapflow/lib/commands/search.js';
import select from 'imapflow/lib/commands/select.js';
import status from 'imapflow/lib/commands/status.js';
import store from 'imapflow/lib/commands/store.js';
import { describe, expect, it } from 'vitest';
import { parseAppendArgs } from '../../../src/imap/syntax/append-args.js';
import { parseAuthenticateArgs, parseLoginArgs, parseSaslResponse } from '../../../src/imap/syntax/auth-args.js';
import { parseEnableArgs, parseIdArgs } from '../../../src/imap/syntax/client-args.js';
import { parseFetchArgs, type FetchItem } from '../../../src/imap/syntax/fetch-attributes.js';
import { CommandFramer, type FramerEvent } from '../../../src/imap/syntax/framing.js';
import { parseListArgs, parseLsubArgs } from '../../../src/imap/syntax/list-args.js';
import { parseCopyArgs, parseMailboxArg, parseRenameArgs, parseUidExpungeArgs } from '../../../src/imap/syntax/mailbox-args.js';
import { parseCommand, type ParsedCommand } from '../../../src/imap/syntax/parser.js';
import { parseSearchArgs } from '../../../src/imap/syntax/search.js';
import { parseSelectArgs } from '../../../src/imap/syntax/select-args.js';
import { parseStatusArgs } from '../../../src/imap/syntax/status-items.js';
import { parseStoreArgs } from '../../../src/imap/syntax/store-args.js';
import { imapflowSends, type FakeOptions, type SentCommand } from './imapflow-oracle.js';
import type { ImapFlow } from 'imapflow';

const CAPABILITIES = ['IMAP4rev1', 'LITERAL+', 'CONDSTORE', 'ENABLE', 'ID', 'UIDPLUS', 'MOVE', 'SPECIAL-USE', 'LIST-EXTENDED', 'LIST-STATUS', 'STATUS=SIZE', 'SASL-IR', 'AUTH=PLAIN'];

/** Feeds imapflow's parts to our framer; between parts imapflow waits for "+", so we must have asked. */
function receive(sent: SentCommand): ParsedCommand {
  const events: FramerEvent[] = [];
  const framer = new CommandFramer((event) => events.push(event));
  sent.parts.forEach((part, i) => {
    framer.push(part);
    const last = i === sent.parts.length - 1;
    expect(events.filter((event) => event.kind === 'continuation')).toHaveLength(last ? sent.parts.length - 1 : i + 1);
    expect(events.some((event) => event.kind === 'command')).toBe(last);
  });
  const commands = events.filter((event) => event.kind === 'command');
  expect(commands).toHaveLength(1);
  return parseCommand(commands[0]!.frame);
}

async function sendOne(action: (connection: ImapFlow) => Promise<unknown>, options: FakeOptions = {}): Promise<{ sent: SentCommand; parsed: ParsedCommand }> {
  const sent = await imapflowSends(action, { capabilities: CAPABILITIES, ...options });
  expect(sent.length).toBeGreaterThanOrEqual(1);
  return { sent: sent[0]!, parsed: receive(sent[0]!) };
}

const attr = (name: string): FetchItem => ({ kind: 'attribute', name }) as FetchItem;

describe('FETCH as imapflow sends it', () => {
  it('a full sync fetch: UID FETCH with sections, partials, MODSEQ and CHANGEDSINCE', async () => {
    const { sent, parsed } = await sendOne(
      (c) =>
        fetch(c, '1:*', { uid: true, flags: true, envelope: true, bodyStructure: true, internalDate: true, size: true, headers: ['From', 'Subject'], bodyParts: ['1.2', { key: '2.mime', start: 0, maxLength: 100 }], source: true }, { uid: true, changedSince: 5n }),
      { enabled: ['CONDSTORE'] },
    );
    expect(sent.wire.toString()).toBe(
      '1 UID FETCH 1:* (UID FLAGS BODYSTRUCTURE ENVELOPE INTERNALDATE RFC822.SIZE BODY.PEEK[] MODSEQ BODY.PEEK[HEADER.FIELDS (From Subject)] BODY.PEEK[1.2] BODY.PEEK[2.MIME]<0.100>) (CHANGEDSINCE 5)\r\n',
    );
    expect(parsed).toMatchObject({ tag: '1', command: 'FETCH', uid: true });
    expect(parseFetchArgs(parsed.args, { uid: parsed.uid })).toEqual({
      sequence: [{ start: 1, end: '*' }],
      changedSince: 5n,
      items: [
        attr('UID'),
        attr('FLAGS'),
        attr('BODYSTRUCTURE'),
        attr('ENVELOPE'),
        attr('INTERNALDATE'),
        attr('RFC822.SIZE'),
        { kind: 'section', peek: true, section: { part: [] }, partial: undefined },
        attr('MODSEQ'),
        { kind: 'section', peek: true, section: { part: [], text: 'HEADER.FIELDS', fields: ['From', 'Subject'] }, partial: undefined },
        { kind: 'section', peek: true, section: { part: [1, 2] }, partial: undefined },
        { kind: 'section', peek: true, section: { part: [2], text: 'MIME' }, partial: { offset: 0, length: 100 } },
      ],
    });
  });

  it('the FAST macro, expanded by imapflow, always with UID', async () => {
    const { sent, parsed } = await sendOne((c) => fetch(c, '3,5:7', { fast: true }));
    expect(sent.wire.toString()).toBe('1 FETCH 3,5:7 (FLAGS INTERNALDATE RFC822.SIZE UID)\r\n');
    expect(parseFetchArgs(parsed.args).items).toEqual([attr('FLAGS'), attr('INTERNALDATE'), attr('RFC822.SIZE'), attr('UID')]);
  });

  it('a source fetch with only a start offset is sent as <n>, which RFC 3501 does not allow; we accept it', async () => {
    const { sent, parsed } = await sendOne((c) => fetch(c, '5', { source: { start: 100 } }));
    expect(sent.wire.toString()).toBe('1 FETCH 5 (BODY.PEEK[]<100> UID)\r\n');
    expect(parseFetchArgs(parsed.args).items).toEqual([{ kind: 'section', peek: true, section: { part: [] }, partial: { offset: 100 } }, attr('UID')]);
  });
});

describe('STORE as imapflow sends it', () => {
  const cases = [
    {
      name: 'UID STORE, silent, with UNCHANGEDSINCE',
      run: (c: ImapFlow) => store(c, '1:3', ['\\Seen', '$Forwarded'], { uid: true, silent: true, unchangedSince: 7n }),
      wire: '1 UID STORE 1:3 (UNCHANGEDSINCE 7) +FLAGS.SILENT (\\Seen $Forwarded)\r\n',
      expected: { operation: 'add', silent: true, unchangedSince: 7n, flags: ['\\Seen', '$Forwarded'] },
    },
    {
      name: 'replacing with no flags clears them',
      run: (c: ImapFlow) => store(c, '1:3', [], { operation: 'set' }),
      wire: '1 STORE 1:3 FLAGS ()\r\n',
      expected: { operation: 'set', silent: false, unchangedSince: undefined, flags: [] },
    },
    {
      name: 'removing a flag',
      run: (c: ImapFlow) => store(c, '1:3', ['\\Deleted'], { operation: 'remove' }),
      wire: '1 STORE 1:3 -FLAGS (\\Deleted)\r\n',
      expected: { operation: 'remove', silent: false, unchangedSince: undefined, flags: ['\\Deleted'] },
    },
  ];

  it.each(cases)('$name', async ({ run, wire, expected }) => {
    const { sent, parsed } = await sendOne(run, { enabled: ['CONDSTORE'] });
    expect(sent.wire.toString()).toBe(wire);
    expect(parseStoreArgs(parsed.args, parsed.uid ? 'UID STORE' : 'STORE')).toEqual({ sequence: [{ start: 1, end: 3 }], ...expected });
  });
});

describe('APPEND as imapflow sends it', () => {
  it('a small message: non-synchronizing literal with LITERAL+, date with a space-padded day', async () => {
    const message = 'Subject: hi\r\n\r\nbody';
    const { sent, parsed } = await sendOne((c) => append(c, 'INBOX', message, ['\\Seen'], new Date(Date.UTC(2024, 0, 5, 3, 4, 5))));
    expect(sent.wire.toString()).toBe(`1 APPEND INBOX (\\Seen) " 5-Jan-2024 03:04:05 +0000" {19+}\r\n${message}\r\n`);
    expect(parseAppendArgs(parsed.args)).toEqual({ mailbox: 'INBOX', messages: [{ flags: ['\\Seen'], internalDate: Date.UTC(2024, 0, 5, 3, 4, 5), content: { kind: 'literal', bytes: Buffer.from(message) } }] });
  });

  it('a message over 4096 octets: imapflow uses LITERAL- rules, so a synchronizing literal even with LITERAL+', async () => {
    const message = Buffer.alloc(5000, 'a');
    const { sent, parsed } = await sendOne((c) => append(c, 'Entwürfe', message, [], new Date(Date.UTC(2024, 0, 5))));
    expect(sent.parts).toHaveLength(2);
    expect(sent.parts[0]!.toString()).toBe('1 APPEND Entw&APw-rfe () " 5-Jan-2024 00:00:00 +0000" {5000}\r\n');
    expect(parseAppendArgs(parsed.args)).toEqual({ mailbox: 'Entwürfe', messages: [{ flags: [], internalDate: Date.UTC(2024, 0, 5), content: { kind: 'literal', bytes: message } }] });
  });

  it('without LITERAL+ every literal is synchronizing', async () => {
    const { sent, parsed } = await sendOne((c) => append(c, 'Sent', 'x', []), { capabilities: ['IMAP4rev1'] });
    expect(sent.parts.map(String)).toEqual(['1 APPEND Sent {1}\r\n', 'x\r\n']);
    expect(parseAppendArgs(parsed.args)).toEqual({ mailbox: 'Sent', messages: [{ flags: [], internalDate: undefined, content: { kind: 'literal', bytes: Buffer.from('x') } }] });
  });
});

describe('SEARCH as imapflow sends it', () => {
  it('a compound query with a UTF-8 literal and CHARSET UTF-8', async () => {
    const { sent, parsed } = await sendOne(
      (c) =>
        search(
          c,
          { seen: false, from: 'alice@example.com', subject: 'Grüße', since: new Date(Date.UTC(2024, 0, 1)), or: [{ to: 'a' }, { cc: 'b' }, { header: { 'X-Foo': 'bar' } }], not: { keyword: '$Junk' }, larger: 100, uid: '1:*', modseq: 5 },
          { uid: true },
        ),
      { enabled: ['CONDSTORE'] },
    );
    expect(sent.wire.toString()).toBe(
      '1 UID SEARCH CHARSET UTF-8 UNSEEN FROM alice@example.com SUBJECT {7+}\r\nGrüße SINCE 01-Jan-2024 OR OR TO a CC b HEADER X-FOO bar NOT KEYWORD $Junk LARGER 100 UID 1:* MODSEQ 5\r\n',
    );
    expect(parseSearchArgs(parsed.args, { uid: true })).toEqual({
      charset: 'UTF-8',
      criteria: {
        kind: 'and',
        keys: [
          { kind: 'flag', flag: '\\Seen', set: false },
          { kind: 'text', field: 'FROM', value: 'alice@example.com' },
          { kind: 'text', field: 'SUBJECT', value: 'Grüße' },
          { kind: 'date', source: 'internal', op: 'since', date: { year: 2024, month: 1, day: 1 } },
          {
            kind: 'or',
            left: { kind: 'or', left: { kind: 'text', field: 'TO', value: 'a' }, right: { kind: 'text', field: 'CC', value: 'b' } },
            right: { kind: 'header', field: 'X-FOO', value: 'bar' },
          },
          { kind: 'not', key: { kind: 'keyword', keyword: '$Junk', set: true } },
          { kind: 'size', op: 'larger', size: 100 },
          { kind: 'uid', set: [{ start: 1, end: '*' }] },
          { kind: 'modseq', modseq: 5n },
        ],
      },
    });
  });

  it.each([
    [{ seen: false, flagged: true, deleted: false }, '1 SEARCH UNSEEN FLAGGED UNDELETED\r\n'],
    [{ before: new Date(Date.UTC(2024, 1, 3, 12)) }, '1 SEARCH BEFORE 04-Feb-2024\r\n'],
    [{ sentBefore: new Date(Date.UTC(2024, 1, 3)), sentOn: new Date(Date.UTC(2024, 1, 2)), sentSince: new Date(Date.UTC(2024, 1, 1)), on: new Date(Date.UTC(2024, 1, 1)) }, '1 SEARCH SENTBEFORE 03-Feb-2024 SENTON 02-Feb-2024 SENTSINCE 01-Feb-2024 ON 01-Feb-2024\r\n'],
    [{ header: { 'List-Id': true } }, '1 SEARCH HEADER LIST-ID ""\r\n'],
    [{ body: 'two words', text: 'x"y', bcc: 'b', smaller: 10 }, '1 SEARCH BODY "two words" TEXT "x\\"y" BCC b SMALLER 10\r\n'],
    [{ answered: true, draft: false, unKeyword: 'Work' }, '1 SEARCH ANSWERED UNDRAFT UNKEYWORD Work\r\n'],
    [{ seq: [1, '5:7'], or: [{ new: true }, { old: true }, { recent: true }] }, '1 SEARCH 1,5:7 OR OR NEW OLD RECENT\r\n'],
    [{ not: { from: 'a', to: 'b' } }, '1 SEARCH NOT (FROM a TO b)\r\n'],
    [{ all: true }, '1 SEARCH ALL\r\n'],
  ])('%s', async (query, wire) => {
    const { sent, parsed } = await sendOne((c) => search(c, query as never));
    expect(sent.wire.toString()).toBe(wire);
    expect(() => parseSearchArgs(parsed.args)).not.toThrow();
  });

  it('reads the simpler queries into the expected keys', async () => {
    const read = async (query: object) => parseSearchArgs((await sendOne((c) => search(c, query as never))).parsed.args).criteria;
    expect(await read({ header: { 'List-Id': true } })).toEqual({ kind: 'header', field: 'LIST-ID', value: '' });
    expect(await read({ before: new Date(Date.UTC(2024, 1, 3, 12)) })).toEqual({ kind: 'date', source: 'internal', op: 'before', date: { year: 2024, month: 2, day: 4 } });
    expect(await read({ not: { from: 'a', to: 'b' } })).toEqual({
      kind: 'not',
      key: { kind: 'and', keys: [{ kind: 'text', field: 'FROM', value: 'a' }, { kind: 'text', field: 'TO', value: 'b' }] },
    });
    expect(await read({ text: 'x"y' })).toEqual({ kind: 'text', field: 'TEXT', value: 'x"y' });
  });
});

describe('session commands as imapflow sends them', () => {
  it('LOGIN quotes both values, UTF-8 included', async () => {
    const { sent, parsed } = await sendOne((c) => login(c, 'us"er', 'pässword'), { state: 'NOT_AUTHENTICATED' });
    expect(sent.wire.toString()).toBe('1 LOGIN "us\\"er" "pässword"\r\n');
    expect(parseLoginArgs(parsed.args)).toEqual({ username: 'us"er', password: 'pässword' });
  });

  it('AUTHENTICATE PLAIN waits for "+" even with SASL-IR, then sends one base64 line', async () => {
    const { sent, parsed } = await sendOne((c) => authenticate(c, 'alice', { password: 'secret' }), { state: 'NOT_AUTHENTICATED' });
    expect(sent.wire.toString()).toBe('1 AUTHENTICATE PLAIN\r\n');
    expect(parseAuthenticateArgs(parsed.args)).toEqual({ mechanism: 'PLAIN', initialResponse: undefined });
    const events: FramerEvent[] = [];
    const framer = new CommandFramer((event) => events.push(event));
    framer.setMode('line');
    for (const line of sent.lines) framer.push(line);
    expect(events).toHaveLength(1);
    const line = events[0]!.kind === 'line' ? events[0]!.line : Buffer.alloc(0);
    expect(parseSaslResponse(line)).toEqual({ kind: 'data', data: Buffer.from('\0alice\0secret') });
  });

  it('ID sends quoted pairs', async () => {
    const { sent, parsed } = await sendOne((c) => id(c, { name: 'mailsim-test', version: '1.0' }));
    expect(sent.wire.toString()).toBe('1 ID ("name" "mailsim-test" "version" "1.0")\r\n');
    expect(parseIdArgs(parsed.args)).toEqual([
      ['name', 'mailsim-test'],
      ['version', '1.0'],
    ]);
  });

  it('ENABLE sends only what we advertise', async () => {
    const { sent, parsed } = await sendOne((c) => enable(c, ['CONDSTORE', 'UTF8=ACCEPT', 'QRESYNC']), { state: 'AUTHENTICATED' });
    expect(sent.wire.toString()).toBe('1 ENABLE CONDSTORE\r\n');
    expect(parseEnableArgs(parsed.args)).toEqual(['CONDSTORE']);
  });

  it('SELECT quotes a name that needed modified UTF-7 and sends no (CONDSTORE) parameter', async () => {
    const { sent, parsed } = await sendOne((c) => select(c, 'Entwürfe', {}), { state: 'AUTHENTICATED', enabled: ['CONDSTORE'] });
    expect(sent.wire.toString()).toBe('1 SELECT "Entw&APw-rfe"\r\n');
    expect(parseSelectArgs(parsed.args)).toEqual({ mailbox: 'Entwürfe', condstore: false });
  });

  it('STATUS asks for the items we advertise', async () => {
    const { sent, parsed } = await sendOne((c) => status(c, 'INBOX', { messages: true, unseen: true, uidNext: true, uidValidity: true, highestModseq: true, size: true }), {
      state: 'AUTHENTICATED',
    });
    expect(sent.wire.toString()).toBe('1 STATUS INBOX (MESSAGES UNSEEN UIDNEXT UIDVALIDITY HIGHESTMODSEQ SIZE)\r\n');
    expect(parseStatusArgs(parsed.args)).toEqual({ mailbox: 'INBOX', items: ['MESSAGES', 'UNSEEN', 'UIDNEXT', 'UIDVALIDITY', 'HIGHESTMODSEQ', 'SIZE'] });
  });

  it('LIST with RETURN options, then LSUB', async () => {
    const sent = await imapflowSends((c) => list(c, '', '*', { statusQuery: { messages: true, unseen: true } }), { capabilities: CAPABILITIES, state: 'AUTHENTICATED' });
    expect(sent.map((command) => command.wire.toString())).toEqual([
      '1 LIST "" "*" RETURN (STATUS (MESSAGES UNSEEN) SPECIAL-USE CHILDREN SUBSCRIBED)\r\n',
      '2 LSUB "" "*"\r\n',
    ]);
    expect(parseListArgs(receive(sent[0]!).args)).toEqual({
      extended: true,
      selection: { subscribed: false, remote: false, recursiveMatch: false, specialUse: false },
      reference: '',
      patterns: ['*'],
      returns: { subscribed: true, children: true, specialUse: true, status: ['MESSAGES', 'UNSEEN'] },
    });
    expect(parseLsubArgs(receive(sent[1]!).args)).toEqual({ reference: '', pattern: '*' });
  });

  it('mailbox management and message moves', async () => {
    const check = async (action: (c: ImapFlow) => Promise<unknown>, wire: string, read: (parsed: ParsedCommand) => unknown, expected: unknown) => {
      const { sent, parsed } = await sendOne(action, { state: 'SELECTED' });
      expect(sent.wire.toString()).toBe(wire);
      expect(read(parsed)).toEqual(expected);
    };
    await check((c) => create(c, 'Archive/2024'), '1 CREATE Archive/2024\r\n', (p) => parseMailboxArg(p.args, 'CREATE'), 'Archive/2024');
    await check((c) => create(c, 'Тест'), '1 CREATE &BCIENQRBBEI-\r\n', (p) => parseMailboxArg(p.args, 'CREATE'), 'Тест');
    await check((c) => rename(c, 'Old', 'New Name'), '1 RENAME Old "New Name"\r\n', (p) => parseRenameArgs(p.args), { from: 'Old', to: 'New Name' });
    await check((c) => copy(c, '1:3', 'Archive', { uid: true }), '1 UID COPY 1:3 Archive\r\n', (p) => parseCopyArgs(p.args, 'UID COPY'), { sequence: [{ start: 1, end: 3 }], mailbox: 'Archive' });
    await check((c) => move(c, '7', 'Trash', { uid: true }), '1 UID MOVE 7 Trash\r\n', (p) => parseCopyArgs(p.args, 'UID MOVE'), { sequence: [{ start: 7, end: 7 }], mailbox: 'Trash' });
  });

  it('EXPUNGE of a UID range: +FLAGS (\\Deleted), then UID EXPUNGE', async () => {
    const sent = await imapflowSends((c) => expunge(c, '4:6', { uid: true }), { capabilities: CAPABILITIES });
    expect(sent.map((command) => command.wire.toString())).toEqual(['1 UID STORE 4:6 +FLAGS (\\Deleted)\r\n', '2 UID EXPUNGE 4:6\r\n']);
    expect(parseStoreArgs(receive(sent[0]!).args).flags).toEqual(['\\Deleted']);
    expect(parseUidExpungeArgs(receive(sent[1]!).args)).toEqual([{ start: 4, end: 6 }]);
  });
});
