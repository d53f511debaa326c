import type net from 'node:net';
import type tls from 'node:tls';
import type { LoginThrottle } from '../protocol/login-throttle.js';
import type { OctetBudget } from '../protocol/octet-budget.js';
import { OutputBatch } from '../protocol/output-batch.js';
import type { TimerHandle, Timers } from '../protocol/timers.js';
import { MASK, octetsSummary, type Direction, type WireListener } from '../protocol/transcript.js';
import { serverHandshake } from '../tls/handshake.js';
import { bodyBytes, dropOctets, emptyBody, SmtpInput, type MessageBody } from './input.js';
import type { Greeted, SaslStep, SmtpContext, SmtpState } from './command.js';
import { COMMANDS } from './commands/registry.js';
import { NEED_MAIL, SEND_HELO_FIRST } from './commands/replies.js';
import { CLOSE_LINGER_MS, IDLE_TIMEOUT_MS, MESSAGE_STALL_TIMEOUT_MS, MAX_BAD_COMMANDS, MAX_COMMAND_LINE_OCTETS, MAX_FAILED_LOGINS, MAX_OUTPUT_BATCH_BYTES, MAX_UNREAD_REPLY_BYTES } from './limits.js';
import { reply, type SmtpReply } from './reply.js';

/** What a session knows of its client when it hands a message over. */
export interface SessionFacts {
  /** The connection's number (transcripts, the Received id). */
  readonly connection: number;
  readonly remoteAddress: string;
  /** The EHLO/HELO name, lowercased. */
  readonly heloName: string;
  /** RFC 3848's "with" keyword: SMTP, ESMTP, ESMTPS, ESMTPA or ESMTPSA. */
  readonly transmissionType: string;
  /** The authenticated account's address. */
  readonly user?: string | undefined;
}

/** What the session asks of the service: accounts, recipients and the store. */
export interface SmtpHost {
  readonly hostname: string;
  readonly maxMessageSize: number;
  /** The account address for a user name and password, or undefined. */
  authenticate(user: string, password: string): string | undefined;
  /** Why RCPT TO `address` is refused, or undefined to accept it. */
  refuseRecipient(address: string, authenticated: boolean): SmtpReply | undefined;
  /** Stores a message; returns the text of the 250 reply. */
  deliver(from: string, recipients: readonly string[], body: Buffer, facts: SessionFacts): string;
}

export interface SmtpSessionDeps {
  readonly host: SmtpHost;
  readonly timers: Timers;
  /** Holds failed-AUTH replies per remote address; none means no delay. */
  readonly throttle?: LoginThrottle | undefined;
  readonly onWire?: WireListener | undefined;
  /** STARTTLS on plaintext connections (RFC 3207), and whether AUTH waits for it. */
  readonly tls?: { readonly context: tls.SecureContext; readonly required: boolean } | undefined;
  /** The service's counters, which this session adds to. */
  readonly stats: { socketWrites: number };
  /** Message octets the whole service may hold while receiving (MAX_RECEIVING_OCTETS). */
  readonly receiving: OctetBudget;
}

/** The octets of a BDAT chunk still to read, and whether it is the last of its message. */
interface Chunk {
  readonly size: number;
  left: number;
  readonly last: boolean;
  /** Where its octets go; undefined when the chunk is refused and only skipped. */
  readonly body: MessageBody | undefined;
  /** The reply to give once it is read, when it is refused. */
  readonly refusal: SmtpReply | undefined;
}

type Reading = { readonly kind: 'commands' } | { readonly kind: 'data'; readonly body: MessageBody } | { readonly kind: 'chunk'; readonly chunk: Chunk };

/** Command lines must be UTF-8 (RFC 6531 3.3): a lone 0xff in an address would otherwise become U+FFFD. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });
/** SASL mechanism names a transcript may show after AUTH (anything else there could be a credential). */
const MECHANISM = /^(?:PLAIN|LOGIN|CRAM-MD5|DIGEST-MD5|XOAUTH2|OAUTHBEARER|GSSAPI|NTLM|EXTERNAL|ANONYMOUS|SCRAM-SHA-[0-9]+(?:-PLUS)?)$/i;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * One SMTP connection (RFC 5321, with PIPELINING, SIZE, 8BITMIME, SMTPUTF8, ENHANCEDSTATUSCODES,
 * CHUNKING, AUTH PLAIN and LOGIN, STARTTLS): reads commands and message data from the socket,
 * runs each command (commands/*.ts, through the registry) in order, and hands whole messages to
 * the service. The session owns the reading (lines, DATA text, BDAT chunks), the SASL exchange,
 * TLS, the bounds and the output; the commands decide what is said. Replies of one turn go out in
 * one write; a client that stops reading them stops being read.
 */
export class SmtpSession {
  private readonly input = new SmtpInput(MAX_COMMAND_LINE_OCTETS);
  private reading: Reading = { kind: 'commands' };
  private state: SmtpState = { kind: 'connected' };
  private sasl?: SaslStep;
  private badCommands = 0;
  private failedLogins = 0;
  /** Octets of the message being received that this session holds in the service's budget. */
  private reserved = 0;
  private secure: boolean;
  private closed = false;
  /** An AUTH was refused before its exchange began: a pipelined SASL answer may come next. */
  private saslLineMayFollow = false;
  /** A failed AUTH's reply is being held (LoginThrottle), or TLS is being set up: input waits. */
  private holding = false;
  /** Between STARTTLS's 220 and the end of the handshake: nothing may be written in plaintext. */
  private handshaking = false;
  /** Ends the connection when a message being received gains no octets for a while. */
  private stallTimer?: TimerHandle | undefined;
  private waitingForDrain = false;
  private readonly output = new OutputBatch(MAX_OUTPUT_BATCH_BYTES, (pieces) => this.writeOut(pieces));
  private readonly context: SmtpContext = this.makeContext();

  constructor(
    /** The plaintext socket until STARTTLS, then the TLS socket over it. */
    private socket: net.Socket,
    readonly connection: number,
    private readonly deps: SmtpSessionDeps,
  ) {
    this.secure = (socket as tls.TLSSocket).encrypted === true;
  }

  start(): void {
    this.listen(this.socket);
    // RFC 5321 4.2: "220 <domain> ..." greets; the text after the name is free.
    this.send(reply(220, undefined, `${this.deps.host.hostname} ESMTP mailsim ESMTP, relaying only for authenticated users`));
  }

  /** Server shutdown: RFC 5321 3.8 lets a server that must stop answer with 421 and close. */
  shutdown(): void {
    if (this.closed) return;
    // Mid-handshake there is no channel to say it on: the connection just goes.
    if (this.handshaking) {
      this.onGone();
      return void this.socket.destroy();
    }
    this.send(reply(421, '4.3.2', `${this.deps.host.hostname} shutting down`));
    this.close();
  }

  /**
   * Received octets not yet handled (RunningServer.usage()): the unfinished line or the few octets
   * of DATA not yet judged; a message being received is counted from its first octet.
   */
  get bufferedInputBytes(): number {
    const reading = this.reading;
    const body = reading.kind === 'data' ? reading.body : reading.kind === 'chunk' ? reading.chunk.body : this.state.kind === 'greeted' ? this.state.transaction?.body : undefined;
    return this.input.buffered + (body?.tooBig ? 0 : (body?.octets ?? 0));
  }

  private listen(socket: net.Socket): void {
    socket.setTimeout(IDLE_TIMEOUT_MS);
    socket.on('timeout', this.onTimeout);
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    // A reset or a write error is a dropped connection: a message not yet whole is not delivered.
    socket.on('error', this.onGone);
    socket.on('close', this.onGone);
  }

  private readonly onTimeout = (): void => {
    // Closed already, and the client never closed its side: let the connection go.
    if (this.closed) return void this.socket.destroy();
    this.send(reply(421, '4.4.2', `${this.deps.host.hostname} Error: timeout exceeded`));
    this.close();
  };

  private readonly onData = (chunk: Buffer): void => {
    if (this.closed) return;
    this.input.push(chunk);
    this.pump();
  };

  private readonly onEnd = (): void => {
    // What the client sent before its end is answered; a reply held for a failed AUTH's delay is
    // not (our side ends with the client's: the listener does not keep half-open sockets).
    this.pump();
    this.close();
  };

  private readonly onGone = (): void => {
    this.closed = true;
    this.input.discard();
    this.dropTransaction();
  };

  /** Handles what has arrived, in order, until it runs out or the session must wait. */
  private pump(): void {
    while (!this.closed && !this.holding) {
      // Replies the client has not read pile up no further: the rest waits in the input (and,
      // with the socket paused, in the client's buffers).
      if (this.socket.writableLength + this.output.size > MAX_UNREAD_REPLY_BYTES) {
        this.output.flush();
        if (this.socket.writableLength > 0) return this.waitForDrain();
      }
      const reading = this.reading;
      if (reading.kind === 'data') {
        const done = this.input.data(reading.body, this.deps.host.maxMessageSize);
        this.reserve(reading.body);
        if (!done) break;
        this.wire('C', octetsSummary(reading.body.octets));
        this.reading = { kind: 'commands' };
        this.finishMessage(reading.body);
        continue;
      }
      if (reading.kind === 'chunk') {
        const { chunk } = reading;
        chunk.left -= this.input.octets(chunk.left, chunk.body, this.deps.host.maxMessageSize);
        this.reserve(chunk.body);
        if (chunk.left > 0) break;
        this.reading = { kind: 'commands' };
        this.finishChunk(chunk);
        continue;
      }
      const line = this.input.line();
      if (!line) break;
      if (line.kind === 'overflow') {
        this.wire('C', `<over-long line discarded, ${line.octets} octets>`);
        this.sasl = undefined;
        this.refuse(reply(500, '5.5.6', `Error: line too long (limit ${MAX_COMMAND_LINE_OCTETS} octets)`));
        continue;
      }
      this.handleBytes(line.bytes);
    }
  }

  private handleBytes(bytes: Buffer): void {
    let text: string;
    try {
      text = UTF8.decode(bytes);
    } catch {
      // Inside an AUTH exchange (or right after a refused AUTH) the line may be a credential.
      const secret = this.sasl !== undefined || this.saslLineMayFollow;
      this.sasl = undefined;
      this.saslLineMayFollow = false;
      this.wire('C', secret ? MASK : bytes.toString('latin1').replace(/[^\x20-\x7e]/g, '?'));
      return this.refuse(reply(500, '5.5.2', 'Error: command line is not valid UTF-8'));
    }
    this.handleLine(text);
  }

  private handleLine(text: string): void {
    if (this.sasl) return this.saslAnswer(this.sasl, text);
    const space = text.indexOf(' ');
    const verb = (space === -1 ? text : text.slice(0, space)).toUpperCase();
    const args = space === -1 ? '' : text.slice(space + 1);
    const command = COMMANDS.get(verb);
    // A line that is no command right after a refused AUTH is likely the SASL answer the client
    // pipelined behind it: never shown.
    const saslLine = this.saslLineMayFollow && !command;
    this.saslLineMayFollow = false;
    // Masked by the first word, however spaced: " AUTH PLAIN <secret>" is refused, not shown.
    this.wire('C', saslLine ? MASK : /^\s*AUTH(?:\s|$)/i.test(text) ? maskAuth(text) : text);
    if (!command) return this.refuse(reply(500, '5.5.2', 'Error: command not recognized'));
    if (this.state.kind === 'connected' && !command.beforeHello) {
      if (verb === 'AUTH') this.saslLineMayFollow = true;
      return this.send(SEND_HELO_FIRST);
    }
    command.handle(this.context, args);
  }

  /** What commands see of the session (commands/*.ts). */
  private makeContext(): SmtpContext {
    // The getters read the live session: state, security and socket change over a connection.
    const session = this;
    return {
      get state() {
        return session.state;
      },
      setState: (next) => {
        this.state = next;
      },
      get host() {
        return session.deps.host;
      },
      get secure() {
        return session.secure;
      },
      get tls() {
        return session.deps.tls;
      },
      get remoteAddress() {
        return session.socket.remoteAddress ?? '';
      },
      send: (answer) => this.send(answer),
      refuse: (answer) => this.refuse(answer),
      close: () => this.close(),
      dropTransaction: () => this.dropTransaction(),
      readData: () => {
        this.input.startData();
        this.reading = { kind: 'data', body: emptyBody() };
      },
      readChunk: (size, last, refusal) => {
        const transaction = this.state.kind === 'greeted' ? this.state.transaction : undefined;
        const body = refusal || !transaction ? undefined : (transaction.body ??= emptyBody());
        const chunk: Chunk = { size, left: size, last, body, refusal: body ? undefined : (refusal ?? NEED_MAIL) };
        if (size === 0) return this.finishChunk(chunk);
        this.reading = { kind: 'chunk', chunk };
      },
      awaitSasl: (step) => {
        this.sasl = step;
      },
      saslAnswer: (step, text) => this.saslAnswer(step, text, true),
      expectSaslLine: () => {
        this.saslLineMayFollow = true;
      },
      startTls: () => this.startTls(),
    };
  }

  private finishChunk(chunk: Chunk): void {
    if (chunk.size > 0) this.wire('C', octetsSummary(chunk.size));
    const body = chunk.body;
    if (chunk.refusal || !body || body.tooBig) {
      // RFC 3030 2: a refused chunk fails its transaction, and the client sends no more chunks
      // of it; ended here, the next MAIL (already on its way behind the chunk) starts afresh.
      this.dropTransaction();
      return this.send(chunk.refusal ?? this.refusalOf(body!));
    }
    if (!chunk.last) return this.send(reply(250, '2.0.0', `${body.octets} octets received`));
    this.finishMessage(body);
  }

  /** Why a message that was not kept is refused: too big for us (552), or for now (452). */
  private refusalOf(body: MessageBody): SmtpReply {
    if (body.busy) return reply(452, '4.3.1', 'Insufficient system storage: the server is receiving too much mail at once, try again later');
    return reply(552, '5.3.4', `Message exceeds the size limit of ${this.deps.host.maxMessageSize} octets`);
  }

  /**
   * Keeps the server-wide bound: what the session holds of the message being received is reserved
   * in the service's budget; past it, the message is kept no more and will be refused with 452.
   */
  private reserve(body: MessageBody | undefined): void {
    if (!body) return;
    if (body.tooBig) return this.release();
    const more = body.octets - this.reserved;
    if (more <= 0) return;
    this.armStallTimer();
    if (this.deps.receiving.reserve(more)) {
      this.reserved += more;
      return;
    }
    dropOctets(body);
    body.busy = true;
    this.release();
  }

  private release(): void {
    this.deps.receiving.release(this.reserved);
    this.reserved = 0;
    this.stallTimer?.cancel();
    this.stallTimer = undefined;
  }

  /**
   * A message being received holds part of the server-wide budget, so it may not stall: no new
   * octets for MESSAGE_STALL_TIMEOUT_MS (NOOPs between BDAT chunks included) ends the connection.
   */
  private armStallTimer(): void {
    this.stallTimer?.cancel();
    this.stallTimer = this.deps.timers.after(MESSAGE_STALL_TIMEOUT_MS, () => {
      this.stallTimer = undefined;
      if (this.closed) return;
      this.send(reply(421, '4.4.2', `${this.deps.host.hostname} Error: the message stopped arriving`));
      this.close();
    });
  }

  /** Ends the mail transaction, and gives back what its message held. */
  private dropTransaction(): void {
    if (this.state.kind === 'greeted' && this.state.transaction) this.state = { ...this.state, transaction: undefined };
    this.release();
  }

  /** The whole message is here: stored for the transaction's recipients, or refused. */
  private finishMessage(body: MessageBody): void {
    const state = this.state;
    // DATA and BDAT are only read within a transaction (commands/data.ts, bdat.ts).
    if (state.kind !== 'greeted' || !state.transaction) return this.dropTransaction();
    const { transaction } = state;
    this.dropTransaction();
    if (body.tooBig) return this.send(this.refusalOf(body));
    const text = this.deps.host.deliver(transaction.from, transaction.recipients, bodyBytes(body), this.facts(state));
    this.send(reply(250, '2.0.0', text));
  }

  private facts(state: Greeted): SessionFacts {
    // RFC 3848 names SMTP (HELO) and ESMTP, ESMTPS, ESMTPA, ESMTPSA (EHLO, with TLS, with AUTH).
    const type = state.extended ? `ESMTP${this.secure ? 'S' : ''}${state.user !== undefined ? 'A' : ''}` : 'SMTP';
    return { connection: this.connection, remoteAddress: this.socket.remoteAddress ?? '', heloName: state.name, transmissionType: type, user: state.user };
  }

  /** A line of an AUTH exchange (or its initial response): never shown in the transcript. */
  private saslAnswer(step: SaslStep, text: string, initial = false): void {
    this.sasl = undefined;
    if (!initial) this.wire('C', MASK);
    if (text === '*') return this.send(reply(501, '5.0.0', 'Authentication cancelled'));
    // RFC 4954 4: "=" is an initial response of no octets.
    const encoded = initial && text === '=' ? '' : text;
    if (!BASE64.test(encoded)) return this.send(reply(501, '5.5.2', 'Error: cannot decode the response (not base64)'));
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    if (step.mechanism === 'LOGIN' && step.user === undefined) {
      this.sasl = { mechanism: 'LOGIN', user: decoded };
      return this.send(reply(334, undefined, 'UGFzc3dvcmQ6'));
    }
    let user: string;
    let password: string;
    if (step.mechanism === 'LOGIN') {
      user = step.user!;
      password = decoded;
    } else {
      // RFC 4616 2: [authzid] NUL authcid NUL passwd. Acting as another user is not offered.
      const parts = decoded.split('\0');
      if (parts.length !== 3 || (parts[0] !== '' && parts[0] !== parts[1])) return this.failedLogin();
      user = parts[1]!;
      password = parts[2]!;
    }
    const account = this.deps.host.authenticate(user, password);
    if (account === undefined) return this.failedLogin();
    if (this.state.kind === 'greeted') this.state = { ...this.state, user: account };
    this.send(reply(235, '2.7.0', 'Authentication successful'));
  }

  /** 535, held for the address's failed-login delay; what the client sent behind it waits. */
  private failedLogin(): void {
    const last = ++this.failedLogins >= MAX_FAILED_LOGINS;
    const answer = (): void => {
      this.send(reply(535, '5.7.8', 'Authentication credentials invalid'));
      if (!last) return;
      this.send(reply(421, '4.7.0', `${this.deps.host.hostname} Error: too many failed logins`));
      this.close();
    };
    const delay = this.deps.throttle?.failed(this.socket.remoteAddress) ?? 0;
    if (delay <= 0) return answer();
    this.holding = true;
    this.socket.pause();
    this.deps.timers.after(delay, () => {
      this.holding = false;
      if (this.closed) return;
      answer();
      if (this.closed) return;
      if (!this.waitingForDrain) this.socket.resume();
      this.pump();
    });
  }

  /** After STARTTLS's 220 (commands/starttls.ts), the last plaintext: then a new session over TLS. */
  private startTls(): void {
    const tlsOptions = this.deps.tls;
    if (!tlsOptions) return;
    this.output.flush();
    // RFC 3207 4.2: forget everything said before; what the client sent behind STARTTLS, in
    // plaintext, is dropped unread (it could have been put there by someone in the middle).
    this.input.discard();
    this.dropTransaction();
    this.state = { kind: 'connected' };
    const plain = this.socket;
    plain.off('data', this.onData);
    plain.off('end', this.onEnd);
    plain.off('timeout', this.onTimeout);
    plain.setTimeout(0);
    this.holding = true;
    this.handshaking = true;
    serverHandshake(
      plain,
      tlsOptions.context,
      (secure) => {
        this.holding = false;
        this.handshaking = false;
        if (this.closed) return void secure.destroy();
        this.socket = secure;
        this.secure = true;
        this.listen(secure);
      },
      () => this.onGone(),
    );
  }

  /** Answers a malformed or unknown command; too many of them end the connection (RFC 5321 4.3.2 421). */
  private refuse(answer: SmtpReply): void {
    this.send(answer);
    if (++this.badCommands < MAX_BAD_COMMANDS) return;
    this.send(reply(421, '4.7.0', `${this.deps.host.hostname} Error: too many bad commands`));
    this.close();
  }

  private send(answer: SmtpReply): void {
    const prefix = answer.status === undefined ? '' : `${answer.status} `;
    let text = '';
    answer.lines.forEach((line, i) => {
      const out = `${answer.code}${i === answer.lines.length - 1 ? ' ' : '-'}${prefix}${line}`.trimEnd();
      this.wire('S', out);
      text += `${answer.code === 334 ? out.padEnd(4) : out}\r\n`;
    });
    if (this.closed || this.socket.destroyed || this.socket.writableEnded) return;
    this.output.add([Buffer.from(text, 'utf8')]);
  }

  private writeOut(pieces: readonly Buffer[]): void {
    if (this.socket.destroyed || this.socket.writableEnded) return;
    this.deps.stats.socketWrites++;
    const room = this.socket.write(pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces));
    if (!room) this.waitForDrain();
  }

  /** Stops reading until the client has read our replies. */
  private waitForDrain(): void {
    if (this.waitingForDrain || this.socket.writableLength === 0) return;
    this.waitingForDrain = true;
    this.socket.pause();
    this.socket.once('drain', () => {
      this.waitingForDrain = false;
      if (this.closed) return;
      if (!this.holding) this.socket.resume();
      this.pump();
    });
  }

  /** After QUIT, 421 or the client's end: what is queued goes out, then our FIN. */
  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.input.discard();
    this.dropTransaction();
    this.output.flush();
    this.socket.end();
    // Read on (and ignore: onData) whatever still comes, so the client's own close is seen even
    // when the socket was paused (a held reply, unread replies).
    this.socket.resume();
    // A client that never closes its side would hold its connection slot for good: it gets a
    // little while to read the last reply, then the socket goes (onTimeout, once closed).
    this.socket.setTimeout(CLOSE_LINGER_MS);
  }

  private wire(direction: Direction, text: string): void {
    this.deps.onWire?.({ protocol: 'smtp', connection: this.connection, direction, text });
  }
}

/**
 * An AUTH line as the transcript shows it: the mechanism, never the initial response. Leading or
 * doubled spaces do not hide the credentials either.
 */
function maskAuth(line: string): string {
  const [verb = '', mechanism, ...rest] = line.trim().split(/\s+/);
  if (mechanism === undefined) return verb;
  // "AUTH <base64>" names no mechanism: the word could be the credential itself.
  if (!MECHANISM.test(mechanism)) return `${verb} ${MASK}`;
  return rest.length > 0 ? `${verb} ${mechanism} ${MASK}` : `${verb} ${mechanism}`;
}
