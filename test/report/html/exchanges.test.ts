import { describe, expect, it } from 'vitest';
import type { Protocol } from '../../../src/protocol/transcript.js';
import { formatBytes, summariseExchanges, type TimedLine } from '../../../src/report/html/exchanges.js';

/** "C: RETR 1" / "S: +OK" lines of one connection at one time, as the recorder would hold them. */
function lines(protocol: Protocol, transcript: string, options: { connection?: number; at?: number; step?: number | null } = {}): TimedLine[] {
  return transcript
    .trim()
    .split('\n')
    .map((raw) => raw.trim())
    .map((raw) => ({
      event: { protocol, connection: options.connection ?? 1, direction: raw.startsWith('C:') ? ('C' as const) : ('S' as const), text: raw.slice(3) },
      at: options.at ?? 0,
      step: options.step ?? null,
    }));
}

const labels = (exchanges: ReturnType<typeof summariseExchanges>): string[] =>
  exchanges.map((e) => `${e.from === 'client' ? '' : '<= '}${e.command}${e.result ? ` → ${e.result}` : ''}${e.effect === 'none' ? '' : ` [${e.effect}]`}`);

describe('POP3 exchanges', () => {
  const session = `
    S: +OK mailsim POP3 server ready <1.1@mailsim.test>
    C: USER alice@example.com
    S: +OK send PASS for alice@example.com
    C: PASS ********
    S: +OK alice@example.com has 2 messages (3200 octets)
    C: STAT
    S: +OK 2 3200
    C: UIDL
    S: +OK unique-id listing follows
    S: 1 a.1
    S: 2 a.2
    S: .
    C: RETR 1
    S: +OK 3150 octets
    S: <3150 octets>
    S: .
    C: TOP 2 0
    S: +OK top of message follows
    S: <50 octets>
    S: .
    C: DELE 1
    S: +OK message 1 deleted
    C: DELE 9
    S: -ERR no such message
    C: QUIT
    S: +OK mailsim POP3 server signing off (1 messages deleted)`;

  it('pairs each command with its reply, in words', () => {
    expect(labels(summariseExchanges(lines('pop3', session)))).toEqual([
      '<= +OK mailsim POP3 server ready <1.1@mail…',
      'USER alice@example.com → +OK',
      'PASS ******** → logged in, 2 messages',
      'STAT → 2 messages, 3.1 KB',
      'UIDL → 2 ids',
      'RETR 1 → 3.1 KB',
      'TOP 2 0 → headers, 50 B',
      'DELE 1 → marked for deletion [mark]',
      'DELE 9 → -ERR no such message',
      'QUIT → 1 deleted [change]',
    ]);
  });

  it('tells the greeting (first words on a connection) from the server speaking on its own', () => {
    const exchanges = summariseExchanges(lines('imap', 'S: * OK ready\nC: 1 NOOP\nS: 1 OK done\nS: * BYE shutting down'));
    expect(exchanges.map((e) => e.from)).toEqual(['greeting', 'client', 'server']);
    expect(summariseExchanges(lines('pop3', session))[0]!.from).toBe('greeting');
  });

  it('keeps every line for the trace view', () => {
    const retr = summariseExchanges(lines('pop3', session)).find((e) => e.command === 'RETR 1')!;
    expect(retr.lines).toEqual(['C: RETR 1', 'S: +OK 3150 octets', 'S: <3150 octets>', 'S: .']);
  });

  it('counts QUIT as a change when it sets \\Seen on what was retrieved and kept, and not when nothing happened', () => {
    const kept = summariseExchanges(lines('pop3', 'C: RETR 1\nS: +OK 10 octets\nS: <10 octets>\nS: .\nC: QUIT\nS: +OK signing off (0 messages deleted)'));
    expect(labels(kept).at(-1)).toBe('QUIT → 0 deleted, 1 set \\Seen [change]');
    const idle = summariseExchanges(lines('pop3', 'C: UIDL\nS: +OK\nS: .\nC: QUIT\nS: +OK signing off (0 messages deleted)'));
    expect(labels(idle).at(-1)).toBe('QUIT → 0 deleted');
    const reset = summariseExchanges(lines('pop3', 'C: RETR 1\nS: +OK 10 octets\nS: <10 octets>\nS: .\nC: DELE 1\nS: +OK\nC: RSET\nS: +OK\nC: QUIT\nS: +OK signing off (0 messages deleted)'));
    expect(labels(reset).slice(-2)).toEqual(['RSET → marks cleared', 'QUIT → 0 deleted, 1 set \\Seen [change]']);
  });

  it('says when a command got no answer (the connection dropped)', () => {
    expect(labels(summariseExchanges(lines('pop3', 'C: RETR 1')))).toEqual(['RETR 1 → no answer']);
  });
});

describe('IMAP exchanges', () => {
  it('follows tags, continuations and untagged responses', () => {
    const session = `
      S: * OK [CAPABILITY IMAP4rev1 IDLE AUTH=PLAIN] mailsim ready
      C: 1 AUTHENTICATE PLAIN
      S: +
      C: ********
      S: 1 OK [CAPABILITY IMAP4rev1] Logged in
      C: 2 SELECT INBOX
      S: * 3 EXISTS
      S: * OK [UIDVALIDITY 7] UIDs valid
      S: 2 OK [READ-WRITE] SELECT completed
      C: 3 UID FETCH 1:* (UID FLAGS BODY.PEEK[] MODSEQ)
      S: * 1 FETCH (UID 1 FLAGS () BODY[] {476}
      S: <476 octets>
      S:  MODSEQ (2))
      S: * 2 FETCH (UID 2 FLAGS () BODY[] {600}
      S: <600 octets>
      S:  MODSEQ (3))
      S: 3 OK UID FETCH completed
      C: 4 UID STORE 1 +FLAGS (\\Seen)
      S: * 1 FETCH (UID 1 FLAGS (\\Seen) MODSEQ (5))
      S: 4 OK UID STORE completed
      C: 5 UID SEARCH ALL
      S: * SEARCH 1 2 3
      S: 5 OK UID SEARCH completed
      C: 6 NOOP
      S: * 3 EXPUNGE
      S: 6 OK NOOP completed
      C: 7 UID MOVE 2 Trash
      S: * OK [COPYUID 7 2 1] Moved
      S: * 2 EXPUNGE
      S: 7 OK UID MOVE completed
      C: 8 SELECT Nowhere
      S: 8 NO [NONEXISTENT] no such mailbox
      C: 9 APPEND Drafts (\\Draft) {310+}
      C: <310 octets>
      S: 9 OK [APPENDUID 7 3] APPEND completed
      C: A LOGOUT
      S: * BYE Logging out
      S: A OK LOGOUT completed`;
    expect(labels(summariseExchanges(lines('imap', session)))).toEqual([
      '<= * OK [CAPABILITY …] mailsim ready',
      'AUTHENTICATE PLAIN → logged in',
      'SELECT INBOX → 3 messages',
      'UID FETCH 1:* (UID FLAGS BODY.PEEK[] MODSEQ) → 2 messages, 1.1 KB',
      'UID STORE 1 +FLAGS (\\Seen) → 1 message updated [change]',
      'UID SEARCH ALL → 1 2 3',
      'NOOP → * 3 EXPUNGE',
      'UID MOVE 2 Trash → moved [change]',
      'SELECT Nowhere → NO [NONEXISTENT] no such mailbox',
      'APPEND Drafts (\\Draft) {310+} → appended [change]',
      'LOGOUT → bye',
    ]);
  });

  it('splits IDLE where time passes: idling, what the server pushed, then DONE', () => {
    const idle = [
      ...lines('imap', 'C: 8 IDLE\nS: + idling', { at: 1000, step: 0 }),
      ...lines('imap', 'S: * 1 EXISTS\nS: * 1 RECENT', { at: 2000, step: 1 }),
      ...lines('imap', 'C: DONE\nS: 8 OK IDLE terminated\nC: 9 NOOP\nS: 9 OK NOOP completed', { at: 2000, step: 1 }),
    ];
    const exchanges = summariseExchanges(idle);
    expect(labels(exchanges)).toEqual(['IDLE → idling', '<= * 1 EXISTS', 'DONE → OK', 'NOOP → nothing new']);
    expect(exchanges.map((e) => [e.at, e.step])).toEqual([
      [1000, 0],
      [2000, 1],
      [2000, 1],
      [2000, 1],
    ]);
    expect(exchanges[1]!.lines).toEqual(['S: * 1 EXISTS', 'S: * 1 RECENT']);
    expect(exchanges[1]!.from).toBe('server');
  });

  it('files a push the same wherever it crossed our "+ idling" or our DONE on the wire', () => {
    const orders = [
      'C: 8 IDLE\nS: + idling\nS: * 3 EXISTS\nC: DONE\nS: 8 OK IDLE terminated',
      'C: 8 IDLE\nS: * 3 EXISTS\nS: + idling\nC: DONE\nS: 8 OK IDLE terminated',
      'C: 8 IDLE\nS: + idling\nC: DONE\nS: * 3 EXISTS\nS: 8 OK IDLE terminated',
    ];
    const summaries = orders.map((order) => summariseExchanges(lines('imap', order)).map((e) => [labels([e])[0], e.lines]));
    expect(summaries[1]).toEqual(summaries[0]);
    expect(summaries[2]).toEqual(summaries[0]);
    expect(summaries[0]).toEqual([
      ['IDLE → idling', ['C: 8 IDLE', 'S: + idling']],
      ['<= * 3 EXISTS', ['S: * 3 EXISTS']],
      ['DONE → OK', ['C: DONE', 'S: 8 OK IDLE terminated']],
    ]);
    expect(labels(summariseExchanges(lines('imap', 'C: 8 IDLE\nS: 8 BAD not now')))).toEqual(['IDLE → BAD not now']);
  });

  it('a FETCH of a body without .PEEK sets \\Seen, so it changes the server', () => {
    const fetch = summariseExchanges(lines('imap', 'C: 3 FETCH 1 (BODY[])\nS: * 1 FETCH (FLAGS (\\Seen) BODY[] {5}\nS: <5 octets>\nS: )\nS: 3 OK done'));
    expect(labels(fetch)).toEqual(['FETCH 1 (BODY[]) → 1 message, 5 B [change]']);
  });

  it('keeps connections apart and in the order their exchanges began', () => {
    const mixed = [...lines('pop3', 'C: STAT\nS: +OK 0 0', { connection: 1 }), ...lines('pop3', 'C: UIDL\nS: +OK\nS: .', { connection: 2 })];
    const exchanges = summariseExchanges(mixed);
    expect(exchanges.map((e) => [e.connection, e.command])).toEqual([
      [1, 'STAT'],
      [2, 'UIDL'],
    ]);
  });
});

describe('formatBytes', () => {
  it('uses B below 1 KB and one decimal above', () => {
    expect([0, 1023, 1024, 3174, 5 * 1024 * 1024].map(formatBytes)).toEqual(['0 B', '1023 B', '1.0 KB', '3.1 KB', '5.0 MB']);
  });
});
