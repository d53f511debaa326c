import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes a file the command keeps only to save time (its code cache, the run's certificate, the
 * parsed built-ins): whole or not at all, through a rename, so a run beside this one never reads
 * half of it. Where it cannot be written (a directory owned by root, a full disk) nothing is
 * kept and nothing is thrown: the next run simply makes it again.
 */
export function keepFile(file: string, data: string | Uint8Array, mode?: number): void {
  const partial = `${file}.${process.pid}.partial`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(partial, data, mode === undefined ? undefined : { mode });
    renameSync(partial, file);
  } catch {
    try {
      rmSync(partial, { force: true });
    } catch {
      // Nothing was written there either.
    }
  }
}
