import { parseScenario } from '../../scenario/loader.js';
import { readFileSync } from 'node:fs';
import { builtinNames, builtinPath } from '../builtins.js';
import { EXIT, type ExitCode } from '../errors.js';
import type { CliIO } from '../io.js';

/** `mailsim list`: every built-in scenario and its one-line description. */
export function listCommand(io: CliIO): ExitCode {
  const names = builtinNames();
  const width = Math.max(0, ...names.map((n) => n.length));
  for (const name of names) {
    const file = builtinPath(name);
    const scenario = parseScenario(readFileSync(file, 'utf8'), file);
    io.stdout.write(`${name.padEnd(width)}  ${scenario.description ?? ''}\n`);
  }
  io.stdout.write(`\nRun one with: mailsim run <name>\n`);
  return EXIT.OK;
}
