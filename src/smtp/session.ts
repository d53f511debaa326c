import type net from 'node:net';
import type tls from 'node:tls';
import type { LoginThrottle } from '../protocol/login-throttle.js';
import type { OctetBudget } from '../protocol/octet-budget.js';
import { OutputBatch } from '../protocol/output-batch.js';
import type { TimerHandle, Timers } from '../protocol/timers.js';
import { MASK, octetsSummary, type Direction, type WireListener } from '../protocol/transcript.js';
import { serverHandshake } from '../tls/handshake.js';
import { bodyBytes, dropOctets, emptyBody, SmtpInput, type MessageBody } from './input.js';
import { CLOSE_LINGER_MS, IDLE_TIMEOUT_MS, MESSAGE_STALL_TIMEOUT_MS, MAX_BAD_COMMANDS, MAX_BDAT_SIZE_DIGITS, MAX_COMMAND_LINE_OCTETS, MAX_FAILED_LOGINS, MAX_OUTPUT_BATCH_BYTES, MAX_RECIPIENTS, MAX_UNREAD_REPLY_BYTES } from './limits.js';
import { parsePath, type PathParameters } from './paths.js';

/** A reply: its code, its enhanced status code (RFC 3463; none for 3xx, the greeting and EHLO/HELO's 250, RFC 2034) and its lines. */
export interface SmtpReply {
  readonly code: number;
  readonly status?: string;
  readonly lines: readonly string[];
}

export function reply(code: number, status: string | undefined, ...lines: string[]): SmtpReply {
  return status === undefined ? { code, lines } : { code, status, lines };
}

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

interface Transaction {
  readonly from: string;
  readonly recipients: string[];
  /** BDAT chunks received so far (RFC 3030); DATA may then not follow. */
  body?: MessageBody;
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

/** An AUTH exchange waiting for the client's next line. */
type SaslStep = { readonly mechanism: 'PLAIN' } | { readonly mechanism: 'LOGIN'; readonly user?: string };

const COMMANDS = new Set(['EHLO', 'HELO', 'MAIL', 'RCPT', 'DATA', 'BDAT', 'RSET', 'NOOP', 'QUIT', 'VRFY', 'EXPN', 'HELP', 'AUTH', 'STARTTLS']);
/** Commands a client may give before EHLO or HELO. */
const BEFORE_HELO = new Set(['EHLO', 'HELO', 'RSET', 'NOOP', 'QUIT', 'VRFY', 'EXPN', 'HELP']);
/** Command lines must be UTF-8 (RFC 6531 3.3): a lone 0xff in an address would otherwise become U+FFFD. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });
/** SASL mechanism names a transcript may show after AUTH (anything else there could be a credential). */
const MECHANISM = /^(?:PLAIN|LOGIN|CRAM-MD5|DIGEST-MD5|XOAUTH2|OAUTHBEARER|GSSAPI|NTLM|EXTERNAL|ANONYMOUS|SCRAM-SHA-[0-9]+(?:-PLUS)?)$/i;
const SEND_HELO_FIRST = reply(503, '5.5.1', 'Error: send HELO/EHLO first');
/** AUTH, BDAT and STARTTLS are extensions: a client that greeted with HELO may not use them (RFC 5321 2.2.1). */
const NEEDS_EHLO = reply(503, '5.5.1', 'Error: this is an ESMTP extension: greet with EHLO, not HELO');
/** BDAT's arguments: a chunk size, then LAST for the last chunk (RFC 3030 2). */
const BDAT_ARGS = /^ *(\d+)(?: +(LAST))? *$/i;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * One SMTP connection (RFC 5321, with PIPELINING, SIZE, 8BITMIME, SMTPUTF8, ENHANCEDSTATUSCODES,
 * CHUNKING, AUTH PLAIN and LOGIN, STARTTLS): reads commands and message data from the socket,
 * answers each in order, and hands whole messages to the service. Replies of one turn go out in
 * one write; a client that stops reading them stops being read.
 */
export class SmtpSession {
  private readonly input = new SmtpInput(MAX_COMMAND_LINE_OCTETS);
  private reading: Reading = { kind: 'commands' };
  private heloName?: string;
  private extended = false;
  private user?: string;
  private transaction?: Transaction;
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
    const body = reading.kind === 'data' ? reading.body : reading.kind === 'chunk' ? reading.chunk.body : this.transaction?.body;
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
    // A line that is no command right after a refused AUTH is likely the SASL answer the client
    // pipelined behind it: never shown.
    const saslLine = this.saslLineMayFollow && !COMMANDS.has(verb);
    this.saslLineMayFollow = false;
    // Masked by the first word, however spaced: " AUTH PLAIN <secret>" is refused, not shown.
    this.wire('C', saslLine ? MASK : /^\s*AUTH(?:\s|$)/i.test(text) ? maskAuth(text) : text);
    if (!COMMANDS.has(verb)) return this.refuse(reply(500, '5.5.2', 'Error: command not recognized'));
    // BDAT is let through: refused, its chunk must still be read (notReadyForData).
    if (this.heloName === undefined && !BEFORE_HELO.has(verb) && verb !== 'BDAT') {
      if (verb === 'AUTH') this.saslLineMayFollow = true;
      return this.send(SEND_HELO_FIRST);
    }
    switch (verb) {
      case 'EHLO':
      case 'HELO':
        return this.hello(verb, args);
      case 'MAIL':
        return this.mail(args);
      case 'RCPT':
        return this.rcpt(args);
      case 'DATA':
        return this.data(args);
      case 'BDAT':
        return this.bdat(args);
      case 'RSET':
        this.dropTransaction();
        return this.send(reply(250, '2.0.0', 'Flushed'));
      case 'NOOP':
        return this.send(reply(250, '2.0.0', 'OK'));
      case 'QUIT':
        this.send(reply(221, '2.0.0', 'Bye'));
        return this.close();
      case 'VRFY':
        // RFC 5321 3.5.3: a server that will not verify says so with 252 and still takes mail.
        if (args.trim() === '') return this.refuse(reply(501, '5.5.4', 'Error: Syntax: VRFY address'));
        return this.send(reply(252, '2.5.0', 'Cannot VRFY user, but will accept message and attempt delivery'));
      case 'EXPN':
        return this.send(reply(502, '5.5.1', 'Error: EXPN is not implemented'));
      case 'HELP':
        return this.send(reply(214, '2.0.0', 'See https://tools.ietf.org/html/rfc5321 for details'));
      case 'AUTH':
        return this.auth(args);
      case 'STARTTLS':
        return this.startTls(args);
    }
  }

  private hello(verb: 'EHLO' | 'HELO', args: string): void {
    const name = args.trim();
    if (name === '' || /\s/.test(name)) return this.refuse(reply(501, '5.5.4', `Error: Syntax: ${verb} hostname`));
    // EHLO and HELO reset the transaction (RFC 5321 4.1.4) but not a login.
    this.heloName = name.toLowerCase();
    this.extended = verb === 'EHLO';
    this.dropTransaction();
    const greeting = `${this.deps.host.hostname} Nice to meet you, [${this.socket.remoteAddress ?? 'unknown'}]`;
    if (verb === 'HELO') return this.send(reply(250, undefined, greeting));
    const keywords = ['PIPELINING', '8BITMIME', 'SMTPUTF8', 'ENHANCEDSTATUSCODES', 'CHUNKING'];
    // Where logins wait for TLS, AUTH is not offered before it (RFC 4954 4: no plaintext password
    // without protection), as Postfix with smtpd_tls_auth_only = yes ("do not announce or accept
    // SASL authentication over unencrypted connections", postconf(5)); asked anyway, it gets 538.
    if (this.user === undefined && !(this.deps.tls?.required && !this.secure)) keywords.push('AUTH PLAIN LOGIN');
    if (this.deps.tls && !this.secure) keywords.push('STARTTLS');
    keywords.push(`SIZE ${this.deps.host.maxMessageSize}`);
    this.send(reply(250, undefined, greeting, ...keywords));
  }

  private mail(args: string): void {
    if (this.transaction) return this.send(reply(503, '5.5.1', 'Error: nested MAIL command'));
    const parsed = parsePath(args, 'FROM');
    if (!parsed) return this.refuse(reply(501, '5.1.7', 'Error: Bad sender address syntax'));
    const problem = this.mailParameters(parsed.parameters);
    if (problem) return this.send(problem);
    this.transaction = { from: parsed.address, recipients: [] };
    this.send(reply(250, '2.1.0', 'Accepted'));
  }

  /** MAIL FROM's parameters: SIZE (RFC 1870), BODY (RFC 6152), SMTPUTF8 (RFC 6531), AUTH (RFC 4954 5). */
  private mailParameters(parameters: PathParameters): SmtpReply | undefined {
    for (const [key, value] of parameters) {
      switch (key) {
        case 'SIZE':
          if (value === undefined || !/^\d{1,20}$/.test(value)) return reply(501, '5.5.4', 'Error: Bad SIZE parameter');
          if (Number(value) > this.deps.host.maxMessageSize) return reply(552, '5.3.4', `Error: message exceeds fixed maximum message size ${this.deps.host.maxMessageSize}`);
          break;
        case 'BODY':
          if (value === undefined || !['7BIT', '8BITMIME', 'BINARYMIME'].includes(value.toUpperCase())) return reply(501, '5.5.4', 'Error: BODY takes 7BIT or 8BITMIME');
          // BINARYMIME (RFC 3030 3) is only for BDAT; it is not offered, so not accepted.
          if (value.toUpperCase() === 'BINARYMIME') return reply(555, '5.5.4', 'Error: BODY=BINARYMIME is not supported');
          break;
        case 'SMTPUTF8':
          if (value !== undefined) return reply(501, '5.5.4', 'Error: SMTPUTF8 takes no value');
          break;
        case 'AUTH':
          // Who the message was submitted by, for relaying servers; nothing to do with it here.
          break;
        default:
          return reply(555, '5.5.4', `Error: MAIL FROM parameter ${key} is not supported`);
      }
    }
    return undefined;
  }

  private rcpt(args: string): void {
    const transaction = this.transaction;
    if (!transaction) return this.send(reply(503, '5.5.1', 'Error: need MAIL command'));
    const parsed = parsePath(args, 'TO');
    if (!parsed || parsed.address === '') return this.refuse(reply(501, '5.1.3', 'Error: Bad recipient address syntax'));
    const [key] = [...parsed.parameters.keys()];
    if (key !== undefined) return this.send(reply(555, '5.5.4', `Error: RCPT TO parameter ${key} is not supported`));
    if (transaction.recipients.length >= MAX_RECIPIENTS) return this.send(reply(452, '4.5.3', `Too many recipients (at most ${MAX_RECIPIENTS})`));
    const refusal = this.deps.host.refuseRecipient(parsed.address, this.user !== undefined);
    if (refusal) return this.send(refusal);
    // The same address twice (in any case) is one recipient: it gets the message once.
    const lower = parsed.address.toLowerCase();
    if (!transaction.recipients.some((r) => r.toLowerCase() === lower)) transaction.recipients.push(parsed.address);
    this.send(reply(250, '2.1.5', 'Accepted'));
  }

  /** Why the transaction cannot take a message now, or undefined when it can. */
  private notReadyForData(chunked = false): SmtpReply | undefined {
    if (this.heloName === undefined) return SEND_HELO_FIRST;
    // BDAT is an extension (RFC 3030): offered after EHLO only.
    if (chunked && !this.extended) return NEEDS_EHLO;
    if (!this.transaction) return reply(503, '5.5.1', 'Error: need MAIL command');
    // RFC 2920 3.1: when every RCPT of a pipelined group failed, DATA is answered 554.
    if (this.transaction.recipients.length === 0) return reply(554, '5.5.1', 'Error: no valid recipients');
    return undefined;
  }

  private data(args: string): void {
    if (args.trim() !== '') return this.refuse(reply(501, '5.5.4', 'Error: Syntax: DATA'));
    const notReady = this.notReadyForData();
    if (notReady) return this.send(notReady);
    if (this.transaction!.body) return this.send(reply(503, '5.5.1', 'Error: DATA cannot follow BDAT in one transaction (RFC 3030)'));
    this.send(reply(354, undefined, 'End data with <CR><LF>.<CR><LF>'));
    this.input.startData();
    this.reading = { kind: 'data', body: emptyBody() };
  }

  /** BDAT <size> [LAST] (RFC 3030 2): the chunk follows the command line at once. */
  private bdat(args: string): void {
    const match = BDAT_ARGS.exec(args);
    if (!match) {
      // Without a size there is no telling where the chunk ends: what follows is read as commands.
      return this.refuse(reply(501, '5.5.4', 'Error: Syntax: BDAT size [LAST]'));
    }
    // Leading zeros are allowed (chunk-size = 1*DIGIT); a size past any we could count is not.
    const digits = match[1]!.replace(/^0+(?=\d)/, '');
    if (digits.length > MAX_BDAT_SIZE_DIGITS) {
      this.send(reply(421, '4.7.0', `${this.deps.host.hostname} Error: BDAT size too large to read past`));
      return this.close();
    }
    const size = Number(digits);
    const last = match[2] !== undefined;
    const notReady = this.notReadyForData(true);
    // The chunk is read either way: its octets are not commands.
    const chunk: Chunk = notReady ? { size, left: size, last, body: undefined, refusal: notReady } : { size, left: size, last, body: (this.transaction!.body ??= emptyBody()), refusal: undefined };
    if (chunk.left === 0) return this.finishChunk(chunk);
    this.reading = { kind: 'chunk', chunk };
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
    this.transaction = undefined;
    this.release();
  }

  /** The whole message is here: stored for the transaction's recipients, or refused. */
  private finishMessage(body: MessageBody): void {
    const transaction = this.transaction!;
    this.dropTransaction();
    if (body.tooBig) return this.send(this.refusalOf(body));
    const text = this.deps.host.deliver(transaction.from, transaction.recipients, bodyBytes(body), this.facts());
    this.send(reply(250, '2.0.0', text));
  }

  private facts(): SessionFacts {
    // RFC 3848 names SMTP (HELO) and ESMTP, ESMTPS, ESMTPA, ESMTPSA (EHLO, with TLS, with AUTH).
    const type = this.extended ? `ESMTP${this.secure ? 'S' : ''}${this.user !== undefined ? 'A' : ''}` : 'SMTP';
    return { connection: this.connection, remoteAddress: this.socket.remoteAddress ?? '', heloName: this.heloName ?? 'unknown', transmissionType: type, user: this.user };
  }

  /** AUTH <mechanism> [initial-response] (RFC 4954 4). */
  private auth(args: string): void {
    const [mechanismWord = '', initial, ...rest] = args.trim().split(/ +/);
    const word = mechanismWord.toUpperCase();
    const mechanism = word === 'PLAIN' || word === 'LOGIN' ? word : undefined;
    const refused = this.refusedAuth(mechanism, rest.length > 0);
    if (refused || mechanism === undefined) {
      this.saslLineMayFollow = true;
      return this.send(refused ?? reply(504, '5.5.4', 'Error: unrecognized authentication type'));
    }
    if (initial === undefined) {
      this.sasl = { mechanism };
      // RFC 4954 4: an empty challenge for PLAIN; LOGIN asks "Username:" (base64).
      return this.send(reply(334, undefined, mechanism === 'PLAIN' ? '' : 'VXNlcm5hbWU6'));
    }
    this.saslAnswer({ mechanism }, initial, true);
  }

  /** Why AUTH is refused before its exchange begins, or undefined. */
  private refusedAuth(mechanism: 'PLAIN' | 'LOGIN' | undefined, extraWords: boolean): SmtpReply | undefined {
    if (!this.extended) return NEEDS_EHLO;
    if (this.user !== undefined) return reply(503, '5.5.1', 'Error: already authenticated');
    if (this.transaction) return reply(503, '5.5.1', 'Error: AUTH is not allowed during a mail transaction');
    if (this.deps.tls?.required && !this.secure) return reply(538, '5.7.11', 'Error: encryption required; issue STARTTLS first');
    if (mechanism === undefined) return reply(504, '5.5.4', 'Error: unrecognized authentication type');
    if (extraWords) return reply(501, '5.5.4', 'Error: Syntax: AUTH mechanism [initial-response]');
    return undefined;
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
    this.user = account;
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

  /** STARTTLS (RFC 3207): the 220 is the last plaintext; then a new session over TLS. */
  private startTls(args: string): void {
    const tlsOptions = this.deps.tls;
    if (!tlsOptions) return this.send(reply(502, '5.5.1', 'Error: STARTTLS is not offered on this port'));
    if (this.secure) return this.send(reply(503, '5.5.1', 'Error: TLS already active'));
    if (!this.extended) return this.send(NEEDS_EHLO);
    if (args.trim() !== '') return this.refuse(reply(501, '5.5.4', 'Error: Syntax: STARTTLS'));
    this.send(reply(220, '2.0.0', 'Ready to start TLS'));
    this.output.flush();
    // RFC 3207 4.2: forget everything said before; what the client sent behind STARTTLS, in
    // plaintext, is dropped unread (it could have been put there by someone in the middle).
    this.input.discard();
    this.heloName = undefined;
    this.extended = false;
    this.user = undefined;
    this.dropTransaction();
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
