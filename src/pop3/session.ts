import type net from 'node:net';
import type tls from 'node:tls';
import { serverHandshake } from '../tls/handshake.js';
import type { LoginThrottle } from '../protocol/login-throttle.js';
import { OutputBatch } from '../protocol/output-batch.js';
import type { TimerHandle, Timers } from '../protocol/timers.js';
import type { Direction, WireListener } from '../protocol/transcript.js';
import type { MailStore } from '../store/index.js';
import type { CommandContext, Pop3Transport } from './command.js';
import { execute, isAuthLine, parseLine, transcriptLine } from './dispatcher.js';
import { Pop3CommandError } from './errors.js';
import { IDLE_TIMEOUT_MS, LOGIN_TIMEOUT_MS, MAX_COMMAND_LINE_OCTETS, MAX_OUTPUT_BATCH_BYTES } from './limits.js';
import { LineReader, type LineEvent } from './line-reader.js';
import type { MaildropLocks } from './locks.js';
import { renderError, renderReply, type RenderedReply } from './reply.js';
import type { OpenState, SessionState } from './state.js';

export interface SessionDeps {
  readonly store: MailStore;
  readonly locks: MaildropLocks;
  readonly timers: Timers;
  /** Holds failed-login replies per remote address; none means no delay. */
  readonly throttle?: LoginThrottle | undefined;
  readonly onWire?: WireListener | undefined;
  /** STLS on plaintext connections, and whether logins wait for it. */
  readonly tls?: { readonly context: tls.SecureContext; readonly required: boolean } | undefined;
  /** The service's counters, which this session adds to. */
  readonly stats: { socketWrites: number };
}

/**
 * One POP3 connection: frames bytes into lines, runs each through the dispatcher in order, writes
 * replies, and owns the session state. Pipelined lines wait in a queue while the socket's write
 * buffer is full, so a client that sends many RETRs without reading cannot grow our memory.
 */
export class Pop3Session {
  private state: SessionState = { kind: 'authorization', failures: 0 };
  private reader = new LineReader(MAX_COMMAND_LINE_OCTETS);
  private readonly queue: LineEvent[] = [];
  private waitingForDrain = false;
  /** Once the peer half-closed, queued lines are answered regardless of back-pressure. */
  private peerEnded = false;
  /** A failed login's reply is being held (LoginThrottle); later lines wait behind it. */
  private holdingReply = false;
  /** After AUTH (which we do not offer), lines that are no command are likely SASL answers. */
  private saslLinesMayFollow = false;
  private loginTimer?: TimerHandle;
  /** Encrypted now: implicit TLS (995) or after STLS. */
  private secure: boolean;
  /** Between STLS's +OK and the end of the handshake: nothing is read or written in plaintext. */
  private handshaking = false;
  /** Replies not yet handed to the socket: one write per turn (see send, OutputBatch). */
  private readonly output = new OutputBatch(MAX_OUTPUT_BATCH_BYTES, (chunks) => this.writeOut(chunks));

  constructor(
    /** The plaintext socket until STLS, then the TLS socket over it. */
    private socket: net.Socket,
    readonly connection: number,
    /** "<conn.clockms@hostname>", built by the service from its counter and clock. */
    readonly apopTimestamp: string,
    private readonly deps: SessionDeps,
  ) {
    this.secure = (socket as tls.TLSSocket).encrypted === true;
  }

  start(): void {
    this.listen(this.socket);
    // Dovecot's login timeout: a connection that never logs in does not hold a slot for long.
    this.loginTimer = this.deps.timers.after(LOGIN_TIMEOUT_MS, () => {
      if (this.state.kind !== 'authorization') return;
      this.end();
      this.socket.destroy();
    });
    this.send(renderReply({ text: `mailsim POP3 server ready ${this.apopTimestamp}` }));
  }

  private readonly onTimeout = (): void => {
    // RFC 1939 3 autologout: close without UPDATE, so nothing is deleted.
    this.end();
    this.socket.destroy();
  };

  private readonly onData = (chunk: Buffer): void => {
    // After QUIT the peer may keep sending until it sees our FIN; none of it is read.
    if (this.state.kind === 'closed') return;
    this.queue.push(...this.reader.push(chunk));
    this.pump();
  };

  private readonly onEnd = (): void => {
    this.peerEnded = true;
    this.pump();
    this.end();
  };

  private listen(socket: net.Socket): void {
    socket.setTimeout(IDLE_TIMEOUT_MS);
    socket.on('timeout', this.onTimeout);
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    // A reset or write error is a dropped connection: no UPDATE, lock released.
    socket.on('error', () => this.end());
    socket.on('close', () => this.end());
  }

  private get transport(): Pop3Transport {
    const tlsOptions = this.deps.tls;
    return {
      secure: this.secure,
      canStartTls: tlsOptions !== undefined && !this.secure,
      loginDisabled: (tlsOptions?.required ?? false) && !this.secure,
    };
  }

  /**
   * STLS's +OK is out: drop the lines the client sent behind it in plaintext, stop reading the plain
   * socket, run the handshake; the session reads the TLS socket from then on. A failed handshake
   * is a dropped connection (no UPDATE).
   */
  private startTls(): void {
    const tlsOptions = this.deps.tls;
    if (!tlsOptions) return;
    // STLS's +OK is the last thing sent in plaintext (RFC 2595 4).
    this.output.flush();
    const plain = this.socket;
    this.queue.length = 0;
    this.reader = new LineReader(MAX_COMMAND_LINE_OCTETS);
    plain.off('data', this.onData);
    plain.off('end', this.onEnd);
    plain.off('timeout', this.onTimeout);
    plain.setTimeout(0);
    this.handshaking = true;
    serverHandshake(
      plain,
      tlsOptions.context,
      (secure) => {
        this.handshaking = false;
        if (this.state.kind === 'closed') return void secure.destroy();
        this.socket = secure;
        this.secure = true;
        this.listen(secure);
      },
      () => this.end(),
    );
  }

  /** Server shutdown: POP3 has no unsolicited response, so we stop reading and say nothing. */
  shutdown(): void {
    this.end();
  }

  /** Received octets not yet answered: queued lines and the unfinished one. */
  get bufferedInputBytes(): number {
    return this.reader.held + this.queue.reduce((sum, event) => sum + (event.kind === 'line' ? event.bytes.length : 0), 0);
  }

  private pump(): void {
    while (this.queue.length > 0 && this.state.kind !== 'closed' && !this.holdingReply && !this.handshaking && (!this.waitingForDrain || this.peerEnded)) {
      const event = this.queue.shift()!;
      this.handle(event);
    }
  }

  private handle(event: LineEvent): void {
    if (event.kind === 'overflow') {
      // The line's bytes were never kept (LineReader), so there is nothing to parse: just refuse.
      this.wire('C', `<over-long line discarded, ${event.octets} octets>`);
      const error = new Pop3CommandError('LINE_TOO_LONG', `line too long (limit ${MAX_COMMAND_LINE_OCTETS} octets)`);
      this.send(renderError(error.toResponse()));
      return;
    }
    const state = this.state;
    if (state.kind === 'closed') return;
    const parsed = parseLine(event.bytes);
    const saslLine = this.saslLinesMayFollow && parsed.command === undefined;
    if (this.deps.onWire) this.wire('C', transcriptLine(parsed, saslLine));
    if (saslLine) {
      // Not echoed either: the "command" would be the user name or password.
      this.send(renderError(new Pop3CommandError('UNKNOWN_COMMAND', 'unknown command; the AUTH exchange had already ended').toResponse()));
      return;
    }
    this.saslLinesMayFollow = isAuthLine(parsed);
    const ctx: CommandContext<OpenState> = {
      state,
      store: this.deps.store,
      apopTimestamp: this.apopTimestamp,
      locks: this.deps.locks,
      session: this,
      transport: this.transport,
      setState: (next) => {
        this.state = next;
      },
    };
    try {
      const reply = execute(parsed, ctx);
      this.send(renderReply(reply));
      if (reply.closeAfter) this.close();
      if (reply.startTlsAfter) this.startTls();
    } catch (error) {
      const failure = error instanceof Pop3CommandError ? error : new Pop3CommandError('INTERNAL', 'internal error');
      const answer = (): void => {
        this.send(renderError(failure.toResponse()));
        if (failure.closeAfter) this.close();
      };
      const delay = failure.code === 'AUTH' ? (this.deps.throttle?.failed(this.socket.remoteAddress) ?? 0) : 0;
      if (delay <= 0) return answer();
      // Held for the address's failed-login delay; the lines behind it wait (pump).
      this.holdingReply = true;
      this.socket.pause();
      this.deps.timers.after(delay, () => {
        this.holdingReply = false;
        if (this.state.kind === 'closed') return;
        answer();
        if (!this.waitingForDrain) this.socket.resume();
        this.pump();
      });
    }
  }

  /**
   * Replies join the batch; the batch goes to the socket as one (vectored) write at the end of the
   * turn, or at once when it holds MAX_OUTPUT_BATCH_BYTES. Pipelined RETRs are then one write per
   * received chunk of commands rather than one per reply, and message octets are never copied.
   */
  private send(reply: RenderedReply): void {
    for (const line of reply.transcript) this.wire('S', line);
    if (this.socket.destroyed || this.socket.writableEnded || this.handshaking) return;
    this.output.add(reply.chunks);
  }

  private writeOut(chunks: readonly Buffer[]): void {
    if (this.socket.destroyed || this.socket.writableEnded) return;
    this.deps.stats.socketWrites++;
    let room = true;
    this.socket.cork();
    for (const chunk of chunks) room = this.socket.write(chunk);
    this.socket.uncork();
    if (!room && !this.waitingForDrain) {
      this.waitingForDrain = true;
      this.socket.pause();
      this.socket.once('drain', () => {
        this.waitingForDrain = false;
        this.socket.resume();
        this.pump();
      });
    }
  }

  /** After QUIT or too many failures. The lock is free before the client can even read the reply. */
  private close(): void {
    this.end();
    this.output.flush();
    this.socket.end();
  }

  /** Leaves the session; idempotent. Releasing the lock here covers QUIT, drops and timeouts alike. */
  private end(): void {
    const state = this.state;
    if (state.kind === 'closed') return;
    if (state.kind === 'transaction') this.deps.locks.release(state.account, this);
    this.loginTimer?.cancel();
    this.state = { kind: 'closed' };
    this.queue.length = 0;
  }

  private wire(direction: Direction, text: string): void {
    this.deps.onWire?.({ protocol: 'pop3', connection: this.connection, direction, text });
  }
}
