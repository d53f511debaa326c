import { z } from 'zod';
import { ScenarioSchema } from './schema.js';

/** Where the committed copy lives in the package, for `# yaml-language-server: $schema=` lines. */
export const SCHEMA_FILE = 'schema/scenario.schema.json';

/**
 * The JSON Schema of the scenario format, generated from the zod schema (never hand-written),
 * in input form: defaults are optional, as authors write them.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, title: 'mailsim scenario' };
}

export function renderJsonSchema(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
