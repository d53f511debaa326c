/**
 * The load client of `npm run bench -- --vs dovecot`: the same cheap clients for both servers, so
 * the figures measure the servers, not the client. Everything is pipelined (a whole round of
 * commands in one write), and replies are framed, not parsed: IMAP literals are skipped by their
 * announced length without copying, POP3 multi-line replies by searching for their terminator in
 * the received chunk. Only tagged status lines, continuation requests and EXISTS are looked at.
 */
import net from 'node:net';

const LF = 0x0a;
const CR = 0x0d;
const PLUS = 0x2b;
const STAR = 0x2a;
const TERMINATOR = Buffer.from('\r\n.\r\n');
const CRLF = Buffer.from('\r\n');

function connectSocket(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** The digits of a `{n}` or `~{n}` (or `{n+}`) at the end of a line, or -1. */
function literalAtEnd(line: Buffer, end: number): number {
  // end is the index of the LF; a CR before it is optional for robustness.
  let at = end - 1;
  if (line[at] === CR) at--;
  if (line[at] !== 0x7d) return -1; // }
  at--;
  if (line[at] === PLUS) at--;
  let value = 0;
  let scale = 1;
  let digits = 0;
  while (at >= 0 && line[at]! >= 0x30 && line[at]! <= 0x39) {
    value += (line[at]! - 0x30) * scale;
    scale *= 10;
    at--;
    digits++;
  }
  return digits > 0 && line[at] === 0x7b ? value : -1; // {
}

interface Waiter {
  readonly tag: string;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * One IMAP connection. `run(commands)` writes them all at once with tags T1, T2, ... and resolves
 * when the last tagged reply has come; any NO or BAD rejects with its text.
 */
export class ImapLoadClient {
  private next = 1;
  private literal = 0;
  /** Whether the next line starts a response (not the rest of one after a literal). */
  private responseStart = true;
  private fragment: Buffer | undefined;
  private waiters: Waiter[] = [];
  private continuationWaiter: (() => void) | undefined;
  private failure: string | undefined;
  /** Called with the count of every `* n EXISTS` (the IDLE fan-out row). */
  onExists: ((count: number) => void) | undefined;
  receivedBytes = 0;
  /** Untagged responses so far: a row checks that each command got the answers it should. */
  untagged = 0;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.fail(error.message));
    socket.on('close', () => this.fail('connection closed'));
  }

  /** Runs the commands and checks that they brought exactly `responses` untagged responses. */
  async expect(commands: readonly string[], responses: number): Promise<void> {
    const before = this.untagged;
    await this.run(commands);
    const got = this.untagged - before;
    if (got !== responses) throw new Error(`IMAP: expected ${responses} untagged responses, got ${got}`);
  }

  static async open(port: number, user: string, password: string): Promise<ImapLoadClient> {
    const socket = await connectSocket(port);
    const client = new ImapLoadClient(socket);
    await client.waitForGreeting();
    await client.run([`LOGIN ${user} ${password}`]);
    return client;
  }

  private greeted: (() => void) | undefined;
  private greeting = false;

  private waitForGreeting(): Promise<void> {
    if (this.greeting) return Promise.resolve();
    return new Promise((resolve) => (this.greeted = resolve));
  }

  /** Pipelines the commands; resolves when every one of them is answered OK. */
  run(commands: readonly string[]): Promise<void> {
    if (commands.length === 0) return Promise.resolve();
    let text = '';
    let last = '';
    for (const command of commands) {
      last = `T${this.next++}`;
      text += `${last} ${command}\r\n`;
    }
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ tag: last, resolve, reject }));
    this.socket.write(text);
    return done;
  }

  /** Sends a command whose last argument is a synchronizing literal; `onSent` when its octets go. */
  async withLiteral(command: string, literal: Buffer, onSent: () => void): Promise<void> {
    const tag = `T${this.next++}`;
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ tag, resolve, reject }));
    const ready = new Promise<void>((resolve) => (this.continuationWaiter = resolve));
    this.socket.write(`${tag} ${command} {${literal.length}}\r\n`);
    await ready;
    onSent();
    this.socket.write(Buffer.concat([literal, Buffer.from('\r\n')]));
    return done;
  }

  /** IDLE (RFC 2177); resolves once the server's continuation request has come. */
  async idle(): Promise<void> {
    const ready = new Promise<void>((resolve) => (this.continuationWaiter = resolve));
    this.socket.write(`I IDLE\r\n`);
    await ready;
  }

  close(): void {
    this.failure ??= 'closed by the bench';
    this.socket.destroy();
  }

  private fail(reason: string): void {
    this.failure ??= reason;
    for (const waiter of this.waiters.splice(0)) waiter.reject(new Error(`IMAP: ${reason}`));
  }

  private onData(chunk: Buffer): void {
    this.receivedBytes += chunk.length;
    let pos = 0;
    if (this.fragment) {
      const lf = chunk.indexOf(LF);
      if (lf === -1) {
        this.fragment = Buffer.concat([this.fragment, chunk]);
        return;
      }
      const line = Buffer.concat([this.fragment, chunk.subarray(0, lf + 1)]);
      this.fragment = undefined;
      this.onLine(line, 0, line.length - 1);
      pos = lf + 1;
    }
    while (pos < chunk.length) {
      if (this.literal > 0) {
        const skip = Math.min(this.literal, chunk.length - pos);
        this.literal -= skip;
        pos += skip;
        continue;
      }
      const lf = chunk.indexOf(LF, pos);
      if (lf === -1) {
        this.fragment = chunk.subarray(pos);
        return;
      }
      this.onLine(chunk, pos, lf);
      pos = lf + 1;
    }
  }

  /** A line from `start` to the LF at `end` (inclusive indexes into `buffer`). */
  private onLine(buffer: Buffer, start: number, end: number): void {
    const first = buffer[start];
    const startsResponse = this.responseStart;
    const literal = literalAtEnd(buffer, end);
    this.literal = literal > 0 ? literal : 0;
    this.responseStart = literal < 0;
    if (!startsResponse) return;
    if (first === STAR) {
      this.untagged++;
      if (!this.greeting) {
        this.greeting = true;
        this.greeted?.();
        return;
      }
      if (this.onExists && buffer.subarray(Math.max(start, end - 8), end).toString('latin1').includes('EXISTS')) {
        const count = Number(/^\* (\d+) EXISTS/.exec(buffer.subarray(start, end).toString('latin1'))?.[1]);
        if (Number.isFinite(count)) this.onExists(count);
      }
      return;
    }
    if (first === PLUS) {
      const waiter = this.continuationWaiter;
      this.continuationWaiter = undefined;
      waiter?.();
      return;
    }
    // A tagged reply: "T<n> OK ...". Only the last tag of each run is waited for, but a NO or
    // BAD on any of them fails the run.
    const space = buffer.indexOf(0x20, start);
    const status = buffer.subarray(space + 1, space + 3).toString('latin1');
    const waiter = this.waiters[0];
    if (status !== 'OK') {
      const text = buffer.subarray(start, end).toString('latin1').trim();
      this.waiters.shift()?.reject(new Error(`IMAP: ${text}`));
      return;
    }
    if (waiter && buffer.subarray(start, space).toString('latin1') === waiter.tag) {
      this.waiters.shift();
      waiter.resolve();
    }
  }
}

/**
 * One POP3 connection. `retrieve(numbers)` pipelines RETRs (RFC 2449 PIPELINING: Dovecot offers it,
 * and a server must answer pipelined commands in order either way) and resolves when every
 * reply has ended with its ".CRLF".
 */
export class Pop3LoadClient {
  /** Replies still expected, each with whether it is multi-line. */
  private expected: boolean[] = [];
  private inBody = false;
  /** The last octets of the previous chunk, for a terminator split across two chunks. */
  private tail = Buffer.alloc(0);
  private statusFragment: Buffer | undefined;
  private waiter: { resolve: () => void; reject: (error: Error) => void } | undefined;
  private failure: string | undefined;
  receivedBytes = 0;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.fail(error.message));
    socket.on('close', () => this.fail('connection closed'));
  }

  static async open(port: number, user: string, password: string): Promise<Pop3LoadClient> {
    const socket = await connectSocket(port);
    const client = new Pop3LoadClient(socket);
    await client.send([`USER ${user}`, `PASS ${password}`], false, true);
    return client;
  }

  retrieve(numbers: readonly number[]): Promise<void> {
    return this.send(numbers.map((n) => `RETR ${n}`), true);
  }

  /** RSET: undoes this session's marks, so QUIT changes nothing. */
  reset(): Promise<void> {
    return this.send(['RSET'], false);
  }

  async quit(): Promise<void> {
    await this.send(['QUIT'], false);
    this.socket.destroy();
  }

  close(): void {
    this.failure ??= 'closed by the bench';
    this.socket.destroy();
  }

  private send(commands: readonly string[], multiline: boolean, greeting = false): Promise<void> {
    if (greeting) this.expected.push(false);
    for (let i = 0; i < commands.length; i++) this.expected.push(multiline);
    const done = new Promise<void>((resolve, reject) => (this.waiter = { resolve, reject }));
    this.socket.write(commands.map((command) => `${command}\r\n`).join(''));
    return done;
  }

  private fail(reason: string): void {
    this.failure ??= reason;
    this.waiter?.reject(new Error(`POP3: ${reason}`));
    this.waiter = undefined;
  }

  private replyDone(): void {
    this.expected.shift();
    this.inBody = false;
    if (this.expected.length === 0) {
      const waiter = this.waiter;
      this.waiter = undefined;
      waiter?.resolve();
    }
  }

  private onData(chunk: Buffer): void {
    this.receivedBytes += chunk.length;
    let pos = 0;
    while (pos < chunk.length && this.expected.length > 0) {
      if (!this.inBody) {
        // The status line, possibly split across chunks.
        const lf = chunk.indexOf(LF, pos);
        if (lf === -1) {
          this.statusFragment = Buffer.concat([this.statusFragment ?? Buffer.alloc(0), chunk.subarray(pos)]);
          return;
        }
        const first = this.statusFragment?.[0] ?? chunk[pos];
        this.statusFragment = undefined;
        if (first !== PLUS) {
          this.fail(`-ERR: ${chunk.subarray(pos, lf).toString('latin1').trim()}`);
          return;
        }
        if (!this.expected[0]) {
          this.replyDone();
          pos = lf + 1;
          continue;
        }
        this.inBody = true;
        // The status line's CRLF starts the terminator of an empty body ("+OK\r\n.\r\n").
        this.tail = CRLF;
        pos = lf + 1;
        continue;
      }
      // The terminator may straddle the previous chunk and this one: look at their joint first.
      if (this.tail.length > 0) {
        const head = chunk.subarray(pos, pos + TERMINATOR.length - 1);
        const joint = Buffer.concat([this.tail, head]);
        const at = joint.indexOf(TERMINATOR);
        const carried = this.tail.length;
        this.tail = Buffer.alloc(0);
        if (at !== -1) {
          // joint[at + 5] is chunk[pos + at + 5 - carried].
          pos += at + TERMINATOR.length - carried;
          this.replyDone();
          continue;
        }
        if (head.length < TERMINATOR.length - 1) {
          // A tiny chunk: carry what may still begin a terminator.
          this.tail = Buffer.from(joint.subarray(Math.max(0, joint.length - (TERMINATOR.length - 1))));
          return;
        }
      }
      const end = chunk.indexOf(TERMINATOR, pos);
      if (end === -1) {
        this.tail = Buffer.from(chunk.subarray(Math.max(pos, chunk.length - (TERMINATOR.length - 1))));
        return;
      }
      pos = end + TERMINATOR.length;
      this.replyDone();
    }
  }
}
