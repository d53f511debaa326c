import { Chalk, type ChalkInstance } from 'chalk';
import { reflow, wrapParagraph } from '../text/width.js';

/**
 * How the text report is drawn: colours (off when not a TTY or NO_COLOR is set,
 * https://no-color.org) and the width it must fit, in columns (undefined: no limit). The same
 * width always gives the same bytes.
 */
export interface Style {
  readonly color: boolean;
  readonly chalk: ChalkInstance;
  readonly width?: number;
}

export function makeStyle(color: boolean, width?: number): Style {
  return { color, chalk: new Chalk({ level: color ? 1 : 0 }), ...(width === undefined ? {} : { width }) };
}

/** The CLI's rule: colour only for a terminal, and never when NO_COLOR is set to anything non-empty. */
export function colorWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

/**
 * One line of prose at the style's width: wrapped at word boundaries, the first line starting
 * with `first`, the others with `hanging` (default: as wide as `first`). Unchanged without a width.
 */
export function wrap(style: Style, text: string, first = '', hanging?: string): string {
  return style.width === undefined ? first + text : wrapParagraph(text, style.width, first, hanging);
}

/** Prose the author hard-wrapped (a lesson), re-wrapped to the style's width. */
export function rewrap(style: Style, text: string, indent = ''): string {
  if (style.width === undefined) return text.trimEnd().split('\n').map((line) => (line === '' ? line : indent + line)).join('\n');
  return reflow(text, style.width, indent);
}
