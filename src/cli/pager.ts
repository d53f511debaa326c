import { spawn } from 'node:child_process';
import type { CliIO } from './io.js';

/** What the pager decision looks at: the terminal stdout is (if any), the environment, the flag. */
export interface PagerContext {
  readonly isTTY?: boolean | undefined;
  /** Terminal height and width, when stdout is a terminal. */
  readonly rows?: number | undefined;
  readonly columns?: number | undefined;
  readonly env: NodeJS.ProcessEnv;
  /** false for --no-pager. */
  readonly pager?: boolean | undefined;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/** Terminal rows `text` takes: each line, wrapped at `columns`, at least one row. */
export function screenRows(text: string, columns: number | undefined): number {
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  if (!columns || columns <= 0) return lines.length;
  return lines.reduce((rows, line) => rows + Math.max(1, Math.ceil([...line.replace(ANSI, '')].length / columns)), 0);
}

/**
 * The pager command for `text`, or undefined to print it directly. As git does: only when stdout
 * is a terminal, never when piped or redirected, not with --no-pager, and only when the text is
 * taller than the terminal (the prompt line counts). MAILSIM_PAGER, else PAGER, else less; an
 * empty value or "cat" means no pager.
 */
export function pagerCommand(text: string, context: PagerContext): string | undefined {
  if (context.pager === false || context.isTTY !== true) return undefined;
  if (!context.rows || screenRows(text, context.columns) < context.rows) return undefined;
  const command = (context.env.MAILSIM_PAGER ?? context.env.PAGER ?? 'less').trim();
  return command === '' || command === 'cat' ? undefined : command;
}

/** Writes the report to stdout, through the pager when pagerCommand says so and the CLI can run one. */
export async function writePaged(io: CliIO, text: string, flags: { pager?: boolean }): Promise<void> {
  const stdout = io.stdout as { isTTY?: boolean; rows?: number; columns?: number };
  const command = pagerCommand(text, { isTTY: stdout.isTTY, rows: stdout.rows, columns: stdout.columns, env: io.env, pager: flags.pager });
  if (command === undefined || !io.page || !(await io.page(command, text))) io.stdout.write(text);
}

/**
 * Runs `command` through the shell with `text` on its stdin and the terminal as its stdout, as
 * git runs its pager: LESS=FRX unless set (quit if one screen, keep colours, leave the text on
 * the screen) and LV=-c. Ctrl-C is the pager's while it runs. Resolves false when the command
 * could not be run (the shell's 127), so the caller prints the text itself.
 */
export function runPager(command: string, text: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  return new Promise((resolve) => {
    const ignoreInterrupt = (): void => undefined;
    process.on('SIGINT', ignoreInterrupt);
    const child = spawn(command, { shell: true, stdio: ['pipe', 'inherit', 'inherit'], env: { ...env, LESS: env.LESS ?? 'FRX', LV: env.LV ?? '-c' } });
    const done = (shown: boolean): void => {
      process.off('SIGINT', ignoreInterrupt);
      resolve(shown);
    };
    child.on('error', () => done(false));
    child.on('close', (code) => done(code !== 127));
    // The reader may quit before reading everything (q in less): that is not an error.
    child.stdin.on('error', () => undefined);
    child.stdin.end(text);
  });
}
