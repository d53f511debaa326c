import { builtinPath } from '../../src/cli/builtins.js';
import { RunRecorder } from '../../src/report/html/recorder.js';
import { renderHtml } from '../../src/report/html/render.js';
import { toJsonDocument, type RunJsonDocument } from '../../src/report/json.js';
import { loadScenarioFile } from '../../src/scenario/loader.js';
import { runScenario } from '../../src/scenario/runner.js';
import { VERSION } from '../../src/version.js';

/** A built-in scenario's --html report, made as `mailsim run <name> --html` makes it. */
export async function htmlReport(name: string, options: { explain?: string } = {}): Promise<{ doc: RunJsonDocument; html: string }> {
  const scenario = await loadScenarioFile(builtinPath(name), `scenarios/${name}.yaml`);
  const recorder = new RunRecorder();
  const doc = toJsonDocument(await runScenario(scenario, recorder.listeners()), VERSION, recorder);
  return { doc, html: renderHtml(doc, options) };
}
