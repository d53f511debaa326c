import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the built-in scenarios live: `scenarios/` at the package root, from src/ or dist/. */
export const BUILTIN_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));

export function builtinNames(): string[] {
  if (!existsSync(BUILTIN_DIR)) return [];
  return readdirSync(BUILTIN_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
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
