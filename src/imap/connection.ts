import type net from 'node:net';
import type tls from 'node:tls';
import type { LoginThrottle } from '../protocol/login-throttle.js';
import { printable } from '../protocol/printable.js';
import { OutputBatch } from '../protocol/output-batch.js';
import type { Timers, TimerHandle } from '../protocol/timers.js';
import { MASK, type TranscriptSink, type WireListener } from '../protocol/transcript.js';
import { serverHandshake } from '../tls/handshake.js';
import type { Clock } from '../sim/clock.js';
import { StoreError } from '../store/errors.js';
import type { Account } from '../store/account.js';
import type { MailStore } from '../store/store.js';
import { isCommandSteps, type CommandContext, type CommandSteps, type Completion, type LineHandler } from './command.js';
import { DeflateTransport, MAX_INFLATED_BACKLOG } from './compression.js';
import { ImapCommandError } from './errors.js';
import type { ImapFeatures } from './features.js';
import {
  AUTOLOGOUT_MS,
  CLOSING_GRACE_MS,
  LOGIN_TIMEOUT_MS,
  MAX_BUFFERED_INPUT_BYTES,
  MAX_LITERAL_BEFORE_LOGIN,
  MAX_OUTPUT_BATCH_BYTES,
  MAX_QUEUED_RESPONSES_BYTES,
  MAX_WORK_PER_TURN,
  STALLED_COMMAND_TIMEOUT_MS,
} from './limits.js';
import type { OctetBudget } from '../protocol/octet-budget.js';
import type { ResponseCache } from './response-cache.js';
import { searchUpdateResponses } from './search-context.js';
import { RunningCommand, type CommandPort } from './running-command.js';
import { ImapSession } from './session.js';
import { comparatorOf } from './sort/comparators.js';
import {
  CommandFramer,
  continuation,
  ImapSyntaxError,
  parseCommand,
  taggedStatusText,
  untaggedResponseChunks,
  untaggedStatusText,
  type CommandFrame,
  type FramerEvent,
  type LiteralLimit,
  type ParsedCommand,
  type ResponseCode,
  type WirePiece,
} from './syntax/index.js';
import { commandTraceLines, responseTraceLinesOf, secretCommandName } from './wire-trace.js';
import type { IdleNewsHold } from './idle-news.js';

export interface ConnectionOptions {
  readonly id: number;
  readonly store: MailStore;
  readonly clock: Clock;
  readonly hostname: string;
  /** What the server offers before login. */
  readonly features: ImapFeatures;
  /** What it offers an account once logged in. */
  readonly featuresFor: (account: Account) => ImapFeatures;
  readonly timers: Timers;
  /** Literal octets the whole service may be receiving at once. */
  readonly literals: OctetBudget;
  /** Holds failed-login replies per remote address; none means no delay. */
  readonly throttle?: LoginThrottle;
  /** Every line in and out, as it happens (`--trace`). */
  readonly onWire?: WireListener;
  /** The server's transcripts: lines in, and responses out as written (traced when read). */
  readonly transcripts?: TranscriptSink;
  /** A bug in a handler: the client got NO [SERVERBUG]; this is for the operator. */
  readonly onInternalError?: (error: unknown) => void;
  /** STARTTLS on this (plaintext) connection, and whether logins must wait for it. */
  readonly tls?: { readonly context: tls.SecureContext; readonly required: boolean };
  /** The service's cache of FETCH item text, shared by its connections. */
  readonly responseCache: ResponseCache;
  /** The service's counters, which this connection adds to. */
  readonly stats: OutputStats;
  /** Whether news for idling sessions waits (a scenario step delivering; see idle-news.ts). */
  readonly idleNews?: IdleNewsHold;
}

/** Counted by the connections of a service (usage() reports them). */
export interface OutputStats {
  /** Writes to sockets (or to the deflater): one per batch of responses, not one per response. */
  socketWrites: number;
}

/** What one connection holds right now (RunningServer.usage() adds them up). */
export interface ConnectionUsage {
  readonly bufferedInputBytes: number;
  readonly queuedOutputBytes: number;
  readonly literalBytes: number;
  readonly pendingChanges: number;
}

/** A command waiting for continuation lines (IDLE's DONE, AUTHENTICATE's response). */
interface Pending {
  readonly context: RunningCommand;
  readonly handler: LineHandler;
}

/** A command running in steps (FETCH); see CommandSteps. */
interface Stepping {
  readonly context: RunningCommand;
  readonly steps: CommandSteps;
}

/**
 * Why input is not being read: a command still running in steps, responses the client has not
 * taken, a failed login's reply being held. Input resumes when no reason is left.
 */
type Hold = 'command' | 'output' | 'delay';

/**
 * One IMAP connection: socket -> framer -> parser -> state and argument checks -> handler -> store,
 * and every response back. Handlers are synchronous, so commands run strictly in order and the
 * store never changes halfway through a response; FETCH runs in steps, each a whole message.
 *
 * Memory is bounded whatever the client does: the socket is paused (not only the framer) while
 * the session cannot take input, so unread commands stay in the client's buffers; responses wait
 * for the socket to drain; literals are capped per connection, before login and server-wide.
 */
export class ImapConnection {
  readonly session: ImapSession;
  private readonly framer: CommandFramer;
  private pending?: Pending;
  private closed = false;
  private readonly holds = new Set<Hold>();
  /** Literal octets reserved in the service's budget for the command being framed. */
  private reservedLiterals = 0;
  private stallTimer?: TimerHandle;
  private loginTimer?: TimerHandle;
  /** Set by a handler through context.loginFailed(); read when the command finishes. */
  private loginFailure?: { readonly giveUp: boolean };
  /**
   * After an AUTHENTICATE ended without a continuation exchange (an unsupported mechanism), a client
   * may still send the SASL lines it prepared: lines that are not a known command are then neither
   * traced nor echoed as a tag, since they carry the user name and password.
   */
  private saslLinesMayFollow = false;
  private readonly remoteAddress: string | undefined;
  /** COMPRESS=DEFLATE once negotiated (RFC 4978); before that the socket is used directly. */
  private compression?: DeflateTransport;
  private compressAfterReply = false;
  private startTlsAfterReply = false;
  /** Between STARTTLS's OK and the end of the handshake nothing may be written in plaintext. */
  private handshaking = false;
  /** Responses not yet handed to the socket: one write per turn (see OutputBatch). */
  private readonly output = new OutputBatch<WirePiece>(MAX_OUTPUT_BATCH_BYTES, (pieces) => this.writeOut(pieces));
  /** What every command's context reaches of this connection. */
  private readonly port: CommandPort = (() => {
    const connection = this;
    return {
      writeChunks: (chunks) => connection.writeChunks(chunks),
      write: (bytes) => connection.write(bytes),
      flushChanges: (allowExpunge) => connection.flushChanges(allowExpunge),
      get compressed() {
        return connection.compression !== undefined;
      },
      compressAfterReply: () => {
        connection.compressAfterReply = true;
      },
      startTlsAfterReply: () => {
        connection.startTlsAfterReply = true;
      },
      loginFailed: (giveUp) => {
        connection.loginFailure = { giveUp };
      },
    };
  })();

  constructor(
    /** The plaintext socket until STARTTLS, then the TLS socket over it. */
    private socket: net.Socket,
    private readonly options: ConnectionOptions,
  ) {
    this.remoteAddress = socket.remoteAddress;
    this.session = new ImapSession(options.id, options.features, options.featuresFor, () => this.onMailboxChange());
    const secure = (socket as tls.TLSSocket).encrypted === true;
    this.session.transport = { secure, startTls: options.tls !== undefined && !secure, tlsRequired: options.tls?.required ?? false };
    this.framer = new CommandFramer((event) => this.onFramerEvent(event), { admitLiteral: (size) => this.admitLiteral(size) });
    this.applyFramingRules();
    this.listen(socket);
  }

  private readonly onSocketData = (chunk: Buffer): void => (this.compression ? this.compression.receive(chunk) : this.onData(chunk));
  private readonly onSocketTimeout = (): void => {
    if (this.closed) this.socket.destroy();
    else this.bye('Autologout; idle for too long');
  };

  private listen(socket: net.Socket): void {
    socket.on('data', this.onSocketData);
    // A reset (ECONNRESET), a write to a closed peer (EPIPE): the session just ends.
    socket.on('error', () => this.shutdown());
    socket.on('close', () => this.shutdown());
    socket.setTimeout(AUTOLOGOUT_MS);
    socket.on('timeout', this.onSocketTimeout);
  }

  start(): void {
    this.write(untaggedStatusText('OK', `${this.options.hostname} mailsim IMAP4rev1 ready`, { code: 'CAPABILITY', capabilities: this.session.capabilities }));
    this.loginTimer = this.options.timers.after(LOGIN_TIMEOUT_MS, () => {
      if (!this.session.authenticated) this.bye('No login within 3 minutes; closing');
    });
  }

  /** Server shutdown (RFC 3501 7.1.5): BYE, then the listener ends the socket. */
  farewell(): void {
    if (this.closed) return;
    this.write(untaggedStatusText('BYE', 'Server shutting down'));
    this.shutdown();
  }

  usage(): ConnectionUsage {
    return {
      bufferedInputBytes: this.framer.bufferedBytes + this.framer.literalBytes,
      queuedOutputBytes: this.socket.writableLength + this.output.size,
      literalBytes: this.reservedLiterals,
      pendingChanges: this.session.selectedOrUndefined?.pendingCount ?? 0,
    };
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    this.guarded(() => this.framer.push(chunk));
    if (this.closed) return;
    if (this.framer.bufferedBytes > MAX_BUFFERED_INPUT_BYTES) return this.bye('Too much input while busy; closing');
    this.watchForStall();
  }

  /** A half-received command that gets no octet for STALLED_COMMAND_TIMEOUT_MS ends the session. */
  private watchForStall(): void {
    this.stallTimer?.cancel();
    this.stallTimer = undefined;
    if (!this.framer.midCommand || this.closed) return;
    this.stallTimer = this.options.timers.after(STALLED_COMMAND_TIMEOUT_MS, () => this.bye('Timed out waiting for the rest of the command'));
  }

  private admitLiteral(size: number): LiteralLimit | undefined {
    if (!this.session.authenticated && size > MAX_LITERAL_BEFORE_LOGIN) return 'LOGIN_REQUIRED';
    if (!this.options.literals.reserve(size)) return 'SERVER_BUSY';
    this.reservedLiterals += size;
    return undefined;
  }

  /** The command that reserved literal octets is done (run, refused or dropped). */
  private releaseLiterals(): void {
    this.options.literals.release(this.reservedLiterals);
    this.reservedLiterals = 0;
  }

  private onFramerEvent(event: FramerEvent): void {
    if (this.closed) return;
    switch (event.kind) {
      case 'command':
        try {
          return this.onCommand(event.frame);
        } finally {
          this.releaseLiterals();
          this.watchForStall();
        }
      case 'continuation':
        this.write(continuation('Ready for literal data'));
        return this.watchForStall();
      case 'literalRejected':
        this.releaseLiterals();
        return this.refuseLiteral(event.tag, event.size, event.limit);
      case 'nonSyncRefused':
        this.releaseLiterals();
        return this.reply(
          event.tag,
          'BAD',
          event.limit < 0 ? 'Non-synchronizing literals {n+} need LITERAL+, which this server does not offer' : `Non-synchronizing literals may be at most ${event.limit} octets (LITERAL-); send {${event.size}}`,
          { code: 'TOOBIG' },
        );
      case 'lineTooLong':
        this.releaseLiterals();
        return this.reply(event.tag, 'BAD', 'Line too long');
      case 'fatal':
        // The client sends a non-synchronizing literal's octets without waiting (RFC 7888): we
        // cannot refuse them except by closing.
        this.releaseLiterals();
        if (event.limit === 'LOGIN_REQUIRED') return this.bye(`Literals over ${MAX_LITERAL_BEFORE_LOGIN} octets need a login first`);
        if (event.tag) this.reply(event.tag, 'BAD', `Literal of ${event.size} octets is too large`);
        return this.bye('Literal too large; closing');
      case 'line':
        return this.onLine(event.line);
    }
  }

  /** A synchronizing literal over a limit: the client has not sent it and will not. */
  private refuseLiteral(tag: string | undefined, size: number, limit: LiteralLimit): void {
    switch (limit) {
      case 'TOO_MANY_LITERALS':
        return this.reply(tag, 'BAD', 'Too many literals in one command');
      case 'LOGIN_REQUIRED':
        // As Dovecot's imap-login: a literal this big before login is not a mail client.
        return this.bye(`Literals over ${MAX_LITERAL_BEFORE_LOGIN} octets need a login first`);
      case 'SERVER_BUSY':
        return this.reply(tag, 'NO', 'The server is receiving too much mail at once; try again shortly', { code: 'UNAVAILABLE' });
      case 'LITERAL_TOO_LARGE':
      case 'COMMAND_TOO_LARGE':
        return this.reply(tag, 'NO', `Literal of ${size} octets is too large`, { code: 'TOOBIG' });
    }
  }

  private onCommand(frame: CommandFrame): void {
    let command: ParsedCommand;
    try {
      command = parseCommand(frame, { literal8: this.session.features.has('BINARY'), names: this.session.names });
    } catch (error) {
      if (this.saslLinesMayFollow) return this.refuseSaslLine();
      this.traceClient(() => commandTraceLines(frame));
      this.saslLinesMayFollow = secretCommandName(frame) === 'AUTHENTICATE';
      if (error instanceof ImapSyntaxError) return this.reply(error.tag, error.status, error.message, syntaxCode(error));
      throw error;
    }
    const features = this.session.features;
    const spec = features.commands.get(command.command);
    if (this.saslLinesMayFollow && !spec) return this.refuseSaslLine();
    // Until AUTHENTICATE succeeds or starts its exchange of lines, what follows may be SASL data.
    this.saslLinesMayFollow = command.command === 'AUTHENTICATE';
    const name = command.uid ? `UID ${command.command}` : command.command;
    let args: unknown;
    let parseError: unknown;
    try {
      args = spec?.parse(command, features);
    } catch (error) {
      parseError = error;
    }
    this.traceClient(() => commandTraceLines(frame, command.command === 'LOGIN' ? loginUser(args) : undefined));
    if (!spec) return this.reply(command.tag, 'BAD', `Unknown command ${name.slice(0, 40)}`);
    if (!spec.states.includes(this.session.state.kind)) {
      return this.reply(command.tag, 'BAD', `${name} is not valid in the ${this.session.state.kind} state`, { code: 'CLIENTBUG' });
    }
    if (parseError !== undefined) {
      if (parseError instanceof ImapSyntaxError) return this.reply(command.tag, parseError.status, parseError.message, syntaxCode(parseError));
      if (parseError instanceof ImapCommandError) return this.reply(command.tag, parseError.status, parseError.message, parseError.code);
      return this.internalError(command.tag, parseError);
    }

    const allowExpunge = spec.allowsExpunge?.(command.uid) ?? true;
    const { store, clock, responseCache } = this.options;
    const context = new RunningCommand(command.tag, name, command.uid, this.session, store, clock, features, responseCache, allowExpunge, this.port);
    // New messages may be announced before the command runs, so UID FETCH n:* sees them.
    if (spec.reportsChangesBefore !== false) this.flushChanges(spec.allowsExpungeBefore?.(command.uid) ?? allowExpunge);
    if (this.closed) return;
    let completion: Completion;
    try {
      const handler = spec.handle(context, args);
      if (handler && isCommandSteps(handler)) return this.runSteps({ context, steps: handler }, false);
      if (handler) {
        this.saslLinesMayFollow = false;
        this.pending = { context, handler };
        this.framer.setMode('line');
        return;
      }
      // A command that filled the socket (a FETCH of one big message) has its tagged reply wait
      // for the socket to drain, as a stepped command's does: written now, it could find more
      // than MAX_QUEUED_RESPONSES_BYTES queued and end the session.
      if (this.outputFull) return this.runSteps({ context, steps: NO_STEPS }, false);
      completion = context.completion;
    } catch (error) {
      completion = this.failure(error, command.tag);
    }
    if (completion.status === 'OK') this.saslLinesMayFollow = false;
    this.finish(context, completion, allowExpunge);
  }

  /** A line after a one-shot AUTHENTICATE that is no command: likely a SASL answer, so kept secret. */
  private refuseSaslLine(): void {
    this.traceClient(() => [MASK]);
    this.reply(undefined, 'BAD', 'Expected a command; the AUTHENTICATE exchange had already ended');
  }

  /**
   * Runs a stepped command's steps while the client reads what they write: it waits for the socket
   * to drain when it does not, and lets other connections run after MAX_WORK_PER_TURN of work.
   * Input is held (`held`) only once the command has to wait; one that finishes in its first turn
   * (a FETCH of a few small messages) never pauses and resumes the socket.
   */
  private runSteps(job: Stepping, held: boolean): void {
    if (this.closed) return;
    let completion: Completion;
    try {
      for (let work = 0; ; ) {
        if (this.outputFull) {
          if (!held) this.hold('command');
          this.onceDrained(() => this.runSteps(job, true));
          return;
        }
        if (work >= MAX_WORK_PER_TURN) {
          if (!held) this.hold('command');
          this.options.timers.defer(() => this.runSteps(job, true));
          return;
        }
        const step = job.steps.next();
        if (step.done) break;
        work += typeof step.value === 'number' ? step.value : 1;
        if (this.closed) return;
      }
      completion = job.context.completion;
    } catch (error) {
      completion = this.failure(error, job.context.tag);
    }
    this.finish(job.context, completion, job.context.allowExpunge);
    if (held) this.release('command');
  }

  private onLine(line: Buffer): void {
    const pending = this.pending;
    if (!pending) {
      // Line mode without a command waiting cannot happen; answer as a malformed command.
      this.framer.setMode('command');
      return this.reply(undefined, 'BAD', 'Unexpected continuation line');
    }
    // An AUTHENTICATE answer carries the password: never show it, nor its length.
    this.traceClient(() => [pending.context.name === 'AUTHENTICATE' ? MASK : printable(line.toString('latin1'))]);
    let completion: Completion;
    try {
      if (pending.handler.onLine(pending.context, line) === 'more') return;
      completion = pending.context.completion;
    } catch (error) {
      completion = this.failure(error, pending.context.tag);
    }
    this.pending = undefined;
    this.framer.setMode('command');
    this.finish(pending.context, completion, pending.context.allowExpunge);
  }

  private finish(context: CommandContext, completion: Completion, allowExpunge: boolean): void {
    if (this.closed) return;
    this.flushChanges(allowExpunge);
    if (this.closed) return;
    if (this.session.authenticated) this.loginTimer?.cancel();
    const failure = this.loginFailure;
    this.loginFailure = undefined;
    if (failure) return this.failLogin(context.tag, completion, failure.giveUp);
    this.reply(context.tag, completion.status, completion.text, completion.code);
    if (this.compressAfterReply && completion.status === 'OK') this.startCompression();
    this.compressAfterReply = false;
    if (this.startTlsAfterReply && completion.status === 'OK') this.startTls();
    this.startTlsAfterReply = false;
    this.applyFramingRules();
    if (this.session.state.kind === 'logout') this.shutdown();
  }

  /**
   * The reply to a failed login, held for the failed-login delay of the client's address (input
   * waits meanwhile), then BYE and close after too many failures on this connection.
   */
  private failLogin(tag: string, completion: Completion, giveUp: boolean): void {
    const answer = (): void => {
      if (this.closed) return;
      if (giveUp) this.write(untaggedStatusText('BYE', 'Too many failed logins'));
      this.reply(tag, completion.status, completion.text, completion.code);
      if (giveUp) {
        this.session.logout();
        this.shutdown();
      }
    };
    const delay = this.options.throttle?.failed(this.remoteAddress) ?? 0;
    if (delay <= 0) return answer();
    this.hold('delay');
    this.options.timers.after(delay, () => {
      answer();
      this.release('delay');
    });
  }

  /** Maps what a handler threw to a tagged response; a bug becomes NO [SERVERBUG], never a crash. */
  private failure(error: unknown, tag: string): Completion {
    if (error instanceof ImapCommandError) return withCode(error.status, error.message, error.code);
    if (error instanceof ImapSyntaxError) return withCode(error.status, error.message, syntaxCode(error));
    if (error instanceof StoreError) {
      const status = error.code === 'INVALID' ? 'BAD' : 'NO';
      const code: ResponseCode | undefined =
        error.code === 'NONEXISTENT' ? { code: 'NONEXISTENT' } : error.code === 'ALREADYEXISTS' ? { code: 'ALREADYEXISTS' } : error.code === 'CANNOT' ? { code: 'CANNOT' } : undefined;
      return withCode(status, error.message, code);
    }
    this.options.onInternalError?.(error);
    return { status: 'NO', text: `Internal server error in ${tag}`, code: { code: 'SERVERBUG' } };
  }

  private internalError(tag: string, error: unknown): void {
    this.options.onInternalError?.(error);
    this.reply(tag, 'NO', 'Internal server error', { code: 'SERVERBUG' });
  }

  /** Sends queued mailbox changes; during IDLE this runs as soon as a change happens. */
  private flushChanges(allowExpunge: boolean): void {
    const selected = this.session.selectedOrUndefined;
    if (!selected || !selected.hasPending) return;
    const responses = selected.drain({ allowExpunge, condstore: this.session.condstore, vanished: this.session.qresync });
    for (const values of responses) this.writeChunks(untaggedResponseChunks(values));
    // CONTEXT=SEARCH/SORT (RFC 5267): updating searches report what the changes did to them.
    for (const values of searchUpdateResponses(selected, this.options.clock.now(), comparatorOf(this.session.features))) this.writeChunks(untaggedResponseChunks(values));
    if (selected.deleted) this.bye('Selected mailbox was deleted; have to disconnect');
  }

  private onMailboxChange(): void {
    if (this.closed) return;
    const selected = this.session.selectedOrUndefined;
    if (selected?.overflowed) return this.bye('Too many changes while you were away; please reconnect');
    if (!this.session.idling) return;
    const idleNews = this.options.idleNews;
    if (idleNews && !idleNews.tellsNow(this, selected?.pendingCount ?? 0, this.tellHeldNews)) return;
    this.flushChanges(true);
  }

  /** The hold on IDLE news was released: what waited is told, if the session still idles. */
  private readonly tellHeldNews = (): void => {
    if (!this.closed && this.session.idling) this.flushChanges(true);
  };

  private reply(tag: string | undefined, status: 'OK' | 'NO' | 'BAD', text: string, code?: ResponseCode): void {
    this.write(tag === undefined ? untaggedStatusText(status, text, code) : taggedStatusText(tag, status, text, code));
  }

  private bye(text: string): void {
    if (this.closed) return;
    this.write(untaggedStatusText('BYE', text));
    this.shutdown();
  }

  private write(piece: WirePiece): void {
    this.writeChunks([piece]);
  }

  /** One response in pieces: its text, and literal octets (maybe a view of a stored message). */
  private writeChunks(chunks: readonly WirePiece[]): void {
    if (this.closed || this.socket.destroyed || this.handshaking) return;
    if (this.socket.writableLength + this.output.size > MAX_QUEUED_RESPONSES_BYTES) {
      // The client stopped reading long ago while news kept coming (IDLE): drop it rather than buffer.
      this.shutdown();
      this.socket.destroy();
      return;
    }
    // The transcript keeps the pieces and traces them when it is read; a listener wants lines now.
    this.options.transcripts?.recordImapResponse(this.options.id, chunks);
    if (this.options.onWire) {
      for (const line of responseTraceLinesOf(chunks)) this.options.onWire({ protocol: 'imap', connection: this.options.id, direction: 'S', text: line });
    }
    this.output.add(chunks);
  }


  /**
   * Hands the batch to the socket (or the deflater) as one write: runs of small pieces joined into
   * one Buffer, big ones (message literals, views of the stored octets) passed as they are, all in
   * one vectored write, so message octets are never copied on their way out.
   */
  private writeOut(batch: WirePiece[]): void {
    const pieces = joinSmallRuns(batch);
    if (this.socket.destroyed) return;
    this.options.stats.socketWrites++;
    if (this.compression) {
      for (const piece of pieces) this.compression.send(piece);
    } else if (pieces.length === 1) this.socket.write(pieces[0]!);
    else {
      this.socket.cork();
      for (const piece of pieces) this.socket.write(piece);
      this.socket.uncork();
    }
    if (this.outputFull && !this.holds.has('output') && !this.closed) {
      this.hold('output');
      this.onceDrained(() => this.release('output'));
    }
  }

  /**
   * The socket's (or, with COMPRESS, the deflater's) buffer is full: produce nothing more. A full
   * batch is written first, so what waits in memory stays within MAX_OUTPUT_BATCH_BYTES plus the
   * socket's own buffer.
   */
  private get outputFull(): boolean {
    if (this.output.full) this.output.flush();
    return this.compression ? this.compression.needsDrain : this.socket.writableNeedDrain;
  }

  private onceDrained(callback: () => void): void {
    if (this.compression) this.compression.onceDrained(callback);
    else this.socket.once('drain', callback);
  }

  /** Literal rules follow the session's features (LITERAL+/-, BINARY's literal8); LOGIN may change them. */
  private applyFramingRules(): void {
    this.framer.maxNonSyncLiteral = this.session.features.maxNonSyncLiteral;
    this.framer.acceptLiteral8 = this.session.features.has('BINARY');
  }

  /** RFC 4978 4: everything after COMPRESS's tagged OK is compressed, both ways. */
  private startCompression(): void {
    // COMPRESS's tagged OK is the last thing sent uncompressed (RFC 4978 4).
    this.output.flush();
    this.compression = new DeflateTransport(this.socket, {
      onInput: (chunk) => {
        // Compressed input can expand a thousandfold: the inflated backlog has its own bound.
        if (this.framer.paused && this.framer.bufferedBytes > MAX_INFLATED_BACKLOG) {
          this.socket.destroy();
          return;
        }
        this.onData(chunk);
      },
      // A corrupt stream cannot carry a BYE the client could read: close.
      onError: () => this.socket.destroy(),
    });
  }

  /** Stops reading: the framer delivers nothing more and the socket takes no more input. */
  private hold(reason: Hold): void {
    this.holds.add(reason);
    this.framer.pause();
    this.socket.pause();
  }

  private release(reason: Hold): void {
    this.holds.delete(reason);
    if (this.holds.size > 0 || this.closed) return;
    this.socket.resume();
    this.guarded(() => this.framer.resume());
  }

  /**
   * Runs the framer (which runs commands). Handlers' errors are answered where they run; anything
   * that still escapes is our bug, and must end this session, not the process.
   */
  private guarded(run: () => void): void {
    try {
      run();
    } catch (error) {
      this.options.onInternalError?.(error);
      this.bye('Internal server error; closing');
    }
  }

  /**
   * STARTTLS's tagged OK is out: drop what the client sent behind the command in plaintext, stop
   * reading the plain socket and run the handshake on it; commands resume on the TLS socket. A
   * failed handshake ends the connection (nothing can be said to the client in either form).
   */
  private startTls(): void {
    const tlsOptions = this.options.tls;
    if (!tlsOptions) return;
    // STARTTLS's tagged OK is the last thing sent in plaintext (RFC 3501 6.2.1).
    this.output.flush();
    this.framer.discardBuffered();
    this.framer.pause();
    const plain = this.socket;
    plain.off('data', this.onSocketData);
    plain.off('timeout', this.onSocketTimeout);
    plain.setTimeout(0);
    this.handshaking = true;
    serverHandshake(
      plain,
      tlsOptions.context,
      (secure) => {
        this.handshaking = false;
        if (this.closed) return void secure.destroy();
        this.socket = secure;
        this.session.transport.secure = true;
        this.listen(secure);
        if (this.holds.size === 0) this.guarded(() => this.framer.resume());
      },
      () => this.shutdown(),
    );
  }

  /** Trace lines are made only for a listener or a transcript (a scenario run without --trace has neither), hence the function. */
  private traceClient(lines: () => readonly string[]): void {
    const { onWire, transcripts } = this.options;
    if (!onWire && !transcripts) return;
    for (const text of lines()) {
      const event = { protocol: 'imap', connection: this.options.id, direction: 'C', text } as const;
      transcripts?.record(event);
      onWire?.(event);
    }
  }

  /**
   * Ends the session: leaves the mailbox (stops watching it), gives back what it reserved, and
   * closes the socket once our last words are out (or after CLOSING_GRACE_MS if they never are).
   */
  private shutdown(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending = undefined;
    this.options.idleNews?.forget(this);
    this.releaseLiterals();
    this.stallTimer?.cancel();
    this.loginTimer?.cancel();
    this.session.logout();
    if (this.socket.destroyed) return;
    // Our last words (BYE, a tagged reply) go before the end of the stream.
    this.output.flush();
    this.socket.setTimeout(CLOSING_GRACE_MS);
    // With COMPRESS the deflater ends the socket (through its pipe) after its last bytes.
    if (this.compression) this.compression.end();
    else this.socket.end(() => this.socket.destroy());
  }
}

/** The steps of a command that has done its work and only waits to be answered (see onCommand). */
const NO_STEPS: CommandSteps = { next: () => ({ done: true, value: undefined }) };

/**
 * Pieces below this are joined with their neighbours before writing (copying a few hundred octets
 * costs less than a stream write of their own); bigger ones are written as they are.
 */
const JOIN_BELOW_OCTETS = 1024;

/**
 * The batch as few Buffers as it can be without copying any big piece: each run of small pieces
 * (a turn's response text, small literals) becomes one Buffer, text encoded straight into it.
 */
function joinSmallRuns(batch: readonly WirePiece[]): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  let octets = 0;
  const endRun = (end: number): void => {
    if (end > start) out.push(joined(batch, start, end, octets));
    octets = 0;
  };
  for (let i = 0; i < batch.length; i++) {
    const piece = batch[i]!;
    if (piece.length < JOIN_BELOW_OCTETS) {
      octets += piece.length;
      continue;
    }
    endRun(i);
    out.push(typeof piece === 'string' ? Buffer.from(piece, 'latin1') : piece);
    start = i + 1;
  }
  endRun(batch.length);
  return out;
}

/** Pieces start..end (`octets` in all) as one Buffer; a lone Buffer as it is. */
function joined(batch: readonly WirePiece[], start: number, end: number, octets: number): Buffer {
  const first = batch[start]!;
  if (end - start === 1) return typeof first === 'string' ? Buffer.from(first, 'latin1') : first;
  const bytes = Buffer.allocUnsafe(octets);
  let at = 0;
  for (let i = start; i < end; i++) {
    const piece = batch[i]!;
    at += typeof piece === 'string' ? bytes.write(piece, at, 'latin1') : piece.copy(bytes, at);
  }
  return bytes;
}

function syntaxCode(error: ImapSyntaxError): ResponseCode | undefined {
  return error.code === 'BADCHARSET' ? { code: 'BADCHARSET' } : undefined;
}

function withCode(status: 'OK' | 'NO' | 'BAD', text: string, code: ResponseCode | undefined): Completion {
  return code ? { status, text, code } : { status, text };
}

function loginUser(args: unknown): string | undefined {
  const user = (args as { username?: unknown } | undefined)?.username;
  return typeof user === 'string' ? user : undefined;
}
