import type { RunProgress } from '../scenario/runner.js';
import type { Scenario } from '../scenario/types.js';
import { estimateWork, variantWork } from '../scenario/workload.js';
import { formatDuration } from '../sim/duration.js';
import { groupDigits } from '../text/numbers.js';
import { plural } from '../text/plural.js';
import { UsageError } from './errors.js';
import type { CliIO } from './io.js';
import { ProgressLine } from './progress.js';

/**
 * Most events a run may take without --max-events: about a minute of work at the ~1 ms an event
 * costs (a poll's protocol round trips on 127.0.0.1 plus every device settling). Every built-in
 * needs under 5,000; `checkEvery: 1s` with `advance: 100000d` needs billions, which used to run
 * for hours with no output.
 */
export const DEFAULT_MAX_EVENTS = 50_000;

/** Refuses, before anything runs, a run estimated above the limit, saying how big it is and what to do. */
export function refuseLongRun(scenario: Scenario, variants: readonly string[] | undefined, maxEvents: number | undefined, command: string): void {
  const limit = maxEvents ?? DEFAULT_MAX_EVENTS;
  const work = estimateWork(scenario, variants);
  if (work.events <= limit) return;
  const busiest = work.busiest;
  const devices = Math.max(...scenario.variants.map((v) => v.devices.size));
  const why = busiest
    ? `: ${busiest.device}${scenario.variants.length > 1 ? ` (variant ${busiest.variant})` : ''} checks mail every ${busiest.every} for the ${formatDuration(work.span)} the advance steps cover (${groupDigits(busiest.polls)} ${busiest.polls === 1 ? 'check' : 'checks'}), and each check lets ${plural(devices, 'device')} settle`
    : '';
  throw new UsageError(
    `this run would take about ${groupDigits(work.events)} events${why}. That is over the limit of ${groupDigits(limit)} events (about a minute of work).\n` +
      `  to run it anyway: ${command} --max-events ${work.events}\n` +
      `  or make checkEvery longer, or the advance steps shorter`,
  );
}

/**
 * The progress line for a run, when it may be shown: stderr is a terminal, and the output is
 * neither --json (a program reads it) nor --quiet (asked for silence).
 */
export function progressFor(io: CliIO, scenario: Scenario, variants: readonly string[] | undefined, flags: { json?: boolean; quiet?: boolean }): { onProgress?: (p: RunProgress) => void; end(): void } {
  if (io.stderr.isTTY !== true || flags.json || flags.quiet) return { end: () => undefined };
  const line = new ProgressLine(io.stderr, io.wallClock ?? (() => performance.now()), variantWork(scenario, variants), scenario.start);
  return { onProgress: (p) => line.update(p), end: () => line.end() };
}
