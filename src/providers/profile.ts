/**
 * A server profile: which protocol extensions a server offers and the limits it sets, as data.
 * The standard profile is "like Dovecot"; provider profiles (gmail, outlook) will be built from it
 * with deriveProfile(), switching pieces on or off. Handlers never test a profile's name; they
 * ask whether an extension is on.
 */
export interface ServerProfile {
  /** Short name, as `provider:` will name it in a scenario, e.g. "standard". */
  readonly name: string;
  /** One line for help and reports. */
  readonly description: string;
  /**
   * IMAP extensions turned on, by id (the `id` of each piece in src/imap/extensions). The order
   * here does not matter: capabilities are always advertised in the registry's order.
   */
  readonly imapExtensions: readonly string[];
  /**
   * Largest message APPEND accepts, in octets (advertised as APPENDLIMIT=n, RFC 7889). Bounded by
   * the literal limit of the IMAP syntax layer, which no profile can raise.
   */
  readonly appendLimit: number;
}

export interface ProfileChanges {
  /** Name of the derived profile. */
  readonly name?: string;
  readonly description?: string;
  /** Extension ids to turn on. */
  readonly on?: readonly string[];
  /** Extension ids to turn off. */
  readonly off?: readonly string[];
  readonly appendLimit?: number;
}

/** A profile built on `base`: its extensions plus `on`, minus `off`, and its limits unless changed. */
export function deriveProfile(base: ServerProfile, changes: ProfileChanges): ServerProfile {
  const off = new Set(changes.off ?? []);
  const extensions = [...new Set([...base.imapExtensions, ...(changes.on ?? [])])].filter((id) => !off.has(id));
  return {
    name: changes.name ?? base.name,
    description: changes.description ?? base.description,
    imapExtensions: extensions,
    appendLimit: changes.appendLimit ?? base.appendLimit,
  };
}
