import { describe, expect, it } from 'vitest';
import { CommandFramer, type FramerEvent } from '../../../src/imap/syntax/framing.js';
import {
  MAX_COMMAND_SIZE,
  MAX_LINE_LENGTH,
  MAX_LITERAL_SIZE,
  MAX_LITERALS_PER_COMMAND,
} from '../../../src/imap/syntax/limits.js';
import { frame, frameSplit } from './helpers.js';

const b = (text: string): Buffer => Buffer.from(text, 'latin1');

/** A compact view of events for assertions: buffers as latin1 strings. */
function view(events: FramerEvent[]): unknown[] {
  return events.map((event) => {
    switch (event.kind) {
      case 'command':
        return { command: event.frame.segments.map(String), literals: event.frame.literals.map((l) => l.toString('latin1')) };
      case 'line':
        return { line: event.line.toString('latin1') };
      default:
        return event;
    }
  });
}

describe('CommandFramer: plain lines', () => {
  it('frames a CRLF line and a bare-LF line', () => {
    expect(view(frame('A1 NOOP\r\nA2 CAPABILITY\n'))).toEqual([
      { command: ['A1 NOOP'], literals: [] },
      { command: ['A2 CAPABILITY'], literals: [] },
    ]);
  });

  it('keeps NUL bytes and a lone CR inside a line for the parser to refuse', () => {
    expect(view(frame('A1 NO\0OP\r\nA2 X\rY\r\n'))).toEqual([
      { command: ['A1 NO\0OP'], literals: [] },
      { command: ['A2 X\rY'], literals: [] },
    ]);
  });

  it('emits nothing for an unfinished line', () => {
    expect(frame('A1 NOOP')).toEqual([]);
  });

  it('delivers an empty line as an empty command (the parser answers * BAD)', () => {
    expect(view(frame('\r\n'))).toEqual([{ command: [''], literals: [] }]);
  });
});

describe('CommandFramer: literals', () => {
  it('asks for continuation for each synchronizing literal, before its octets arrive', () => {
    const events: FramerEvent[] = [];
    const framer = new CommandFramer((event) => events.push(event));
    framer.push(b('A1 LOGIN {4}\r\n'));
    expect(events).toEqual([{ kind: 'continuation', tag: 'A1', size: 4 }]);
    framer.push(b('user {4}\r\n'));
    expect(events).toHaveLength(2);
    expect(events[1]).toEqual({ kind: 'continuation', tag: 'A1', size: 4 });
    framer.push(b('pass\r\n'));
    expect(view(events.slice(2))).toEqual([{ command: ['A1 LOGIN {4}', ' {4}', ''], literals: ['user', 'pass'] }]);
  });

  it('sends no continuation for non-synchronizing literals (LITERAL+)', () => {
    expect(view(frame('A1 LOGIN {4+}\r\nuser {4+}\r\npass\r\n'))).toEqual([
      { command: ['A1 LOGIN {4+}', ' {4+}', ''], literals: ['user', 'pass'] },
    ]);
  });

  it('takes literal octets verbatim: CRLF, NUL, 8-bit and marker-like text', () => {
    const data = 'a\r\nb\0c\xff {3}\r\n';
    const events = frame(`A1 APPEND INBOX {${data.length}+}\r\n${data}\r\n`);
    expect(view(events)).toEqual([{ command: [`A1 APPEND INBOX {${data.length}+}`, ''], literals: [data] }]);
  });

  it('handles empty literals, synchronizing and not', () => {
    expect(view(frame('A1 LOGIN {0}\r\n {0+}\r\n\r\n'))).toEqual([
      { kind: 'continuation', tag: 'A1', size: 0 },
      { command: ['A1 LOGIN {0}', ' {0+}', ''], literals: ['', ''] },
    ]);
  });

  it('accepts a literal marker ended by a bare LF', () => {
    expect(view(frame('A1 LOGIN {1+}\nu "p"\n'))).toEqual([{ command: ['A1 LOGIN {1+}', ' "p"'], literals: ['u'] }]);
  });

  it('frames ~{n} (literal8) without continuation and ~{n+} with its octets, for the parser to refuse', () => {
    expect(view(frame('A1 APPEND INBOX ~{5}\r\nA2 NOOP\r\n'))).toEqual([
      { command: ['A1 APPEND INBOX ~{5}'], literals: [] },
      { command: ['A2 NOOP'], literals: [] },
    ]);
    expect(view(frame('A1 APPEND INBOX ~{2+}\r\n\0\0\r\n'))).toEqual([{ command: ['A1 APPEND INBOX ~{2+}', ''], literals: ['\0\0'] }]);
  });
});

describe('CommandFramer: any chunking frames the same', () => {
  const input = b(
    'A1 LOGIN {4}\r\nuser "pa\\"ss"\r\n' +
      'A2 APPEND INBOX (\\Seen) {13+}\r\nHi\r\nthere\r\n{}\r\n' +
      'A3 NOOP\n' +
      'A4 SEARCH CHARSET UTF-8 SUBJECT {2}\r\n\xc3\xbc FROM {0+}\r\n\r\n',
  );
  const expected = frame(input);

  it('has the expected events for the whole input', () => {
    expect(view(expected)).toEqual([
      { kind: 'continuation', tag: 'A1', size: 4 },
      { command: ['A1 LOGIN {4}', ' "pa\\"ss"'], literals: ['user'] },
      { command: ['A2 APPEND INBOX (\\Seen) {13+}', ''], literals: ['Hi\r\nthere\r\n{}'] },
      { command: ['A3 NOOP'], literals: [] },
      { kind: 'continuation', tag: 'A4', size: 2 },
      { command: ['A4 SEARCH CHARSET UTF-8 SUBJECT {2}', ' FROM {0+}', ''], literals: ['\xc3\xbc', ''] },
    ]);
  });

  it('in 1-byte chunks', () => {
    expect(frame(input, 1)).toEqual(expected);
  });

  it('split at every pair of offsets', () => {
    // Compared as JSON text: ~9000 deep comparisons of Buffers would dominate the run time.
    const wanted = JSON.stringify(view(expected));
    const failures: string[] = [];
    for (let first = 0; first <= input.length; first++) {
      for (let second = first; second <= input.length; second++) {
        if (JSON.stringify(view(frameSplit(input, first, second))) !== wanted) failures.push(`${first}/${second}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('CommandFramer: line length', () => {
  const longLine = (length: number): string => 'A1 X ' + 'x'.repeat(length - 5);

  it('accepts a line of exactly MAX_LINE_LENGTH octets, even with its CR in a chunk of its own', () => {
    const line = longLine(MAX_LINE_LENGTH);
    const events = frame(`${line}\r\n`, MAX_LINE_LENGTH + 1);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'command' });
  });

  it('reports a longer line with its tag, discards it and resyncs on the next command', () => {
    const input = `${longLine(MAX_LINE_LENGTH + 1)}\r\nA2 NOOP\r\n`;
    for (const chunk of [Infinity, 4096, 7]) {
      expect(view(frame(input, chunk))).toEqual([
        { kind: 'lineTooLong', tag: 'A1' },
        { command: ['A2 NOOP'], literals: [] },
      ]);
    }
  });

  it('reports a line without a line end as soon as it passes the limit', () => {
    const events = frame(longLine(MAX_LINE_LENGTH + 100), 1000);
    expect(events).toEqual([{ kind: 'lineTooLong', tag: 'A1' }]);
  });

  it('has no tag to offer when the line starts with garbage', () => {
    expect(frame(`(${'x'.repeat(MAX_LINE_LENGTH)}\r\n`)).toEqual([{ kind: 'lineTooLong', tag: undefined }]);
  });

  it('skips the octets of a {n+} literal announced by a discarded line, and the rest of its command', () => {
    const input = `${longLine(MAX_LINE_LENGTH + 1)} {11+}\r\nA9 NOOP\r\nxx more {3+}\r\nabc\r\nA2 NOOP\r\n`;
    for (const chunk of [Infinity, 3, 1]) {
      expect(view(frame(input, chunk))).toEqual([
        { kind: 'lineTooLong', tag: 'A1' },
        { command: ['A2 NOOP'], literals: [] },
      ]);
    }
  });

  it('does not wait for the octets of a {n} literal announced by a discarded line (no continuation was sent)', () => {
    expect(view(frame(`${longLine(MAX_LINE_LENGTH + 1)} {11}\r\nA2 NOOP\r\n`))).toEqual([
      { kind: 'lineTooLong', tag: 'A1' },
      { command: ['A2 NOOP'], literals: [] },
    ]);
  });

  it('applies the limit to the segment after a literal too', () => {
    const input = `A1 LOGIN {1+}\r\nu ${'p'.repeat(MAX_LINE_LENGTH)}\r\nA2 NOOP\r\n`;
    expect(view(frame(input))).toEqual([
      { kind: 'lineTooLong', tag: 'A1' },
      { command: ['A2 NOOP'], literals: [] },
    ]);
  });

  it('closes when a discarded line announced a {n+} literal above the limit', () => {
    const events = frame(`${longLine(MAX_LINE_LENGTH + 1)} {${MAX_LITERAL_SIZE + 1}+}\r\nA2 NOOP\r\n`);
    expect(events).toEqual([
      { kind: 'lineTooLong', tag: 'A1' },
      { kind: 'fatal', tag: 'A1', size: MAX_LITERAL_SIZE + 1, limit: 'LITERAL_TOO_LARGE' },
    ]);
  });
});

describe('CommandFramer: literal limits', () => {
  it('refuses an oversized synchronizing literal without continuation and frames the next command', () => {
    const size = MAX_LITERAL_SIZE + 1;
    expect(view(frame(`A1 APPEND INBOX {${size}}\r\nA2 NOOP\r\n`, 5))).toEqual([
      { kind: 'literalRejected', tag: 'A1', size, limit: 'LITERAL_TOO_LARGE' },
      { command: ['A2 NOOP'], literals: [] },
    ]);
  });

  it('accepts a synchronizing literal of exactly MAX_LITERAL_SIZE', () => {
    expect(frame(`A1 APPEND INBOX {${MAX_LITERAL_SIZE}}\r\n`)).toEqual([{ kind: 'continuation', tag: 'A1', size: MAX_LITERAL_SIZE }]);
  });

  it('treats an absurdly long size as too large', () => {
    expect(frame('A1 APPEND INBOX {99999999999999999999999}\r\n')).toEqual([
      { kind: 'literalRejected', tag: 'A1', size: Infinity, limit: 'LITERAL_TOO_LARGE' },
    ]);
  });

  it('is fatal for an oversized non-synchronizing literal and ignores everything after it', () => {
    const events: FramerEvent[] = [];
    const framer = new CommandFramer((event) => events.push(event));
    framer.push(b(`A1 APPEND INBOX {${MAX_LITERAL_SIZE + 1}+}\r\nxxxx`));
    framer.push(b('\r\nA2 NOOP\r\n'));
    expect(events).toEqual([{ kind: 'fatal', tag: 'A1', size: MAX_LITERAL_SIZE + 1, limit: 'LITERAL_TOO_LARGE' }]);
    expect(framer.closed).toBe(true);
    expect(framer.bufferedBytes).toBe(0);
  });

  it('refuses the literal past MAX_LITERALS_PER_COMMAND', () => {
    const input = 'A1 X' + ' {0+}\r\n'.repeat(MAX_LITERALS_PER_COMMAND) + ' {0}\r\nA2 NOOP\r\n';
    expect(view(frame(input))).toEqual([
      { kind: 'literalRejected', tag: 'A1', size: 0, limit: 'TOO_MANY_LITERALS' },
      { command: ['A2 NOOP'], literals: [] },
    ]);
  });

  it('is fatal for a non-synchronizing literal past MAX_LITERALS_PER_COMMAND', () => {
    const input = 'A1 X' + ' {0+}\r\n'.repeat(MAX_LITERALS_PER_COMMAND + 1) + 'A2 NOOP\r\n';
    expect(frame(input)).toEqual([{ kind: 'fatal', tag: 'A1', size: 0, limit: 'TOO_MANY_LITERALS' }]);
  });

  it('refuses a literal that would take the command past MAX_COMMAND_SIZE', () => {
    const first = MAX_LITERAL_SIZE;
    const second = MAX_COMMAND_SIZE - first; // plus the line octets already counted: too much
    const events: FramerEvent[] = [];
    const framer = new CommandFramer((event) => events.push(event));
    framer.push(b(`A1 X {${first}+}\r\n`));
    framer.push(Buffer.alloc(first, 0x61));
    framer.push(b(` {${second}}\r\n`));
    expect(events).toEqual([{ kind: 'literalRejected', tag: 'A1', size: second, limit: 'COMMAND_TOO_LARGE' }]);
  });
});

describe('CommandFramer: line mode, pause and re-entrancy', () => {
  it('switches to raw lines from the IDLE command event, within the same chunk', () => {
    const seen: unknown[] = [];
    const framer: CommandFramer = new CommandFramer((event) => {
      seen.push(view([event])[0]);
      if (event.kind === 'command' && event.frame.segments[0]!.toString() === 'A1 IDLE') framer.setMode('line');
      if (event.kind === 'line') framer.setMode('command');
    });
    framer.push(b('A1 IDLE\r\nDONE\r\nA2 NOOP\r\n'));
    expect(seen).toEqual([
      { command: ['A1 IDLE'], literals: [] },
      { line: 'DONE' },
      { command: ['A2 NOOP'], literals: [] },
    ]);
  });

  it('delivers literal-marker text verbatim in line mode (AUTHENTICATE responses are not commands)', () => {
    const events: FramerEvent[] = [];
    const framer = new CommandFramer((event) => events.push(event));
    framer.setMode('line');
    framer.push(b('dXNlcg== {5}\r\n*\n'));
    expect(view(events)).toEqual([{ line: 'dXNlcg== {5}' }, { line: '*' }]);
  });

  it('reports too-long raw lines without a tag', () => {
    const events: FramerEvent[] = [];
    const framer = new CommandFramer((event) => events.push(event));
    framer.setMode('line');
    framer.push(b(`${'x'.repeat(MAX_LINE_LENGTH + 1)} {5+}\r\nDONE\r\n`));
    expect(view(events)).toEqual([{ kind: 'lineTooLong', tag: undefined }, { line: 'DONE' }]);
  });

  it('holds events while paused and delivers them on resume', () => {
    const events: FramerEvent[] = [];
    const framer: CommandFramer = new CommandFramer((event) => {
      events.push(event);
      framer.pause();
    });
    framer.push(b('A1 NOOP\r\nA2 NOOP\r\nA3 NOOP\r\n'));
    expect(events).toHaveLength(1);
    expect(framer.paused).toBe(true);
    expect(framer.bufferedBytes).toBe(18);
    framer.push(b('A4 NOOP\r\n'));
    expect(events).toHaveLength(1);
    framer.resume();
    expect(events).toHaveLength(2);
    framer.resume();
    framer.resume();
    framer.resume();
    expect(view(events).map((e) => (e as { command: string[] }).command[0])).toEqual(['A1 NOOP', 'A2 NOOP', 'A3 NOOP', 'A4 NOOP']);
  });

  it('lets a listener push more input without re-entering the loop', () => {
    const order: string[] = [];
    let pushed = false;
    const framer: CommandFramer = new CommandFramer((event) => {
      if (event.kind !== 'command') return;
      order.push(event.frame.segments[0]!.toString());
      if (!pushed) {
        pushed = true;
        framer.push(b('A3 NOOP\r\n'));
        order.push('pushed');
      }
    });
    framer.push(b('A1 NOOP\r\nA2 NOOP\r\n'));
    expect(order).toEqual(['A1 NOOP', 'pushed', 'A2 NOOP', 'A3 NOOP']);
  });
});
