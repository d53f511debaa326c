/**
 * One scenario run in a process of its own, for bench/scale: loads the YAML, runs it, renders the
 * text report (as `mailsim run` does), and prints {seconds, peakRssBytes} as JSON on stdout. Its
 * own process, so each size's peak RSS is its own and not the largest of the ones before. Its heap
 * grows as `mailsim run`'s does (heap-growth.ts).
 */
import { loadScenarioFile } from '../../src/scenario/loader.js';
import { runScenario } from '../../src/scenario/runner.js';
import { makeStyle } from '../../src/report/style.js';
import { renderRun } from '../../src/report/text.js';
import { limitHeapGrowth, RUN_HEAP_GROWING_PERCENT } from '../../src/cli/heap-growth.js';

const file = process.argv[2];
if (!file) throw new Error('usage: child.ts <scenario.yaml>');
const start = process.hrtime.bigint();
const scenario = await loadScenarioFile(file);
limitHeapGrowth(RUN_HEAP_GROWING_PERCENT);
const result = await runScenario(scenario);
const report = renderRun(result, { style: makeStyle(false) });
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
process.stdout.write(JSON.stringify({ seconds, peakRssBytes: process.resourceUsage().maxRSS * 1024, reportLines: report.split('\n').length }) + '\n');
