import type { z } from 'zod';

/**
 * Walks a zod schema along a value path, so an error deep in a scenario can name the keys that
 * would have been valid there ("did you mean") and quote the setting's description as a hint.
 * Unions are not descended into: their members disagree about which keys exist.
 */
type AnySchema = z.ZodType;

interface Def {
  type: string;
  shape?: Record<string, AnySchema>;
  valueType?: AnySchema;
  element?: AnySchema;
  innerType?: AnySchema;
  in?: AnySchema;
  error?: unknown;
}

function def(schema: AnySchema): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** Strips optional/default/nullable/pipe wrappers. */
function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (;;) {
    const d = def(current);
    if ((d.type === 'optional' || d.type === 'default' || d.type === 'nullable' || d.type === 'prefault') && d.innerType) {
      current = d.innerType;
    } else if (d.type === 'pipe' && d.in) {
      current = d.in;
    } else {
      return current;
    }
  }
}

export function schemaAt(schema: AnySchema, path: readonly PropertyKey[]): AnySchema | undefined {
  let current: AnySchema | undefined = schema;
  for (const key of path) {
    if (!current) return undefined;
    const d = def(unwrap(current));
    if (d.type === 'object' && d.shape) current = d.shape[String(key)];
    else if (d.type === 'record') current = d.valueType;
    else if (d.type === 'array') current = d.element;
    else return undefined;
  }
  return current;
}

/** The keys an object schema at `path` accepts, or [] when it is not a plain object. */
export function knownKeys(schema: AnySchema, path: readonly PropertyKey[]): string[] {
  const at = schemaAt(schema, path);
  if (!at) return [];
  const d = def(unwrap(at));
  return d.type === 'object' && d.shape ? Object.keys(d.shape) : [];
}

/** The `.describe()` text of the setting at `path`, looking through wrappers. */
export function descriptionAt(schema: AnySchema, path: readonly PropertyKey[]): string | undefined {
  let current = schemaAt(schema, path);
  while (current) {
    if (current.description) return current.description;
    const d = def(current);
    current = d.innerType ?? d.in;
  }
  return undefined;
}

/** Whether the schema at `path` words its own errors (`z.string({ error })`), looking through wrappers. */
export function hasOwnError(schema: AnySchema, path: readonly PropertyKey[]): boolean {
  const at = schemaAt(schema, path);
  return at !== undefined && def(unwrap(at)).error !== undefined;
}
