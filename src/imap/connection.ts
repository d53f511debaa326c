import type net from 'node:net';
import { MASK, type WireListener } from '../protocol/transcript.js';
import type { Clock } from '../sim/clock.js';
import { StoreError } from '../store/errors.js';
import type { MailStore } from '../store/store.js';
import type { CommandContext, Completion, LineHandler } from './command.js';
import { ImapCommandError } from './errors.js';
import type { ImapFeatures } from './features.js';
import type { Account } from '../store/account.js';
import { AUTOLOGOUT_MS } from './limits.js';
import { DeflateTransport, MAX_INFLATED_BACKLOG } from './compression.js';
import { searchUpdateResponses } from './search-context.js';
import { ImapSession } from './session.js';
import { comparatorOf } from './sort/comparators.js';
import {
  CommandFramer,
  continuation,
  ImapSyntaxError,
  parseCommand,
  serializeValues,
  taggedStatus,
  untaggedStatus,
  type CommandFrame,
  type FramerEvent,
  type ImapValue,
  type ParsedCommand,
  type ResponseCode,
  type UntaggedStatus,
} from './syntax/index.js';
import { commandTraceLines, responseTraceLines } from './wire-trace.js';

export interface ConnectionOptions {
  readonly id: number;
  readonly store: MailStore;
  readonly clock: Clock;
  readonly hostname: string;
  /** What the server offers before login. */
  readonly features: ImapFeatures;
  /** What it offers an account once logged in. */
  readonly featuresFor: (account: Account) => ImapFeatures;
  readonly onWire?: WireListener;
  /** A bug in a handler: the client got NO [SERVERBUG]; this is for the operator. */
  readonly onInternalError?: (error: unknown) => void;
}

/** A command waiting for continuation lines (IDLE's DONE, AUTHENTICATE's response). */
interface Pending {
  readonly context: CommandContext;
  readonly handler: LineHandler;
  readonly allowExpunge: boolean;
  /** What the tagged OK will say, as the handler set it through context.complete(). */
  readonly completion: () => Completion;
}

/**
 * One IMAP connection: socket -> framer -> parser -> state and argument checks -> handler -> store,
 * and every response back. Handlers are synchronous, so commands run strictly in order and the
 * store never changes halfway through a response.
 */
export class ImapConnection {
  readonly session: ImapSession;
  private readonly framer: CommandFramer;
  private pending?: Pending;
  private closed = false;
  /** COMPRESS=DEFLATE once negotiated (RFC 4978); before that the socket is used directly. */
  private compression?: DeflateTransport;
  private compressAfterReply = false;

  constructor(
    private readonly socket: net.Socket,
    private readonly options: ConnectionOptions,
  ) {
    this.session = new ImapSession(options.id, options.features, options.featuresFor, () => this.onMailboxChange());
    this.framer = new CommandFramer((event) => this.onFramerEvent(event));
    this.framer.maxNonSyncLiteral = this.session.features.maxNonSyncLiteral;
    socket.on('data', (chunk: Buffer) => (this.compression ? this.compression.receive(chunk) : this.framer.push(chunk)));
    socket.on('error', () => this.shutdown());
    socket.on('close', () => this.shutdown());
    socket.setTimeout(AUTOLOGOUT_MS);
    socket.on('timeout', () => this.bye('Autologout; idle for too long'));
  }

  start(): void {
    this.write(untaggedStatus('OK', `${this.options.hostname} mailsim IMAP4rev1 ready`, { code: 'CAPABILITY', capabilities: this.session.features.capabilities }));
  }

  /** Server shutdown (RFC 3501 7.1.5): BYE, then the listener ends the socket. */
  farewell(): void {
    if (this.closed) return;
    this.write(untaggedStatus('BYE', 'Server shutting down'));
    this.shutdown();
  }

  private onFramerEvent(event: FramerEvent): void {
    if (this.closed) return;
    switch (event.kind) {
      case 'command':
        return this.onCommand(event.frame);
      case 'continuation':
        return this.write(continuation('Ready for literal data'));
      case 'literalRejected':
        return this.reply(
          event.tag,
          event.limit === 'TOO_MANY_LITERALS' ? 'BAD' : 'NO',
          event.limit === 'TOO_MANY_LITERALS' ? 'Too many literals in one command' : `Literal of ${event.size} octets is too large`,
          event.limit === 'TOO_MANY_LITERALS' ? undefined : { code: 'TOOBIG' },
        );
      case 'nonSyncRefused':
        return this.reply(
          event.tag,
          'BAD',
          event.limit < 0 ? 'Non-synchronizing literals {n+} need LITERAL+, which this server does not offer' : `Non-synchronizing literals may be at most ${event.limit} octets (LITERAL-); send {${event.size}}`,
          { code: 'TOOBIG' },
        );
      case 'lineTooLong':
        return this.reply(event.tag, 'BAD', 'Line too long');
      case 'fatal':
        // The client sends a non-synchronizing literal's octets without waiting (RFC 7888): we
        // cannot refuse them except by closing.
        if (event.tag) this.reply(event.tag, 'BAD', `Literal of ${event.size} octets is too large`);
        return this.bye('Literal too large; closing');
      case 'line':
        return this.onLine(event.line);
    }
  }

  private onCommand(frame: CommandFrame): void {
    let command: ParsedCommand;
    try {
      command = parseCommand(frame);
    } catch (error) {
      this.traceClient(commandTraceLines(frame));
      if (error instanceof ImapSyntaxError) return this.reply(error.tag, error.status, error.message, syntaxCode(error));
      throw error;
    }
    const features = this.session.features;
    const spec = features.commands.get(command.command);
    const name = command.uid ? `UID ${command.command}` : command.command;
    let args: unknown;
    let parseError: unknown;
    try {
      args = spec?.parse(command, features);
    } catch (error) {
      parseError = error;
    }
    this.traceClient(commandTraceLines(frame, command.command === 'LOGIN' ? loginUser(args) : undefined));
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
    let completion: Completion = { status: 'OK', text: `${name} completed` };
    const context: CommandContext = {
      tag: command.tag,
      name,
      uid: command.uid,
      session: this.session,
      store: this.options.store,
      clock: this.options.clock,
      features,
      send: (...values: ImapValue[]) => this.write(untaggedValues(values)),
      sendStatus: (status: UntaggedStatus, text: string, code?: ResponseCode) => this.write(untaggedStatus(status, text, code)),
      continuation: (text?: string) => this.write(continuation(text)),
      complete: (text: string, code?: ResponseCode) => {
        completion = code ? { status: 'OK', text, code } : { status: 'OK', text };
      },
      flush: () => this.flushChanges(allowExpunge),
      compressed: this.compression !== undefined,
      compressAfterReply: () => {
        this.compressAfterReply = true;
      },
    };
    // New messages may be announced before the command runs, so UID FETCH n:* sees them.
    if (spec.reportsChangesBefore !== false) this.flushChanges(spec.allowsExpungeBefore?.(command.uid) ?? allowExpunge);
    if (this.closed) return;
    try {
      const handler = spec.handle(context, args);
      if (handler) {
        this.pending = { context, handler, allowExpunge, completion: () => completion };
        this.framer.setMode('line');
        return;
      }
    } catch (error) {
      completion = this.failure(error, command.tag);
    }
    this.finish(context, completion, allowExpunge);
  }

  private onLine(line: Buffer): void {
    const pending = this.pending;
    if (!pending) {
      // Line mode without a command waiting cannot happen; answer as a malformed command.
      this.framer.setMode('command');
      return this.reply(undefined, 'BAD', 'Unexpected continuation line');
    }
    // An AUTHENTICATE answer carries the password: never show it, nor its length.
    this.traceClient([pending.context.name === 'AUTHENTICATE' ? MASK : line.toString('latin1').replace(/[\x00-\x1f\x7f]/g, '?')]);
    let completion: Completion;
    try {
      if (pending.handler.onLine(pending.context, line) === 'more') return;
      completion = pending.completion();
    } catch (error) {
      completion = this.failure(error, pending.context.tag);
    }
    this.pending = undefined;
    this.framer.setMode('command');
    this.finish(pending.context, completion, pending.allowExpunge);
  }

  private finish(context: CommandContext, completion: Completion, allowExpunge: boolean): void {
    if (this.closed) return;
    this.flushChanges(allowExpunge);
    if (this.closed) return;
    this.reply(context.tag, completion.status, completion.text, completion.code);
    if (this.compressAfterReply && completion.status === 'OK') this.startCompression();
    this.compressAfterReply = false;
    // LOGIN may have brought the account's own profile, with other literal rules.
    this.framer.maxNonSyncLiteral = this.session.features.maxNonSyncLiteral;
    if (this.session.state.kind === 'logout') this.shutdown();
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
    const responses = selected.drain({ allowExpunge, condstore: this.session.condstore });
    for (const values of responses) this.write(untaggedValues(values));
    // CONTEXT=SEARCH/SORT (RFC 5267): updating searches report what the changes did to them.
    for (const values of searchUpdateResponses(selected, this.options.clock.now(), comparatorOf(this.session.features))) this.write(untaggedValues(values));
    if (selected.deleted) this.bye('Selected mailbox was deleted; have to disconnect');
  }

  private onMailboxChange(): void {
    if (this.closed) return;
    if (this.session.selectedOrUndefined?.overflowed) return this.bye('Too many changes while you were away; please reconnect');
    if (this.session.idling) this.flushChanges(true);
  }

  private reply(tag: string | undefined, status: 'OK' | 'NO' | 'BAD', text: string, code?: ResponseCode): void {
    this.write(tag === undefined ? untaggedStatus(status, text, code) : taggedStatus(tag, status, text, code));
  }

  private bye(text: string): void {
    if (this.closed) return;
    this.write(untaggedStatus('BYE', text));
    this.shutdown();
  }

  private write(bytes: Buffer): void {
    if (this.closed || this.socket.destroyed) return;
    if (this.options.onWire) {
      for (const line of responseTraceLines(bytes)) this.options.onWire({ protocol: 'imap', connection: this.options.id, direction: 'S', text: line });
    }
    if (this.compression) {
      this.compression.send(bytes);
      if (this.compression.needsDrain && !this.framer.paused) {
        this.framer.pause();
        this.compression.onceDrained(() => this.framer.resume());
      }
      return;
    }
    this.socket.write(bytes);
    // A client that does not read its responses must not make us buffer without bound.
    if (this.socket.writableNeedDrain && !this.framer.paused) {
      this.framer.pause();
      this.socket.once('drain', () => this.framer.resume());
    }
  }

  /** RFC 4978 4: everything after COMPRESS's tagged OK is compressed, both ways. */
  private startCompression(): void {
    this.compression = new DeflateTransport(this.socket, {
      onInput: (chunk) => {
        if (this.framer.paused && this.framer.bufferedBytes > MAX_INFLATED_BACKLOG) {
          this.socket.destroy();
          return;
        }
        this.framer.push(chunk);
      },
      // A corrupt stream cannot carry a BYE the client could read: close.
      onError: () => this.socket.destroy(),
    });
  }

  private traceClient(lines: readonly string[]): void {
    if (!this.options.onWire) return;
    for (const text of lines) this.options.onWire({ protocol: 'imap', connection: this.options.id, direction: 'C', text });
  }

  /** Ends the session: leaves the mailbox (stops watching it) and half-closes the socket. */
  private shutdown(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending = undefined;
    this.session.logout();
    if (this.compression) this.compression.end();
    else if (!this.socket.destroyed) this.socket.end();
  }
}

function untaggedValues(values: readonly ImapValue[]): Buffer {
  return Buffer.concat([Buffer.from('* '), serializeValues(values), Buffer.from('\r\n')]);
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
