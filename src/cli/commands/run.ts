import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runScenario } from '../../scenario/runner.js';
import { withSuggestion } from '../../scenario/suggest.js';
import { countFailures, renderFailuresOnly } from '../../report/expectations.js';
import { deliveredSubjects, renderExplain } from '../../report/explain.js';
// The JSON, JUnit and HTML writers (and the zod schemas they validate with) load only when a flag
// asks for them: a plain run should not pay for them at start-up.
import type { RunRecorder } from '../../report/html/recorder.js';
import { colorWanted, makeStyle } from '../../report/style.js';
import { renderRun } from '../../report/text.js';
import { renderTrace, type TraceLine } from '../../report/trace.js';
import { VERSION } from '../../version.js';
import { EXIT, UsageError, type ExitCode } from '../errors.js';
import type { CliIO } from '../io.js';
import { openInBrowser } from '../open-browser.js';
import { progressFor, refuseLongRun } from '../long-runs.js';
import { assertWritable } from '../outputs.js';
import { writePaged } from '../pager.js';
import { outputWidth } from '../width.js';
import { writeWarnings } from '../warnings.js';
import { resolveScenarioArg } from '../scenario-arg.js';
import { keptRunCertificate } from '../run-certificate.js';
import { RUN_HEAP_GROWING_PERCENT } from '../heap-growth.js';
import { loadScenarioKept } from '../scenario-cache.js';

export interface RunFlags {
  readonly seed?: number;
  readonly variant?: string[];
  readonly timeline: boolean;
  readonly maxRows?: number;
  readonly color: boolean;
  readonly json?: boolean;
  readonly junit?: string;
  readonly quiet?: boolean;
  readonly trace?: boolean;
  readonly traceFile?: string;
  readonly explain?: string;
  readonly html?: string;
  readonly open?: boolean;
  readonly maxEvents?: number;
  /** false with --no-pager. */
  readonly pager?: boolean;
  readonly width?: number;
}

export async function runCommand(arg: string, flags: RunFlags, io: CliIO): Promise<ExitCode> {
  const { file, display, builtin } = resolveScenarioArg(arg, io);
  const scenario = await loadScenarioKept(file, display, builtin, io.cache);
  writeWarnings(scenario, io);
  if (flags.variant) {
    const known = scenario.variants.map((v) => v.name);
    for (const name of flags.variant) {
      if (!known.includes(name)) throw new UsageError(withSuggestion(`scenario ${scenario.name} has no variant "${name}"`, name, known) + ` (variants: ${known.join(', ')})`);
    }
  }
  if (flags.open && flags.html === undefined) throw new UsageError('--open opens the HTML report: add --html <file>, e.g. --html report.html --open');
  if (flags.junit) await assertWritable(io.cwd, flags.junit, '--junit');
  if (flags.traceFile) await assertWritable(io.cwd, flags.traceFile, '--trace-file');
  if (flags.html) await assertWritable(io.cwd, flags.html, '--html');
  refuseLongRun(scenario, flags.variant, flags.maxEvents, `mailsim run ${arg}${flags.variant ? ` --variant ${flags.variant.join(' ')}` : ''}`);
  const trace: TraceLine[] = [];
  const tracing = flags.trace === true || flags.traceFile !== undefined;
  const onTrace = tracing ? (variant: string, device: string, event: TraceLine['event']) => void trace.push({ variant, device, event }) : undefined;
  // The HTML report needs every exchange and a frame after each step; other runs skip recording.
  const recorder: RunRecorder | undefined = flags.html === undefined ? undefined : new (await import('../../report/html/recorder.js')).RunRecorder();
  const progress = progressFor(io, scenario, flags.variant, flags);
  io.limitHeapGrowth?.(RUN_HEAP_GROWING_PERCENT);
  const result = await runScenario(scenario, {
    ...(flags.seed === undefined ? {} : { seed: flags.seed }),
    ...(flags.variant ? { variants: flags.variant } : {}),
    ...(recorder ? recorder.listeners(onTrace) : onTrace ? { onWire: onTrace } : {}),
    ...(progress.onProgress ? { onProgress: progress.onProgress } : {}),
    certificate: keptRunCertificate(io.cache),
  }).finally(() => progress.end());

  const style = makeStyle(flags.color && !flags.json && colorWanted(io.stdout, io.env), outputWidth(io, flags.width));
  let report: string;
  if (flags.explain !== undefined) {
    const subjects = deliveredSubjects(result);
    if (!subjects.includes(flags.explain)) {
      throw new UsageError(withSuggestion(`--explain: no message with subject "${flags.explain}"`, flags.explain, subjects) + ` (subjects: ${subjects.map((s) => `"${s}"`).join(', ')})`);
    }
    report = flags.json ? (await import('../../report/explain-json.js')).renderExplainJson(result, flags.explain, VERSION) : renderExplain(result, flags.explain, style);
  } else if (flags.json) report = (await import('../../report/json.js')).renderJson(result, VERSION, recorder);
  else if (flags.quiet) report = renderFailuresOnly(result, style);
  else report = renderRun(result, { style, timeline: flags.timeline, ...(flags.maxRows === undefined ? {} : { maxRows: flags.maxRows }) });

  if (flags.trace && !flags.traceFile) {
    // With --json, stdout holds only the JSON document.
    if (flags.json) io.stderr.write(`\n${renderTrace(trace)}`);
    else report += `\n${renderTrace(trace)}`;
  }
  // All of stdout at once, through $PAGER when it is taller than the terminal (pager.ts).
  await writePaged(io, report, flags);

  if (flags.junit) await writeOutput(io, flags.junit, (await import('../../report/junit.js')).renderJunit(result), '--junit');
  if (flags.html !== undefined) {
    const [{ renderHtml }, { toJsonDocument }] = await Promise.all([import('../../report/html/render.js'), import('../../report/json.js')]);
    const html = renderHtml(toJsonDocument(result, VERSION, recorder), flags.explain === undefined ? {} : { explain: flags.explain });
    await writeOutput(io, flags.html, html, '--html');
    if (flags.open) await openInBrowser(path.resolve(io.cwd, flags.html), io);
  }
  if (flags.traceFile) await writeOutput(io, flags.traceFile, renderTrace(trace), '--trace-file');
  return countFailures(result) > 0 ? EXIT.EXPECTATION_FAILED : EXIT.OK;
}

async function writeOutput(io: CliIO, target: string, text: string, flag: string): Promise<void> {
  try {
    await writeFile(path.resolve(io.cwd, target), text);
  } catch (error) {
    throw new UsageError(`${flag} ${target}: cannot write: ${(error as Error).message}`);
  }
}
