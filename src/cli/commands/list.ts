import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { builtinNames, builtinPath } from '../builtins.js';
import { EXIT, type ExitCode } from '../errors.js';
import type { CliIO } from '../io.js';
import { wrapParagraph } from '../../text/width.js';
import { outputWidth } from '../width.js';

/** `mailsim list`: every built-in scenario and its one-line description. */
export function listCommand(io: CliIO): ExitCode {
  const names = builtinNames();
  const width = Math.max(0, ...names.map((n) => n.length));
  for (const name of names) {
    const file = builtinPath(name);
    // Only the description: built-ins are validated by the tests, and validating fourteen of them
    // here would be most of what `list` costs.
    const description = (parse(readFileSync(file, 'utf8')) as { description?: unknown } | null)?.description;
    // The description wraps under itself, so the names stay a clean column at any width.
    io.stdout.write(`${wrapParagraph(typeof description === 'string' ? description : '', outputWidth(io), `${name.padEnd(width)}  `)}\n`);
  }
  io.stdout.write(`\nRun one with: mailsim run <name>\n`);
  return EXIT.OK;
}
