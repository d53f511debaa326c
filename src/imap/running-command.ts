import type { Clock } from '../sim/clock.js';
import type { MailStore } from '../store/store.js';
import type { CommandContext, Completion } from './command.js';
import type { ImapFeatures } from './features.js';
import type { ResponseCache } from './response-cache.js';
import type { ImapSession } from './session.js';
import { continuation, untaggedResponseChunks, untaggedStatusText, type ImapValue, type ResponseCode, type UntaggedStatus, type WirePiece } from './syntax/index.js';

/** What a command's context needs of its connection: made once per connection, not per command. */
export interface CommandPort {
  writeChunks(chunks: readonly WirePiece[]): void;
  write(piece: WirePiece): void;
  flushChanges(allowExpunge: boolean): void;
  readonly compressed: boolean;
  compressAfterReply(): void;
  startTlsAfterReply(): void;
  loginFailed(giveUp: boolean): void;
}

/**
 * One command's context: a class, so a command costs one object rather than an object and nine
 * closures (a pipelined FETCH i per message made these a good part of the server's garbage).
 */
export class RunningCommand implements CommandContext {
  /** What the tagged OK will say, as the handler set it through complete(). */
  completion: Completion;

  constructor(
    readonly tag: string,
    readonly name: string,
    readonly uid: boolean,
    readonly session: ImapSession,
    readonly store: MailStore,
    readonly clock: Clock,
    readonly features: ImapFeatures,
    readonly responseCache: ResponseCache,
    /** Whether EXPUNGE may be reported during and after the command. */
    readonly allowExpunge: boolean,
    private readonly port: CommandPort,
  ) {
    this.completion = { status: 'OK', text: `${name} completed` };
  }

  get compressed(): boolean {
    return this.port.compressed;
  }

  send(...values: ImapValue[]): void {
    this.port.writeChunks(untaggedResponseChunks(values));
  }

  sendStatus(status: UntaggedStatus, text: string, code?: ResponseCode): void {
    this.port.write(untaggedStatusText(status, text, code));
  }

  continuation(text?: string): void {
    this.port.write(continuation(text));
  }

  complete(text: string, code?: ResponseCode): void {
    this.completion = code ? { status: 'OK', text, code } : { status: 'OK', text };
  }

  flush(): void {
    this.port.flushChanges(this.allowExpunge);
  }

  compressAfterReply(): void {
    this.port.compressAfterReply();
  }

  startTlsAfterReply(): void {
    this.port.startTlsAfterReply();
  }

  loginFailed(giveUp: boolean): void {
    this.port.loginFailed(giveUp);
  }
}
