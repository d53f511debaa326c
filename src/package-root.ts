import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The directory holding mailsim's package.json (and scenarios/), found by walking up from this
 * module. A fixed '../..' would hold only for one layout: this file runs from src/ (tests, tsx),
 * from dist/ (the library) and from a chunk of the bundled CLI in dist/cli/, at different depths.
 */
export const PACKAGE_ROOT: string = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'mailsim') return dir;
    if (path.dirname(dir) === dir) throw new Error(`mailsim's package.json was not found above ${from}: reinstall mailsim (npm install)`);
  }
}
