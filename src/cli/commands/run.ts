import path from 'node:path';
import { loadScenarioFile } from '../../scenario/loader.js';
import { runScenario } from '../../scenario/runner.js';
import { withSuggestion } from '../../scenario/suggest.js';
import { colorWanted, makeStyle } from '../../report/style.js';
import { renderRun } from '../../report/text.js';
import { builtinNames, builtinPath, looksLikePath } from '../builtins.js';
import { EXIT, UsageError, type ExitCode } from '../errors.js';
import type { CliIO } from '../io.js';

export interface RunFlags {
  readonly seed?: number;
  readonly variant?: string[];
  readonly timeline: boolean;
  readonly color: boolean;
}

export async function runCommand(arg: string, flags: RunFlags, io: CliIO): Promise<ExitCode> {
  const { file, display } = resolveScenarioArg(arg, io);
  const scenario = await loadScenarioFile(file, display);
  if (flags.variant) {
    const known = scenario.variants.map((v) => v.name);
    for (const name of flags.variant) {
      if (!known.includes(name)) throw new UsageError(withSuggestion(`scenario ${scenario.name} has no variant "${name}"`, name, known) + ` (variants: ${known.join(', ')})`);
    }
  }
  const result = await runScenario(scenario, {
    ...(flags.seed === undefined ? {} : { seed: flags.seed }),
    ...(flags.variant ? { variants: flags.variant } : {}),
  });
  const style = makeStyle(flags.color && colorWanted(io.stdout, io.env));
  io.stdout.write(renderRun(result, { style, timeline: flags.timeline }));
  return EXIT.OK;
}

/**
 * A built-in name, or a path relative to the working directory. `display` is how errors name the
 * file: as the user typed it, or scenarios/<name>.yaml for a built-in.
 */
export function resolveScenarioArg(arg: string, io: CliIO): { file: string; display: string } {
  if (looksLikePath(arg, io.cwd)) return { file: path.resolve(io.cwd, arg), display: arg };
  const names = builtinNames();
  if (names.includes(arg)) return { file: builtinPath(arg), display: `scenarios/${arg}.yaml` };
  throw new UsageError(withSuggestion(`no built-in scenario named "${arg}"`, arg, names) + `\n  built-ins: ${names.join(', ')}\n  (a file path needs a .yaml ending or a slash, e.g. ./${arg}.yaml)`);
}
