import path from 'node:path';
import { withSuggestion } from '../scenario/suggest.js';
import { builtinNames, builtinPath, looksLikePath } from './builtins.js';
import { UsageError } from './errors.js';
import type { CliIO } from './io.js';

// Its own module so that `validate` reaches the scenario loader without the runner, and with it
// the protocol libraries (imapflow, nodemailer, postal-mime), which it never uses.

/**
 * A built-in name, or a path relative to the working directory. `display` is how errors name the
 * file: as the user typed it, or scenarios/<name>.yaml for a built-in (`builtin`).
 */
export function resolveScenarioArg(arg: string, io: CliIO): { file: string; display: string; builtin: boolean } {
  if (looksLikePath(arg, io.cwd)) return { file: path.resolve(io.cwd, arg), display: arg, builtin: false };
  const names = builtinNames();
  if (names.includes(arg)) return { file: builtinPath(arg), display: `scenarios/${arg}.yaml`, builtin: true };
  throw new UsageError(withSuggestion(`no built-in scenario named "${arg}"`, arg, names) + `\n  built-ins: ${names.join(', ')}\n  (a file path needs a .yaml ending or a slash, e.g. ./${arg}.yaml)`);
}
