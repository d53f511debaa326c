import imapParser from 'imapflow/lib/handler/imap-parser.js';
import { ImapStream } from 'imapflow/lib/handler/imap-stream.js';
import { decodePath } from 'imapflow/lib/tools.js';
import { describe, expect, it } from 'vitest';
import { formatInternalDate } from '../../../src/imap/syntax/dates.js';
import { continuation, taggedStatus, untaggedStatus, type ResponseCode } from '../../../src/imap/syntax/responses.js';
import { adjacent, atom, flagAtoms, mailboxValue, serializeValue, untagged, Verbatim, type ImapValue } from '../../../src/imap/syntax/serialize.js';
import { thrown } from './helpers.js';

/** imapflow's parse tree reduced to plain values: {atom}, {string}, {literal}, null, arrays. */
function simplify(node: unknown): unknown {
  if (node === null || node === undefined) return null;
  if (Array.isArray(node)) return node.map(simplify);
  const { type, value, section, partial } = node as { type: string; value: unknown; section?: unknown[]; partial?: number[] };
  const text = Buffer.isBuffer(value) ? value.toString('utf8') : value;
  if (type === 'ATOM' && section !== undefined) return { atom: text, section: section.map(simplify), ...(partial ? { partial } : {}) };
  if (type === 'ATOM') return { atom: text };
  if (type === 'STRING') return { string: text };
  if (type === 'LITERAL') return { literal: text };
  if (type === 'TEXT') return { text };
  if (type === 'SEQUENCE') return { sequence: text };
  return { [type]: text };
}

/**
 * Reads one response we produced the way an imapflow client does: its ImapStream frames the bytes
 * (collecting literals as Buffers), its parser builds the tree.
 */
async function imapflowReads(bytes: Buffer): Promise<{ tag: string; command: string; attributes: unknown }> {
  const stream = new ImapStream({ logger: false });
  const items: Array<{ payload: Buffer; literals: Buffer[]; next: () => void }> = [];
  stream.on('data', (item: (typeof items)[number]) => {
    items.push(item);
    item.next();
  });
  const ended = new Promise((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  stream.end(bytes);
  await ended;
  expect(items).toHaveLength(1);
  const parsed = await imapParser(items[0]!.payload, { literals: items[0]!.literals });
  return { tag: parsed.tag!, command: parsed.command!, attributes: simplify(parsed.attributes ?? []) };
}

describe('serializeValue', () => {
  it.each<[ImapValue, string]>([
    [null, 'NIL'],
    [0, '0'],
    [4294967295, '4294967295'],
    [18446744073709551615n, '18446744073709551615'],
    ['', '""'],
    ['hello world', '"hello world"'],
    ['say "hi" \\ bye', '"say \\"hi\\" \\\\ bye"'],
    ['tab\there', '"tab\there"'],
    ['two\r\nlines', '{10}\r\ntwo\r\nlines'],
    ['bare\rCR', '{7}\r\nbare\rCR'],
    ['bare\nLF', '{7}\r\nbare\nLF'],
    ['Grüße', '{7}\r\nGr\xc3\xbc\xc3\x9fe'],
    ['nul\0', '{6}\r\nnul\xef\xbf\xbd'],
    [Buffer.from('raw'), '{3}\r\nraw'],
    [Buffer.alloc(0), '{0}\r\n'],
    [atom('\\Seen'), '\\Seen'],
    [atom('BODY[HEADER.FIELDS (SUBJECT)]<0>'), 'BODY[HEADER.FIELDS (SUBJECT)]<0>'],
    [new Verbatim(Buffer.from('("x" NIL)')), '("x" NIL)'],
    [[], '()'],
    [adjacent([1], ['a'], adjacent()), '(1)("a")'],
    [[adjacent([null], [null]), 'MIXED'], '((NIL)(NIL) "MIXED")'],
    [[1, [null, 'a', [atom('B')]], Buffer.from('c')], '(1 (NIL "a" (B)) {1}\r\nc)'],
  ])('value %#', (value, expected) => {
    expect(serializeValue(value).toString('latin1')).toBe(expected);
  });

  it.each<[() => unknown, string, RegExp]>([
    [() => serializeValue(-1), 'INVALID_NUMBER', /non-negative integers, got -1/],
    [() => serializeValue(1.5), 'INVALID_NUMBER', /got 1.5/],
    [() => serializeValue(Number.NaN), 'INVALID_NUMBER', /got NaN/],
    [() => serializeValue(2 ** 53), 'INVALID_NUMBER', /got 9007199254740992/],
    [() => serializeValue(-1n), 'INVALID_NUMBER', /non-negative/],
    [() => atom(''), 'INVALID_ATOM', /cannot write "" as an atom/],
    [() => atom('a\r\nb'), 'INVALID_ATOM', /as an atom/],
    [() => atom('Grüße'), 'INVALID_ATOM', /as an atom/],
    [() => taggedStatus('A+1', 'OK', 'x'), 'INVALID_TAG', /cannot answer with tag/],
    [() => taggedStatus('*', 'OK', 'x'), 'INVALID_TAG', /cannot answer with tag/],
  ])('refuses %#', (run, code, message) => {
    const error = thrown(run);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });
});

describe('responses read back by imapflow', () => {
  it('a FETCH response with flags, date, size and a section literal', async () => {
    const header = 'Subject: Grüße\r\n\r\n';
    const bytes = untagged(12, atom('FETCH'), [
      atom('UID'),
      42,
      atom('FLAGS'),
      flagAtoms(['\\Seen', '$Forwarded']),
      atom('INTERNALDATE'),
      formatInternalDate(Date.UTC(2024, 0, 5, 3, 4, 5)),
      atom('RFC822.SIZE'),
      1234,
      atom('MODSEQ'),
      [12345678901234567890n],
      atom('BODY[HEADER.FIELDS (SUBJECT)]<0>'),
      Buffer.from(header),
    ]);
    expect(await imapflowReads(bytes)).toEqual({
      tag: '*',
      command: '12',
      attributes: [
        { atom: 'FETCH' },
        [
          { atom: 'UID' },
          { atom: '42' },
          { atom: 'FLAGS' },
          [{ atom: '\\Seen' }, { atom: '$Forwarded' }],
          { atom: 'INTERNALDATE' },
          { string: ' 5-Jan-2024 03:04:05 +0000' },
          { atom: 'RFC822.SIZE' },
          { atom: '1234' },
          { atom: 'MODSEQ' },
          [{ atom: '12345678901234567890' }],
          { atom: 'BODY', section: [{ atom: 'HEADER.FIELDS' }, [{ atom: 'SUBJECT' }]], partial: [0] },
          { literal: header },
        ],
      ],
    });
  });

  it('an ENVELOPE-like structure with NIL, escapes, CRLF and UTF-8', async () => {
    const envelope: ImapValue = [
      'Mon, 7 Feb 1994 21:52:25 -0800',
      'a "quoted" \\ subject',
      [['Grüße Team', null, 'team', 'example.com']],
      null,
      'multi\r\nline',
    ];
    const bytes = untagged(1, atom('FETCH'), [atom('ENVELOPE'), envelope]);
    expect(await imapflowReads(bytes)).toEqual({
      tag: '*',
      command: '1',
      attributes: [
        { atom: 'FETCH' },
        [
          { atom: 'ENVELOPE' },
          [
            { string: 'Mon, 7 Feb 1994 21:52:25 -0800' },
            { string: 'a "quoted" \\ subject' },
            [[{ literal: 'Grüße Team' }, null, { string: 'team' }, { string: 'example.com' }]],
            null,
            { literal: 'multi\r\nline' },
          ],
        ],
      ],
    });
  });

  it('a LIST response with a modified UTF-7 name that imapflow decodes back', async () => {
    const bytes = untagged(atom('LIST'), [atom('\\HasNoChildren'), atom('\\Drafts')], '/', mailboxValue('Entwürfe/Tom & Jerry'));
    expect(bytes.toString()).toBe('* LIST (\\HasNoChildren \\Drafts) "/" "Entw&APw-rfe/Tom &- Jerry"\r\n');
    const read = await imapflowReads(bytes);
    const name = ((read.attributes as unknown[])[2] as { string: string }).string;
    expect(decodePath({ enabled: new Set(), capabilities: new Map() } as never, name)).toBe('Entwürfe/Tom & Jerry');
  });

  it('strings of every 7-bit and some 8-bit characters come back unchanged', async () => {
    const samples = ['', ' ', '"', '\\', '\\"', '""\\\\', 'a\tb', '{5}', '(x)', '[y]', 'NIL', '%*', 'ü', '日本', '\x7f', 'x\ry', 'x\ny'];
    for (let code = 1; code < 0x80; code++) samples.push(`<${String.fromCharCode(code)}>`);
    for (const sample of samples) {
      const read = await imapflowReads(untagged(atom('X'), [sample]));
      const [item] = (read.attributes as unknown[][])[0] as Array<{ string?: string; literal?: string }>;
      expect(item?.string ?? item?.literal).toBe(sample);
    }
  });
});

describe('status responses and response codes', () => {
  const codes: Array<[ResponseCode, string, unknown[]]> = [
    [{ code: 'UIDNEXT', value: 5 }, 'UIDNEXT 5', [{ atom: 'UIDNEXT' }, { atom: '5' }]],
    [{ code: 'UIDVALIDITY', value: 3857529045 }, 'UIDVALIDITY 3857529045', [{ atom: 'UIDVALIDITY' }, { atom: '3857529045' }]],
    [{ code: 'UNSEEN', value: 12 }, 'UNSEEN 12', [{ atom: 'UNSEEN' }, { atom: '12' }]],
    [{ code: 'HIGHESTMODSEQ', value: 715194045007n }, 'HIGHESTMODSEQ 715194045007', [{ atom: 'HIGHESTMODSEQ' }, { atom: '715194045007' }]],
    [
      { code: 'PERMANENTFLAGS', flags: ['\\Seen', '\\Deleted', '\\*'] },
      'PERMANENTFLAGS (\\Seen \\Deleted \\*)',
      [{ atom: 'PERMANENTFLAGS' }, [{ atom: '\\Seen' }, { atom: '\\Deleted' }, { atom: '\\*' }]],
    ],
    [{ code: 'PERMANENTFLAGS', flags: [] }, 'PERMANENTFLAGS ()', [{ atom: 'PERMANENTFLAGS' }, []]],
    [{ code: 'CAPABILITY', capabilities: ['IMAP4rev1', 'LITERAL+'] }, 'CAPABILITY IMAP4rev1 LITERAL+', [{ atom: 'CAPABILITY' }, { atom: 'IMAP4rev1' }, { atom: 'LITERAL+' }]],
    [{ code: 'BADCHARSET', charsets: ['US-ASCII', 'UTF-8'] }, 'BADCHARSET (US-ASCII UTF-8)', [{ atom: 'BADCHARSET' }, [{ atom: 'US-ASCII' }, { atom: 'UTF-8' }]]],
    [{ code: 'APPENDUID', uidValidity: 38505, uids: [3955] }, 'APPENDUID 38505 3955', [{ atom: 'APPENDUID' }, { atom: '38505' }, { atom: '3955' }]],
    [
      { code: 'COPYUID', uidValidity: 38505, sourceUids: [304, 319, 320, 321, 7], destinationUids: [3956, 3957, 3958, 3959, 3960] },
      'COPYUID 38505 304,319:321,7 3956:3960',
      [{ atom: 'COPYUID' }, { atom: '38505' }, { sequence: '304,319:321,7' }, { sequence: '3956:3960' }],
    ],
    [{ code: 'MODIFIED', numbers: [7, 9, 3, 1, 2] }, 'MODIFIED 1:3,7,9', [{ atom: 'MODIFIED' }, { sequence: '1:3,7,9' }]],
    ...(
      [
        'TOOBIG',
        'NONEXISTENT',
        'ALREADYEXISTS',
        'CANNOT',
        'TRYCREATE',
        'CLIENTBUG',
        'AUTHENTICATIONFAILED',
        'UNAVAILABLE',
        'READ-ONLY',
        'READ-WRITE',
        'NOMODSEQ',
        'ALERT',
        'CLOSED',
      ] as const
    ).map((code): [ResponseCode, string, unknown[]] => [{ code }, code, [{ atom: code }]]),
  ];

  it.each(codes)('response code %#', async (code, text, section) => {
    const bytes = taggedStatus('A1', 'NO', 'it failed', code);
    expect(bytes.toString()).toBe(`A1 NO [${text}] it failed\r\n`);
    expect(await imapflowReads(bytes)).toEqual({ tag: 'A1', command: 'NO', attributes: [{ atom: '', section }, { text: 'it failed' }] });
  });

  it('writes untagged status lines', async () => {
    expect(untaggedStatus('OK', 'Predicted next UID', { code: 'UIDNEXT', value: 4392 }).toString()).toBe('* OK [UIDNEXT 4392] Predicted next UID\r\n');
    expect(untaggedStatus('BYE', 'Logging out').toString()).toBe('* BYE Logging out\r\n');
    expect(untaggedStatus('BAD', 'line too long').toString()).toBe('* BAD line too long\r\n');
    expect(await imapflowReads(untaggedStatus('PREAUTH', 'welcome'))).toEqual({ tag: '*', command: 'PREAUTH', attributes: [{ text: 'welcome' }] });
  });

  it('keeps text on one 7-bit line whatever it quotes', () => {
    expect(taggedStatus('A1', 'BAD', 'bad name "Grüße"\r\n* OK injected').toString()).toBe('A1 BAD bad name "Gr\\xfc\\xdfe"\\x0d\\x0a* OK injected\r\n');
    expect(taggedStatus('A1', 'NO', 'no \u0131nbox \u{1F600}').toString()).toBe('A1 NO no \\u0131nbox \\ud83d\\ude00\r\n');
    expect(taggedStatus('A1', 'OK', '').toString()).toBe('A1 OK done\r\n');
  });

  it('writes continuation requests', async () => {
    expect(continuation('Ready for literal data').toString()).toBe('+ Ready for literal data\r\n');
    expect(continuation().toString()).toBe('+ \r\n');
    expect(continuation('YWJj\r\n').toString()).toBe('+ YWJj\\x0d\\x0a\r\n');
    expect((await imapParser(Buffer.from('+ Ready for literal data'))).tag).toBe('+');
  });
});
