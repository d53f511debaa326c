import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';

/** Where the built-in scenarios live: `scenarios/` at the package root. */
export const BUILTIN_DIR = path.join(PACKAGE_ROOT, 'scenarios');

/** Teaching order for `mailsim list`: the seed story, then POP3's lessons, then IMAP's, then ports and providers. */
const LESSON_ORDER = [
  'laptop-phone',
  'pop3-modern-defaults',
  'pop3-leave-on-server',
  'pop3-delete-after-days',
  'pop3-laptop-imap-phone',
  'imap-folders',
  'imap-headers-first',
  'imap-push-vs-poll',
  'imap-offline',
  'imap-qresync',
  'imap-delete-models',
  'reply-from-phone',
  'switch-to-imap',
  'ports-and-tls',
  'gmail-pop-two-devices',
  'gmail-labels',
];

export function builtinNames(): string[] {
  if (!existsSync(BUILTIN_DIR)) return [];
  const rank = (name: string): number => {
    const i = LESSON_ORDER.indexOf(name);
    return i === -1 ? LESSON_ORDER.length : i;
  };
  return readdirSync(BUILTIN_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
}

export function builtinPath(name: string): string {
  return path.join(BUILTIN_DIR, `${name}.yaml`);
}

/**
 * A scenario argument is a file path when it looks like one (has a slash or a .yaml/.yml ending)
 * or names an existing file; otherwise it names a built-in scenario.
 */
export function looksLikePath(arg: string, cwd: string): boolean {
  return /[\\/]/.test(arg) || /\.ya?ml$/i.test(arg) || existsSync(path.resolve(cwd, arg));
}
