import { z } from 'zod';
import { ScenarioSchema } from './schema.js';

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
