/**
 * Protocol fuzzing over real sockets (issue 11, "tests that stay"): fast-check generates IMAP and
 * POP3 command lines (SMTP's sessions are in smtp-fuzz.ts) - real commands with odd arguments, literals, garbage bytes - before and after
 * login, and a harness sends each one followed by a marker command, reads everything up to the
 * marker's answer, and checks that every reply is well-formed for its protocol. Seeded, so a
 * failure replays: fast-check prints the seed and path, FUZZ_SEED=<seed> runs it again.
 */
import net from 'node:net';
import fc from 'fast-check';

export interface FuzzFigures {
  commands: number;
  replies: number;
  /** Connections the server closed (LOGOUT, QUIT, too many failures, BYE) and we reopened. */
  reconnects: number;
}

// ── IMAP ──────────────────────────────────────────────────────────────────────────────────────

const IMAP_COMMANDS = [
  'NOOP', 'CAPABILITY', 'LOGIN', 'LOGOUT', 'SELECT', 'EXAMINE', 'FETCH', 'UID FETCH', 'STORE', 'UID STORE', 'SEARCH', 'UID SEARCH',
  'LIST', 'LSUB', 'STATUS', 'CREATE', 'DELETE', 'RENAME', 'SUBSCRIBE', 'UNSUBSCRIBE', 'APPEND', 'COPY', 'MOVE', 'UID MOVE', 'EXPUNGE',
  'UID EXPUNGE', 'CLOSE', 'UNSELECT', 'ENABLE', 'ID', 'NAMESPACE', 'CHECK', 'IDLE', 'AUTHENTICATE', 'SORT', 'THREAD', 'XYZZY', 'UID',
];

const IMAP_ARGS = [
  'INBOX', '"INBOX"', 'Archive', 'Fuzz', '"Fuzz/Sub"', '"&ATE-nbox"', '""', 'NIL', '*', '%', '1', '2', '1:*', '*:1', '1,3:5', '4294967295', '0',
  '(FLAGS)', '(UID FLAGS ENVELOPE)', '(BODYSTRUCTURE)', 'BODY.PEEK[]', 'BODY[1.2.MIME]', 'BODY[HEADER.FIELDS (SUBJECT)]<0.10>', 'ALL', 'FULL',
  '+FLAGS', '-FLAGS.SILENT', 'FLAGS', '(\\Seen)', '(\\Deleted $Fuzz)', '(\\Bogus)', 'TEXT', 'FROM', '"bob"', 'OR', 'NOT', 'SINCE', '1-Jan-2024',
  'CHARSET', 'UTF-8', 'RETURN', '(ALL)', '(CONDSTORE)', '(MESSAGES UNSEEN UIDNEXT)', 'alice@example.com', 'secret', 'wrong', 'PLAIN', 'LOGIN',
  '(REVERSE DATE)', 'REFERENCES', '(', ')', '[', ']', '"unterminated', '\\', '{0+}\r\n', '{5+}\r\nhello', '{3+}\r\n\0\0\0', '~{2+}\r\nhi',
];

/** A token of garbage: bytes other than LF (a line end would split the command). */
export const garbage: fc.Arbitrary<Buffer> = fc.uint8Array({ minLength: 1, maxLength: 24 }).map((bytes) => Buffer.from(bytes.filter((b) => b !== 0x0a)));

const imapWord = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...IMAP_ARGS).map((text) => Buffer.from(text, 'latin1')) },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9.:,*$\\-]{1,10}$/).map((text) => Buffer.from(text)) },
  { weight: 1, arbitrary: garbage },
);

/** One IMAP command line (CRLF added by the harness): a tag, a command, some arguments. */
export const imapLine: fc.Arbitrary<Buffer> = fc.oneof(
  {
    weight: 9,
    arbitrary: fc
      .tuple(fc.constantFrom(...IMAP_COMMANDS), fc.array(imapWord, { maxLength: 5 }), fc.constantFrom(' ', ' ', '  ', '\t'))
      .map(([command, args, sep]) => Buffer.concat([Buffer.from(`t ${command}`), ...args.flatMap((arg) => [Buffer.from(sep), arg])])),
  },
  { weight: 1, arbitrary: garbage },
);

/** A session: whether it logs in first, then its commands. */
export const imapSession = fc.record({ login: fc.boolean(), lines: fc.array(imapLine, { minLength: 1, maxLength: 25 }) });

/** tag = 1*<ASTRING-CHAR except "+"> (RFC 3501 9): "]" and "[" are tag characters too. */
const TAGGED = /^([^\x00-\x20\x7f-\xff(){%*"\\+]+) (OK|NO|BAD)( |$)/;

/**
 * What a connection received and nobody has read yet, and a wait for more: each protocol's reader
 * below frames it. `closedAtEnd`: the server's FIN counts as the close (SMTP must say nothing after it).
 */
export class ReceivedOctets {
  protected buffer: Buffer = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  closed = false;

  constructor(
    readonly socket: net.Socket,
    options: { readonly closedAtEnd?: boolean } = {},
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.wake();
    });
    const closed = (): void => {
      this.closed = true;
      this.wake();
    };
    if (options.closedAtEnd) socket.on('end', closed);
    socket.on('close', closed);
    socket.on('error', () => undefined);
  }

  /** Resolves once more octets arrive or the connection closes. */
  protected more(): Promise<void> {
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }
}

/** Reads IMAP responses: lines, with the octets of a literal at a line's end taken whole. */
class ImapReader extends ReceivedOctets {
  /** The next complete response (its first line, literals skipped), or undefined once closed. */
  async next(): Promise<string | undefined> {
    let first: string | undefined;
    for (;;) {
      const end = this.buffer.indexOf('\r\n');
      if (end !== -1) {
        const line = this.buffer.subarray(0, end);
        checkImapLine(line, first === undefined);
        const literal = /\{(\d+)\}$/.exec(line.toString('latin1'));
        const size = literal ? Number(literal[1]) : 0;
        if (this.buffer.length >= end + 2 + size) {
          first ??= line.toString('latin1');
          this.buffer = this.buffer.subarray(end + 2 + size);
          if (!literal) return first;
          continue;
        }
      }
      if (this.closed) {
        if (this.buffer.length > 0 && first === undefined) throw new Error(`IMAP: connection closed inside a response: ${JSON.stringify(this.buffer.toString('latin1').slice(0, 200))}`);
        return first;
      }
      await this.more();
    }
  }
}

/**
 * A response line outside literals: 7-bit, no NUL, no bare CR; the first line of a response is
 * untagged ("* "), a continuation ("+ ") or tagged ("tag OK|NO|BAD").
 */
function checkImapLine(line: Buffer, first: boolean): void {
  for (const byte of line) {
    if (byte === 0 || byte === 0x0d || byte > 0x7f) throw new Error(`IMAP: response line with octet ${byte}: ${JSON.stringify(line.toString('latin1').slice(0, 200))}`);
  }
  const text = line.toString('latin1');
  if (first && !(text.startsWith('* ') || text.startsWith('+ ') || text === '+' || TAGGED.test(text))) {
    throw new Error(`IMAP: not a response: ${JSON.stringify(text.slice(0, 200))}`);
  }
}

export async function connect(port: number): Promise<net.Socket> {
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return socket;
}

/** Runs IMAP sessions against the server on `port`, checking every reply. */
export class ImapHarness {
  private reader?: ImapReader;
  private marker = 0;
  readonly figures: FuzzFigures = { commands: 0, replies: 0, reconnects: 0 };

  constructor(private readonly port: number) {}

  async session(session: { login: boolean; lines: readonly Buffer[] }): Promise<void> {
    await this.open();
    if (session.login) await this.exchange(Buffer.from('L LOGIN alice@example.com secret'));
    for (const line of session.lines) await this.exchange(line);
    this.reader?.socket.destroy();
    this.reader = undefined;
  }

  private async open(): Promise<void> {
    this.reader = new ImapReader(await connect(this.port));
    const greeting = await this.reader.next();
    if (!greeting?.startsWith('* OK ')) throw new Error(`IMAP: greeting ${greeting}`);
  }

  /** Sends a line and a marker NOOP; reads and checks everything up to the marker's answer. */
  private async exchange(line: Buffer): Promise<void> {
    if (!this.reader || this.reader.closed) {
      this.figures.reconnects++;
      await this.open();
    }
    const reader = this.reader!;
    const tag = `Z${++this.marker}`;
    this.figures.commands++;
    reader.socket.write(Buffer.concat([line, Buffer.from('\r\n')]));
    const text = line.toString('latin1');
    const sync = /\{(\d+)\}$/.exec(text);
    // IDLE and AUTHENTICATE read raw lines after their "+": the marker waits for their answer.
    const exchangesLines = /^\S+[ \t]+(IDLE|AUTHENTICATE)\b/i.test(text);
    let markerSent = false;
    const sendMarker = (): void => {
      if (markerSent) return;
      markerSent = true;
      reader.socket.write(`${tag} NOOP\r\n`);
    };
    if (!sync && !exchangesLines) sendMarker();
    for (;;) {
      const response = await reader.next();
      if (response === undefined) return; // closed (LOGOUT, BYE): the next exchange reconnects
      this.figures.replies++;
      if (response.startsWith('+') && !markerSent) {
        // Answer what the line started: a literal's octets, IDLE's DONE, a SASL cancel.
        if (sync) {
          reader.socket.write(Buffer.concat([Buffer.alloc(Number(sync[1]), 'x'), Buffer.from('\r\n')]));
          sendMarker();
        } else if (response.startsWith('+ idling')) reader.socket.write('DONE\r\n');
        else reader.socket.write('*\r\n');
        continue;
      }
      if (!markerSent && TAGGED.test(response)) sendMarker();
      if (response.startsWith(`${tag} `)) return;
    }
  }
}

// ── POP3 ──────────────────────────────────────────────────────────────────────────────────────

const POP3_COMMANDS = ['USER', 'PASS', 'APOP', 'STAT', 'LIST', 'UIDL', 'RETR', 'TOP', 'DELE', 'RSET', 'NOOP', 'CAPA', 'QUIT', 'AUTH', 'XTND', 'user', ' PASS'];
const POP3_ARGS = ['alice@example.com', 'secret', 'wrong', '1', '2', '3', '0', '99999999999', '-1', 'abc', 'PLAIN', '\t', '0123456789abcdef0123456789abcdef'];

export const pop3Line: fc.Arbitrary<Buffer> = fc.oneof(
  {
    weight: 9,
    arbitrary: fc
      .tuple(fc.constantFrom(...POP3_COMMANDS), fc.array(fc.oneof(fc.constantFrom(...POP3_ARGS).map((t) => Buffer.from(t)), garbage), { maxLength: 3 }))
      .map(([command, args]) => Buffer.concat([Buffer.from(command), ...args.flatMap((arg) => [Buffer.from(' '), arg])])),
  },
  { weight: 1, arbitrary: garbage },
);

export const pop3Session = fc.record({ login: fc.boolean(), lines: fc.array(pop3Line, { minLength: 1, maxLength: 25 }) });

/** Reads POP3 replies: one status line, and for a multi-line +OK the lines up to ".". */
class Pop3Reader extends ReceivedOctets {
  async line(): Promise<string | undefined> {
    for (;;) {
      const end = this.buffer.indexOf('\r\n');
      if (end !== -1) {
        const line = this.buffer.subarray(0, end);
        this.buffer = this.buffer.subarray(end + 2);
        return line.toString('latin1');
      }
      if (this.closed) return undefined;
      await this.more();
    }
  }
}

/** Whether a command line's +OK reply is multi-line, by the rules of RFC 1939 and our dispatcher. */
function multiline(line: Buffer): boolean {
  const text = line.toString('utf8');
  const split = /[ \t]/.exec(text);
  const keyword = (split ? text.slice(0, split.index) : text).toUpperCase();
  const rest = split ? text.slice(split.index + 1).trim() : '';
  if (keyword === 'CAPA' || keyword === 'RETR' || keyword === 'TOP') return true;
  return (keyword === 'LIST' || keyword === 'UIDL') && rest === '';
}

export class Pop3Harness {
  private reader?: Pop3Reader;
  readonly figures: FuzzFigures = { commands: 0, replies: 0, reconnects: 0 };

  constructor(private readonly port: number) {}

  async session(session: { login: boolean; lines: readonly Buffer[] }): Promise<void> {
    await this.open();
    if (session.login) {
      await this.exchange(Buffer.from('USER alice@example.com'));
      await this.exchange(Buffer.from('PASS secret'));
    }
    for (const line of session.lines) await this.exchange(line);
    this.reader?.socket.destroy();
    this.reader = undefined;
  }

  private async open(): Promise<void> {
    this.reader = new Pop3Reader(await connect(this.port));
    const greeting = await this.reader.line();
    if (!greeting?.startsWith('+OK ')) throw new Error(`POP3: greeting ${greeting}`);
  }

  private async exchange(line: Buffer): Promise<void> {
    if (!this.reader || this.reader.closed) {
      this.figures.reconnects++;
      await this.open();
    }
    const reader = this.reader!;
    this.figures.commands++;
    reader.socket.write(Buffer.concat([line, Buffer.from('\r\nCAPA\r\n')]));
    for (const expectMultiline of [multiline(line), true]) {
      const status = await reader.line();
      if (status === undefined) return; // QUIT or too many failures: reconnect next time
      this.figures.replies++;
      checkPop3Status(status);
      if (status.startsWith('+OK') && expectMultiline) {
        for (;;) {
          const body = await reader.line();
          if (body === undefined) throw new Error('POP3: connection closed inside a multi-line reply');
          if (body === '.') break;
        }
      }
    }
  }
}

function checkPop3Status(status: string): void {
  if (!/^(\+OK|-ERR)( |$)/.test(status)) throw new Error(`POP3: not a status line: ${JSON.stringify(status.slice(0, 200))}`);
  if (/[\x00\r\n]/.test(status)) throw new Error(`POP3: control octet in ${JSON.stringify(status.slice(0, 200))}`);
}
