import '../zod-jitless.js';
import { ScenarioError } from '../../scenario/diagnostics.js';
import { loadScenarioFile } from '../../scenario/loader.js';
import { EXIT, type ExitCode } from '../errors.js';
import type { CliIO } from '../io.js';
import { writeWarnings } from '../warnings.js';
import { resolveScenarioArg } from '../scenario-arg.js';
import { plural } from '../../text/plural.js';

/**
 * `mailsim validate <file...>`: checks scenarios without running them. Reports every problem in
 * every file, then exits 2 if any file had one.
 */
export async function validateCommand(args: readonly string[], io: CliIO): Promise<ExitCode> {
  let bad = 0;
  for (const arg of args) {
    const { file, display } = resolveScenarioArg(arg, io);
    try {
      const scenario = await loadScenarioFile(file, display);
      writeWarnings(scenario, io);
      const checks = scenario.variants.reduce((n, v) => n + v.checks.length, 0);
      io.stdout.write(`ok  ${display} (${plural(scenario.variants.length, 'variant')}, ${plural(scenario.steps.length, 'step')}, ${plural(checks, 'check')})\n`);
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      bad++;
      io.stderr.write(`${error.message}\n`);
    }
  }
  if (bad > 0) io.stderr.write(`${bad} of ${plural(args.length, 'scenario')} invalid\n`);
  return bad > 0 ? EXIT.USAGE : EXIT.OK;
}
