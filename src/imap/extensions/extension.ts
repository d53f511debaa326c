import type { ServerProfile } from '../../providers/profile.js';
import type { AnyCommandSpec } from '../command.js';

/**
 * One composable piece of the IMAP server, usually one RFC: what it advertises, the commands it
 * adds, and the names ENABLE accepts for it. Options it adds to other commands (SELECT's QRESYNC
 * parameters, SEARCH's RETURN, FETCH's BINARY[]...) are parsed where those commands are, and their
 * handlers ask `features.has(id)`; `options` lists them so the README and the capability walk can
 * name what turning the piece off takes away.
 *
 * The capability list a client sees is derived from the pieces a profile turns on, in the order
 * of EXTENSIONS (extensions/index.ts), never kept by hand.
 */
export interface ImapExtension {
  /** Stable id, used by profiles and `--capabilities`: usually the capability name, e.g. "QRESYNC". */
  readonly id: string;
  /** Where it is specified, e.g. "RFC 7162". */
  readonly rfc: string;
  /** What it is, for help texts and the README. */
  readonly title: string;
  /** Capability names it advertises; may depend on the profile (APPENDLIMIT=n). */
  readonly capabilities: readonly string[] | ((profile: ServerProfile) => readonly string[]);
  /** Commands it adds to the registry (a command several pieces share is registered once). */
  readonly commands?: readonly AnyCommandSpec[];
  /** Names `ENABLE` turns on for it (RFC 5161), e.g. ["QRESYNC"]. */
  readonly enable?: readonly string[];
  /** Ids of pieces it cannot work without; turning one of those off turns this off too. */
  readonly requires?: readonly string[];
  /** Ids of pieces that cannot be on with it (LITERAL+ and LITERAL-); turning it on turns them off. */
  readonly excludes?: readonly string[];
  /** Options and responses it adds to other commands, as "COMMAND option" phrases. */
  readonly options?: readonly string[];
  /** The base protocol: cannot be turned off. */
  readonly mandatory?: boolean;
}

/** Keeps the id's literal type (for ExtensionId) and nothing else of the inferred shape. */
export function defineExtension<const Id extends string>(extension: ImapExtension & { readonly id: Id }): ImapExtension & { readonly id: Id } {
  return extension;
}
