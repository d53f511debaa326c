import net from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { responseTraceLinesOf } from '../../src/imap/wire-trace.js';
import type { WireEvent } from '../../src/protocol/transcript.js';
import { startServer, type RunningServer } from '../../src/server/start.js';
import { MAX_TRANSCRIPT_OCTETS, TRANSCRIPT_BLOCK_OCTETS, TranscriptRecorder, type ConnectionTranscript } from '../../src/server/transcripts.js';

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

  it('keeps an IMAP response as the lines its trace makes, literal octets summarized, in order with the lines around it', () => {
    const recorder = new TranscriptRecorder();
    recorder.record(event('imap', 1, 'C', 'A1 FETCH 1 (BODY.PEEK[])'));
    recorder.recordImapResponse(1, ['* 1 FETCH (BODY[] {12}\r\n', Buffer.from('Hello\r\nthere'), ')\r\n']);
    recorder.recordImapResponse(1, ['A1 OK FETCH completed\r\n']);
    recorder.recordImapResponse(1, ['\r\n']);
    recorder.record(event('imap', 1, 'C', 'A2 LOGOUT'));
    expect(recorder.snapshot()[0]!.lines).toEqual(['C: A1 FETCH 1 (BODY.PEEK[])', 'S: * 1 FETCH (BODY[] {12}', 'S: <12 octets>', 'S: )', 'S: A1 OK FETCH completed', 'C: A2 LOGOUT']);
  });

  it('gives back every line as it was recorded, the last maxLines of each connection, the rest counted', () => {
    // Any text a protocol may report (UTF-8, latin1, a lone surrogate), lines longer than a
    // block, and IMAP responses in pieces with literals: the snapshot is what a plain list of
    // lines would hold, however the recorder packs them.
    // Long lines weigh more, so that blocks fill and whole blocks are dropped in most runs.
    const text = fc.oneof(
      { arbitrary: fc.constantFrom('A1 NOOP', '', 'é', '€ 😀', '\uD800 lone', '\xff\x00', 'x'.repeat(TRANSCRIPT_BLOCK_OCTETS + 10), 'é'.repeat(3000), '250-one\r\n250 two', 'a\nb'), weight: 2 },
      { arbitrary: fc.constantFrom('w'.repeat(1500), `${'v'.repeat(900)}\n${'u'.repeat(900)}`), weight: 2 },
      { arbitrary: fc.string({ maxLength: 12, unit: 'binary' }), weight: 1 },
    );
    const piece = fc.oneof(
      fc.constantFrom('* 1 FETCH (BODY[] {5}\r\n', ')\r\n', 'A1 OK done\r\n', '\r\n', 'y'.repeat(5000) + '\r\n', '{3}\r\nab'),
      fc.string({ maxLength: 10 }).map((t) => Buffer.from(t, 'utf8')),
      fc.string({ maxLength: 10 }).map((t) => Buffer.from(t, 'latin1').toString('latin1')),
    );
    const op = fc.oneof(
      fc.record({ kind: fc.constant('line' as const), protocol: fc.constantFrom('imap' as const, 'pop3' as const), connection: fc.integer({ min: 1, max: 4 }), direction: fc.constantFrom('C' as const, 'S' as const), text }),
      fc.record({ kind: fc.constant('response' as const), connection: fc.integer({ min: 1, max: 4 }), pieces: fc.array(piece, { maxLength: 4 }) }),
      fc.constant({ kind: 'snapshot' as const }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 150 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 5 }), (ops, maxLines, maxConnections) => {
        // No octet bound here: this is the line model; the octet bound has its own test below.
        const recorder = new TranscriptRecorder(maxConnections, maxLines, Number.POSITIVE_INFINITY);
        const all = new Map<string, { protocol: WireEvent['protocol']; connection: number; lines: string[] }>();
        const reference = (): ConnectionTranscript[] =>
          [...all.values()].map(({ protocol, connection, lines }) => {
            const from = Math.max(0, lines.length - maxLines);
            return { protocol, connection, lines: lines.slice(from), droppedLines: from };
          });
        const linesOf = (protocol: WireEvent['protocol'], connection: number): string[] => {
          const key = `${protocol}#${connection}`;
          let entry = all.get(key);
          if (!entry) {
            entry = { protocol, connection, lines: [] };
            all.set(key, entry);
            if (all.size > maxConnections) all.delete(all.keys().next().value!);
          }
          return entry.lines;
        };
        for (const o of ops) {
          if (o.kind === 'line') {
            recorder.record(event(o.protocol, o.connection, o.direction, o.text));
            const lines = linesOf(o.protocol, o.connection);
            for (const line of o.text.includes('\n') ? o.text.split(/\r?\n/) : [o.text]) lines.push(`${o.direction}: ${line}`);
          } else if (o.kind === 'response') {
            recorder.recordImapResponse(o.connection, o.pieces);
            const traced = responseTraceLinesOf(o.pieces);
            // A response of no lines is not kept, so it does not make its connection a speaker either.
            if (traced.length > 0) linesOf('imap', o.connection).push(...traced.map((line) => `S: ${line}`));
          } else expect(recorder.snapshot()).toEqual(reference());
        }
        expect(recorder.snapshot()).toEqual(reference());
      }),
      { numRuns: 400, seed: 13 },
    );
  });

  it('holds at most maxOctets per connection (plus its newest record), dropping whole blocks and counting their lines', () => {
    // Mostly long records, so that every connection says many times maxOctets.
    const record = fc.oneof(
      { arbitrary: fc.string({ maxLength: 6000, unit: 'binary' }), weight: 1 },
      { arbitrary: fc.constantFrom('A1 NOOP', 'é'.repeat(3000), 'z'.repeat(6000), '€'.repeat(2000)), weight: 3 },
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), record, fc.boolean()), { minLength: 300, maxLength: 400 }), fc.integer({ min: 1024, max: 16 * 1024 }), (ops, maxOctets) => {
        const recorder = new TranscriptRecorder(10, 1_000_000, maxOctets);
        const all = new Map<number, string[]>();
        for (const [connection, text, asResponse] of ops) {
          const lines = all.get(connection) ?? [];
          all.set(connection, lines);
          if (asResponse) {
            const traced = responseTraceLinesOf([`${text}\r\n`]);
            recorder.recordImapResponse(connection, [`${text}\r\n`]);
            lines.push(...traced.map((line) => `S: ${line}`));
          } else {
            recorder.record(event('imap', connection, 'C', text));
            lines.push(...(text.includes('\n') ? text.split(/\r?\n/) : [text]).map((line) => `C: ${line}`));
          }
          // Blocks within maxOctets, or the newest block alone (16 KiB, or one record), and what waits for a block.
          const oneRecord = 5 + 3 * 6002;
          expect(recorder.size).toBeLessThanOrEqual(all.size * (Math.max(maxOctets, TRANSCRIPT_BLOCK_OCTETS + oneRecord) + 4096 + oneRecord));
        }
        for (const t of recorder.snapshot()) {
          const lines = all.get(t.connection)!;
          // What is kept is the end of everything said, and what went is counted.
          expect(t.droppedLines + t.lines.length).toBe(lines.length);
          expect(t.lines).toEqual(lines.slice(t.droppedLines));
        }
      }),
      { numRuns: 100, seed: 13 },
    );
  });

  describe('in a running server', () => {
    let server: RunningServer | undefined;
    afterEach(async () => {
      await server?.close();
      server = undefined;
    });

    it('keeps at most MAX_TRANSCRIPT_OCTETS of a client that sends line after line of 60 KB', async () => {
      server = await startServer({ ports: { pop3: false, smtp: false } });
      const socket = net.connect(server.ports.imap!, '127.0.0.1');
      socket.on('error', () => {});
      let received = '';
      let waiting: { pattern: RegExp; resolve: () => void } | undefined;
      socket.on('data', (chunk: Buffer) => {
        received += chunk.toString('latin1');
        if (waiting?.pattern.test(received)) waiting.resolve();
      });
      const until = (pattern: RegExp): Promise<void> => new Promise((resolve) => (pattern.test(received) ? resolve() : (waiting = { pattern, resolve })));
      await until(/^\* OK/);
      const commands = 40;
      for (let i = 1; i <= commands; i++) {
        socket.write(`a${i} NOOP ${'x'.repeat(60_000)}\r\n`);
        // Each command's tagged reply before the next is sent: the server may hold 1 MiB of input.
        await until(new RegExp(`\\r\\na${i} [^\\r]*\\r\\n`));
      }
      socket.end();
      const [imap] = server.transcripts();
      const kept = imap!.lines.reduce((octets, line) => octets + line.length, 0);
      // 40 × 60 KB were said; what is kept fits the bound (plus the newest block), and the rest is counted.
      expect(kept).toBeLessThanOrEqual(MAX_TRANSCRIPT_OCTETS + 70_000);
      expect(imap!.droppedLines).toBeGreaterThan(0);
      expect(imap!.droppedLines + imap!.lines.length).toBe(1 + 2 * commands);
      expect(imap!.lines.at(-1)).toMatch(new RegExp(`^S: a${commands} BAD`));
    });
  });
});
