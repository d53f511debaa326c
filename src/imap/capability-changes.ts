/**
 * `--capabilities -QRESYNC,-COMPRESS` and `startServer({ capabilities })`: a developer turns IMAP
 * extensions off (or on) to test a client against a server without them. Names are capability
 * names as a client sees them, or their part before "=" (COMPRESS for COMPRESS=DEFLATE, THREAD for
 * every THREAD=...). Turning a piece off turns off what needs it; turning one on, what it needs.
 */
import { deriveProfile, type ServerProfile } from '../providers/profile.js';
import { EXTENSIONS, type ImapExtension } from './extensions/index.js';

export class CapabilityChangeError extends Error {
  constructor(
    message: string,
    /** The name that was not understood, if that was the problem, and what could have been named. */
    readonly unknown?: { readonly name: string; readonly known: readonly string[] },
  ) {
    super(message);
    this.name = 'CapabilityChangeError';
  }
}

export interface CapabilityChangeResult {
  readonly profile: ServerProfile;
  /** What else changed and why, e.g. "QRESYNC off (it needs CONDSTORE)". */
  readonly notes: readonly string[];
}

const ALL: readonly ImapExtension[] = EXTENSIONS;

function names(extension: ImapExtension, profile: ServerProfile): string[] {
  const capabilities = typeof extension.capabilities === 'function' ? extension.capabilities(profile) : extension.capabilities;
  return [extension.id, ...capabilities, ...capabilities.map((c) => c.split('=')[0]!)].map((n) => n.toUpperCase());
}

function matching(name: string, profile: ServerProfile): ImapExtension[] {
  const wanted = name.toUpperCase();
  return ALL.filter((extension) => names(extension, profile).includes(wanted));
}

/** Applies "+NAME" / "NAME" (on) and "-NAME" (off) to a profile, in the order given. */
export function applyCapabilityChanges(profile: ServerProfile, changes: readonly string[]): CapabilityChangeResult {
  const on = new Set(profile.imapExtensions);
  const notes: string[] = [];
  for (const raw of changes) {
    const change = raw.trim();
    if (change === '') continue;
    const off = change.startsWith('-');
    const name = change.replace(/^[-+]/, '');
    const found = matching(name, profile);
    if (found.length === 0) {
      const known = [...new Set(ALL.filter((e) => !e.mandatory).map((e) => e.id))];
      throw new CapabilityChangeError(`unknown IMAP capability "${name}"; known: ${known.join(', ')}`, { name, known });
    }
    for (const extension of found) {
      if (off) {
        if (extension.mandatory) throw new CapabilityChangeError(`${extension.id} is the base protocol and cannot be turned off`);
        turnOff(extension.id, on, notes);
      } else {
        turnOn(extension.id, on, notes);
      }
    }
  }
  return { profile: deriveProfile(profile, { on: [...on], off: profile.imapExtensions.filter((id) => !on.has(id)) }), notes };
}

function turnOff(id: string, on: Set<string>, notes: string[], because?: string): void {
  if (!on.delete(id) && because !== undefined) return;
  if (because !== undefined) notes.push(`${id} off too (it needs ${because})`);
  for (const dependant of ALL) if (on.has(dependant.id) && (dependant.requires ?? []).includes(id)) turnOff(dependant.id, on, notes, id);
}

function turnOn(id: string, on: Set<string>, notes: string[], neededBy?: string): void {
  const extension = ALL.find((e) => e.id === id)!;
  if (extension.mandatory || on.has(id)) return;
  on.add(id);
  if (neededBy !== undefined) notes.push(`${id} on too (${neededBy} needs it)`);
  for (const excluded of extension.excludes ?? []) {
    if (!on.has(excluded)) continue;
    notes.push(`${excluded} off (it cannot be on with ${id})`);
    turnOff(excluded, on, notes);
  }
  for (const required of extension.requires ?? []) turnOn(required, on, notes, id);
}
