import type { z } from 'zod';
import type { Diagnostic } from './diagnostics.js';
import type { Path, ScenarioSource } from './source.js';
import { withSuggestion } from './suggest.js';
import { descriptionAt, knownKeys } from './zod-walk.js';

/**
 * Validates `value` (found at `base` in the YAML file) against `schema` and turns zod's issues
 * into positioned diagnostics with "did you mean" for unknown keys and the setting's description
 * as a hint. Returns the parsed value, or undefined when there were problems.
 */
export function validateAt<S extends z.ZodType>(
  source: ScenarioSource,
  schema: S,
  value: unknown,
  base: Path,
  out: Diagnostic[],
  /** Maps a path inside `value` to where it actually sits in the file (variant overrides). */
  relocate: (path: Path) => Path = (path) => [...base, ...path],
): z.output<S> | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) out.push(...toDiagnostics(source, schema, value, issue, relocate));
  return undefined;
}

function toDiagnostics(
  source: ScenarioSource,
  schema: z.ZodType,
  value: unknown,
  issue: z.core.$ZodIssue,
  relocate: (path: Path) => Path,
): Diagnostic[] {
  const path = issue.path.map((k) => (typeof k === 'number' ? k : String(k)));
  const where = (p: Path): string => (p.length === 0 ? 'the top level' : p.join('.'));
  if (issue.code === 'unrecognized_keys') {
    const valid = knownKeys(schema, path);
    return issue.keys.map((key) =>
      source.diagnostic(
        relocate([...path, key]),
        withSuggestion(`unknown key "${key}" in ${where(relocate(path))}`, key, valid),
        valid.length > 0 ? `valid keys here: ${valid.join(', ')}` : undefined,
        'key',
      ),
    );
  }
  const hint = descriptionAt(schema, path);
  if (issue.code === 'invalid_type' && lookup(value, path) === undefined) {
    const key = path[path.length - 1];
    return [source.diagnostic(relocate(path.slice(0, -1)), `missing required key "${String(key)}" in ${where(relocate(path.slice(0, -1)))}`, hint, 'key')];
  }
  return [source.diagnostic(relocate(path), `${where(relocate(path))}: ${friendly(issue, lookup(value, path))}`, hint)];
}

function lookup(value: unknown, path: Path): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

function describeValue(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `"${value}"`;
  return String(value);
}

/** zod's messages, reworded for people editing YAML. */
function friendly(issue: z.core.$ZodIssue, received: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${article(issue.expected)}, got ${describeValue(received)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(received)}`;
    case 'invalid_union':
      return `${describeValue(received)} is not valid here`;
    case 'too_small':
      return issue.origin === 'array' || issue.origin === 'string'
        ? `must not be empty`
        : `must be ${issue.inclusive ? 'at least' : 'more than'} ${String(issue.minimum)}, got ${describeValue(received)}`;
    case 'too_big':
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}, got ${describeValue(received)}`;
    default:
      return issue.message;
  }
}

function article(type: string): string {
  const names: Record<string, string> = {
    object: 'a map',
    array: 'a list',
    string: 'text',
    number: 'a number',
    int: 'a whole number',
    boolean: 'true or false',
  };
  return names[type] ?? type;
}
