import type { MailStore } from '../store/index.js';
import { Pop3CommandError } from './errors.js';
import type { MaildropLocks } from './locks.js';
import type { Reply } from './reply.js';
import type { OpenState, OpenStateKind, SessionState } from './state.js';

export interface Pop3Transport {
  readonly secure: boolean;
  /** STLS is possible: the server has a certificate and this connection is still plaintext. */
  readonly canStartTls: boolean;
  /** USER, PASS and APOP are refused until STLS. */
  readonly loginDisabled: boolean;
}

/** What a handler may use: everything explicit, nothing bound to `this`. */
export interface CommandContext<S extends OpenState = OpenState> {
  /** The session state, already checked by the dispatcher to be one of the command's states. */
  readonly state: S;
  readonly store: MailStore;
  /** The greeting's APOP timestamp, e.g. "<1.1709542800000@mailsim.test>". */
  readonly apopTimestamp: string;
  readonly locks: MaildropLocks;
  /** The session: owner of the maildrop lock and token of the store changes it makes. */
  readonly session: object;
  /** TLS on this connection: on now, possible with STLS, required before a login. */
  readonly transport: Pop3Transport;
  setState(next: SessionState): void;
}

export interface ArgumentSpec {
  readonly min: number;
  readonly max: number;
  /**
   * The whole rest of the line is one argument: RFC 1939 7 lets a server treat spaces in the PASS
   * argument as part of the password.
   */
  readonly rest?: boolean;
}

/** A command as written in commands/<name>.ts: its handler sees only the states it declares. */
export interface CommandSpec<K extends OpenStateKind> {
  /** Upper-case keyword. */
  readonly name: string;
  /** States the command is valid in; the dispatcher refuses it in any other. */
  readonly states: readonly K[];
  readonly args: ArgumentSpec;
  /** Shown in -ERR replies to argument mistakes. */
  readonly usage: string;
  /** USER, PASS, APOP: refused while the server requires TLS and the connection has none. */
  readonly logsIn?: boolean;
  /** Returns the +OK reply or throws Pop3CommandError; arguments were counted already. */
  handle(ctx: CommandContext<Extract<OpenState, { kind: K }>>, args: readonly string[]): Reply;
}

/** A command as the registry and dispatcher hold it, whatever its states. */
export interface Pop3Command extends Omit<CommandSpec<OpenStateKind>, 'states' | 'handle'> {
  readonly states: readonly OpenStateKind[];
  handle(ctx: CommandContext<OpenState>, args: readonly string[]): Reply;
}

/**
 * Wraps a spec for the registry. The dispatcher has already refused wrong states with a proper
 * -ERR; the guard here only narrows the type (and turns a dispatcher bug into -ERR, not a crash).
 */
export function defineCommand<K extends OpenStateKind>(spec: CommandSpec<K>): Pop3Command {
  return {
    ...spec,
    handle(ctx, args) {
      if (!inStates(ctx, spec.states)) {
        throw new Pop3CommandError('INTERNAL', `${spec.name} dispatched in ${ctx.state.kind} state`);
      }
      return spec.handle(ctx, args);
    },
  };
}

function inStates<K extends OpenStateKind>(
  ctx: CommandContext<OpenState>,
  states: readonly K[],
): ctx is CommandContext<Extract<OpenState, { kind: K }>> {
  const allowed: readonly OpenStateKind[] = states;
  return allowed.includes(ctx.state.kind);
}
