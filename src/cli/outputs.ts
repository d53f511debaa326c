import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from './errors.js';

const EXAMPLE_NAMES: Record<string, string> = { '--junit': 'mailsim.xml', '--trace-file': 'wire.txt', '--html': 'report.html' };

/**
 * Checks, before a run, that an output file (--junit, --trace-file, --html) can be written, so a typo in
 * its path fails in a second instead of after the whole report. Creates nothing: a run that then
 * fails for another reason leaves no empty report behind.
 */
export async function assertWritable(cwd: string, target: string, flag: string): Promise<void> {
  const file = path.resolve(cwd, target);
  const fail = (reason: string): never => {
    throw new UsageError(`${flag} ${target}: cannot write: ${reason}`);
  };
  const existing = await stat(file).catch(() => undefined);
  if (existing?.isDirectory()) fail(`it is a directory; name a file in it, e.g. ${path.join(target, EXAMPLE_NAMES[flag] ?? 'out.txt')}`);
  if (existing) {
    await access(file, constants.W_OK).catch(() => fail('permission denied'));
    return;
  }
  const dir = path.dirname(file);
  const shown = path.relative(cwd, dir) || '.';
  const parent = await stat(dir).catch(() => undefined);
  if (!parent) fail(`no such directory "${shown}" (create it first: mkdir -p ${shown})`);
  if (!parent!.isDirectory()) fail(`"${shown}" is not a directory`);
  await access(dir, constants.W_OK).catch(() => fail(`permission denied in "${shown}"`));
}
