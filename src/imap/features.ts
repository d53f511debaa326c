/**
 * What one session's server offers: the pieces its profile turns on, and everything derived from
 * them - the capability list, the command registry, the names ENABLE accepts. Built once per
 * profile and shared by every session that uses it.
 */
import type { ServerProfile } from '../providers/profile.js';
import type { AnyCommandSpec } from './command.js';
import { EXTENSIONS, type ExtensionId, type ImapExtension } from './extensions/index.js';
import { bad } from './errors.js';
import { LITERAL_MINUS_MAX } from './extensions/literal-minus.js';

export class ImapFeatures {
  readonly capabilities: readonly string[];
  readonly commands: ReadonlyMap<string, AnyCommandSpec>;
  /** Names ENABLE turns on (RFC 5161): upper-cased name -> canonical spelling. */
  readonly enableable: ReadonlyMap<string, string>;
  private readonly on: ReadonlySet<string>;

  constructor(readonly profile: ServerProfile) {
    const wanted = new Set(profile.imapExtensions);
    const known = new Set<string>(EXTENSIONS.map((e) => e.id));
    const unknown = [...wanted].filter((name) => !known.has(name));
    if (unknown.length > 0) throw new Error(`profile ${profile.name}: unknown IMAP extension ${unknown.join(', ')}`);
    const active = EXTENSIONS.filter((e: ImapExtension) => e.mandatory || wanted.has(e.id));
    const missing = active.flatMap((e: ImapExtension) => (e.requires ?? []).filter((r) => !active.some((a) => a.id === r)).map((r) => `${e.id} needs ${r}`));
    if (missing.length > 0) throw new Error(`profile ${profile.name}: ${missing.join('; ')}`);
    const clashes = active.flatMap((e: ImapExtension) => (e.excludes ?? []).filter((x) => active.some((a) => a.id === x)).map((x) => `${e.id} and ${x}`));
    if (clashes.length > 0) throw new Error(`profile ${profile.name}: ${clashes[0]} cannot both be on`);
    this.on = new Set(active.map((e) => e.id));
    this.capabilities = active.flatMap((e: ImapExtension) => (typeof e.capabilities === 'function' ? e.capabilities(profile) : e.capabilities));
    const commands = new Map<string, AnyCommandSpec>();
    for (const extension of active as readonly ImapExtension[]) for (const spec of extension.commands ?? []) commands.set(spec.name, spec);
    this.commands = commands;
    this.enableable = new Map(active.flatMap((e: ImapExtension) => (e.enable ?? []).map((name) => [name.toUpperCase(), name] as const)));
  }

  /** Largest `{n+}` literal accepted (RFC 7888): unbounded with LITERAL+, 4096 with LITERAL-, else none (-1). */
  get maxNonSyncLiteral(): number {
    if (this.has('LITERAL+')) return Number.POSITIVE_INFINITY;
    return this.has('LITERAL-') ? LITERAL_MINUS_MAX : -1;
  }

  has(id: ExtensionId): boolean {
    return this.on.has(id);
  }

  /** BAD unless the piece is on: for options of commands that stay when the piece is off. */
  require(id: ExtensionId, what: string): void {
    if (!this.on.has(id)) throw bad(`${what} needs ${id}, which this server does not offer`);
  }
}

const cache = new WeakMap<ServerProfile, ImapFeatures>();

/** The features of a profile, built once per profile object. */
export function featuresOf(profile: ServerProfile): ImapFeatures {
  let features = cache.get(profile);
  if (!features) cache.set(profile, (features = new ImapFeatures(profile)));
  return features;
}
