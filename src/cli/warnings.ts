import { formatWarning } from '../scenario/diagnostics.js';
import type { Scenario } from '../scenario/types.js';
import type { CliIO } from './io.js';

/** Loader warnings go to stderr before anything else, so they are seen but never mix with results. */
export function writeWarnings(scenario: Scenario, io: CliIO): void {
  for (const warning of scenario.warnings ?? []) io.stderr.write(`${formatWarning(warning)}\n`);
}
