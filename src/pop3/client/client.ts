import net from 'node:net';
import tls from 'node:tls';
import type { Direction, WireListener } from '../../protocol/transcript.js';
import { MASK } from '../../protocol/transcript.js';
import { apopDigest } from '../apop-digest.js';
import { LineReader } from '../line-reader.js';
import { printable } from '../text.js';
import { Pop3Error } from './errors.js';
import { apopTimestampOf, joinLines, parseListing, parseStat, parseUidListing } from './parse.js';
import { ResponseAssembler, type Pop3Response } from './response.js';

export interface Pop3ClientOptions {
  host: string;
  port: number;
  /** Socket inactivity timeout for every response. Default 30 s. */
  timeoutMs?: number;
  /** Every line in and out (protocol 'pop3'), PASS and APOP digest masked. */
  onWire?: WireListener;
  /** Connection number in wire events. Default 1: pass distinct ids when one listener hears many clients. */
  connectionId?: number;
  /**
   * TLS from the first octet (POP3S, port 995; RFC 8314). With `tlsOptions` for what to trust.
   * Default false: plaintext, which stls() can upgrade.
   */
  implicitTls?: boolean;
  /**
   * For implicit TLS and stls(): e.g. `{ ca }` to trust a self-signed certificate (checked as
   * usual), `session` to resume an earlier TLS session (see Pop3Client.tlsSession).
   */
  tlsOptions?: tls.ConnectionOptions;
}

/** Long enough for a slow server on a loaded CI machine, short enough that a hung one is noticed. */
export const DEFAULT_CLIENT_TIMEOUT_MS = 30_000;

interface RequestSpec {
  /** Keyword for error messages ("RETR"); never includes arguments, so never a password. */
  readonly label: string;
  /** The command line without CRLF; absent for the greeting, which the server sends unasked. */
  readonly line?: string;
  /** The line as the transcript shows it (secrets masked). */
  readonly transcript?: string;
  readonly multiline: boolean;
  /** RETR/TOP: body lines appear in the transcript as one "<n octets>" event. */
  readonly summarize?: boolean;
}

interface Request extends RequestSpec {
  readonly resolve: (response: Pop3Response) => void;
  readonly reject: (error: Pop3Error) => void;
}

interface Active {
  readonly request: Request;
  readonly assembler: ResponseAssembler;
  /** Octets of the summarized body so far (unstuffed lines plus CRLF). */
  octets: number;
}

/**
 * A POP3 client (RFC 1939, RFC 2449 response codes) over one TCP connection. Byte-based and
 * line-buffered; one command in flight at a time, later calls wait their turn. Once the connection
 * fails (close, timeout, protocol error) the call in flight rejects with the reason and every
 * waiting and future call with CLOSED.
 */
export class Pop3Client {
  /** The server's greeting line, e.g. "+OK mailsim POP3 server ready <1.1709542800000@mailsim.test>". */
  greeting = '';
  /** The greeting's APOP timestamp, if it offered one. */
  apopTimestamp?: string;
  private readonly reader = new LineReader();
  /** Settles when the last queued call has settled (see operation()). */
  private tail: Promise<void> = Promise.resolve();
  private active?: Active;
  private failure?: Pop3Error;
  private quitSent = false;
  private closed: Promise<void>;
  private readonly timeoutMs: number;
  /** Whether the connection is encrypted: implicit TLS, or after stls(). */
  private encrypted: boolean;
  /**
   * The TLS session the server issued (a TLS 1.3 ticket), for `tlsOptions.session` on the next
   * connection: a mail client that checks every few minutes resumes rather than redoing the
   * whole handshake, as Thunderbird (NSS's session cache) does.
   */
  tlsSession?: Buffer;

  private constructor(
    private socket: net.Socket,
    private readonly options: Pop3ClientOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_CLIENT_TIMEOUT_MS;
    this.encrypted = options.implicitTls ?? false;
    this.closed = this.listen(socket);
  }

  private readonly onSocketData = (chunk: Buffer): void => this.onData(chunk);
  private readonly onSocketTimeout = (): void => this.fail(new Pop3Error('TIMEOUT', `no response within ${this.timeoutMs} ms`));
  private readonly onSocketError = (error: Error): void => this.fail(new Pop3Error('CLOSED', `connection failed: ${error.message}`));
  private readonly onSocketClose = (): void => this.fail(new Pop3Error('CLOSED', 'connection closed by server'));

  /** Attaches the handlers; resolves when the socket closes. */
  private listen(socket: net.Socket): Promise<void> {
    socket.on('data', this.onSocketData);
    socket.on('timeout', this.onSocketTimeout);
    socket.on('error', this.onSocketError);
    socket.on('close', this.onSocketClose);
    return new Promise((resolve) => socket.once('close', () => resolve()));
  }

  /** True once the connection is encrypted (implicit TLS, or after stls()). */
  get secure(): boolean {
    return this.encrypted;
  }

  /** Connects (with the TLS handshake first when implicitTls) and resolves after the +OK greeting. */
  static async connect(options: Pop3ClientOptions): Promise<Pop3Client> {
    const socket = options.implicitTls
      ? tls.connect({ ...serverName(options.host), ...options.tlsOptions, host: options.host, port: options.port })
      : net.connect({ host: options.host, port: options.port });
    const client = new Pop3Client(socket, options);
    if (options.implicitTls) client.keepSession(socket as tls.TLSSocket);
    try {
      const greeting = await client.request({ label: 'greeting', multiline: false });
      client.greeting = greeting.status;
      client.apopTimestamp = apopTimestampOf(greeting.status);
      return client;
    } catch (error) {
      client.destroy();
      throw error;
    }
  }

  /**
   * STLS (RFC 2595 4): asks the server to start TLS, runs the handshake on this connection and
   * checks the certificate (with `tlsOptions`). The client then asks CAPA again, as RFC 2595
   * requires of it: what was said in plaintext may have been tampered with. Rejects with the
   * server's -ERR, or CLOSED when the handshake fails.
   */
  stls(): Promise<void> {
    return this.operation(async () => {
      if (this.encrypted) throw new Pop3Error('PROTOCOL', 'the connection is already encrypted');
      await this.request({ label: 'STLS', line: 'STLS', multiline: false });
      await this.upgrade();
    });
  }

  /** Swaps the plain socket for a TLS socket over it; bytes the server sent before the handshake would be an injection. */
  private upgrade(): Promise<void> {
    const plain = this.socket;
    plain.off('data', this.onSocketData);
    plain.off('timeout', this.onSocketTimeout);
    plain.off('close', this.onSocketClose);
    plain.setTimeout(0);
    return new Promise((resolve, reject) => {
      const secure = tls.connect({ ...serverName(this.options.host), ...this.options.tlsOptions, socket: plain, host: this.options.host });
      secure.setTimeout(this.timeoutMs);
      this.keepSession(secure);
      const failed = (error: Error): void => {
        this.fail(new Pop3Error('CLOSED', `TLS handshake failed: ${error.message}`));
        reject(this.failure);
      };
      secure.once('error', failed);
      secure.once('secureConnect', () => {
        secure.off('error', failed);
        secure.setTimeout(0);
        this.socket = secure;
        this.encrypted = true;
        this.closed = this.listen(secure);
        resolve();
      });
    });
  }

  private keepSession(socket: tls.TLSSocket): void {
    socket.on('session', (session: Buffer) => (this.tlsSession = session));
  }

  capa(): Promise<string[]> {
    return this.operation(async () => {
      const response = await this.request({ label: 'CAPA', line: 'CAPA', multiline: true });
      return response.lines.map((line) => line.toString('utf8'));
    });
  }

  /** USER then PASS (RFC 1939 7), as one queued operation so no other call slips in between. */
  login(user: string, password: string): Promise<void> {
    return this.operation(async () => {
      const userLine = `USER ${checkArgument(user)}`;
      const passLine = `PASS ${checkArgument(password)}`;
      await this.request({ label: 'USER', line: userLine, multiline: false });
      await this.request({ label: 'PASS', line: passLine, transcript: `PASS ${MASK}`, multiline: false });
    });
  }

  /** APOP with the digest of the greeting's timestamp; the password never crosses the wire. */
  apop(user: string, password: string): Promise<void> {
    return this.operation(async () => {
      const timestamp = this.apopTimestamp;
      if (timestamp === undefined) throw new Pop3Error('PROTOCOL', 'the server greeting offered no APOP timestamp');
      const name = checkArgument(user);
      const line = `APOP ${name} ${apopDigest(timestamp, password)}`;
      await this.request({ label: 'APOP', line, transcript: `APOP ${name} ${MASK}`, multiline: false });
    });
  }

  stat(): Promise<{ count: number; size: number }> {
    return this.operation(async () => parseStat(await this.request({ label: 'STAT', line: 'STAT', multiline: false })));
  }

  list(): Promise<{ number: number; size: number }[]> {
    return this.operation(async () => parseListing(await this.request({ label: 'LIST', line: 'LIST', multiline: true })));
  }

  uidl(): Promise<{ number: number; uid: string }[]> {
    return this.operation(async () => parseUidListing(await this.request({ label: 'UIDL', line: 'UIDL', multiline: true })));
  }

  /** The message, dot-unstuffed, CRLF line endings, without the terminating ".CRLF". */
  retr(n: number): Promise<Buffer> {
    return this.operation(async () => {
      const line = `RETR ${checkNumber(n)}`;
      return joinLines((await this.request({ label: 'RETR', line, multiline: true, summarize: true })).lines);
    });
  }

  /** Headers, blank line and `lines` body lines, in the same form as retr(). */
  top(n: number, lines: number): Promise<Buffer> {
    return this.operation(async () => {
      const line = `TOP ${checkNumber(n)} ${checkNumber(lines)}`;
      return joinLines((await this.request({ label: 'TOP', line, multiline: true, summarize: true })).lines);
    });
  }

  dele(n: number): Promise<void> {
    return this.simple('DELE', () => `DELE ${checkNumber(n)}`);
  }

  rset(): Promise<void> {
    return this.simple('RSET', () => 'RSET');
  }

  noop(): Promise<void> {
    return this.simple('NOOP', () => 'NOOP');
  }

  /** Sends QUIT, waits for +OK (the server has committed deletions by then) and for the close. */
  quit(): Promise<void> {
    return this.operation(async () => {
      const acknowledged = this.request({ label: 'QUIT', line: 'QUIT', multiline: false });
      this.quitSent = true;
      // RFC 1939 6: the server closes even after "-ERR some deleted messages not removed".
      const failure = await acknowledged.then(
        () => undefined,
        (error: unknown) => error,
      );
      this.socket.end();
      // Still bounded: if the server never closes, the socket timeout destroys the socket.
      this.socket.setTimeout(this.timeoutMs);
      await this.closed;
      if (failure !== undefined) throw failure;
    });
  }

  /** Drops the connection without QUIT (a phone losing signal): the server must delete nothing. */
  destroy(): void {
    this.fail(new Pop3Error('CLOSED', 'connection destroyed by the client'));
  }

  /**
   * Runs public calls one after another: a call starts only when the previous one settled, so a
   * composite call (login = USER + PASS) is never interleaved and one command is in flight at a time.
   */
  private operation<T>(run: () => Promise<T>): Promise<T> {
    const result = this.tail.then(run);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** A single-line command whose +OK carries nothing the caller needs. */
  private simple(label: string, line: () => string): Promise<void> {
    return this.operation(async () => {
      await this.request({ label, line: line(), multiline: false });
    });
  }

  /** Sends one command (or awaits the greeting) and resolves with its complete response. */
  private request(spec: RequestSpec): Promise<Pop3Response> {
    if (this.failure || this.quitSent) {
      const reason = this.failure ? this.failure.message : 'QUIT was sent';
      return Promise.reject(new Pop3Error('CLOSED', `${spec.label}: connection is closed (${reason})`));
    }
    return new Promise((resolve, reject) => {
      this.active = { request: { ...spec, resolve, reject }, assembler: new ResponseAssembler(spec.multiline), octets: 0 };
      // Inactivity timer only while a response is due: an idle connection between calls is fine.
      this.socket.setTimeout(this.timeoutMs);
      if (spec.line !== undefined) {
        this.wire('C', spec.transcript ?? spec.line);
        this.socket.write(spec.line + '\r\n');
      }
    });
  }

  private onData(chunk: Buffer): void {
    for (const event of this.reader.push(chunk)) {
      if (this.failure) return;
      if (event.kind === 'line') this.onLine(event.bytes);
    }
  }

  private onLine(line: Buffer): void {
    const active = this.active;
    if (!active) {
      this.wire('S', printable(line.toString('utf8'), Number.POSITIVE_INFINITY));
      this.fail(new Pop3Error('PROTOCOL', 'the server sent a line nobody asked for'));
      return;
    }
    const isStatus = !active.assembler.inBody;
    let response: Pop3Response | undefined;
    try {
      response = active.assembler.push(line);
    } catch (error) {
      this.wire('S', printable(line.toString('utf8'), Number.POSITIVE_INFINITY));
      this.fail(error instanceof Pop3Error ? error : new Pop3Error('PROTOCOL', String(error)));
      return;
    }
    this.transcribe(active, line, isStatus, response !== undefined);
    if (!response) return;
    this.active = undefined;
    this.socket.setTimeout(0);
    const { request } = active;
    if (response.ok) request.resolve(response);
    else request.reject(new Pop3Error('ERR', `${request.label} failed: ${response.status}`, response.status, response.respCode));
  }

  private transcribe(active: Active, line: Buffer, isStatus: boolean, complete: boolean): void {
    if (isStatus) return this.wire('S', printable(line.toString('utf8'), Number.POSITIVE_INFINITY));
    if (complete) {
      if (active.request.summarize) this.wire('S', `<${active.octets} octets>`);
      return this.wire('S', '.');
    }
    if (active.request.summarize) active.octets += line.length - (line[0] === 0x2e ? 1 : 0) + 2;
    else this.wire('S', printable(line.toString('utf8'), Number.POSITIVE_INFINITY));
  }

  /** Rejects the call in flight with `error`; later calls get CLOSED. Drops the socket. */
  private fail(error: Pop3Error): void {
    if (this.failure) return;
    this.failure = error;
    const active = this.active;
    this.active = undefined;
    active?.request.reject(error);
    if (!this.socket.destroyed) this.socket.destroy();
  }

  private wire(direction: Direction, text: string): void {
    this.options.onWire?.({ protocol: 'pop3', connection: this.options.connectionId ?? 1, direction, text });
  }
}

/** SNI names a host, never an address (RFC 6066 3); node warns when given an IP. */
function serverName(host: string): { servername?: string } {
  return net.isIP(host) === 0 ? { servername: host } : {};
}

/**
 * Refuses CR, LF and NUL in arguments: they would end the command line early (command injection).
 * A RangeError, not a Pop3Error: it is the caller's bug, and nothing was sent.
 */
function checkArgument(value: string): string {
  if (/[\r\n\0]/.test(value)) throw new RangeError('POP3 argument contains CR, LF or NUL');
  return value;
}

/** Message numbers and line counts: non-negative integers (0 is sent, for the server to refuse). */
function checkNumber(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a POP3 message number or line count: ${value}`);
  return value;
}
