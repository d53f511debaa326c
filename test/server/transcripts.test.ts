import { describe, expect, it } from 'vitest';
import type { WireEvent } from '../../src/protocol/transcript.js';
import { TranscriptRecorder } from '../../src/server/transcripts.js';

const event = (protocol: WireEvent['protocol'], connection: number, direction: WireEvent['direction'], text: string): WireEvent => ({ protocol, connection, direction, text });

describe('TranscriptRecorder', () => {
  it('groups lines by protocol and connection, in the order connections first spoke', () => {
    const recorder = new TranscriptRecorder();
    recorder.record(event('imap', 1, 'S', '* OK ready'));
    recorder.record(event('pop3', 1, 'S', '+OK ready'));
    recorder.record(event('imap', 1, 'C', 'A1 LOGOUT'));
    expect(recorder.snapshot()).toEqual([
      { protocol: 'imap', connection: 1, lines: ['S: * OK ready', 'C: A1 LOGOUT'], droppedLines: 0 },
      { protocol: 'pop3', connection: 1, lines: ['S: +OK ready'], droppedLines: 0 },
    ]);
  });

  it('splits a multi-line reply into one line each', () => {
    const recorder = new TranscriptRecorder();
    recorder.record(event('smtp', 1, 'S', '250-mailsim.test\n250-PIPELINING\r\n250 SIZE 10'));
    expect(recorder.snapshot()[0]!.lines).toEqual(['S: 250-mailsim.test', 'S: 250-PIPELINING', 'S: 250 SIZE 10']);
  });

  it('drops the oldest connection first past the connection limit', () => {
    const recorder = new TranscriptRecorder(2, 100);
    for (const n of [1, 2, 3]) recorder.record(event('pop3', n, 'C', 'QUIT'));
    expect(recorder.snapshot().map((t) => t.connection)).toEqual([2, 3]);
  });

  it('drops the oldest lines of a long connection and counts them', () => {
    const recorder = new TranscriptRecorder(10, 10);
    for (let i = 1; i <= 25; i++) recorder.record(event('imap', 1, 'C', `A${i} NOOP`));
    const [only] = recorder.snapshot();
    expect(only!.lines.length).toBeLessThanOrEqual(10);
    expect(only!.droppedLines + only!.lines.length).toBe(25);
    expect(only!.lines.at(-1)).toBe('C: A25 NOOP');
    // Exactly the last ten, oldest first, however often the ring went round.
    expect(only!.lines).toEqual(Array.from({ length: 10 }, (_, i) => `C: A${i + 16} NOOP`));
    expect(only!.droppedLines).toBe(15);
    recorder.record(event('imap', 1, 'S', '* 1 EXISTS\r\n* 2 EXISTS'));
    expect(recorder.snapshot()[0]!.lines.slice(-3)).toEqual(['C: A25 NOOP', 'S: * 1 EXISTS', 'S: * 2 EXISTS']);
    expect(recorder.snapshot()[0]!.lines[0]).toBe('C: A18 NOOP');
  });

  it('hands out copies, so a caller cannot change what is recorded', () => {
    const recorder = new TranscriptRecorder();
    recorder.record(event('imap', 1, 'C', 'A1 NOOP'));
    (recorder.snapshot()[0]!.lines as string[]).push('forged');
    expect(recorder.snapshot()[0]!.lines).toEqual(['C: A1 NOOP']);
  });
});
