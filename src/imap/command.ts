import type { Clock } from '../sim/clock.js';
import type { MailStore } from '../store/store.js';
import type { ImapFeatures } from './features.js';
import type { ResponseCache } from './response-cache.js';
import type { ImapSession, StateKind } from './session.js';
import type { ImapValue, ParsedCommand, ResponseCode, UntaggedStatus } from './syntax/index.js';

/** How a command that reads continuation lines (IDLE, AUTHENTICATE) finishes. */
export interface Completion {
  readonly status: 'OK' | 'NO' | 'BAD';
  readonly text: string;
  readonly code?: ResponseCode;
}

/**
 * A command in progress that takes raw lines until it completes. Returns 'done' to finish with
 * the context's completion (see CommandContext.complete), 'more' to wait for another line; throws
 * ImapCommandError for NO or BAD.
 */
export interface LineHandler {
  onLine(ctx: CommandContext, line: Buffer): 'done' | 'more';
}

/** What a handler may do. Only through this does a command reach the wire. */
export interface CommandContext {
  readonly tag: string;
  /** The command name as the client will see it in the completion, e.g. "UID FETCH". */
  readonly name: string;
  readonly uid: boolean;
  readonly session: ImapSession;
  readonly store: MailStore;
  readonly clock: Clock;
  /** What this session's server offers (its profile's extensions). */
  readonly features: ImapFeatures;
  /** The server's cached wire text of FLAGS, ENVELOPE and BODYSTRUCTURE (response-cache.ts). */
  readonly responseCache: ResponseCache;
  /** `* <values...>`. */
  send(...values: ImapValue[]): void;
  /** `* OK [CODE] text` and friends. */
  sendStatus(status: UntaggedStatus, text: string, code?: ResponseCode): void;
  /** `+ text`. */
  continuation(text?: string): void;
  /** Text and code of the tagged OK (default "<name> completed"). */
  complete(text: string, code?: ResponseCode): void;
  /** Reports queued mailbox changes now (EXPUNGE included when the command allows it). */
  flush(): void;
  /** COMPRESS (RFC 4978): whether DEFLATE is already on for this connection. */
  readonly compressed: boolean;
  /** COMPRESS: switch both directions to DEFLATE right after this command's tagged OK. */
  compressAfterReply(): void;
  /**
   * A LOGIN or AUTHENTICATE failed: the connection holds the NO for the failed-login delay of the
   * client's address, and with `giveUp` ends the session with BYE after it.
   */
  loginFailed(giveUp: boolean): void;
  /** STARTTLS: start the TLS handshake right after this command's tagged OK. */
  startTlsAfterReply(): void;
}

/**
 * A command whose work comes in steps (FETCH: one message per step). The connection runs steps
 * while the client reads what they write, waits for the socket to drain when it does not, and
 * lets other connections run between batches: a big FETCH neither buffers its whole response in
 * memory nor holds up every other client. Between two steps other sessions may change the store;
 * each step must read it afresh (the session's own view and sequence numbers do not move). A step
 * may yield how much work it did (see MAX_WORK_PER_TURN); nothing counts as 1.
 */
export type CommandSteps = Iterator<number | void, void, void>;

export function isCommandSteps(value: LineHandler | CommandSteps): value is CommandSteps {
  return typeof (value as CommandSteps).next === 'function';
}

/**
 * One IMAP command: the states it is valid in, how its arguments parse, and what it does.
 * State and argument checks run in the dispatcher before `handle`, which never sees bad input.
 */
export interface CommandSpec<A> {
  readonly name: string;
  readonly states: readonly StateKind[];
  /**
   * RFC 3501 7.4.1: FETCH, STORE and SEARCH must not be answered with EXPUNGE, as the client may be
   * relying on the sequence numbers it sent; their UID forms may. Default: always allowed.
   */
  readonly allowsExpunge?: (uid: boolean) => boolean;
  /**
   * Whether EXPUNGEs queued before the command may be reported before it runs; defaults to
   * allowsExpunge. A non-UID MOVE answers with its own EXPUNGEs, yet must read the sequence numbers
   * it was sent in the numbering the client had when it sent them, so it says no here.
   */
  readonly allowsExpungeBefore?: (uid: boolean) => boolean;
  /**
   * Whether queued changes of the selected mailbox are reported before the command runs (default
   * true). SELECT, EXAMINE, CLOSE, UNSELECT and LOGOUT leave that mailbox: news about it would
   * only confuse a client reading the new mailbox's responses.
   */
  readonly reportsChangesBefore?: boolean;
  /** Typed arguments; options of pieces that are off are refused here (features.require). */
  parse(command: ParsedCommand, features: ImapFeatures): A;
  handle(ctx: CommandContext, args: A): void | LineHandler | CommandSteps;
}

export type AnyCommandSpec = CommandSpec<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Identity function that lets TypeScript infer A from parse() into handle(). */
export function defineCommand<A>(spec: CommandSpec<A>): CommandSpec<A> {
  return spec;
}

/** For the FETCH/STORE/SEARCH family. */
export const onlyWithUid = (uid: boolean): boolean => uid;
