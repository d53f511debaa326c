/**
 * SMTP protocol fuzzing over real sockets, in the manner of protocol-fuzz.ts: fast-check generates
 * sessions (EHLO, HELO or neither; AUTH PLAIN right or wrong, or not; then real commands with odd
 * paths and parameters, DATA texts full of dot lines, bare LFs and CRs, BDAT chunks, garbage,
 * over-long lines, "*" and base64 junk), and a harness sends each line followed by a marker NOOP
 * and reads every reply up to the marker's. SMTP answers every command line, every DATA text and
 * every BDAT chunk with exactly one reply (a 334 answers an AUTH line or a SASL line, and the next
 * line answers it), so the marker's "250 2.0.0 OK" is told from other 250s by its place: the last
 * reply of its batch. Every reply is checked (RFC 5321 4.2: "ddd text", multi-line "ddd-text"
 * lines sharing their code), the server may close only after a 421 or a 221, and what the server
 * said it delivered is collected for fuzz-run.ts to find in the store, byte for byte.
 */
import type net from 'node:net';
import fc from 'fast-check';
import { MAX_BDAT_SIZE_DIGITS, MAX_COMMAND_LINE_OCTETS } from '../../src/smtp/limits.js';
import { connect, garbage, ReceivedOctets, type FuzzFigures } from './protocol-fuzz.js';

export interface SmtpFigures extends FuzzFigures {
  /** DATA texts and BDAT chunks sent whole. */
  bodies: number;
  /** Messages the server said it stored ("250 2.0.0 Delivered to ..."), one per recipient account. */
  deliveries: number;
  /** Times the harness hung up inside a DATA text or a BDAT chunk (then nothing may be delivered). */
  hangUps: number;
  /** The longest wait for one reply, in milliseconds. */
  slowestReplyMs: number;
}

/** One thing a session sends: a command line and what it brings along. */
export interface SmtpStep {
  /** The command line without its CRLF; never an LF in it. */
  readonly line: Buffer;
  /** DATA's text, sent when DATA gets 354 (its end added), or BDAT's octets (exactly its size). */
  readonly payload?: Buffer;
  /** Lines answering 334 continuations, in order; "*" (cancel) once they run out. */
  readonly answers?: readonly Buffer[];
  /** Hang up inside the payload instead of finishing it. */
  readonly hangUp?: boolean;
}

export interface SmtpSessionInput {
  readonly hello: 'EHLO' | 'HELO' | undefined;
  readonly auth: SmtpStep | undefined;
  readonly steps: readonly SmtpStep[];
  /** End with QUIT (and its 221 and close) rather than dropping the connection. */
  readonly quit: boolean;
}

/** A message the server said it stored for an account: the octets after its trace header fields. */
export interface SmtpDelivery {
  readonly account: string;
  readonly message: Buffer;
}

// ── Generation ────────────────────────────────────────────────────────────────────────────────

const text = (value: string): Buffer => Buffer.from(value, 'utf8');
const b64 = (value: string): string => Buffer.from(value, 'utf8').toString('base64');

/** SASL PLAIN messages (RFC 4616 2) that log alice in: authzid empty or herself, her local part alone. */
const PLAIN_RIGHT = ['\0alice@example.com\0secret', 'alice@example.com\0alice@example.com\0secret', '\0alice\0secret', '\0ALICE@example.com\0secret'];
const PLAIN_WRONG = [
  '\0alice@example.com\0wrong', '\0alice@example.com\0Secret', 'bob@example.com\0alice@example.com\0secret', '\0alice@example.com', '\0nobody@example.com\0secret', '',
  '\0\0', 'alice@example.com\0secret', '\0alice@example.com\0secret\0', '\0alice@example.com\0secret ',
];

const base64Junk = fc.stringMatching(/^[A-Za-z0-9+/]{0,40}={0,2}$/).map(text);

/** Any line a client may send where a SASL response is due. */
const saslAnswer: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PLAIN_RIGHT, ...PLAIN_WRONG).map((creds) => text(b64(creds))) },
  { weight: 2, arbitrary: fc.constantFrom('*', '=', '', b64('alice@example.com'), b64('secret'), b64('wrong'), '====', 'AUTH PLAIN').map(text) },
  { weight: 2, arbitrary: base64Junk },
  { weight: 1, arbitrary: garbage },
);

/** AUTH PLAIN with alice's credentials, right or wrong, as an initial response or after the 334. */
const plainAuth: fc.Arbitrary<SmtpStep> = fc.tuple(fc.boolean(), fc.boolean(), fc.nat()).map(([right, initial, index]) => {
  const list = right ? PLAIN_RIGHT : PLAIN_WRONG;
  // RFC 4954 4: "=" is the initial response of no octets; "AUTH PLAIN " alone would ask with a 334.
  const response = b64(list[index % list.length]!) || '=';
  return initial ? { line: text(`AUTH PLAIN ${response}`) } : { line: text('AUTH PLAIN'), answers: [text(response === '=' ? '' : response)] };
});

const loginAuth: fc.Arbitrary<SmtpStep> = fc.tuple(fc.boolean(), fc.boolean()).map(([right, initial]) => {
  const user = text(b64('alice@example.com'));
  const password = text(b64(right ? 'secret' : 'wrong'));
  return initial ? { line: Buffer.concat([text('AUTH LOGIN '), user]), answers: [password] } : { line: text('AUTH LOGIN'), answers: [user, password] };
});

const ODD_AUTH = ['AUTH', 'AUTH CRAM-MD5', 'AUTH XOAUTH2 dXNlcg==', 'AUTH PLAIN a b', 'AUTH PLAIN !!!!', 'AUTH PLAIN ====', 'auth plain', 'AUTH  PLAIN', 'AUTH PLAIN =', 'AUTH LOGIN =', 'AUTH login', 'AUTH PLAIN\t', '  AUTH PLAIN'];

const authStep: fc.Arbitrary<SmtpStep> = fc.oneof(
  { weight: 3, arbitrary: plainAuth },
  { weight: 1, arbitrary: loginAuth },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...ODD_AUTH), fc.array(saslAnswer, { maxLength: 2 })).map(([line, answers]) => ({ line: text(line), answers })) },
);

/** Paths for MAIL FROM and RCPT TO: real ones, postmaster, source routes, quoted and UTF-8 local parts, broken ones. */
const PATHS = [
  '<alice@example.com>', '<bob@example.com>', '<ALICE@Example.COM>', '<postmaster>', '<Postmaster@example.com>', '<>', '<carol@elsewhere.test>', '<"al ice"@example.com>',
  '<"a\\"b"@example.com>', '<"a>b"@example.com>', '<@relay.test:bob@example.com>', '<@a.test,@b.test:alice@example.com>', '<@relay.test>', '<josé@example.com>', '<alice@bücher.test>',
  '<alice@[127.0.0.1]>', '<alice@[IPv6:::1]>', '<alice@example.com', 'alice@example.com', '<alice@@example.com>', '<.alice@example.com>', '<alice.@example.com>', '<a..b@example.com>',
  '<alice@example..com>', '<alice@>', '<@example.com>', '< alice@example.com >', '<alice@example.com>>', '<<alice@example.com>>', '<alice\0@example.com>', '<"unterminated@example.com>',
  '<alice@example.com>x', '<a\tb@example.com>', '<', '>', '',
];
const MAIL_PARAMS = [
  'SIZE=100', 'SIZE=0', 'SIZE=26214400', 'SIZE=26214401', 'SIZE=99999999999999999999', 'SIZE=123456789012345678901', 'SIZE=abc', 'SIZE', 'SIZE=', 'BODY=8BITMIME', 'BODY=7bit',
  'BODY=BINARYMIME', 'BODY=junk', 'BODY', 'SMTPUTF8', 'SMTPUTF8=yes', 'AUTH=<>', 'AUTH=alice@example.com', 'RET=HDRS', 'ENVID=x', 'XFOO', '=x', 'SIZE=1=2', '-x', 'size=10',
];
const RCPT_PARAMS = ['NOTIFY=NEVER', 'ORCPT=rfc822;bob@example.com', 'SIZE=1', 'X'];

const pathLine = (prefixes: readonly string[], params: readonly string[]): fc.Arbitrary<Buffer> =>
  fc
    .tuple(fc.constantFrom(...prefixes), fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...PATHS).map(text) }, { weight: 1, arbitrary: garbage }), fc.array(fc.constantFrom(...params), { maxLength: 3 }), fc.constantFrom(' ', ' ', '  ', '\t'))
    .map(([prefix, path, words, sep]) => Buffer.concat([text(prefix), path, ...words.map((word) => text(`${sep}${word}`))]));

const mailLine = pathLine(['MAIL FROM:', 'mail from:', 'MAIL FROM: ', 'Mail From:  ', 'MAIL  FROM:', 'MAIL FROM ', 'MAIL TO:', 'MAIL FROM:\t'], MAIL_PARAMS);
const rcptLine = pathLine(['RCPT TO:', 'rcpt to:', 'RCPT TO: ', 'RCPT  TO:', 'RCPT FROM:', 'RCPT TO:\t'], RCPT_PARAMS);

/** A MAIL FROM the server takes, so that transactions reach DATA and BDAT. */
const goodMail = fc
  .tuple(fc.constantFrom('<carol@elsewhere.test>', '<>', '<alice@example.com>', '<josé@elsewhere.test>'), fc.array(fc.constantFrom('SIZE=1000', 'BODY=8BITMIME', 'BODY=7BIT', 'SMTPUTF8', 'AUTH=<>'), { maxLength: 2 }))
  .map(([path, params]) => text(`MAIL FROM:${path}${params.map((p) => ` ${p}`).join('')}`));
/** A sender the server takes with parameters that may not be: SIZE, BODY, SMTPUTF8, AUTH and unknown ones. */
const paramMail = fc.array(fc.constantFrom(...MAIL_PARAMS), { minLength: 1, maxLength: 3 }).map((params) => text(`MAIL FROM:<carol@elsewhere.test> ${params.join(' ')}`));
const paramRcpt = fc.array(fc.constantFrom(...RCPT_PARAMS), { minLength: 1, maxLength: 2 }).map((params) => text(`RCPT TO:<alice@example.com> ${params.join(' ')}`));
const goodRcpt = fc
  .constantFrom('<alice@example.com>', '<bob@example.com>', '<postmaster>', '<Postmaster@example.com>', '<ALICE@EXAMPLE.COM>', '<@relay.test:bob@example.com>', '<carol@elsewhere.test>')
  .map((path) => text(`RCPT TO:${path}`));

/**
 * Pieces of message text: dot lines (stuffed or not), every near-miss of the end (".\n", "\n.\r\n",
 * "\r.\r\n": with a bare LF or CR it is no end, RFC 5321 4.5.2 and SMTP smuggling), commands
 * that must stay text, NULs, 8-bit octets.
 */
const TEXT_PIECES = [
  'Subject: fuzz\r\n', 'From: <carol@elsewhere.test>\r\n', '\r\n', 'Hello.\r\n', '..\r\n', '.x\r\n', '...\r\n', '.', '..', '\n.\n', '\r\n.\n', '\n.\r\n', '\r.\r\n', '\r\n.\r', '.\r', '\r',
  '\n', '\r\n', 'QUIT\r\n', 'NOOP\r\n', 'RSET\r\n', 'BDAT 5\r\n', 'MAIL FROM:<x@y.test>\r\n', '\0', 'Café\r\n', '\t', ' ',
];
const messageText: fc.Arbitrary<Buffer> = fc
  .array(
    fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...TEXT_PIECES).map(text) },
      { weight: 2, arbitrary: fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes)) },
      { weight: 1, arbitrary: fc.constantFrom(998, 1000, 5000, 20_000).map((length) => Buffer.alloc(length, 'y')) },
    ),
    { maxLength: 30 },
  )
  .map((pieces) => Buffer.concat(pieces));

/** Mostly false: a hang-up ends the connection, and most sessions should go on. */
const hangs = fc.oneof({ weight: 12, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });

const dataStep: fc.Arbitrary<SmtpStep> = fc.record({ line: fc.constantFrom('DATA', 'data', 'Data').map(text), payload: messageText, hangUp: hangs });

/** BDAT <size> [LAST] with exactly its octets behind it (its line spelt in the forms servers see). */
const bdatStep = (last: boolean): fc.Arbitrary<SmtpStep> =>
  fc
    .tuple(
      fc.oneof(
        { weight: 4, arbitrary: messageText },
        { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)) },
        { weight: 1, arbitrary: fc.constantFrom(0, 1, 65_536, 100_000).map((size) => Buffer.alloc(size, 'z')) },
      ),
      fc.constantFrom(...(last ? ['BDAT %n LAST', 'bdat %n last', 'BDAT %n  LAST', 'BDAT %n LAST ', 'BDAT 0%n Last'] : ['BDAT %n', 'bdat %n', 'BDAT %n ', 'BDAT 00%n', 'BDAT  %n'])),
      hangs,
    )
    .map(([payload, form, hangUp]) => ({ line: text(form.replace('%n', String(payload.length))), payload, hangUp }));

/** MAIL, RCPTs, then DATA or BDAT chunks: mostly a transaction the server takes, sometimes not. */
const transaction: fc.Arbitrary<SmtpStep[]> = fc
  .tuple(
    fc.oneof({ weight: 5, arbitrary: goodMail }, { weight: 1, arbitrary: paramMail }, { weight: 1, arbitrary: mailLine }),
    fc.array(fc.oneof({ weight: 5, arbitrary: goodRcpt }, { weight: 1, arbitrary: paramRcpt }, { weight: 1, arbitrary: rcptLine }), { maxLength: 3 }),
    fc.oneof(dataStep.map((step) => [step]), fc.tuple(fc.array(bdatStep(false), { maxLength: 2 }), fc.option(bdatStep(true), { nil: undefined, freq: 5 })).map(([chunks, last]) => (last ? [...chunks, last] : chunks))),
  )
  .map(([mail, rcpts, body]) => [{ line: mail }, ...rcpts.map((line) => ({ line })), ...body]);

const SIMPLE = [
  'RSET', 'rset', 'RSET now', 'NOOP', 'NOOP hello there', 'noop', 'VRFY', 'VRFY alice', 'VRFY <alice@example.com>', 'EXPN', 'EXPN staff', 'HELP', 'HELP MAIL', 'STARTTLS', 'STARTTLS now',
  'XYZZY', 'TURN', 'ETRN example.com', 'DATA x', 'BDAT', 'BDAT x', 'BDAT -1', 'BDAT 5 LAST now', 'BDAT 1234567890123456', 'BDAT 1e3', 'BDAT  5', 'BDAT 5\tLAST', '', ' ', ' NOOP', 'NOOP\t',
  '\tNOOP', 'MAIL', 'RCPT', 'MAIL FROM', 'HELO', 'EHLO', 'EHLO a b', 'HELO  ', 'EHLO [127.0.0.1]', 'EHLO [IPv6:::1]', 'EHLO fuzz.example', 'HELO fuzz.example', 'EHLO ÿñ.example',
  'EHLO a\0b', 'EHLO \x01', 'EHLO x\x7f', '*', '=', 'QUIT\rNOOP', 'NOOP\r', '\r', 'DATA\r', 'QUIT x',
];

/** Lines just under, at and over MAX_COMMAND_LINE_OCTETS (12,288 with the CRLF), and far over. */
const overLong: fc.Arbitrary<Buffer> = fc
  .tuple(fc.constantFrom('NOOP ', 'AUTH PLAIN ', 'MAIL FROM:<', 'RCPT TO:<', 'DATA ', 'EHLO ', 'BDAT 1 ', 'X'), fc.constantFrom(12_285, 12_286, 12_287, 12_288, 13_000, 70_000), fc.constantFrom('a', 'A', '='))
  .map(([head, length, fill]) => Buffer.concat([text(head), Buffer.alloc(length - head.length, fill)]));

const single: fc.Arbitrary<SmtpStep> = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...SIMPLE).map((line) => ({ line: text(line) })) },
  { weight: 6, arbitrary: fc.oneof(mailLine, rcptLine).map((line) => ({ line })) },
  { weight: 3, arbitrary: fc.oneof(dataStep, bdatStep(false), bdatStep(true)) },
  { weight: 5, arbitrary: authStep },
  { weight: 3, arbitrary: fc.oneof(garbage, base64Junk, fc.constant(text('*'))).map((line) => ({ line })) },
  { weight: 2, arbitrary: overLong.map((line) => ({ line })) },
  { weight: 1, arbitrary: fc.constant({ line: text('QUIT') }) },
);

/**
 * One step again and again: enough bad commands in a row for the 421 after MAX_BAD_COMMANDS
 * (10), wrong AUTHs for the one after MAX_FAILED_LOGINS (3), pipelines of the same command.
 */
const burst: fc.Arbitrary<SmtpStep[]> = fc
  .tuple(fc.oneof(single, plainAuth, fc.oneof(garbage, mailLine).map((line) => ({ line }))), fc.integer({ min: 2, max: 12 }))
  .map(([step, times]) => Array.from({ length: times }, () => step));

export const smtpSession: fc.Arbitrary<SmtpSessionInput> = fc
  .record({
    hello: fc.constantFrom<'EHLO' | 'HELO' | undefined>('EHLO', 'EHLO', 'EHLO', 'HELO', undefined),
    auth: fc.option(plainAuth, { nil: undefined }),
    steps: fc
      .array(fc.oneof({ weight: 4, arbitrary: transaction }, { weight: 6, arbitrary: single.map((step) => [step]) }, { weight: 1, arbitrary: burst }), { minLength: 1, maxLength: 6 })
      .map((blocks) => blocks.flat()),
    quit: fc.boolean(),
  })
  // A counterexample printed as text, not as Buffers of numbers (a 100 KB chunk would fill the log).
  .map((session) => Object.defineProperty(session, fc.toStringMethod, { value: () => describeSession(session) }));

function describeSession(session: SmtpSessionInput): string {
  const bytes = (value: Buffer): string => shown(value, 2_000);
  const step = (one: SmtpStep): string =>
    [`line ${bytes(one.line)}`, one.payload && `payload ${bytes(one.payload)}`, one.answers?.length && `answers ${one.answers.map(bytes).join(', ')}`, one.hangUp && 'hang up']
      .filter(Boolean)
      .join(' · ');
  return [`hello ${session.hello ?? '-'} · auth ${session.auth ? step(session.auth) : '-'} · quit ${session.quit}`, ...session.steps.map(step)].join('\n  ');
}

// ── What the server must do with DATA and BDAT ───────────────────────────────────────────────

const CRLF = Buffer.from('\r\n');
const MARKER = Buffer.from('NOOP\r\n');
const MARKER_REPLY = '250 2.0.0 OK';
/**
 * BDAT's argument as the server reads it (session.ts): a size (leading zeros allowed), LAST or
 * not, spaces around. Such a line is followed by exactly its size in octets, read whatever the
 * reply, before EHLO too (RFC 3030 2); a size of more than MAX_BDAT_SIZE_DIGITS significant digits
 * gets 421 and the close; any other BDAT line is answered 501 and what follows is commands.
 */
const BDAT_ARGS = /^ *(\d+)(?: +(LAST))? *$/i;
/** Command lines are UTF-8 (session.ts, RFC 6531 3.3): any other is answered 500, whatever its verb. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });
/** More than the harness sends in one chunk: a generated line must not ask for gigabytes. */
const MAX_CHUNK = 32 * 1024 * 1024;

/** Whether a line starts at `at` of DATA text: at its start, or after a CRLF (a bare LF ends no line). */
function lineStart(wire: Buffer, at: number): boolean {
  return at === 0 || (wire[at - 1] === 0x0a && wire[at - 2] === 0x0d);
}

/** Where DATA text ends (RFC 5321 4.5.2): the "." of the first line that is only "." and CRLF, or -1. */
function dataEnd(wire: Buffer): number {
  for (let at = wire.indexOf('.\r\n'); at !== -1; at = wire.indexOf('.\r\n', at + 1)) if (lineStart(wire, at)) return at;
  return -1;
}

/** The message DATA text up to its end carries: the leading dot of every line removed (RFC 5321 4.5.2). */
function unstuff(wire: Buffer): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = wire.indexOf('.'); at !== -1; at = wire.indexOf('.', at + 1)) {
    if (!lineStart(wire, at)) continue;
    parts.push(wire.subarray(from, at));
    from = at + 1;
  }
  parts.push(wire.subarray(from));
  return Buffer.concat(parts);
}

/**
 * What goes on the wire after a 354: the text up to its first end (one already in the generated
 * text ends it there) or, with an end added, the whole text; and the message that must be stored.
 * `complete` is false for a hang-up with no end in it.
 */
function dataWire(payload: Buffer, hangUp: boolean): { wire: Buffer; message: Buffer; complete: boolean } {
  const inside = dataEnd(payload);
  const ended = inside !== -1 ? payload : hangUp ? undefined : Buffer.concat([payload, payload.length === 0 || payload.subarray(-2).equals(CRLF) ? Buffer.from('.\r\n') : Buffer.from('\r\n.\r\n')]);
  if (!ended) return { wire: payload, message: Buffer.alloc(0), complete: false };
  const end = dataEnd(ended);
  return { wire: ended.subarray(0, end + 3), message: unstuff(ended.subarray(0, end)), complete: true };
}

/** The verb and arguments as the server reads a line (session.ts): UTF-8 text split at its first space. */
function commandOf(line: Buffer): { verb: string; args: string } {
  // An over-long line is discarded unread (SmtpInput's overflow): no verb of its own.
  if (line.length + CRLF.length > MAX_COMMAND_LINE_OCTETS) return { verb: '', args: '' };
  let textOf: string;
  try {
    textOf = UTF8.decode(line);
  } catch {
    return { verb: '', args: '' };
  }
  const space = textOf.indexOf(' ');
  return { verb: (space === -1 ? textOf : textOf.slice(0, space)).toUpperCase(), args: space === -1 ? '' : textOf.slice(space + 1) };
}

/** The octets of a chunk of `size`: the generated ones, cut or padded to exactly that many. */
function fit(payload: Buffer | undefined, size: number): Buffer {
  if (size > MAX_CHUNK) throw new Error(`SMTP harness: BDAT ${size} is more than the harness sends`);
  const octets = payload ?? Buffer.alloc(0);
  return octets.length === size ? octets : Buffer.concat([octets.subarray(0, size), Buffer.alloc(Math.max(0, size - octets.length), 'x')]);
}

// ── Reading replies ───────────────────────────────────────────────────────────────────────────

interface Reply {
  readonly code: number;
  /** Its lines, without CRLF. */
  readonly lines: readonly string[];
}

const shown = (bytes: Buffer | string, max = 160): string => {
  const value = typeof bytes === 'string' ? bytes : bytes.toString('latin1');
  return JSON.stringify(value.length > max ? `${value.slice(0, max)}…(${value.length} octets)` : value);
};

/** Reads SMTP replies: lines up to the one whose code is followed by a space. */
class SmtpReader extends ReceivedOctets {
  constructor(socket: net.Socket) {
    super(socket, { closedAtEnd: true });
  }

  /** Octets received and not yet read as replies. */
  get pending(): number {
    return this.buffer.length;
  }

  /** The next reply, or undefined when the connection closed between replies. */
  async next(timeoutMs: number): Promise<Reply | undefined> {
    const lines: string[] = [];
    for (;;) {
      const end = this.buffer.indexOf('\r\n');
      if (end !== -1) {
        const line = this.buffer.subarray(0, end);
        this.buffer = this.buffer.subarray(end + 2);
        const value = checkReplyLine(line, lines[0]);
        lines.push(value);
        if (value[3] === ' ') return { code: Number(value.slice(0, 3)), lines };
        continue;
      }
      if (this.closed) {
        if (this.buffer.length > 0 || lines.length > 0) throw new Error(`SMTP: connection closed inside a reply: ${shown([...lines, this.buffer.toString('latin1')].join('\\r\\n'))}`);
        return undefined;
      }
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`SMTP: no reply within ${timeoutMs} ms (received so far: ${shown([...lines, this.buffer.toString('latin1')].join('\\r\\n'))})`)), timeoutMs);
        void this.more().then(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

/**
 * A reply line (RFC 5321 4.2): three digits 2xx-5xx, then " " (the last line) or "-" (more
 * follow), the same code on every line of the reply; no NUL, CR or LF inside it.
 */
function checkReplyLine(line: Buffer, first: string | undefined): string {
  const value = line.toString('utf8');
  if (!/^[2-5]\d\d[ -]/.test(value)) throw new Error(`SMTP: not a reply line: ${shown(line)}`);
  if (/[\0\r\n]/.test(value)) throw new Error(`SMTP: control octet in reply line ${shown(line)}`);
  if (first !== undefined && value.slice(0, 3) !== first.slice(0, 3)) throw new Error(`SMTP: multi-line reply changes its code: ${shown(first)} then ${shown(line)}`);
  return value;
}

// ── The harness ───────────────────────────────────────────────────────────────────────────────

/** Runs SMTP sessions against the server on `port`, checking every reply. */
export class SmtpHarness {
  private reader?: SmtpReader;
  /** BDAT octets the server acknowledged in the open transaction: the start of the message LAST completes. */
  private chunks: Buffer[] = [];
  private deliveries: SmtpDelivery[] = [];
  /** What this session sent and received, newest last, for the error of a failed check. */
  private trail: string[] = [];
  readonly figures: SmtpFigures = { commands: 0, replies: 0, reconnects: 0, bodies: 0, deliveries: 0, hangUps: 0, slowestReplyMs: 0 };

  constructor(
    private readonly port: number,
    private readonly timeoutMs = 10_000,
  ) {}

  /** Runs a session; returns what the server said it delivered, in order. */
  async session(session: SmtpSessionInput): Promise<SmtpDelivery[]> {
    this.deliveries = [];
    this.trail = [];
    try {
      await this.open();
      if (session.hello) await this.step({ line: text(`${session.hello} fuzz.example`) });
      if (session.auth) await this.step(session.auth);
      for (const step of session.steps) await this.step(step);
      if (session.quit && this.reader && !this.reader.closed) await this.quit();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`${message}\n  last exchanges of the session:\n    ${this.trail.slice(-16).join('\n    ')}`);
    } finally {
      this.reader?.socket.destroy();
      this.reader = undefined;
    }
    return this.deliveries;
  }

  private async open(): Promise<void> {
    this.reader = new SmtpReader(await connect(this.port));
    this.chunks = [];
    const greeting = await this.reader.next(this.timeoutMs);
    if (greeting?.code !== 220) throw new Error(`SMTP: greeting ${greeting?.lines.join(' / ')}`);
  }

  private write(...pieces: Buffer[]): void {
    const bytes = Buffer.concat(pieces);
    this.trail.push(`C: ${shown(bytes)}`);
    this.reader!.socket.write(bytes);
  }

  /** Sends one step and reads its replies and the marker's. */
  private async step(step: SmtpStep): Promise<void> {
    if (step.line.includes(0x0a)) throw new Error(`SMTP harness: an LF inside the line ${shown(step.line)}`);
    if (!this.reader || this.reader.closed) {
      // Closed by the server (QUIT, 421): reopened, as the others count it. A hang-up of ours left no reader.
      if (this.reader) this.figures.reconnects++;
      await this.open();
    }
    this.figures.commands++;
    const { verb, args } = commandOf(step.line);
    const chunk = verb === 'BDAT' ? BDAT_ARGS.exec(args) : null;
    if (chunk) {
      const digits = chunk[1]!.replace(/^0+(?=\d)/, '');
      if (digits.length <= MAX_BDAT_SIZE_DIGITS) return this.bdat(step, Number(digits), chunk[2] !== undefined);
      this.write(step.line, CRLF);
      if (await this.reply('BDAT')) throw new Error('SMTP: a BDAT size past any the server can count was answered without 421');
      return;
    }
    // DATA's 354 and AUTH's 334 want what follows: the marker waits for their answer.
    if (verb === 'DATA' || verb === 'AUTH') return this.exchange(step, verb);
    this.write(step.line, CRLF, MARKER);
    const answer = await this.reply(verb);
    if (!answer) return;
    if (verb === 'MAIL' && answer.code === 250) this.chunks = [];
    await this.marker();
  }

  /** DATA or AUTH: the reply first, then (after 354) the text or (after 334) the SASL lines, then the marker. */
  private async exchange(step: SmtpStep, verb: 'DATA' | 'AUTH'): Promise<void> {
    this.write(step.line, CRLF);
    let answer = await this.reply(verb, verb === 'AUTH' ? 334 : 354);
    for (let answered = 0; answer?.code === 334; answered++) {
      // PLAIN asks once, LOGIN twice (user name, password).
      if (answered === 2) throw new Error('SMTP: a third 334 in one AUTH exchange');
      this.figures.commands++;
      this.write(step.answers?.[answered] ?? text('*'), CRLF);
      answer = await this.reply('', 334);
    }
    if (answer?.code === 354) {
      const { wire, message, complete } = dataWire(step.payload ?? Buffer.alloc(0), step.hangUp === true);
      this.write(wire);
      if (!complete) return this.hangUp();
      this.figures.bodies++;
      answer = await this.reply('');
      if (answer?.code === 250) this.delivered(answer, message);
    }
    if (!answer) return;
    this.write(MARKER);
    await this.marker();
  }

  /** BDAT n [LAST]: the line, its n octets and the marker in one write; one reply for the chunk. */
  private async bdat(step: SmtpStep, size: number, last: boolean): Promise<void> {
    const octets = fit(step.payload, size);
    if (step.hangUp && size > 0) {
      this.write(step.line, CRLF, octets.subarray(0, size >> 1));
      return this.hangUp();
    }
    this.write(step.line, CRLF, octets, MARKER);
    this.figures.bodies++;
    const answer = await this.reply('BDAT');
    if (!answer) return;
    if (answer.code !== 250) {
      // RFC 3030 2: a refused chunk ends its transaction.
      this.chunks = [];
    } else if (last) {
      this.delivered(answer, Buffer.concat([...this.chunks, octets]));
      this.chunks = [];
    } else {
      this.chunks.push(octets);
      const total = this.chunks.reduce((sum, piece) => sum + piece.length, 0);
      if (answer.lines[0] !== `250 2.0.0 ${total} octets received`) throw new Error(`SMTP: BDAT chunk answered ${shown(answer.lines[0]!)}, after ${total} octets of the transaction`);
    }
    await this.marker();
  }

  /**
   * The next reply, to a line whose verb is `verb` ("" for DATA text and SASL lines); `interim` is
   * the 3xx it may get. After a 421 or 221 the server must close, saying nothing more: then
   * undefined, and the caller stops (the next step reconnects).
   */
  private async reply(verb: string, interim?: 334 | 354): Promise<Reply | undefined> {
    const reader = this.reader!;
    const started = performance.now();
    const answer = await reader.next(this.timeoutMs);
    this.figures.slowestReplyMs = Math.max(this.figures.slowestReplyMs, performance.now() - started);
    if (!answer) throw new Error('SMTP: the server closed the connection without a 421 or 221');
    this.figures.replies++;
    this.trail.push(`S: ${answer.lines.map((line) => shown(line, 100)).join(' / ')}`);
    if ((answer.code === 334 || answer.code === 354) && answer.code !== interim) throw new Error(`SMTP: ${answer.code} where no ${answer.code === 334 ? 'SASL exchange' : 'DATA'} was started`);
    if (answer.code === 221 && verb !== 'QUIT') throw new Error(`SMTP: 221 to a ${verb || 'non-command'} line`);
    if (answer.code === 421 || answer.code === 221) {
      const after = await reader.next(this.timeoutMs);
      if (after) throw new Error(`SMTP: ${shown(after.lines.join(' / '))} after ${answer.code}, which ends the connection`);
      return undefined;
    }
    return answer;
  }

  /** The marker's reply: "250 2.0.0 OK" and nothing behind it, or a 421 closing the connection. */
  private async marker(): Promise<void> {
    const answer = await this.reply('NOOP');
    if (!answer) return;
    if (answer.lines.length !== 1 || answer.lines[0] !== MARKER_REPLY) throw new Error(`SMTP: the marker NOOP answered ${shown(answer.lines.join(' / '))}: the replies are out of step with the commands`);
    if (this.reader!.pending > 0) throw new Error('SMTP: more replies after the marker: the replies are out of step with the commands');
  }

  /** Our end inside a DATA text or BDAT chunk: the server must close and say nothing (nothing was finished). */
  private async hangUp(): Promise<void> {
    const reader = this.reader!;
    this.figures.hangUps++;
    reader.socket.end();
    const answer = await reader.next(this.timeoutMs);
    if (answer) throw new Error(`SMTP: ${shown(answer.lines.join(' / '))} to an unfinished DATA text or BDAT chunk`);
    reader.socket.destroy();
    this.reader = undefined;
    this.chunks = [];
  }

  private async quit(): Promise<void> {
    this.figures.commands++;
    this.write(text('QUIT'), CRLF);
    const reader = this.reader!;
    const answer = await reader.next(this.timeoutMs);
    if (answer?.code !== 221) throw new Error(`SMTP: QUIT answered ${shown(answer?.lines.join(' / ') ?? '(closed)')}`);
    this.figures.replies++;
    if (await reader.next(this.timeoutMs)) throw new Error('SMTP: a reply after 221');
  }

  /** A 250 to a whole message: who the server says got it. */
  private delivered(answer: Reply, message: Buffer): void {
    const said = answer.lines.length === 1 ? /^250 2\.0\.0 (?:Delivered to (.+)|Accepted for relaying)$/.exec(answer.lines[0]!) : null;
    if (!said) throw new Error(`SMTP: a message answered ${shown(answer.lines.join(' / '))}`);
    for (const account of said[1]?.split(', ') ?? []) {
      this.deliveries.push({ account, message });
      this.figures.deliveries++;
    }
  }
}
