import { z } from 'zod';
import type { Diagnostic } from './diagnostics.js';
import { validateAt } from './issues.js';
import type { Path, ScenarioSource } from './source.js';
import { didYouMean } from './suggest.js';

/**
 * Validation that keeps going. A zod object fails as a whole, so one typo in `devices:` would hide
 * every problem in `steps:` and `expect:` until it is fixed. These validate a map key by key (and
 * chosen records entry by entry), report every problem, and return the parts that are valid, so
 * the loader can go on to check references with what it has.
 */

type Shape = Record<string, z.ZodType>;

export interface FieldOptions {
  /** Record fields checked entry by entry: one bad device or account does not drop the others. */
  readonly entrywise?: readonly string[];
  /**
   * An unknown key one typo away from a known one that is absent ("expec:") is still an error,
   * but its value is checked as the key it was meant to be, so the problems inside it show now
   * rather than after the rename. The source learns the alias, so positions stay exact.
   */
  readonly readNearMisses?: boolean;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The valid fields of `raw` against an object schema; undefined when `raw` is not a map at all. */
export function validateFields(source: ScenarioSource, schema: z.ZodObject, raw: unknown, base: Path, out: Diagnostic[], options: FieldOptions = {}): Record<string, unknown> | undefined {
  const shape = schema.shape as Shape;
  if (!isMap(raw)) {
    validateAt(source, schema, raw, base, out);
    return undefined;
  }
  // Unknown keys, reported once with the usual "did you mean".
  validateAt(source, z.strictObject(Object.fromEntries(Object.keys(shape).map((key) => [key, z.unknown().optional()]))), raw, base, out);
  const value: Record<string, unknown> = { ...raw };
  if (options.readNearMisses) {
    for (const key of Object.keys(raw)) {
      if (key in shape) continue;
      const meant = didYouMean(key, Object.keys(shape));
      if (meant === undefined || meant in raw) continue;
      value[meant] = raw[key];
      source.alias([...base, meant], [...base, key]);
    }
  }
  const valid: Record<string, unknown> = {};
  for (const [key, fieldSchema] of Object.entries(shape)) {
    const parsed = options.entrywise?.includes(key) && isMap(value[key])
      ? validateEntries(source, fieldSchema, value[key], [...base, key], out)
      : validateAt(source, z.object({ [key]: fieldSchema }), { [key]: value[key] }, base, out)?.[key];
    if (parsed !== undefined) valid[key] = parsed;
  }
  return valid;
}

/** The valid entries of a record, each validated alone; unwraps .optional() and the like. */
function validateEntries(source: ScenarioSource, schema: z.ZodType, raw: Record<string, unknown>, base: Path, out: Diagnostic[]): Record<string, unknown> {
  let record: z.ZodType = schema;
  while (record instanceof z.ZodOptional || record instanceof z.ZodDefault) record = record.unwrap() as z.ZodType;
  const valid: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(raw)) {
    const parsed = validateAt(source, record, { [key]: entry }, base, out) as Record<string, unknown> | undefined;
    if (parsed && key in parsed) valid[key] = parsed[key];
  }
  return valid;
}
