import { describe, expect, it } from 'vitest';
import { LineReader, type LineEvent } from '../../src/pop3/line-reader.js';
import { encodeMultiline, messageLines, pop3Size, topLines } from '../../src/pop3/message-format.js';
import { ResponseAssembler, type Pop3Response } from '../../src/pop3/client/response.js';
import { Pop3Error } from '../../src/pop3/index.js';

const lines = (events: LineEvent[]) => events.map((e) => (e.kind === 'line' ? e.bytes.toString('latin1') : `<${e.octets}>`));

describe('LineReader', () => {
  it('splits CRLF and LF lines across arbitrary chunk boundaries', () => {
    const input = Buffer.from('ab\r\ncd\nef\r\n\r\ng');
    for (let cut = 0; cut <= input.length; cut++) {
      const reader = new LineReader();
      const events = [...reader.push(input.subarray(0, cut)), ...reader.push(input.subarray(cut))];
      expect(lines(events)).toEqual(['ab', 'cd', 'ef', '']);
      expect(reader.held).toBe(1);
    }
  });

  it('works byte by byte and keeps 8-bit bytes intact', () => {
    const input = Buffer.from([0xc3, 0xa9, 0x0d, 0x0a, 0xff, 0x0a]);
    const reader = new LineReader();
    const events: LineEvent[] = [];
    for (const byte of input) events.push(...reader.push(Buffer.from([byte])));
    expect(events.map((e) => (e.kind === 'line' ? [...e.bytes] : []))).toEqual([[0xc3, 0xa9], [0xff]]);
  });

  it('reports an over-long line once, with its size, and recovers at its end', () => {
    const reader = new LineReader(8);
    const events = [...reader.push(Buffer.from('1234567')), ...reader.push(Buffer.from('89')), ...reader.push(Buffer.from('0\r\nok\r\n'))];
    expect(lines(events)).toEqual(['<12>', 'ok']);
    const flood = new LineReader(8);
    for (let i = 0; i < 1000; i++) expect(flood.push(Buffer.from('xxxx'))).toEqual([]);
    expect(flood.held).toBe(0);
    expect(lines(flood.push(Buffer.from('\n')))).toEqual(['<4001>']);
    expect(lines(new LineReader(8).push(Buffer.from('123456\r\n1234567\r\n')))).toEqual(['123456', '<9>']);
  });
});

describe('POP3 message format', () => {
  it('normalises line ends and counts what is sent', () => {
    expect(messageLines(Buffer.from('a\nb\r\nc')).map(String)).toEqual(['a', 'b', 'c']);
    expect(pop3Size(Buffer.from('a\nb\r\nc'))).toBe(9);
    expect(pop3Size(Buffer.alloc(0))).toBe(0);
    expect(pop3Size(Buffer.from('\n\n'))).toBe(4);
  });

  it('keeps a lone CR inside a line', () => {
    expect(messageLines(Buffer.from('a\rb\n')).map(String)).toEqual(['a\rb']);
  });

  it('dot-stuffs and terminates', () => {
    const encoded = encodeMultiline(messageLines(Buffer.from('.a\nb\n.\n')));
    expect(encoded.toString()).toBe('..a\r\nb\r\n..\r\n.\r\n');
    expect(encodeMultiline([]).toString()).toBe('.\r\n');
  });

  it('TOP keeps the header, the blank line and k body lines', () => {
    const raw = Buffer.from('H: 1\n\nb1\nb2\n');
    expect(topLines(raw, 0).map(String)).toEqual(['H: 1', '']);
    expect(topLines(raw, 1).map(String)).toEqual(['H: 1', '', 'b1']);
    expect(topLines(Buffer.from('H: 1\n'), 3).map(String)).toEqual(['H: 1', '']);
  });
});

describe('ResponseAssembler', () => {
  const feed = (assembler: ResponseAssembler, ...input: string[]): Pop3Response | undefined => {
    let response: Pop3Response | undefined;
    for (const line of input) response = assembler.push(Buffer.from(line, 'latin1'));
    return response;
  };

  it('unstuffs body lines and stops at the lone dot', () => {
    const response = feed(new ResponseAssembler(true), '+OK 12 octets', '..a', 'b', '..', '.');
    expect(response?.lines.map(String)).toEqual(['.a', 'b', '.']);
  });

  it('returns a -ERR at once, with its response code, even for a multi-line command', () => {
    const response = feed(new ResponseAssembler(true), '-ERR [IN-USE] locked');
    expect(response).toMatchObject({ ok: false, respCode: 'IN-USE', text: '[IN-USE] locked' });
  });

  it('refuses a status line that is not POP3', () => {
    expect(() => feed(new ResponseAssembler(false), '* OK IMAP4rev1')).toThrow(Pop3Error);
  });
});
