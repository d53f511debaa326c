import { CommanderError } from 'commander';
import { plural } from '../text/plural.js';
import { builtinNames, looksLikePath } from './builtins.js';

/**
 * commander's usage errors, in mailsim's words: one `mailsim:` prefix like every other error,
 * "did you mean" the way the scenario errors say it, and a pointer to the right --help.
 * commander itself prints nothing (its outputError is silenced in program.ts).
 */
export function commanderErrorText(error: CommanderError, argv: readonly string[], commands: readonly string[], cwd: string): string {
  const [first = '', ...suggestion] = error.message.replace(/^error: /, '').split('\n');
  let text = first
    .replace(/'([^']*)'/g, '"$1"')
    .replace(/^too many arguments for "(.+)"\. Expected (\d+) arguments? but got (\d+)\.$/, (_, cmd: string, want: string, got: string) => `"${cmd}" takes ${plural(Number(want), 'argument')}, got ${got}`)
    .replace(/^option "(.+)" argument missing$/, 'option "$1" needs a value')
    .replace(/\.$/, '');
  const named = /^\(Did you mean (.+)\?\)$/.exec(suggestion.join(' ').trim())?.[1];
  if (named) text += `; did you mean "${named}"?`;
  const unknown = /^unknown command "(.*)"$/.exec(text)?.[1];
  if (unknown !== undefined && !named && (builtinNames().includes(unknown) || looksLikePath(unknown, cwd))) {
    text += `; to run that scenario: mailsim run ${unknown}`;
  }
  const command = commands.includes(argv[0] ?? '') ? `mailsim ${argv[0]} --help` : 'mailsim --help';
  return `mailsim: ${text}\n  (${command} shows the usage)\n`;
}
