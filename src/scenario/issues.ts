import type { z } from 'zod';
import type { Diagnostic } from './diagnostics.js';
import type { Path, ScenarioSource } from './source.js';
import { withSuggestion } from './suggest.js';
import { descriptionAt, hasOwnError, knownKeys } from './zod-walk.js';

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
  /** Says more about an unknown key, e.g. that it belongs to another protocol's settings. */
  explainUnknownKey?: (key: string) => string | undefined,
): z.output<S> | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) out.push(...toDiagnostics(source, schema, value, issue, relocate, explainUnknownKey));
  return undefined;
}

function toDiagnostics(
  source: ScenarioSource,
  schema: z.ZodType,
  value: unknown,
  issue: z.core.$ZodIssue,
  relocate: (path: Path) => Path,
  explainUnknownKey: ((key: string) => string | undefined) | undefined,
): Diagnostic[] {
  const path = issue.path.map((k) => (typeof k === 'number' ? k : String(k)));
  const where = (p: Path): string => pathText(source, p);
  if (issue.code === 'unrecognized_keys') {
    const valid = knownKeys(schema, path);
    return issue.keys.map((key) => {
      const explained = explainUnknownKey?.(key);
      return source.diagnostic(
        relocate([...path, key]),
        explained ? `unknown key "${key}" in ${where(relocate(path))}: ${explained}` : withSuggestion(`unknown key "${key}" in ${where(relocate(path))}`, key, valid),
        valid.length > 0 ? `valid keys here: ${valid.join(', ')}` : undefined,
        'key',
      );
    });
  }
  const hint = descriptionAt(schema, path);
  if (issue.code === 'invalid_key') {
    // A record key that fails its own rule (an account that is not an address, a device name with a space).
    const key = path[path.length - 1];
    const rule = issue.issues[0]?.message ?? 'not a valid name here';
    return [source.diagnostic(relocate(path), `${where(relocate(path.slice(0, -1)))}: the key "${String(key)}" is not valid: ${rule}`, descriptionAt(schema, path.slice(0, -1)), 'key')];
  }
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && path.length > 0 && lookup(value, path) === undefined) {
    const key = path[path.length - 1];
    return [source.diagnostic(relocate(path.slice(0, -1)), `missing required key "${String(key)}" in ${where(relocate(path.slice(0, -1)))}`, hint, 'key')];
  }
  // A schema that words its own type error ("a duration such as 10m") knows better than "text".
  const expected = issue.code === 'invalid_type' && hasOwnError(schema, path) ? issue.message : undefined;
  return [source.diagnostic(relocate(path), `${where(relocate(path))}: ${friendly(issue, lookup(value, path), expected)}`, hint)];
}

/**
 * A path as the person editing the file thinks of it: "step 2 (read, line 9)" rather than
 * "steps.1.read", which counts from zero, and "variant imap, step 1 (sync, line 30)" for a
 * variant's own steps; other paths as dotted keys, "the top level" for none.
 */
export function pathText(source: ScenarioSource, path: Path): string {
  if (path.length === 0) return 'the top level';
  const at = path[0] === 'steps' ? 0 : path[0] === 'variants' && path[2] === 'steps' ? 2 : -1;
  const index = path[at + 1];
  if (at === -1 || typeof index !== 'number') return path.join('.');
  const [kind, ...rest] = path.slice(at + 2);
  const line = source.valueAt(path.slice(0, at + 2)).line;
  const step = `${at === 2 ? `variant ${String(path[1])}, ` : ''}step ${index + 1} (${kind === undefined ? '' : `${kind}, `}line ${line})`;
  return rest.length > 0 ? `${step}, ${rest.join('.')}` : step;
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
function friendly(issue: z.core.$ZodIssue, received: unknown, expected: string | undefined): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${expected ?? article(issue.expected)}, got ${describeValue(received)}`;
    case 'invalid_value': {
      const text = `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(received)}`;
      // "gmial" -> did you mean "gmail"?
      return typeof received === 'string' ? withSuggestion(text, received, issue.values.filter((v): v is string => typeof v === 'string')) : text;
    }
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
