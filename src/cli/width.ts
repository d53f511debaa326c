import { DEFAULT_WIDTH, MIN_WIDTH } from '../text/width.js';
import type { CliIO } from './io.js';

/**
 * The width output is laid out for: --width if given, else the terminal's columns when stdout is
 * one, else COLUMNS if set, else 100. Never below MIN_WIDTH. Every report is byte-identical for
 * a given width, so a test or a CI log pins it with --width or COLUMNS.
 */
export function outputWidth(io: CliIO, flag?: number): number {
  if (flag !== undefined) return Math.max(MIN_WIDTH, flag);
  const columns = io.stdout.isTTY === true ? io.stdout.columns : undefined;
  if (columns !== undefined && columns > 0) return Math.max(MIN_WIDTH, columns);
  const env = Number(io.env.COLUMNS);
  if (Number.isInteger(env) && env > 0) return Math.max(MIN_WIDTH, env);
  return DEFAULT_WIDTH;
}

/** Help is laid out as commander does by default, at 80 columns, unless the terminal or COLUMNS say less or more. */
export function helpWidth(io: CliIO): number {
  const columns = io.stdout.isTTY === true ? io.stdout.columns : undefined;
  if (columns !== undefined && columns > 0) return Math.max(MIN_WIDTH, columns);
  const env = Number(io.env.COLUMNS);
  return Number.isInteger(env) && env > 0 ? Math.max(MIN_WIDTH, env) : 80;
}
