import type { StepArgs } from './schema.js';

/** The subjects a deliver step produces: the subject itself, or "subject (1)"... with count. */
export function deliveredSubjects(args: StepArgs['deliver']): string[] {
  if (args.count === undefined) return [args.subject];
  return Array.from({ length: args.count }, (_, i) => `${args.subject} (${i + 1})`);
}
