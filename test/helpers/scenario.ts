import { ScenarioError, type Diagnostic } from '../../src/scenario/diagnostics.js';
import { parseScenario } from '../../src/scenario/loader.js';

/** Every problem the loader reports for `text`, in file order; throws if it accepts the scenario. */
export function diagnosticsOf(text: string, file = 'test.yaml'): Diagnostic[] {
  try {
    parseScenario(text, file);
  } catch (error) {
    if (error instanceof ScenarioError) return [...error.diagnostics];
    throw error;
  }
  throw new Error('expected the scenario to be rejected');
}
