import { Chalk, type ChalkInstance } from 'chalk';

/** Colours for the text report. Off when not a TTY or NO_COLOR is set (https://no-color.org). */
export interface Style {
  readonly color: boolean;
  readonly chalk: ChalkInstance;
}

export function makeStyle(color: boolean): Style {
  return { color, chalk: new Chalk({ level: color ? 1 : 0 }) };
}

/** The CLI's rule: colour only for a terminal, and never when NO_COLOR is set to anything non-empty. */
export function colorWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}
